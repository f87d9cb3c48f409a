"""Trends that compare: several queries (or one per city) per month or year.

Checked against a brute-force count over the export of a real index whose pages
are partly path-dated (2021-01, 2021-03, 2021-06) and partly dated by inference.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from conftest import run_cli
from indexer.fold import fold
from indexer.search import trends
from indexer.search.engine import parse_params
from indexer.search.export import records
from indexer.search.query import QueryError
from indexer.storage import store
from indexer.storage.reader import ArchiveSearcher
from searchapp import create_app

TERMS = ["劳模", "工匠"]


@pytest.fixture(scope="module")
def wb(workbench_index):
    return ArchiveSearcher(store.current(workbench_index))


@pytest.fixture(scope="module")
def every(wb) -> list[dict]:
    return list(records(wb))


@pytest.fixture(scope="module")
def client(workbench_index):
    return create_app({"INDEX_DIR": str(workbench_index), "TESTING": True}).test_client()


def has(record: dict, term: str) -> bool:
    return fold(term) in fold(record["title"] + "\n" + record["text"])


def brute(every: list[dict], term: str | None, unit: str, inferred: bool, city: str | None = None) -> Counter:
    cut = 7 if unit == "month" else 4
    return Counter(r["date"][:cut] for r in every
                   if r["date"] and r["date_inferred"] == inferred and (term is None or has(r, term))
                   and (city is None or city in r["cities"])
                   and not (unit == "month" and r["date_inferred"] and r.get("date_precision") == "year"))


def test_month_counts_keep_inferred_dates_out_and_count_them_separately(wb, every):
    data = trends.trend(wb, parse_params(""), TERMS, "month")
    assert [s["query"] for s in data["series"]] == TERMS
    whole = brute(every, None, "month", False)
    assert data["archive"] == [whole.get(p, 0) for p in data["periods"]]
    for series, term in zip(data["series"], TERMS):
        exact, guessed = brute(every, term, "month", False), brute(every, term, "month", True)
        assert dict(zip(data["periods"], series["counts"])) == {p: exact.get(p, 0) for p in data["periods"]}
        assert sum(series["counts"]) == sum(exact.values()) > 0
        assert sum(series["inferred"]) == sum(guessed.values()) == series["inferred_total"] > 0


def test_a_period_without_any_article_is_a_gap_not_zero(wb):
    data = trends.trend(wb, parse_params(""), TERMS, "month")
    february = data["periods"].index("2021-02")
    assert data["archive"][february] == 0 and data["gaps"][february]
    assert all(s["shares"][february] is None for s in data["series"])
    june = data["periods"].index("2021-06")
    assert not data["gaps"][june]
    for s in data["series"]:
        assert s["shares"][june] == pytest.approx(s["counts"][june] / data["archive"][june])


def test_year_counts_include_inferred_dates_and_say_how_many(wb, every):
    data = trends.trend(wb, parse_params(""), TERMS, "year")
    for series, term in zip(data["series"], TERMS):
        allyear = brute(every, term, "year", False) + brute(every, term, "year", True)
        assert {p: c for p, c in zip(data["periods"], series["counts"]) if c} == dict(allyear)
        assert dict(zip(data["periods"], series["inferred"])) == \
            {p: brute(every, term, "year", True).get(p, 0) for p in data["periods"]}


def test_city_breakdown_counts_each_city_against_its_own_articles(wb, every):
    data = trends.trend(wb, parse_params(""), ["工会"], "year", "city")
    assert data["denominator"] == "city" and len(data["series"]) > 3
    for s in data["series"]:
        mine = brute(every, "工会", "year", False, s["city"]) + brute(every, "工会", "year", True, s["city"])
        theirs = brute(every, None, "year", False, s["city"]) + brute(every, None, "year", True, s["city"])
        assert {p: c for p, c in zip(data["periods"], s["counts"]) if c} == dict(mine)
        assert s["all_articles"] == [theirs.get(p, 0) for p in data["periods"]]
    totals = [s["total"] for s in data["series"]]
    assert totals == sorted(totals, reverse=True)


def test_a_query_without_matches_gives_no_periods(wb, client):
    data = trends.trend(wb, parse_params(""), ["没有这个词的文章"], "month")
    assert data["periods"] == [] and data["series"][0]["total"] == 0
    assert client.get("/trend", query_string={"q": "没有这个词的文章"}).status_code == 200


def test_bad_trend_requests_are_messages(wb):
    with pytest.raises(QueryError, match="最多"):
        trends.trend(wb, parse_params(""), list("一二三四五六七"), "month")
    with pytest.raises(QueryError, match="统计单位"):
        trends.trend(wb, parse_params(""), TERMS, "week")
    with pytest.raises(QueryError, match="一个检索词"):
        trends.trend(wb, parse_params(""), TERMS, "year", "city")


def test_two_term_csv_api_and_page_show_both_series(client, wb):
    params = {"q": TERMS, "by": "month"}
    data = client.get("/api/trend", query_string=params).get_json()
    assert [s["label"] for s in data["series"]] == TERMS
    response = client.get("/trend.csv", query_string=params)
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 2 * len(data["periods"])
    for s in data["series"]:
        mine = [r for r in rows if r["query"] == s["query"]]
        assert [int(r["articles"]) for r in mine] == s["counts"]
        assert [r["share"] == "" for r in mine] == data["gaps"]
    assert "trend-month_%E5%8A%B3%E6%A8%A1_%E5%B7%A5%E5%8C%A0.csv" in response.headers["Content-Disposition"]
    page = client.get("/trend", query_string=params).get_data(as_text=True)
    assert 'class="line s0"' in page and 'class="line s1"' in page
    assert 'class="gap"' in page and "不计入月份" in page
    assert page.count('<circle class="dot s1"') == 2 * sum(1 for n in data["archive"] if n)
    assert client.get("/api/trend", query_string={"q": list("一二三四五六七")}).status_code == 400


def test_cli_trend_writes_the_same_csv(workbench_index, client):
    web = client.get("/trend.csv", query_string={"q": TERMS, "by": "year"}).get_data(as_text=True)
    done = run_cli("trend", *TERMS, "--by", "year", "--index", str(workbench_index))
    assert done.returncode == 0, done.stderr
    assert done.stdout.replace("\r\n", "\n") == web.replace("\r\n", "\n")
    city = json.loads(run_cli("trend", "工会", "--by", "city", "--json", "--index", str(workbench_index)).stdout)
    assert city["split"] == "city" and city["series"][0]["city"]
    bad = run_cli("trend", "劳模", "工匠", "--by", "city", "--index", str(workbench_index))
    assert bad.returncode == 2 and "一个检索词" in bad.stderr
