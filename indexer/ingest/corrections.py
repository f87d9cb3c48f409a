"""A researcher's corrections of article boundaries and labels, kept in the corpus.

Takes ``corpus/corrections.toml``; gives ``Corrections``, and for each page a
``PageCorrector`` that ``articles.page_articles`` applies to the page's drafts
(split, join, title, byline, column) and to their labels (cities, counties,
levels). A fix names its article by the page's path and the article's headline,
never by an id or docnum, so it stays attached across rebuilds. Format (see
docs/CORRECTIONS.md):

    [[page]]
    path = "2021/2021-11-12/02.txt"

    [[page.fix]]
    article = "亳州：劳模创新工作室联盟成立"    # the headline, as the index shows it
    cities = ["亳州"]
    levels = ["市级"]

    [[page.fix]]
    article = "为有源头活水来"
    split_before = "精神引领，宣讲带动"          # a new article starts at this line

Fixes of a page apply in file order. A fix that matches nothing (the page is
gone, the headline changed, the line is not in the article) is reported, with
the file and its key, as ``stale``; it is never dropped silently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from indexer.fold import fold
from indexer.ingest.levels import LEVELS
from indexer.ingest.model import ArticleDraft
from indexer.ingest.places import city_names, divisions

CORRECTIONS_FILE = "corrections.toml"
RULE = "correction"  # the evidence rule of a label set by a fix

PAGE_KEYS = {"path", "fix"}
FIX_KEYS = {"article", "split_before", "new_title", "join_next", "title", "cities", "counties", "levels",
            "byline", "column", "note"}
LIST_KEYS = ("cities", "counties", "levels", "byline")
TEXT_KEYS = ("title", "column")
SPACE = re.compile(r"\s+")


class CorrectionsError(Exception):
    """corrections.toml cannot be used; the message says where and why."""


def _key(text: str) -> str:
    """Return the form two headlines or lines are compared in: folded, without spaces."""
    return SPACE.sub("", fold(text))


@dataclass(frozen=True)
class Fix:
    """One correction of one article."""

    path: str  # the page, relative to the corpus folder
    article: str  # the article's headline
    split_before: str | None = None
    new_title: str | None = None  # the headline of the article a split creates
    join_next: bool = False
    title: str | None = None
    column: str | None = None
    cities: tuple[str, ...] | None = None
    counties: tuple[str, ...] | None = None
    levels: tuple[str, ...] | None = None
    byline: tuple[str, ...] | None = None

    @property
    def where(self) -> str:
        """Return the file and key of this fix, as a report names it."""
        return f"{CORRECTIONS_FILE} [{self.path}] article “{self.article}”"

    def as_dict(self) -> dict:
        """Return the fix as plain data (the manifest keeps it to see a changed fix)."""
        out: dict = {"article": self.article}
        for name in ("split_before", "new_title", "title", "column"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.join_next:
            out["join_next"] = True
        for name in LIST_KEYS:
            if getattr(self, name) is not None:
                out[name] = list(getattr(self, name))
        return out


@dataclass
class Corrections:
    """Every fix of the corpus, by page path."""

    by_path: dict[str, list[Fix]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(fixes) for fixes in self.by_path.values())

    def fixes_of(self, source: str) -> list[dict]:
        """Return a page's fixes as plain data ([] if none)."""
        return [fix.as_dict() for fix in self.by_path.get(source, ())]

    def for_page(self, source: str) -> PageCorrector | None:
        """Return the corrector of one page, or None if the page has no fixes."""
        fixes = self.by_path.get(source)
        return PageCorrector(fixes) if fixes else None

    def stale_pages(self, indexed: set[str]) -> list[str]:
        """Return a report line for each fix whose page was not indexed."""
        return [f"{fix.where}: no such page in the index (moved, renamed or skipped?)"
                for path, fixes in self.by_path.items() if path not in indexed for fix in fixes]


# -- reading the file ------------------------------------------------------


def load_corrections(root: Path) -> Corrections:
    """Read corpus/corrections.toml (none: no fixes); raise CorrectionsError if it is broken."""
    path = root / CORRECTIONS_FILE
    if not path.exists():
        return Corrections()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CorrectionsError(f"{CORRECTIONS_FILE} is not UTF-8 text: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CorrectionsError(f"{CORRECTIONS_FILE} is not valid TOML: {exc}") from exc
    return parse_corrections(data)


def parse_corrections(data: dict) -> Corrections:
    """Check the parsed TOML and return its fixes; raise CorrectionsError naming the bad entry."""
    unknown = set(data) - {"page"}
    if unknown:
        raise CorrectionsError(f"{CORRECTIONS_FILE}: unknown table(s) {', '.join(sorted(unknown))}; "
                               "write each page as [[page]] with path = \"…\"")
    pages = data.get("page", [])
    if not isinstance(pages, list):
        raise CorrectionsError(f"{CORRECTIONS_FILE}: write each page as [[page]], not [page]")
    corrections = Corrections()
    for number, entry in enumerate(pages, 1):
        where = f"{CORRECTIONS_FILE} [[page]] number {number}"
        path = entry.get("path")
        if not isinstance(path, str) or not path.strip():
            raise CorrectionsError(f"{where}: path = \"YYYY/YYYY-MM-DD/NN.txt\" is missing")
        path = path.strip().replace("\\", "/").removeprefix("./")
        where = f"{CORRECTIONS_FILE} [{path}]"
        _no_unknown(entry, PAGE_KEYS, where)
        fixes = entry.get("fix", [])
        if not isinstance(fixes, list) or not fixes:
            raise CorrectionsError(f"{where}: has no [[page.fix]] entries")
        for fix in fixes:
            corrections.by_path.setdefault(path, []).append(_fix(path, fix, where))
    return corrections


def _no_unknown(entry: dict, known: set[str], where: str) -> None:
    unknown = sorted(set(entry) - known)
    if unknown:
        raise CorrectionsError(f"{where}: unknown key(s) {', '.join(unknown)} "
                               f"(known: {', '.join(sorted(known))})")


def _fix(path: str, entry: dict, where: str) -> Fix:
    if not isinstance(entry, dict):
        raise CorrectionsError(f"{where}: each [[page.fix]] must be a table")
    article = entry.get("article")
    if not isinstance(article, str):
        raise CorrectionsError(f"{where}: a fix needs article = \"<the article's headline>\"")
    where = f"{where} article “{article}”"
    _no_unknown(entry, FIX_KEYS, where)
    values: dict = {}
    for name in TEXT_KEYS + ("split_before", "new_title"):
        if name in entry:
            if not isinstance(entry[name], str):
                raise CorrectionsError(f"{where}: {name} must be text in quotes")
            values[name] = entry[name].strip()
    if values.get("split_before") == "":
        raise CorrectionsError(f"{where}: split_before must name the line the new article starts at")
    if "join_next" in entry:
        if not isinstance(entry["join_next"], bool):
            raise CorrectionsError(f"{where}: join_next must be true or false")
        values["join_next"] = entry["join_next"]
    if values.get("join_next") and "split_before" in values:
        raise CorrectionsError(f"{where}: split_before and join_next in one fix; write two fixes")
    if "new_title" in values and "split_before" not in values:
        raise CorrectionsError(f"{where}: new_title names the article a split creates; "
                               "it needs split_before (to rename this article, use title)")
    allowed = {"cities": city_names(), "levels": list(LEVELS), "counties": _county_names()}
    for name in LIST_KEYS:
        if name not in entry:
            continue
        items = entry[name]
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise CorrectionsError(f"{where}: {name} must be a list of names in quotes, like [\"合肥\"]")
        items = [i.strip() for i in items if i.strip()]
        wrong = [i for i in items if name in allowed and i not in allowed[name]]
        if wrong:
            hint = "、".join(allowed[name]) if name != "counties" else "today's full names, like 界首市"
            raise CorrectionsError(f"{where}: unknown {name[:-1] if name != 'cities' else 'city'} "
                                   f"{'、'.join(wrong)} (use: {hint})")
        values[name] = tuple(dict.fromkeys(items))
    if len(values) == 0 and not entry.get("note"):
        raise CorrectionsError(f"{where}: the fix changes nothing (set split_before, join_next, "
                               "title, cities, counties, levels, byline or column)")
    return Fix(path=path, article=article.strip(), **values)


def _county_names() -> list[str]:
    return list(dict.fromkeys(d.county for d in divisions() if d.county))


def _city_of_county() -> dict[str, str]:
    return {d.county: d.city for d in divisions() if d.county}


# -- applying the fixes of one page ------------------------------------------


@dataclass
class _Labelled:
    """A draft and the names it answers to (its headline before and after a title fix)."""

    draft: ArticleDraft
    names: set[str]
    label_fixes: list[Fix] = field(default_factory=list)


class PageCorrector:
    """Apply one page's fixes: first to the page's drafts, then to each article's labels."""

    def __init__(self, fixes: list[Fix]):
        self.fixes = fixes
        self.applied: list[str] = []  # `where` of each fix that applied
        self.stale: list[str] = []  # a report line for each fix that matched nothing
        self._labels: dict[int, list[Fix]] = {}

    def fix_drafts(self, drafts: list[ArticleDraft]) -> list[ArticleDraft]:
        """Return the page's drafts with boundaries, titles, bylines and columns fixed."""
        items = [_Labelled(d, {_key(d.title)}) for d in drafts]
        for fix in self.fixes:
            index = next((n for n, item in enumerate(items) if _key(fix.article) in item.names), None)
            if index is None:
                heads = "; ".join(f"“{item.draft.title}”" for item in items) or "none"
                self.stale.append(f"{fix.where}: no article with this headline on the page "
                                  f"(headlines now: {heads})")
                continue
            problem = self._apply(fix, items, index)
            if problem:
                self.stale.append(f"{fix.where}: {problem}")
            else:
                self.applied.append(fix.where)
        self._labels = {id(item.draft): item.label_fixes for item in items if item.label_fixes}
        return [item.draft for item in items]

    def _apply(self, fix: Fix, items: list[_Labelled], index: int) -> str | None:
        """Apply one fix to items[index]; return why it could not be applied, if so."""
        item = items[index]
        if fix.split_before is not None:
            parts = split_draft(item.draft, fix.split_before, fix.new_title)
            if parts is None:
                return f"the line “{fix.split_before}” is not in the article's text"
            item.draft = parts[0]
            items.insert(index + 1, _Labelled(parts[1], {_key(parts[1].title)}))
        if fix.join_next:
            if index + 1 >= len(items):
                return "join_next, but it is the last article of the page"
            following = items.pop(index + 1)
            item.draft = join_drafts(item.draft, following.draft)
        if fix.title is not None:
            item.draft.title = fix.title
            item.names.add(_key(fix.title))
        if fix.column is not None:
            item.draft.column = fix.column
        if fix.byline is not None:
            item.draft.byline = list(fix.byline)
        if fix.cities is not None or fix.counties is not None or fix.levels is not None:
            item.label_fixes.append(fix)
        return None

    def fix_labels(self, draft: ArticleDraft, labels: dict) -> dict:
        """Return an article's labels with the fixes' cities, counties and levels in place."""
        fixes = self._labels.get(id(draft))
        if not fixes:
            return labels
        labels = {**labels, "evidence": list(labels.get("evidence", []))}
        for fix in fixes:
            labels = _set_labels(labels, fix)
        return labels

    def report(self) -> dict:
        """Return what the page's fixes did, for the manifest."""
        return {"applied": list(self.applied), "stale": list(self.stale)}


def _set_labels(labels: dict, fix: Fix) -> dict:
    """Replace the labels a fix sets; the evidence of each says it is a correction."""
    if fix.cities is not None:
        labels["cities"] = list(fix.cities)
        if fix.counties is None:  # keep only the counties of the cities kept
            city_of = _city_of_county()
            labels["counties"] = [c for c in labels.get("counties", []) if city_of.get(c) in fix.cities]
    if fix.counties is not None:
        labels["counties"] = list(fix.counties)
        city_of = _city_of_county()
        cities = list(labels.get("cities", []))
        cities += [city_of[c] for c in fix.counties if city_of.get(c) and city_of[c] not in cities]
        labels["cities"] = cities  # a county brings its city
    if fix.levels is not None:
        labels["levels"] = list(fix.levels)
    kinds = {}
    if fix.cities is not None or fix.counties is not None:
        kinds.update(city="cities", county="counties")
    if fix.levels is not None:
        kinds["level"] = "levels"
    evidence = [item for item in labels["evidence"] if item.get("label") not in kinds]
    for kind, name in kinds.items():
        evidence += [{"label": kind, "value": value, "rule": RULE, "text": fix.where}
                     for value in labels.get(name, [])]
    labels["evidence"] = evidence
    return labels


# -- cutting and joining drafts ------------------------------------------------


def _origins(text: str) -> tuple[str, list[int]]:
    """Return text in compared form (_key) and, for each of its characters, its index in text."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        folded = SPACE.sub("", fold(char))
        out.append(folded)
        where += [index] * len(folded)
    return "".join(out), where


def find_line(paragraphs: list[str], line: str) -> tuple[int, int] | None:
    """Return (paragraph, character) where `line` starts: at a paragraph's start, else inside one.

    Inside one: the OCR may have joined a headline onto the text before it.
    The very start of the article (paragraph 0, character 0) is no place to cut.
    """
    wanted = _key(line)
    if not wanted:
        return None
    inside = None
    for number, paragraph in enumerate(paragraphs):
        key, where = _origins(paragraph)
        if key.startswith(wanted) and number:
            return number, 0
        found = key.find(wanted, 1)
        if found > 0 and inside is None:
            inside = (number, where[found])
    return inside


def split_draft(draft: ArticleDraft, line: str, new_title: str | None = None
                ) -> tuple[ArticleDraft, ArticleDraft] | None:
    """Cut a draft before `line` (at a paragraph's start or inside one); None if it is not there.

    If `line` is all that is left of its paragraph (a headline taken for a
    subhead, or glued onto the text before it), it becomes the new article's
    headline; otherwise the new article opens with it and has no headline,
    unless `new_title` gives one (taken off the text if the text opens with it).
    Names of the byline go with the part whose text prints them.
    """
    at = find_line(draft.paragraphs, line)
    if at is None:
        return None
    number, char = at
    paragraph = draft.paragraphs[number]
    before, after = paragraph[:char].rstrip(), paragraph[char:].strip()
    head = draft.paragraphs[:number] + ([before] if before else [])
    tail = [after] + draft.paragraphs[number + 1:]
    title = ""
    if _key(tail[0]) == _key(line) and len(tail) > 1:
        title, tail = tail[0], tail[1:]
    if new_title:
        title = new_title
        key, where = _origins(tail[0])
        if key.startswith(_key(new_title)) and len(key) > len(_key(new_title)):
            tail[0] = tail[0][where[len(_key(new_title))]:].strip()
        elif key == _key(new_title) and len(tail) > 1:
            tail = tail[1:]
    subtitle = ""
    if tail and tail[0].lstrip().startswith("——") and len(tail) > 1:
        subtitle, tail = tail[0].strip().lstrip("—").strip(), tail[1:]
    second = ArticleDraft(title=title, paragraphs=tail, subtitle=subtitle, column=draft.column)
    first = ArticleDraft(title=draft.title, paragraphs=head, subtitle=draft.subtitle, org=draft.org,
                         column=draft.column)
    tail_text = _key("".join(tail))
    for names, target in ((draft.byline, "byline"), (draft.photo_credit, "photo_credit")):
        for name in names:
            owner = second if _key(name) in tail_text else first
            getattr(owner, target).append(name)
    return first, second


def join_drafts(first: ArticleDraft, second: ArticleDraft) -> ArticleDraft:
    """Return one draft: the first, then the second's headline, subtitle and body as paragraphs."""
    title = first.title or second.title
    heads = (second.title if first.title else "", second.subtitle and "——" + second.subtitle)
    extra = [t for t in heads if t]
    return ArticleDraft(
        title=title,
        paragraphs=first.paragraphs + extra + second.paragraphs,
        subtitle=first.subtitle,
        org=first.org or second.org,
        column=first.column or second.column,
        byline=list(dict.fromkeys(first.byline + second.byline)),
        photo_credit=list(dict.fromkeys(first.photo_credit + second.photo_credit)),
    )
