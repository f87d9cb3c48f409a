"""Whole-name keyword fields (authors, columns, counties) as arrays over documents.

Takes an open Whoosh reader and a keyword field of the schema; gives a
``KeywordColumn``: every distinct value, and one (document, value) pair per
posting, so that filtering by some values and counting every value over a
result set are numpy operations. Values are matched after folding
(``fold.fold``), so 張光宇 finds 张光宇.

Reading a field walks its term table in every segment, which grows with the
archive times its segments (seconds at 100,000 articles, where every app
process pays it at its first search). So the writer saves each segment's
names once, in ``<segment id>.names.npz`` beside the segment's files
(``write_segment_names``): segments never change, an update hard-links the
file with its segment, and Whoosh deletes it with its segment when segments
are merged (the name matches Whoosh's own pattern of a segment's files).
A segment without the file (an index of 0.2.0, a file system that refused it)
is read from its term table as before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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
    _code_of: dict[str, int] | None = field(default=None, repr=False)

    def mask(self, wanted: list[str]) -> np.ndarray:
        """Return the mask of documents holding any of the wanted values (compared folded)."""
        codes = [c for w in wanted for c in self.folded.get(fold(w).strip(), [])]
        out = np.zeros(self.size, dtype=bool)
        if codes:
            out[self.docs[np.isin(self.codes, codes)]] = True
        return out

    def code_of(self) -> dict[str, int]:
        """Return each value's position in `values` (made once, on first use)."""
        if self._code_of is None:
            self._code_of = {value: code for code, value in enumerate(self.values)}
        return self._code_of

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """Return, for each value, how many documents of the mask hold it."""
        return np.bincount(self.codes[mask[self.docs]], minlength=len(self.values))


NAME_FIELDS = ("byline_names", "column_name", "county_names")


def names_path(folder: Path, segment) -> Path:
    """Return the file of a segment's saved names (``MAIN_<id>.names.npz``)."""
    return Path(folder) / f"{segment.segment_id()}.names.npz"


def write_segment_names(folder: Path, reader) -> int:
    """Save the names of every segment of a generation that has none saved; return how many.

    Call before the generation is published. Written to a temporary file and
    renamed, so a reader never sees half a file.
    """
    written = 0
    for segment_reader, _ in reader.leaf_readers():
        path = names_path(folder, segment_reader.segment())
        if path.exists():
            continue
        arrays = {}
        for name in NAME_FIELDS:
            if name in reader.schema:
                values, docs, codes = field_postings(segment_reader, name)
                arrays[f"{name}.values"] = np.array(values, dtype=str)
                arrays[f"{name}.docs"], arrays[f"{name}.codes"] = docs, codes
        partial = path.with_name(path.name + ".part")
        with open(partial, "wb") as f:
            np.savez(f, **arrays)
        os.replace(partial, path)
        written += 1
    return written


def _segment_names(folder: Path | None, segment_reader, name: str):
    """Return (values, docs, codes) of one segment: saved if the writer saved them, else read."""
    if folder is not None:
        path = names_path(folder, segment_reader.segment())
        if path.exists():
            try:
                with np.load(path, allow_pickle=False) as saved:
                    if f"{name}.values" in saved:
                        return (saved[f"{name}.values"].tolist(), saved[f"{name}.docs"],
                                saved[f"{name}.codes"])
            except (OSError, ValueError):  # unreadable: read the term table instead
                pass
    return field_postings(segment_reader, name)


def keyword_column(reader, name: str, folder: Path | None = None) -> KeywordColumn:
    """Read every term of a keyword field and its postings (empty if the field is absent).

    With the generation's `folder`, each segment's names come from its saved
    file where there is one.
    """
    size = reader.doc_count_all()
    if name not in reader.schema:
        return KeywordColumn(size, [], np.zeros(0, np.int32), np.zeros(0, np.int32))
    codes_of: dict[str, int] = {}
    doc_parts, code_parts = [np.zeros(0, np.int32)], [np.zeros(0, np.int32)]
    for segment_reader, base in reader.leaf_readers():
        local_values, local_docs, local_codes = _segment_names(folder, segment_reader, name)
        to_global = np.array([codes_of.setdefault(v, len(codes_of)) for v in local_values], dtype=np.int32)
        doc_parts.append(np.asarray(local_docs, dtype=np.int32) + np.int32(base))
        code_parts.append(to_global[local_codes] if len(local_codes) else np.zeros(0, np.int32))
    values, docs, codes = list(codes_of), np.concatenate(doc_parts), np.concatenate(code_parts)
    folded: dict[str, list[int]] = {}
    for code, value in enumerate(values):
        folded.setdefault(fold(value).strip(), []).append(code)
    return KeywordColumn(size, values, docs, codes, folded)
