"""Downloads of a whole result set, or of the articles picked on the page.

Takes the same query string as the search page, plus repeated ``id=`` to keep
only the articles a researcher ticked; gives a streamed download, one row or
record per article, in the order the search asked for (or the order of the
ids): CSV (every field, full text, ``url`` and GB/T 7714 ``citation``), JSON
Lines, RIS and BibTeX (``indexer.search.citations``). ``/cite`` shows the
citations of the picked articles as text to copy (GB/T 7714, RIS or BibTeX),
with ``/api/cite`` as its JSON twin. File names say what was searched.
Rows are read one at a time while the response is sent, so an export of the
whole archive never sits in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from indexer.search import citations
from indexer.search import export as library
from indexer.search.engine import matching_docnums
from indexer.search.query import QueryError
from searchapp.views.archive import searcher
from searchapp.views.downloads import attachment
from searchapp.views.state import params_from, url

bp = Blueprint("export", __name__)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
}


def _encoded(lines: Iterable[str]) -> Iterator[bytes]:
    for line in lines:
        yield line.encode("utf-8")


def base_url() -> str:
    """Return the URL permalinks start with: PUBLIC_URL if configured, else this request's host."""
    return current_app.config.get("PUBLIC_URL") or request.host_url


def picked_docnums(args) -> tuple[list[int], object]:
    """Return the docnums a request asks for (its ids, else every hit) and its checked Params."""
    params = params_from(args)  # QueryError: a 400 page (errors.py)
    ids = [i for i in args.getlist("id") if i.strip()]
    if not ids:
        return list(matching_docnums(searcher(), params)), params
    if len(ids) > library.MAX_IDS:
        raise QueryError(f"一次最多选 {library.MAX_IDS} 篇文章（选了 {len(ids)} 篇）：请分几次导出。")
    docnums, unknown = library.docnums_of_ids(searcher(), ids)
    if not docnums:
        raise QueryError("选中的文章都不存在：编号不对，或索引已更新。请重新检索后再选。")
    return docnums, params


def _download(fmt: str) -> Response:
    docnums, params = picked_docnums(request.args)
    s = searcher()
    rows = library.records(s, docnums)
    newspaper = current_app.config["NEWSPAPER"]
    if fmt == "csv":
        lines = library.csv_lines(citations.with_citation(rows, newspaper, base_url()),
                                  library.CSV_FIELDS)
    elif fmt == "jsonl":
        lines = library.jsonl_lines(rows)
    else:
        lines = citations.lines(rows, "ris" if fmt == "ris" else "bibtex", newspaper, base_url())
    picked = "picked" if request.args.getlist("id") else "export"
    return Response(_encoded(lines), headers={
        "Content-Type": CONTENT_TYPES[fmt],
        "Content-Disposition": attachment(picked, params, fmt),
        "X-Total-Count": str(len(docnums)),
        "Cache-Control": "no-store",
    })


@bp.get("/export.csv")
def csv():
    """Download every matching (or picked) article as CSV (UTF-8 with BOM, opens in Excel)."""
    return _download("csv")


@bp.get("/export.jsonl")
def jsonl():
    """Download every matching (or picked) article as JSON Lines."""
    return _download("jsonl")


@bp.get("/export.ris")
def ris():
    """Download RIS records (EndNote, Zotero, NoteExpress) of every matching or picked article."""
    return _download("ris")


@bp.get("/export.bib")
def bib():
    """Download BibTeX entries of every matching or picked article."""
    return _download("bib")


def cite_data(args) -> dict:
    """Return the picked articles' citations in one format, as text and per article."""
    fmt = (args.get("format") or "gbt7714").strip().lower()
    if fmt not in citations.FORMATS:
        raise QueryError(f"引文格式“{fmt}”不认识：可选 gbt7714、ris、bibtex。")
    docnums, params = picked_docnums(args)
    newspaper, base = current_app.config["NEWSPAPER"], base_url()
    items = [{"id": r["id"], "title": r["title"], "url": citations.permalink(base, r["id"]),
              "citation": citations.cite(r, fmt, newspaper, base)}
             for r in library.records(searcher(), docnums)]
    state = params
    ids = [("id", i["id"]) for i in items] if args.getlist("id") else []
    query = urlencode(state.pairs() + ids)
    return {
        "format": fmt,
        "format_label": citations.FORMATS[fmt],
        "count": len(items),
        "text": "".join(i["citation"] for i in items),
        "items": items,
        "formats": [{"value": v, "label": label, "selected": v == fmt,
                     "url": url_for("export.cite") + "?" + urlencode(state.pairs() + ids + [("format", v)])}
                    for v, label in citations.FORMATS.items()],
        "links": {**{fmt: url_for(f"export.{fmt}") + "?" + query for fmt in ("ris", "bib", "csv")},
                  "search": url(state, "search.search")},
        "params": state.as_dict(),
    }


@bp.get("/cite")
def cite():
    """Show the citations of the picked articles (or of every hit) as text to copy."""
    data = cite_data(request.args)
    return render_template("cite.html", data=data, params=data["params"])


@bp.get("/api/cite")
def api_cite():
    """Return the citations of the picked articles (or of every hit) as JSON."""
    try:
        return jsonify(cite_data(request.args))
    except QueryError as error:
        return jsonify({"error": str(error)}), 400
