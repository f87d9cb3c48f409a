"""Read Whoosh posting lists into numpy arrays, a block at a time.

Takes an open Whoosh reader, a field and a term; gives the document numbers
(and, for word fields, the term frequencies) of every document holding the
term, as arrays over the whole index. Whoosh's own matchers hand out one
posting per Python call; reading whole blocks is what lets a common term such
as 工会 (in nearly every article) be counted and faceted in milliseconds.
Relies on the block layout of Whoosh's W3 codec (pinned in pyproject.toml),
with the public matcher interface as the fallback for anything else.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher

EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


def _leaf_blocks(matcher: W3LeafMatcher, with_weights: bool):
    ids_parts, weight_parts = [], []
    while True:
        matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        ids = np.asarray(raw_ids, dtype=np.int32)
        if not matcher._byteids:
            ids = np.cumsum(ids, dtype=np.int32)
        ids_parts.append(ids)
        if with_weights:
            if raw_weights is None:
                weight_parts.append(np.ones(len(ids), dtype=np.float32))
            elif isinstance(raw_weights, float):
                weight_parts.append(np.full(len(ids), raw_weights, dtype=np.float32))
            else:
                weight_parts.append(np.asarray(raw_weights, dtype=np.float32))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    ids = np.concatenate(ids_parts)
    weights = np.concatenate(weight_parts) if with_weights else EMPTY_WEIGHTS
    return ids, weights


def _generic(matcher, with_weights: bool):
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        if with_weights:
            weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float32)


def term_postings(reader, field: str, term: str, with_weights: bool = False):
    """Return (docnums, weights) of a term over all segments; deleted documents included."""
    tbytes = term.encode("utf-8")
    fmt = reader.schema[field].format
    id_parts, weight_parts = [], []
    for segment, base in reader.leaf_readers():
        terms = segment._terms
        if (field, tbytes) not in terms:
            continue
        matcher = terms.matcher(field, tbytes, fmt)
        if isinstance(matcher, W3LeafMatcher):
            ids, weights = _leaf_blocks(matcher, with_weights)
        else:
            ids, weights = _generic(matcher, with_weights)
        id_parts.append(ids + np.int32(base))
        weight_parts.append(weights)
    if not id_parts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    return np.concatenate(id_parts), (np.concatenate(weight_parts) if with_weights else EMPTY_WEIGHTS)



def field_postings(reader, field: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Return (terms, docnums, codes) of every posting of a field: codes index into terms.

    Walks each segment's term index once in order (one sequential read, no lookup
    per term), which is what makes reading a field of tens of thousands of names
    (the authors) take a fraction of a second; a name with few postings has them
    in its term-table row (inlined), read without a posting reader. Deleted
    documents included.
    """
    codes_of: dict[str, int] = {}
    id_parts, code_parts = [], []
    few_ids: list[int] = []  # postings stored in the term table itself: most names have few
    few_codes: list[int] = []
    fmt = reader.schema[field].format
    for segment, base in reader.leaf_readers():
        terms = segment._terms
        if hasattr(terms, "items_from") and hasattr(terms, "_codec") and hasattr(terms, "_postfile"):
            items = _same_field(terms.items_from(field, b""), field)
            for tbytes, info in items:
                if getattr(info, "is_inlined", None) and info.is_inlined():
                    ids = info.inlined_postings()[0]
                    code = codes_of.setdefault(tbytes.decode("utf-8"), len(codes_of))
                    few_ids.extend(base + i for i in ids)
                    few_codes.extend([code] * len(ids))
                    continue
                matcher = terms._codec.postings_reader(terms._postfile, info, fmt, term=(field, tbytes))
                ids = _leaf_blocks(matcher, False)[0] if isinstance(matcher, W3LeafMatcher) \
                    else _generic(matcher, False)[0]
                code = codes_of.setdefault(tbytes.decode("utf-8"), len(codes_of))
                id_parts.append(ids + np.int32(base))
                code_parts.append(np.full(len(ids), code, dtype=np.int32))
        else:  # another codec: the public matcher interface, one term at a time
            for text in segment.field_terms(field):
                ids = _generic(segment.postings(field, text), False)[0]
                code = codes_of.setdefault(text, len(codes_of))
                id_parts.append(ids + np.int32(base))
                code_parts.append(np.full(len(ids), code, dtype=np.int32))
    id_parts.append(np.asarray(few_ids, dtype=np.int32))
    code_parts.append(np.asarray(few_codes, dtype=np.int32))
    docs = np.concatenate(id_parts)
    codes = np.concatenate(code_parts)
    return list(codes_of), docs, codes


def _same_field(items, field: str):
    """Yield (term bytes, term info) from a term index walk until the field changes."""
    for (name, tbytes), info in items:
        if name != field:
            return
        yield tbytes, info
