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

Three more costs went in 0.3.0 (profiled on 10,000 articles with py-spy; one
worker's rebuild went from 103 s to 69 s): ``ArchiveWriter`` hands a
document's grams and words to the pool in one call instead of one call per
posting; ``inlined_terminfo`` writes a rare term's row of the term table
directly; ``TermTable`` counts its file position instead of asking the file
twice per term (a system call each). ``tests/test_fast_writer.py`` checks that
the index written is the one Whoosh's stock writer writes.
Whoosh pickles the codec into the index, so this module's import path must
not move.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from functools import partial
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.filedb.filetables import OrderedHashWriter, _lengths as _ROW_LENGTHS
from whoosh.formats import Frequency
from whoosh.system import pack_uint, pack_ushort
from whoosh.writing import PostingPool, SegmentWriter

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


class TermTable(OrderedHashWriter):
    """W3's term table writer, keeping its file position itself.

    Whoosh's asks the file for its position twice per term; on a buffered file
    that is a system call each, a tenth of a rebuild. Everything written to the
    table goes through ``add``, so the position it counts is the file's.
    """

    @classmethod
    def adopt(cls, table: OrderedHashWriter) -> "TermTable":
        """Return a TermTable that carries on from a table just opened by W3FieldWriter."""
        adopted = cls.__new__(cls)
        adopted.__dict__.update(table.__dict__)
        adopted.position = table.dbfile.tell()
        return adopted

    def add(self, key, value):
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        position = self.position
        row = _ROW_LENGTHS.pack(len(key), len(value)) + key + value
        self.dbfile.write(row)
        self.position = position + len(row)
        self.index.append(position)
        h = self.hashfn(key)
        self.buckets[h & 255].append((h, position))
        self.lastkey = key


class ArchiveFieldWriter(W3FieldWriter):
    """W3's field writer, fed a term's postings a block at a time."""

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._tindex = TermTable.adopt(self._tindex)

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
        add_row = self._tindex.add
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
                prefix = pack_ushort(self._fieldid)
                inline_limit = self._postwriter._inlinelimit
            if len(ids) < inline_limit:
                add_row(prefix + btext, inlined_terminfo(ids, weights, values, frequencies))
                continue
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


_TERMINFO = W3TermInfo._struct  # flags, total weight, doc freq, min/max length, max weight, first/last id


def inlined_terminfo(ids, weights, values, frequencies: bool) -> bytes:
    """Return the term-table row of a term whose few postings are stored in the row itself.

    The bytes ``InliningPostingsWriter`` and ``W3TermInfo.to_bytes`` give for the
    same postings (lengths not kept: both length bytes 0), made without a postings
    writer and a term info object per term: most terms of a segment are character
    pairs found in one or two articles. ``tests/test_fast_writer.py`` compares both.
    """
    weights = tuple(weights) if weights is not None else (1.0,) * len(ids)
    if values is not None:
        values = tuple(v for v in values if v)
    elif frequencies:
        values = tuple(pack_uint(int(w)) for w in weights)
    else:
        values = ()
    head = _TERMINFO.pack(1, sum(weights), len(ids), 0, 0, max(weights), ids[0], ids[-1])
    return head + dumps((tuple(ids), weights, values), 2)


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


TERM_BYTES = 190  # memory of one distinct term in FastPool: bytes, dict slot, array (bench/pool_memory.py)
POSTING_BYTES = 4.5  # a document number in an array('I'), with the array's spare room
WEIGHT_BYTES = 9  # a weight in an array('d'), for the terms that have weights other than 1


_new_ids = partial(array, "I")


class FastPool(PostingPool):
    """A posting pool that groups postings by term as they arrive (see the module docstring).

    Postings are kept per field, then per term (bytes): an array of document
    numbers, and an array of weights only for terms with a weight other than
    1.0. Document numbers of a term arrive in increasing order (documents are
    added, or segments merged, in docnum order); a term that breaks this is
    sorted when the segment is written.
    """

    def __init__(self, tempstore, segment, **kwargs):
        super().__init__(tempstore, segment, **kwargs)
        self.fields: dict[str, defaultdict[bytes, array]] = {}
        self.weights: dict[str, dict[bytes, array]] = {}
        self.values: dict[tuple[str, bytes], list] = {}  # terms with value bytes (none of ours)
        self.unsorted: set = set()
        self.postings = 0
        self.weighted = 0

    def _table(self, fieldname: str) -> dict[bytes, array]:
        table = self.fields.get(fieldname)
        if table is None:
            table = self.fields[fieldname] = defaultdict(_new_ids)
            self.weights[fieldname] = {}
        return table

    def _weigh(self, fieldname: str, btext: bytes, position: int, weight: float) -> None:
        weights = self.weights[fieldname]
        column = weights.get(btext)
        if weight != 1.0 or column is not None:
            if column is None:
                column = weights[btext] = array("d", [1.0]) * position
            column.append(weight)
            self.weighted += 1

    def add(self, item):
        """Add one posting (Whoosh's path: fields we do not analyse, and merged segments)."""
        fieldname, btext, docnum, weight, value = item
        table = self._table(fieldname)
        ids = table.get(btext)
        if ids is None:
            ids = table[btext] = array("I")
        elif docnum < ids[-1]:
            self.unsorted.add((fieldname, btext))
        self._weigh(fieldname, btext, len(ids), weight)
        key = (fieldname, btext)
        if value or key in self.values:
            self.values.setdefault(key, [b""] * len(ids)).append(value or b"")
        ids.append(docnum)
        self.postings += 1

    def add_terms(self, fieldname: str, docnum: int, terms: list[bytes], weights=None) -> None:
        """Add one document's postings of a field at once (``ArchiveWriter``'s path).

        `terms` are distinct; `weights` (one per term) None means 1.0 each. The
        document must come after every document added before, as in add_document.
        """
        table = self._table(fieldname)
        for btext in terms:
            table[btext].append(docnum)  # a defaultdict: a new term gets an empty array
        if weights is not None:
            for btext, weight in zip(terms, weights):
                self._weigh(fieldname, btext, len(table[btext]) - 1, weight)
        self.postings += len(terms)

    def nbytes(self) -> int:
        """Return an estimate of the pool's memory."""
        terms = sum(len(table) for table in self.fields.values())
        return int(terms * TERM_BYTES + self.postings * POSTING_BYTES + self.weighted * WEIGHT_BYTES)

    def _group(self, fieldname: str, btext: bytes):
        ids = self.fields[fieldname][btext]
        weights = self.weights[fieldname].get(btext)
        values = self.values.get((fieldname, btext))
        if (fieldname, btext) in self.unsorted:
            order = sorted(range(len(ids)), key=ids.__getitem__)
            ids = array("I", (ids[i] for i in order))
            weights = array("d", (weights[i] for i in order)) if weights is not None else None
            values = [values[i] for i in order] if values is not None else None
        return (fieldname, btext, ids, weights, values)

    def items(self, maxfiles=128):
        return TermGroups(self._group(fieldname, btext) for fieldname in sorted(self.fields)
                          for btext in sorted(self.fields[fieldname]))

    def iter_postings(self):
        return self.items()


class ArchiveWriter(SegmentWriter):
    """Whoosh's segment writer with ``FastPool`` and a bulk path for our analysed fields.

    A field with an ``index_terms(value)`` method (``analysis.GramField`` and
    ``WordField``) gives all of a document's terms at once, and they go to the
    pool in one call; Whoosh's own ``add_document`` makes a tuple and a method
    call for every posting (a third of a rebuild's time). Everything else is
    Whoosh's ``add_document``, line for line; ``tests/test_fast_writer.py``
    checks that both write the same index. Takes no lock: the caller holds
    ``store.writer_lock``.
    """

    def __init__(self, ix, **options):
        super().__init__(ix, _lk=False, codec=ArchiveCodec(), compound=False, **options)
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"ArchiveWriter writes no vectors or spelling words ({name})")
        self.pool = FastPool(self._tempstorage, self.newsegment)
        self.pool.fieldnames = set(self.schema.names())

    def add_document(self, **fields):
        self._check_state()
        perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                boost = self._field_boost(fields, fieldname, docboost)
                if field.indexed and hasattr(field, "index_terms") and boost == 1.0:
                    terms, weights, length = field.index_terms(value)
                    pool.add_terms(fieldname, docnum, terms, weights)
                    length = length if field.scorable else 0
                elif field.indexed:
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        pool.add((fieldname, tbytes, docnum, weight * boost, vbytes))
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                if field.column_type and customval is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type,
                                                  field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
