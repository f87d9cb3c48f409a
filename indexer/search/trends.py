"""Trends: how many matching articles each month or year, for several queries at once.

Takes an ``ArchiveSearcher``, the search parameters (``engine.Params``: the
filters apply to every series), up to ``MAX_SERIES`` queries, the time unit
(``month`` or ``year``) and how to split (one series per query, or one per city
for a single query); gives plain data:

* ``periods``: every month (year) from the first to the last match of any
  series, gaps included;
* ``archive``: all articles of the archive in each period (the denominator,
  whatever the filters), and ``gaps``: periods with no article at all, whose
  share is ``None`` (a gap in the chart), never 0 %;
* ``series``: per query (or city), its ``counts``, ``shares`` and ``inferred``
  per period and its totals.

Inferred dates (guessed from the text when a page's path has none; the guess
is a lower bound, see ``ingest/dates.py``) are kept out of the months: by
month, ``counts`` and ``archive`` hold path-dated articles only and
``inferred`` counts the others separately (an inferred date known only to
the year, ``date_precision == "year"``, is in no month: ``year_only``). By year the inferred dates are
counted (their year is what the text says) and ``inferred`` says how many of
the count they are. Split by city, a city's share is of that city's articles.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import replace

import numpy as np

from indexer.search.engine import Params, matching_docnums
from indexer.search.query import QueryError
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.schema import CITIES

MAX_SERIES = 6
UNITS = ("month", "year")
SPLITS = ("query", "city")

_inferred_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_inferred_lock = threading.Lock()


def date_flags(s: ArchiveSearcher) -> tuple[np.ndarray, np.ndarray]:
    """Return, per docnum, whether its date was inferred, and whether only its year is known.

    Read from the stored fields once per generation.
    """
    with _inferred_lock:
        cached = _inferred_cache.get(s)
    if cached is not None:
        return cached
    inferred = np.zeros(s.size, dtype=bool)
    year_only = np.zeros(s.size, dtype=bool)
    for docnum in np.flatnonzero(s.live & (s.day > 0)):
        fields = s.stored(int(docnum))
        if fields.get("date_inferred"):
            inferred[docnum] = True
            year_only[docnum] = fields.get("date_precision") == "year"
    with _inferred_lock:
        _inferred_cache[s] = (inferred, year_only)
    return inferred, year_only


def inferred_mask(s: ArchiveSearcher) -> np.ndarray:
    """Return, per docnum, whether the article's date was inferred."""
    return date_flags(s)[0]


def check(queries: list[str], unit: str, split: str) -> tuple[list[str], str, str]:
    """Return the queries, unit and split checked; raise QueryError with what to fix."""
    unit = (unit or "month").strip().lower()
    split = (split or "query").strip().lower()
    if unit not in UNITS:
        raise QueryError(f"统计单位“{unit}”不认识：可选 month（按月）、year（按年），或 city（按城市分列）。")
    if split not in SPLITS:
        raise QueryError(f"分列方式“{split}”不认识：可选 query（按检索词）或 city（按城市）。")
    queries = list(dict.fromkeys(q.strip() for q in queries if q and q.strip())) or [""]
    if len(queries) > MAX_SERIES:
        raise QueryError(f"最多比较 {MAX_SERIES} 个检索词（给了 {len(queries)} 个）。")
    if split == "city" and len(queries) > 1:
        raise QueryError("按城市分列时只能有一个检索词。")
    return queries, unit, split


def period_values(first: int, last: int, unit: str) -> list[int]:
    """Return every year, or every yyyymm month, from first to last."""
    if unit == "year":
        return list(range(first, last + 1))
    values, value = [], first
    while value <= last:
        values.append(value)
        year, month = divmod(value, 100)
        value = (year + 1) * 100 + 1 if month == 12 else value + 1
    return values


def period_label(value: int, unit: str) -> str:
    """Return 2021 or 2021-03 for a year or a yyyymm value."""
    return str(value) if unit == "year" else f"{value // 100}-{value % 100:02d}"


def _counts(values: np.ndarray) -> dict[int, int]:
    found, counts = np.unique(values[values > 0], return_counts=True)
    return {int(v): int(c) for v, c in zip(found, counts)}


def trend(s: ArchiveSearcher, base: Params, queries: list[str], unit: str = "month",
          split: str = "query") -> dict:
    """Count the matches of each query (or of one query per city) per period; see the module doc."""
    queries, unit, split = check(queries, unit, split)
    values = s.month if unit == "month" else s.year
    inferred, year_only = date_flags(s)
    if unit == "month":  # an inferred date known only to the year belongs to no month
        values = np.where(year_only, 0, values)
    exact = ~inferred if unit == "month" else np.ones(s.size, dtype=bool)
    raw = []  # (label, query, city, docnums)
    if split == "city":
        docnums = matching_docnums(s, replace(base, q=queries[0], page=1))
        for i, city in enumerate(CITIES):
            mine = docnums[s.city_bits[i][docnums]]
            if len(mine):
                raw.append((city, queries[0], city, mine))
        raw.sort(key=lambda r: -len(r[3]))
    else:
        for q in queries:
            raw.append((q or "全部文章", q, None, matching_docnums(s, replace(base, q=q, page=1))))
    dated = [values[d][values[d] > 0] for *_, d in raw]
    present = [int(v) for found in dated if len(found) for v in (found.min(), found.max())]
    periods = period_values(min(present), max(present), unit) if present else []
    live_exact = s.live & exact & (values > 0)
    archive_all = _counts(values[live_exact])
    series = []
    for label, q, city, docnums in raw:
        v, inf = values[docnums], inferred[docnums]
        counts = _counts(v[exact[docnums]])
        guessed = _counts(v[inf])
        if city is None:
            whole = archive_all
        else:
            whole = _counts(values[live_exact & s.city_bits[CITIES.index(city)]])
        row_counts = [counts.get(p, 0) for p in periods]
        row_whole = [whole.get(p, 0) for p in periods]
        series.append({
            "label": label,
            "query": q,
            "city": city,
            "counts": row_counts,
            "all_articles": row_whole,
            "shares": [round(c / w, 6) if w else None for c, w in zip(row_counts, row_whole)],
            "inferred": [guessed.get(p, 0) for p in periods],
            "total": int(len(docnums)),
            "undated": int(np.count_nonzero(s.day[docnums] == 0)),
            "year_only": int(np.count_nonzero(year_only[docnums])),
            "inferred_total": int(np.count_nonzero(inf & (v > 0))),
        })
    archive = [archive_all.get(p, 0) for p in periods]
    return {
        "unit": unit,
        "split": split,
        "queries": queries,
        "periods": [period_label(p, unit) for p in periods],
        "archive": archive,
        "gaps": [n == 0 for n in archive],
        "series": series,
        "inferred_in_counts": unit == "year",
        "denominator": "city" if split == "city" else "archive",
    }


CSV_FIELDS = ["series", "query", "city", "period", "articles", "all_articles", "share", "inferred"]


def csv_rows(data: dict):
    """Yield one row per series and period (long format, for R, Stata or Excel)."""
    for series in data["series"]:
        for i, period in enumerate(data["periods"]):
            yield {"series": series["label"], "query": series["query"], "city": series["city"] or "",
                   "period": period, "articles": series["counts"][i],
                   "all_articles": series["all_articles"][i],
                   "share": "" if series["shares"][i] is None else series["shares"][i],
                   "inferred": series["inferred"][i]}
