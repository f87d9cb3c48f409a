"""Read the word-list data files of ``indexer/data`` with one comment rule.

Takes a file name (``columns.txt``, ``synonyms.txt``, ``userdict.txt``,
``layout_byline_roles.txt``, ``layout_author_titles.txt``); gives its entries,
one per line. The rule, the same for every list: ``#`` starts a comment that
runs to the end of the line (a whole line or the tail of one), surrounding
spaces are removed and empty lines are skipped. Spaces inside an entry are kept.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def entries(filename: str) -> tuple[str, ...]:
    """Return the non-comment, non-empty lines of a data file, in file order."""
    text = resources.files("indexer.data").joinpath(filename).read_text(encoding="utf-8-sig")
    out = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in out if line)
