"""Panel counts: every query in every cell, equal to a brute-force count over the export."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from conftest import run_cli
from indexer.fold import fold
from indexer.ingest.places import divisions
from indexer.search import counts
from indexer.search.engine import parse_params
from indexer.search.export import records
from indexer.search.query import QueryError
from indexer.storage import store
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.schema import CITIES, LEVELS
from searchapp import create_app

QUERIES = ["劳模", "工匠", "职工 创新"]


@pytest.fixture(scope="module")
def wb(workbench_index):
    return ArchiveSearcher(store.current(workbench_index))


@pytest.fixture(scope="module")
def every(wb) -> list[dict]:
    return list(records(wb))


@pytest.fixture(scope="module")
def client(workbench_index):
    return create_app({"INDEX_DIR": str(workbench_index), "TESTING": True}).test_client()


def has(record: dict, query: str) -> bool:
    folded = fold(record["title"] + "\n" + record["text"])
    return all(fold(word) in folded for word in query.split())


def brute(every, query, key) -> Counter:
    found = Counter()
    for r in every:
        if query is None or has(r, query):
            found.update(key(r))
    return found


def year_city(r):
    return [(r["date"][:4], c) for c in r["cities"]] if r["date"] else []


def test_year_by_city_counts_equal_brute_force_with_every_cell(wb, every):
    rows = list(counts.panel(wb, QUERIES, "year,city"))
    years = sorted({r["date"][:4] for r in every if r["date"]})
    span = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    assert len(rows) == len(QUERIES) * len(span) * len(CITIES)
    whole = brute(every, None, year_city)
    for query in QUERIES:
        mine = brute(every, query, year_city)
        got = {(r["year"], r["city"]): r for r in rows if r["query"] == query}
        assert set(got) == {(y, c) for y in span for c in CITIES}
        for cell, row in got.items():
            assert row["articles"] == mine.get(cell, 0), (query, cell)
            assert row["all_articles"] == whole.get(cell, 0), cell
            assert row["share"] == (pytest.approx(row["articles"] / row["all_articles"], abs=1e-6)
                                    if row["all_articles"] else None)
        assert sum(r["articles"] for r in got.values()) == sum(mine.values()) > 0
    assert any(r["articles"] == 0 and r["all_articles"] > 0 for r in rows)  # zeros are rows too


@pytest.mark.parametrize("by, key", [
    ("level", lambda r: [(v,) for v in r["levels"]]),
    ("month,level", lambda r: [(r["date"][:7], v) for v in r["levels"]]
     if r["date"] and not (r["date_inferred"] and r["date_precision"] == "year") else []),
    ("county", lambda r: [(c,) for c in r["counties"]]),
])
def test_other_breakdowns_equal_brute_force(wb, every, by, key):
    dims = by.split(",")
    rows = list(counts.panel(wb, ["劳模"], by))
    mine, whole = brute(every, "劳模", key), brute(every, None, key)
    got = {tuple(r[d] for d in dims): r for r in rows}
    assert len(got) == len(rows)
    assert {c: n for c, n in mine.items()} == {c: r["articles"] for c, r in got.items() if r["articles"]}
    assert {c: n for c, n in whole.items()} == {c: r["all_articles"] for c, r in got.items() if r["all_articles"]}
    if by == "level":
        assert [r["level"] for r in rows] == list(LEVELS)


def test_county_under_city_lists_each_county_once_under_its_own_city(wb):
    rows = list(counts.panel(wb, ["工会"], "city,county"))
    home = {d.county: d.city for d in divisions() if d.type != "former" and d.county}
    assert len(rows) == len(home)
    assert all(home[r["county"]] == r["city"] for r in rows)


def test_bad_panels_are_messages(wb):
    for by, match in [("year,yr", "不认识"), ("year,month", "只能选一个"), ("", "请指定")]:
        with pytest.raises(QueryError, match=match):
            list(counts.panel(wb, ["劳模"], by))
    with pytest.raises(QueryError, match="引号"):
        list(counts.panel(wb, ["劳模", '"x'], "year"))
    assert counts.read_queries(["劳模\n", "# 注释\n", "\n", " 工匠 \n"]) == ["劳模", "工匠"]


def test_cli_counts_file_writes_the_panel_csv(workbench_index, wb, tmp_path):
    (tmp_path / "q.txt").write_text("# keywords\n" + "\n".join(QUERIES) + "\n\n", encoding="utf-8")
    done = run_cli("counts", str(tmp_path / "q.txt"), "--by", "year,city", "--index", str(workbench_index))
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert list(table[0]) == ["query", "year", "city", "articles", "all_articles", "share"]
    expected = list(counts.panel(wb, QUERIES, "year,city"))
    assert [(r["query"], r["year"], r["city"], int(r["articles"]), int(r["all_articles"])) for r in table] == \
        [(r["query"], r["year"], r["city"], r["articles"], r["all_articles"]) for r in expected]
    assert all((r["share"] == "") == (r["all_articles"] == "0") for r in table)
    missing = run_cli("counts", str(tmp_path / "none.txt"), "--index", str(workbench_index))
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr


def test_api_and_csv_count_the_queries_typed_in(client, wb):
    data = client.get("/api/counts", query_string={"q": QUERIES[:2], "by": "year,city"}).get_json()
    assert data["rows"] == list(counts.panel(wb, QUERIES[:2], "year,city"))
    response = client.get("/counts.csv", query_string={"queries": "劳模\n工匠", "by": "year,city"})
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(table) == len(data["rows"])
    page = client.get("/counts", query_string={"queries": "劳模\n工匠"}).get_data(as_text=True)
    assert page.count("<tr>") == len(data["rows"]) + 1
    assert client.get("/api/counts", query_string={"q": "劳模", "by": "week"}).status_code == 400
    assert client.get("/counts", query_string={"q": "劳模", "by": "week"}).status_code == 400
