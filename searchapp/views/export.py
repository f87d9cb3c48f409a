"""Export the whole result set of a search as CSV or JSON Lines.

Takes the same query string as the search page; gives a streamed download with
one row per matching article (every field, full text included) in the order
the search asked for. Rows are read one at a time while the response is sent,
so an export of the whole archive never sits in memory; each row is read
under the index lock (see ``archive``), so other requests interleave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from flask import Blueprint, Response, request

from indexer.search import export as library
from indexer.search.engine import matching_docnums
from searchapp.views.archive import searcher
from searchapp.views.state import State

bp = Blueprint("export", __name__)

FORMATS = {
    "csv": ("text/csv; charset=utf-8", library.csv_lines),
    "jsonl": ("application/x-ndjson; charset=utf-8", library.jsonl_lines),
}


def _encoded(lines: Iterable[str]) -> Iterator[bytes]:
    for line in lines:
        yield line.encode("utf-8")


def _download(fmt: str) -> Response:
    params = State.from_args(request.args).params()  # QueryError: a 400 page (errors.py)
    s = searcher()
    docnums = matching_docnums(s, params)
    content_type, lines = FORMATS[fmt]
    name = f"gonghui-search-{dt.datetime.now():%Y%m%d-%H%M%S}.{fmt}"
    return Response(_encoded(lines(library.records(s, docnums))), headers={
        "Content-Type": content_type,
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Total-Count": str(len(docnums)),
        "Cache-Control": "no-store",
    })


@bp.get("/export.csv")
def csv():
    """Download every matching article as CSV (UTF-8 with BOM, opens in Excel)."""
    return _download("csv")


@bp.get("/export.jsonl")
def jsonl():
    """Download every matching article as JSON Lines."""
    return _download("jsonl")
