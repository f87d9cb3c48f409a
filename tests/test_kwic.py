"""The concordance (KWIC): library, JSON, page, CSV and command line on a real index.

Every row must be a real substring of its article, the number of rows must equal
a brute-force count of the term in every article's text, and a folded query
(勞模 / 劳模) must show the text as printed.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_cli
from indexer.fold import fold
from indexer.search import kwic
from indexer.search.engine import parse_params
from indexer.search.export import records
from indexer.search.query import QueryError
from indexer.storage import store
from indexer.storage.reader import ArchiveSearcher
from searchapp import create_app


@pytest.fixture(scope="module")
def wb(workbench_index):
    return ArchiveSearcher(store.current(workbench_index))


@pytest.fixture(scope="module")
def texts(wb) -> dict[str, str]:
    return {r["id"]: r["text"] for r in records(wb)}


@pytest.fixture(scope="module")
def client(workbench_index):
    return create_app({"INDEX_DIR": str(workbench_index), "TESTING": True}).test_client()


def brute_count(texts: dict[str, str], term: str) -> int:
    return sum(fold(text).count(fold(term)) for text in texts.values())


@pytest.mark.parametrize("term", ["劳模", "勞模", "工会", "职工", "会", "创新工作室"])
def test_rows_are_substrings_and_their_number_is_the_brute_force_count(wb, texts, term):
    rows = list(kwic.rows(wb, parse_params(term), width=12))
    assert len(rows) == brute_count(texts, term) > 0
    for r in rows:
        text = texts[r["id"]]
        start = r["offset"] - len(r["left"])
        assert text[start:r["offset"] + len(r["match"]) + len(r["right"])] == r["left"] + r["match"] + r["right"]
        assert fold(r["match"]) == fold(term)
        assert len(r["left"]) == min(12, r["offset"])


def test_a_folded_query_shows_the_text_as_printed(wb, texts):
    matches = {r["match"] for r in kwic.rows(wb, parse_params("劳模"))}
    assert matches == {"劳模", "勞模"}  # the 2021-01-12 page prints 勞模
    traditional = [r for r in kwic.rows(wb, parse_params("劳模")) if r["match"] == "勞模"]
    assert {r["date"] for r in traditional} == {"2021-01-12"}
    assert len(traditional) == sum(t.count("勞模") for t in texts.values())


def test_concordance_totals_and_pages_cover_every_row_once(wb, texts):
    whole = list(kwic.rows(wb, parse_params("劳模"), width=5))
    first = kwic.concordance(wb, parse_params("劳模"), width=5, per_page=7)
    assert first["occurrences"] == len(whole)
    assert first["articles"] == len({r["id"] for r in whole})
    assert first["pages"] == -(-len(whole) // 7)
    paged = []
    for page in range(1, first["pages"] + 1):
        paged += kwic.concordance(wb, parse_params("劳模"), width=5, page=page, per_page=7)["rows"]
    assert paged == whole


@pytest.mark.parametrize("sort", ["left", "right"])
def test_context_sorts_read_outwards_from_the_match(wb, sort):
    rows = list(kwic.rows(wb, parse_params("职工"), width=6, sort=sort))
    keys = [r["left"][::-1] if sort == "left" else r["right"] for r in rows]
    assert keys == sorted(keys)
    assert len(rows) == len(list(kwic.rows(wb, parse_params("职工"), width=6)))


def test_date_sort_is_oldest_first_with_undated_last(wb):
    dates = [r["date"] or "9999" for r in kwic.rows(wb, parse_params("工会"))]
    assert dates == sorted(dates)


def test_or_terms_make_one_row_per_occurrence_and_not_terms_none(wb, texts):
    both = list(kwic.rows(wb, parse_params("劳模 OR 工匠")))
    assert len(both) == brute_count(texts, "劳模") + brute_count(texts, "工匠")
    without = list(kwic.rows(wb, parse_params("劳模 -工匠")))
    assert {r["match"] for r in without} <= {"劳模", "勞模"}


def test_a_query_without_terms_or_bad_options_is_a_message(wb):
    with pytest.raises(QueryError, match="检索词"):
        list(kwic.rows(wb, parse_params("城市:合肥")))
    with pytest.raises(QueryError, match="排序"):
        kwic.check_options(sort="middle")
    assert kwic.check_options(width="9999")[0] == kwic.MAX_WIDTH


def test_api_page_and_csv_agree(client, texts):
    data = client.get("/api/kwic", query_string={"q": "劳模", "width": 8, "per_page": 1000}).get_json()
    assert data["occurrences"] == len(data["rows"]) == brute_count(texts, "劳模")
    assert all(r["url"].startswith(f"/article/{r['id']}") for r in data["rows"])
    response = client.get("/kwic.csv", query_string={"q": "劳模", "width": 8})
    assert response.status_code == 200 and "kwic_%E5%8A%B3%E6%A8%A1.csv" in response.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(table) == data["occurrences"]
    assert [(r["id"], r["left"], r["match"], r["right"]) for r in table] == \
        [(r["id"], r["left"], r["match"], r["right"]) for r in data["rows"]]
    page = client.get("/kwic", query_string={"q": "勞模"}).get_data(as_text=True)
    assert f'class="occurrences">{data["occurrences"]}<' in page
    assert page.count("<mark>") == min(kwic.DEFAULT_PER_PAGE, data["occurrences"])
    assert client.get("/api/kwic", query_string={"q": "劳模", "sort": "x"}).status_code == 400
    assert "检索词" in client.get("/kwic", query_string={"q": "城市:合肥"}).get_data(as_text=True)


def test_cli_kwic_writes_every_occurrence(workbench_index, texts):
    done = run_cli("kwic", "勞模", "--index", str(workbench_index), "--width", "4", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == brute_count(texts, "劳模")
    assert all(len(r["left"]) <= 4 and len(r["right"]) <= 4 for r in lines)
    table = list(csv.DictReader(io.StringIO(run_cli("kwic", "劳模", "--index", str(workbench_index)).stdout.lstrip("\ufeff"))))
    assert len(table) == len(lines)
    bad = run_cli("kwic", '"x', "--index", str(workbench_index))
    assert bad.returncode == 2 and "引号" in bad.stderr and "Traceback" not in bad.stderr


def test_help_page_describes_the_research_tools(client):
    page = client.get("/help").get_data(as_text=True)
    for text in ["索引行（KWIC）", "/api/kwic", "/export.ris", "/api/counts", "按城市分列", "不是 0%"]:
        assert text in page, text


@pytest.mark.parametrize("page", ["/kwic", "/trend"])
def test_the_concordance_and_trend_forms_keep_every_filter_when_resubmitted(client, page):
    filters = [("city", "阜阳"), ("county", "界首市"), ("level", "市级"), ("author", "张光宇"),
               ("column", "基层短波"), ("from", "2021-01"), ("to", "2021-12")]
    query = "&".join(f"{name}={value}" for name, value in [("q", "劳模"), *filters])
    html = client.get(f"{page}?{query}").get_data(as_text=True)
    for name, value in filters:
        assert f'<input type="hidden" name="{name}" value="{value}">' in html, (page, name)
