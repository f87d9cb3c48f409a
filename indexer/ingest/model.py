"""The records passed between pipeline stages.

``Page`` comes out of ``corpus``; ``ArticleDraft`` out of ``segment``;
``Article`` is what ``writer`` indexes and ``export`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    """One page file, decoded."""

    source: str  # path relative to the corpus folder, with forward slashes
    text: str  # decoded text, BOM stripped, line ends normalised to "\n"
    date: str | None  # YYYY-MM-DD, from the path, the override file or the text
    date_inferred: bool  # True unless the date came from the path or the override file
    page: int | None  # page number, from the path (NN.txt) or the override file
    sha1: str  # of the raw bytes; `update` uses it to see a changed page
    # How fine an inferred date is: "day", "month" (不早于 2021年11月) or "year";
    # "day" for a date from the path or the override file.
    date_precision: str = "day"


@dataclass
class ArticleDraft:
    """One article as cut from a page, before metadata."""

    title: str  # the headline, without an organisation line
    paragraphs: list[str]  # body paragraphs in reading order, OCR breaks joined
    subtitle: str = ""  # the line opening with —— (without the dashes)
    org: str = ""  # organisation line printed with the headline (宿州市总工会)
    column: str = ""  # column label printed above the article (跟着劳模去创新)
    byline: list[str] = field(default_factory=list)  # names, roles removed
    photo_credit: list[str] = field(default_factory=list)  # photographers' names
    # The job titles of an author line under the headline (马鞍山市总工会党组书记、常务副主席
    # of `… 祁永胜`): whose organisation the author speaks for; read for places only.
    author_titles: str = ""


@dataclass
class Article:
    """One article with all its metadata: what is indexed and exported."""

    id: str
    title: str
    subtitle: str
    byline: list[str]
    column: str
    source: str
    page: int | None
    date: str | None
    date_inferred: bool
    cities: list[str]
    counties: list[str]
    levels: list[str]
    text: str  # subtitle and body paragraphs joined by "\n", as printed (not folded)
    org: str = ""
    seq: int = 0  # the article's place on its page, from 1
    # Why each label was given, for `explain` and the article page's 标注依据:
    # [{"label": "city"|"county"|"level", "value": "合肥", "rule": "…", "text": "the sentence"}]
    evidence: list[dict] = field(default_factory=list)
    date_precision: str = "day"  # of an inferred date: "day", "month" or "year" (see Page)
