"""Parse the query language into a small tree.

Takes the text a researcher typed; gives a tree of ``Term``, ``Filter``, ``And``,
``Or`` and ``Not`` nodes, or raises ``QueryError`` with a message (in Chinese,
as the interface is) that says what to fix. The language:

    劳模 创新            both strings, each anywhere in the title or text
    "学党史 感党恩"      a string with spaces or punctuation (“…” works too)
    劳模 OR 工匠         either one;  (劳模 OR 工匠) 创新  groups
    劳模 NOT 扶贫        NOT or a leading minus: 劳模 -扶贫
    标题:劳模  title:劳模   the headline only
    城市:阜阳  级别:县区级  city: level:   the same as the city / level filters
    县:界首  作者:张光宇  栏目:工会新闻  county: author: column:   the same as those filters
                         (an author or column is matched whole, as printed)
    日期:2021-11  from:2021  to:2021-06   date ranges (YYYY, YYYY-MM, YYYY-MM-DD)

Every term is matched as an exact string after folding (``fold.fold``, the same
fold the text gets: Ⅱ, ii and II find each other, as do É and e, ＡＢＣ and abc,
臺 and 台), so a term is never split into words; one character works too.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from indexer.fold import fold, fold_char
from indexer.storage.schema import CITIES, LEVELS

MAX_QUERY_CHARS = 500
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_TERMS = 32
MAX_DEPTH = 8


class QueryError(ValueError):
    """A query that cannot be run; the message tells the user what to fix."""


@dataclass(frozen=True)
class Term:
    text: str  # folded
    title_only: bool = False
    display: str = ""  # as typed


@dataclass(frozen=True)
class Filter:
    facet: str  # "city" | "county" | "level" | "author" | "column" | "date"
    value: str | tuple[str, str]  # a label or name, or a (first, last) range of ISO dates


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


@dataclass(frozen=True)
class Everything:
    """The whole archive: an empty query, or a query of NOTs alone."""


FIELD_ALIASES = {
    "标题": "title", "title": "title",
    "城市": "city", "city": "city",
    "级别": "level", "level": "level", "层级": "level",
    "日期": "date", "date": "date",
    "县": "county", "county": "county",
    "作者": "author", "author": "author",
    "栏目": "column", "column": "column",
    "from": "from", "起": "from", "自": "from",
    "to": "to", "止": "to", "至": "to",
}

LEVEL_ALIASES = {"国家级": "全国", "全总": "全国", "省": "省级", "市": "市级", "县级": "县区级", "区级": "县区级",
                 "县区": "县区级", "乡镇": "乡镇街道", "街道": "乡镇街道", "基层企业": "企业"}


# ---------------------------------------------------------------- values


def city_label(value: str) -> str:
    """Return the city label for a typed city name (阜阳 or 阜阳市); raise QueryError."""
    name = value.strip().removesuffix("市")
    if name in CITIES:
        return name
    raise QueryError(f"没有这个城市：“{value}”。可选：{'、'.join(CITIES)}。")


def level_label(value: str) -> str:
    """Return the union-level label for a typed level; raise QueryError."""
    name = value.strip()
    name = LEVEL_ALIASES.get(name, name)
    if name in LEVELS:
        return name
    raise QueryError(f"没有这个工会级别：“{value}”。可选：{'、'.join(LEVELS)}。")


def county_label(value: str) -> str:
    """Return today's county-level name for a typed one (界首, 界首市, 颍上县); raise QueryError."""
    name = value.strip()
    found = _county_names().get(name)
    if found:
        return found
    raise QueryError(f"没有这个县区：“{value}”。请写县、县级市或区的名称，例如 县:界首 或 县:肥西县。")


@functools.cache
def _county_names() -> dict[str, str]:
    from indexer.ingest.places import divisions

    names: dict[str, str] = {}
    for d in divisions():
        if d.county:
            for typed in (d.county, d.name, d.short, *d.aliases):
                if typed:
                    names.setdefault(typed, d.county)
    return names


@functools.cache
def county_city(county: str) -> str | None:
    """Return the city a county-level division belongs to, or None if it is not in the table."""
    from indexer.ingest.places import divisions

    return next((d.city for d in divisions() if d.county == county), None)


DATE_FORMS = re.compile(r"^(\d{4})(?:[-./年](\d{1,2})(?:[-./月](\d{1,2})日?)?月?)?年?$")


def date_range(value: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a YYYY, YYYY-MM or YYYY-MM-DD period; raise QueryError."""
    text = fold(value).strip()
    match = DATE_FORMS.match(text)
    if not match:
        raise QueryError(f"日期“{value}”看不懂：请写成 2021、2021-11 或 2021-11-12。")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            first = last = dt.date(year, month, day)
        elif month is not None:
            first = dt.date(year, month, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise QueryError(f"日期“{value}”不存在：请检查月份和日子。") from None
    return first, last


# ---------------------------------------------------------------- lexer

UNKNOWN_PREFIX = re.compile(r"[A-Za-z\u4e00-\u9fff]{1,12}")  # looks meant as a field name
KNOWN_PREFIXES = "标题: 作者: 栏目: 城市: 县: 级别: 日期: from: to:（英文 title: author: column: city: county: level: date:）"


def unknown_prefix_message(field: str, word: str = "") -> str:
    """Return the message for a prefix that is not a field name (word: all that was typed)."""
    example = word or f"{field}:…"
    return (f"不认识的前缀“{field}:”。可用的前缀：{KNOWN_PREFIXES}。"
            f"要查找含冒号的文字本身，请加引号，例如 \"{example}\"。")


# A token: ("word", text) | ("phrase", text) | ("(",) | (")",) | ("field", name, typed)


def _lex(text: str) -> list[tuple]:
    tokens: list[tuple] = []
    depth = 0  # groups open so far: a ")" closes one only at the end of a word
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == " ":
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError("引号不成对：请补上结束的引号，或去掉多余的引号。")
            tokens.append(("phrase", text[i + 1:end]))
            i = end + 1
        elif ch == "(":
            tokens.append(("(",))
            depth += 1
            i += 1
        else:
            j = i
            while j < n and text[j] not in ' "':
                j += 1
            word = text[i:j]
            field, sep, rest = word.partition(":")
            if sep and field.lower() in FIELD_ALIASES:
                tokens.append(("field", FIELD_ALIASES[field.lower()], field))
                i += len(field) + 1  # lex what follows the colon: a word, "…" or (…)
                continue
            if sep and rest and UNKNOWN_PREFIX.fullmatch(field):
                raise QueryError(unknown_prefix_message(field, word))
            closers = min(len(word) - len(word.rstrip(")")), depth)
            core = word[: len(word) - closers]
            if core:
                tokens.append(("word", core))
            tokens.extend([(")",)] * closers)
            depth -= closers
            i = j
    return tokens


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, tokens: list[tuple]):
        self.tokens = tokens
        self.pos = 0
        self.terms = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse(self):
        node = self.or_expr(0)
        if self.peek() is not None:
            if self.peek()[0] == ")":
                raise QueryError("括号不成对：多了一个右括号“)”。")
            raise QueryError("查询没有读完，请检查括号和 OR/NOT 的位置。")
        return node

    def or_expr(self, depth: int):
        if depth > MAX_DEPTH:
            raise QueryError(f"括号嵌套太深（最多 {MAX_DEPTH} 层）。")
        items = [self.and_expr(depth)]
        while self._is_op("OR"):
            self.take()
            if self.peek() is None or self.peek()[0] == ")" or self._is_op("OR"):
                raise QueryError("OR 后面缺少词语，例如：劳模 OR 工匠。")
            items.append(self.and_expr(depth))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def _is_op(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1] == name

    def and_expr(self, depth: int):
        items = []
        while True:
            token = self.peek()
            if token is None or token[0] == ")" or self._is_op("OR"):
                break
            if self._is_op("AND"):
                self.take()
                continue
            items.append(self.unary(depth))
        if not items:
            token = self.peek()
            if self._is_op("OR"):
                raise QueryError("OR 前面缺少词语，例如：劳模 OR 工匠。")
            raise QueryError("括号里是空的，或查询只有运算符：请输入要查的词语。")
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self, depth: int):
        token = self.peek()
        if self._is_op("NOT"):
            self.take()
            if self.peek() is None or self.peek()[0] == ")" or self._is_op("OR"):
                raise QueryError("NOT 后面缺少要排除的词语，例如：劳模 NOT 扶贫。")
            return Not(self.unary(depth))
        if token[0] == "word" and token[1].startswith("-") and len(token[1]) > 1:
            self.tokens[self.pos] = ("word", token[1][1:])
            return Not(self.unary(depth))
        return self.primary(depth)

    def primary(self, depth: int, title_only: bool = False):
        token = self.take()
        kind = token[0]
        if kind == "(":
            node = self.or_expr(depth + 1)
            if self.take() != (")",):
                raise QueryError("括号不成对：请补上右括号“)”。")
            return _title_only(node) if title_only else node
        if kind == ")":
            raise QueryError("括号不成对：多了一个右括号“)”。")
        if kind == "field":
            return self.field(token[1], token[2], depth)
        if kind in ("word", "phrase"):
            text = " ".join(token[1].split())
            if not text:
                raise QueryError("引号里是空的：请在引号中写要查的内容。")
            self.terms += 1
            if self.terms > MAX_TERMS:
                raise QueryError(f"词语太多（最多 {MAX_TERMS} 个）：请分几次查询。")
            return Term(text=fold(text), title_only=title_only, display=text)
        raise QueryError("查询无法理解。")

    def field(self, name: str, typed: str, depth: int):
        nxt = self.peek()
        if nxt is None or nxt[0] not in ("word", "phrase", "("):
            raise QueryError(f"“{typed}:”后面缺少要查的内容，例如 {typed}:劳模。")
        if name == "title":
            return self.primary(depth, title_only=True)
        if nxt[0] == "(":
            raise QueryError(f"“{typed}:”后面只能跟一个值，例如 城市:阜阳。")
        value = self.take()[1]
        if name == "city":
            return Filter("city", city_label(value))
        if name == "level":
            return Filter("level", level_label(value))
        if name == "county":
            return Filter("county", county_label(value))
        if name in ("author", "column"):
            return Filter(name, " ".join(value.split()))
        first, last = date_range(value)
        if name == "from":
            last = dt.date(9999, 12, 31)
        elif name == "to":
            first = dt.date(1900, 1, 1)
        return Filter("date", (first.isoformat(), last.isoformat()))


def _title_only(node):
    if isinstance(node, Term):
        return Term(node.text, True, node.display)
    if isinstance(node, And):
        return And(tuple(_title_only(i) for i in node.items))
    if isinstance(node, Or):
        return Or(tuple(_title_only(i) for i in node.items))
    if isinstance(node, Not):
        return Not(_title_only(node.item))
    return node


def _fold_char_keep_case(ch: str) -> str:
    folded = fold_char(ch)
    if ch.isupper() and len(folded) == 1 and "a" <= folded <= "z":
        return folded.upper()  # Ｏ → O, not o
    return folded


def _fold_keep_case(text: str) -> str:
    """Fold like fold.fold, but keep Latin capitals (OR, NOT and AND are operators).

    Each term is folded again by fold.fold, which lower-cases what was kept here.
    """
    kept = "".join(_fold_char_keep_case(ch) for ch in text)
    # The fold leaves no control character but the line break; private-use and
    # unassigned characters stay, as they do in the text. Lone surrogates (a command
    # line's undecodable bytes) are in no text and cannot be encoded: they go.
    return LONE_SURROGATE.sub(" ", kept.replace("\n", " "))


def parse(text: str):
    """Parse a query; return its tree, Everything for an empty query; raise QueryError."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"查询太长（{len(text)} 个字符，最多 {MAX_QUERY_CHARS} 个）：请缩短。")
    tokens = _lex(_fold_keep_case(text))
    if not tokens:
        return Everything()
    return _Parser(tokens).parse()


def positive_terms(node) -> list[Term]:
    """Return the terms a result must or may contain (not those under NOT), for highlighting."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, (And, Or)):
        return [t for item in node.items for t in positive_terms(item)]
    return []
