"""Tantivy (a compiled Rust engine, through the ``tantivy`` package) doing the same work as our search.

Takes the exported articles; builds a Tantivy index whose ``body`` (the folded
title and text, as our ``grams`` field holds them) is cut into single
characters with their positions (a regex tokenizer, ``(?s).``), plus city and
level (raw, fast fields) and the year (a fast integer). A string is found as a
phrase of its characters (one character: a term), which is exactly "contains
this string", so hit counts can equal ours. Tantivy's own n-gram tokenizer
gives every n-gram the same position, so a phrase of bigrams cannot be asked
of it: hence characters with positions.

A query of the benchmark's mix is answered like our API: the count, a city
facet (a terms aggregation) and 20 snippets (Tantivy's SnippetGenerator; it
marks every character of the query where it occurs, not only whole matches).

Optional: ``pip install -e '.[bench]'``; never imported by the app.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from indexer.fold import fold

try:
    import tantivy
except ImportError:  # the bench extra is not installed: the benchmark says so and goes on
    tantivy = None

TOKENIZER = "chars"
WRITER_HEAP = 200_000_000


def available() -> bool:
    """Tell whether the tantivy package is installed."""
    return tantivy is not None


def version() -> str:
    """Return the installed tantivy package's version."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("tantivy")
    except PackageNotFoundError:
        return "?"


def _schema():
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("body", stored=True, tokenizer_name=TOKENIZER, index_option="position")
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("city", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("level", stored=False, tokenizer_name="raw", fast=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    return sb.build()


def _register(index) -> None:
    index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"(?s).")).build())


def build(path: Path, records, threads: int = 1) -> int:
    """Create the Tantivy index at path from export records; return the number of articles."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    schema = _schema()
    index = tantivy.Index(schema, path=str(path))
    _register(index)
    writer = index.writer(WRITER_HEAP, threads)
    n = 0
    for n, r in enumerate(records, 1):
        fields = {"body": fold(r["title"] + "\n" + r["text"]), "id": r["id"]}
        if r["cities"]:
            fields["city"] = list(r["cities"])
        if r["levels"]:
            fields["level"] = list(r["levels"])
        if r.get("date"):
            fields["year"] = int(r["date"][:4])
        writer.add_document(tantivy.Document(**fields))
    writer.commit()
    writer.wait_merging_threads()
    return n


class Reference:
    """An open Tantivy index answering the benchmark's queries."""

    def __init__(self, path: Path):
        self.index = tantivy.Index.open(str(path))
        _register(self.index)
        self.index.reload()
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def _string(self, text: str):
        chars = list(fold(text))
        if len(chars) == 1:
            return tantivy.Query.term_query(self.schema, "body", chars[0])
        return tantivy.Query.phrase_query(self.schema, "body", chars)

    def query(self, q: str, extra: dict):
        """Translate the benchmark's query syntax (terms, "phrase", OR, -term) and filters."""
        Occur, Query = tantivy.Occur, tantivy.Query
        tokens = [t.strip('"') for t in q.split()]
        clauses = []
        if "OR" in tokens:
            alternatives = [self._string(t) for t in tokens if t != "OR"]
            clauses.append((Occur.Must, Query.boolean_query([(Occur.Should, a) for a in alternatives])))
        else:
            for t in tokens:
                if t.startswith("-") and len(t) > 1:
                    clauses.append((Occur.MustNot, self._string(t[1:])))
                else:
                    clauses.append((Occur.Must, self._string(t)))
        if "city" in extra:
            clauses.append((Occur.Must, Query.term_query(self.schema, "city", extra["city"])))
        if "level" in extra:
            clauses.append((Occur.Must, Query.term_query(self.schema, "level", extra["level"])))
        if "from" in extra or "to" in extra:
            first = int(extra.get("from", "0")[:4] or 0)
            last = int(extra.get("to", "9999")[:4] or 9999)
            clauses.append((Occur.Must, Query.range_query(self.schema, "year", tantivy.FieldType.Integer,
                                                          first, last)))
        if not any(occur == Occur.Must for occur, _ in clauses):
            clauses.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(clauses)

    def search(self, q: str, extra: dict) -> dict:
        """Return the count, the city facet and 20 snippets (HTML) of a query, and the time
        (ms) spent on the count and facet and on the snippets."""
        started = time.perf_counter()
        query = self.query(q, extra)
        result = self.searcher.search(query, 20, count=True)
        facet = self.searcher.aggregate(query, {"city": {"terms": {"field": "city", "size": 100}}})
        counted = time.perf_counter()
        positive = [t.strip('"') for t in q.split() if t != "OR" and not t.startswith("-")]
        snippets = []
        if positive:
            generator = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "body")
            snippets = [generator.snippet_from_doc(self.searcher.doc(address)).to_html()
                        for _, address in result.hits]
        done = time.perf_counter()
        return {"total": result.count, "facet": facet["city"]["buckets"], "snippets": snippets,
                "count_facet_ms": (counted - started) * 1000, "snippets_ms": (done - counted) * 1000}
