"""The trend page: several queries (or one query per city) per month or year, on one chart.

Takes the search page's query string with ``q`` repeated for up to six terms,
``by=month|year`` (or ``by=city`` for one term split by city, ``per=year|month``);
gives ``trend_data()``: the plain data of ``indexer.search.trends.trend`` with
the geometry of two server-side SVG line charts (counts and shares; a period
with no article at all in the archive is a gap in the line, not 0 %), the
search URL of each point and the page's links. ``/api/trend`` returns it and
``/trend.csv`` gives every series in long format. No counting happens here.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.search import export as exporting
from indexer.search import trends
from indexer.search.query import QueryError
from searchapp.views.archive import searcher
from searchapp.views.downloads import attachment
from indexer.search.params import Params
from searchapp.views.state import params_from, typed_from, url

bp = Blueprint("trend", __name__)

BY_LABELS = {"month": "按月", "year": "按年", "city": "按城市分列"}
WIDTH, HEIGHT = 960, 260  # SVG user units; CSS scales the chart to the page
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 30
MIN_LABEL_GAP = 64  # user units between two x-axis labels
CHART_SERIES = 6  # lines drawn; the table and CSV hold every series


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


def line_chart(periods: list[str], gaps: list[bool], series: list[dict], key: str,
               percent: bool) -> dict:
    """Return the geometry of a line chart of each series' values[key], broken at gaps."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    scale = 100.0 if percent else 1.0
    values = [[None if v is None else v * scale for v in s[key]] for s in series]
    top = _axis_top(max((v for row in values for v in row if v is not None), default=0),
                    whole=not percent)
    band = plot_w / max(1, len(periods))
    stride = max(1, math.ceil(MIN_LABEL_GAP / band))

    def x(i: int) -> float:
        return round(LEFT + band * (i + 0.5), 2)

    def y(v: float) -> float:
        return round(TOP + plot_h - plot_h * v / top, 2)

    lines = []
    for n, (s, row) in enumerate(zip(series, values)):
        segments, current, dots = [], [], []
        for i, v in enumerate(row):
            if v is None or not s["all_articles"][i]:  # no article at all: a gap, not 0
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            current.append(f"{x(i)},{y(v)}")
            shown = f"{v:.1f}%" if percent else f"{int(v)} 篇"
            dots.append({"x": x(i), "y": y(v), "url": s["urls"][i],
                         "title": f"{s['label']} · {periods[i]}：{shown}"
                                  f"（同期全部 {s['all_articles'][i]} 篇）"})
        if current:
            segments.append(" ".join(current))
        lines.append({"class": f"s{n}", "label": s["label"], "segments": segments, "dots": dots})
    gap_bands = [{"x": round(LEFT + band * i, 2), "w": round(band, 2)} for i, g in enumerate(gaps) if g]
    ticks = [{"y": round(TOP + plot_h - plot_h * i / 4, 2),
              "text": f"{top * i / 4:g}%" if percent else f"{top * i / 4:g}"} for i in range(5)]
    labels = [{"x": x(i), "text": p} for i, p in enumerate(periods) if i % stride == 0]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
            "plot_h": plot_h, "baseline": TOP + plot_h, "label_y": HEIGHT - 8, "lines": lines,
            "gaps": gap_bands, "ticks": ticks, "labels": labels}


def _options(args: MultiDict) -> tuple[list[str], str, str]:
    by = (args.get("by") or "month").strip().lower()
    if by == "city":
        return args.getlist("q"), (args.get("per") or "year"), "city"
    return args.getlist("q"), by, (args.get("split") or "query")


def _base(args: MultiDict):
    """Return the checked filters of the request (the first q stands in for the query)."""
    return params_from(MultiDict([(k, v) for k, v in args.items(multi=True)
                                  if k not in ("by", "per", "split", "sort", "page")]))


def _pairs(state: Params, queries: list[str], by: str, per: str | None = None) -> list[tuple[str, str]]:
    pairs = [("q", q) for q in queries if q]
    pairs += [(k, v) for k, v in state.pairs() if k not in ("q", "sort", "page", "per_page")]
    if by != "month":
        pairs.append(("by", by))
    if per and per != "year":
        pairs.append(("per", per))
    return pairs


def trend_data(args: MultiDict) -> dict:
    """Count each series per period; return the data, the charts and the links."""
    queries, unit, split = _options(args)
    base = _base(args)
    data = trends.trend(searcher(), base, queries, unit, split)
    state = base
    by = "city" if split == "city" else unit
    per = unit if split == "city" else None
    for s in data["series"]:
        point = state.changed(q=s["query"], city=(s["city"],) if s["city"] else state.city)
        s["urls"] = [url(point, "search.search", date_from=p, date_to=p) for p in data["periods"]]
        s["search_url"] = url(point, "search.search")
        s["kwic_url"] = url_for("kwic.kwic") + "?" + urlencode([("q", s["query"])]) if s["query"] else None
    drawn = data["series"][:CHART_SERIES]
    data["charts"] = {"count": line_chart(data["periods"], data["gaps"], drawn, "counts", False),
                      "share": line_chart(data["periods"], data["gaps"], drawn, "shares", True)}
    pairs = _pairs(state, data["queries"], by, per)
    data["by"] = by
    data["params"] = {**state.as_dict(), "q": data["queries"][0], "queries": data["queries"], "by": by}
    data["by_links"] = [{"value": v, "label": label, "selected": v == by,
                         "url": url_for("trend.trend") + "?" + urlencode(
                             _pairs(state, data["queries"][:1] if v == "city" else data["queries"], v))}
                        for v, label in BY_LABELS.items()]
    data["links"] = {"search": url(state.changed(q=data["queries"][0]), "search.search"),
                     "json": url_for("api.trend") + "?" + urlencode(pairs),
                     "csv": url_for("trend.trend_csv") + "?" + urlencode(pairs)}
    data["drawn"] = len(drawn)
    return data


@bp.get("/trend")
def trend():
    """Show the trend chart of one or several queries."""
    try:
        data = trend_data(request.args)
    except QueryError as error:
        typed = typed_from(request.args).as_dict()
        params = {**typed, "queries": request.args.getlist("q")[:trends.MAX_SERIES] or [""],
                  "by": request.args.get("by", "month")}
        return render_template("trend.html", data=None, error=str(error), params=params), 400
    return render_template("trend.html", data=data, error=None, params=data["params"])


@bp.get("/trend.csv")
def trend_csv():
    """Download every series of a trend, one row per series and period."""
    queries, unit, split = _options(request.args)
    base = _base(request.args)
    data = trends.trend(searcher(), base, queries, unit, split)
    lines = exporting.csv_lines(trends.csv_rows(data), trends.CSV_FIELDS)
    return Response((line.encode("utf-8") for line in lines), headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": attachment(f"trend-{'city' if split == 'city' else unit}", base, "csv",
                                          data["queries"]),
        "Cache-Control": "no-store",
    })
