"""Union levels: which tier(s) of the trade-union hierarchy an article is about.

Takes an ``ArticleDraft``; gives a list drawn from ``LEVELS``, in that order,
empty for an article that is not about a union (an investment report, a news
summary). The signal words live in ``data/union_levels.csv`` (level, pattern,
kind). A pattern starting ``{city}`` or ``{county}`` follows a place name that
``places`` found, so the divisions table decides the tier: 宿州市总工会 is
市级, but 界首市总工会 and 广德市总工会 (county-level cities) are 县区级.
Kinds: ``named`` names one union (安徽省总工会, 蜀山区总工会, 全总);
``bare`` is a generic form whose owner the reader infers (市总工会,
区总工会, 企业工会); ``unit`` is named when a name is printed before it
(龙西社区工会, 阜阳商厦工会) and bare otherwise (以镇工会为主导).

The rule, applied to each signal found:

1. Dropped when it is *plural* (各县区总工会: the tier as a category) or
   *passing*: the union as an authority or a source of honours rather than an
   actor — ``在省委和全总的坚强领导下``, ``按照全总部署``, ``由省总工会命名``,
   ``邀请省总工会…专家``. A bare 市级/县区级 form also needs the article to
   name some place, or there is no city whose union it could be.
2. Counted when it is in the headline, org line or subtitle, or in the lead
   (the first paragraph, or two when the first is a short quotation).
3. Counted when it opens a sentence of the body (its subject), perhaps after a
   time or a lead-in: ``据了解，今年以来，淮北市总工会开展了…``.
4. Otherwise a named signal of one level counts when it occurs in two or more
   body sentences; bare forms do not add up this way (a speech that says
   企业工会 twice is not about an enterprise union).
5. A bare 市级 form (市总工会) in an article whose only city-like union is a
   county-level city's (界首市总工会) refers to that union: 县区级.
6. Fallback: an article with no level whose headline is about an enterprise
   (阜阳商厦：始终将企业安全生产放首位) and which mentions its 工会 (工会主席)
   is 企业.

Honours of people (全国劳模, 全国优秀工会积极分子) match no pattern at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from indexer.ingest.model import ArticleDraft
from indexer.ingest.places import Passage, PlaceMention, article_passages

LEVELS = ("全国", "省级", "市级", "县区级", "乡镇街道", "企业")
LEVELS_FILE = "union_levels.csv"
KINDS = ("named", "bare", "unit")

# Occurrences in this many body sentences make a named union an actor (rule 4).
REPEATED_SENTENCES = 2

# Rule 1, plural: 各 just before the signal (各县区总工会, 各镇工会).
PLURAL_BEFORE = re.compile(r"各[级县市区]?$")
# Rule 1, passing: the union right before these is an authority, not an actor.
PASSING_AFTER = re.compile(
    r"的?(?:坚强|正确|统一|安排)?(?:领导|指导|部署|要求|安排|命名|授予|表彰|颁发|认定|批准|精神"
    r"|号召|关于|文件|通知|批复|决定)"
)
# ... and these earlier in the same clause: 邀请省总工会…, 被全总授予…, 按照全总…
PASSING_BEFORE = re.compile(r"邀请|被|荣获|获评|获得|评为|授予|按照|根据|依据|贯彻|落实|遵照|学习")
# 在省委和全总的坚强领导下: 在 before the union, …下 after it, one clause.
UNDER_CARE_BEFORE = re.compile(r"在")
UNDER_CARE_AFTER = re.compile(r"(?:领导|指导|支持|帮助|关心|关怀|重视|部署)下")
CLAUSE_END = "，。；！？,;!?"
# Rule 3: what may stand before the subject of a sentence.
LEAD_IN = re.compile(
    r"\s*(?:[★本]报讯\s*)?"
    r"(?:(?:据了解|据悉|近日|日前|近期|目前|最近|今年以来|近年来|去年以来|多年来|同时|此外|另外"
    r"|随后|会上|会后|活动中|下一步|今年|去年|当天|当日"
    r"|(?:\d{4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份|\d{1,2}日)?(?:至\d{1,2}日)?"
    r"(?:上午|下午|晚上|晚间|晚)?)\s*[，,]?\s*)*"
    r"由?"
)
# Rule "unit": a unit is named when a name character is printed right before it;
# these characters start a generic phrase instead (以镇工会为主导, 城乡工会).
NOT_A_NAME_BEFORE = "各的和与及等以为在向对全个级从把由将属城农之、，,。；;：:“”\"'（）() "
# Rule 6: an enterprise in the headline.
ENTERPRISE_HEADLINE = re.compile(r"公司|集团|厂|矿|商厦|商场|超市|医院|银行|酒店|企业")


@dataclass(frozen=True)
class LevelSignal:
    """One row of the signals table."""

    level: str
    kind: str  # named, bare or unit
    regex: re.Pattern[str]  # the whole pattern, or what follows the place for an owner
    owner: str | None  # "city" or "county" for {city}/{county} rows, else None


@dataclass(frozen=True)
class _Hit:
    """A signal found in a passage."""

    level: str
    start: int
    end: int
    named: bool
    county_city: bool = False  # the union of a county-level city (界首市总工会)


def union_levels(draft: ArticleDraft, passages: list[Passage] | None = None) -> list[str]:
    """Return the union levels the article is about, in ``LEVELS`` order."""
    if passages is None:
        passages = article_passages(draft)
    names_a_place = any(passage.places for passage in passages)
    found_hits = [(passage, hit) for passage in passages for hit in _hits(passage)]
    county_city_only = any(
        hit.county_city for _, hit in found_hits if hit.named and hit.level == "县区级"
    ) and not any(hit.named and hit.level == "市级" for _, hit in found_hits)

    found: set[str] = set()
    body_sentences: dict[str, set[int]] = defaultdict(set)
    for passage, hit in found_hits:
        level = hit.level
        if level == "市级" and not hit.named and county_city_only:
            level = "县区级"  # rule 5
        if _is_plural(passage.text, hit) or _is_passing(passage.text, hit):
            continue
        if level in ("市级", "县区级") and not hit.named and not names_a_place:
            continue
        if passage.where != "body" or _opens_sentence(passage.text, hit.start):
            found.add(level)
        elif hit.named:
            body_sentences[level].add(passage.index)
    found.update(lvl for lvl, seen in body_sentences.items() if len(seen) >= REPEATED_SENTENCES)
    if not found and _is_enterprise_story(draft, passages):
        found.add("企业")
    return [level for level in LEVELS if level in found]


def level_signals() -> list[LevelSignal]:
    """Return the signals table, compiled."""
    return [signal for group in _signals_by_owner().values() for signal in group]


# ---------------------------------------------------------------------------


def _hits(passage: Passage) -> list[_Hit]:
    """Find the signals in one passage; where two overlap keep the earlier, then longer."""
    text = passage.text
    if "工会" not in text and "总" not in text:
        return []  # every signal holds one of these: most sentences end here
    by_owner = _signals_by_owner()
    candidates: list[_Hit] = []
    for mention in passage.places:
        for signal in by_owner["city" if mention.county is None else "county"]:
            match = signal.regex.match(text, mention.end)
            if match is None or _place_inside(passage.places, mention.end, match.end()):
                continue
            candidates.append(
                _Hit(
                    signal.level,
                    _owner_start(passage.places, mention),
                    match.end(),
                    named=True,
                    county_city=mention.type == "county_city",
                )
            )
    for signal in by_owner[None]:
        for match in signal.regex.finditer(text):
            named = signal.kind == "named" or (
                signal.kind == "unit" and _has_name_before(text, match.start())
            )
            candidates.append(_Hit(signal.level, match.start(), match.end(), named))
    candidates.sort(key=lambda hit: (hit.start, -hit.end))
    chosen: list[_Hit] = []
    for hit in candidates:
        if not chosen or hit.start >= chosen[-1].end:
            chosen.append(hit)
    return chosen


def _owner_start(places: tuple[PlaceMention, ...], mention: PlaceMention) -> int:
    """Start a county's union at its city when printed together (阜阳市界首市总工会)."""
    for other in places:
        if other.end == mention.start and other.county is None and other.city == mention.city:
            return other.start
    return mention.start


def _place_inside(places: tuple[PlaceMention, ...], start: int, end: int) -> bool:
    """Tell whether another place is named between ``start`` and ``end``."""
    return any(start <= m.start < end for m in places)


def _has_name_before(text: str, start: int) -> bool:
    """Tell whether a unit word follows a printed name (龙西社区工会), not a phrase."""
    return start > 0 and text[start - 1] not in NOT_A_NAME_BEFORE


def _is_plural(text: str, hit: _Hit) -> bool:
    """Tell whether the signal names a tier as a category (各县区总工会)."""
    return PLURAL_BEFORE.search(text, 0, hit.start) is not None


def _is_passing(text: str, hit: _Hit) -> bool:
    """Tell whether the union stands as an authority or honour-giver, not an actor."""
    clause_start = max((text.rfind(mark, 0, hit.start) for mark in CLAUSE_END), default=-1) + 1
    ends = [i for i in (text.find(mark, hit.end) for mark in CLAUSE_END) if i != -1]
    clause_end = min(ends, default=len(text))
    before, after = text[clause_start : hit.start], text[hit.end : clause_end]
    if PASSING_AFTER.match(text, hit.end) or PASSING_BEFORE.search(before):
        return True
    return bool(UNDER_CARE_BEFORE.search(before) and UNDER_CARE_AFTER.search(after))


def _opens_sentence(text: str, start: int) -> bool:
    """Tell whether the signal is the subject of its sentence."""
    return LEAD_IN.fullmatch(text, 0, start) is not None


def _is_enterprise_story(draft: ArticleDraft, passages: list[Passage]) -> bool:
    """Tell whether an enterprise's own story mentions its union (rule 6)."""
    headline = f"{draft.title} {draft.org}"
    return bool(ENTERPRISE_HEADLINE.search(headline)) and any(
        "工会" in passage.text for passage in passages
    )


@cache
def _signals_by_owner() -> dict[str | None, tuple[LevelSignal, ...]]:
    """Load and compile the signals table (once per process), grouped by owner."""
    raw = resources.files("indexer.data").joinpath(LEVELS_FILE).read_text(encoding="utf-8")
    signals: list[LevelSignal] = []
    for row in csv.DictReader(io.StringIO(raw)):
        level, kind, pattern = row["level"], row["kind"], row["pattern"]
        if level not in LEVELS or kind not in KINDS:
            raise ValueError(f"{LEVELS_FILE}: bad level or kind in row {row}")
        owner = None
        for placeholder in ("city", "county"):
            if pattern.startswith("{" + placeholder + "}"):
                owner, pattern = placeholder, pattern[len(placeholder) + 2 :]
        signals.append(LevelSignal(level, kind, re.compile(pattern), owner))
    return {
        owner: tuple(signal for signal in signals if signal.owner == owner)
        for owner in ("city", "county", None)
    }
