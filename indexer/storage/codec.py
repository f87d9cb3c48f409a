"""A faster way for Whoosh to write segments, with Whoosh's own file format.

Takes nothing new: ``ArchiveCodec`` is Whoosh's W3 codec with three costs of
writing removed, and writes files any W3 reader reads. Measured on a 2,000
article archive, Whoosh spent most of a rebuild in three places:

* a field-length lookup for every posting, only to keep each block's min/max
  length (used by Whoosh's block-skipping score bounds; without it the bounds
  are looser, never wrong): ``length_stats = False`` turns it off;
* a method call with type assertions for every posting: ``add_postings`` here
  collects a term's postings and hands them over a block at a time;
* a pickled, zlib-compressed block for every term, though most character
  pairs occur in a handful of articles: terms with few postings are stored
  inline in the term table. (Whoosh has this feature, but its writer calls
  ``set_inline`` where the terminfo method is ``set_inlined``, so it was never
  usable.)

``FastPool`` keeps postings in memory, grouped by term as they arrive (a
term's document numbers in one array: 4 bytes a posting, 12 with a weight,
instead of a tuple of five objects, ~150 bytes), sorts the terms once, and
hands them to ``ArchiveFieldWriter`` a term at a time; nothing is pickled to
disk one posting at a time. ``workers`` cuts segments at ``FastPool.nbytes``.
Whoosh pickles the codec into the index, so this module's import path must
not move.
"""

from __future__ import annotations

from array import array
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter
from whoosh.formats import Frequency
from whoosh.system import pack_uint
from whoosh.writing import PostingPool

INLINE_LIMIT = 8  # postings stored in the term table itself
BLOCK_LIMIT = 512  # postings per block (W3's default 128): a long list is read in fewer pieces
_term_key = itemgetter(0, 1)


class InliningPostingsWriter(W3PostingsWriter):
    """W3's postings writer with the inline path repaired."""

    def finish_postings(self):
        terminfo = self._terminfo
        if not self.written() and len(self) < self._inlinelimit:
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, self._values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()


class TermGroups:
    """A pool's postings as sorted terms: (field, term bytes, ids, weights or None, values or None).

    Iterating it gives Whoosh's own sorted 5-tuples, so any field writer takes it.
    """

    def __init__(self, groups):
        self.groups = groups

    def __iter__(self):
        for fieldname, btext, ids, weights, values in self.groups:
            for i, docnum in enumerate(ids):
                yield (fieldname, btext, docnum, weights[i] if weights is not None else 1.0,
                       values[i] if values is not None else b"")


class ArchiveFieldWriter(W3FieldWriter):
    """W3's field writer, fed a term's postings a block at a time."""

    def add_postings(self, schema, lengths, items):
        if isinstance(items, TermGroups):
            return self._add_groups(schema, items.groups)
        groups = []
        for (fieldname, btext), group in groupby(items, key=_term_key):
            postings = list(group)
            values = [p[4] or b"" for p in postings]
            groups.append((fieldname, btext, [p[2] for p in postings], [p[3] for p in postings],
                           values if any(values) else None))
            self._add_groups(schema, groups, finish=False)
            groups.clear()
        if self._lastfield is not None:
            self.finish_field()
            self._lastfield = None

    _lastfield = None

    def _add_groups(self, schema, groups, finish: bool = True) -> None:
        for fieldname, btext, ids, weights, values in groups:
            if fieldname != self._lastfield:
                if self._lastfield is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                self._lastfield = fieldname
            fmt = schema[fieldname].format
            # A Frequency posting's value is its frequency (4 bytes): Whoosh reads it
            # when merging segments. Our word fields give none; their weight is it.
            frequencies = isinstance(fmt, Frequency) and fmt.fixed_value_size() == 4
            self.start_term(btext)
            writer = self._postwriter
            limit = writer._blocklimit
            for start in range(0, len(ids), limit):
                if start:
                    writer._write_block()
                block_ids = ids[start:start + limit]
                writer._ids = block_ids
                writer._weights = weights[start:start + limit] if weights is not None \
                    else [1.0] * len(block_ids)
                if values is not None:
                    writer._values = [v for v in values[start:start + limit] if v]
                elif frequencies:
                    writer._values = [pack_uint(int(w)) for w in writer._weights]
                else:
                    writer._values = []
                writer._maxweight = max(writer._weights)
            self.finish_term()
        if finish and self._lastfield is not None:
            self.finish_field()
            self._lastfield = None


class ArchiveCodec(W3Codec):
    """Whoosh's W3 codec, writing faster (see the module docstring)."""

    length_stats = False

    def __init__(self, blocklimit: int = BLOCK_LIMIT, compression: int = 3, inlinelimit: int = INLINE_LIMIT):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def field_writer(self, storage, segment):
        return ArchiveFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                      compression=self._compression, inlinelimit=self._inlinelimit)


TERM_BYTES = 260  # memory of one distinct term in FastPool: key tuple, bytes, dict slot, array
POSTING_BYTES = 4.5  # a document number in an array('I'), with the array's spare room
WEIGHT_BYTES = 9  # a weight in an array('d'), for the terms that have weights other than 1


class FastPool(PostingPool):
    """A posting pool that groups postings by term as they arrive (see the module docstring).

    Document numbers of a term arrive in increasing order (documents are added,
    or segments merged, in docnum order); a term that breaks this is sorted
    when the segment is written.
    """

    def __init__(self, tempstore, segment, **kwargs):
        super().__init__(tempstore, segment, **kwargs)
        self.terms: dict[tuple[str, bytes], array] = {}
        self.weights: dict[tuple[str, bytes], array] = {}  # terms with a weight other than 1.0
        self.values: dict[tuple[str, bytes], list] = {}  # terms with value bytes (none of ours)
        self.unsorted: set = set()
        self.postings = 0
        self.weighted = 0

    def add(self, item):
        fieldname, btext, docnum, weight, value = item
        key = (fieldname, btext)
        ids = self.terms.get(key)
        if ids is None:
            ids = self.terms[key] = array("I")
        elif docnum < ids[-1]:
            self.unsorted.add(key)
        if weight != 1.0 or key in self.weights:
            weights = self.weights.get(key)
            if weights is None:
                weights = self.weights[key] = array("d", [1.0]) * len(ids)
            weights.append(weight)
            self.weighted += 1
        if value or key in self.values:
            self.values.setdefault(key, [b""] * len(ids)).append(value or b"")
        ids.append(docnum)
        self.postings += 1

    def nbytes(self) -> int:
        """Return an estimate of the pool's memory."""
        return int(len(self.terms) * TERM_BYTES + self.postings * POSTING_BYTES
                   + self.weighted * WEIGHT_BYTES)

    def _group(self, key):
        ids, weights, values = self.terms[key], self.weights.get(key), self.values.get(key)
        if key in self.unsorted:
            order = sorted(range(len(ids)), key=ids.__getitem__)
            ids = array("I", (ids[i] for i in order))
            weights = array("d", (weights[i] for i in order)) if weights is not None else None
            values = [values[i] for i in order] if values is not None else None
        return (key[0], key[1], ids, weights, values)

    def items(self, maxfiles=128):
        return TermGroups(self._group(key) for key in sorted(self.terms))

    def iter_postings(self):
        return self.items()


def fast_writer(writer):
    """Give a Whoosh SegmentWriter the in-memory pool (call before adding documents)."""
    writer.pool = FastPool(writer._tempstorage, writer.newsegment)
    writer.pool.fieldnames = set(writer.schema.names())
    return writer
