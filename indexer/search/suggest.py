"""Ways to loosen a search that found nothing, each with how many articles it finds.

Takes an ``ArchiveSearcher`` and the ``Params`` of an empty result; gives a
list of ``{"label", "count", "params"}``, most articles first and only those
that find something: the query without * and ? (there are no wildcards), drop one filter, drop every filter, drop one word of a
query of several words, turn on synonyms. Counting is matching alone (no
ranking, no page of hits), so trying eight ways costs little.
"""

from __future__ import annotations

import re

from indexer.search import engine, query
from indexer.search.params import Params
from indexer.search.query import QueryError
from indexer.storage.reader import ArchiveSearcher

OPERATORS = {"OR", "NOT", "AND"}
QUERY_PARTS = re.compile(r'"[^"]*"|“[^”]*”|\S+')
MAX_SUGGESTIONS = 8
FILTER_KINDS = {"city": "城市", "county": "县区", "level": "级别", "author": "作者", "column": "栏目"}


def date_label(p: Params) -> str:
    """Return the date range as shown on a chip: 2021, or 2021-01 至 最新."""
    if p.date_from and p.date_from == p.date_to:
        return p.date_from
    return f"{p.date_from or '最早'} 至 {p.date_to or '最新'}"


def filter_removals(p: Params) -> list[tuple[str, str, Params]]:
    """Return (kind, value, Params without it) for each filter value that is set."""
    out = [(kind, value, p.toggled(name, value))
           for name, kind in FILTER_KINDS.items() for value in getattr(p, name)]
    if p.date_from or p.date_to:
        out.append(("日期", date_label(p), p.changed(date_from="", date_to="")))
    return out


def fewer_terms(p: Params) -> list[tuple[str, Params]]:
    """Return (dropped part, Params without it) for each part of a query of several parts."""
    parts = QUERY_PARTS.findall(p.q)
    words = [i for i, part in enumerate(parts) if part not in OPERATORS]
    if len(words) < 2:
        return []
    out = []
    for i in words:
        rest = " ".join(part for j, part in enumerate(parts) if j != i)
        try:
            query.parse(rest)
        except QueryError:
            continue
        out.append((parts[i], p.changed(q=rest)))
    return out


def suggestions(s: ArchiveSearcher, p: Params, limit: int = MAX_SUGGESTIONS) -> list[dict]:
    """Return ways to loosen the search, most articles first, those that find nothing left out."""
    candidates = []
    plain = p.q.translate({ord(ch): None for ch in engine.WILDCARDS}).strip()
    if plain != p.q.strip() and plain:
        candidates.append((f"没有通配符：查“{plain}”", p.changed(q=plain)))
    candidates += [(f"去掉{kind}“{value}”", loose) for kind, value, loose in filter_removals(p)]
    if len(candidates) > 1:
        candidates.append(("去掉全部筛选", p.without_filters()))
    candidates += [(f"去掉词语“{part}”", loose) for part, loose in fewer_terms(p)]
    if not p.synonyms and p.q:
        candidates.append(("打开同义词扩展", p.changed(synonyms=True)))
    out = []
    for label, loose in candidates[:limit]:
        try:
            found = engine.count(s, loose)
        except QueryError:
            continue
        if found:
            out.append({"label": label, "count": found, "params": loose})
    return sorted(out, key=lambda row: -row["count"])
