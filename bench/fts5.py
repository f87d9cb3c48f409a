"""SQLite FTS5 with the trigram tokenizer, doing the same work as our search.

Takes the exported articles; builds an FTS5 table over title and text (trigram
tokenizer, the usual exact-substring design) and a table of article cities;
answers a query with a count, a city facet and 20 snippets, like our API.
FTS5's trigram index serves strings of three or more characters; shorter
strings fall back to LIKE, which FTS5 answers by scanning: that is FTS5's own
limit and is measured as such.

Both sides see the same text: FTS5 is given the articles and the queries
folded by ``indexer.fold`` (traditional → simplified, full-width → half-width,
case), as our index folds them, so that the hit counts can be compared exactly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from indexer.fold import fold


def build(db_path: Path, records) -> int:
    """Create the FTS5 database from export records; return the number of articles."""
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    con.executescript("""
        CREATE VIRTUAL TABLE fts USING fts5(title, text, tokenize='trigram');
        CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, day TEXT);
        CREATE TABLE city(rowid INTEGER, city TEXT);
        CREATE INDEX city_rowid ON city(rowid);
    """)
    n = 0
    for n, r in enumerate(records, 1):
        con.execute("INSERT INTO fts(rowid, title, text) VALUES (?, ?, ?)", (n, fold(r["title"]), fold(r["text"])))
        con.execute("INSERT INTO meta VALUES (?, ?, ?)", (n, r["id"], r["date"]))
        con.executemany("INSERT INTO city VALUES (?, ?)", [(n, c) for c in r["cities"]])
    con.commit()
    con.close()
    return n


def _where(terms: list[str]) -> tuple[str, list]:
    """Return an SQL condition on fts for terms that must all occur (substring semantics)."""
    terms = [fold(t) for t in terms]
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    clauses, args = [], []
    if long_terms:
        clauses.append("fts MATCH ?")
        args.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
    for t in short_terms:
        clauses.append("(title LIKE ? OR text LIKE ?)")
        args += [f"%{t}%", f"%{t}%"]
    return " AND ".join(clauses) or "1", args


def search(con: sqlite3.Connection, terms: list[str], city: str | None = None) -> dict:
    """Return count, city facet and 20 snippets for terms (all required), optionally in a city."""
    where, args = _where(terms)
    if city:
        where += " AND rowid IN (SELECT rowid FROM city WHERE city = ?)"
        args = args + [city]
    total = con.execute(f"SELECT count(*) FROM fts WHERE {where}", args).fetchone()[0]
    facet = con.execute(
        f"SELECT city, count(*) FROM city WHERE rowid IN (SELECT rowid FROM fts WHERE {where}) "
        "GROUP BY city ORDER BY 2 DESC", args).fetchall()
    order = "ORDER BY rank" if any(len(t) >= 3 for t in terms) else ""
    hits = con.execute(
        f"SELECT rowid, snippet(fts, 1, '<mark>', '</mark>', '…', 24) FROM fts WHERE {where} {order} LIMIT 20",
        args).fetchall()
    return {"total": total, "facet": facet, "hits": hits}


def ids(con: sqlite3.Connection, terms: list[str]) -> set[str]:
    """Return the ids of every article containing all terms."""
    where, args = _where(terms)
    return {row[0] for row in con.execute(
        f"SELECT id FROM meta WHERE rowid IN (SELECT rowid FROM fts WHERE {where})", args)}


def connect(db_path: Path) -> sqlite3.Connection:
    """Open the database read-only."""
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
