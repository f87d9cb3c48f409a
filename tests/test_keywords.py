"""Reading a whole keyword field at once agrees with Whoosh's public posting API.

``storage.postings.field_postings`` walks Whoosh's term index and posting files
directly (the W3 codec's internals); this test holds it to what the public
``reader.postings(field, term).all_ids()`` says, on an index of several segments.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from indexer.storage.postings import field_postings


@pytest.mark.parametrize("field", ["byline_names", "column_name", "county_names", "cities"])
def test_field_postings_equal_the_public_postings_of_every_term(archive, field):
    reader = archive.reader
    terms, docs, codes = field_postings(reader, field)
    got = defaultdict(set)
    for doc, code in zip(docs.tolist(), codes.tolist()):
        got[terms[code]].add(doc)
    public = {}
    for text in reader.field_terms(field):
        public[text] = set(reader.postings(field, text).all_ids())
    assert public, f"the sample index has no {field} terms"
    assert dict(got) == public
    assert len(terms) == len(set(terms))


@pytest.fixture
def two_segments(tmp_path, sample_corpus):
    """A generation of two segments: a rebuild of all sample pages but the last, then an
    update that adds the last one (in a segment of its own)."""
    import shutil

    from indexer.storage import store
    from indexer.storage.writer import rebuild, update

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    pages = sorted(sample_corpus.glob("*.txt"))
    for page in pages[:-1]:
        shutil.copy(page, corpus / page.name)
    rebuild(corpus, index)
    shutil.copy(pages[-1], corpus / pages[-1].name)
    update(corpus, index)
    return store.current(index)


def test_a_field_of_several_segments_is_read_whole(two_segments):
    from indexer.storage.reader import ArchiveSearcher

    reader = ArchiveSearcher(two_segments).reader
    assert len(list(reader.leaf_readers())) >= 2
    terms, docs, codes = field_postings(reader, "byline_names")
    got = defaultdict(set)
    for doc, code in zip(docs.tolist(), codes.tolist()):
        got[terms[code]].add(doc)
    assert dict(got) == {t: set(reader.postings("byline_names", t).all_ids())
                         for t in reader.field_terms("byline_names")}


def pairs(column) -> set[tuple[int, str]]:
    """(document, name) of every posting of a KeywordColumn."""
    return {(doc, column.values[code]) for doc, code in zip(column.docs.tolist(), column.codes.tolist())}


def test_each_segments_names_are_saved_and_read_back_as_its_term_table_says(two_segments):
    from indexer.storage.keywords import NAME_FIELDS, keyword_column, names_path
    from indexer.storage.reader import ArchiveSearcher

    gen = two_segments  # the update saved the names of its new segment
    reader = ArchiveSearcher(gen).reader
    segments = [r.segment() for r, _ in reader.leaf_readers()]
    assert len(segments) >= 2
    saved = sorted(p.name for p in gen.glob("*.names.npz"))
    assert saved == sorted(names_path(gen, s).name for s in segments)  # one per segment, none stale
    for name in NAME_FIELDS:
        from_files = keyword_column(reader, name, gen)
        from_terms = keyword_column(reader, name)
        assert pairs(from_files) == pairs(from_terms)
        assert name != "byline_names" or pairs(from_files)  # the sample pages have authors
    names_path(gen, segments[0]).unlink()  # a segment without its file is read from its terms
    assert pairs(keyword_column(reader, "byline_names", gen)) == pairs(keyword_column(reader, "byline_names"))


def test_an_update_that_merges_segments_leaves_no_names_file_of_a_merged_segment(tmp_path, sample_corpus):
    import shutil

    from indexer.storage import store
    from indexer.storage.writer import MAX_SMALL_SEGMENTS, rebuild, update

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    pages = sorted(sample_corpus.glob("*.txt"))
    shutil.copy(pages[0], corpus / pages[0].name)
    rebuild(corpus, index)
    for n in range(MAX_SMALL_SEGMENTS + 2):  # enough small updates for a merge
        (corpus / f"extra-{n}.txt").write_text(pages[1 + n % (len(pages) - 1)].read_text(encoding="utf-8")
                                               + f"\n\n第{n}次补充\n本报讯 合肥市总工会近日开展第{n}次活动。\n",
                                               encoding="utf-8")
        update(corpus, index)
    gen = store.current(index)
    segment_ids = {p.name.split(".")[0] for p in gen.glob("*.seg")} or \
        {p.name.split(".")[0] for p in gen.glob("*.trm")}
    saved = {p.name.split(".")[0] for p in gen.glob("*.names.npz")}
    assert saved == segment_ids
