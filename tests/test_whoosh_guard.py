"""Our fast readers of Whoosh's files agree with Whoosh's public API.

``storage/postings.py`` reads posting blocks, ``storage/reader.py`` reads
numeric and length columns straight from the W3 codec's files, and
``storage/codec.py`` writes them its own way. They rely on Whoosh internals,
safe only under the pinned version. Here an index is written by the real
worker code (``ArchiveCodec``, in-memory pool, segments cut by size) from a
few thousand tiny articles, so that common terms span several posting blocks
(``codec.BLOCK_LIMIT`` postings each), rare ones are inlined in the term
table, and documents sit in several segments; every reading is then compared
with what Whoosh's public searcher, postings and column readers say. A Whoosh
upgrade that changes the layout fails here instead of answering wrong.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term

from indexer.ingest.model import Article
from indexer.storage import codec, store, workers
from indexer.storage.indexing import Summary, adder
from indexer.storage.reader import ArchiveSearcher, _column, _lengths
from indexer.storage.schema import CITIES, LEVELS, index_format, schema
from indexer.storage.textstore import TextStoreWriter
from indexer.storage.writer import _commit_shares, _unlocked_writer

DOCS = 3 * codec.BLOCK_LIMIT + 200  # "工会" is in every other one: three blocks and more
WORDS = ["职工", "劳模", "工会", "安全", "生产", "技能", "竞赛", "帮扶", "困难", "女职工"]


def tiny_article(n: int, rng: random.Random) -> Article:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 6))]
    if n % 2 == 0:
        words.append("工会")
    if n % 997 == 0:
        words.append("焊工")  # in a handful of documents: an inlined posting list
    return Article(
        id=f"a{n:05d}", title=f"第{n}号" + rng.choice(WORDS), subtitle="", byline=[], column="",
        source=f"p{n // 7:04d}.txt", page=1, date=f"20{10 + n % 12}-0{1 + n % 9}-1{n % 10}",
        date_inferred=False, cities=[c for i, c in enumerate(CITIES) if (n >> i) % 5 == 0][:3],
        counties=[], levels=[LEVELS[n % len(LEVELS)]], text="".join(words), seq=n % 7 + 1)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """An index generation of DOCS tiny articles in three segments, written as a rebuild writes."""
    index_dir = tmp_path_factory.mktemp("guard") / "index"
    index_dir.mkdir()
    part = store.start_generation(index_dir)
    ix = whoosh_index.create_in(str(part), schema())
    texts = TextStoreWriter(part, 0)
    rng = random.Random(20240501)
    segments = []
    for first, last in [(0, 1300), (1300, 1500), (1500, DOCS)]:
        writer = workers._segment_writer(ix)
        add = adder(writer, texts)
        for n in range(first, last):
            add(tiny_article(n, rng))
        segments.append(writer._finalize_segment())
    texts.close()
    _commit_shares(ix, [{"segments": segments, "pages": {}, "skipped": []}], Summary())
    ix.close()
    store.write_format(part, index_format())
    store.publish(index_dir, part)
    return index_dir


@pytest.fixture(scope="module")
def archive(built):
    s = ArchiveSearcher(store.current(built))
    yield s
    s.close()


@pytest.fixture(scope="module")
def merged(built, tmp_path_factory):
    """The same index after an update deleted some articles and merged two segments (as
    writer.merge_small_segments does) through the in-memory pool."""
    from whoosh.reading import SegmentReader

    index_dir = tmp_path_factory.mktemp("merged") / "index"
    shutil.copytree(built, index_dir)
    gen = store.current(index_dir)
    ix = whoosh_index.open_dir(str(gen))
    writer = codec.ArchiveWriter(ix)
    for n in range(1290, 1320):  # across the first two segments
        writer.delete_by_term("id", f"a{n:05d}")

    def merge_last_two(w, segments):
        for segment in segments[1:]:
            w.add_reader(SegmentReader(w.storage, w.schema, segment))
        return segments[:1]

    writer.commit(mergetype=merge_last_two)
    ix.close()
    s = ArchiveSearcher(gen)
    yield s
    s.close()


def whoosh_postings(reader, field: str, term: str) -> tuple[list[int], list[float]]:
    """Document numbers and weights of a term, through Whoosh's public postings API."""
    ids, weights = [], []
    if (field, term) not in reader:
        return ids, weights
    matcher = reader.postings(field, term)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def test_the_index_really_has_multi_block_postings_and_several_segments(archive):
    reader = archive.reader
    assert len(list(reader.leaf_readers())) == 3
    assert archive.size == DOCS
    first_segment = next(iter(reader.leaf_readers()))[0]
    assert first_segment.doc_frequency("grams", "工会") > codec.BLOCK_LIMIT  # two blocks
    assert first_segment.doc_frequency("title_grams", "第") > 2 * codec.BLOCK_LIMIT  # three
    assert 0 < reader.doc_frequency("body_words", "焊工") < codec.INLINE_LIMIT


TERMS = [("grams", t) for t in ["工会", "工", "职工", "劳模", "焊工", "焊", "第1", "号"]] + \
        [("body_words", t) for t in WORDS + ["焊工"]] + \
        [("title_words", t) for t in WORDS] + [("title_grams", "第"), ("grams", "不存在")]


@pytest.mark.parametrize("field,term", TERMS)
def test_block_postings_equal_whoosh_public_postings(archive, field, term):
    want_ids, want_weights = whoosh_postings(archive.reader, field, term)
    ids, weights = archive.postings(field, term, with_weights=True)
    assert ids.tolist() == want_ids
    assert weights.tolist() == pytest.approx(want_weights)


@pytest.mark.parametrize("field,term", TERMS)
def test_postings_after_a_merge_through_the_pool_equal_whoosh_public_postings(merged, field, term):
    assert len(list(merged.reader.leaf_readers())) == 2
    assert merged.count == DOCS - 30
    want_ids, want_weights = whoosh_postings(merged.reader, field, term)
    ids, weights = merged.postings(field, term, with_weights=True)
    live = merged.live[ids] if len(ids) else ids.astype(bool)
    assert ids[live].tolist() == want_ids  # deleted documents are left for the caller to drop
    assert weights[live].tolist() == pytest.approx(want_weights)


@pytest.mark.parametrize("field,term", [("grams", "工会"), ("body_words", "劳模"), ("grams", "焊工")])
def test_block_postings_equal_whoosh_search_results(archive, field, term):
    results = archive.searcher.search(Term(field, term), limit=None, scored=False)
    ids, _ = archive.postings(field, term)
    assert sorted(ids.tolist()) == sorted(results.docs())
    assert len(ids) > 0


@pytest.mark.parametrize("field", ["city_mask", "level_mask", "day", "row"])
def test_numeric_columns_equal_whoosh_column_readers(archive, field):
    reader = archive.reader
    want = [int(v) for v in reader.column_reader(field)]
    assert _column(reader, field).tolist() == want
    assert len(set(want)) > 1  # a column of one value would prove little


@pytest.mark.parametrize("field", ["title_words", "body_words"])
def test_field_lengths_equal_whoosh_doc_field_length(archive, field):
    reader = archive.reader
    want = [reader.doc_field_length(n, field, 0) for n in range(reader.doc_count_all())]
    assert _lengths(reader, field).tolist() == pytest.approx(want)
    assert max(want) > min(want)


def test_columns_hold_what_was_written(archive):
    """The decoded columns give back each article's day, cities and levels."""
    rng = random.Random(20240501)
    articles = [tiny_article(n, rng) for n in range(DOCS)]
    for docnum in (0, 1, DOCS // 2, DOCS - 1):
        stored = archive.stored(docnum)
        article = next(a for a in articles if a.id == stored["id"])
        assert [CITIES[i] for i in range(len(CITIES)) if archive.city_bits[i][docnum]] == article.cities
        assert [LEVELS[i] for i in range(len(LEVELS)) if archive.level_bits[i][docnum]] == article.levels
        assert f"{archive.year[docnum]:04d}" == article.date[:4]
    assert np.all(archive.live)
