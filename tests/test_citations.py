"""Citations out: RIS, BibTeX, GB/T 7714 and the CSV's url and citation columns.

The exports are read back with maintained parsers (rispy, bibtexparser), as a
reference manager would, on a real index of sample pages (inferred dates) and
path-dated pages.
"""

from __future__ import annotations

import csv
import io
import json

import bibtexparser
import pytest
import rispy

from conftest import run_cli
from indexer.search import citations
from searchapp import create_app

QUERY = "工会"


@pytest.fixture(scope="module")
def client(workbench_index):
    return create_app({"INDEX_DIR": str(workbench_index), "TESTING": True,
                       "PUBLIC_URL": "https://archive.example.org/"}).test_client()


def hits(client, **params) -> list[dict]:
    response = client.get("/export.jsonl", query_string=params)
    assert response.status_code == 200
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def download(client, path: str, **params) -> str:
    response = client.get(path, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def known_parts(record: dict) -> list[str]:
    """The parts of the date a citation may give: an inferred one only to its precision."""
    parts = record["date"].split("-")
    if record["date_inferred"]:
        return parts[:{"year": 1, "month": 2}.get(record["date_precision"], 3)]
    return parts


def ris_date(record: dict) -> str:
    parts = known_parts(record)
    return "/".join(parts) if len(parts) == 3 else "/".join(parts + [""] * (3 - len(parts))) + "/"


def test_ris_export_parses_into_one_newspaper_record_per_hit(client):
    expected = hits(client, q=QUERY)
    entries = rispy.loads(download(client, "/export.ris", q=QUERY))
    assert len(entries) == len(expected) > 10
    assert any(r["date_inferred"] for r in expected) and any(not r["date_inferred"] for r in expected)
    for entry, record in zip(entries, expected):
        assert entry["type_of_reference"] == "NEWS"
        assert entry["title"] == (record["title"] or "（无题）")
        assert entry.get("authors", []) == record["byline"]
        assert entry["secondary_title"] == "安徽工人日报"
        assert entry["urls"] == [f"https://archive.example.org/article/{record['id']}"]
        assert entry["date"] == ris_date(record) and entry["year"] == record["date"][:4]
        assert entry.get("start_page") == (str(record["page"]) if record["page"] else None)
        assert ("推断" in " ".join(entry.get("notes", []))) == record["date_inferred"]


def test_bibtex_export_parses_into_one_entry_per_hit(client):
    expected = hits(client, q=QUERY)
    library = bibtexparser.parse_string(download(client, "/export.bib", q=QUERY))
    assert not library.failed_blocks
    assert len(library.entries) == len(expected)
    assert len({e.key for e in library.entries}) == len(expected)
    for entry, record in zip(library.entries, expected):
        fields = {k: f.value for k, f in entry.fields_dict.items()}
        assert entry.entry_type == "article" and fields["entrysubtype"] == "newspaper"
        assert fields["journal"] == "安徽工人日报" and fields["date"] == "-".join(known_parts(record))
        assert fields["url"].endswith(f"/article/{record['id']}")
        authors = [a.strip("{}") for a in fields["author"].split(" and ")] if "author" in fields else []
        assert authors == record["byline"]
        assert ("note" in fields) == record["date_inferred"]


def test_repeated_ids_export_only_those_articles_in_that_order(client):
    every = hits(client, q=QUERY)
    picked = [every[3]["id"], every[0]["id"], every[-1]["id"]]
    params = {"q": QUERY, "id": picked}
    assert [r["id"] for r in hits(client, **params)] == picked
    assert [e["id"] for e in rispy.loads(download(client, "/export.ris", **params))] == picked
    assert len(bibtexparser.parse_string(download(client, "/export.bib", **params)).entries) == 3
    # an id not in the index is skipped; only unknown ids is a message
    assert len(rispy.loads(download(client, "/export.ris", id=[picked[0], "0" * 16]))) == 1
    response = client.get("/export.ris", query_string={"id": "0" * 16})
    assert response.status_code == 400 and "不存在" in response.get_data(as_text=True)


def test_csv_has_url_and_citation_columns_and_a_name_saying_what_was_searched(client):
    response = client.get("/export.csv", query_string={"q": "劳模", "city": "阜阳", "from": "2021"})
    disposition = response.headers["Content-Disposition"]
    assert "filename*=UTF-8''gonghui-export_%E5%8A%B3%E6%A8%A1_%E9%98%9C%E9%98%B3_2021-end.csv" in disposition
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    records = {r["id"]: r for r in hits(client, q="劳模", city="阜阳", **{"from": "2021"})}
    assert len(rows) == len(records) > 0
    for row in rows:
        assert row["url"] == f"https://archive.example.org/article/{row['id']}"
        assert row["citation"] == citations.gbt7714(records[row["id"]])


def test_cite_page_shows_the_picked_articles_citations_to_copy(client):
    every = hits(client, q=QUERY)
    picked = [every[1], every[2]]
    for fmt in ("gbt7714", "ris", "bibtex"):
        data = client.get("/api/cite", query_string={"q": QUERY, "id": [r["id"] for r in picked],
                                                     "format": fmt}).get_json()
        assert data["count"] == 2 and [i["id"] for i in data["items"]] == [r["id"] for r in picked]
        assert data["text"] == "".join(citations.cite(r, fmt, base_url="https://archive.example.org/")
                                       for r in picked)
    page = download(client, "/cite", q=QUERY, id=[r["id"] for r in picked])
    for record in picked:
        assert citations.gbt7714(record).replace('"', "&#34;") in page
    assert client.get("/api/cite", query_string={"format": "apa"}).status_code == 400


def test_result_page_lets_a_researcher_tick_hits_for_citations(client):
    page = download(client, "/search", q=QUERY)
    assert page.count('type="checkbox" name="id"') == 20 and 'form="cite-form"' in page
    assert 'id="cite-form"' in page and 'action="/cite"' in page
    for path in ("/export.ris", "/export.bib", "/export.csv"):
        assert f'formaction="{path}"' in page


def test_gb_t_7714_ris_and_bibtex_of_one_record():
    record = {"id": "0123456789abcdef", "title": "50% 的职工 & {工会}_新闻\n第二行", "byline": ["张三", "李四"],
              "date": "2021-11-12", "date_inferred": True, "page": 3}
    assert citations.gbt7714(record) == "张三, 李四. 50% 的职工 & {工会}_新闻\n第二行[N]. 安徽工人日报, 2021-11-12(3)."
    entry = rispy.loads(citations.ris(record, base_url="http://x"))[0]
    assert entry["title"] == "50% 的职工 & {工会}_新闻 第二行" and entry["authors"] == ["张三", "李四"]
    library = bibtexparser.parse_string(citations.bibtex(record, base_url="http://x"))
    assert not library.failed_blocks
    assert library.entries[0].fields_dict["title"].value == r"50\% 的职工 \& \{工会\}\_新闻 第二行"
    undated = {**record, "date": None, "date_inferred": False, "byline": [], "page": None}
    assert "PY  -" not in citations.ris(undated) and "year" not in citations.bibtex(undated)


def test_cli_exports_citations_of_a_query_or_of_ids(workbench_index, client):
    expected = hits(client, q="劳模", sort="oldest")
    done = run_cli("export", "--index", str(workbench_index), "--format", "ris", "-q", "劳模",
                   "--base-url", "https://archive.example.org")
    assert done.returncode == 0, done.stderr
    entries = rispy.loads(done.stdout)
    assert [e["id"] for e in entries] == [r["id"] for r in expected]
    assert entries[0]["urls"] == [f"https://archive.example.org/article/{expected[0]['id']}"]
    picked = run_cli("export", "--index", str(workbench_index), "--format", "bib",
                     "--id", expected[1]["id"], "--id", "0" * 16)
    assert len(bibtexparser.parse_string(picked.stdout).entries) == 1 and "0" * 16 in picked.stderr
