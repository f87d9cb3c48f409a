"""The folded text of every article, memory-mapped, for confirming exact matches.

Takes, at write time, each article's folded ``title + "\\n" + text``; gives, at
search time, a fast answer to "does this article contain this string?" without
unpickling Whoosh's stored fields. Text is kept as UTF-8; because UTF-8 is
self-synchronising, a byte-string match is exactly a character-string match.

Files are written once and never changed, like Whoosh's segments, so an update
hard-links the live generation's chunks and adds a chunk of its own:

    texts-0003.bin   the UTF-8 texts, one after another
    texts-0003.idx   numpy int64: byte offset of each text, then the end; and each title's length

An article's ``row`` (a numeric column in the index) is chunk << 32 | position.
"""

from __future__ import annotations

import mmap
import re
from array import array
from pathlib import Path

import numpy as np

CHUNK = re.compile(r"^texts-(\d{4})\.bin$")
POSITION_BITS = 32


def _chunks(folder: Path) -> dict[int, Path]:
    return {int(m.group(1)): folder / m.group(0)
            for m in (CHUNK.match(p.name) for p in folder.iterdir()) if m}


class TextStoreWriter:
    """Write folded texts to one new chunk as they come (nothing is held in memory)."""

    def __init__(self, folder: Path, chunk: int | None = None):
        self.folder = folder
        self.chunk = chunk if chunk is not None else max(_chunks(folder), default=-1) + 1
        self.stem = folder / f"texts-{self.chunk:04d}"
        self.file = None  # opened by the first add: a chunk with no text writes no files
        self.offsets = array("q", [0])
        self.title_lengths = array("q")

    def add(self, folded_title: str, folded_text: str) -> int:
        """Add one article's folded title and text; return its row."""
        if self.file is None:
            self.file = open(self.stem.with_suffix(".bin"), "wb")
        title = folded_title.encode("utf-8")
        body = b"\n" + folded_text.encode("utf-8")
        self.file.write(title)
        self.file.write(body)
        self.offsets.append(self.offsets[-1] + len(title) + len(body))
        self.title_lengths.append(len(title))
        return (self.chunk << POSITION_BITS) | (len(self.title_lengths) - 1)

    def close(self) -> None:
        """Finish the chunk: close its text file and write its index (nothing if no text was added)."""
        if self.file is None:
            return
        self.file.close()
        self.file = None
        offsets = np.frombuffer(self.offsets, dtype=np.int64)
        titles = np.append(np.frombuffer(self.title_lengths, dtype=np.int64), 0)
        with open(self.stem.with_suffix(".idx"), "wb") as f:
            np.save(f, np.stack([offsets, titles]), allow_pickle=False)


class TextStore:
    """Read-only access to a generation's folded texts."""

    def __init__(self, folder: Path):
        self.maps: dict[int, mmap.mmap] = {}
        self.offsets: dict[int, np.ndarray] = {}
        self.title_lengths: dict[int, np.ndarray] = {}
        for chunk, path in _chunks(folder).items():
            with open(path, "rb") as f:
                self.maps[chunk] = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if path.stat().st_size else b""
            table = np.load(path.with_suffix(".idx"), allow_pickle=False)
            self.offsets[chunk], self.title_lengths[chunk] = table[0], table[1]

    def contains(self, rows: np.ndarray, needle: str, title_only: bool = False) -> np.ndarray:
        """Return, for each row, whether its folded title (+ text) contains needle."""
        target = needle.encode("utf-8")
        out = np.zeros(len(rows), dtype=bool)
        chunks = rows >> POSITION_BITS
        positions = rows & ((1 << POSITION_BITS) - 1)
        for chunk in np.unique(chunks):
            where = np.flatnonzero(chunks == chunk)
            data, offsets = self.maps[int(chunk)], self.offsets[int(chunk)]
            starts = offsets[positions[where]]
            ends = starts + self.title_lengths[int(chunk)][positions[where]] if title_only \
                else offsets[positions[where] + 1]
            find = data.find
            out[where] = [find(target, int(a), int(b)) >= 0 for a, b in zip(starts, ends)]
        return out

    def text(self, row: int) -> str:
        """Return one row's folded title + newline + text."""
        chunk, position = row >> POSITION_BITS, row & ((1 << POSITION_BITS) - 1)
        offsets = self.offsets[chunk]
        return bytes(self.maps[chunk][offsets[position]:offsets[position + 1]]).decode("utf-8")

    def close(self) -> None:
        """Unmap the files."""
        for data in self.maps.values():
            if isinstance(data, mmap.mmap):
                data.close()
