"""Find the articles a query matches: exact strings, filters, AND/OR/NOT.

Takes an ``ArchiveSearcher`` and a query tree (``query.parse``); gives a boolean
array over document numbers. A term of one or two characters is read straight
from the ``grams`` posting lists; a longer term takes the documents holding all
of its character pairs as candidates and keeps those whose folded text really
contains the string. So a term matches exactly where the string occurs, and
only there, whatever jieba made of the text.
"""

from __future__ import annotations

import numpy as np

from indexer.storage.analysis import grams
from indexer.search.query import And, Everything, Filter, Not, Or, Term
from indexer.storage.schema import CITIES, LEVELS, day_number
from indexer.storage.reader import ArchiveSearcher


def _docs_with_all(s: ArchiveSearcher, field: str, keys: list[str]) -> np.ndarray:
    """Return a mask of documents holding every gram in keys (rarest first)."""
    mask = s.live.copy()
    for key in sorted(keys, key=lambda k: s.doc_frequency(field, k)):
        ids, _ = s.postings(field, key)
        hit = np.zeros(s.size, dtype=bool)
        hit[ids] = True
        mask &= hit
        if not mask.any():
            break
    return mask


def term_mask(s: ArchiveSearcher, term: Term) -> np.ndarray:
    """Return the mask of documents whose title (or title and text) contain the term."""
    text = term.text
    field = "title_grams" if term.title_only else "grams"
    keys = [g for g in grams(text) if len(g) == 2] or [g for g in grams(text)]
    if not keys:  # only spaces
        return s.live.copy()
    mask = _docs_with_all(s, field, keys)
    if len(text) <= 2 and " " not in text:
        return mask  # the gram is the string itself
    candidates = np.flatnonzero(mask)
    mask[candidates[~s.contains(candidates, text, term.title_only)]] = False
    return mask


KEYWORD_FIELDS = {"author": "byline_names", "column": "column_name", "county": "county_names"}


def names_mask(s: ArchiveSearcher, facet: str, values) -> np.ndarray:
    """Return the mask of live documents with any of the authors, columns or counties given."""
    return s.keywords(KEYWORD_FIELDS[facet]).mask(list(values)) & s.live


def filter_mask(s: ArchiveSearcher, node: Filter) -> np.ndarray:
    """Return the mask of documents with a city, county, level, author, column, or a date in a range."""
    if node.facet == "city":
        return s.city_bits[CITIES.index(node.value)] & s.live
    if node.facet == "level":
        return s.level_bits[LEVELS.index(node.value)] & s.live
    if node.facet in KEYWORD_FIELDS:
        return names_mask(s, node.facet, [node.value])
    first, last = node.value
    return (s.day >= day_number(first)) & (s.day <= day_number(last)) & s.live


def evaluate(s: ArchiveSearcher, node) -> np.ndarray:
    """Return the mask of live documents matching a query tree."""
    if isinstance(node, Everything):
        return s.live.copy()
    if isinstance(node, Term):
        return term_mask(s, node)
    if isinstance(node, Filter):
        return filter_mask(s, node)
    if isinstance(node, Not):
        return s.live & ~evaluate(s, node.item)
    if isinstance(node, And):
        # Positive parts first, so NOT only trims what they found.
        mask = s.live.copy()
        for item in sorted(node.items, key=lambda i: isinstance(i, Not)):
            mask &= evaluate(s, item)
            if not mask.any():
                break
        return mask
    if isinstance(node, Or):
        mask = np.zeros(s.size, dtype=bool)
        for item in node.items:
            mask |= evaluate(s, item)
        return mask
    raise TypeError(f"unknown query node {node!r}")
