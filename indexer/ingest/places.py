"""Place names of Anhui: find them in text, and cut an article into passages.

Takes any text; gives ``PlaceMention`` records saying which prefecture-level
city, and which county-level division (by its current name), each place name
refers to. The facts live in ``data/anhui_divisions.csv``, one row per name:

* ``name`` the full name (蜀山区, 界首市, 芜湖县); ``short`` the bare name
  (蜀山, 界首) or empty where it would be one character or another place's;
* ``city`` the short name of the prefecture-level city it belongs to today;
* ``type``: ``city``, ``district``, ``county_city`` (县级市), ``county``,
  ``former`` (an old name; ``current`` gives today's name, empty when it was a
  prefecture: 巢湖地区 → 合肥) or ``zone`` (a development zone with its own
  county-level union, e.g. 新站高新区);
* ``short_is_safe`` / ``name_is_safe``: ``no`` when the string is also an
  ordinary word (无为而治, 天长地久, 城市和县域); such a string only counts
  right after its own city (宣城宁国, 铜陵市郊区), as a headline label
  (``无为：``) or as the owner of a union (``和县总工会``);
* ``not_after``: characters that, just before the name, make it part of
  another word (青弋江, 平安庆祝);
* ``aliases``: other spellings matched like the full name (墉桥区).

Matching is one pass of one compiled regex, built as a trie so that the
longest name wins (黄山区 before 黄山, 宿州市 before 宿州). A name followed by
路/大道/大街 is a street of Hefei (芜湖路, 宿州路), and one followed by 域 is
a region (黄山区域, 市域); both are dropped and the shorter names inside the
match are tried instead.

Two more tables name places that are not divisions:

* ``data/anhui_owners.csv``: enterprises, institutions and landmarks that
  belong to one city beyond doubt (``马钢`` → 马鞍山, ``敬亭山`` → 宣城),
  some with their county (``屯溪老街`` → 屯溪区). Matched like the divisions
  (longest wins, a street after it drops it), except right after another place
  name or right before one: ``池州海螺`` and ``安徽合力蚌埠液力`` are branches
  in 池州 and 蚌埠, not the groups in 芜湖 and 合肥.
* ``data/anhui_abbreviations.csv``: one-character abbreviations, counted only
  in their fixed phrases after 来/赴/在/抵/驻/留/返/回 (``来滁``, ``赴芜``, ``留肥``), and
  not when the next character makes another word (``在池塘``, ``带来宣传``) or the
  phrase is a word of its own (``留宿``: the ``not_after`` column).

A county's bare name that follows a title and a surname is a person's given
name (``副主席葛怀远``), not the place.

``article_passages`` cuts an ``ArticleDraft`` into the headline lines, the lead
(first paragraph) and the body sentences, each with its place mentions, so
that ``metadata`` and ``levels`` read the article the same way.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from indexer.ingest.model import ArticleDraft

DIVISIONS_FILE = "anhui_divisions.csv"
OWNERS_FILE = "anhui_owners.csv"
ABBREVIATIONS_FILE = "anhui_abbreviations.csv"
TYPES = ("city", "district", "county_city", "county", "former", "zone", "owner")
ABBREVIATION = "abbreviation"  # the type of a mention found by its one-character form
# The fixed phrases of a one-character abbreviation: 来滁, 赴芜, 在蚌, 驻亳.
ABBREVIATION_AFTER = "来赴在抵驻留返回"
# 副主席葛怀远, 记者 王天长: a title, then a surname, then the short name is a given name.
PERSON_TITLE = re.compile(
    r"(?:主席|书记|主任|部长|局长|处长|科长|县长|市长|区长|镇长|乡长|经理|董事长|总裁|厂长|矿长"
    r"|校长|院长|站长|队长|组长|班长|委员|代表|劳模|工匠|师傅|同志|职工|工人|员工|记者|通讯员"
    r"|老师|教师|医生|司机|选手|会长|理事长|专家|干部)[、\s]*$"
)
# 葛怀远表示: after a surname, a short name followed by these is a person speaking.
PERSON_AFTER = re.compile(r"(?:说|表示|介绍|指出|强调|认为|告诉|同志|主席|书记|师傅)")
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤葛储查鲍凌檀齐岳柏桂童殷尤"
)

# After a place name these make it something else: a street (芜湖路, 宿州南路,
# 徽州大道 are streets of Hefei) or a region word (黄山区域, 合肥市域).
NOT_A_PLACE_AFTER = re.compile(r"[东南西北中]?路|大道|大街|域")
# What may follow an ordinary-word name for it to count: a headline label
# (无为：…) or the name of its union (和县总工会).
UNSAFE_NAME_OK_AFTER = re.compile(r"[：:]|总工会")

# The lead runs on into the next paragraph while it is shorter than this:
# features often open with a one-line quotation (问渠那得清如许？…).
LEAD_MIN_CHARS = 50
EXCERPT_CHARS = 300  # the longest sentence quoted whole as evidence
SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」\"']?|$)|[。！？!?]+")


@dataclass(frozen=True)
class Division:
    """One row of the divisions table."""

    name: str
    short: str
    city: str
    type: str
    short_is_safe: bool
    name_is_safe: bool
    current: str
    not_after: str
    aliases: tuple[str, ...]
    kind: str = ""  # for an owner: enterprise, institution or landmark

    @property
    def county(self) -> str | None:
        """Today's county-level name, or None for a city-level name."""
        if self.type == "city":
            return None
        if self.type in ("former", "owner"):
            return self.current or None
        return self.name


@dataclass(frozen=True)
class PlaceMention:
    """One place name found in a text."""

    city: str  # short name of the prefecture-level city: 阜阳
    county: str | None  # today's full county-level name (界首市), None for a city
    start: int
    end: int
    matched: str  # the text as printed: 阜阳市, 芜湖县, 墉桥区
    type: str  # the type of the row matched (see TYPES)


@dataclass(frozen=True)
class _Entry:
    """A string the matcher looks for, and the division it names."""

    division: Division
    safe: bool


@dataclass(frozen=True)
class _Gazetteer:
    """The loaded table and the matcher built from it."""

    divisions: list[Division]
    entries: dict[str, list[_Entry]]  # every matchable string → the divisions it names
    pattern: re.Pattern[str]  # any matchable string, longest first
    city_order: dict[str, int]  # city short name → official position
    county_order: dict[str, int]  # current county name → position in the table
    abbreviations: re.Pattern[str] | None  # 来滁, 赴芜: group 1 is the abbreviation
    abbreviation_city: dict[str, str]  # 滁 → 滁州


@dataclass(frozen=True)
class Passage:
    """A headline line or a sentence of an article, with the places it names."""

    text: str
    where: str  # "head" (title, org line, subtitle), "lead" or "body"
    index: int  # position in the article: sentences are counted, not characters
    places: tuple[PlaceMention, ...]


def divisions() -> list[Division]:
    """Return the rows of the divisions table, in file order."""
    return _gazetteer().divisions


def city_names() -> list[str]:
    """Return the 16 prefecture-level cities' short names in the official order."""
    return list(_gazetteer().city_order)


def county_sort_key(county: str) -> int:
    """Return a county's position in the divisions table (for stable ordering)."""
    return _gazetteer().county_order.get(county, len(_gazetteer().county_order))


def city_sort_key(city: str) -> int:
    """Return a city's position in the official order."""
    return _gazetteer().city_order.get(city, len(_gazetteer().city_order))


def find_places(text: str) -> list[PlaceMention]:
    """Find the Anhui place names in ``text``, longest first, never overlapping."""
    gazetteer = _gazetteer()
    mentions: list[PlaceMention] = []
    previous: PlaceMention | None = None
    pos = 0
    while (match := gazetteer.pattern.search(text, pos)) is not None:
        mention = _resolve(gazetteer, text, match.start(), match.group(), previous)
        if mention is None:
            pos = match.start() + 1
            continue
        mentions.append(mention)
        previous = mention
        pos = mention.end
    # 安徽合力蚌埠液力: an enterprise printed right before a place is its branch there.
    mentions = [
        m for m, after in zip(mentions, mentions[1:] + [None])
        if not (m.type == "owner" and after is not None and after.start == m.end)
    ]
    if gazetteer.abbreviations is not None:
        mentions = _with_abbreviations(gazetteer, text, mentions)
    return mentions


def _with_abbreviations(
    gazetteer: _Gazetteer, text: str, mentions: list[PlaceMention]
) -> list[PlaceMention]:
    """Add the one-character abbreviations in their fixed phrases (来滁) to ``mentions``."""
    starts = [m.start for m in mentions]  # in order, never overlapping

    def inside_a_name(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < mentions[i].end

    found = [
        PlaceMention(gazetteer.abbreviation_city[m.group(1)], None, m.start(1), m.end(1),
                     m.group(1), ABBREVIATION)
        for m in gazetteer.abbreviations.finditer(text)
        if not inside_a_name(m.start(1))
    ]
    if not found:
        return mentions
    return sorted(mentions + found, key=lambda mention: mention.start)


def article_passages(draft: ArticleDraft) -> list[Passage]:
    """Cut an article into headline lines, lead sentences and body sentences."""
    pieces: list[tuple[str, str]] = [
        (line, "head") for line in (draft.title, draft.org, draft.subtitle) if line.strip()
    ]
    lead_chars = 0
    for paragraph in draft.paragraphs:
        where = "lead" if lead_chars < LEAD_MIN_CHARS else "body"
        lead_chars += len(paragraph.strip())
        pieces.extend((sentence, where) for sentence in split_sentences(paragraph))
    return [
        Passage(text, where, index, tuple(find_places(text)))
        for index, (text, where) in enumerate(pieces)
    ]


def excerpt(text: str, start: int, end: int) -> str:
    """Return the sentence ``text``, or a window around ``start:end`` when it is overlong.

    Evidence quotes the sentence that gave a label; a sentence the OCR never ended
    (a page without 。) is cut to ``EXCERPT_CHARS`` around the words that decided.
    """
    if len(text) <= EXCERPT_CHARS:
        return text
    half = (EXCERPT_CHARS - (end - start)) // 2
    low = max(0, min(start - half, len(text) - EXCERPT_CHARS))
    high = min(len(text), low + EXCERPT_CHARS)
    return ("…" if low else "") + text[low:high] + ("…" if high < len(text) else "")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph after each 。！？ (keeping a closing quote with its sentence)."""
    return [s.strip() for s in SENTENCE.findall(paragraph) if s.strip()]


# ---------------------------------------------------------------------------
# Matching.


def _resolve(
    gazetteer: _Gazetteer, text: str, start: int, matched: str, previous: PlaceMention | None
) -> PlaceMention | None:
    """Accept the longest acceptable name that starts at ``start``, or None."""
    for length in range(len(matched), 0, -1):
        candidate = matched[:length]
        entries = gazetteer.entries.get(candidate)
        if not entries:
            continue
        end = start + length
        if NOT_A_PLACE_AFTER.match(text, end):
            continue
        for entry in entries:
            if _accepts(entry, text, start, end, previous):
                division = entry.division
                return PlaceMention(
                    division.city, division.county, start, end, candidate, division.type
                )
    return None


def _accepts(
    entry: _Entry, text: str, start: int, end: int, previous: PlaceMention | None
) -> bool:
    """Tell whether the name at ``start:end`` is this division in this context."""
    division = entry.division
    if division.type == "owner":
        # 池州海螺: printed after a place, an enterprise is that place's branch.
        return not (previous is not None and previous.end == start)
    if (
        start > 0
        and text[start - 1] in SURNAMES
        and text[start:end] == division.short
        and (
            PERSON_TITLE.search(text, max(0, start - 12), start - 1)
            or PERSON_AFTER.match(text, end)
        )
    ):
        return False  # 副主席葛怀远, 葛怀远表示: a given name
    # 铜陵市郊区, 宣城宁国, 黄山市黄山区: right after its own city, a name is the place.
    if (
        division.type != "city"
        and previous is not None
        and previous.end == start
        and previous.county is None
        and previous.city == division.city
    ):
        return True
    if start > 0 and text[start - 1] in division.not_after:
        return False
    if entry.safe:
        return True
    return UNSAFE_NAME_OK_AFTER.match(text, end) is not None


@cache
def _gazetteer() -> _Gazetteer:
    """Load the divisions table and compile the matcher (once per process)."""
    raw = resources.files("indexer.data").joinpath(DIVISIONS_FILE).read_text(encoding="utf-8")
    rows = [_division(row) for row in csv.DictReader(io.StringIO(raw))]
    rows += [_owner(row) for row in _read_table(OWNERS_FILE)]
    entries: dict[str, list[_Entry]] = {}
    for division in rows:
        for name in (division.name, *division.aliases):
            entries.setdefault(name, []).append(_Entry(division, division.name_is_safe))
        if division.short:
            entries.setdefault(division.short, []).append(
                _Entry(division, division.short_is_safe)
            )
    city_order = {d.city: i for i, d in enumerate(d for d in rows if d.type == "city")}
    county_order: dict[str, int] = {}
    for division in rows:
        if division.county is not None:
            county_order.setdefault(division.county, len(county_order))
    abbreviation_city, abbreviations = _abbreviations()
    return _Gazetteer(
        rows, entries, re.compile(_trie_regex(entries)), city_order, county_order,
        abbreviations, abbreviation_city,
    )


def _read_table(name: str) -> list[dict[str, str]]:
    """Read one CSV table of ``indexer/data``, fields stripped."""
    raw = resources.files("indexer.data").joinpath(name).read_text(encoding="utf-8")
    return [
        {key: (value or "").strip() for key, value in row.items()}
        for row in csv.DictReader(io.StringIO(raw))
    ]


def _owner(row: dict[str, str]) -> Division:
    """Turn one row of the owners table into a Division of type ``owner``."""
    if not row["name"] or not row["city"]:
        raise ValueError(f"{OWNERS_FILE}: a row needs a name and a city: {row}")
    return Division(
        name=row["name"], short="", city=row["city"], type="owner", short_is_safe=False,
        name_is_safe=True, current=row["county"], not_after="", aliases=(), kind=row["kind"],
    )


def _abbreviations() -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Load the abbreviations table: 滁 → 滁州, and the pattern of their fixed phrases."""
    rows = _read_table(ABBREVIATIONS_FILE)
    if not rows:
        return {}, None
    branches = [
        (f"(?<![{re.escape(row['not_after'])}])" if row.get("not_after") else "")
        + re.escape(row["abbr"])
        + (f"(?![{re.escape(row['not_before'])}])" if row["not_before"] else "")
        for row in rows
    ]
    pattern = re.compile(f"(?<=[{ABBREVIATION_AFTER}])(" + "|".join(branches) + ")")
    return {row["abbr"]: row["city"] for row in rows}, pattern


def _division(row: dict[str, str]) -> Division:
    """Turn one CSV row into a Division, checking the fields a typo would break."""
    row = {key: (value or "").strip() for key, value in row.items()}
    if row["type"] not in TYPES:
        raise ValueError(f"{DIVISIONS_FILE}: unknown type {row['type']!r} for {row['name']}")
    return Division(
        name=row["name"],
        short=row["short"],
        city=row["city"],
        type=row["type"],
        short_is_safe=row["short_is_safe"] == "yes",
        name_is_safe=row["name_is_safe"] == "yes",
        current=row["current"],
        not_after=row["not_after"],
        aliases=tuple(alias for alias in row["aliases"].split("|") if alias),
    )


def _trie_regex(words: Iterable[str]) -> str:
    """Build a regex matching any of ``words``, preferring the longest at each start."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # end of a word

    def pattern(node: dict) -> str:
        children = sorted((char, child) for char, child in node.items() if char)
        branches = [re.escape(char) + pattern(child) for char, child in children]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A word may end here: the (greedy) optional group still tries the longer first.
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)
