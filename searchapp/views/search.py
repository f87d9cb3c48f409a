"""The search page: results, facets, filters, sort and pages.

Takes a request's query string; gives ``results()``: the dict of
``indexer.search.search`` with every link the page shows added to it (each
facet value's toggle URL and selected state, removable filter chips, sort
links, page links, export and trend links, and for an empty result the ways to
loosen it with how many articles each would find). The HTML page renders that
dict; ``/api/search`` returns it as JSON.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.search import query
from indexer.search import engine as library
from indexer.search.query import QueryError
from searchapp.views.archive import searcher
from searchapp.views.state import State

bp = Blueprint("search", __name__)

SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}
OPERATORS = {"OR", "NOT", "AND"}
QUERY_PARTS = re.compile(r'"[^"]*"|“[^”]*”|\S+')
MAX_SUGGESTIONS = 8


def article_url(article_id: str, state: State) -> str:
    """Return an article page's URL, carrying the query so the page can highlight it."""
    pairs = [("q", state.q)] if state.q else []
    if state.q and state.synonyms:
        pairs.append(("synonyms", "1"))
    return url_for("article.article", article_id=article_id) + ("?" + urlencode(pairs) if pairs else "")


def _facets(raw: dict, state: State, endpoint: str) -> dict:
    out = {}
    for name in ("city", "level"):
        out[name] = [{**e, "toggle_url": state.toggled(name, e["value"]).url(endpoint)}
                     for e in raw[name]]
    for name in ("year", "month"):
        out[name] = []
        for e in raw[name]:
            selected = state.period_selected(e["value"])
            period = "" if selected else e["value"]
            out[name].append({**e, "selected": selected,
                              "toggle_url": state.url(endpoint, date_from=period, date_to=period)})
    return out


def _date_label(state: State) -> str:
    if state.date_from and state.date_from == state.date_to:
        return state.date_from
    return f"{state.date_from or '最早'} 至 {state.date_to or '最新'}"


def _filter_removals(state: State) -> list[tuple[str, str, State]]:
    """Return (kind, value, state without it) for each filter that is set."""
    removals = [("城市", c, state.toggled("city", c)) for c in state.city]
    removals += [("级别", v, state.toggled("level", v)) for v in state.level]
    if state.date_from or state.date_to:
        removals.append(("日期", _date_label(state), state.changed(date_from="", date_to="")))
    return removals


def _chips(state: State, endpoint: str) -> list[dict]:
    return [{"kind": kind, "value": value, "remove_url": loose.url(endpoint)}
            for kind, value, loose in _filter_removals(state)]


def _fewer_terms(state: State) -> list[tuple[str, State]]:
    """Return (dropped part, state without it) for each part of a query of several parts."""
    parts = QUERY_PARTS.findall(state.q)
    words = [i for i, p in enumerate(parts) if p not in OPERATORS]
    if len(words) < 2:
        return []
    out = []
    for i in words:
        rest = " ".join(p for j, p in enumerate(parts) if j != i)
        try:
            query.parse(rest)
        except QueryError:
            continue
        out.append((parts[i], state.changed(q=rest)))
    return out


def _suggestions(state: State, endpoint: str) -> list[dict]:
    """Return ways to loosen an empty result, each with its URL and how many it finds."""
    candidates = [(f"去掉{kind}“{value}”", loose) for kind, value, loose in _filter_removals(state)]
    if len(candidates) > 1:
        candidates.append(("去掉全部筛选", state.changed(city=(), level=(), date_from="", date_to="")))
    candidates += [(f"去掉词语“{part}”", loose) for part, loose in _fewer_terms(state)]
    if not state.synonyms and state.q:
        candidates.append(("打开同义词扩展", state.changed(synonyms=True)))
    out = []
    for label, loose in candidates[:MAX_SUGGESTIONS]:
        try:
            count = len(library.matching_docnums(searcher(), loose.params()))
        except QueryError:
            continue
        out.append({"label": label, "url": loose.url(endpoint), "count": count})
    return sorted((s for s in out if s["count"]), key=lambda s: -s["count"])


def _pagination(state: State, pages: int, endpoint: str) -> dict:
    page = state.page
    items: list[dict] = []
    previous = 0
    for n in sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)}):
        if n - previous > 1:
            items.append({"gap": True})
        items.append({"page": n, "url": state.url(endpoint, page=n), "current": n == page})
        previous = n
    return {
        "links": items if pages > 1 else [],
        "prev_url": state.url(endpoint, page=page - 1) if page > 1 else None,
        "next_url": state.url(endpoint, page=page + 1) if page < pages else None,
    }


def results(args: MultiDict, endpoint: str = "search.search") -> dict:
    """Run the search a query string asks for; return the result dict with all its links."""
    params = State.from_args(args).params()
    data = library.search(searcher(), params)
    state = replace(State.from_params(params), page=data["page"])
    data["params"] = state.as_dict()
    for hit in data["hits"]:
        hit["url"] = article_url(hit["id"], state)
        hit["api_url"] = url_for("api.article", article_id=hit["id"])
    data["facets"] = _facets(data["facets"], state, endpoint)
    data["chips"] = _chips(state, endpoint)
    data["sorts"] = [{"value": v, "label": label, "selected": v == state.sort,
                      "url": state.url(endpoint, sort=v)} for v, label in SORT_LABELS.items()]
    data["pagination"] = _pagination(state, data["pages"], endpoint)
    data["links"] = {
        "html": state.url("search.search"),
        "json": state.url("api.search"),
        "csv": state.url("export.csv", page=1),
        "jsonl": state.url("export.jsonl", page=1),
        "trend": state.url("trend.trend", page=1, sort="relevance", per_page=library.DEFAULT_PER_PAGE),
        "kwic": url_for("kwic.kwic") + "?" + urlencode(
            [(k, v) for k, v in state.pairs() if k not in ("sort", "page", "per_page")]),
    }
    data["suggestions"] = _suggestions(state, endpoint) if data["total"] == 0 else []
    return data


@bp.get("/")
@bp.get("/search")
def search():
    """Show the search page: a landing page at / without parameters, else the results."""
    landing = request.path == "/" and not request.args
    try:
        data = results(request.args)
    except QueryError as error:
        state = State.from_args(request.args)
        return render_template("search.html", data=None, error=str(error),
                               params=state.as_dict(), landing=False), 400
    return render_template("search.html", data=data, error=None, params=data["params"],
                           landing=landing)
