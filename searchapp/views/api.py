"""The JSON twins of the pages: search, article and trend.

Takes the same parameters as the HTML pages; gives the same dicts the pages
render, as JSON. A bad query is ``{"error": message}`` with status 400, an
unknown article ``{"error": message}`` with 404.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from indexer.search.query import QueryError
from searchapp.views import article as article_view
from searchapp.views import kwic as kwic_view
from searchapp.views import search as search_view
from searchapp.views import trend as trend_view

bp = Blueprint("api", __name__, url_prefix="/api")


def _error(message: str, status: int):
    return jsonify({"error": message}), status


@bp.get("/search")
def search():
    """Return a search's results, facets (with toggle URLs) and links as JSON."""
    try:
        return jsonify(search_view.results(request.args, endpoint="api.search"))
    except QueryError as error:
        return _error(str(error), 400)


@bp.get("/article/<article_id>")
def article(article_id: str):
    """Return every field of one article (full text included) and its page's extras."""
    data = article_view.article_data(article_id, request.args.get("q", "").strip(),
                                     request.args.get("synonyms", "") == "1")
    if data is None:
        return _error("没有这篇文章：编号不存在，或索引已更新。", 404)
    return jsonify(data)


@bp.get("/trend")
def trend():
    """Return a search's matches per month (or year, by=year) with their shares."""
    try:
        return jsonify(trend_view.trend_data(request.args))
    except QueryError as error:
        return _error(str(error), 400)


@bp.get("/kwic")
def kwic():
    """Return one page of a search's concordance: every occurrence in context, with totals."""
    try:
        return jsonify(kwic_view.kwic_data(request.args))
    except QueryError as error:
        return _error(str(error), 400)
