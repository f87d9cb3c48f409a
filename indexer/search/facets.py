"""Facet counts over a whole result set.

Takes an ``ArchiveSearcher`` and the boolean mask of the result set; gives, for
city, union level, year and month, each value with the number of articles in
the result set that have it. The counts are exact: they are counted over every
matching article, not over the page shown.
"""

from __future__ import annotations

import numpy as np

from indexer.storage.schema import CITIES, LEVELS
from indexer.storage.reader import ArchiveSearcher


def _entry(value: str, count: int, selected) -> dict:
    return {"value": value, "count": count, "selected": value in selected}


def facet_counts(s: ArchiveSearcher, mask: np.ndarray, selected: dict[str, list[str]]) -> dict:
    """Return {"city": [...], "level": [...], "year": [...], "month": [...]} for a result mask."""
    city = [_entry(c, int(np.count_nonzero(mask & s.city_bits[i])), selected.get("city", []))
            for i, c in enumerate(CITIES)]
    city = sorted((e for e in city if e["count"] or e["selected"]), key=lambda e: -e["count"])
    level = [_entry(v, int(np.count_nonzero(mask & s.level_bits[i])), selected.get("level", []))
             for i, v in enumerate(LEVELS)]
    level = [e for e in level if e["count"] or e["selected"]]
    return {
        "city": city,
        "level": level,
        "year": _period_counts(s.year[mask], 4, selected.get("year", [])),
        "month": _period_counts(s.month[mask], 6, selected.get("month", [])),
    }


def _period_counts(values: np.ndarray, digits: int, selected) -> list[dict]:
    values = values[values > 0]
    if not len(values):
        return []
    low = int(values.min())
    counts = np.bincount(values - low)
    found = np.flatnonzero(counts)
    entries = []
    for value, count in zip(found + low, counts[found]):
        text = str(int(value))
        label = text if digits == 4 else f"{text[:4]}-{text[4:]}"
        entries.append(_entry(label, int(count), selected))
    return entries


def undated(s: ArchiveSearcher, mask: np.ndarray) -> int:
    """Return how many articles of the result set have no known date."""
    return int(np.count_nonzero(mask & (s.year == 0)))
