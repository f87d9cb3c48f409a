"""Turn pages into index documents: the work each rebuild worker and each update does.

Takes page files; gives Whoosh documents (one per article, with its row in the
text store), the manifest entry of each page and a ``Summary`` of what was
skipped and why. Used by ``workers`` (rebuild, one share of the pages per
process) and by ``writer`` (update, in process).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.fold import fold
from indexer.ingest.articles import page_articles
from indexer.ingest.corpus import PageError, Skipped, read_page, relative_source
from indexer.ingest.corrections import Corrections
from indexer.ingest.model import Article
from indexer.storage.schema import CITIES, LEVELS, day_number, mask, names
from indexer.storage.textstore import TextStoreWriter


@dataclass
class Summary:
    """What a rebuild or update did."""

    pages: int = 0  # pages in the index after the run
    articles: int = 0  # articles in the index after the run
    added: int = 0  # pages indexed for the first time
    changed: int = 0  # pages indexed again because they changed
    removed: int = 0  # pages gone from the corpus, removed from the index
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    generation: str = ""
    corrections_applied: int = 0  # fixes of corrections.toml applied
    stale_corrections: list[str] = field(default_factory=list)  # fixes that matched nothing
    rebuilt_because: str = ""  # why an update had to rebuild the whole index instead


def document(article: Article, row: int) -> dict:
    """Return the Whoosh fields of one article, stored at `row` of the text store."""
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "subtitle": article.subtitle,
        "org": article.org,
        "column": article.column,
        "byline": article.byline,
        "page": article.page,
        "seq": article.seq,
        "date": article.date,
        "date_inferred": article.date_inferred,
        "date_precision": article.date_precision,
        "evidence": json.dumps(article.evidence, ensure_ascii=False),
        "counties": article.counties,
        "text": article.text,
        "cities": ",".join(article.cities) or None,
        "levels": ",".join(article.levels) or None,
        "byline_names": names(article.byline),
        "column_name": names([article.column]),
        "county_names": names(article.counties),
        "city_mask": mask(article.cities, CITIES),
        "level_mask": mask(article.levels, LEVELS),
        "day": day_number(article.date),
        "row": row,
        "grams": article.title + "\n" + article.text,
        "title_grams": article.title,
        "title_words": article.title,
        "body_words": article.text,
    }


def _page_entry(path: Path, page_sha1: str, override: dict, articles: list[Article], date, inferred,
                fixes: list[dict], report: dict | None) -> dict:
    stat = path.stat()
    entry = {
        "sha1": page_sha1,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "override": override,
        "articles": [a.id for a in articles],
        "date": date,
        "date_inferred": inferred,
    }
    if fixes:  # `update` compares them to see a page whose corrections changed
        entry["fixes"] = fixes
        entry["corrections"] = report or {"applied": [], "stale": []}
    return entry


def index_pages(
    paths: Iterable[Path],
    root: Path,
    overrides: dict[str, dict],
    add: Callable[[Article], None],
    known_sha1: dict[str, str],
    summary: Summary,
    pages: dict[str, dict],
    tick: Callable[[], None],
    corrections: Corrections | None = None,
) -> None:
    """Read, cut, correct and add each page; record it in pages or in summary.skipped."""
    corrections = corrections or Corrections()
    for path in paths:
        source = relative_source(path, root)
        corrector = corrections.for_page(source)
        try:
            page = read_page(path, root, overrides)
            twin = known_sha1.get(page.sha1)
            if twin and twin != source:
                raise PageError(f"same content as {twin}; indexed once")
            try:
                articles = page_articles(page, corrector)
            except Exception as exc:  # a page the segmenter chokes on must not stop the run
                raise PageError(f"could not be split into articles ({type(exc).__name__}: {exc})") from exc
        except PageError as exc:
            summary.skipped.append(Skipped(source, str(exc)))
            tick()
            continue
        known_sha1[page.sha1] = source
        for article in articles:
            add(article)
        pages[source] = _page_entry(path, page.sha1, overrides.get(source, {}), articles,
                                    page.date, page.date_inferred, corrections.fixes_of(source),
                                    corrector.report() if corrector else None)
        tick()


def correction_report(pages: dict[str, dict], corrections: Corrections) -> dict:
    """Return the fixes applied and the stale ones (by file and key) over every indexed page."""
    applied, stale = 0, []
    for entry in pages.values():
        report = entry.get("corrections") or {}
        applied += len(report.get("applied", []))
        stale += report.get("stale", [])
    stale += corrections.stale_pages(set(pages))
    return {"applied": applied, "stale": stale}


def adder(writer, texts: TextStoreWriter) -> Callable[[Article], None]:
    """Return a function that adds an article to a Whoosh writer and the text store."""
    def add(article: Article) -> None:
        row = texts.add(fold(article.title), fold(article.text))
        writer.add_document(**document(article, row))
    return add
