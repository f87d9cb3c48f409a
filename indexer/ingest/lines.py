"""What each logical line of a page is: an ordered table of rules.

Takes the logical lines of a page (``normalize.normalize_page``); gives
``Token`` records, one per line (two or three where the OCR ran a headline,
a credit or a brief's opening onto one line), each carrying its ``kind`` and
the ``rule`` that labelled it.

``RULES`` is the table: each ``Rule`` has a name, the kind it gives and a test.
The first rule whose test accepts a line labels it; the last rule (``body``)
accepts every line. ``classify_page`` gives the tokens of a whole page, so
``segment`` can cut them, ``explain`` can print which rule labelled each line,
and tests can name the rule they pin down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

from indexer.ingest.bylines import find_photo_credit, parse_author_line, parse_byline, trailing_byline
from indexer.ingest.normalize import (
    BULLET,
    ENUMERATED_SUBHEAD,
    cjk_count,
    continuation_way,
    display_width,
    dash_subtitle,
    is_bracketed_line,
    is_known_column,
    is_org_line,
    is_section_letter,
    looks_like_heading,
    normalize_page,
    opens_brief,
)


class Kind(Enum):
    """What a logical line of a page is."""

    LABEL = "label"  # column label: 跟着劳模去创新
    SECTION = "section"  # section letter of a special page: A
    FURNITURE = "furniture"  # page header, 本版编辑 line: belongs to no article
    CONTINUED = "continued"  # (下转第3版): the article goes on elsewhere, so it ends here
    RESUMED = "resumed"  # (上接第1版)
    SUBTITLE = "subtitle"  # ——蚌埠市总工会“跟着劳模去创新”工作综述
    ORG = "org"  # 宿州市总工会
    AUTHOR = "author"  # 省总工会党组书记、副主席 徐发成
    HEADING = "heading"  # headline, subhead, kicker or caption title
    BRIEF = "brief"  # body paragraph opening with 本报讯
    BODY = "body"
    BYLINE = "byline"  # (沈春 李宗泰) on a line of its own
    NOTE = "note"  # (本文系……发言), (据新华社12月20日电): closes, names nobody
    CREDIT = "credit"  # 朱宗楠 李慧慧/摄 on a line of its own
    BULLET = "bullet"  # ◆ item of a news digest
    DEBRIS = "debris"  # OCR remains: ・へ。, a lone 会


@dataclass
class Token:
    """One logical line of a page, what it is, and which rule said so."""

    kind: Kind
    text: str
    names: list[str] = field(default_factory=list)  # byline or credit names the line carries
    credit: bool = False  # the names are photographers': the line closes a caption
    title: str = ""  # CREDIT only: a headline the OCR ran on after the credit
    rule: str = ""  # the name of the rule in RULES that labelled the line
    decision: str = ""  # what the page cutter made of it (set by ``segment``)


@dataclass(frozen=True)
class Rule:
    """One row of the table: a name, the kind it gives, and its test.

    ``test(text, previous)`` gives the line's tokens, or None when the rule
    does not apply; ``previous`` is the token before the line, if any.
    """

    name: str
    kind: Kind
    test: Callable[[str, "Token | None"], "list[Token] | None"]

    @property
    def doc(self) -> str:
        """The first line of the test's docstring: what the rule recognises."""
        return (self.test.__doc__ or "").strip().split("\n")[0]


# Remains of a headline the OCR broke apart: 安庆市总工 / 会 / 区总工会.
ORG_FRAGMENT = re.compile(r"^[\u4e00-\u9fff]?(?:总工会|工会)$|^[\u4e00-\u9fff]{1,6}[省市县区]总工$")
# Where a brief's opening got run onto its headline: '阜阳商厦:…放首位 ★报讯 为切实…'.
RUN_ON_BRIEF = re.compile(r"\s(?=本报讯|★报讯)")
# Rules and marks printed as decoration, which the OCR reads as 一 or 丨.
DECORATION = "一丨|—－-_·・．.…■□▲△◆◇●○★☆"
# A page header: the issue date with its weekday (02 综合新闻 2025年7月22日 星期二).
PAGE_HEADER = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*星期[一二三四五六日天]")
PAGE_HEADER_MAX_CHARS = 40
# The editors' line at the foot of a page: 本版编辑：程诚, 责任编辑：许静 美编：张弛.
EDITOR_LINE = re.compile(
    r"^(?:本版编辑|责任编辑|责编|美编|版式|校对|组版)(?:\s*[:：]\s*|\s+)[\u4e00-\u9fff]{2,4}(?:\s|$)"
)
EDITOR_LINE_MAX_CHARS = 30
# A byline without brackets opens with a reporter's role: 本报记者 王一凡.
PLAIN_BYLINE = re.compile(r"^(?:本报记者|本报通讯员|特约记者|见习记者|首席记者|记者|通讯员)\s*[\u4e00-\u9fff]")
PLAIN_BYLINE_MAX_CHARS = 30
# Widest subhead printed behind a bullet mark; a wider bullet line is a digest item.
BULLET_SUBHEAD_MAX_WIDTH = 20.0
# A personal name alone on a line (2–4 characters).
AUTHOR_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# A subhead in brackets: 【驿站就建在路边】, [坚持标准 严把质量].
BRACKET_SUBHEAD = re.compile(r"^[【\[〖][^】\]〗]{2,30}[】\]〗]$")
# A numbered subhead: 一、…, （一）…, 1. …, 第一，….
NUMBERED_SUBHEAD = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[0-9]{1,2}[.、．]\s*\D)")


# ---------------------------------------------------------------------------
# The tests, in the order of the table.


def _section_letter(text: str, previous: Token | None) -> list[Token] | None:
    """A lone section letter of a special page (A, B)."""
    return [Token(Kind.SECTION, text)] if is_section_letter(text) else None


def _continuation(text: str, previous: Token | None) -> list[Token] | None:
    """A continuation mark on its own: (下转第3版) ends the article here, (上接第1版) resumes one."""
    way = continuation_way(text)
    if way is None:
        return None
    return [Token(Kind.RESUMED if way in ("上接", "接") else Kind.CONTINUED, text)]


def _page_header(text: str, previous: Token | None) -> list[Token] | None:
    """A page header: the issue's date and weekday, with the page's name and number."""
    if len(text) <= PAGE_HEADER_MAX_CHARS and PAGE_HEADER.search(text):
        return [Token(Kind.FURNITURE, text)]
    return None


def _editor_line(text: str, previous: Token | None) -> list[Token] | None:
    """The editors' line at the foot of a page: 本版编辑：程诚, 责任编辑：许静 美编：张弛."""
    if len(text) <= EDITOR_LINE_MAX_CHARS and EDITOR_LINE.match(text):
        return [Token(Kind.FURNITURE, text)]
    return None


def _known_column(text: str, previous: Token | None) -> list[Token] | None:
    """A column label listed in data/columns.txt: 基层短波, 图片新闻."""
    return [Token(Kind.LABEL, text)] if is_known_column(text) else None


def _bullet_subhead(text: str, previous: Token | None) -> list[Token] | None:
    """A short subhead behind a bullet mark, as features print them: ■围绕中心 服务大局."""
    rest = text[1:].strip()
    if BULLET.match(text) and looks_like_heading(rest) and display_width(rest) <= BULLET_SUBHEAD_MAX_WIDTH:
        return [Token(Kind.HEADING, text)]
    return None


def _bullet(text: str, previous: Token | None) -> list[Token] | None:
    """An item of a news digest opening with a bullet mark: ◆习近平作出重要指示……"""
    if BULLET.match(text) and cjk_count(text) >= 2:
        return [Token(Kind.BULLET, text)]
    return None


def _byline_tokens(text: str, names: list[str], previous: Token | None) -> list[Token] | None:
    """A line of names: the author under a headline or subtitle, else a closing byline."""
    if not names:
        return None
    if previous is not None and previous.kind in (Kind.HEADING, Kind.SUBTITLE):
        return [Token(Kind.AUTHOR, text, names)]  # under a headline it opens the article
    return [Token(Kind.BYLINE, text, names)]


def _bracketed_byline(text: str, previous: Token | None) -> list[Token] | None:
    """A byline in brackets on a line of its own: (沈春 李宗泰), （大通区工会）."""
    if not is_bracketed_line(text):
        return None
    return _byline_tokens(text, parse_byline(text), previous)


def _bracketed_note(text: str, previous: Token | None) -> list[Token] | None:
    """A note in brackets naming nobody: (本文系……发言), (据新华社12月20日电)."""
    return [Token(Kind.NOTE, text)] if is_bracketed_line(text) else None


def _is_debris(text: str) -> bool:
    """Tell whether a line is OCR remains that can be neither headline nor text."""
    return (cjk_count(text) < 2 or bool(ORG_FRAGMENT.match(text))
            or not text.strip(DECORATION + " "))


def body_token(text: str) -> Token:
    """Make a body token, noting the byline or photo credit that closes it, if any."""
    kind = Kind.BRIEF if opens_brief(text) else Kind.BODY
    names = trailing_byline(text)
    if names:
        return Token(kind, text, names)
    credit = find_photo_credit(text)
    if credit and not credit.after:
        return Token(kind, text, list(credit.names), credit=True)
    return Token(kind, text)


def _photo_credit(text: str, previous: Token | None) -> list[Token] | None:
    """A photo credit that is not simply a caption's last words: 张承锋 摄, 韩冰 刘思源/摄影报道.

    '・へ。 叶张佩 徐海燕/摄 蜀山区…落幕' is debris, a credit and the headline of
    the next photo run onto one line: it gives three tokens (debris is dropped).
    """
    credit = find_photo_credit(text)
    if credit is None or (credit.before and not credit.after):
        return None
    tokens: list[Token] = []
    if credit.before and not _is_debris(credit.before):
        tokens.append(Token(Kind.BODY, credit.before))
    title = credit.after if looks_like_heading(credit.after) else ""
    tokens.append(Token(Kind.CREDIT, credit.printed, list(credit.names), credit=True, title=title))
    if credit.after and not title:
        tokens.append(Token(Kind.BODY, credit.after))
    return tokens


def _plain_byline(text: str, previous: Token | None) -> list[Token] | None:
    """A byline on its own line without brackets: 本报记者 王一凡 (under a headline: the author)."""
    if len(text) > PLAIN_BYLINE_MAX_CHARS or not PLAIN_BYLINE.match(text):
        return None
    return _byline_tokens(text, parse_byline(text), previous)


def _brief_opening(text: str, previous: Token | None) -> list[Token] | None:
    """A paragraph opening a news brief: 本报讯 (OCR: ★报讯)."""
    return [body_token(text)] if opens_brief(text) else None


def _dash_subtitle(text: str, previous: Token | None) -> list[Token] | None:
    """A subtitle opening with —— (or 一 read by the OCR, right under a headline)."""
    subtitle = dash_subtitle(text, after_headline=previous is not None
                             and previous.kind is Kind.HEADING)
    return [Token(Kind.SUBTITLE, subtitle)] if subtitle is not None else None


def _org_line(text: str, previous: Token | None) -> list[Token] | None:
    """An organisation alone on a line, printed with a headline: 宿州市总工会."""
    return [Token(Kind.ORG, text)] if is_org_line(text) else None


def _author_line(text: str, previous: Token | None) -> list[Token] | None:
    """An author line under a headline: 省总工会党组书记、副主席 徐发成."""
    author = parse_author_line(text)
    return [Token(Kind.AUTHOR, text, author)] if author else None


def _author_name(text: str, previous: Token | None) -> list[Token] | None:
    """An author's name alone on the line under a subtitle: ——…的故事 / 方知秋."""
    if previous is None or previous.kind is not Kind.SUBTITLE or not AUTHOR_NAME.match(text):
        return None
    return [Token(Kind.AUTHOR, text, [text])]


def _org_and_headline(text: str, previous: Token | None) -> list[Token] | None:
    """An organisation and a headline the OCR ran onto one line: 界首市总工会 法制宣传走进企业."""
    if " " not in text:
        return None
    org, rest = text.split(" ", 1)
    if is_org_line(org) and looks_like_heading(rest):
        return [Token(Kind.ORG, org), Token(Kind.HEADING, rest.strip())]
    return None


def _run_on_brief(text: str, previous: Token | None) -> list[Token] | None:
    """A headline with the 本报讯 opening of its brief run onto the same line."""
    parts = RUN_ON_BRIEF.split(text, maxsplit=1)
    if len(parts) == 2 and looks_like_heading(parts[0]):
        return [Token(Kind.HEADING, parts[0].strip()), body_token(parts[1].strip())]
    return None


def _debris(text: str, previous: Token | None) -> list[Token] | None:
    """OCR remains that can be neither headline nor text: ・へ。, a lone 会, 一 一."""
    return [Token(Kind.DEBRIS, text)] if _is_debris(text) else None


def _bracket_subhead(text: str, previous: Token | None) -> list[Token] | None:
    """A subhead in brackets: 【驿站就建在路边】."""
    return [Token(Kind.HEADING, text)] if BRACKET_SUBHEAD.match(text) else None


def _numbered_subhead(text: str, previous: Token | None) -> list[Token] | None:
    """A numbered subhead: 一、强化政治引领, （二）…, 3. …."""
    if (ENUMERATED_SUBHEAD.match(text) or NUMBERED_SUBHEAD.match(text)) and looks_like_heading(text):
        return [Token(Kind.HEADING, text)]
    return None


def _headline_shape(text: str, previous: Token | None) -> list[Token] | None:
    """A line shaped like a headline, subhead, label or caption title: no sentence end."""
    return [Token(Kind.HEADING, text)] if looks_like_heading(text) else None


def _body(text: str, previous: Token | None) -> list[Token]:
    """Anything else: a body paragraph (its closing byline or photo credit noted)."""
    return [body_token(text)]


RULES: tuple[Rule, ...] = (
    Rule("section_letter", Kind.SECTION, _section_letter),
    Rule("continuation_mark", Kind.CONTINUED, _continuation),
    Rule("page_header", Kind.FURNITURE, _page_header),
    Rule("editor_line", Kind.FURNITURE, _editor_line),
    Rule("known_column", Kind.LABEL, _known_column),
    Rule("bullet_subhead", Kind.HEADING, _bullet_subhead),
    Rule("bullet", Kind.BULLET, _bullet),
    Rule("bracketed_byline", Kind.BYLINE, _bracketed_byline),
    Rule("bracketed_note", Kind.NOTE, _bracketed_note),
    Rule("photo_credit", Kind.CREDIT, _photo_credit),
    Rule("plain_byline", Kind.BYLINE, _plain_byline),
    Rule("brief_opening", Kind.BRIEF, _brief_opening),
    Rule("dash_subtitle", Kind.SUBTITLE, _dash_subtitle),
    Rule("org_line", Kind.ORG, _org_line),
    Rule("author_line", Kind.AUTHOR, _author_line),
    Rule("author_name", Kind.AUTHOR, _author_name),
    Rule("org_and_headline", Kind.ORG, _org_and_headline),
    Rule("run_on_brief", Kind.HEADING, _run_on_brief),
    Rule("debris", Kind.DEBRIS, _debris),
    Rule("bracket_subhead", Kind.HEADING, _bracket_subhead),
    Rule("numbered_subhead", Kind.HEADING, _numbered_subhead),
    Rule("headline_shape", Kind.HEADING, _headline_shape),
    Rule("body", Kind.BODY, _body),
)

RULE_NAMES = frozenset(rule.name for rule in RULES)
# Rules whose headings are subheads by their form alone.
SUBHEAD_RULES = frozenset({"bracket_subhead", "numbered_subhead", "bullet_subhead"})


def classify_line(text: str, previous: Token | None = None) -> list[Token]:
    """Label one logical line by the first rule of RULES that accepts it."""
    for rule in RULES:
        tokens = rule.test(text, previous)
        if tokens:
            for token in tokens:
                token.rule = rule.name
            return tokens
    raise AssertionError("the last rule accepts every line")  # pragma: no cover


def classify_lines(lines: list[str]) -> list[Token]:
    """Label a page's logical lines in order."""
    tokens: list[Token] = []
    for line in lines:
        tokens.extend(classify_line(line, tokens[-1] if tokens else None))
    return tokens


def classify_page(text: str) -> list[Token]:
    """Return the tokens of a page's text: its logical lines, each labelled by a rule."""
    return classify_lines(normalize_page(text))
