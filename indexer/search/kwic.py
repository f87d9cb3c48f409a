"""Concordance (keyword in context): one row per occurrence of a query's terms.

Takes an ``ArchiveSearcher`` and the search parameters (``engine.Params``);
gives, over the WHOLE result set (never capped), one row per occurrence of
each positive term of the query in an article's text: ``id``, ``date``,
``date_inferred``, ``title``, ``cities``, ``levels``, ``left``, ``match``,
``right`` and ``offset``. ``left + match + right`` is exactly
``text[offset - len(left): offset + len(match) + len(right)]`` of the printed
text, and ``match`` is the text as printed even when the query was folded
(勞模 finds 劳模 and shows 劳模), because occurrences are found in the folded
text (``fold.fold``, the fold the index uses) and read back from the printed
text at the same offsets.

Occurrences of one term do not overlap (they are counted as ``str.count``
counts them); an occurrence found by two terms of an OR is one row. Title-only
terms (``标题:``) and terms under NOT make no rows.

Rows are sorted by date (oldest first, then place in the article), or by the
left or right context, read outwards from the match (the left context
reversed), so recurring phrasings come together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from indexer.fold import fold, fold_with_origins
from indexer.search import query, synonyms
from indexer.search.engine import Params, matching_docnums
from indexer.search.query import QueryError
from indexer.storage.reader import ArchiveSearcher

SORTS = ("date", "left", "right")
DEFAULT_WIDTH = 30
MAX_WIDTH = 300
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 1000
FIELDS = ["id", "date", "date_inferred", "title", "cities", "levels", "left", "match", "right",
          "offset"]


@dataclass(frozen=True)
class Occurrence:
    """Where one match sits: the article's docnum and the printed span."""

    docnum: int
    start: int
    end: int


def _whole(value, default: int, name: str, low: int, high: int) -> int:
    if value is None or str(value).strip() == "":
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise QueryError(f"{name}“{value}”不是整数。") from None
    return min(high, max(low, number))


def check_options(width=DEFAULT_WIDTH, sort="date", page=1, per_page=DEFAULT_PER_PAGE):
    """Return (width, sort, page, per_page) checked and clamped; raise QueryError."""
    sort = (sort or "date").strip().lower()
    if sort not in SORTS:
        raise QueryError(f"排序方式“{sort}”不认识：可选 date（日期）、left（左侧语境）、right（右侧语境）。")
    return (_whole(width, DEFAULT_WIDTH, "语境宽度", 0, MAX_WIDTH), sort,
            _whole(page, 1, "页码", 1, 10**9), _whole(per_page, DEFAULT_PER_PAGE, "每页条数", 1, MAX_PER_PAGE))


def needles(p: Params) -> list[str]:
    """Return the folded strings whose occurrences make rows (positive, not title-only)."""
    tree = query.parse(p.q)
    if p.synonyms:
        tree = synonyms.expand(tree, [])
    terms = [t.text for t in query.positive_terms(tree) if not t.title_only and t.text.strip()]
    return list(dict.fromkeys(terms))


def folded_offsets(text: str) -> tuple[str, list[int]]:
    """Return the folded text and each folded character's printed offset."""
    return fold_with_origins(text)


def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Return the printed (start, end) of every occurrence of the folded terms in text."""
    folded, where = folded_offsets(text)
    found: set[tuple[int, int]] = set()
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            end = start + len(term)
            found.add((where[start], where[end - 1] + 1))
            start = folded.find(term, end)
    return sorted(found)


def result_docnums(s: ArchiveSearcher, p: Params):
    """Return the docnums of the result set, oldest first (undated last)."""
    return matching_docnums(s, replace(p, sort="oldest", page=1))


def occurrences(s: ArchiveSearcher, p: Params, docnums=None) -> Iterator[tuple[Occurrence, dict]]:
    """Yield every occurrence in the result set, by date, with its article's stored fields."""
    terms = needles(p)
    if not terms:
        raise QueryError("索引行（KWIC）需要至少一个检索词，例如：劳模。")
    if docnums is None:
        docnums = result_docnums(s, p)
    for docnum in docnums:
        fields = s.stored(int(docnum))
        for start, end in spans(fields.get("text") or "", terms):
            yield Occurrence(int(docnum), start, end), fields


def _list(value) -> list[str]:
    return value.split(",") if value else []


def row(fields: dict, occ: Occurrence, width: int) -> dict:
    """Return the concordance row of one occurrence."""
    text = fields.get("text") or ""
    return {
        "id": fields["id"],
        "date": fields.get("date"),
        "date_inferred": bool(fields.get("date_inferred")),
        "date_precision": fields.get("date_precision") or "day",
        "title": fields.get("title") or "",
        "cities": _list(fields.get("cities")),
        "levels": _list(fields.get("levels")),
        "left": text[max(0, occ.start - width):occ.start],
        "match": text[occ.start:occ.end],
        "right": text[occ.end:occ.end + width],
        "offset": occ.start,
    }


def _sort_key(sort: str, text: str, occ: Occurrence, width: int):
    span = max(width, 1)
    if sort == "left":
        return text[max(0, occ.start - span):occ.start][::-1], fold(text[occ.start:occ.end])
    return fold(text[occ.start:occ.end]), text[occ.end:occ.end + span]


def rows(s: ArchiveSearcher, p: Params, width: int = DEFAULT_WIDTH, sort: str = "date") -> Iterator[dict]:
    """Yield every concordance row of the result set in the asked order (for exports)."""
    width, sort, _, _ = check_options(width, sort)
    if sort == "date":
        for occ, fields in occurrences(s, p):
            yield row(fields, occ, width)
        return
    keyed = []
    for n, (occ, fields) in enumerate(occurrences(s, p)):
        keyed.append((_sort_key(sort, fields.get("text") or "", occ, width), n, occ))
    keyed.sort(key=lambda k: (k[0], k[1]))
    current, fields = None, {}
    for _, _, occ in keyed:
        if occ.docnum != current:
            current, fields = occ.docnum, s.stored(occ.docnum)
        yield row(fields, occ, width)


def concordance(s: ArchiveSearcher, p: Params, width=DEFAULT_WIDTH, sort="date", page=1,
                per_page=DEFAULT_PER_PAGE) -> dict:
    """Return one page of rows, with the total of occurrences and of articles that have one."""
    width, sort, page, per_page = check_options(width, sort, page, per_page)
    docnums = result_docnums(s, p)
    keyed, articles = [], set()
    for n, (occ, fields) in enumerate(occurrences(s, p, docnums)):
        key = _sort_key(sort, fields.get("text") or "", occ, width) if sort != "date" else ()
        keyed.append((key, n, occ))
        articles.add(occ.docnum)
    if sort != "date":
        keyed.sort(key=lambda k: (k[0], k[1]))
    total = len(keyed)
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    chosen = keyed[(page - 1) * per_page: page * per_page]
    cache: dict[int, dict] = {}
    out = []
    for _, _, occ in chosen:
        if occ.docnum not in cache:
            cache[occ.docnum] = s.stored(occ.docnum)
        out.append(row(cache[occ.docnum], occ, width))
    return {
        "query": p.q,
        "terms": needles(p),
        "occurrences": total,
        "articles": len(articles),
        "matched_articles": len(docnums),
        "width": width,
        "sort": sort,
        "page": page,
        "per_page": per_page,
        "pages": pages,
        "rows": out,
    }
