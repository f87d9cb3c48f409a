"""Character folding for search: one character in, one character out.

Takes any text; gives the same text with each character replaced by its search
form: traditional → simplified (table in ``data/t2s_chars.tsv``), full-width
ASCII → ASCII, every kind of space → " ", curly quotes → straight quotes, Latin
letters → lower case. Because every character maps to exactly one character,
an offset into the folded text is the same offset into the printed text, so
snippets highlight the printed characters. (NFKC is not used: it changes
lengths, e.g. … becomes ..., which would break highlight offsets.)
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _table_rows() -> dict[int, str]:
    table: dict[int, str] = {}
    with resources.files("indexer.data").joinpath("t2s_chars.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            trad, simp = line.rstrip("\n").split("\t")
            table[ord(trad)] = simp
    return table


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Build the translation table (once per process)."""
    table = _table_rows()
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII ！ … ～
        table[code] = chr(code - 0xFEE0)
    for code in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x200A, 0x202F, 0x205F, 0x0009):
        table[code] = " "  # ideographic, no-break and thin spaces, tab
    for code in (0x201C, 0x201D, 0x201E, 0x301D, 0x301E):
        table[code] = '"'
    for code in (0x2018, 0x2019):
        table[code] = "'"
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    # Full-width capitals fold straight to lower-case ASCII.
    for code in range(0xFF21, 0xFF3B):
        table[code] = chr(code - 0xFEE0 + 32)
    return table


def fold(text: str) -> str:
    """Return the search form of text, the same length as text."""
    return text.translate(fold_table())
