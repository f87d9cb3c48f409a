"""kill -9 during a rebuild or update leaves the previous index whole and searchable."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.storage import store
from indexer.search.engine import matching_ids, parse_params
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.writer import rebuild

pytestmark = pytest.mark.slow  # kill -9 of real rebuilds and updates; `make test-fast` skips it

PAGES = Path(__file__).parent / "data" / "pages"
ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["劳模", "市总工会", "工会 城市:阜阳", "劳模创新工作室", "-工会"]


def answers(index_dir: Path) -> dict[str, list[str]]:
    s = ArchiveSearcher(store.current(index_dir))
    return {q: matching_ids(s, parse_params(q)) for q in QUERIES}


def grow(corpus: Path, issues: int) -> None:
    """Add many path-dated pages (the sample pages, each made distinct) to the corpus."""
    seeds = sorted(PAGES.glob("*.txt"))
    for n in range(issues):
        day = corpus / "2022" / f"2022-01-{n % 28 + 1:02d}"
        day.mkdir(parents=True, exist_ok=True)
        for i, seed in enumerate(seeds):
            text = seed.read_text(encoding="utf-8") + f"\n\n本报讯 第{n}期第{i}版补白。(编辑部)\n"
            (day / f"{n // 28 * 10 + i + 1:02d}.txt").write_text(text, encoding="utf-8")


def kill_mid_write(command: str, corpus: Path, index_dir: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "indexer", command, "--corpus", str(corpus),
                             "--index", str(index_dir), "--quiet"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".part") for p in index_dir.iterdir()):
        assert proc.poll() is None, f"{command} ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1.0)  # well into indexing
    assert proc.poll() is None, f"{command} finished before it could be killed; grow the corpus"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("command", ["rebuild", "update"])
def test_kill_9_mid_write_leaves_the_previous_index_answering_the_same(tmp_path, command):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(PAGES.glob("*.txt"))[:2]:
        shutil.copy(seed, corpus / seed.name)
    index_dir = tmp_path / "index"
    rebuild(corpus, index_dir)
    before_gen, before = store.current(index_dir).name, answers(index_dir)

    grow(corpus, issues=30)
    kill_mid_write(command, corpus, index_dir)

    assert store.current(index_dir).name == before_gen
    assert answers(index_dir) == before
    # and the next run cleans up after the killed one and succeeds
    summary = rebuild(corpus, index_dir)
    assert summary.pages == 2 + 30 * 5
    assert not any(p.name.endswith(".part") for p in index_dir.iterdir())
