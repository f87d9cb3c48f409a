"""Articles related to an article: more like this, scored like a search.

Takes an ``ArchiveSearcher`` and an article; gives the document numbers of the
articles that share most of its key words. The key words are the article's
jieba words with the highest tf-idf (two characters or more); every article
holding any of them is scored with the same BM25F as a search. (Whoosh's own
``more_like`` scores candidates one Python call at a time: over a second per
article at 100,000 articles.)
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from indexer.storage.analysis import words
from indexer.search.ranking import bm25f_words
from indexer.storage.reader import ArchiveSearcher

KEY_WORDS = 12


def key_words(s: ArchiveSearcher, text: str, count: int = KEY_WORDS) -> list[str]:
    """Return the article's `count` words with the highest tf-idf."""
    tf = Counter(w for w, _, _ in words(text) if len(w) >= 2)
    weighted = []
    for word, n in tf.items():
        df = s.doc_frequency("body_words", word)
        if df and df < s.count / 2:  # a word in half the archive says nothing about relatedness
            weighted.append((n * math.log(s.count / df), word))
    return [w for _, w in sorted(weighted, reverse=True)[:count]]


def related(s: ArchiveSearcher, docnum: int, text: str, top: int = 5,
            exclude: set[int] | None = None) -> list[int]:
    """Return up to `top` docnums of the articles most like this one (itself and `exclude` left out)."""
    keys = key_words(s, text)
    if not keys:
        return []
    holders = [s.postings("body_words", w)[0] for w in keys] + [s.postings("title_words", w)[0] for w in keys]
    candidates = np.unique(np.concatenate(holders))
    candidates = candidates[s.live[candidates]]
    left_out = {int(docnum)} | set(exclude or ())
    candidates = candidates[~np.isin(candidates, list(left_out))]
    if not len(candidates):
        return []
    scores = bm25f_words(s, candidates, keys)
    best = np.argsort(-scores, kind="stable")[:top]
    return [int(candidates[i]) for i in best if scores[i] > 0]
