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

``FastPool`` keeps postings in memory and sorts them once, in place, instead
of pickling them to disk one at a time (``workers`` cuts segments by size).
Whoosh pickles the codec into the index, so this module's import path must
not move.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter
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


class ArchiveFieldWriter(W3FieldWriter):
    """W3's field writer, fed a term's postings a block at a time."""

    def add_postings(self, schema, lengths, items):
        lastfield = None
        for (fieldname, btext), group in groupby(items, key=_term_key):
            if fieldname != lastfield:
                if lastfield is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfield = fieldname
            self.start_term(btext)
            postings = list(group)
            writer = self._postwriter
            limit = writer._blocklimit
            for start in range(0, len(postings), limit):
                if start:
                    writer._write_block()
                block = postings[start:start + limit]
                writer._ids = [p[2] for p in block]
                writer._weights = [p[3] for p in block]
                writer._values = [p[4] or b"" for p in block if p[4]]
                writer._maxweight = max(writer._weights)
            self.finish_term()
        if lastfield is not None:
            self.finish_field()


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


class FastPool(PostingPool):
    """A posting pool that only appends, and sorts once in place when the segment is written."""

    def add(self, item):
        self.current.append(item)

    def items(self, maxfiles=128):
        self.current.sort()
        return self.current


def fast_writer(writer):
    """Give a Whoosh SegmentWriter the in-memory pool (call before adding documents)."""
    writer.pool = FastPool(writer._tempstorage, writer.newsegment)
    writer.pool.fieldnames = set(writer.schema.names())
    return writer
