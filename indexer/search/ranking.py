"""Rank matched articles: BM25F over jieba words, the headline weighted above the body.

Takes an ``ArchiveSearcher``, the document numbers that matched and the query's
strings; gives one score per document. The query's words are the indexed jieba
words that occur inside its strings (every substring of up to MAX_WORD
characters that the index holds as a word): jieba's search-mode segmentation
of the articles, applied to the query through the index's own vocabulary, so
the app never loads jieba's dictionary to rank. Each word's frequency in the
headline and in the body, each normalised by its field's length, is combined
before the BM25 saturation (BM25F). Matching never depends on these words;
only order does.
"""

from __future__ import annotations

import math

import numpy as np

from indexer.storage.analysis import is_wordlike
from indexer.storage.schema import TITLE_BOOST
from indexer.storage.reader import ArchiveSearcher

K1 = 1.2
B = {"title_words": 0.5, "body_words": 0.75}
BOOST = {"title_words": TITLE_BOOST, "body_words": 1.0}


MAX_WORD = 8  # longer jieba words are rare; this bounds the lookups per term
MAX_LOOKUPS = 2000


def query_words(s: ArchiveSearcher, strings: list[str]) -> list[str]:
    """Return the distinct indexed words found inside the query's (folded) strings."""
    found: dict[str, None] = {}
    lookups = 0
    for text in strings:
        shortest = 1 if len(text) == 1 else 2  # single characters only rank a one-character query
        for i in range(len(text)):
            for j in range(i + shortest, min(len(text), i + MAX_WORD) + 1):
                word = text[i:j]
                lookups += 1
                if lookups > MAX_LOOKUPS:
                    return list(found)
                if word not in found and is_wordlike(word) and s.has_word(word):
                    found[word] = None
    return list(found)


def bm25f(s: ArchiveSearcher, docnums: np.ndarray, strings: list[str]) -> np.ndarray:
    """Return a BM25F score for each of docnums (0 where no query word occurs)."""
    return bm25f_words(s, docnums, query_words(s, strings))


def bm25f_words(s: ArchiveSearcher, docnums: np.ndarray, words: list[str]) -> np.ndarray:
    """Return a BM25F score for each of docnums over the given indexed words."""
    scores = np.zeros(len(docnums), dtype=np.float64)
    if not len(docnums):
        return scores
    where = np.full(s.size, -1, dtype=np.int64)
    where[docnums] = np.arange(len(docnums))
    for word in words:
        tf = np.zeros(len(docnums), dtype=np.float64)
        for field in ("title_words", "body_words"):
            ids, freqs = s.postings(field, word, with_weights=True)
            if not len(ids):
                continue
            slots = where[ids]
            keep = slots >= 0
            slots, ids, freqs = slots[keep], ids[keep], freqs[keep]
            lengths = s.lengths[field][ids]
            norm = 1 - B[field] + B[field] * lengths / max(s.avg_length[field], 1e-9)
            tf[slots] += BOOST[field] * freqs / np.maximum(norm, 1e-9)
        # Articles holding the word in headline or body: nearly every headline
        # word is in its body too, so the larger of the two counts stands for both.
        df = max(s.doc_frequency("title_words", word), s.doc_frequency("body_words", word))
        if not df:
            continue
        idf = math.log(1 + max(s.count - df, 0) / (df + 0.5) + 0.5 / (df + 0.5))
        scores += idf * tf / (K1 + tf)
    return scores
