"""New article or subhead: the decision at a headline-shaped line inside an open article.

Takes the heading token, the running article (its headline and paragraphs so
far) and the tokens after the heading; gives a ``Verdict``: ``new`` (the line
opens a new article) or not (it is a subhead or caption line of the running
one), with the evidence that decided, as short readable reasons.

The evidence is what a reader of the paper uses (see docs/INGESTION.md):

* decisive: a 【】 or numbered subhead form (subhead); a ``本报讯`` brief, an
  organisation line, a ``——`` subtitle, an author line or a column label
  between the line and its text, a captioned photo or a photo credit under it
  (new);
* weighed: the line's own shape (long, a ``place：`` kicker, an organisation
  or place as its subject, versus the short paired phrases of subheads); how
  the text after it opens (近日, 日前, a date, a day of the month then a new
  place, a place, 据了解, 记者从…获悉, a quotation and its speaker, 为…/作为…，
  X总工会…, a scene or occasion); whether that text continues the running story
  (its places and words) or brings new ones.

The line opens a new article when the weighed evidence reaches ``NEW_AT``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from indexer.ingest.lines import SUBHEAD_RULES, Kind, Token
from indexer.ingest.normalize import (
    COLON_KICKER,
    DAY_OPENING,
    LEAD_OPENING,
    QUOTATION,
    SCENE_OPENING,
    display_width,
    has_clause_mark,
    opens_lead,
    opens_quote,
    opens_scene,
)
from indexer.ingest.places import find_places

# Weighed evidence needed for a new article.
NEW_AT = 2.0
# A headline at least this wide is long for a subhead; one this narrow is short.
LONG_WIDTH = 16.0
SHORT_WIDTH = 10.0
# Share of the heading's character pairs found in the running article above
# which the heading continues the running story.
SHARED_WORDS_HIGH = 0.6
SHARED_WORDS_LOW = 0.25
# An item this short (in paragraphs) without a subtitle has seldom reached a subhead.
BRIEF_MAX_PARAGRAPHS = 3
# Characters of the following text read for its places.
FOLLOWING_CHARS = 160

# An organisation or place as the subject at the head of a line.
ORG_SUBJECT = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,16}?(?:总工会|工会|公司|集团|农场|煤矿|矿业|医院|学校|大学|学院|"
    r"银行|街道|社区|[省市县区镇乡村](?:委|政府|人社局|总工会))"
)
# Short phrases paired by a comma or space, as subheads are printed: 精神引领，宣讲带动.
PAIRED_PHRASES = re.compile(r"^[^，,\s]{2,9}[，,\s][^，,\s]{2,9}$")
# A heading this narrow, without commas, printed above another headline is a label or kicker.
LABEL_MAX_WIDTH = 8.0
# Headings of a feature printed alike differ in width by at most this much.
SAME_WIDTH = 4.0
# Tokens read under a heading for evidence.
FOLLOWING_TOKENS = 12
# What may stand between a lead's date and its actor: 上午, 下午, a comma.
# A news lead may open with a purpose clause, then its actor and when it acted:
# 为弘扬尊老敬老传统美德，黄山市总工会近日开展… (PURPOSE_LEAD, then ACTED_WHEN soon after).
# 作为…， opens the same way: 作为全省产业工人队伍建设改革试点，铜陵市总工会近日….
PURPOSE_LEAD = re.compile(r"^(?:为(?:了)?|作为)[^，,。；]{2,30}[，,]\s*")
# A month alone counts when it says from when the actor acted: 自7月起, 6月以来, 入冬以来.
ACTED_WHEN = re.compile(r"近日|日前|近期|近(?:一)?段时间|今年|\d{1,2}月\d{1,2}日|连日来|入[春夏秋冬]以来"
                        r"|[自从]?\d{1,2}月(?:份)?(?:起|以来|初|上旬|中旬|下旬|底)")
ACTED_WHEN_WITHIN = 16  # characters after the actor's start
# Whom the reporter learned from: 记者从宿州市总工会获悉，记者日前从郎溪县总工会了解到.
# … or on a day: 记者11月22日从蚌埠市总工会获悉，记者5日从…了解到.
REPORTER_SOURCE = re.compile(r"^记者(?:近日|日前|近期|(?:\d{1,2}月)?\d{1,2}日)?从")
LEAD_FILLER = re.compile(r"^(?:[上中下]午|晚上|早上|凌晨|[，,、\s])+")
SKIP = (Kind.HEADING, Kind.SECTION, Kind.DEBRIS, Kind.FURNITURE)


@dataclass
class Verdict:
    """The decision at one heading and the evidence behind it."""

    new: bool
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0

    weighed: bool = False  # decided by weighing evidence (not by one decisive sign)

    def describe(self) -> str:
        what = "new article" if self.new else "subhead of the running article"
        if self.weighed:
            what += f" (score {self.score:g}, new at {NEW_AT:g})"
        return f"{what} ({'; '.join(self.reasons)})" if self.reasons else what


@dataclass
class RunningStory:
    """What the running article has said so far: its places and its pairs of characters.

    Grown one paragraph at a time (``add``), so a page of many headings costs
    time in proportion to its length.
    """

    cities: set[str] = field(default_factory=set)
    pairs: set[str] = field(default_factory=set)
    paragraphs: int = 0  # how many paragraphs have been added (the headline counts as one)
    headed: bool = False  # it has a subtitle or an author line: a feature
    subheads: list[str] = field(default_factory=list)  # its subheads so far

    def add(self, text: str) -> None:
        self.cities |= _cities(text)
        self.pairs |= _pairs(text)
        self.paragraphs += 1


def _pairs(text: str) -> set[str]:
    chars = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    return {a + b for a, b in zip(chars, chars[1:])}


def _cities(text: str) -> set[str]:
    return {mention.city for mention in find_places(text) if mention.city}


def _subject(text: str) -> str:
    """Return the organisation or place a line opens with (its subject), or ''."""
    match = ORG_SUBJECT.match(text)
    if match:
        return match.group(0)
    places = find_places(text[:12])
    return places[0].matched if places and places[0].start == 0 else ""


def _lead_actor(lead: str) -> str:
    """Return the organisation or place a lead names right after its date (9月5日，包河区总工会…)."""
    match = LEAD_OPENING.match(lead)
    if not match:
        return ""
    source = REPORTER_SOURCE.match(lead)
    if source:
        return _subject(lead[source.end():])
    rest = LEAD_FILLER.sub("", lead[match.end():match.end() + 40])
    return _subject(rest)


def _purpose_lead_actor(lead: str) -> str:
    """Return the actor of a lead that opens with a purpose clause (为…，X总工会近日…), or ''."""
    match = PURPOSE_LEAD.match(lead)
    if not match:
        return ""
    rest = lead[match.end():]
    actor = _subject(rest)
    if not actor or not ACTED_WHEN.search(rest, len(actor), len(actor) + ACTED_WHEN_WITHIN):
        return ""
    return actor


def _day_lead_place(lead: str, running: RunningStory) -> str:
    """Return the place a lead names right after a day of the month (12日上午，凤阳县总工会…)
    when the running story has not named it, else ''."""
    match = DAY_OPENING.match(lead)
    if not match:
        return ""
    rest = lead[match.end():match.end() + 20]
    places = find_places(rest)
    if not places or places[0].start != 0 or _pairs(places[0].matched) <= running.pairs:
        return ""
    return places[0].matched


def new_to_story(text: str, running: RunningStory) -> bool:
    """Tell whether text opens on an organisation or place new to the story, or names a new city."""
    opener = _subject(text)
    if opener and not _pairs(opener) <= running.pairs:
        return True
    return bool(_cities(text) - running.cities)


def _same_shape(text: str, other: str) -> bool:
    """Tell whether two headings are printed alike: width within SAME_WIDTH, same marks."""
    return (abs(display_width(text) - display_width(other)) <= SAME_WIDTH
            and has_clause_mark(text) == has_clause_mark(other)
            and (" " in text) == (" " in other))


def _label_shaped(text: str) -> bool:
    """Tell whether a heading is narrow and plain enough to be a column label (基层 短播)."""
    return display_width(text) <= LABEL_MAX_WIDTH and not has_clause_mark(text)


def _take(tokens: Iterator[Token], limit: int = FOLLOWING_TOKENS) -> Iterator[Token]:
    """Yield at most limit tokens (the evidence lies just under the heading)."""
    for _, token in zip(range(limit), tokens):
        yield token


def _following(tokens: Iterable[Token]) -> tuple[str, list[Token]]:
    """Return the decisive signal after a heading ('' if none) and the body tokens under it."""
    signal = ""
    bodies: list[Token] = []
    for token in tokens:
        if token.kind in SKIP and not bodies:
            continue
        if token.kind in (Kind.ORG, Kind.SUBTITLE, Kind.AUTHOR, Kind.LABEL) and not bodies:
            signal = signal or f"{token.kind.value} line under it"
            continue
        if token.kind is Kind.BRIEF and not bodies:
            return "a 本报讯 brief opens under it", [token]
        if token.kind is Kind.CREDIT and not bodies:
            return "a photo credit under it", [token]
        if token.kind is Kind.CREDIT and len(bodies) == 1:
            return "a captioned photo under it", bodies  # one caption line, then its credit
        if token.kind is Kind.BODY:
            if not bodies and token.credit:
                return "a captioned photo under it", [token]
            if signal:
                return signal, [token]  # headline material, then text: a new article
            bodies.append(token)
            if sum(len(body.text) for body in bodies) >= FOLLOWING_CHARS:
                break
            continue
        break
    return "", bodies


def decide(heading: Token, running: RunningStory, after: Iterable[Token]) -> Verdict:
    """Decide whether a heading inside an open article opens a new article."""
    text = heading.text
    if heading.rule in SUBHEAD_RULES:
        return Verdict(False, [f"{heading.rule.replace('_', ' ')} form"])
    after = iter(after)
    first = next(after, None)
    if first is not None and first.kind is Kind.HEADING and _label_shaped(text):
        return Verdict(True, ["a label or kicker printed above another headline"])
    signal, bodies = _following(([first] if first is not None else []) + list(_take(after)))
    if signal:
        return Verdict(True, [signal])
    if not bodies:
        return Verdict(False, ["no text under it on the page"])
    following = "".join(body.text for body in bodies)[:FOLLOWING_CHARS]
    evidence: list[tuple[float, str]] = []
    width = display_width(text)
    if width >= LONG_WIDTH:
        evidence.append((1.0, "long for a subhead"))
    elif width <= SHORT_WIDTH:
        evidence.append((-1.0, "short, as subheads are"))
    subject = _subject(text)
    if COLON_KICKER.match(text):
        evidence.append((2.0, "opens with a place or body and a colon"))
    elif subject:
        evidence.append((1.0, f"an organisation or place is its subject ({subject})"))
        if _pairs(subject) <= running.pairs:
            evidence.append((-0.5, "its subject is the running story's"))
        else:
            evidence.append((0.5, "its subject is new to the running story"))
    if PAIRED_PHRASES.match(text) and width <= SHORT_WIDTH * 1.6:
        evidence.append((-1.0, "paired short phrases, as subheads are"))
    if opens_lead(following):
        evidence.append((1.5, "the text under it opens like a lead"))
        actor = _lead_actor(following)
        if actor:
            evidence.append((0.5, f"the lead names its actor first ({actor})"))
            if not _pairs(actor) <= running.pairs:
                evidence.append((0.5, "that actor is new to the running story"))
    elif _purpose_lead_actor(following):
        actor = _purpose_lead_actor(following)
        evidence.append((1.5, f"the text under it opens like a lead (a purpose clause, then {actor} and when)"))
        if not _pairs(actor) <= running.pairs:
            evidence.append((0.5, "that actor is new to the running story"))
    elif _day_lead_place(following, running):
        place = _day_lead_place(following, running)
        evidence.append((1.5, f"the text under it opens on a day of the month, then a place new to "
                              f"the running story ({place}), as a brief's lead does"))
    elif opens_quote(following):
        evidence.append((1.5, "the text under it opens on a quotation and its speaker, as a lead may"))
        # “……！”9月6日，在颍上县总工会…: the lead after the quotation names its actor.
        quote = QUOTATION.match(following)
        rest = following[quote.end():] if quote else ""
        opening = LEAD_OPENING.match(rest)
        after_date = LEAD_FILLER.sub("", rest[opening.end():]) if opening else ""
        actor = _subject(after_date[1:] if after_date.startswith("在") else after_date)
        if actor and not _pairs(actor) <= running.pairs:
            evidence.append((0.5, f"the lead after the quotation names an actor new to the "
                                  f"running story ({actor})"))
    elif opens_scene(following):
        evidence.append((1.5, "the text under it opens on a scene, as a feature's lead does"))
        place = _subject(following[1:]) if following.startswith("在") else ""
        scene = SCENE_OPENING.match(following)
        actor = _subject(following[scene.end():].lstrip()) if scene and not place else ""
        if place and not _pairs(place) <= running.pairs:
            evidence.append((0.5, f"the scene is in a place new to the running story ({place})"))
        elif actor and not _pairs(actor) <= running.pairs:
            # 一大早，临泉县总工会的工作人员…: the actor right after the time, as after a date.
            evidence.append((0.5, f"the lead names its actor after the scene ({actor}), new to "
                                  f"the running story"))
    else:
        # The subject of a lead stands after its purpose clause, if it has one (为…，灵璧县总工会开展…).
        purpose = PURPOSE_LEAD.match(following)
        opener = _subject(following[purpose.end():] if purpose else following)
        if opener and not _pairs(opener) <= running.pairs:
            evidence.append((1.0, f"the text under it opens with an organisation or place new to "
                                  f"the running story ({opener})"))
    new_cities = _cities(text + following) - running.cities
    if new_cities:
        evidence.append((1.0, f"names places new to the running story ({'、'.join(sorted(new_cities))})"))
    heading_pairs = _pairs(text)
    if heading_pairs:
        shared = len(heading_pairs & running.pairs) / len(heading_pairs)
        if shared >= SHARED_WORDS_HIGH:
            evidence.append((-1.5, f"shares {shared:.0%} of its words with the running story"))
        elif shared <= SHARED_WORDS_LOW:
            evidence.append((0.5, f"shares only {shared:.0%} of its words with the running story"))
    if running.headed:
        evidence.append((-1.0, "the running article is a feature (subtitle or author line)"))
    elif running.subheads:
        evidence.append((-0.5, "the running article has subheads already"))
    elif running.paragraphs <= BRIEF_MAX_PARAGRAPHS + 1:
        evidence.append((0.5, "the running article is a short item with no subheads so far"))
    if running.subheads and _same_shape(text, running.subheads[-1]):
        evidence.append((-1.0, f"shaped like the subhead before it ({running.subheads[-1]})"))
    score = sum(weight for weight, _ in evidence)
    reasons = [f"{'+' if weight > 0 else '−'}{abs(weight):g} {reason}" for weight, reason in evidence]
    return Verdict(score >= NEW_AT, reasons, score, weighed=True)
