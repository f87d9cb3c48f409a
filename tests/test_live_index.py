"""The live app while the index changes under it, and a page far larger than any real one.

(a) ``python -m searchapp`` is started for real on a small index; while
``python -m indexer update`` (or ``rebuild``) indexes a grown corpus, a thread
keeps searching over HTTP: every answer is a 200 with a JSON body that is
wholly the old index or wholly the new one, and once the writer is done the new
pages are found without restarting the app.
(b) A 5 MB page is indexed (every part of it searchable) or reported by path
in the summary, in bounded time (at most about linear in its size: compared
with a page a tenth as large), and no other page is lost.
"""

from __future__ import annotations

import contextlib
import json
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.storage import store
from indexer.search.engine import matching_ids, parse_params
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.writer import rebuild

from conftest import run_cli

pytestmark = pytest.mark.slow  # a live server during rebuilds, and a 5 MB page; `make test-fast` skips it

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).parent / "data" / "pages"
MARKER = "活索引标记"  # in no sample page; one added page, one article holding it
ADDED_ISSUES = 8  # x 5 sample pages = 40 new path-dated pages
QUERIES = ["", "工会", "劳模", MARKER, "职工 城市:合肥"]
PICKED_UP_WITHIN = 15.0  # seconds after the writer ends (the app looks every second)
BIG_PAGE_MB = 5
BIG_PAGE = "2022/2022-03-02/01.txt"
SMALL_PAGE = "2022/2022-03-01/01.txt"  # a tenth of the size, to compare costs with
TINY_PAGE = "2022/2022-02-28/01.txt"  # an ordinary page: the fixed cost of a run that indexes one
SIZE_RATIO = 10
MAX_COST_RATIO = 13  # 10 x the size may cost 13 x the CPU (1.3 x linear), not 100 x (quadratic)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def search(base: str, q: str) -> tuple[int, dict | None]:
    """GET /api/search?q=…&per_page=100; return the status and the JSON body (None if not JSON)."""
    url = f"{base}/api/search?" + urllib.parse.urlencode({"q": q, "per_page": 100})
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None


@contextlib.contextmanager
def serving(index_dir: Path, log: Path) -> Iterator[str]:
    """Run `python -m searchapp` on a free loopback port; yield its base URL; always stop it."""
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "searchapp", "--index", str(index_dir),
                                 "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                assert proc.poll() is None, f"searchapp exited:\n{log.read_text(errors='replace')}"
                assert time.monotonic() < deadline, "searchapp did not answer within 60 s"
                try:
                    if search(base, "")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in sorted(PAGES.glob("*.txt")):
        shutil.copy(page, corpus / page.name)
    return corpus


def grow(corpus: Path, issues: int) -> int:
    """Add path-dated pages (the sample pages, each with a line holding MARKER); return how many."""
    seeds = sorted(PAGES.glob("*.txt"))
    for n in range(issues):
        day = corpus / "2022" / f"2022-02-{n + 1:02d}"
        day.mkdir(parents=True)
        for i, seed in enumerate(seeds):
            line = f"\n\n本报讯 第{n}期第{i}版{MARKER}补白。(编辑部)\n"
            text = seed.read_text(encoding="utf-8") + line
            (day / f"{i + 1:02d}.txt").write_text(text, encoding="utf-8")
    return issues * len(seeds)


class Reader(threading.Thread):
    """Search the app over and over, recording (time, query, status, total or None) of each answer."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.answers: list[tuple[float, str, int, int | None]] = []
        self.failures: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            for q in QUERIES:
                try:
                    status, data = search(self.base, q)
                except Exception as error:  # a refused or broken connection is a failure to report
                    self.failures.append(f"{q!r}: {error!r}")
                    continue
                total = data.get("total") if isinstance(data, dict) else None
                self.answers.append((time.monotonic(), q, status, total))


@pytest.mark.parametrize("command", ["update", "rebuild"])
def test_searches_during_an_update_or_rebuild_all_answer_and_the_new_pages_appear_without_a_restart(
        tmp_path, command):
    """Every search while the writer runs is a 200 from one whole index; then the new pages are found."""
    corpus = small_corpus(tmp_path)
    index_dir = tmp_path / "index"
    rebuild(corpus, index_dir, procs=1)
    added = grow(corpus, ADDED_ISSUES)

    with serving(index_dir, tmp_path / "app.log") as base:
        before = {q: search(base, q)[1]["total"] for q in QUERIES}
        assert before[MARKER] == 0
        reader = Reader(base)
        reader.start()
        try:
            while len(reader.answers) < len(QUERIES):  # the reader is running before the writer
                assert reader.is_alive() and not reader.failures, reader.failures
                time.sleep(0.05)
            writing_from = time.monotonic()
            writer = subprocess.run([sys.executable, "-m", "indexer", command, "--corpus", str(corpus),
                                     "--index", str(index_dir), "--quiet"],
                                    cwd=ROOT, capture_output=True, text=True, timeout=600)
            writing_until = time.monotonic()
            assert writer.returncode == 0, writer.stderr
            deadline = writing_until + PICKED_UP_WITHIN
            while search(base, MARKER)[1]["total"] != added:
                assert time.monotonic() < deadline, f"the new pages were not found {PICKED_UP_WITHIN} s later"
                time.sleep(0.2)
            found_after = time.monotonic() - writing_until
        finally:
            reader.stop.set()
            reader.join(60)
        after = {q: search(base, q)[1]["total"] for q in QUERIES}

    assert not reader.failures, reader.failures[:5]
    bad = [(q, status) for _, q, status, total in reader.answers if status != 200 or total is None]
    assert not bad, f"{len(bad)} of {len(reader.answers)} answers were not a 200 with JSON: {bad[:5]}"
    during = [a for a in reader.answers if writing_from <= a[0] <= writing_until]
    assert len(during) >= len(QUERIES), "too few searches overlapped the writer to test anything"
    mixed = [(q, total) for _, q, _, total in reader.answers if total not in (before[q], after[q])]
    assert not mixed, f"answers from neither the old nor the new index: {mixed[:5]}"
    assert after[MARKER] == added and after[""] > before[""]
    assert found_after < PICKED_UP_WITHIN


def big_page(corpus: Path, source: str, megabytes: float, tag: str) -> int:
    """Write a page of the sample pages over and over, each copy with its own marker; return the copies."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.txt"))]
    parts, size = [], 0
    while not parts or size < megabytes * 2**20:
        part = seeds[len(parts) % len(seeds)] + f"\n\n本报讯 {tag}{len(parts)}号补白。(编辑部)\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
    (corpus / source).parent.mkdir(parents=True)
    (corpus / source).write_text("".join(parts), encoding="utf-8")
    return len(parts)


def cpu_of_update(corpus: Path, index_dir: Path) -> tuple[float, str]:
    """Run `python -m indexer update`; return the CPU seconds it used and its summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run_cli("update", "--corpus", str(corpus), "--index", str(index_dir))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), result.stdout


def indexed_or_reported(index_dir: Path, source: str, copies: int, tag: str, summary: str) -> None:
    """Assert the summary names the page, or its first, middle and last copies are all searchable."""
    if source in summary:
        return
    s = ArchiveSearcher(store.current(index_dir))
    for n in (0, copies // 2, copies - 1):
        assert len(matching_ids(s, parse_params(f'"{tag}{n}号"'))) == 1, (source, n, summary)


def test_a_5_mb_page_is_indexed_or_reported_in_bounded_time_and_no_other_page_is_lost(tmp_path):
    """A 5 MB page: searchable throughout or named in the summary; at most ~linear cost; the rest stays.

    The bound is relative, so it holds on any machine: the 5 MB page may cost at most
    MAX_COST_RATIO times what a page a tenth of its size costs (10 if the cost were linear),
    in CPU seconds beyond what an update adding one ordinary page costs.
    """
    corpus = small_corpus(tmp_path)
    index_dir = tmp_path / "index"
    rebuild(corpus, index_dir, procs=1)
    before = set(matching_ids(ArchiveSearcher(store.current(index_dir)), parse_params("")))
    big_page(corpus, TINY_PAGE, 0, "小页标记")  # one copy of one sample page
    startup, _ = cpu_of_update(corpus, index_dir)

    copies = big_page(corpus, SMALL_PAGE, BIG_PAGE_MB / SIZE_RATIO, "中页标记")
    small, small_summary = cpu_of_update(corpus, index_dir)
    indexed_or_reported(index_dir, SMALL_PAGE, copies, "中页标记", small_summary)

    copies = big_page(corpus, BIG_PAGE, BIG_PAGE_MB, "巨页标记")
    big, big_summary = cpu_of_update(corpus, index_dir)
    indexed_or_reported(index_dir, BIG_PAGE, copies, "巨页标记", big_summary)

    after = set(matching_ids(ArchiveSearcher(store.current(index_dir)), parse_params("")))
    assert before <= after, "articles of the other pages were lost"
    small, big = small - startup, big - startup
    assert big < MAX_COST_RATIO * small, (
        f"a {BIG_PAGE_MB} MB page took {big:.0f} CPU s, a {BIG_PAGE_MB / SIZE_RATIO:g} MB page "
        f"{small:.1f} CPU s (ratio {big / small:.1f}, linear would be {SIZE_RATIO}); summary:\n{big_summary}")
