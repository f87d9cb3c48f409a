"""One article with what its page shows: fields, labels, same-page list, related articles.

Takes an ``ArchiveSearcher`` and an article id; gives ``article_page()``, a
plain dict: every stored field (``engine.article_record``), the date as a
reader should see it (``date_label``), why it has its labels (``evidence``),
``same_page`` (the
articles printed on the same page, in their order on it) and ``related``
(articles sharing its key words, see ``related``), or None when there is no
such live article. The web app's article page and ``python -m indexer article
ID`` present it.
"""

from __future__ import annotations

import re

from indexer.search.datetext import date_label, precision_of
from indexer.search.engine import article_record
from indexer.search.evidence import label_evidence
from indexer.search.related import related
from indexer.storage.reader import ArchiveSearcher

ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
RELATED = 5


def same_page(s: ArchiveSearcher, source: str, current: str = "") -> list[dict]:
    """Return the live articles of one page file, in their order on it."""
    ids, _ = s.postings("source", source)
    rows = []
    for docnum in ids:
        if not s.live[docnum]:
            continue
        f = s.stored(docnum)
        rows.append({"id": f["id"], "title": f.get("title") or "（无题）", "seq": f.get("seq") or 0,
                     "current": f["id"] == current})
    return sorted(rows, key=lambda r: r["seq"])


def related_articles(s: ArchiveSearcher, docnum: int, text: str, exclude: set[int],
                     top: int = RELATED) -> list[dict]:
    """Return the articles most like one (those in exclude left out)."""
    if not text.strip():
        return []
    rows = []
    for other in related(s, docnum, text, top=top, exclude=exclude):
        f = s.stored(other)
        precision = precision_of(f.get("date_precision"))
        rows.append({"id": f["id"], "title": f.get("title") or "（无题）", "date": f.get("date"),
                     "date_inferred": bool(f.get("date_inferred")), "date_precision": precision,
                     "date_label": date_label(f.get("date"), bool(f.get("date_inferred")), precision)})
    return rows


def article_page(s: ArchiveSearcher, article_id: str) -> dict | None:
    """Return an article's fields, its same-page list and related articles; None if unknown."""
    if not ARTICLE_ID.fullmatch(article_id or ""):
        return None
    docnum = s.docnum(article_id)
    if docnum is None or not s.live[docnum]:
        return None
    stored = s.stored(docnum)
    record = article_record(stored)
    on_page = same_page(s, record["source"], article_id) if record["source"] else []
    exclude = {d for d in (s.docnum(r["id"]) for r in on_page) if d is not None}
    return {**record,
            "date_label": date_label(record["date"], record["date_inferred"], record["date_precision"]),
            "evidence": label_evidence(stored),
            "same_page": on_page,
            "related": related_articles(s, docnum, record["text"], exclude)}
