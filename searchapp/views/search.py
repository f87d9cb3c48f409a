"""The search page: results, facets, filters, sort and pages.

Takes a request's query string; gives ``results()``: the dict of
``indexer.search.engine.search`` with every link the page shows added to it
(each facet value's toggle URL, removable filter chips, sort links, page
links, export and trend links, and for an empty result the ways to loosen it
that ``indexer.search.suggest`` finds, with their counts). The HTML page
renders that dict; ``/api/search`` returns it as JSON.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.search import engine as library
from indexer.search import suggest
from indexer.search.params import LIST_FIELDS, Params
from indexer.search.query import QueryError
from searchapp.views.archive import searcher
from searchapp.views.state import params_from, typed_from, url

bp = Blueprint("search", __name__)

SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}


def article_url(article_id: str, p: Params | None = None) -> str:
    """Return an article page's URL, carrying the query so the page can highlight it."""
    pairs = [("q", p.q)] if p and p.q else []
    if p and p.q and p.synonyms:
        pairs.append(("synonyms", "1"))
    return url_for("article.article", article_id=article_id) + ("?" + urlencode(pairs) if pairs else "")


def filter_url(facet: str, value: str) -> str:
    """Return the search URL of every article with one city, county, level, author or column."""
    return url(Params(**{facet: (value,)}))


def _facets(raw: dict, p: Params, endpoint: str) -> dict:
    out = {}
    for name in LIST_FIELDS:
        out[name] = [{**e, "toggle_url": url(p.toggled(name, e["value"]), endpoint)}
                     for e in raw[name]]
    for name in ("year", "month"):
        out[name] = []
        for e in raw[name]:
            period = "" if e["selected"] else e["value"]
            out[name].append({**e, "toggle_url": url(p, endpoint, date_from=period, date_to=period)})
    return out


def _chips(p: Params, endpoint: str) -> list[dict]:
    return [{"kind": kind, "value": value, "remove_url": url(loose, endpoint)}
            for kind, value, loose in suggest.filter_removals(p)]


def _pagination(p: Params, pages: int, endpoint: str) -> dict:
    page = p.page
    items: list[dict] = []
    previous = 0
    for n in sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)}):
        if n - previous > 1:
            items.append({"gap": True})
        items.append({"page": n, "url": url(p, endpoint, page=n), "current": n == page})
        previous = n
    return {
        "links": items if pages > 1 else [],
        "prev_url": url(p, endpoint, page=page - 1) if page > 1 else None,
        "next_url": url(p, endpoint, page=page + 1) if page < pages else None,
    }


def _sorts(p: Params, endpoint: str) -> list[dict]:
    """Sort links; without query words relevance means nothing, so it is not offered."""
    active = p.effective_sort()
    return [{"value": v, "label": label, "selected": v == active, "url": url(p, endpoint, sort=v)}
            for v, label in SORT_LABELS.items() if v != "relevance" or p.has_terms()]


def results(args: MultiDict, endpoint: str = "search.search") -> dict:
    """Run the search a query string asks for; return the result dict with all its links."""
    params = params_from(args)
    s = searcher()
    data = library.search(s, params)
    p = replace(params, page=data["page"])
    data["params"] = p.as_dict()
    for hit in data["hits"]:
        hit["url"] = article_url(hit["id"], p)
        hit["api_url"] = url_for("api.article", article_id=hit["id"])
        hit["links"] = value_links(hit)
    data["facets"] = _facets(data["facets"], p, endpoint)
    data["chips"] = _chips(p, endpoint)
    data["sorts"] = _sorts(p, endpoint)
    data["pagination"] = _pagination(p, data["pages"], endpoint)
    data["links"] = {
        "html": url(p, "search.search"),
        "json": url(p, "api.search"),
        "csv": url(p, "export.csv", page=1),
        "jsonl": url(p, "export.jsonl", page=1),
        "trend": url(p, "trend.trend", page=1, sort="relevance", per_page=library.DEFAULT_PER_PAGE),
        "kwic": url(p.changed(sort="relevance", per_page=library.DEFAULT_PER_PAGE), "kwic.kwic"),
    }
    data["suggestions"] = []
    if data["total"] == 0:
        data["suggestions"] = [{"label": row["label"], "count": row["count"],
                                "url": url(row["params"], endpoint)}
                               for row in suggest.suggestions(s, p)]
    return data


def value_links(record: dict) -> dict:
    """Return the search URL of each city, county, level, author and the column of a record."""
    return {
        "city": {v: filter_url("city", v) for v in record.get("cities", [])},
        "county": {v: filter_url("county", v) for v in record.get("counties", [])},
        "level": {v: filter_url("level", v) for v in record.get("levels", [])},
        "author": {v: filter_url("author", v) for v in record.get("byline", [])},
        "column": {record["column"]: filter_url("column", record["column"])} if record.get("column") else {},
    }




@bp.get("/")
@bp.get("/search")
def search():
    """Show the search page: a landing page at / without parameters, else the results."""
    landing = request.path == "/" and not request.args
    try:
        data = results(request.args)
    except QueryError as error:
        return render_template("search.html", data=None, error=str(error),
                               params=typed_from(request.args).as_dict(), landing=False), 400
    return render_template("search.html", data=data, error=None, params=data["params"],
                           landing=landing)
