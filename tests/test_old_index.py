"""An index of another format is refused with "rebuild needed", never misread.

Every generation records the format it was written in (``format.json``,
derived from the schema, the facet label tables, the analyser and the fold).
The index under tests/data/index-0.1.0 was built from one sample page by
version 0.1.0, which recorded no format: the library, the command line and the
app must all refuse it with the same clear message, and ``update`` must
rebuild it. Changing the code's schema or a label table's order (simulated
here) must make an index built before the change be refused too.
"""

import shutil
from pathlib import Path

import pytest
from whoosh.fields import STORED

from conftest import run_cli
from indexer.search.engine import matching_ids, parse_params
from indexer.storage import schema, store
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.writer import update
from searchapp import create_app

DATA = Path(__file__).parent / "data"
PAGES = DATA / "pages"
REBUILD = "rebuild needed: run python -m indexer rebuild"


@pytest.fixture
def old_index(tmp_path) -> Path:
    index = tmp_path / "index"
    shutil.copytree(DATA / "index-0.1.0", index)
    return index


def test_the_library_refuses_a_0_1_0_index_and_says_how_to_rebuild(old_index):
    with pytest.raises(store.IndexOutdated) as refused:
        ArchiveSearcher(store.current(old_index))
    assert REBUILD in str(refused.value)
    assert str(old_index) in str(refused.value)
    assert "0.1.0" in str(refused.value)


@pytest.mark.parametrize("command", [["search", "劳模"], ["export", "--format", "jsonl"], ["stats"]])
def test_the_command_line_says_rebuild_needed_without_a_traceback(old_index, command):
    done = run_cli(*command, "--index", str(old_index))
    assert done.returncode != 0
    assert REBUILD in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_the_app_answers_503_with_the_message_on_the_page_and_in_json(old_index):
    client = create_app({"INDEX_DIR": str(old_index), "TESTING": True}).test_client()
    page = client.get("/search", query_string={"q": "劳模"})
    assert page.status_code == 503
    assert REBUILD in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    api = client.get("/api/search", query_string={"q": "劳模"})
    assert api.status_code == 503
    assert REBUILD in api.get_json()["error"]


def test_update_over_a_0_1_0_index_rebuilds_it_and_it_then_answers(old_index, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in sorted(PAGES.glob("*.txt"))[:2]:
        shutil.copy(page, corpus / page.name)
    summary = update(corpus, old_index)
    assert summary.pages == 2 and summary.articles > 0
    assert summary.added == 2 and "another format" in summary.rebuilt_because
    searcher = ArchiveSearcher(store.current(old_index))
    assert searcher.count == summary.articles
    assert matching_ids(searcher, parse_params("工会"))  # the rebuilt index answers


@pytest.fixture
def change_code(monkeypatch):
    """Return a function that simulates a change to the schema module (undone afterwards)."""
    def change(name, value):
        monkeypatch.setattr(schema, name, value)
        schema.index_format.cache_clear()

    yield change
    monkeypatch.undo()
    schema.index_format.cache_clear()


def test_a_reordered_label_table_makes_an_existing_index_refused(built_index, change_code):
    ArchiveSearcher(store.current(built_index)).close()  # opens as built
    change_code("CITIES", tuple(reversed(schema.CITIES)))
    with pytest.raises(store.IndexOutdated) as refused:
        ArchiveSearcher(store.current(built_index))
    assert REBUILD in str(refused.value) and "labels" in str(refused.value)


def test_a_field_added_to_the_schema_makes_an_existing_index_refused(built_index, change_code):
    original = schema.schema

    def with_a_new_field():
        s = original()
        s.add("evidence_for_test", STORED())
        return s

    change_code("schema", with_a_new_field)
    with pytest.raises(store.IndexOutdated) as refused:
        ArchiveSearcher(store.current(built_index))
    assert REBUILD in str(refused.value) and "fields" in str(refused.value)


def test_the_update_command_over_a_0_1_0_index_says_it_rebuilt_and_why(old_index, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sorted(PAGES.glob("*.txt"))[0], corpus / "page.txt")
    done = run_cli("update", "--corpus", str(corpus), "--index", str(old_index))
    assert done.returncode == 0, done.stderr
    assert "rebuilt from scratch, because the index was of another format" in done.stdout
    assert "0.1.0" in done.stdout
    assert "pages added 0" not in done.stdout
