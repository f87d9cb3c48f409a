"""No page stalls a rebuild: the time to read, cut and analyse a page grows linearly with
its size, whatever it holds. Compared as a ratio of CPU times at two sizes (4× apart),
never against a clock: linear work gives about 4, quadratic work about 16.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.fold import fold
from indexer.ingest.articles import page_articles
from indexer.ingest.corpus import read_page
from indexer.storage.analysis import grams, words

BRIEF = "本报讯 合肥市总工会日前召开职工代表大会，审议通过了年度工作报告。\n"
SENTENCE = "合肥市总工会组织劳模工匠走进企业宣讲，职工们纷纷表示深受鼓舞，"
PAGES = {
    "identical briefs": lambda n: "\n\n全省工会简讯\n\n" + BRIEF * n,
    "one enormous paragraph": lambda n: "\n\n劳模精神代代传\n\n" + SENTENCE * n + "。\n",
    "no line breaks": lambda n: (SENTENCE + "  ") * n,
    "only debris": lambda n: "".join(f"|{i % 97}·{'—' * (i % 5)}■\n" for i in range(n)),
    "unended lines": lambda n: "".join(f"职工{i % 89}号的工作报告第{i % 7}部分\n" for i in range(n)),
}
SIZE = 800
RATIO_LIMIT = 8.0  # 4× the page: about 4× the time; quadratic work would give about 16


def index_work(path: Path) -> int:
    """Do what a rebuild does to a page short of writing: read, cut, label, fold, analyse."""
    articles = page_articles(read_page(path, path.parent, {}))
    for article in articles:
        words(article.title + "\n" + article.text)
        grams(fold(article.title + "\n" + article.text))
    return len(articles)


def cpu_seconds(path: Path, runs: int = 1) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        index_work(path)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("kind", PAGES)
def test_four_times_the_page_takes_about_four_times_as_long(tmp_path, kind):
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(PAGES[kind](SIZE), encoding="utf-8")
    big.write_text(PAGES[kind](4 * SIZE), encoding="utf-8")
    index_work(small)  # load jieba and the word lists outside the timing
    ratio = cpu_seconds(big) / max(cpu_seconds(small, runs=2), 1e-3)
    assert ratio < RATIO_LIMIT, f"{kind}: 4× the page took {ratio:.1f}× the time"


def test_a_page_of_identical_briefs_keeps_every_brief_with_its_own_id(tmp_path):
    page = tmp_path / "01.txt"
    page.write_text(PAGES["identical briefs"](300), encoding="utf-8")
    articles = page_articles(read_page(page, tmp_path, {}))
    ids = [a.id for a in articles]
    assert len(articles) == 300 and len(set(ids)) == 300
    again = [a.id for a in page_articles(read_page(page, tmp_path, {}))]
    assert again == ids  # stable across rebuilds


@pytest.mark.slow
def test_a_rebuild_of_a_page_of_identical_briefs_grows_linearly(tmp_path):
    """The whole rebuild, Whoosh included, at 4,000 and 16,000 briefs (half a megabyte)."""
    seconds = []
    for n in (4_000, 16_000):
        corpus = tmp_path / f"corpus{n}"
        corpus.mkdir()
        (corpus / "01.txt").write_text(PAGES["identical briefs"](n), encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "indexer", "rebuild", "--corpus", str(corpus),
                               "--index", str(tmp_path / f"index{n}"), "--procs", "1"],
                              capture_output=True, text=True, timeout=1200)
        seconds.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
        assert f"{n} articles" in done.stdout
    assert seconds[1] / seconds[0] < RATIO_LIMIT, seconds


def test_printed_lines_are_joined_only_up_to_a_bound():
    from indexer.ingest.normalize import MAX_JOINED_CHARS, normalize_page

    line = "职工们在车间里认真学习新的操作规程，并且互相交流经验"  # no end mark: lines join
    lines = normalize_page("\n".join([line] * 400))
    assert len(lines) > 1 and "".join(lines) == line * 400
    assert max(map(len, lines)) < MAX_JOINED_CHARS + len(line)
    assert normalize_page("\n".join([line] * 3)) == [line * 3]  # ordinary paragraphs still join
