"""Keyword-in-context snippets and highlighting, from character offsets.

Takes the printed text and the folded strings searched for; gives HTML in which
every character is escaped and each match is wrapped in ``<mark>``. Matches are
found by string search in the folded text (``fold.fold_with_origins``) and marked
on the printed characters they came from, so ``Ⅱ`` is marked when ``ii`` is found
in its fold ``ii``. No document is re-analysed at query time.
"""

from __future__ import annotations

from html import escape

from indexer.fold import fold_with_origins

FRAGMENT_CHARS = 80  # characters of context around a match, in all
MAX_FRAGMENTS = 3
MAX_MARKS = 200  # per text: a one-character query can match thousands of times


def printed_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Return the (start, end) in the printed text of every match of any folded needle."""
    folded, origins = fold_with_origins(text)
    spans = [(origins[s], origins[e - 1] + 1) for s, e in match_spans(folded, needles)]
    return _merged(spans)[:MAX_MARKS]


def match_spans(folded: str, needles: list[str]) -> list[tuple[int, int]]:
    """Return the (start, end) of every match of any needle, merged where they overlap."""
    spans = []
    for needle in {n for n in needles if n.strip()}:
        start = folded.find(needle)
        while start >= 0 and len(spans) < MAX_MARKS * 4:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    return _merged(spans)[:MAX_MARKS]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """Return text[start:end] as escaped HTML with <mark> around the spans."""
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, needles: list[str]) -> str:
    """Return the whole text as escaped HTML with every match marked."""
    return mark(text, printed_spans(text, needles))


def _windows(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    # One window per match, the first matches first, until MAX_FRAGMENTS windows
    # that do not overlap are chosen; then shown in reading order.
    chosen: list[tuple[int, int]] = []
    for s, e in spans:
        if any(a <= s < b for a, b in chosen):
            continue
        pad = max(0, (FRAGMENT_CHARS - (e - s)) // 2)
        a, b = max(0, s - pad), min(length, e + pad)
        chosen.append((a, b))
        if len(chosen) == MAX_FRAGMENTS:
            break
    merged: list[tuple[int, int]] = []
    for a, b in sorted(chosen):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def snippet(text: str, needles: list[str]) -> str:
    """Return up to three fragments of text around the matches, as HTML joined by …."""
    spans = printed_spans(text, needles)
    if not spans:
        lead = text[:FRAGMENT_CHARS * 3 // 2]
        return escape(lead.replace("\n", " ")) + ("…" if len(text) > len(lead) else "")
    parts = []
    for a, b in _windows(spans, len(text)):
        html = mark(text, spans, a, b).replace("\n", " ")
        parts.append(("…" if a > 0 else "") + html + ("…" if b < len(text) else ""))
    return " ".join(parts)
