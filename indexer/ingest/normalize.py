"""Layout normalisation: raw page text in, logical lines out.

Takes the decoded text of one page; gives its logical lines in reading order:
each headline, label, byline or body paragraph on one line, with the breaks
that the layout or the OCR put in the middle of a sentence or a word joined
again (``提升技`` + ``术创新能力`` → ``提升技术创新能力``). Blank lines are
dropped: most pages put one after every printed line, so they say nothing
about paragraphs. Markup (``**``) is removed and runs of spaces collapsed; the
printed characters are otherwise kept as they are (width and script folding
belong to ``fold``).

Pages come in two shapes, and the page is measured to tell them apart:

* **paragraph per line** (most pages): a line is a paragraph unless it shows
  that it was cut, e.g. it holds a full stop before its end, or is too long
  for a headline yet carries a comma, or ends ``9月29`` before ``日``;
* **hard-wrapped** (narrow columns, page 003): every printed line is cut by
  the column, so lines are joined unless a line is clearly a headline (much
  shorter than the line after it) or a piece of page furniture.

This module also recognises the page furniture the joining must respect
(continuation marks, section letters, column labels, subtitles, bylines), and
``segment`` reuses those recognisers.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from indexer.wordlists import entries
from indexer.ingest.bylines import find_photo_credit, parse_author_line

# ---------------------------------------------------------------------------
# Punctuation classes (both widths occur: pages 001/004 print , ( ) ").
SENTENCE_END = "。！？!?…"  # a line ending in one of these ends its paragraph
CLOSING_AFTER_END = "”」』’\"'"  # closing quotes end a paragraph only after SENTENCE_END
BRACKET_END = ")）"  # bylines and notes close their paragraph: (张光宇)
INNER_STOP = "。！？!?；;"  # a full stop inside a line: that line is prose, not a headline
CLAUSE_MARK = "，,、：:；;"  # commas and colons: prose, or a two-part headline
CANNOT_START_LINE = "”」』’)）、，,。.：:；;！!？?…%"  # a line opening with these was cut

# Longest headline that may carry a comma ("一、紧扣“吸引过来”，着力加强入会宣传"
# is 19 wide); a comma-bearing line wider than this was cut mid-sentence.
HEADLINE_WITH_COMMA_MAX = 20.0
# Widest headline that may carry commas, list commas or a colon when its shape or
# the lead under it shows it is one (巢湖经开区周国栋、刘明远、张春华工作室获评…).
LONG_HEADLINE_MAX = 40.0
# A headline opening with a subject and a colon may carry this many commas, list
# commas and colons in all (the colon, then two clauses of two items each).
COLON_HEADLINE_MAX_MARKS = 5
# In a hard-wrapped page a fresh line this much narrower than the next is a headline.
HEADLINE_WIDTH_RATIO = 0.6
# Printed lines are joined into one logical line only up to this many characters
# (real paragraphs stay under 300): each join looks at the whole text joined so far,
# so without a bound a page of a million unended lines takes quadratic time.
MAX_JOINED_CHARS = 2000
# A page is hard-wrapped when fewer than this share of its lines end a sentence.
HARD_WRAPPED_SHARE = 0.5
# … unless this share of its lines that are not headline-shaped end a sentence (the
# page 003 and a narrow county page: 0.19 and 0.80; pages of briefs: 0.93 and more).
TEXT_LINES_ENDED_SHARE = 0.9

# ---------------------------------------------------------------------------
# Named patterns.
MARKUP = re.compile(r"\*\*|__")
SPACES = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009]+")
QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|‘[^‘’]*’|「[^「」]*」|《[^《》]*》|〈[^〈〉]*〉")
CONTINUATION_MARK = re.compile(
    r"[(（]\s*(?P<way>下转|上接|转|接)\s*第?\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[)）]"
)
SECTION_LETTER = re.compile(r"^[A-ZＡ-Ｚ]$")
DASH_SUBTITLE = re.compile(r"^(?:——|－－|--|—|―|–)\s*(?P<rest>\S.*)$")
# OCR often reads the dashes of a subtitle as 一; only trusted right under a headline.
OCR_DASH_SUBTITLE = re.compile(r"^一(?P<rest>[^、，,。一二三四五六七八九十百千万个名些是].+)$")
ENUMERATED_SUBHEAD = re.compile(r"^[一二三四五六七八九十]+、")
BRIEF_OPENER = re.compile(r"^(?:本报讯|★报讯|本报消息|本报(?:[\u4e00-\u9fff]{2,3})讯)")
BULLET = re.compile(r"^[◆◇●■□▲△]")  # not ★: OCR reads 本报讯 as ★报讯
BRACKETED_LINE = re.compile(r"^[(（][^()（）]*[)）]$")
# An organisation standing alone as a line: 宿州市总工会, 阜阳市颍东区总工会, 马钢集团工会.
ORG_LINE_SHAPE = re.compile(r"^[\u4e00-\u9fff]{4,20}$")
# 总工会 is tried before 工会, so 区总工会 reads as 区 + 总工会 (no owner: OCR debris).
ORG_SUFFIXES = ("总工会", "工会联合会", "工会", "工委")
ORG_OWNER_MARK = re.compile(r"[省市县区州盟旗镇乡街道村社园]|公司|集团|企业|局|厂|矿|院|校|站|所|行|委")
ORG_ALONE = {"省总工会", "全国总工会", "中华全国总工会"}
# A caption or a line of a caption pile: opens with a place (阜阳市, 临泉县).
PLACE_OPENING = re.compile(r"^[\u4e00-\u9fff]{2,4}[省市县区]")
CJK = re.compile(r"[\u4e00-\u9fff]")
# A headline opening with a place or body and a colon: 界首：…, 弋江区总工会：…
COLON_KICKER = re.compile(r"^[\u4e00-\u9fff“”\"（）()]{2,14}[：:]\S")
# A feature's lead may open on a scene or an occasion instead: 盛夏午后，…, 五一前夕，…,
# 春日暖阳下，….
SCENE_OPENING = re.compile(
    r"^(?:[\u4e00-\u9fff“”《》]{1,12}(?:以来|前夕|期间|之际|时节|当天|清晨|午后|傍晚)|"  # “五一”国际劳动节期间，
    r"(?!在)[\u4e00-\u9fff]{1,5}下|"  # 春日暖阳下，烈日下，（not 在…指导下）
    r"(?:盛夏|酷暑|炎夏|寒冬|隆冬|初春|早春|金秋|深秋|初冬|清晨|傍晚|凌晨|夜幕降临|"
    r"一大早|大清早|一早|清早|早上|早晨|中午|晚上|深夜|入夜)|"  # 一大早，临泉县总工会…
    r"在[^，,。；]{2,20}?(?:里|中|上|旁|内)|"  # 在旌德县一家企业的生产车间里，
    r"(?:伴随着|伴着|随着)[^，,。；]{2,12}|"  # 随着气温升高，伴随着欢快的锣鼓声，
    # a clock time, perhaps after the part of the day: 清晨5点半，早上7点，凌晨3时许，
    r"(?:清晨|凌晨|早上|早晨|上午|中午|午后|下午|傍晚|晚上|深夜|夜里)?[\d一二三四五六七八九十]{1,3}[点时]"
    r"(?:半|[\d一二三四五六七八九十]{1,3}分|许|多|左右)?)[，,]"
)
# How the lead of an article opens: a date, 近日/日前, a time of year, 本报讯; what the
# reporter learned (据了解，记者从…获悉，记者日前从…了解到).
LEAD_OPENING = re.compile(
    r"^(?:本报讯|★报讯|近日|日前|近期|近年来|连日来|连日|当天|今年以来|\S{1,6}以来[，,]|"
    r"近(?:一)?段时间|近来[，,]|前不久|不久前|据(?:了解|悉|介绍|统计)[，,]|"
    r"记者(?:近日|日前|近期|(?:\d{1,2}月)?\d{1,2}日)?从[^，,。；]{2,30}?(?:获悉|了解到|得知)|"
    r"(?:19|20)\d\d年|\d{1,2}月\d{1,2}日|\d{1,2}月(?:上旬|中旬|下旬|初|底)|今年\d{1,2}月|"
    r"[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
)
# A day of the month, its month left out: 12日上午，5日，13日至14日，. Alone it is
# no lead (a report of a visit goes on 10日，调研组… 11日上午，…); ``boundary`` counts it
# when a place new to the running story follows it.
DAY_OPENING = re.compile(r"^\d{1,2}日(?:至\d{1,2}日)?(?:[上中下]午|晚上?|晚间|早上|早晨|凌晨|傍晚)?[，,]\s*")
# A lead may open on a quotation, then its speaker: “有了驿站，我们有地方歇脚了。”环卫工人王大姐说。
QUOTE_OPENING = re.compile(
    r"^“[^“”]{4,100}”[，,]?[^。“”！？]{0,24}?(?:说|表示|介绍|感慨|坦言|告诉记者)"
)
# A spoken sentence quoted at the head of a paragraph (then the lead's date: “……！”9月6日，…);
# it ends on its own stop, unlike a quoted name (“职工书屋”建成以来).
QUOTATION = re.compile(r"^“[^“”]{3,100}[。！？!?…]”[，,]?")
DIGIT_END = re.compile(r"[0-9０-９]$")
UNIT_START = re.compile(r"^[日月年号时分秒元万亿个名人次家项场岁%％]")


# ---------------------------------------------------------------------------
# Small text measures.


def clean_line(line: str) -> str:
    """Return a printed line without markup, with runs of spaces made one and ends trimmed."""
    return SPACES.sub(" ", MARKUP.sub("", line)).strip()


def display_width(text: str) -> float:
    """Return the printed width of text in Chinese characters (ASCII counts half)."""
    return sum(map(_char_width, text))


@cache
def _char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5


def unquoted(text: str) -> str:
    """Return text with quoted spans (“…”, 《…》) removed: marks inside quotes say little."""
    return QUOTED.sub("", text)


def cjk_count(text: str) -> int:
    """Return how many Chinese characters text holds."""
    return len(CJK.findall(text))


def ends_sentence(line: str) -> bool:
    """Tell whether a line ends its paragraph by its last mark (。！？…, ”after 。, a bracket)."""
    text = line.rstrip()
    if not text:
        return False
    last = text[-1]
    if last in SENTENCE_END or last in BRACKET_END:
        return True
    if last in CLOSING_AFTER_END:
        return len(text) > 1 and text[-2] in SENTENCE_END
    credit = find_photo_credit(text)
    return bool(credit and not credit.after)  # a caption closed by its credit: ……潘柳全摄


def has_inner_stop(line: str) -> bool:
    """Tell whether a line holds a full stop before its end: a sentence, never a headline."""
    body = line.rstrip()
    while body and (body[-1] in SENTENCE_END or body[-1] in CLOSING_AFTER_END + BRACKET_END):
        body = body[:-1]
    rest = unquoted(body)
    return any(mark in rest for mark in INNER_STOP)


def has_clause_mark(line: str) -> bool:
    """Tell whether a line holds a comma, list comma or colon outside quotes."""
    rest = unquoted(line)
    return any(mark in rest for mark in CLAUSE_MARK)


# ---------------------------------------------------------------------------
# Page furniture and line shapes, shared with ``segment``.


@cache
def known_column_labels() -> frozenset[str]:
    """Return the known column labels of data/columns.txt, spaces removed."""
    return frozenset(SPACES.sub("", label) for label in entries("columns.txt"))


def is_known_column(line: str) -> bool:
    """Tell whether a line is a column label listed in data/columns.txt."""
    return SPACES.sub("", line) in known_column_labels()


def continuation_way(line: str) -> str | None:
    """Return '下转'/'上接'/… if the line is only a continuation mark, else None."""
    match = CONTINUATION_MARK.fullmatch(line.strip())
    return match.group("way") if match else None


def is_section_letter(line: str) -> bool:
    """Tell whether a line is a lone section letter (A, B, C) of a special page."""
    return bool(SECTION_LETTER.match(line.strip()))


def is_org_line(line: str) -> bool:
    """Tell whether a line is only an organisation's name: 宿州市总工会, 马钢集团工会."""
    text = line.strip()
    if text in ORG_ALONE:
        return True
    if not ORG_LINE_SHAPE.match(text):
        return False
    suffix = next((suffix for suffix in ORG_SUFFIXES if text.endswith(suffix)), None)
    owner = text[: -len(suffix)] if suffix else ""
    return len(owner) >= 2 and bool(ORG_OWNER_MARK.search(owner))


def dash_subtitle(line: str, after_headline: bool = False) -> str | None:
    """Return the subtitle without its dashes if the line opens with ——, else None.

    A line opening with 一 (the OCR's reading of ——) counts only right under a
    headline (``after_headline``), and only if it reads like a subtitle rather
    than prose or a numbered subhead (一、 …).
    """
    text = line.strip()
    if ends_sentence(text):
        return None
    match = DASH_SUBTITLE.match(text)
    if match:
        return match.group("rest").strip()
    if after_headline and not ENUMERATED_SUBHEAD.match(text):
        match = OCR_DASH_SUBTITLE.match(text)
        if match and looks_like_heading(match.group("rest")):
            return match.group("rest").strip()
    return None


def opens_brief(line: str) -> bool:
    """Tell whether a paragraph opens a news brief: 本报讯 (OCR: ★报讯)."""
    return bool(BRIEF_OPENER.match(line.strip()))


def is_bracketed_line(line: str) -> bool:
    """Tell whether a whole line sits in one pair of brackets: (沈春 李宗泰), (据新华社…电)."""
    return bool(BRACKETED_LINE.match(line.strip()))


def looks_like_heading(line: str) -> bool:
    """Tell whether a line has the shape of a headline, subhead, label or caption title.

    Headlines carry no sentence end and no full stop, at most a comma or two in a
    short line (精神引领，宣讲带动), up to three in a long one, and up to five after
    a subject and a colon (X工会：…讲安全、讲技能，…听得进、记得牢); they are not
    wider than two printed lines.
    """
    text = line.strip()
    if _asks_or_exclaims(text):
        text = text.rstrip("！？!?")  # 有困难，找工会！ 这个春天，你去过工会驿站吗？
    if cjk_count(text) < 2 or ends_sentence(text) or has_inner_stop(text):
        return False
    width = display_width(text)
    if width > 50:
        return False
    clauses = sum(unquoted(text).count(mark) for mark in CLAUSE_MARK)
    if clauses == 0 or (clauses <= 2 and width <= HEADLINE_WITH_COMMA_MAX + 4):
        return True
    if width > LONG_HEADLINE_MAX or ends_clause(text):
        return False
    # A subject and a colon, then a two-part headline with list commas
    # (铜化集团六国公司工会：班前会上讲安全、讲技能，职工听得进、记得牢).
    return clauses <= 3 or (clauses <= COLON_HEADLINE_MAX_MARKS and bool(COLON_KICKER.match(text)))


def _asks_or_exclaims(text: str) -> bool:
    """Tell whether a short line ends on ？ or ！ as a headline may (有困难，找工会！).

    Only a line not wider than a headline with a comma, not opening a quotation, and
    with no other stop: a body paragraph that ends so is longer or holds a full stop.
    """
    body = text.rstrip("！？!?")
    return (
        body != text
        and len(text) - len(body) <= 2
        and display_width(body) <= HEADLINE_WITH_COMMA_MAX + 4
        and not body.startswith(("“", "\"", "「", "‘"))
    )


def ends_clause(line: str) -> bool:
    """Tell whether a line stops on a comma or list comma: a sentence cut, not a headline."""
    text = line.rstrip()
    return bool(text) and text[-1] in "，,、；;：:"


def opens_lead(line: str) -> bool:
    """Tell whether a paragraph opens like an article's lead: 本报讯, 近日, a date."""
    return bool(LEAD_OPENING.match(line.strip()))


def headline_before_lead(line: str, nxt: str) -> bool:
    """Tell whether a long line with commas is a headline rather than a sentence cut short.

    A headline carries no full stop, is not wider than LONG_HEADLINE_MAX, and either
    opens with a place or body and a colon (歙县：腊八清晨，…) or stands above a
    paragraph that opens like a lead (近日, 1月8日下午, 本报讯).
    """
    text = line.strip()
    if has_inner_stop(text) or ends_sentence(text) or ends_clause(text):
        return False
    if display_width(text) > LONG_HEADLINE_MAX or cjk_count(text) < 4:
        return False
    return bool(COLON_KICKER.match(text)) or opens_lead(nxt) or bool(SCENE_OPENING.match(nxt.strip()))


def opens_quote(line: str) -> bool:
    """Tell whether a paragraph opens on a quotation and who said it (“……”，环卫工人王大姐说), as a lead may.

    The quotation may instead be followed by the lead's date or scene, the speaker
    named later: “……！”9月6日，在颍上县总工会职工法律服务中心，农民工李师傅说。
    """
    line = line.strip()
    if QUOTE_OPENING.match(line):
        return True
    quote = QUOTATION.match(line)
    return bool(quote) and (opens_lead(line[quote.end():]) or opens_scene(line[quote.end():]))


def opens_scene(line: str) -> bool:
    """Tell whether a paragraph opens on a scene or an occasion, as a feature's lead may."""
    return bool(SCENE_OPENING.match(line.strip()))


def looks_like_caption_line(line: str) -> bool:
    """Tell whether a line reads like one caption of a photo pile: a place, then no commas."""
    text = line.strip()
    return bool(PLACE_OPENING.match(text)) and not has_clause_mark(text) and not (
        has_inner_stop(text) or ends_sentence(text)
    )


# ---------------------------------------------------------------------------
# Joining.


@dataclass
class _Paragraph:
    """A logical line being built from printed lines; its glued text is kept as it grows."""

    lines: list[str]
    text: str
    width: float  # display_width(text), counted as lines are added

    @classmethod
    def of(cls, line: str) -> "_Paragraph":
        return cls([line], line, display_width(line))

    def add(self, line: str) -> None:
        glued = _glue(self.text, line)
        self.width += display_width(glued[len(self.text):])  # the line, and a space if one was put
        self.lines.append(line)
        self.text = glued

    @property
    def last(self) -> str:
        return self.lines[-1]


def _glue(left: str, right: str) -> str:
    """Join two pieces of one sentence: no space, except between two Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() \
            and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def split_furniture(line: str) -> list[str]:
    """Split continuation marks off a line: '…声誉。(下转第3版)' → ['…声誉。', '(下转第3版)']."""
    pieces: list[str] = []
    start = 0
    for match in CONTINUATION_MARK.finditer(line):
        pieces += [line[start:match.start()], match.group(0)]
        start = match.end()
    pieces.append(line[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def starts_fresh(line: str) -> bool:
    """Tell whether a line can only begin a logical line (nothing is glued in front of it)."""
    return (
        stands_alone(line)
        or opens_brief(line)
        or bool(ENUMERATED_SUBHEAD.match(line))
        or bool(BULLET.match(line))
    )


def stands_alone(line: str) -> bool:
    """Tell whether a line is furniture that is never joined to a neighbour."""
    return (
        continuation_way(line) is not None
        or is_bracketed_line(line)
        or is_section_letter(line)
        or is_known_column(line)
        or is_org_line(line)
        or dash_subtitle(line) is not None
        or bool(parse_author_line(line))
        or _is_bare_credit(line)
    )


def _is_bare_credit(line: str) -> bool:
    """Tell whether a line is a photo credit with text after it or nothing before it."""
    credit = find_photo_credit(line)
    return bool(credit and (credit.after or not credit.before))


def is_hard_wrapped(lines: list[str]) -> bool:
    """Tell whether a page is set in hard-wrapped narrow columns (most lines cut mid-sentence)."""
    prose = [line for line in lines if not stands_alone(line) and display_width(line) >= 6]
    if len(prose) < 6:
        return False
    ended = sum(1 for line in prose if ends_sentence(line))
    if ended / len(prose) >= HARD_WRAPPED_SHARE:
        return False
    # A page of many one-paragraph briefs has as many headlines as paragraphs: when
    # (nearly) every line that is not headline-shaped ends its sentence, the open
    # lines are headlines, and the page is not cut mid-sentence.
    text_lines = [line for line in prose if not looks_like_heading(line)]
    if not text_lines:
        return True
    cut = [line for line in text_lines if not ends_sentence(line)]
    ended_lines = [line for line in text_lines if ends_sentence(line)]
    if len(ended_lines) / len(text_lines) >= TEXT_LINES_ENDED_SHARE:
        return False
    # Lines cut by a column are the column's full width, at least as wide as the lines that
    # end a paragraph in it; a cut line narrower than the page's paragraphs is an OCR break
    # inside one paragraph, not the page's wrapping.
    if not ended_lines:
        return True
    return (statistics.median(display_width(line) for line in cut)
            >= statistics.median(display_width(line) for line in ended_lines))


def _cut_by_number(left: str, right: str) -> bool:
    """Tell whether a number was cut from its unit: '9月29' + '日'."""
    return bool(DIGIT_END.search(left) and UNIT_START.match(right))


def _joins(paragraph: _Paragraph, nxt: str, hard_wrapped: bool) -> bool:
    """Decide whether the next printed line continues the paragraph being built."""
    last, text = paragraph.last, paragraph.text
    if len(text) >= MAX_JOINED_CHARS:
        return False  # an OCR dump glued into one line: cut it, or every join rescans it
    if stands_alone(last) or starts_fresh(nxt) or ends_sentence(last):
        return False
    if nxt[0] in CANNOT_START_LINE or _cut_by_number(last, nxt):
        return True
    if looks_like_caption_line(text) and looks_like_caption_line(nxt):
        return False  # a pile of photo captions: each is its own line
    if not hard_wrapped and len(paragraph.lines) == 1 and headline_before_lead(text, nxt):
        return False  # a long headline above its lead
    if has_inner_stop(text):
        return True  # a sentence has begun and not yet ended
    if paragraph.width > HEADLINE_WITH_COMMA_MAX and has_clause_mark(text):
        return True  # prose too long for a headline
    if hard_wrapped:
        is_headline = (
            len(paragraph.lines) == 1
            and display_width(last) < HEADLINE_WIDTH_RATIO * display_width(nxt)
        )
        return not is_headline
    return False


def normalize_page(text: str) -> list[str]:
    """Return the logical lines of a page: paragraphs, headlines and furniture, breaks joined."""
    printed: list[str] = []
    for raw in text.split("\n"):
        line = clean_line(raw)
        if line:
            printed.extend(split_furniture(line))
    hard_wrapped = is_hard_wrapped(printed)
    paragraphs: list[_Paragraph] = []
    for line in printed:
        if paragraphs and _joins(paragraphs[-1], line, hard_wrapped):
            paragraphs[-1].add(line)
        else:
            paragraphs.append(_Paragraph.of(line))
    return [paragraph.text for paragraph in paragraphs]

