"""Names from bylines, photo credits and author lines.

Takes the printed text of a byline (``徐希涛 本报记者 何遐``), a photo credit
(``朱宗楠 李慧慧/摄``) or an author line (``省总工会党组书记、副主席 徐发成``);
gives the names printed in it, in order and without repeats, with the roles
removed. The role words live in ``data/layout_byline_roles.txt`` and the job
titles of author lines in ``data/layout_author_titles.txt``.

A byline or credit that does not look like a list of names (``据新华社12月20日电``,
``本文系……的发言``) gives no names, so callers can tell a byline from any other
text in brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from indexer.wordlists import entries

# A personal name or a short signature such as 淮工宣 (the Huaibei union's press
# office): 2–5 Chinese characters, a middle dot allowed in minority names.
NAME = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff·•]{1,4}$")
# A whole organisation signing a brief: (宿州市总工会), (马钢集团工会).
ORG_SIGNATURE = re.compile(r"^[\u4e00-\u9fff]{2,12}(?:工会|工委)$")
# A bracket naming a source, not a person: (据新华社), (来源：安徽工会网).
SOURCE_NOTE = re.compile(r"^(?:据|来源|转自|选自|摘自|本文系)")
# What separates the entries of a byline: spaces, list commas, slashes (文/图).
BYLINE_SEPARATOR = re.compile(r"[\s、，,；;/／]+")
# Brackets around a byline, either width.
OUTER_BRACKETS = re.compile(r"^[(（]\s*(?P<inner>.*?)\s*[)）]$")
# A byline closing a paragraph: brackets at the very end, after a sentence end,
# a space or nothing (so 劳模(工匠)创新 inside a sentence is not one).
TRAILING_BRACKETS = re.compile(
    r"(?:^|(?<=[\s。！？!?…”」』’)）]))[(（](?P<inner>[^()（）]{1,40})[)）]\s*$"
)
# A photo credit: names, an optional slash, 摄 (or 摄影, 摄影报道; 文/图 after a
# writer who took the pictures; X/文 Y/图 for a writer and a photographer); then
# the end of the text or a space and more text (OCR sometimes runs the next
# headline onto the line).
# It must start the text or follow a sentence end or a space, so 拍摄 in a
# sentence is not taken for a credit.
PHOTO_CREDIT = re.compile(
    r"(?:^|(?<=[\s。！？!?…”」』’)）]))"
    r"(?P<names>[\u4e00-\u9fff·]{2,5}(?:(?:\s+|\s*[/／]\s*文\s+)[\u4e00-\u9fff·]{2,5})*)"
    r"(?:\s*[/／]\s*(?:摄影报道|摄影|摄|图)|\s+(?:摄影报道|摄影|摄|文\s*[/／]\s*图|图\s*[/／]\s*文)|摄影报道|摄)"
    r"(?=\s|$)"
)
# A byline printed at a brief's opening: 本报讯（记者 王某）…, 本报讯 通讯员 王某 记者 李某 ….
OPENING_BRACKETS = re.compile(r"^(?:本报讯|★报讯|本报消息)\s*[(（](?P<inner>[^()（）]{2,40})[)）]")
OPENING_PLAIN = re.compile(
    r"^(?:本报讯|★报讯|本报消息)\s+(?P<inner>(?:(?:本报记者|本报通讯员|记者|通讯员|实习生)\s*"
    r"[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4})*\s+)+)"
)
OPENING_ROLE = re.compile(r"记者|通讯员|实习生")
# An author line: job titles, a space, then the author's name at the end.
AUTHOR_NAME_AT_END = re.compile(r"^(?P<titles>.+?)\s+(?P<name>[\u4e00-\u9fff·]{2,4})$")
# Characters that end words glued to 摄 (拍摄, 航摄, 所摄, 自摄); a name may end in one
# (刘书航), so they bar a credit only when nothing separates them from 摄.
NOT_A_NAME_ENDING = "拍航所自"


@dataclass
class CreditMatch:
    """Where a photo credit sits in a line of text."""

    before: str  # the text printed before the credit (caption, or OCR debris)
    printed: str  # the credit as printed: 叶张佩 徐海燕/摄
    names: list[str]  # photographers, roles removed
    after: str  # text after the credit on the same line (a headline run on by OCR)


@cache
def _data_words(filename: str) -> tuple[str, ...]:
    """Read a word list from indexer/data, longest words first."""
    return tuple(sorted(set(entries(filename)), key=lambda word: (-len(word), word)))


def byline_roles() -> tuple[str, ...]:
    """Return the role words removed from bylines, longest first."""
    return _data_words("layout_byline_roles.txt")


def author_titles() -> tuple[str, ...]:
    """Return the job titles that mark an author line, longest first."""
    return _data_words("layout_author_titles.txt")


def _strip_glued_roles(entry: str) -> str:
    """Remove role words written against a name (本报记者何遐 → 何遐).

    Only roles of two or more characters are removed this way: a one-character
    role (文, 图, 摄) glued to a name cannot be told from the name itself.
    """
    changed = True
    while changed and entry:
        changed = False
        for role in byline_roles():
            if len(role) < 2 or role == entry:
                continue
            if entry.startswith(role):
                entry, changed = entry[len(role):], True
            elif entry.endswith(role):
                entry, changed = entry[: -len(role)], True
    return entry


def _unique(names: list[str]) -> list[str]:
    """Drop repeated names, keeping the first of each."""
    return list(dict.fromkeys(names))


def _names_in(text: str) -> list[str]:
    """Return the names in a run of byline entries, or [] if any entry is not a name."""
    if SOURCE_NOTE.match(text.strip()):
        return []
    roles = set(byline_roles())
    names: list[str] = []
    for entry in BYLINE_SEPARATOR.split(text.strip()):
        if not entry or entry in roles:
            continue
        entry = _strip_glued_roles(entry)
        if not entry:
            continue
        if not (NAME.match(entry) or ORG_SIGNATURE.match(entry)):
            return []
        names.append(entry)
    return _unique(names)


def parse_byline(s: str) -> list[str]:
    """Return the names in a byline, roles removed: '徐希涛 本报记者 何遐' → ['徐希涛', '何遐']."""
    text = s.strip()
    bracketed = OUTER_BRACKETS.match(text)
    if bracketed:
        text = bracketed.group("inner")
    return _names_in(text)


def trailing_byline(paragraph: str) -> list[str]:
    """Return the names of the bracketed byline closing a paragraph, or [] if it has none."""
    match = TRAILING_BRACKETS.search(paragraph.strip())
    return _names_in(match.group("inner")) if match else []


def opening_byline(paragraph: str) -> list[str]:
    """Return the names of a byline printed at a brief's opening, or [].

    '本报讯（通讯员 尹晓华 记者 楚天舒）1月8日…' → ['尹晓华', '楚天舒'];
    '本报讯 通讯员 王某 记者 李某 4月2日…' → ['王某', '李某']. The bracket must name
    a reporter's role, so '本报讯（据新华社）' gives nothing.
    """
    text = paragraph.strip()
    match = OPENING_BRACKETS.match(text) or OPENING_PLAIN.match(text)
    if not match or not OPENING_ROLE.search(match.group("inner")):
        return []
    return _names_in(match.group("inner"))


def find_photo_credit(line: str) -> CreditMatch | None:
    """Find the photo credit in a line: the last 'names 摄' or 'names/摄' in it."""
    for match in reversed(list(PHOTO_CREDIT.finditer(line))):
        names_text = match.group("names")
        glued = match.group(0).strip()[len(names_text)] not in " \t/／"
        if glued and names_text[-1] in NOT_A_NAME_ENDING:
            continue  # 航摄, 拍摄, 所摄, 自摄 are words; 刘书航 摄 is a credit
        names = _names_in(names_text)
        if names:
            return CreditMatch(
                before=line[: match.start()].strip(),
                printed=match.group(0).strip(),
                names=names,
                after=line[match.end():].strip(),
            )
    return None


def parse_photo_credit(s: str) -> list[str]:
    """Return the photographers named in a credit: '朱宗楠 李慧慧/摄' → ['朱宗楠', '李慧慧'].

    The credit may close a caption ('……现场牵手成功。潘柳全摄'); only the names
    of the credit at its end are returned.
    """
    credit = find_photo_credit(s.strip())
    return credit.names if credit and not credit.after else []


def parse_author_line(line: str) -> list[str]:
    """Return [name] for an author line under a headline ('省总工会党组书记、副主席 徐发成').

    Gives [] for any other line: the line must hold a job title and end with a
    space and a name, and must not be a sentence.
    """
    text = line.strip()
    if any(mark in text for mark in "。！？!?，,"):
        return []
    match = AUTHOR_NAME_AT_END.match(text)
    if not match or not any(title in match.group("titles") for title in author_titles()):
        return []
    return [match.group("name")]
