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

The rules (``../shared/ANNOTATION.md``, "Union levels"), applied to each
signal found; the name in brackets is the ``rule`` of the evidence:

1. **Never** a level: a tier as a *category* (各县区总工会, 各级工会, 全省16个市
   总工会, 县区总工会); a union as an *abstract authority* (在省委和全总的坚强
   领导下, 在…关心下, 传达学习…总工会…讲话精神; 在…指导下 as years-long
   background: 近年来/多年来…); a bare unit word that is not the subject of its clause
   (以镇工会为主导, 指导企业工会…: unions as a category); a count after it
   (行业工会联合会44家).
2. **Allowed, left out** (the rules let them be given or not; the code drops
   them where the sentence shape is clear): a higher union's directive or an
   invitation (按照全总部署, 统一到全总部署上来, 邀请省总工会专家); in the body, the
   grantor of an honour in passing (the headline is not about an award), unions
   listed together with 、 in one clause, a co-host in a list after the lead.
3. Every other union that acts in the article counts, wherever it is named:
   [headline] in the headline, org line or subtitle; [host] 由…主办/承办;
   [grantor] granting, naming or commending (…被省总工会命名为…, 马鞍山市总工会
   命名表彰…); [guidance] guiding or helping the event (在经开区总工会的指导下);
   [lead] in the lead; [subject] as the subject of a body sentence; [named] any
   other mention (a leader attending: allowed, given).
4. *Which tier*: a bare 县总工会/区总工会 is 县区级 and a bare 市总工会 市级 even
   when the article names no place (在县总工会的指导和帮助下，某公司举办…);
   a bare 市总工会 belongs to the article's place, so in an
   article about a county-level city (界首, 天长, 巢湖: named first in the
   headline or lead, or as the owner of a named union) it is 县区级, unless a
   prefecture's union is also named; a bare 总工会 in a list of bodies
   (桐城市人社局、总工会…) takes the tier of the place before it; the union of
   a municipality (上海市总工会) is 省级; company, farm, project, a bureau's
   机关工会 are 企业, and so is the union of an enterprise of the owners table
   (安庆石化工会); 楼宇/园区/社区 joint unions are 乡镇街道; a bare unit union
   (社区工会联合会) belongs to the unit of the same word in the headline (…社区获评…)
   [bare form of the headline's unit].
5. Fallback [enterprise story]: an article with no level whose headline is
   about an enterprise (阜阳商厦：始终将企业安全生产放首位) and which mentions
   its 工会 (工会主席) is 企业.

Honours of people and places (全国劳模, 全国模范职工之家) match no pattern.
Every step is a scan of one sentence: linear in the article's length.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from indexer.ingest.model import ArticleDraft
from indexer.ingest.places import Passage, PlaceMention, article_passages, excerpt

LEVELS = ("全国", "省级", "市级", "县区级", "乡镇街道", "企业")
LEVELS_FILE = "union_levels.csv"
KINDS = ("named", "bare", "unit")

# Rule 1, category: before the signal (各县区总工会, 全省16个市总工会, 两级工会) …
PLURAL_BEFORE = re.compile(r"(?:各[级县市区]?|\d+个|[一二三四五六七八九十]+个|[两三四五]级)$")
# … or a count after it (行业工会联合会44家) …
PLURAL_AFTER = re.compile(r"\s*(?:\d+|[一二三四五六七八九十百]+)(?:家|个)")
# … or the signal itself covers several tiers or a tier as such (县区总工会, 市级…工会联合会).
PLURAL_SIGNAL = re.compile(r"县(?:区|市区)|市县|省市|[省市县区]级")
# Rule 1, abstract authority: 在 before the union, …下 after it, in one clause.
UNDER_BEFORE = re.compile(r"在")
AUTHORITY_AFTER = re.compile(r"(?:坚强|正确|亲切)?(?:领导|关心|关怀|重视|厚爱)下")
GUIDANCE_AFTER = re.compile(r"(?:指导|支持|帮助|推动|组织|协调|牵头|倡导)(?:和[\u4e00-\u9fff]{2})?下")
# 在…指导下 as years-long background, not this event: 近年来，在全总…的指导下.
BACKGROUND = re.compile(r"近年来|多年来|长期以来|一直|历来|始终|近些年")
# 传达学习…全总…讲话精神: the union is the source of a text studied, not an actor.
SPIRIT_AFTER = re.compile(r"(?:讲话|会议|全会|大会|文件|决议)精神")
STUDY_BEFORE = re.compile(r"传达|学习|贯彻|领会")
# Rule 3: the kind of action, for the evidence.
GRANT_AFTER = re.compile(r"[^，。；]{0,2}(?:命名|授予|表彰|颁发|认定|印发|评选|通报|授牌|授旗)")
GRANT_BEFORE = re.compile(r"被|获")
HOST_BEFORE = re.compile(r"由")
HOST_AFTER = re.compile(r"主办|承办|举办|组织|发起|牵头")
DIRECTIVE_BEFORE = re.compile(r"按照|根据|依据|落实|遵照|对照|邀请")
CLAUSE_END = "，。；！？,;!?"
# Context is read this many characters around a signal at most: a sentence the OCR
# never ended (a page without 。) must not make the scan quadratic.
WINDOW = 120
# Rule 3, subject: what may stand before the subject of a sentence.
LEAD_IN = re.compile(
    r"\s*(?:[★本]报讯\s*)?"
    r"(?:(?:据了解|据悉|近日|日前|近期|目前|最近|今年以来|近年来|去年以来|多年来|同时|此外|另外"
    r"|随后|会上|会后|活动中|下一步|今年|去年|当天|当日|其间|原来"
    r"|(?:\d{4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份|\d{1,2}日)?(?:至\d{1,2}日)?"
    r"(?:上午|下午|晚上|晚间|晚)?)\s*[，,]?\s*)*"
    r"由?"
)
# A unit is named when a name character is printed right before it; these
# characters start a generic phrase instead (以镇工会为主导, 城乡工会).
NOT_A_NAME_BEFORE = "各的和与及等以为在向对全个级从把由将属农之、，,。；;：:“”\"'（）() 本该其此"
# … or a verb, whose object is a kind of union, not one named (指导社区工会, 走访企业工会).
VERB_BEFORE = re.compile(
    r"(?:指导|帮助|组织|推动|督促|支持|走访|深入|来到|走进|联合|带领|开展|建立|成立|组建|举办|参加"
    r"|召开|要求|引导|鼓励|动员|协调|依托|通过|发挥|覆盖|培训|推进|加强|规范)$"
)
# A bare unit word is this article's unit when it is the subject of its clause
# (，场工会专门开会; 该公司工会…), and a category otherwise (指导企业工会…).
UNIT_SUBJECT_BEFORE = re.compile(r"(?:^|[，,。；;：:！？]|该|本|其)$")
# Allowed, and left out: a directive (按照全总部署), an invitation (邀请省总工会专家).
DROPPED_BEFORE = re.compile(r"按照|根据|依据|落实|遵照|对照|邀请|统一到|贯彻|响应")
# A grantor in the body counts when the award is the news: the headline says so.
AWARD_HEADLINE = re.compile(r"获评|命名|表彰|授予|授牌|称号|荣获|获得|表扬|通报|评为|先进|模范|示范")
# … but 企业工会 alone is enterprise unions in general unless pointed at (该企业工会).
POINTED_BEFORE = re.compile(r"(?:该|本|其)$")
# … and so is 一家…企业工会 (the union of one workplace, its name withheld).
ONE_OF_BEFORE = re.compile(r"一(?:家|所|个)[\u4e00-\u9fff]{0,8}$")
# Rule 4: a bare 总工会 in a list of bodies takes the tier of the place before it.
LISTED_UNION = re.compile(r"(?<=[、和与及])总工会")
# Rule 4: the union of a municipality is provincial (上海市总工会).
MUNICIPALITY_BEFORE = re.compile(r"(?:北京|天津|上海|重庆)$")
# Rule 5: an enterprise in the headline, and its union (工会主席), not a union station.
OWN_UNION = re.compile(r"工会(?!驿站|服务站|户外劳动者服务站)")
ENTERPRISE_HEADLINE = re.compile(r"公司|集团|厂|矿|商厦|商场|超市|医院|银行|酒店|企业|农场")
# A union printed right after an enterprise of the owners table, or after one of its
# units named in a few characters: 安庆石化工会, 马钢集团工会, 马钢交材工会.
# An area's union after a landmark's name is no workplace's: 桃花潭镇工会 is a town's (乡镇街道).
OWNER_UNION = re.compile(
    r"[\u4e00-\u9fff]{0,4}?(?:集团|股份)?(?:有限)?(?:公司)?(?<!总)(?<![镇乡村县市区])(?<!街道)(?<!社区)"
    r"工会(?!联合会|驿站|服务站|工作委员会)"
)
UNION_WORDS = re.compile(r"(?:[（(][^）)]*[）)])?(?:联合工会|总?工会(?:联合会)?)$")
COUNTY_TYPES = ("district", "county", "county_city", "former", "zone")

Evidence = dict[str, str]


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
    kind: str = "named"  # named, bare, unit or listed (a bare 总工会 in a list)
    place: PlaceMention | None = None  # the place that owns a named union (宿州 of 宿州市总工会)


@dataclass(frozen=True)
class _Context:
    """What the whole article says about where its bare forms belong."""

    county_city: bool  # a bare 市总工会 is a county-level city's union
    place_level: str | None  # the tier of the article's own place, for a listed 总工会
    headline: str  # headline, org line and subtitle: their units own the bare unit forms


def union_levels(draft: ArticleDraft, passages: list[Passage] | None = None) -> list[str]:
    """Return the union levels the article is about, in ``LEVELS`` order."""
    return level_evidence(draft, passages)[0]


def level_evidence(
    draft: ArticleDraft, passages: list[Passage] | None = None
) -> tuple[list[str], list[Evidence]]:
    """Return the union levels of an article and, for each, the sentence and rule that gave it."""
    levels, evidence, _ = acting_unions(draft, passages)
    return levels, evidence


def acting_unions(
    draft: ArticleDraft, passages: list[Passage] | None = None
) -> tuple[list[str], list[Evidence], list[tuple[PlaceMention, Passage]]]:
    """Return the levels, their evidence, and the places whose named unions act (宿州市总工会)."""
    if passages is None:
        passages = article_passages(draft)
    found_hits = [(passage, hit) for passage in passages for hit in _hits(passage)]
    context = _context(passages, [hit for _, hit in found_hits])
    proof: dict[str, Evidence] = {}
    places: list[tuple[PlaceMention, Passage]] = []
    starts_of: dict[int, list[int]] = {}  # each passage's signal starts, in order
    for passage, hit in found_hits:
        starts_of.setdefault(id(passage), []).append(hit.start)
    for passage, hit in found_hits:
        judged = _judge(passage, hit, context, starts_of[id(passage)])
        if judged is None:
            continue
        level, rule = judged
        if level not in proof:
            text = excerpt(passage.text, hit.start, hit.end)
            proof[level] = {"label": "level", "value": level, "rule": rule, "text": text}
        if hit.place is not None:
            places.append((hit.place, passage))
    if not proof and _is_enterprise_story(draft, passages):
        match, text = next((m, p.text) for p in passages if (m := OWN_UNION.search(p.text)))
        text = excerpt(text, match.start(), match.end())
        proof["企业"] = {"label": "level", "value": "企业", "rule": "enterprise story", "text": text}
    levels = [level for level in LEVELS if level in proof]
    return levels, [proof[level] for level in levels], places


def level_signals() -> list[LevelSignal]:
    """Return the signals table, compiled."""
    return [signal for group in _signals_by_owner().values() for signal in group]


# ---------------------------------------------------------------------------


def _judge(
    passage: Passage, hit: _Hit, context: _Context, neighbours: list[int]
) -> tuple[str, str] | None:
    """Return (level, rule) for one signal, or None when it gives no level."""
    text = passage.text
    if _is_plural(text, hit) or _is_abstract(text, hit):
        return None  # rule 1: never
    if passage.where != "head" and _is_allowed_only(passage, hit, context, neighbours):
        return None  # allowed by the rules, left out
    level = hit.level
    if hit.kind == "listed":
        level = _listed_level(passage, hit, context)
        if level is None:
            return None
    elif (
        hit.kind == "bare"
        and level == "市级"
        and MUNICIPALITY_BEFORE.search(text, max(0, hit.start - 2), hit.start)
    ):
        level = "省级"  # 上海市总工会
    elif hit.kind == "bare" and level in ("市级", "县区级"):
        if level == "市级" and context.county_city:
            level = "县区级"  # 界首…市总工会: the county-level city's union
    elif hit.kind in ("bare", "unit") and not hit.named:
        subject = UNIT_SUBJECT_BEFORE if hit.kind == "unit" else POINTED_BEFORE
        if passage.where == "head" or subject.search(text, max(0, hit.start - 1), hit.start):
            pass  # the headline's unit, or the subject of its clause (，场工会专门开会)
        elif ONE_OF_BEFORE.search(text, max(0, hit.start - 10), hit.start):
            pass  # 一家化工企业工会举办…: the union of one workplace, not a category
        elif _unit_word(text, hit) in context.headline:
            return level, "bare form of the headline's unit"  # 社区工会联合会 under …社区获评…
        else:
            return None  # 以镇工会为主导, 指导企业工会…: a category
    return level, _rule(passage, hit)


def _is_allowed_only(
    passage: Passage, hit: _Hit, context: _Context, neighbours: list[int]
) -> bool:
    """Tell whether a body mention is one the rules allow but do not require (left out).

    A higher union's directive or an invitation (按照全总部署, 邀请省总工会专家); the
    grantor of an honour mentioned in passing (the headline is not about an award);
    one of several unions listed together (…医院工会代表、…中心工会代表签署协议).
    """
    before, after = _clause(passage.text, hit)
    if DROPPED_BEFORE.search(before):
        return True
    if passage.where != "body":
        return False
    if HOST_AFTER.search(after) and "、" in before + after:
        return True  # a co-host in a list after the lead (…淮南市总工会、…共同举办)
    granting = GRANT_AFTER.match(passage.text, hit.end) or GRANT_BEFORE.search(before)
    if granting and not AWARD_HEADLINE.search(context.headline):
        return True
    if "、" not in before + after:
        return False
    low, high = hit.start - len(before), hit.end + len(after)
    return bisect.bisect_left(neighbours, high) - bisect.bisect_left(neighbours, low) >= 2


def _unit_word(text: str, hit: _Hit) -> str:
    """Return the unit a bare unit union belongs to: 社区 of 社区工会联合会, 场 of 场工会."""
    word = UNION_WORDS.sub("", text[hit.start : hit.end])
    return word or "\0"


def _rule(passage: Passage, hit: _Hit) -> str:
    """Name the rule by which a counted signal acts in the article (for the evidence)."""
    text = passage.text
    before, after = _clause(text, hit)
    if passage.where == "head":
        return "headline"
    if HOST_BEFORE.search(before) and HOST_AFTER.search(after):
        return "host"
    if GRANT_AFTER.match(text, hit.end) or GRANT_BEFORE.search(before):
        return "grantor"
    if UNDER_BEFORE.search(before) and GUIDANCE_AFTER.search(after):
        return "guidance"
    if DIRECTIVE_BEFORE.search(before):
        return "directive"
    if passage.where == "lead":
        return "lead"
    if LEAD_IN.fullmatch(text, 0, hit.start) is not None:
        return "subject"
    return "named"


def _context(passages: list[Passage], hits: list[_Hit]) -> _Context:
    """Read where the article's bare union forms belong."""
    named_city_union = any(hit.named and hit.level == "市级" and hit.kind != "bare" for hit in hits)
    county_city_union = any(hit.county_city for hit in hits if hit.named)
    main = next((p.places for p in passages if p.where != "body" and p.places), ())
    main_is_county_city = any(m.type == "county_city" for m in main) and all(
        m.type != "city" or m.city == main[0].city for m in main
    )
    place_level = None
    if main:
        place_level = "县区级" if any(m.type in COUNTY_TYPES for m in main) else "市级"
    return _Context(
        (county_city_union or main_is_county_city) and not named_city_union,
        place_level,
        " ".join(p.text for p in passages if p.where == "head"),
    )


def _listed_level(passage: Passage, hit: _Hit, context: _Context) -> str | None:
    """Return the tier of a bare 总工会 in a list: that of the place named before it."""
    before = [m for m in passage.places if m.end <= hit.start]
    if before:
        return "县区级" if before[-1].type in COUNTY_TYPES else "市级"
    return context.place_level


def _hits(passage: Passage) -> list[_Hit]:
    """Find the signals in one passage; where two overlap keep the earlier, then longer."""
    text = passage.text
    if "工会" not in text and "总" not in text:
        return []  # every signal holds one of these: most sentences end here
    by_owner = _signals_by_owner()
    candidates: list[_Hit] = []
    starts = [m.start for m in passage.places]  # in order (find_places sorts them)
    for mention in passage.places:
        if mention.type == "owner":
            # The union of an enterprise of the owners table is a workplace union (安庆石化工会).
            match = OWNER_UNION.match(text, mention.end)
            if match:
                candidates.append(_Hit("企业", mention.start, match.end(), named=True, place=mention))
        if mention.type in ("owner", "abbreviation"):
            continue  # 马钢工会 is a company's union, not a city's
        for signal in by_owner["city" if mention.county is None else "county"]:
            match = signal.regex.match(text, mention.end)
            if match is None or _place_inside(starts, mention.end, match.end()):
                continue
            candidates.append(
                _Hit(
                    signal.level,
                    _owner_start(passage.places, starts, mention),
                    match.end(),
                    named=True,
                    county_city=mention.type == "county_city",
                    place=mention,
                )
            )
    for signal in by_owner[None]:
        for match in signal.regex.finditer(text):
            named = signal.kind == "named" or (
                signal.kind == "unit" and _has_name_before(text, match.start())
            )
            kind = signal.kind if signal.kind != "unit" or not named else "named"
            candidates.append(_Hit(signal.level, match.start(), match.end(), named, kind=kind))
    for match in LISTED_UNION.finditer(text):
        candidates.append(_Hit("", match.start(), match.end(), False, kind="listed"))
    candidates.sort(key=lambda hit: (hit.start, -hit.end))
    chosen: list[_Hit] = []
    for hit in candidates:
        if not chosen or hit.start >= chosen[-1].end:
            chosen.append(hit)
    return chosen


def _owner_start(places: tuple[PlaceMention, ...], starts: list[int], mention: PlaceMention) -> int:
    """Start a county's union at its city when printed together (阜阳市界首市总工会)."""
    i = bisect.bisect_left(starts, mention.start) - 1  # the mention printed just before
    if i >= 0:
        other = places[i]
        if other.end == mention.start and other.county is None and other.city == mention.city:
            return other.start
    return mention.start


def _place_inside(starts: list[int], start: int, end: int) -> bool:
    """Tell whether a place is named between ``start`` and ``end`` (starts in order)."""
    return bisect.bisect_left(starts, end) > bisect.bisect_left(starts, start)


def _has_name_before(text: str, start: int) -> bool:
    """Tell whether a unit word follows a printed name (龙西社区工会), not a phrase."""
    if start == 0 or text[start - 1] in NOT_A_NAME_BEFORE:
        return False
    return VERB_BEFORE.search(text, max(0, start - 2), start) is None  # 指导社区工会


def _clause(text: str, hit: _Hit) -> tuple[str, str]:
    """Return the text of the hit's clause before and after it."""
    low, high = max(0, hit.start - WINDOW), min(len(text), hit.end + WINDOW)
    clause_start = max(max(text.rfind(mark, low, hit.start) for mark in CLAUSE_END) + 1, low)
    ends = [i for i in (text.find(mark, hit.end, high) for mark in CLAUSE_END) if i != -1]
    return text[clause_start : hit.start], text[hit.end : min(ends, default=high)]


def _is_plural(text: str, hit: _Hit) -> bool:
    """Tell whether the signal names a tier as a category (各县区总工会, 县区总工会)."""
    if PLURAL_SIGNAL.match(text, hit.start) or PLURAL_AFTER.match(text, hit.end):
        return True
    return PLURAL_BEFORE.search(text, max(0, hit.start - 8), hit.start) is not None


def _is_abstract(text: str, hit: _Hit) -> bool:
    """Tell whether the union stands as an abstract authority, not an actor (rule 1)."""
    before, after = _clause(text, hit)
    if UNDER_BEFORE.search(before):
        if AUTHORITY_AFTER.search(after):
            return True  # 在省委和全总的坚强领导下
        background = BACKGROUND.search(text, max(0, hit.start - WINDOW), hit.start)
        if GUIDANCE_AFTER.search(after) and background:
            return True  # 近年来，在全国总工会…的指导下: background, not this event
    if text.startswith("精神", hit.end):
        return True  # 学习宣传贯彻中国工会十七大精神
    sentence_after = text[hit.end : hit.end + WINDOW]
    spirit = SPIRIT_AFTER.search(sentence_after)
    if spirit is not None and "。" not in sentence_after[: spirit.start()]:
        studied = STUDY_BEFORE.search(text, max(0, hit.start - WINDOW), hit.start)
        return studied is not None or "精神" in after
    return False


def _is_enterprise_story(draft: ArticleDraft, passages: list[Passage]) -> bool:
    """Tell whether an enterprise's own story mentions its union (rule 5)."""
    headline = f"{draft.title} {draft.org}"
    return bool(ENTERPRISE_HEADLINE.search(headline)) and any(
        OWN_UNION.search(passage.text) for passage in passages
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
