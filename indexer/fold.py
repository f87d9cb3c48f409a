"""Character folding for search: the one fold applied to article text and to queries.

Takes any text; gives its search form. Each character is folded on its own:

* traditional → simplified (table in ``data/t2s_chars.tsv``);
* compatibility forms → their plain letters and digits (Unicode NFKD): full-width
  ＡＢＣ１２３ → abc123, Roman numerals Ⅱ → ii, circled numbers ① → 1, units ㎡ → m2,
  ligatures, Kangxi radicals ⼯ → 工, compatibility ideographs;
* case folded (``str.casefold``): Élise → elise, ß → ss;
* accents removed from Latin letters (É → e), and loose combining accents dropped;
* every kind of space and control character → " " (a line break stays), curly quotes →
  straight quotes, invisible format characters (zero-width space, soft hyphen, BOM) dropped.

then runs of spaces become one space. Because each character folds on its own, the fold
of any piece of a text is a piece of the fold of the text: whatever is typed as printed
is found. The fold may change the length (Ⅱ → ii), so ``fold_with_origins`` also gives,
for each folded character, the printed character it came from; snippets use it to mark
the printed text. Folding is idempotent: fold(fold(x)) == fold(x).

``FOLD_VERSION`` changes whenever the fold of any text changes: an index records it,
and one folded by another version must be rebuilt.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

FOLD_VERSION = 3  # 1: the 0.1.0 one-char fold (t2s, full-width ASCII, A–Z); 2: per character;
# 3: control characters fold to a space, as the query always made them

_QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u301d": '"', "\u301e": '"',
           "\u2018": "'", "\u2019": "'"}
_SPACES = re.compile(" {2,}")


def _is_accent(ch: str) -> bool:
    return 0x0300 <= ord(ch) <= 0x036F  # Combining Diacritical Marks


@lru_cache(maxsize=1)
def _t2s() -> dict[str, str]:
    table: dict[str, str] = {}
    with resources.files("indexer.data").joinpath("t2s_chars.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            trad, simp = line.rstrip("\n").split("\t")
            table[trad] = simp
    return table


def _fold_once(ch: str) -> str:
    """Fold one character one step (see the module docstring for the steps)."""
    if ch == "\n":
        return ch
    if ch in _t2s():
        return _t2s()[ch]
    if ch in _QUOTES:
        return _QUOTES[ch]
    category = unicodedata.category(ch)
    if ch.isspace() or category == "Cc":
        return " "  # tabs, control characters
    if category == "Cf" or _is_accent(ch):
        return ""
    parts = unicodedata.normalize("NFKD", ch)
    if parts[0].isascii():  # a Latin letter with accents: keep the letter
        parts = "".join(c for c in parts if not _is_accent(c))
    return unicodedata.normalize("NFC", parts).casefold()


def fold_char(ch: str) -> str:
    """Return the search form of one character: folded again until nothing changes."""
    out = ch
    for _ in range(8):
        nxt = "".join(_fold_once(c) for c in out)
        if nxt == out:
            return out
        out = nxt
    raise AssertionError(f"folding U+{ord(ch):04X} does not settle")  # a broken table


class _Table(dict):
    """str.translate table that folds each character the first time it is seen."""

    def __init__(self):
        super().__init__()
        self.uneven: set[str] = set()  # characters seen whose fold is not one character

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        if len(folded) != 1:
            self.uneven.add(chr(code))
        return folded


_TABLE = _Table()


def fold(text: str) -> str:
    """Return the search form of text."""
    folded = text.translate(_TABLE)
    return _SPACES.sub(" ", folded) if "  " in folded else folded


def fold_with_origins(text: str) -> tuple[str, list[int]]:
    """Return fold(text) and, for each of its characters, the offset in text it came from.

    The list has one more item, len(text), so a folded span (s, e) is printed as
    text[origins[s]:origins[e - 1] + 1].
    """
    translated = text.translate(_TABLE)
    uneven = _TABLE.uneven
    if len(translated) == len(text) and uneven.isdisjoint(text):
        origins = list(range(len(text) + 1))  # one character for one
    else:  # one for one except at the few characters that fold to none or several
        origins = []
        done = 0
        for i in [i for i, ch in enumerate(text) if ch in uneven]:
            origins.extend(range(done, i))
            origins.extend([i] * len(_TABLE[ord(text[i])]))
            done = i + 1
        origins.extend(range(done, len(text) + 1))
    if "  " not in translated:
        return translated, origins
    chars: list[str] = []
    kept: list[int] = []
    pos = 0
    for run in _SPACES.finditer(translated):  # a run of spaces folds to its first space
        chars.append(translated[pos:run.start() + 1])
        kept.extend(origins[pos:run.start() + 1])
        pos = run.end()
    chars.append(translated[pos:])
    kept.extend(origins[pos:])
    return "".join(chars), kept
