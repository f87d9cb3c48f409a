"""The concordance page: every occurrence of a query's terms, in context.

Takes the search page's query string plus ``width`` (characters each side),
``sort`` (``date``, ``left`` or ``right`` context) and ``page``; gives
``kwic_data()``: the dict of ``indexer.search.kwic.concordance`` (the total of
occurrences over the whole result set, the articles that have one, one page of
rows) with each row's article URL and the links of the page. ``/kwic`` renders
it, ``/api/kwic`` returns it, ``/kwic.csv`` and ``/kwic.jsonl`` stream every row.
"""

from __future__ import annotations

import itertools
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.search import export as exporting
from indexer.search import kwic as library
from searchapp.views.archive import searcher
from searchapp.views.downloads import attachment
from searchapp.views.search import article_url
from indexer.search.params import Params
from searchapp.views.state import params_from, typed_from, url

bp = Blueprint("kwic", __name__)

SORT_LABELS = {"date": "按日期", "left": "按左侧语境", "right": "按右侧语境"}


def _options(args: MultiDict) -> tuple[int, str, int, int]:
    return library.check_options(args.get("width"), args.get("sort"), args.get("page"),
                                 args.get("per_page"))


def _state_pairs(state: Params) -> list[tuple[str, str]]:
    return [(k, v) for k, v in state.pairs() if k not in ("sort", "page", "per_page")]


def _url(endpoint: str, state: Params, **extra) -> str:
    pairs = _state_pairs(state) + [(k, str(v)) for k, v in extra.items()
                                   if v not in (None, "") and (k, v) not in
                                   (("width", library.DEFAULT_WIDTH), ("sort", "date"), ("page", 1))]
    return url_for(endpoint) + ("?" + urlencode(pairs) if pairs else "")


def kwic_data(args: MultiDict) -> dict:
    """Return one page of the concordance of a search, with its links."""
    width, sort, page, per_page = _options(args)
    params = params_from(MultiDict([(k, v) for k, v in args.items(multi=True)
                                    if k not in ("sort", "page", "per_page")]))
    state = params
    data = library.concordance(searcher(), params, width, sort, page, per_page)
    for row in data["rows"]:
        row["url"] = article_url(row["id"], state)
    keep = {"width": data["width"], "sort": data["sort"]}
    data["params"] = {**state.as_dict(), "width": data["width"], "sort": data["sort"],
                      "page": data["page"], "per_page": data["per_page"]}
    data["sorts"] = [{"value": v, "label": label, "selected": v == data["sort"],
                      "url": _url("kwic.kwic", state, width=data["width"], sort=v)}
                     for v, label in SORT_LABELS.items()]
    data["pagination"] = {
        "prev_url": _url("kwic.kwic", state, **keep, page=data["page"] - 1) if data["page"] > 1 else None,
        "next_url": _url("kwic.kwic", state, **keep, page=data["page"] + 1)
        if data["page"] < data["pages"] else None,
    }
    data["links"] = {
        "search": url(state, "search.search"),
        "json": _url("api.kwic", state, **keep, page=data["page"]),
        "csv": _url("kwic.kwic_csv", state, **keep),
        "jsonl": _url("kwic.kwic_jsonl", state, **keep),
    }
    return data


@bp.get("/kwic")
def kwic():
    """Show the concordance of a search (an empty query shows the form only)."""
    state = typed_from(request.args)
    if not state.q:
        return render_template("kwic.html", data=None, error=None,
                               params={**state.as_dict(), "width": library.DEFAULT_WIDTH, "sort": "date"})
    data = kwic_data(request.args)  # QueryError: a 400 page (errors.py)
    return render_template("kwic.html", data=data, error=None, params=data["params"])


def _download(fmt: str) -> Response:
    width, sort, _, _ = _options(request.args)
    params = params_from(request.args)
    rows = library.rows(searcher(), params, width, sort)
    first = next(rows, None)  # a query without terms fails here, before the download starts
    everything = [] if first is None else itertools.chain([first], rows)
    lines = exporting.csv_lines(everything, library.FIELDS) if fmt == "csv" \
        else exporting.jsonl_lines(everything)
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return Response((line.encode("utf-8") for line in lines), headers={
        "Content-Type": content_type,
        "Content-Disposition": attachment("kwic", params, fmt),
        "Cache-Control": "no-store",
    })


@bp.get("/kwic.csv")
def kwic_csv():
    """Download every concordance row of a search as CSV."""
    return _download("csv")


@bp.get("/kwic.jsonl")
def kwic_jsonl():
    """Download every concordance row of a search as JSON Lines."""
    return _download("jsonl")
