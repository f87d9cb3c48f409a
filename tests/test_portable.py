"""Rebuild and update without anything Linux-only, and with a worker's memory bounded.

Windows and macOS start worker processes with ``spawn`` and have no ``fcntl``:
both are simulated here on Linux (``GONGHUI_START_METHOD=spawn``; a
``sitecustomize`` that makes ``import fcntl`` fail in every process). Publishing
on Windows cannot remove a generation a reader still has open: simulated by a
rename that fails. Segments are cut by size, so a worker's memory does not grow
with the corpus: a build cut into many small segments answers exactly as one
cut into a single segment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.search.engine import matching_ids, parse_params
from indexer.search.export import records
from indexer.storage import store, workers
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.writer import rebuild, update

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
QUERIES = ["劳模", "市总工会", "工会 城市:阜阳", "-工会", "劳模创新工作室"]


def make_corpus(corpus: Path, issues: int) -> Path:
    """Path-dated pages (the sample pages, each made distinct): enough for two workers."""
    for n in range(issues):
        day = corpus / "2022" / f"2022-03-{n + 1:02d}"
        day.mkdir(parents=True)
        for i, seed in enumerate(sorted(PAGES.glob("*.txt"))):
            text = seed.read_text(encoding="utf-8") + f"\n\n本报讯 第{n}期第{i}版补白。(编辑部)\n"
            (day / f"{i + 1:02d}.txt").write_text(text, encoding="utf-8")
    return corpus


def export(index_dir: Path) -> list[dict]:
    s = ArchiveSearcher(store.current(index_dir))
    try:
        return sorted(records(s), key=lambda r: r["id"])
    finally:
        s.close()


def answers(index_dir: Path) -> dict[str, list[str]]:
    s = ArchiveSearcher(store.current(index_dir))
    try:
        return {q: sorted(matching_ids(s, parse_params(q))) for q in QUERIES}
    finally:
        s.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("portable") / "corpus", issues=8)


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("one") / "index"
    rebuild(corpus, index_dir, procs=1)
    return index_dir


@pytest.mark.slow
def test_workers_started_by_spawn_build_what_one_process_builds(corpus, one_process, tmp_path, monkeypatch):
    monkeypatch.setenv(workers.START_METHOD_ENV, "spawn")
    assert workers.start_method() == "spawn"
    summary = rebuild(corpus, tmp_path / "index", procs=2)
    assert len(list((tmp_path / "index" / summary.generation).glob("texts-*.bin"))) == 2  # two workers ran
    assert export(tmp_path / "index") == export(one_process)


def test_an_unknown_start_method_is_a_message(monkeypatch):
    monkeypatch.setenv(workers.START_METHOD_ENV, "teleport")
    with pytest.raises(ValueError, match="GONGHUI_START_METHOD=teleport"):
        workers.start_method()


SCRIPT = """
import json, sys
from pathlib import Path
from indexer.storage.writer import rebuild, update
from indexer.storage import store
from indexer.storage.reader import ArchiveSearcher
from indexer.search.engine import matching_ids, parse_params
corpus, index_dir = Path(sys.argv[1]), Path(sys.argv[2])
rebuild(corpus, index_dir, procs=2)
s = ArchiveSearcher(store.current(index_dir))
rebuilt = {q: sorted(matching_ids(s, parse_params(q))) for q in sys.argv[3:]}
extra = corpus / "2022" / "2022-04-01"
extra.mkdir(parents=True)
(extra / "01.txt").write_text("无锁测试\\n\\n本报讯 无锁测试一篇新文章，职工之家。(编辑部)\\n", encoding="utf-8")
summary = update(corpus, index_dir)
s = ArchiveSearcher(store.current(index_dir))
print(json.dumps({"added": summary.added, "found": matching_ids(s, parse_params("无锁测试")),
                  "answers": rebuilt,
                  "fcntl": "fcntl" in sys.modules and sys.modules["fcntl"] is not None}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_rebuild_and_update_work_where_fcntl_does_not_exist(corpus, one_process, tmp_path, method):
    if method not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"no {method} here")
    site = tmp_path / "site"
    site.mkdir()
    # every process, the spawned workers too, imports sitecustomize first
    (site / "sitecustomize.py").write_text("import sys\nsys.modules['fcntl'] = None\n", encoding="utf-8")
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
           workers.START_METHOD_ENV: method}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(work), str(tmp_path / "index"), *QUERIES],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["fcntl"] is False
    assert result["added"] == 1 and len(result["found"]) == 1
    assert result["answers"] == answers(one_process)


def test_a_generation_still_in_use_is_left_and_removed_by_a_later_publish(corpus, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    small = tmp_path / "small"
    small.mkdir()
    shutil.copy(sorted(PAGES.glob("*.txt"))[0], small / "01.txt")
    first = rebuild(small, index_dir, procs=1).generation
    rebuild(small, index_dir, procs=1)

    real_rename = os.rename

    def in_use(src, dst, *args, **kwargs):  # what Windows does while a reader has a file open
        if Path(src).name == first:
            raise PermissionError(32, "The process cannot access the file", str(src))
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", in_use)
    third = rebuild(small, index_dir, procs=1).generation
    assert (index_dir / first).is_dir()  # kept, whole, for the reader still using it
    assert store.current(index_dir).name == third
    monkeypatch.setattr(os, "rename", real_rename)
    fourth = rebuild(small, index_dir, procs=1).generation
    names = sorted(p.name for p in index_dir.iterdir() if p.name.startswith(store.PREFIX))
    assert names == [third, fourth]
    assert answers(index_dir) == answers(index_dir)  # opens and answers


def test_segments_cut_small_answer_exactly_as_one_segment(tmp_path, monkeypatch):
    small = make_corpus(tmp_path / "corpus", issues=2)
    whole = rebuild(small, tmp_path / "whole", procs=1)
    assert len(list((tmp_path / "whole" / whole.generation).glob("*.trm"))) == 1
    monkeypatch.setattr(workers, "SEGMENT_BYTES", 2_000_000)  # ~20 articles
    cut = rebuild(small, tmp_path / "cut", procs=1)
    assert len(list((tmp_path / "cut" / cut.generation).glob("*.trm"))) > 3  # cut by size
    assert export(tmp_path / "cut") == export(tmp_path / "whole")
    assert answers(tmp_path / "cut") == answers(tmp_path / "whole")


def test_the_default_worker_count_respects_memory_and_cores():
    cores = os.cpu_count() or 1
    assert workers.worker_count(10_000, None, memory=int(1.5 * workers.WORKER_BYTES)) == 1
    assert workers.worker_count(10_000, None, memory=0) == 1
    assert workers.worker_count(10_000, None, memory=1000 * workers.WORKER_BYTES) == cores
    assert workers.worker_count(10_000, 3, memory=0) == 3  # an explicit --procs is obeyed
    assert workers.worker_count(20, None, memory=1000 * workers.WORKER_BYTES) == 1  # too few pages
    assert workers.available_memory() is None or workers.available_memory() > 0
