"""Export articles as JSON Lines or as CSV that opens correctly in Excel.

Takes article records (``search.article_record``); writes one line or row per
article with every field under its documented name. CSV is UTF-8 with a byte
order mark (Excel reads it as UTF-8 only then); list fields are joined with
"; " and booleans written as true/false, so R, Stata and NVivo read them as is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

import numpy as np

from indexer.search.engine import article_record
from indexer.storage.reader import ArchiveSearcher

FIELDS = ["id", "date", "date_inferred", "date_precision", "title", "subtitle", "byline", "column", "org",
          "cities", "counties", "levels", "source", "page", "seq", "text"]
CSV_FIELDS = FIELDS + ["url", "citation"]  # with citations.with_citation: permalink, GB/T 7714
LIST_SEPARATOR = "; "
MAX_IDS = 5000  # articles picked by id in one request
BOM = "\ufeff"


def records(s: ArchiveSearcher, docnums: Iterable[int] | None = None) -> Iterator[dict]:
    """Yield the export record of each docnum; all live articles in page order if None."""
    if docnums is None:
        docnums = archive_order(s)
    for docnum in docnums:
        yield article_record(s.stored(int(docnum)))


def docnums_of_ids(s: ArchiveSearcher, ids: Iterable[str]) -> tuple[list[int], list[str]]:
    """Return the live docnums of the given article ids, in the given order, and the unknown ids."""
    found, unknown = [], []
    for article_id in dict.fromkeys(i.strip() for i in ids if i and i.strip()):
        docnum = s.docnum(article_id) if len(article_id) <= 64 else None
        if docnum is None or not s.live[docnum]:
            unknown.append(article_id)
        else:
            found.append(int(docnum))
    return found, unknown


def archive_order(s: ArchiveSearcher) -> list[int]:
    """Return every live docnum ordered by date, source page and place on the page."""
    keyed = []
    for docnum in np.flatnonzero(s.live):
        f = s.stored(int(docnum))
        keyed.append((f.get("date") or "9999", f.get("source") or "", f.get("seq") or 0, int(docnum)))
    return [k[-1] for k in sorted(keyed)]


def jsonl_lines(rows: Iterable[dict]) -> Iterator[str]:
    """Yield one JSON line per record."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _cell(value) -> str:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def csv_lines(rows: Iterable[dict], fields: list[str] | None = None) -> Iterator[str]:
    """Yield CSV text: a BOM and header first, then one row per record (columns: fields)."""
    fields = FIELDS if fields is None else fields
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(row.get(name)) for name in fields])
        yield buffer.getvalue()
