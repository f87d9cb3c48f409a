"""The trend page: how many matching articles each month (or year), drawn as SVG.

Takes the same query string as the search page, plus ``by=month|year``; gives
``trend_data()``: for every period from the first to the last match, the
number of matching articles, the number of all articles in the archive in that
period (the denominator, whatever the filters), their share, and the search
URL of that period; with the bar geometry of two server-side SVG charts
(count and share), so the page needs no script. ``/api/trend`` returns it.
"""

from __future__ import annotations

import math

import numpy as np
from flask import Blueprint, render_template, request
from werkzeug.datastructures import MultiDict

from indexer.search.query import QueryError
from indexer.search.engine import matching_docnums
from searchapp.views.archive import searcher
from searchapp.views.state import State

bp = Blueprint("trend", __name__)

BY_LABELS = {"month": "按月", "year": "按年"}
WIDTH, HEIGHT = 960, 240  # SVG user units; CSS scales the chart to the page
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 30
MIN_LABEL_GAP = 64  # user units between two x-axis labels


def _period_values(first: int, last: int, by: str) -> list[int]:
    if by == "year":
        return list(range(first, last + 1))
    values, value = [], first
    while value <= last:
        values.append(value)
        year, month = divmod(value, 100)
        value = (year + 1) * 100 + 1 if month == 12 else value + 1
    return values


def _label(value: int, by: str) -> str:
    return str(value) if by == "year" else f"{value // 100}-{value % 100:02d}"


def _axis_top(value: float, whole: bool) -> float:
    """Return a round axis maximum >= value whose quarter steps are round (whole if asked)."""
    if value <= 0:
        return 4.0 if whole else 1.0
    quarter = value / 4
    scale = 10 ** math.floor(math.log10(quarter))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = m * scale
        if step >= quarter and (not whole or step == int(step)):
            return step * 4
    return math.ceil(quarter) * 4


def chart(rows: list[dict], key: str, percent: bool) -> dict:
    """Return the geometry of a bar chart of rows[key]: bars, y ticks and x labels."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    scale = 100.0 if percent else 1.0
    top = _axis_top(max((r[key] * scale for r in rows), default=0), whole=not percent)
    band = plot_w / max(1, len(rows))
    stride = max(1, math.ceil(MIN_LABEL_GAP / band))
    bars, labels = [], []
    for i, r in enumerate(rows):
        h = plot_h * r[key] * scale / top
        x = LEFT + i * band
        bars.append({"x": round(x + band * 0.1, 2), "w": round(max(band * 0.8, 1.0), 2),
                     "y": round(TOP + plot_h - h, 2), "h": round(h, 2), "url": r["url"],
                     "title": f"{r['period']}：{r['count']} 篇，占同期全部 {r['archive']} 篇的 "
                              f"{r['share'] * 100:.1f}%"})
        if i % stride == 0:
            labels.append({"x": round(x + band / 2, 2), "text": r["period"]})
    ticks = []
    for i in range(5):
        value = top * i / 4
        text = f"{value:g}%" if percent else f"{value:g}"
        ticks.append({"y": round(TOP + plot_h - plot_h * i / 4, 2), "text": text})
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
            "baseline": TOP + plot_h, "label_y": HEIGHT - 8, "bars": bars, "ticks": ticks,
            "labels": labels}


def trend_data(args: MultiDict) -> dict:
    """Count the matching articles per period; return rows, totals, links and chart geometry."""
    by = args.get("by", "month").strip() or "month"
    if by not in BY_LABELS:
        raise QueryError(f"统计单位“{by}”不认识：可选 month（按月）或 year（按年）。")
    params = State.from_args(args).params()
    state = State.from_params(params)
    s = searcher()
    docnums = matching_docnums(s, params)
    values = s.month if by == "month" else s.year
    found = values[docnums]
    dated = found[found > 0]
    archive = values[s.live]
    rows = []
    if len(dated):
        counts = dict(zip(*np.unique(dated, return_counts=True)))
        totals = dict(zip(*np.unique(archive[archive > 0], return_counts=True)))
        for value in _period_values(int(dated.min()), int(dated.max()), by):
            label = _label(value, by)
            count, whole = int(counts.get(value, 0)), int(totals.get(value, 0))
            rows.append({"period": label, "count": count, "archive": whole,
                         "share": round(count / whole, 6) if whole else 0.0,
                         "url": state.url("search.search", date_from=label, date_to=label)})
    by_links = [{"value": v, "label": label, "selected": v == by,
                 "url": state.url("trend.trend", extra={"by": v} if v != "month" else None)}
                for v, label in BY_LABELS.items()]
    return {
        "query": state.q,
        "params": state.as_dict(),
        "by": by,
        "total": len(docnums),
        "undated": int(len(found) - len(dated)),
        "denominator": "archive",
        "periods": rows,
        "charts": {"count": chart(rows, "count", False), "share": chart(rows, "share", True)},
        "by_links": by_links,
        "links": {"search": state.url("search.search"),
                  "json": state.url("api.trend", extra={"by": by} if by != "month" else None)},
    }


@bp.get("/trend")
def trend():
    """Show the trend chart of a search."""
    try:
        data = trend_data(request.args)
    except QueryError as error:
        return render_template("trend.html", data=None, error=str(error),
                               params=State.from_args(request.args).as_dict()), 400
    return render_template("trend.html", data=data, error=None, params=data["params"])
