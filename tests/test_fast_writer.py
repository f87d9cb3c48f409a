"""Our faster segment writer writes what Whoosh's own writer writes.

``storage/codec.py`` replaces three pieces of Whoosh's writing path:
``ArchiveWriter.add_document`` (a document's terms go to the pool in one call),
``inlined_terminfo`` (a rare term's row of the term table, made without a
postings writer) and ``TermTable`` (the term table keeping its own file
position). Here the same articles are written twice, once by ``ArchiveWriter``
and once by Whoosh's stock ``SegmentWriter`` with Whoosh's stock W3 codec, and
everything Whoosh's public reading API can say about the two indexes is
compared: terms, postings with weights and values, stored fields, field
lengths, columns. A Whoosh upgrade that changes what these pieces copy fails here.
"""

from __future__ import annotations

import io
import random

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from indexer.ingest.model import Article
from indexer.storage import codec
from indexer.storage.indexing import document
from indexer.storage.schema import CITIES, LEVELS, schema

PHRASES = ["职工之家建设", "劳模创新工作室", "合肥市总工会", "芜湖", "安全生产月", "困难职工帮扶",
           "女职工权益", "Élise 与 ABC", "第Ⅱ期", "技能竞赛", "焊工", "工会"]


def article(n: int, rng: random.Random) -> Article:
    body = "，".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 12)))
    if n % 3 == 0:
        body += "\n" + "工会" * rng.randint(1, 4)  # repeated words: frequencies above 1
    return Article(
        id=f"a{n:04d}", title=rng.choice(PHRASES) + f"第{n}号", subtitle="", byline=[f"记者{n % 5}"],
        column="劳动者之歌" if n % 5 == 0 else "", source=f"p{n // 6:03d}.txt", page=1, date=f"2019-0{1 + n % 9}-1{n % 10}",
        date_inferred=False, cities=[CITIES[n % 16]] if n % 4 else [], counties=["庐阳区"] if n % 7 == 0 else [],
        levels=[LEVELS[n % 6]], text=body, seq=n % 6 + 1)


def write(tmp_path, name: str, make_writer) -> whoosh_index.Index:
    folder = tmp_path / name
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema())
    writer = make_writer(ix)
    rng = random.Random(7)
    for n in range(600):  # enough for "工会" to fill more than one posting block
        writer.add_document(**document(article(n, rng), n))
    writer.commit()
    return ix


@pytest.fixture(scope="module")
def readers(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("fast-writer")
    ours = write(tmp_path, "ours", codec.ArchiveWriter)
    stock = write(tmp_path, "stock", lambda ix: SegmentWriter(
        ix, _lk=False, codec=W3Codec(blocklimit=codec.BLOCK_LIMIT), compound=False))
    with ours.reader() as a, stock.reader() as b:
        yield a, b


def postings(reader, field: str, term: bytes) -> list[tuple]:
    """(document, weight, value bytes) of each posting; value None where none is stored."""
    matcher = reader.postings(field, term)
    out = []
    while matcher.is_active():
        try:
            value = matcher.value()
        except IndexError:  # Whoosh's own writer stores no value when the field gives none
            value = None
        out.append((matcher.id(), matcher.weight(), value or None))  # an inlined "no value" is ''

        matcher.next()
    return out


def frequency_values(rows: list[tuple]) -> list[tuple]:
    """The rows of Whoosh's writer as ours stores them: a word posting's value is its
    frequency (schema.LAYOUT_VERSION 3, so that segments can be merged)."""
    return [(doc, weight, pack_uint(int(weight)) if value is None else value) for doc, weight, value in rows]


def indexed_fields():
    return [name for name, field in schema().items() if field.indexed]


@pytest.mark.parametrize("field", indexed_fields())
def test_every_term_and_posting_is_what_whoosh_writes(readers, field):
    ours, stock = readers
    terms = list(stock.lexicon(field))
    assert terms and list(ours.lexicon(field)) == terms
    word_field = isinstance(schema()[field].format, Frequency) and field.endswith("_words")
    for term in terms:
        expected = postings(stock, field, term)
        if word_field:
            expected = frequency_values(expected)
        assert postings(ours, field, term) == expected, term
        assert ours.doc_frequency(field, term) == stock.doc_frequency(field, term)
        assert ours.frequency(field, term) == stock.frequency(field, term)


def test_the_comparison_covers_inlined_and_block_postings(readers):
    ours, _ = readers
    frequencies = [ours.doc_frequency("grams", t) for t in ours.lexicon("grams")]
    assert min(frequencies) < codec.INLINE_LIMIT and max(frequencies) > codec.BLOCK_LIMIT


def test_stored_fields_lengths_and_columns_are_what_whoosh_writes(readers):
    ours, stock = readers
    assert ours.doc_count_all() == stock.doc_count_all() == 600
    scorable = [name for name, field in schema().items() if field.scorable]
    for docnum in range(600):
        assert ours.stored_fields(docnum) == stock.stored_fields(docnum)
        for field in scorable:
            assert ours.doc_field_length(docnum, field) == stock.doc_field_length(docnum, field)
    for field in scorable:
        assert ours.field_length(field) == stock.field_length(field)
    for field in ("city_mask", "level_mask", "day", "row"):
        assert list(ours.column_reader(field)) == list(stock.column_reader(field))


@pytest.mark.parametrize("fmt,ids,weights", [
    (Existence(), [7], None),
    (Existence(), [0, 3, 4, 90, 1000, 70000, 4_000_000], None),
    (Frequency(), [12], [1.0]),
    (Frequency(), [1, 2, 9], [3.0, 1.0, 2.0]),
])
def test_an_inlined_term_row_is_the_one_whoosh_makes(fmt, ids, weights):
    writer = codec.InliningPostingsWriter(StructFile(io.BytesIO()), blocklimit=codec.BLOCK_LIMIT,
                                          inlinelimit=codec.INLINE_LIMIT)
    writer.start_postings(fmt, W3TermInfo())
    frequencies = isinstance(fmt, Frequency)
    for i, docnum in enumerate(ids):
        weight = weights[i] if weights else 1.0
        writer.add_posting(docnum, weight, pack_uint(int(weight)) if frequencies else b"")
    expected = writer.finish_postings().to_bytes()
    assert codec.inlined_terminfo(ids, weights, None, frequencies) == expected
