"""Rebuild and update: generations, stable ids, incremental changes, bad pages skipped."""

import shutil
from pathlib import Path

import pytest

from indexer.storage import store
from indexer.search.export import records
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.writer import rebuild, update

PAGES = Path(__file__).parent / "data" / "pages"


def ids_of(index_dir: Path) -> dict[str, str]:
    s = ArchiveSearcher(store.current(index_dir))
    return {r["id"]: r["source"] for r in records(s)}


def make_corpus(root: Path, names: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(PAGES / name, root / name)
    return root


def test_rebuild_publishes_a_generation_and_keeps_ids_stable(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", ["000_4bf4922956c613dc.txt", "004_4c385a978e0e8f57.txt"])
    first = rebuild(corpus, tmp_path / "index")
    ids = ids_of(tmp_path / "index")
    second = rebuild(corpus, tmp_path / "index")
    assert first.generation != second.generation
    assert ids_of(tmp_path / "index") == ids
    assert first.articles == len(ids) > 10


def test_update_indexes_only_added_changed_and_removed_pages(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", ["000_4bf4922956c613dc.txt", "001_cf878f64ff1d84db.txt"])
    rebuild(corpus, tmp_path / "index")
    before = ids_of(tmp_path / "index")

    shutil.copy(PAGES / "004_4c385a978e0e8f57.txt", corpus / "004_4c385a978e0e8f57.txt")
    (corpus / "001_cf878f64ff1d84db.txt").unlink()
    summary = update(corpus, tmp_path / "index")
    after = ids_of(tmp_path / "index")

    assert (summary.added, summary.changed, summary.removed) == (1, 0, 1)
    assert set(after.values()) == {"000_4bf4922956c613dc.txt", "004_4c385a978e0e8f57.txt"}
    kept = {i for i, src in before.items() if src == "000_4bf4922956c613dc.txt"}
    assert kept <= set(after)
    assert after == ids_of_fresh_rebuild(corpus, tmp_path / "fresh")


def ids_of_fresh_rebuild(corpus: Path, index_dir: Path) -> dict[str, str]:
    rebuild(corpus, index_dir)
    return ids_of(index_dir)


def test_update_with_nothing_new_changes_nothing(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", ["004_4c385a978e0e8f57.txt"])
    rebuild(corpus, tmp_path / "index")
    summary = update(corpus, tmp_path / "index")
    assert (summary.added, summary.changed, summary.removed) == (0, 0, 0)
    assert summary.pages == 1


def test_changed_page_is_reindexed(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", ["004_4c385a978e0e8f57.txt"])
    rebuild(corpus, tmp_path / "index")
    page = corpus / "004_4c385a978e0e8f57.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("首办工资集体协商技能竞赛", "首办工资集体协商知识竞赛"),
                    encoding="utf-8")
    summary = update(corpus, tmp_path / "index")
    texts = [r["title"] for r in records(ArchiveSearcher(store.current(tmp_path / "index")))]
    assert summary.changed == 1
    assert "首办工资集体协商知识竞赛" in texts and "首办工资集体协商技能竞赛" not in texts


def test_update_leaves_the_previous_generation_untouched(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", ["000_4bf4922956c613dc.txt"])
    rebuild(corpus, tmp_path / "index")
    old = store.current(tmp_path / "index")
    before = {p.name: p.read_bytes() for p in old.iterdir()}
    shutil.copy(PAGES / "004_4c385a978e0e8f57.txt", corpus / "004_4c385a978e0e8f57.txt")
    update(corpus, tmp_path / "index")
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before


def test_bad_pages_are_reported_by_path_and_the_rest_is_indexed(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", ["004_4c385a978e0e8f57.txt"])
    (corpus / "2022" / "2022-13-45").mkdir(parents=True)
    shutil.copy(PAGES / "000_4bf4922956c613dc.txt", corpus / "2022" / "2022-13-45" / "01.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    shutil.copy(PAGES / "004_4c385a978e0e8f57.txt", corpus / "copy-of-004.txt")
    gbk = corpus / "2021" / "2021-12-21" / "02.txt"
    gbk.parent.mkdir(parents=True)
    gbk.write_bytes((PAGES / "002_8f0bdd756b1bc5fb.txt").read_text(encoding="utf-8").encode("gb18030"))

    summary = rebuild(corpus, tmp_path / "index")

    reasons = {s.source: s.reason for s in summary.skipped}
    assert set(reasons) == {"2022/2022-13-45/01.txt", "empty.txt", "binary.txt", "copy-of-004.txt"}
    assert "2022-13-45" in reasons["2022/2022-13-45/01.txt"]
    assert "004_4c385a978e0e8f57.txt" in reasons["copy-of-004.txt"]
    assert summary.pages == 2
    dates = {r["source"]: r["date"] for r in records(ArchiveSearcher(store.current(tmp_path / "index")))}
    assert dates["2021/2021-12-21/02.txt"] == "2021-12-21"


@pytest.mark.slow
def test_parallel_rebuild_gives_exactly_what_one_process_gives(tmp_path):
    corpus = tmp_path / "corpus"
    for n in range(8):
        day = corpus / "2022" / f"2022-03-{n + 1:02d}"
        day.mkdir(parents=True)
        for i, seed in enumerate(sorted(PAGES.glob("*.txt"))):
            text = seed.read_text(encoding="utf-8") + f"\n\n本报讯 第{n}期第{i}版补白。(编辑部)\n"
            (day / f"{i + 1:02d}.txt").write_text(text, encoding="utf-8")
    # the same page again, at the far end of the corpus: it falls in the other worker's share
    shutil.copy(corpus / "2022" / "2022-03-01" / "01.txt", corpus / "2022" / "2022-03-08" / "09.txt")

    one = rebuild(corpus, tmp_path / "one", procs=1)
    two = rebuild(corpus, tmp_path / "two", procs=2)

    def export(index_dir):
        return sorted(records(ArchiveSearcher(store.current(index_dir))), key=lambda r: r["id"])

    assert export(tmp_path / "one") == export(tmp_path / "two")
    assert [(s.source, s.reason) for s in one.skipped] == [(s.source, s.reason) for s in two.skipped] == [
        ("2022/2022-03-08/09.txt", "same content as 2022/2022-03-01/01.txt (first in path order); indexed once")]
    assert len(list((tmp_path / "two" / two.generation).glob("texts-*.bin"))) == 2


@pytest.mark.slow
def test_many_small_updates_merge_their_segments_and_keep_answering(tmp_path):
    """After MAX_SMALL_SEGMENTS updates the small segments are merged (Whoosh re-reads
    every posting's value then: word postings must carry their frequency)."""
    from indexer.search.engine import matching_ids, parse_params
    from indexer.storage.writer import MAX_SMALL_SEGMENTS

    corpus = make_corpus(tmp_path / "corpus", ["000_4bf4922956c613dc.txt"])
    rebuild(corpus, tmp_path / "index", procs=1)
    seed = (PAGES / "004_4c385a978e0e8f57.txt").read_text(encoding="utf-8")
    counts = []
    for n in range(MAX_SMALL_SEGMENTS + 1):
        (corpus / f"n{n}.txt").write_text(seed + f"\n\n本报讯 第{n}次更新补白。(编辑部)\n", encoding="utf-8")
        update(corpus, tmp_path / "index")
        s = ArchiveSearcher(store.current(tmp_path / "index"))
        counts.append((len(list(s.reader.leaf_readers())), len(matching_ids(s, parse_params("补白")))))
        s.close()
    assert [found for _, found in counts] == list(range(1, MAX_SMALL_SEGMENTS + 2))
    assert counts[-1][0] < counts[-2][0]  # the last update merged the small segments
