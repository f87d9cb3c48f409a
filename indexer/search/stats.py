"""Counts over the whole index: per city, level and year; date coverage; corrections.

Takes an ``ArchiveSearcher``; gives a plain dict (the ``stats`` command prints
it as text or JSON).
"""

from __future__ import annotations

import numpy as np

from indexer.storage import store
from indexer.storage.schema import CITIES, LEVELS, day_date
from indexer.storage.reader import ArchiveSearcher


def archive_stats(s: ArchiveSearcher) -> dict:
    """Return article counts per city, level and year, date coverage, inferred dates, corrections."""
    live = s.live
    days = s.day[live & (s.day > 0)]
    inferred = 0
    sources: set[str] = set()
    for docnum in np.flatnonzero(live):
        f = s.stored(int(docnum))
        inferred += bool(f.get("date_inferred")) and bool(f.get("date"))
        sources.add(f.get("source"))
    years, counts = np.unique(s.year[live & (s.year > 0)], return_counts=True)
    return {
        "articles": s.count,
        "pages": len(sources),
        "cities": {c: int(np.count_nonzero(live & s.city_bits[i])) for i, c in enumerate(CITIES)},
        "no_city": int(np.count_nonzero(live & (s.city_mask == 0))),
        "levels": {v: int(np.count_nonzero(live & s.level_bits[i])) for i, v in enumerate(LEVELS)},
        "no_level": int(np.count_nonzero(live & (s.level_mask == 0))),
        "years": {str(int(y)): int(n) for y, n in zip(years, counts)},
        "first_date": day_date(int(days.min())) if len(days) else None,
        "last_date": day_date(int(days.max())) if len(days) else None,
        "issue_dates": int(len(np.unique(days))),
        "undated": int(np.count_nonzero(live & (s.day == 0))),
        "date_inferred": int(inferred),
        "generation": s.generation,
        "corrections": corrections_applied(s),
    }


def corrections_applied(s: ArchiveSearcher) -> dict:
    """Return how many fixes of corrections.toml the live index applied, and the stale ones."""
    report = store.read_manifest(s.folder).get("corrections") or {}
    return {"applied": int(report.get("applied", 0)), "stale": list(report.get("stale", []))}
