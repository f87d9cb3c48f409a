"""The article page: full text, metadata, citation, its page and related articles.

Takes an article id (16 lowercase hex digits; anything else is a 404) and the
query it was found with (``?q=``, optional ``synonyms=1``); gives
``article_data()``: what ``indexer.search.article.article_page`` returns (every
stored field, its date as a reader should see it (``date_label``), why it has
its cities, counties and levels (``evidence``, the 标注依据 panel), the other
articles of the same printed page in order, articles like it) with the links
to them and to each city, county, level, author and column, its paragraphs as
HTML with the query marked, and a GB/T 7714 citation. The HTML page renders
that dict; ``/api/article/<id>`` returns it.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from indexer.search import query, synonyms
from indexer.search.article import article_page
from indexer.search.citations import gbt7714 as citation
from indexer.search.params import Params
from indexer.search.query import QueryError
from indexer.search.snippets import highlight
from searchapp.views.archive import searcher
from searchapp.views.search import article_url, value_links
from searchapp.views.state import url

bp = Blueprint("article", __name__)



def highlight_terms(q: str, expand: bool) -> list[str]:
    """Return the folded strings a query looks for (none if it does not parse)."""
    try:
        tree = query.parse(q)
    except QueryError:
        return []
    if expand:
        tree = synonyms.expand(tree, [])
    return [t.text for t in query.positive_terms(tree)]




def article_data(article_id: str, q: str = "", expand: bool = False) -> dict | None:
    """Return the article's fields and everything its page shows, or None if there is none."""
    record = article_page(searcher(), article_id)
    if record is None:
        return None
    needles = highlight_terms(q, expand)
    found_with = Params(q=q, synonyms=expand)
    for row in record["same_page"]:
        row["url"] = article_url(row["id"], found_with)
    for row in record["related"]:
        row["url"] = article_url(row["id"])
    return {
        **record,
        "url": article_url(article_id),
        "query": q,
        "highlight_terms": needles,
        "title_html": highlight(record["title"], needles),
        "paragraphs_html": [highlight(p, needles)
                            for p in record["text"].split("\n") if p.strip()],
        "citation": citation(record, current_app.config["NEWSPAPER"]),
        "newspaper": current_app.config["NEWSPAPER"],
        "links": value_links(record),
        "back_url": url(found_with, "search.search") if q else None,
    }


@bp.get("/article/<article_id>")
def article(article_id: str):
    """Show one article."""
    data = article_data(article_id, request.args.get("q", "").strip(),
                        request.args.get("synonyms", "") == "1")
    if data is None:
        abort(404, description="没有这篇文章：编号不存在，或索引已更新。")
    return render_template("article.html", data=data)
