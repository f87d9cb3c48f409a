"""The article page: full text, metadata, citation, its page and related articles.

Takes an article id (16 lowercase hex digits; anything else is a 404) and the
query it was found with (``?q=``, optional ``synonyms=1``); gives
``article_data()``: every stored field of the article, its date as a reader
should see it (``date_label``), why it has its cities, counties and levels
(``evidence``, the 标注依据 panel), its paragraphs as HTML
with the query marked, a GB/T 7714 citation, the other articles of the same
printed page in order, and articles like it (Whoosh more-like-this over the
jieba words). The HTML page renders that dict; ``/api/article/<id>`` returns it.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, render_template, request
from whoosh import query as wq

from indexer.search import query, synonyms
from indexer.search.citations import gbt7714 as citation
from indexer.search.query import QueryError
from indexer.search.related import related
from indexer.search.datetext import date_label
from indexer.search.engine import article_record
from indexer.search.evidence import label_evidence
from indexer.storage.reader import ArchiveSearcher
from indexer.search.snippets import highlight
from searchapp.views.archive import searcher
from searchapp.views.search import article_url
from searchapp.views.state import State

bp = Blueprint("article", __name__)

ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
RELATED = 5


def highlight_terms(q: str, expand: bool) -> list[str]:
    """Return the folded strings a query looks for (none if it does not parse)."""
    try:
        tree = query.parse(q)
    except QueryError:
        return []
    if expand:
        tree = synonyms.expand(tree, [])
    return [t.text for t in query.positive_terms(tree)]


def _same_page(s: ArchiveSearcher, source: str, current: str, state: State) -> list[dict]:
    rows = []
    for docnum in s.searcher.docs_for_query(wq.Term("source", source)):
        if not s.live[docnum]:
            continue
        f = s.stored(docnum)
        rows.append({"id": f["id"], "title": f.get("title") or "（无题）", "seq": f.get("seq") or 0,
                     "current": f["id"] == current, "url": article_url(f["id"], state)})
    return sorted(rows, key=lambda r: r["seq"])


def _related(s: ArchiveSearcher, docnum: int, text: str, exclude: set[int]) -> list[dict]:
    if not text.strip():
        return []
    rows = []
    for other in related(s, docnum, text, top=RELATED, exclude=exclude):
        f = s.stored(other)
        rows.append({"id": f["id"], "title": f.get("title") or "（无题）", "date": f.get("date"),
                     "date_inferred": bool(f.get("date_inferred")),
                     "date_precision": f.get("date_precision") or "day",
                     "url": article_url(f["id"], State())})
    return rows


def article_data(article_id: str, q: str = "", expand: bool = False) -> dict | None:
    """Return the article's fields and everything its page shows, or None if there is none."""
    if not ARTICLE_ID.fullmatch(article_id):
        return None
    s = searcher()
    docnum = s.docnum(article_id)
    if docnum is None or not s.live[docnum]:
        return None
    stored = s.stored(docnum)
    record = article_record(stored)
    needles = highlight_terms(q, expand)
    state = State(q=q, synonyms=expand)
    same_page = _same_page(s, record["source"], article_id, state) if record["source"] else []
    return {
        **record,
        "url": article_url(article_id, State()),
        "date_label": date_label(record["date"], record["date_inferred"], record["date_precision"]),
        "evidence": label_evidence(stored),
        "query": q,
        "highlight_terms": needles,
        "title_html": highlight(record["title"], needles),
        "paragraphs_html": [highlight(p, needles)
                            for p in record["text"].split("\n") if p.strip()],
        "citation": citation(record, current_app.config["NEWSPAPER"]),
        "newspaper": current_app.config["NEWSPAPER"],
        "same_page": same_page,
        "related": _related(s, docnum, record["text"], {s.docnum(r["id"]) for r in same_page}),
        "back_url": state.url("search.search") if q else None,
    }


@bp.get("/article/<article_id>")
def article(article_id: str):
    """Show one article."""
    data = article_data(article_id, request.args.get("q", "").strip(),
                        request.args.get("synonyms", "") == "1")
    if data is None:
        abort(404, description="没有这篇文章：编号不存在，或索引已更新。")
    return render_template("article.html", data=data)
