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


def test_a_field_of_several_segments_is_read_whole(tmp_path, sample_corpus):
    import shutil

    from indexer.storage import store
    from indexer.storage.reader import ArchiveSearcher
    from indexer.storage.writer import rebuild, update

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    pages = sorted(sample_corpus.glob("*.txt"))
    for page in pages[:-1]:
        shutil.copy(page, corpus / page.name)
    rebuild(corpus, index)
    shutil.copy(pages[-1], corpus / pages[-1].name)
    update(corpus, index)  # the added page goes into a segment of its own
    reader = ArchiveSearcher(store.current(index)).reader
    assert len(list(reader.leaf_readers())) >= 2
    terms, docs, codes = field_postings(reader, "byline_names")
    got = defaultdict(set)
    for doc, code in zip(docs.tolist(), codes.tolist()):
        got[terms[code]].add(doc)
    assert dict(got) == {t: set(reader.postings("byline_names", t).all_ids())
                         for t in reader.field_terms("byline_names")}
