"""An index written by version 0.1.0 (before the code moved into subpackages) still opens.

Whoosh pickles the analyser classes into every index by import path, so the
move must keep ``indexer.analysis`` and ``indexer.codec`` importable. The index
under tests/data/index-0.1.0 was built from one sample page by 0.1.0; the
expected answers beside it were produced by 0.1.0 too.
"""

import json
import shutil
from pathlib import Path

import pytest

from indexer.search.export import records
from indexer.search.engine import parse_params, search
from indexer.storage import store
from indexer.storage.reader import ArchiveSearcher

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def old_searcher(tmp_path_factory):
    index = tmp_path_factory.mktemp("old") / "index"
    shutil.copytree(DATA / "index-0.1.0", index)
    s = ArchiveSearcher(store.current(index))
    yield s
    s.close()


EXPECTED = json.loads((DATA / "index-0.1.0.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("q", sorted(EXPECTED["queries"]))
def test_an_index_built_before_the_move_answers_the_same(old_searcher, q):
    result = search(old_searcher, parse_params(q=q, per_page=100))
    want = EXPECTED["queries"][q]
    assert result["total"] == want["total"]
    assert [h["id"] for h in result["hits"]] == want["ids"]


def test_an_index_built_before_the_move_exports_the_same_records(old_searcher):
    assert list(records(old_searcher)) == EXPECTED["export"]
