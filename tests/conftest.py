"""Shared fixtures: a real index built by the real rebuild from the sample pages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.ingest.model import ArticleDraft

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory) -> Path:
    """A corpus folder holding the five real sample pages."""
    corpus = tmp_path_factory.mktemp("corpus")
    for page in sorted(PAGES.glob("*.txt")):
        shutil.copy(page, corpus / page.name)
    return corpus


@pytest.fixture(scope="session")
def built_index(sample_corpus, tmp_path_factory) -> Path:
    """An index folder built by the real rebuild from the sample pages."""
    from indexer.storage.writer import rebuild

    index_dir = tmp_path_factory.mktemp("index")
    rebuild(sample_corpus, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def archive(built_index):
    """The open searcher of the sample index."""
    from indexer.storage import store
    from indexer.storage.reader import ArchiveSearcher

    return ArchiveSearcher(store.current(built_index))


@pytest.fixture(scope="session")
def all_records(archive) -> list[dict]:
    """Every article of the sample index, as exported."""
    from indexer.search.export import records

    return list(records(archive))


def page_article(page: str, title: str, until: str | None = None, org: str = "") -> ArticleDraft:
    """Cut an article from a sample page: the line opening with ``title`` up to ``until``."""
    path = next(PAGES.glob(f"{page}_*.txt"))
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    first = next(n for n, line in enumerate(lines) if line.startswith(title))
    subtitle, paragraphs = "", []
    for line in lines[first + 1 :]:
        if until and line.startswith(until):
            break
        if not paragraphs and not subtitle and line.startswith("——"):
            subtitle = line.lstrip("—")
        else:
            paragraphs.append(line)
    return ArticleDraft(title=lines[first], org=org, subtitle=subtitle, paragraphs=paragraphs)


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `python -m indexer ARGS` for real and return the finished process."""
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=cwd or ROOT, input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def workbench_index(tmp_path_factory) -> Path:
    """An index of the sample pages (inferred dates) plus three path-dated pages.

    The dated pages are 2021-01-12 (page 001 with 劳模 printed as 勞模), 2021-03-09
    (page 003 with 工会 printed as 工會) and the extra page of 2021-06-18, so months
    2021-02, -04 and -05 have no dated article at all.
    """
    from indexer.storage.writer import rebuild

    root = tmp_path_factory.mktemp("workbench")
    corpus = root / "corpus"
    corpus.mkdir()
    for page in sorted(PAGES.glob("*.txt")):
        shutil.copy(page, corpus / page.name)
    dated = {
        "2021/2021-01-12/01.txt": next(PAGES.glob("001_*.txt")).read_text("utf-8").replace("劳模", "勞模"),
        "2021/2021-03-09/02.txt": next(PAGES.glob("003_*.txt")).read_text("utf-8").replace("工会", "工會"),
        "2021/2021-06-18/03.txt": (ROOT / "tests/data/pages_extra/2021/2021-06-18/03.txt").read_text("utf-8"),
    }
    for name, text in dated.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    rebuild(corpus, root / "index")
    return root / "index"
