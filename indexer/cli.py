"""The ``python -m indexer`` command line: a thin layer over the library.

Each command's docstring is its ``--help``; each body calls one library
function and prints what it returns. Errors a user can cause (a missing index,
a bad query, a locked index) are printed as one-line messages, not tracebacks.
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from indexer.search import export as exporting
from indexer.search import citations, counts, kwic, trends
from indexer.storage import store
from indexer.ingest import explain as explaining
from indexer.ingest.corpus import PageError
from indexer.ingest.corrections import CorrectionsError, load_corrections
from indexer.search.query import QueryError
from indexer.search import suggest
from indexer.search.article import article_page
from indexer.search.engine import matching_docnums, matching_ids, search
from indexer.search.params import Params
from indexer.storage.reader import ArchiveSearcher
from indexer.search.stats import archive_stats
from indexer.storage.writer import Summary, rebuild as run_rebuild, update as run_update

CORPUS = click.option("--corpus", "corpus", default="corpus", show_default=True,
                      type=click.Path(file_okay=False, path_type=Path), help="Folder of page files.")
INDEX = click.option("--index", "index_dir", default="index", show_default=True,
                     type=click.Path(file_okay=False, path_type=Path), help="Index folder.")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _foreign_files(index_dir: Path) -> list[str]:
    """Return the names of entries of index_dir that no index writes (empty for an index)."""
    if not index_dir.is_dir():
        return []
    ours = (store.POINTER, store.LOCK, store.PREFIX, ".")  # "." : .DS_Store and other hidden files
    system = {"thumbs.db", "desktop.ini"}  # what Windows Explorer leaves in any folder it shows
    return sorted(p.name for p in index_dir.iterdir()
                  if not p.name.startswith(ours) and p.name.lower() not in system)


def _not_an_index(index_dir: Path) -> str | None:
    """Return a message if index_dir is a folder of other files rather than an index."""
    if index_dir.exists() and not index_dir.is_dir():
        return f"{index_dir} is a file, not an index folder: give --index the folder a rebuild wrote"
    if (index_dir / store.POINTER).exists():
        return None
    foreign = _foreign_files(index_dir)
    if not foreign:
        return None
    shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
    return (f"{index_dir} is not an index folder (it holds {shown}): give --index the folder "
            f"a rebuild wrote, or a new or empty folder to rebuild into")


def _open(index_dir: Path) -> ArchiveSearcher:
    problem = _not_an_index(index_dir)
    if problem:
        _fail(problem)
    try:
        generation = store.current(index_dir)
    except store.IndexMissing as exc:
        _fail(str(exc))
    try:
        return ArchiveSearcher(generation)
    except store.IndexOutdated as exc:  # another format: the message says to rebuild
        _fail(str(exc))
    except Exception as exc:  # a damaged or foreign generation: say so, never a traceback
        _fail(f"cannot open the index in {index_dir} ({type(exc).__name__}: {exc}); "
              f"rebuild it: python -m indexer rebuild --index {index_dir}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Index and search the Anhui trade-union newspaper archive."""


def _print_summary(summary: Summary, verb: str, incremental: bool) -> None:
    click.echo(f"{verb}: {summary.pages} pages, {summary.articles} articles "
               f"in {summary.seconds:.1f} s (index generation {summary.generation})")
    if summary.rebuilt_because:
        click.echo(f"  rebuilt from scratch, because {summary.rebuilt_because}")
    elif incremental:
        click.echo(f"  pages added {summary.added}, changed {summary.changed}, removed {summary.removed}")
    if summary.skipped:
        click.echo(f"  skipped {len(summary.skipped)} file(s):")
        for skipped in summary.skipped:
            click.echo(f"    {skipped.source}: {skipped.reason}")
    if summary.corrections_applied or summary.stale_corrections:
        click.echo(f"  corrections applied {summary.corrections_applied}")


def _warn_stale(summary: Summary) -> None:
    """Name every correction that matched nothing (on stderr, even with --quiet)."""
    if summary.stale_corrections:
        click.echo(f"warning: {len(summary.stale_corrections)} correction(s) match nothing; "
                   "fix or remove them:", err=True)
        for line in summary.stale_corrections:
            click.echo(f"  {line}", err=True)


def _run_writer(fn, corpus: Path, index_dir: Path, quiet: bool, verb: str, incremental: bool,
                **options) -> None:
    problem = _not_an_index(index_dir)
    if problem:
        _fail(problem)
    try:
        summary = fn(corpus, index_dir, progress=not quiet and sys.stderr.isatty(), **options)
    except (PageError, CorrectionsError, store.IndexBusy) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted; the previous index is unchanged")
    if not quiet:
        _print_summary(summary, verb, incremental)
    _warn_stale(summary)


@cli.command()
@CORPUS
@INDEX
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--procs", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per core, at most one per GB of available memory).")
def rebuild(corpus: Path, index_dir: Path, quiet: bool, procs: int | None) -> None:
    """Index every page of the corpus from scratch.

    The new index is built beside the old one and swapped in only when
    complete, so an interrupted rebuild leaves the previous index serving.

    Example: python -m indexer rebuild --corpus corpus --index index
    """
    _run_writer(run_rebuild, corpus, index_dir, quiet, "rebuilt", False, procs=procs)


@cli.command()
@CORPUS
@INDEX
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def update(corpus: Path, index_dir: Path, quiet: bool) -> None:
    """Index only the pages added, changed or deleted since the last build.

    Example: python -m indexer update   (after copying a new issue into corpus/)
    """
    _run_writer(run_update, corpus, index_dir, quiet, "updated", True)


@cli.command("export")
@INDEX
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "ris", "bib"]), default="jsonl",
              show_default=True, help="ris and bib: citations for EndNote, Zotero, NoteExpress.")
@click.option("--query", "-q", "q", default="", help="Only the articles this query finds (in date order).")
@click.option("--id", "ids", multiple=True, help="Only this article (repeatable).")
@click.option("--base-url", default="", help="Web address of the search app, for each article's url.")
@click.option("--newspaper", default=citations.NEWSPAPER, show_default=True, help="Paper name, as cited.")
def export_cmd(index_dir: Path, fmt: str, q: str, ids: tuple[str, ...], base_url: str,
               newspaper: str) -> None:
    """Write every article with all its fields (or its citation) to standard output.

    CSV is UTF-8 with a byte-order mark, so Excel opens it correctly; it ends
    with each article's url and GB/T 7714 citation.

    Example: python -m indexer export --format csv > articles.csv

    Citations: python -m indexer export --format ris -q 劳模 --base-url http://host:5000 > laomo.ris
    """
    s = _open(index_dir)
    docnums = None
    try:
        if q:
            docnums = matching_docnums(s, Params.parse(q, sort="oldest"))
        if ids:
            docnums, unknown = exporting.docnums_of_ids(s, ids)
            for article_id in unknown:
                click.echo(f"warning: no article {article_id}", err=True)
    except QueryError as exc:
        _fail(str(exc))
    records = exporting.records(s, docnums)
    if fmt == "csv":
        lines = exporting.csv_lines(citations.with_citation(records, newspaper, base_url),
                                    exporting.CSV_FIELDS)
    elif fmt == "jsonl":
        lines = exporting.jsonl_lines(records)
    else:
        lines = citations.lines(records, "ris" if fmt == "ris" else "bibtex", newspaper, base_url)
    _write(lines)


@cli.command("explain")
@click.argument("page_file", metavar="PAGE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--corpus", "corpus", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Corpus folder the page belongs to (default: the folder above its YYYY folder).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def explain_cmd(page_file: Path, corpus: Path | None, as_json: bool) -> None:
    """Show how one page is cut into articles and why each article got its labels.

    Prints each logical line with what it was taken for, the rule that said so
    and what was decided at it (new article or subhead, and the evidence), then
    each article with its cities, counties and levels and the sentence that
    gave each one.

    Example: python -m indexer explain corpus/2024/2024-07-23/02.txt
    """
    try:
        page = explaining.load_page(page_file, corpus)
        # The fixes of corpus/corrections.toml apply here as in the index.
        corrector = load_corrections(corpus or explaining.corpus_root(page_file)).for_page(page.source)
        explanation = explaining.explain_page(page, corrector)
    except (PageError, CorrectionsError) as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(explanation.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(explaining.format_text(explanation))
    if corrector is not None:
        report = corrector.report()
        click.echo(f"corrections applied {len(report['applied'])}", err=as_json)
        for line in report["stale"]:
            click.echo(f"warning: {line}", err=True)


@cli.command()
@INDEX
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def stats(index_dir: Path, as_json: bool) -> None:
    """Print article counts per city, union level and year, date coverage and corrections applied.

    Example: python -m indexer stats --json
    """
    result = archive_stats(_open(index_dir))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    click.echo(f"articles {result['articles']} on {result['pages']} pages "
               f"(index generation {result['generation']})")
    click.echo(f"dates    {result['first_date']} … {result['last_date']}, "
               f"{result['issue_dates']} issue dates; {result['date_inferred']} articles with an "
               f"inferred date, {result['undated']} undated")
    for title, key, none_key in (("city", "cities", "no_city"), ("level", "levels", "no_level")):
        counts = "  ".join(f"{k} {v}" for k, v in result[key].items())
        click.echo(f"{title:<8} {counts}  (none {result[none_key]})")
    click.echo("year     " + "  ".join(f"{k} {v}" for k, v in result["years"].items()))
    fixes = result["corrections"]
    click.echo(f"corrections applied {fixes['applied']}, matching nothing {len(fixes['stale'])}")
    for line in fixes["stale"]:
        click.echo(f"  {line}")


def _batch_lines(source: str) -> list[str]:
    """Return the lines of the batch file (or standard input); fail with a message if unreadable."""
    if source == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(source).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        _fail(f"batch file {source} does not exist")
    except IsADirectoryError:
        _fail(f"batch file {source} is a folder, not a file of queries")
    except UnicodeDecodeError:
        _fail(f"batch file {source} is not UTF-8 text: save it as UTF-8, one query per line")
    except OSError as exc:
        _fail(f"cannot read batch file {source}: {exc.strerror or exc}")


def _batch(s: ArchiveSearcher, queries: list[str], base: Params) -> None:
    for line in queries:
        q = line.strip()
        if not q:
            continue
        try:
            ids = matching_ids(s, replace(base, q=q))
            row = {"query": q, "total": len(ids), "ids": ids}
        except QueryError as exc:
            row = {"query": q, "error": str(exc)}
        click.echo(json.dumps(row, ensure_ascii=False))


@cli.command("search")
@click.argument("query", required=False, default="")
@INDEX
@click.option("--city", multiple=True, help="City filter (repeatable: any of them).")
@click.option("--level", multiple=True, help="Union level filter (repeatable: any of them).")
@click.option("--county", multiple=True, help="County-level division filter (repeatable).")
@click.option("--author", multiple=True, help="Author filter: a name as in the byline (repeatable).")
@click.option("--column", multiple=True, help="Column filter: the column's whole name (repeatable).")
@click.option("--from", "date_from", default="", help="From date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--to", "date_to", default="", help="To date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance")
@click.option("--page", default=1, show_default=True)
@click.option("--per-page", default=20, show_default=True)
@click.option("--synonyms", is_flag=True, help="Also search synonyms (劳模 → 劳动模范 …).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.option("--batch", type=str, default=None,
              help="File of queries, one per line ('-' for standard input); prints one JSON line each.")
def search_cmd(query, index_dir, city, level, county, author, column, date_from, date_to, sort,
               page, per_page, synonyms, as_json, batch) -> None:
    """Search the index; see `docs/QUERY.md` for the query language.

    Example: python -m indexer search '劳模 创新' --city 阜阳 --from 2021 --json

    Batch: python -m indexer search --batch keywords.txt > counts.jsonl
    """
    queries = _batch_lines(batch) if batch is not None else None  # a bad file fails first
    s = _open(index_dir)
    try:
        params = Params.parse(query, city=city, county=county, level=level, author=author,
                              column=column, date_from=date_from, date_to=date_to, sort=sort,
                              page=page, per_page=per_page, synonyms=synonyms)
        if queries is not None:
            _batch(s, queries, params)
            return
        result = search(s, params)
        if result["total"] == 0:
            result["suggestions"] = [{**row, "params": row["params"].as_dict()}
                                     for row in suggest.suggestions(s, params)]
    except QueryError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for notice in result["notices"]:
        click.echo(f"note: {notice}")
    click.echo(f"{result['total']} articles ({result['took_ms']} ms)"
               + (f"; synonyms added: {', '.join(result['expanded_terms'])}" if result["expanded_terms"] else ""))
    for h in result["hits"]:
        tags = " ".join(h["cities"] + h["levels"])
        date = h["date_label"] + ("*" if h["date_inferred"] else "")  # 不早于 2021年11月*
        click.echo(f"{h['id']}  {date}  {h['title']}  [{tags}]  {h['source']}")
    for row in result.get("suggestions", []):
        click.echo(f"try: {row['label']} → {row['count']} articles")


@cli.command("article")
@click.argument("article_id")
@INDEX
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
def article_cmd(article_id: str, index_dir: Path, as_json: bool) -> None:
    """Print one article: its fields, labels, full text, the articles of its page and related ones.

    Example: python -m indexer article 3f2a9c0d1e4b5a67
    """
    data = article_page(_open(index_dir), article_id.strip().lower())
    if data is None:
        _fail(f"no article {article_id!r} (ids are 16 hex digits; the index may have been rebuilt)")
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    date = data["date_label"] + (" * (inferred from the text: a lower bound)" if data["date_inferred"] else "")
    click.echo(data["title"] or "（无题）")
    if data["subtitle"]:
        click.echo(f"——{data['subtitle']}")
    for label, value in (("id", data["id"]), ("date", date), ("page", data["page"]),
                         ("source", f"{data['source']} #{data['seq']}"),
                         ("byline", "、".join(data["byline"])), ("column", data["column"]),
                         ("org", data["org"]), ("cities", "、".join(data["cities"])),
                         ("counties", "、".join(data["counties"])), ("levels", "、".join(data["levels"]))):
        if value not in ("", None):
            click.echo(f"{label:<9}{value}")
    if data["evidence"]:
        click.echo("evidence:")
        for entry in data["evidence"]:
            for reason in entry["reasons"] or [{"rule_name": "(no evidence recorded)", "rule": "", "text": ""}]:
                said = f" — “{reason['text']}”" if reason["text"] else ""
                click.echo(f"  {entry['label']} {entry['value']}: {reason['rule_name']}{said}")
    click.echo("")
    click.echo(data["text"])
    click.echo("")
    click.echo("same page:")
    for row in data["same_page"]:
        click.echo(f"  {'>' if row['current'] else ' '} {row['seq']:>2}  {row['id']}  {row['title']}")
    if data["related"]:
        click.echo("related:")
        for row in data["related"]:
            inferred = "*" if row["date_inferred"] else ""
            click.echo(f"    {row['id']}  {row['date_label']}{inferred}  {row['title']}")


FILTERS = [
    click.option("--city", multiple=True, help="City filter (repeatable: any of them)."),
    click.option("--level", multiple=True, help="Union level filter (repeatable: any of them)."),
    click.option("--county", multiple=True, help="County-level division filter (repeatable)."),
    click.option("--author", multiple=True, help="Author filter: a name as in the byline (repeatable)."),
    click.option("--column", multiple=True, help="Column filter: the column's whole name (repeatable)."),
    click.option("--from", "date_from", default="", help="From date: YYYY, YYYY-MM or YYYY-MM-DD."),
    click.option("--to", "date_to", default="", help="To date: YYYY, YYYY-MM or YYYY-MM-DD."),
    click.option("--synonyms", is_flag=True, help="Also search synonyms (劳模 → 劳动模范 …)."),
]


def _filters(fn):
    for option in reversed(FILTERS):
        fn = option(fn)
    return fn


def _write(lines) -> None:
    out = sys.stdout.buffer
    for line in lines:
        out.write(line.encode("utf-8"))
    sys.stdout.flush()


@cli.command("kwic")
@click.argument("query")
@INDEX
@_filters
@click.option("--width", default=kwic.DEFAULT_WIDTH, show_default=True,
              help="Characters of context on each side.")
@click.option("--sort", type=click.Choice(kwic.SORTS), default="date", show_default=True,
              help="date, or the left/right context read outwards from the match.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
def kwic_cmd(query, index_dir, width, sort, fmt, **filters) -> None:
    """Print every occurrence of the query's terms in context (a concordance).

    One row per occurrence across all matching articles: id, date, title,
    cities, levels, left, match, right, offset. left+match+right is the
    article text exactly as printed.

    Example: python -m indexer kwic 劳模 --width 20 --sort left > laomo.csv
    """
    s = _open(index_dir)
    try:
        params = Params.parse(query, **filters)
        rows = kwic.rows(s, params, width, sort)
        first = next(rows, None)
    except QueryError as exc:
        _fail(str(exc))
    everything = [] if first is None else itertools.chain([first], rows)
    if fmt == "csv":
        _write(exporting.csv_lines(everything, kwic.FIELDS))
    else:
        _write(exporting.jsonl_lines(everything))


@cli.command("trend")
@click.argument("queries", nargs=-1)
@INDEX
@_filters
@click.option("--by", type=click.Choice(["month", "year", "city"]), default="month", show_default=True,
              help="Time unit, or city: one query split by city (per year, or --per month).")
@click.option("--per", type=click.Choice(["year", "month"]), default="year", show_default=True,
              help="Time unit of a --by city breakdown.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON instead of CSV.")
def trend_cmd(queries, index_dir, by, per, as_json, **filters) -> None:
    """Count matching articles per month or year for up to six queries, side by side.

    CSV, one row per query and period: articles, all_articles (the whole
    archive that period), share (empty where the archive has no article),
    inferred. By month, articles with an inferred date are not in the month
    counts but in the inferred column.

    Example: python -m indexer trend 劳模 工匠 --by year > trend.csv

    City breakdown: python -m indexer trend 集体协商 --by city
    """
    s = _open(index_dir)
    try:
        base = Params.parse("", **filters)
        unit, split = (per, "city") if by == "city" else (by, "query")
        data = trends.trend(s, base, list(queries), unit, split)
    except QueryError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    _write(exporting.csv_lines(trends.csv_rows(data), trends.CSV_FIELDS))


@cli.command("counts")
@click.argument("queries_file")
@INDEX
@click.option("--by", default="year,city", show_default=True,
              help="Comma-separated breakdown: any of year, month, city, county, level.")
@_filters
def counts_cmd(queries_file, index_dir, by, **filters) -> None:
    """Write a balanced panel of article counts: one CSV row per query and cell.

    QUERIES_FILE has one query per line ('-' for standard input; blank lines
    and lines starting with # are skipped). Columns: query, the --by columns,
    articles, all_articles (every article of the archive in that cell) and
    share (empty where all_articles is 0). Zeros are included.

    Example: python -m indexer counts keywords.txt --by year,city > panel.csv
    """
    s = _open(index_dir)
    try:
        handle = sys.stdin if queries_file == "-" else open(queries_file, encoding="utf-8-sig")
    except OSError as exc:
        _fail(f"cannot read {queries_file}: {exc.strerror}")
    with handle:
        queries = counts.read_queries(handle)
    try:
        base = Params.parse("", **filters)
        columns = counts.fields(by)
        rows = counts.panel(s, queries, by, base)
        first = next(rows, None)
    except QueryError as exc:
        _fail(str(exc))
    _write(exporting.csv_lines([] if first is None else itertools.chain([first], rows), columns))


def main() -> None:
    """Run the command line."""
    cli(prog_name="python -m indexer")
