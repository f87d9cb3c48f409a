"""Panel counts: how many articles each query finds per year, month, city, county or level.

Takes an ``ArchiveSearcher``, a list of queries, the dimensions to break down by
(any of ``DIMENSIONS``, in the order given) and the search filters
(``engine.Params``, applied to the matches); gives one row per query and cell:
``query``, one column per dimension, ``articles`` (matches in the cell),
``all_articles`` (every article of the archive in the cell, whatever the
filters) and ``share`` (``None`` where ``all_articles`` is 0: no data, not 0 %).

The panel is balanced: every query gets every cell, zeros included. Cells are
every year (month) from the archive's first to its last dated article, the 16
cities, the six union levels, and every county-level division of the
gazetteer (``data/anhui_divisions.csv``; a county is listed under its city
when both are asked for). An article with two cities counts once in each;
an undated article is in no year or month cell, one without a city in no city
cell. Dates are the articles' dates as exported, inferred ones included,
except that an inferred date known only to the year is in no month cell.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import numpy as np

from indexer.ingest.places import divisions
from indexer.search.engine import Params, matching_docnums
from indexer.search.query import QueryError
from indexer.search.trends import date_flags, period_label, period_values
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.schema import CITIES, LEVELS

DIMENSIONS = ("year", "month", "city", "county", "level")
FIELDS_AFTER = ["articles", "all_articles", "share"]

_county_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_county_lock = threading.Lock()


def check_dimensions(by) -> list[str]:
    """Return the dimensions asked for (a list, or text like "year,city"); raise QueryError."""
    if isinstance(by, str):
        by = by.replace("，", ",").split(",")
    dims = [d.strip().lower() for d in by if d and d.strip()]
    wrong = [d for d in dims if d not in DIMENSIONS]
    if wrong:
        raise QueryError(f"分组“{'、'.join(wrong)}”不认识：可选 {', '.join(DIMENSIONS)}。")
    if not dims:
        raise QueryError(f"请指定分组，例如 year,city（可选 {', '.join(DIMENSIONS)}）。")
    if len(set(dims)) < len(dims) or {"year", "month"} <= set(dims):
        raise QueryError("分组不能重复，year 和 month 也只能选一个。")
    return dims


def check_queries(queries) -> list[str]:
    """Return the queries without blanks and duplicates (in order); raise QueryError if none."""
    out = list(dict.fromkeys(q.strip() for q in queries if q and q.strip()))
    if not out:
        raise QueryError("请至少给一个检索词。")
    return out


def read_queries(lines) -> list[str]:
    """Return the queries of a file's lines: one per line; blank lines and # comments skipped."""
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _counties(s: ArchiveSearcher) -> list[tuple[str, ...]]:
    """Return each docnum's counties (stored field), read once per generation."""
    with _county_lock:
        cached = _county_cache.get(s)
    if cached is not None:
        return cached
    out: list[tuple[str, ...]] = [()] * s.size
    for docnum in np.flatnonzero(s.live):
        out[docnum] = tuple(s.stored(int(docnum)).get("counties") or ())
    with _county_lock:
        _county_cache[s] = out
    return out


def _gazetteer_counties() -> list[tuple[str, str]]:
    """Return (county, city) of every current county-level division, in the table's order."""
    pairs = {}
    for d in divisions():
        if d.type != "former" and d.county:
            pairs.setdefault(d.county, d.city)
    return list(pairs.items())


def _bits(mask: int, labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(label for i, label in enumerate(labels) if mask >> i & 1)


class _Cells:
    """Which cells each document falls in, and the list of all cells."""

    def __init__(self, s: ArchiveSearcher, dims: list[str]):
        self.s, self.dims = s, dims
        self.counties = _counties(s) if "county" in dims else None
        self.home = dict(_gazetteer_counties()) if "county" in dims else {}
        self.year_only = date_flags(s)[1] if "month" in dims else None
        self._city = {}
        self._level = {}

    def values(self) -> list[tuple[str, ...]]:
        """Return every cell, in order (a balanced panel)."""
        s, axes = self.s, []
        for dim in self.dims:
            if dim in ("year", "month"):
                found = (s.year if dim == "year" else s.month)[s.live]
                found = found[found > 0]
                if not len(found):
                    axes.append([])
                    continue
                first, last = int(found.min()), int(found.max())
                axes.append([period_label(v, dim) for v in period_values(first, last, dim)])
            elif dim == "city":
                axes.append(list(CITIES))
            elif dim == "level":
                axes.append(list(LEVELS))
            else:
                seen = {c for cs in self.counties for c in cs}
                known = [c for c, _ in _gazetteer_counties()]
                axes.append(known + sorted(seen - set(known)))
        cells = list(itertools.product(*axes))
        if "city" in self.dims and "county" in self.dims:
            ci, ki = self.dims.index("city"), self.dims.index("county")
            cells = [c for c in cells if self.home.get(c[ki], c[ci]) == c[ci]]
        return cells

    def of(self, docnum: int) -> Iterator[tuple[str, ...]]:
        """Yield the cells a document counts in."""
        s, axes = self.s, []
        for dim in self.dims:
            if dim == "year":
                axes.append((str(int(s.year[docnum])),) if s.year[docnum] else ())
            elif dim == "month":
                known = s.month[docnum] and not self.year_only[docnum]
                axes.append((period_label(int(s.month[docnum]), "month"),) if known else ())
            elif dim == "city":
                mask = int(s.city_mask[docnum])
                axes.append(self._city.setdefault(mask, _bits(mask, CITIES)))
            elif dim == "level":
                mask = int(s.level_mask[docnum])
                axes.append(self._level.setdefault(mask, _bits(mask, LEVELS)))
            else:
                axes.append(self.counties[docnum])
        return itertools.product(*axes)

    def count(self, docnums) -> Counter:
        """Return how many of the documents fall in each cell."""
        counter: Counter = Counter()
        for docnum in docnums:
            counter.update(self.of(int(docnum)))
        return counter


def panel(s: ArchiveSearcher, queries: list[str], by, base: Params | None = None) -> Iterator[dict]:
    """Yield one row per query and cell; every query is checked before the first row."""
    dims = check_dimensions(by)
    queries = check_queries(queries)
    base = base or Params()
    matches = []
    for q in queries:  # every query is checked before a row is written
        try:
            matches.append(matching_docnums(s, replace(base, q=q, page=1)))
        except QueryError as exc:
            raise QueryError(f"“{q}”：{exc}") from None
    cells = _Cells(s, dims)
    everything = cells.count(np.flatnonzero(s.live))
    order = cells.values()
    for q, docnums in zip(queries, matches):
        mine = cells.count(docnums)
        for cell in order:
            whole = everything.get(cell, 0)
            found = mine.get(cell, 0)
            yield {"query": q, **dict(zip(dims, cell)), "articles": found, "all_articles": whole,
                   "share": round(found / whole, 6) if whole else None}


def fields(by) -> list[str]:
    """Return the CSV columns of a panel broken down by these dimensions."""
    return ["query", *check_dimensions(by), *FIELDS_AFTER]
