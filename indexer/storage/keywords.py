"""Whole-name keyword fields (authors, columns, counties) as arrays over documents.

Takes an open Whoosh reader and a keyword field of the schema; gives a
``KeywordColumn``: every distinct value, and one (document, value) pair per
posting, so that filtering by some values and counting every value over a
result set are numpy operations. Values are matched after folding
(``fold.fold``), so 張光宇 finds 张光宇.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.fold import fold
from indexer.storage.postings import field_postings


@dataclass
class KeywordColumn:
    """The values of one keyword field and which documents hold each."""

    size: int  # documents in the index (deleted ones included)
    values: list[str]  # distinct values as indexed
    docs: np.ndarray  # document number of each (document, value) pair
    codes: np.ndarray  # position in `values` of each pair
    folded: dict[str, list[int]] = field(default_factory=dict)  # folded value → positions

    def mask(self, wanted: list[str]) -> np.ndarray:
        """Return the mask of documents holding any of the wanted values (compared folded)."""
        codes = [c for w in wanted for c in self.folded.get(fold(w).strip(), [])]
        out = np.zeros(self.size, dtype=bool)
        if codes:
            out[self.docs[np.isin(self.codes, codes)]] = True
        return out

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """Return, for each value, how many documents of the mask hold it."""
        return np.bincount(self.codes[mask[self.docs]], minlength=len(self.values))


def keyword_column(reader, name: str) -> KeywordColumn:
    """Read every term of a keyword field and its postings (empty if the field is absent)."""
    size = reader.doc_count_all()
    if name not in reader.schema:
        return KeywordColumn(size, [], np.zeros(0, np.int32), np.zeros(0, np.int32))
    values, docs, codes = field_postings(reader, name)
    folded: dict[str, list[int]] = {}
    for code, value in enumerate(values):
        folded.setdefault(fold(value).strip(), []).append(code)
    return KeywordColumn(size, values, docs, codes, folded)
