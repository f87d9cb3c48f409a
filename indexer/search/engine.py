"""The search API: one call from query text and filters to a plain result dict.

Takes an ``ArchiveSearcher`` and the ``Params`` a user sets (query, filters,
date range, sort, page, synonyms; see ``params``); gives a dict with the total,
one page of hits with highlighted snippets, facet counts over the whole result
set (each facet counted without its own filter, see ``facets``) and the time
taken. The web app and the command line both present this dict.
Bad parameters raise ``QueryError`` with a message that says what to fix.
"""

from __future__ import annotations

import time

import numpy as np

from indexer.search import facets, matching, query, ranking, snippets, synonyms
from indexer.search.datetext import date_label, precision_of
from indexer.search.params import (DEFAULT_PER_PAGE, LIST_FIELDS, MAX_PER_PAGE, SORTS,  # noqa: F401
                                   Params, parse_params)
from indexer.search.query import QueryError  # noqa: F401  (callers catch it from here)
from indexer.storage.reader import ArchiveSearcher

WILDCARDS = "*?？＊"


def _result_mask(s: ArchiveSearcher, p: Params):
    """Return (tree, result mask, query-text mask, filter masks, synonyms added)."""
    tree = query.parse(p.q)
    added: list[str] = []
    if p.synonyms:
        tree = synonyms.expand(tree, added)
    base = matching.evaluate(s, tree)
    masks = facets.filter_masks(s, p)
    return tree, facets.apply(base, masks), base, masks, added


def notices(tree) -> list[str]:
    """Return what the user should know about how the query was read (wildcards, …)."""
    out = []
    starred = [t.display or t.text for t in query.positive_terms(tree)
               if any(ch in t.text for ch in WILDCARDS)]
    if starred:
        stem = starred[0].rstrip(WILDCARDS) or starred[0]
        out.append(f"没有通配符：“{starred[0]}”中的 * 或 ? 按普通字符查找。每个词都按字符串在文中任意位置匹配，"
                   f"直接搜“{stem}”就能找到所有含“{stem}”的文章。")
    return out


def ordered(s: ArchiveSearcher, mask: np.ndarray, tree, sort: str,
            first: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return the matching docnums in the requested order, with their relevance scores.

    With `first`, only that many leading results are put in order (enough for a page).
    """
    docnums = np.flatnonzero(mask)
    strings = [t.text for t in query.positive_terms(tree)]
    if sort == "relevance" and strings:
        scores = ranking.bm25f(s, docnums, strings)
    else:
        scores = np.zeros(len(docnums))
    if first is not None and first < len(docnums) // 4:
        keep = _leading(scores, s.day[docnums], sort, first)
        docnums, scores = docnums[keep], scores[keep]
    days = s.day[docnums]
    undated_last = days == 0
    if sort == "oldest":
        order = np.lexsort((docnums, days, undated_last))
    elif sort == "newest":
        order = np.lexsort((docnums, -days, undated_last))
    else:
        order = np.lexsort((docnums, -days, -scores))
    return docnums[order], scores[order]


def _leading(scores: np.ndarray, days: np.ndarray, sort: str, first: int) -> np.ndarray:
    """Return the positions of a superset of the `first` best results (ties at the cut kept)."""
    if sort == "relevance":
        key = -scores
    elif sort == "newest":
        key = np.where(days == 0, np.inf, -days.astype(np.float64))
    else:
        key = np.where(days == 0, np.inf, days.astype(np.float64))
    cut = np.partition(key, first - 1)[first - 1]
    return np.flatnonzero(key <= cut)


def hit(s: ArchiveSearcher, docnum: int, needles: list[str], score: float = 0.0) -> dict:
    """Return one hit: metadata, highlighted title and snippet."""
    f = s.stored(docnum)
    title, text = f.get("title") or "", f.get("text") or ""
    return {
        "id": f["id"],
        "title": title,
        "title_html": snippets.highlight(title, needles),
        "subtitle": f.get("subtitle") or "",
        "date": f.get("date"),
        "date_inferred": bool(f.get("date_inferred")),
        "date_precision": precision_of(f.get("date_precision")),
        "date_label": date_label(f.get("date"), bool(f.get("date_inferred")),
                                 precision_of(f.get("date_precision"))),
        "cities": (f.get("cities") or "").split(",") if f.get("cities") else [],
        "counties": list(f.get("counties") or []),
        "levels": (f.get("levels") or "").split(",") if f.get("levels") else [],
        "byline": list(f.get("byline") or []),
        "column": f.get("column") or "",
        "source": f.get("source"),
        "page": f.get("page"),
        "snippet": snippets.snippet(text, needles),
        "score": round(float(score), 4),
    }


def search(s: ArchiveSearcher, p: Params) -> dict:
    """Run a search; return total, one page of hits, facets over all hits, and timing."""
    started = time.perf_counter()
    tree, mask, base, masks, added = _result_mask(s, p)
    total = int(np.count_nonzero(mask))
    pages = max(1, -(-total // p.per_page))
    page = min(p.page, pages)
    start = (page - 1) * p.per_page
    docnums, scores = ordered(s, mask, tree, p.sort, first=start + p.per_page)
    needles = [t.text for t in query.positive_terms(tree)]
    hits = [hit(s, d, needles, sc) for d, sc in
            zip(docnums[start:start + p.per_page], scores[start:start + p.per_page])]
    facet_lists, omitted = facets.facet_counts(s, base, masks, p)
    return {
        "query": p.q,
        "total": total,
        "page": page,
        "per_page": p.per_page,
        "pages": pages,
        "sort": p.effective_sort(),
        "params": p.as_dict(),
        "filters": {**{name: list(getattr(p, name)) for name in LIST_FIELDS},
                    "from": p.date_from, "to": p.date_to},
        "synonyms": p.synonyms,
        "expanded_terms": added,
        "highlight_terms": needles,
        "hits": hits,
        "facets": facet_lists,
        "facets_omitted": omitted,
        "undated": facets.undated(s, mask),
        "notices": notices(tree),
        "archive_total": s.count,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def matching_docnums(s: ArchiveSearcher, p: Params) -> np.ndarray:
    """Return every matching docnum, in the requested order (for export and batch counts)."""
    tree, mask, *_ = _result_mask(s, p)
    return ordered(s, mask, tree, p.sort)[0]


def count(s: ArchiveSearcher, p: Params) -> int:
    """Return how many articles Params match (matching alone: no ranking, no hits)."""
    return int(np.count_nonzero(_result_mask(s, p)[1]))


def matching_ids(s: ArchiveSearcher, p: Params) -> list[str]:
    """Return the ids of every matching article, in the requested order."""
    return [s.stored(d)["id"] for d in matching_docnums(s, p)]


def article(s: ArchiveSearcher, article_id: str) -> dict | None:
    """Return every stored field of one article, or None if there is no such id."""
    docnum = s.docnum(article_id)
    if docnum is None:
        return None
    return article_record(s.stored(docnum))


def article_record(f: dict) -> dict:
    """Return an article's export record: every field, under its documented name."""
    return {
        "id": f["id"],
        "title": f.get("title") or "",
        "subtitle": f.get("subtitle") or "",
        "byline": list(f.get("byline") or []),
        "column": f.get("column") or "",
        "org": f.get("org") or "",
        "source": f.get("source"),
        "page": f.get("page"),
        "seq": f.get("seq"),
        "date": f.get("date"),
        "date_inferred": bool(f.get("date_inferred")),
        "date_precision": precision_of(f.get("date_precision")),
        "cities": (f.get("cities") or "").split(",") if f.get("cities") else [],
        "counties": list(f.get("counties") or []),
        "levels": (f.get("levels") or "").split(",") if f.get("levels") else [],
        "text": f.get("text") or "",
    }
