"""An open index generation, with what every query needs loaded once.

Takes an index folder; gives an ``ArchiveSearcher``: the Whoosh searcher of the
live generation plus, as numpy arrays over document numbers, which documents
are live, their cities, levels and dates, and their field lengths (for BM25F);
authors, columns and counties are read on first use (``keywords``).
Loading these once per generation is what makes facets and sorting cheap.
``SearcherPool`` keeps one open and swaps in a new one when a rebuild or
update publishes a new generation.

Whoosh's readers are not safe to share between threads (a read is a seek then
a read on one shared file object), so each thread gets its own Whoosh searcher
on first use; the numpy arrays and the text store are read-only and shared.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from indexer.storage import store
from indexer.storage.keywords import KeywordColumn, keyword_column
from indexer.storage.postings import term_postings
from indexer.storage.schema import CITIES, EPOCH, LEVELS, NO_DAY, require_format
from indexer.storage.textstore import TextStore

BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
POSTINGS_CACHE_BYTES = 256 * 1024 * 1024  # posting lists kept in memory per generation


class _LRU(OrderedDict):
    """A thread-safe least-recently-used cache, bounded by a total of `weigh(value)`."""

    def __init__(self, budget: int, weigh=lambda value: 1):
        super().__init__()
        self.budget = budget
        self.weigh = weigh
        self.used = 0
        self.lock = threading.Lock()

    def get_or(self, key, make):
        with self.lock:
            if key in self:
                self.move_to_end(key)
                return self[key]
        value = make()
        with self.lock:
            if key not in self:
                self[key] = value
                self.used += self.weigh(value)
            while self.used > self.budget and len(self) > 1:
                _, old = self.popitem(last=False)
                self.used -= self.weigh(old)
        return value


def _segment_column(segment, name: str, column) -> np.ndarray:
    """Read one segment's numeric column in one go (a W3 column is a big-endian array).

    Our numeric fields are unsigned, so Whoosh's sortable form is the number itself.
    """
    count = segment.doc_count_all()
    values = np.full(count, column._default, dtype=np.uint64)
    perdoc = segment._perdoc
    if perdoc.has_column(name):
        dbfile, offset, length = perdoc._get_column_file(name)
        raw = np.frombuffer(dbfile.get(offset, length), dtype=np.dtype(column._typecode).newbyteorder(">"))
        values[:len(raw)] = raw
    return values.astype(np.int64)


def _column(reader, field: str) -> np.ndarray:
    column = reader.schema[field].column_type
    parts = [_segment_column(s, field, column) for s, _ in reader.leaf_readers()]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _lengths(reader, field: str) -> np.ndarray:
    parts = [BYTE_LENGTHS[_segment_column(s, _lenfield(field), LENGTHS_COLUMN)]
             for s, _ in reader.leaf_readers()]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


class ArchiveSearcher:
    """The live index generation, opened, with per-document values as arrays."""

    def __init__(self, gen: Path):
        require_format(gen)  # an index of another format is refused, never misread
        self.generation = gen.name
        self.folder = gen
        self.index = whoosh_index.open_dir(str(gen))
        self._local = threading.local()
        self._opened: list = []
        self._opened_lock = threading.Lock()
        reader = self.reader
        self.size = reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for segment, base in reader.leaf_readers():
            for docnum in segment.deleted_docs_set or ():
                self.live[base + docnum] = False
        self.count = int(self.live.sum())
        self.city_mask = _column(reader, "city_mask")
        self.level_mask = _column(reader, "level_mask")
        self.day = _column(reader, "day")
        self.row = _column(reader, "row")
        self.texts = TextStore(gen)
        self.city_bits = [(self.city_mask >> i) & 1 == 1 for i in range(len(CITIES))]
        self.level_bits = [(self.level_mask >> i) & 1 == 1 for i in range(len(LEVELS))]
        dated = self.day != NO_DAY
        calendar = (np.datetime64(EPOCH.isoformat(), "D") + (self.day - 1)).astype("datetime64[M]")
        months = calendar.astype(np.int64)  # months since 1970-01
        self.year = np.where(dated, months // 12 + 1970, 0).astype(np.int32)
        self.month = np.where(dated, self.year * 100 + months % 12 + 1, 0).astype(np.int32)
        self.lengths = {f: _lengths(reader, f) for f in ("title_words", "body_words")}
        self.avg_length = {f: float(self.lengths[f][self.live].mean()) if self.count else 1.0
                           for f in self.lengths}
        self._postings = _LRU(POSTINGS_CACHE_BYTES, lambda arrays: sum(a.nbytes for a in arrays))
        self._frequencies = _LRU(500_000)
        self._keywords: dict[str, KeywordColumn] = {}
        self._keywords_lock = threading.Lock()

    @property
    def searcher(self):
        """Return this thread's Whoosh searcher of the generation (opened on first use)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.index.searcher()
            with self._opened_lock:
                self._opened.append(searcher)
        return searcher

    @property
    def reader(self):
        """Return this thread's Whoosh reader of the generation."""
        return self.searcher.reader()

    def postings(self, field: str, term: str, with_weights: bool = False):
        """Return (docnums, weights) of a term, cached for this generation."""
        return self._postings.get_or((field, term, with_weights),
                                     lambda: term_postings(self.reader, field, term, with_weights))

    def keywords(self, field: str) -> KeywordColumn:
        """Return a whole-name field (byline_names, column_name, county_names) as arrays.

        Read on first use and kept for the life of this generation.
        """
        column = self._keywords.get(field)
        if column is None:
            with self._keywords_lock:
                column = self._keywords.get(field)
                if column is None:
                    column = self._keywords[field] = keyword_column(self.reader, field, self.folder)
        return column

    def has_word(self, word: str) -> bool:
        """Tell whether the headline or body word fields hold a word."""
        return bool(self.doc_frequency("body_words", word) or self.doc_frequency("title_words", word))

    def doc_frequency(self, field: str, term: str) -> int:
        """Return how many documents hold a term (cached per generation)."""
        return self._frequencies.get_or((field, term), lambda: self.reader.doc_frequency(field, term))

    def stored(self, docnum: int) -> dict:
        """Return the stored fields of a document."""
        return self.searcher.stored_fields(int(docnum))

    def contains(self, docnums: np.ndarray, needle: str, title_only: bool = False) -> np.ndarray:
        """Return, for each docnum, whether its folded title (and text) contain needle."""
        return self.texts.contains(self.row[docnums], needle, title_only)

    def docnum(self, article_id: str) -> int | None:
        """Return the document number of an article id, or None."""
        return self.searcher.document_number(id=article_id)

    def close(self) -> None:
        """Release the index files."""
        with self._opened_lock:
            for searcher in self._opened:
                searcher.close()
            self._opened.clear()
        self.index.close()
        self.texts.close()


class SearcherPool:
    """Keep one ArchiveSearcher open; swap in a new one after a rebuild or update."""

    def __init__(self, index_dir: Path, check_every: float = 1.0):
        self.index_dir = Path(index_dir)
        self.check_every = check_every
        self._lock = threading.Lock()
        self._current: ArchiveSearcher | None = None
        self._checked = 0.0

    def get(self) -> ArchiveSearcher:
        """Return the searcher of the live generation (raises store.IndexMissing or IndexOutdated)."""
        now = time.monotonic()
        current = self._current
        if current is not None and now - self._checked < self.check_every:
            return current
        with self._lock:
            self._checked = now
            token = store.current_token(self.index_dir)
            if self._current is None or token != self._current.generation:
                gen = store.current(self.index_dir)
                # The old searcher is left to the garbage collector, not closed:
                # a request on another thread may still be reading it.
                self._current = ArchiveSearcher(gen)
            return self._current
