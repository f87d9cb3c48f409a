"""Panel counts for the queries typed in: ``/counts``, ``/api/counts`` and ``/counts.csv``.

Takes ``q`` repeated (or ``queries``, one per line), ``by`` (comma-separated:
year, month, city, county, level; default ``year,city``) and the search
filters; gives the balanced panel of ``indexer.search.counts.panel``: one row
per query and cell with ``articles``, ``all_articles`` and ``share`` (empty
where the cell has no article at all). The page shows the table and links to
the CSV, which loads as is into Stata or R.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.search import counts as library
from indexer.search import export as exporting
from indexer.search.query import QueryError
from searchapp.views.archive import searcher
from searchapp.views.downloads import attachment
from searchapp.views.state import params_from

bp = Blueprint("counts", __name__)

MAX_QUERIES = 100  # per request; the command line takes any number
DEFAULT_BY = "year,city"


def _request(args: MultiDict):
    queries = args.getlist("q") + [line for text in args.getlist("queries")
                                   for line in text.splitlines()]
    queries = library.check_queries(library.read_queries(queries))
    if len(queries) > MAX_QUERIES:
        raise QueryError(f"一次最多 {MAX_QUERIES} 个检索词（给了 {len(queries)} 个）：更多请用命令行 "
                         "python -m indexer counts。")
    by = args.get("by") or DEFAULT_BY
    dims = library.check_dimensions(by)
    base = params_from(MultiDict([(k, v) for k, v in args.items(multi=True)
                                  if k not in ("q", "queries", "by", "sort", "page")]))
    return queries, dims, base


def counts_data(args: MultiDict) -> dict:
    """Return the panel of the request's queries with its columns and links."""
    queries, dims, base = _request(args)
    rows = list(library.panel(searcher(), queries, dims, base))
    state = base
    pairs = [("q", q) for q in queries] + [("by", ",".join(dims))] + \
        [(k, v) for k, v in state.pairs() if k not in ("q", "sort", "page", "per_page")]
    return {"queries": queries, "by": dims, "fields": library.fields(dims), "rows": rows,
            "params": {**state.as_dict(), "by": ",".join(dims), "queries": queries},
            "links": {"csv": url_for("counts.counts_csv") + "?" + urlencode(pairs),
                      "json": url_for("counts.api_counts") + "?" + urlencode(pairs)}}


@bp.get("/counts")
def counts_page():
    """Show the form, and the panel of the queries typed in."""
    if not (request.args.getlist("q") or "".join(request.args.getlist("queries")).strip()):
        return render_template("counts.html", data=None, error=None,
                               params={"by": DEFAULT_BY, "queries": []})
    try:
        data = counts_data(request.args)
    except QueryError as error:
        params = {"by": request.args.get("by", DEFAULT_BY),
                  "queries": request.args.getlist("q") + request.args.getlist("queries")}
        return render_template("counts.html", data=None, error=str(error), params=params), 400
    return render_template("counts.html", data=data, error=None, params=data["params"])


@bp.get("/api/counts")
def api_counts():
    """Return the panel as JSON."""
    try:
        return jsonify(counts_data(request.args))
    except QueryError as error:
        return jsonify({"error": str(error)}), 400


@bp.get("/counts.csv")
def counts_csv():
    """Download the panel as CSV (UTF-8 with BOM)."""
    queries, dims, base = _request(request.args)  # QueryError: a 400 page (errors.py)
    rows = list(library.panel(searcher(), queries, dims, base))
    lines = exporting.csv_lines(rows, library.fields(dims))
    return Response((line.encode("utf-8") for line in lines), headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": attachment("counts-" + "-".join(dims), base, "csv", queries),
        "Cache-Control": "no-store",
    })
