"""Why a page was cut and labelled as it was.

Takes one page file; gives a plain ``Explanation``: each logical line of the
page with the kind it was taken for, the rule of ``lines.RULES`` that said so
and what the page cutter decided at it (for a headline-shaped line inside an
open article: new article or subhead, with the evidence), then each article
with its labels and, for each city, county and level, the rule and the
sentence that gave it (``Article.evidence``). ``format_text`` renders it for a
terminal; ``as_dict`` for ``--json``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from indexer.ingest.articles import page_articles
from indexer.ingest.corrections import PageCorrector
from indexer.ingest.corpus import PageError, read_page
from indexer.ingest.model import Article, Page
from indexer.ingest.segment import trace_page

YEAR_FOLDER = re.compile(r"^\d{4}$")
LINE_CHARS = 60  # a line longer than this is shortened in the text output (never in JSON)


@dataclass
class LineReport:
    """One logical line: what it was taken for, by which rule, and what was decided."""

    n: int
    text: str
    kind: str
    rule: str
    decision: str
    article: int | None  # the number of the article whose text holds the line, if any


@dataclass
class ArticleReport:
    """One article with its labels and the evidence for each."""

    n: int
    title: str
    org: str
    subtitle: str
    column: str
    byline: list[str]
    cities: list[str]
    counties: list[str]
    levels: list[str]
    evidence: list[dict] = field(default_factory=list)
    first: str = ""  # the opening of its text
    last: str = ""  # the end of its text


@dataclass
class Explanation:
    """What explain says about one page."""

    source: str
    date: str | None
    date_inferred: bool
    lines: list[LineReport]
    articles: list[ArticleReport]

    def as_dict(self) -> dict:
        return asdict(self)


def corpus_root(path: Path) -> Path:
    """Guess the corpus folder of a page: the folder above its YYYY folder, else its own folder."""
    resolved = path.resolve()
    for ancestor in resolved.parents:
        if YEAR_FOLDER.match(ancestor.name):
            return ancestor.parent
    return resolved.parent


def load_page(path: Path, corpus: Path | None = None) -> Page:
    """Read a page file as the indexer does; raise PageError with the reason if it cannot be used."""
    if not path.is_file():
        raise PageError(f"{path}: no such page file")
    root = (corpus or corpus_root(path)).resolve()
    try:
        path.resolve().relative_to(root)
    except ValueError as exc:
        raise PageError(f"{path} is not inside the corpus folder {root}") from exc
    return read_page(path.resolve(), root, {})


def _article_of_lines(lines: list[LineReport], articles: list[Article]) -> None:
    """Note, for each line, the article whose text or headline holds it (searching forward)."""
    start = 0
    for line in lines:
        for number in range(start, len(articles)):
            article = articles[number]
            if line.text and (line.text in article.text or line.text in (article.title, article.org)):
                line.article = number + 1
                start = number
                break


def explain_page(page: Page, corrector: PageCorrector | None = None) -> Explanation:
    """Explain how a page was cut into articles and how each was labelled (with its fixes, if given)."""
    tokens, _ = trace_page(page.text)
    lines = [LineReport(n, token.text, token.kind.value, token.rule, token.decision, None)
             for n, token in enumerate(tokens, start=1)]
    articles = page_articles(page, corrector)
    _article_of_lines(lines, articles)
    reports = [
        ArticleReport(
            n=number, title=article.title, org=article.org, subtitle=article.subtitle,
            column=article.column, byline=list(article.byline), cities=list(article.cities),
            counties=list(article.counties), levels=list(article.levels),
            evidence=list(article.evidence), first=article.text[:24], last=article.text[-24:],
        )
        for number, article in enumerate(articles, start=1)
    ]
    return Explanation(page.source, page.date, page.date_inferred, lines, reports)


def _evidence_lines(report: ArticleReport) -> list[str]:
    """Render the evidence of one article's labels, one label a line."""
    out: list[str] = []
    for label, values in (("city", report.cities), ("county", report.counties), ("level", report.levels)):
        for value in values:
            found = [e for e in report.evidence if e.get("label") == label and e.get("value") == value]
            if not found:
                out.append(f"    {label} {value}: (no evidence recorded)")
            for item in found:
                out.append(f"    {label} {value}: {item.get('rule', '?')} — “{item.get('text', '')}”")
    return out


def format_text(explanation: Explanation) -> str:
    """Render an explanation for a terminal."""
    date = explanation.date or "unknown"
    if explanation.date_inferred and explanation.date:
        date += " (inferred from the text: not earlier than)"
    out = [f"page {explanation.source}  date {date}", "", "LINES  (n kind [rule] text / what was decided)"]
    for line in explanation.lines:
        where = f"  → #{line.article}" if line.article else ""
        text = line.text if len(line.text) <= LINE_CHARS else line.text[:LINE_CHARS] + "…"
        out.append(f"{line.n:4} {line.kind:9} [{line.rule}] {text}{where}")
        if line.decision:
            out.append(f"{'':15}{line.decision}")
    out += ["", f"ARTICLES  ({len(explanation.articles)})"]
    for report in explanation.articles:
        out.append(f"#{report.n} {report.title or '(no headline)'}")
        for name, value in (("org", report.org), ("subtitle", report.subtitle),
                            ("column", report.column), ("byline", "、".join(report.byline))):
            if value:
                out.append(f"    {name}: {value}")
        out.append(f"    text: {report.first}…{report.last}")
        out.append(f"    cities: {'、'.join(report.cities) or '—'}   counties: "
                   f"{'、'.join(report.counties) or '—'}   levels: {'、'.join(report.levels) or '—'}")
        out.extend(_evidence_lines(report))
    return "\n".join(out)
