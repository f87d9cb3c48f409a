"""What a reader sees of dates and of the 标注依据 panel, in HTML and in JSON.

The index is built by the real rebuild from sample pages: one in a dated folder
(a known day), three with dates inferred from their text (ingest gives one of
them year precision, the others day). No sample page yields month precision, so
the fixture sets it on one page's articles on the way into the index. The evidence of the labels is the real one ingest gives; a
``corrections.toml`` sets one article's cities by hand.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from indexer.search.datetext import date_label
from indexer.search.evidence import label_evidence
from conftest import run_cli
from searchapp import create_app

PAGES = Path(__file__).resolve().parent / "data" / "pages"
EXACT = "2021/2021-11-12/03.txt"  # a known issue day: 004_… copied into a dated folder
MONTH = "000_4bf4922956c613dc.txt"  # inferred 2021-11-11, the text supports the month only
YEAR = "003_2df32b286327e73f.txt"  # inferred 2021-01-01, the year only
DAY = "001_cf878f64ff1d84db.txt"  # inferred 2021-10-20, to the day
PRECISION = {MONTH: "month"}  # ingest gives YEAR its year precision by itself
CORRECTED = "亳州：劳模创新工作室联盟成立"  # on MONTH; cities set by corrections.toml
EXPLAINED = "阜阳：推进新业态劳动者入会"  # on MONTH


def _with_precision(real):
    """Wrap page_articles: give MONTH's articles month precision (no sample page has it)."""
    def page_articles(page, corrector=None):
        articles = real(page, corrector)
        for article in articles:
            article.date_precision = PRECISION.get(page.source, article.date_precision)
        return articles
    return page_articles


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / EXACT).parent.mkdir(parents=True)
    shutil.copy(PAGES / "004_4c385a978e0e8f57.txt", corpus / EXACT)
    for name in (MONTH, YEAR, DAY):
        shutil.copy(PAGES / name, corpus / name)
    (corpus / "corrections.toml").write_text(
        f'[[page]]\npath = "{MONTH}"\n\n[[page.fix]]\narticle = "{CORRECTED}"\ncities = ["亳州", "合肥"]\n',
        encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    from indexer.storage import indexing
    from indexer.storage.writer import rebuild

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexing, "page_articles", _with_precision(indexing.page_articles))
        summary = rebuild(corpus, index_dir, procs=1)
    assert summary.corrections_applied == 1 and not summary.skipped
    return index_dir


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()


def get_json(client, url: str, **params) -> dict:
    response = client.get(url, query_string=params)
    assert response.status_code == 200
    return response.get_json()


def get_html(client, url: str, **params) -> str:
    response = client.get(url, query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def visible(page: str) -> str:
    """Return the text a reader sees: tags (and their attributes) removed."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def hits_by_source(client) -> dict[str, dict]:
    hits = get_json(client, "/api/search", q="工会", per_page=100)["hits"]
    return {h["source"]: h for h in hits}


def test_date_label_says_not_earlier_than_to_the_precision_the_text_supports():
    assert date_label("2021-11-12", False, "day") == "2021-11-12"
    assert date_label("2021-11-12", True, "day") == "不早于 2021年11月12日"
    assert date_label("2021-11-01", True, "month") == "不早于 2021年11月"
    assert date_label("2021-01-01", True, "year") == "不早于 2021年"
    assert date_label(None, True, "month") == "日期不详"


def test_result_list_shows_inferred_dates_as_lower_bounds_and_explains_the_star(client):
    hits = hits_by_source(client)
    assert set(hits) == {EXACT, MONTH, YEAR, DAY}
    page = visible(get_html(client, "/search", q="工会", per_page=100))
    assert "不早于 2021年11月*" in page and "不早于 2021年*" in page and "不早于 2021年10月20日*" in page
    assert "2021-11-12" in page and "不早于 2021年11月12日" not in page  # a known day stays a day
    assert "2021-11-11" not in page and "2021-10-20" not in page  # no inferred date shown as an ISO day
    assert "* 版面路径中没有日期" in page and "下限" in page


def test_json_hits_keep_the_iso_date_beside_precision_and_the_label(client):
    hits = hits_by_source(client)
    assert {k: hits[MONTH][k] for k in ("date", "date_inferred", "date_precision", "date_label")} == {
        "date": "2021-11-11", "date_inferred": True, "date_precision": "month", "date_label": "不早于 2021年11月"}
    assert {k: hits[EXACT][k] for k in ("date", "date_inferred", "date_precision", "date_label")} == {
        "date": "2021-11-12", "date_inferred": False, "date_precision": "day", "date_label": "2021-11-12"}
    assert hits[YEAR]["date_label"] == "不早于 2021年"


def test_exports_put_date_precision_next_to_date_and_date_inferred(client):
    rows = [json.loads(line) for line in get_html(client, "/export.jsonl", q="工会").splitlines()]
    assert {(r["source"], r["date"], r["date_precision"]) for r in rows} >= {
        (MONTH, "2021-11-11", "month"), (YEAR, "2021-01-01", "year"), (EXACT, "2021-11-12", "day")}
    header = next(csv.reader(io.StringIO(get_html(client, "/export.csv", q="工会").lstrip("\ufeff"))))
    assert header[header.index("date"):header.index("date") + 3] == ["date", "date_inferred", "date_precision"]


def article_id(client, title: str) -> str:
    return next(h["id"] for h in get_json(client, "/api/search", q="工会", per_page=100)["hits"]
                if h["title"] == title)


def test_article_page_shows_and_cites_an_inferred_date_as_a_lower_bound(client):
    ident = article_id(client, EXPLAINED)
    data = get_json(client, f"/api/article/{ident}")
    assert (data["date"], data["date_precision"], data["date_label"]) == ("2021-11-11", "month", "不早于 2021年11月")
    page = visible(get_html(client, f"/article/{ident}"))
    assert "不早于 2021年11月*" in page
    assert data["citation"].endswith("安徽工人日报, 2021-11.") and data["citation"] in page
    assert "引文中的日期是从正文推断的下限：不早于 2021年11月" in page
    assert "2021-11-11" not in page
    assert "* 版面路径中没有日期" in page


def evidence_panel(page: str) -> str:
    match = re.search(r'<details class="evidence">(.*?)</details>', page, re.S)
    assert match, "no 标注依据 panel"
    return match.group(0)


def test_evidence_panel_is_collapsed_and_gives_the_rule_and_sentence_of_each_label(client):
    explained = 0
    for hit in get_json(client, "/api/search", q="工会", per_page=100)["hits"]:
        data = get_json(client, f"/api/article/{hit['id']}")
        labels = [(e["kind"], e["value"]) for e in data["evidence"]]
        assert labels == ([("城市", c) for c in data["cities"]] + [("区县", c) for c in data["counties"]]
                          + [("工会级别", v) for v in data["levels"]])
        if not labels:
            continue
        panel = evidence_panel(get_html(client, f"/article/{hit['id']}"))
        assert " open" not in panel.split(">")[0]  # collapsed until the reader opens it
        text = visible(panel)
        assert text.strip().startswith("标注依据")
        for entry in data["evidence"]:
            assert f"{entry['kind']} {entry['value']}" in text
            for reason in entry["reasons"]:
                assert reason["rule_name"] in text and reason["text"] in text
                explained += bool(reason["text"]) and reason["rule"] != "correction"
    assert explained >= 10  # real rules and sentences, not only empty entries


def test_evidence_names_the_rule_for_a_reader():
    stored = {"cities": "阜阳", "evidence": json.dumps([{"label": "city", "value": "阜阳", "rule": "lead",
                                                        "text": "本报讯 11月10日，阜阳市总工会召开……"}])}
    assert label_evidence(stored)[0]["reasons"] == [
        {"rule": "lead", "rule_name": "导语中点名", "text": "本报讯 11月10日，阜阳市总工会召开……"}]
    unknown = {"cities": "阜阳", "evidence": json.dumps([{"label": "city", "value": "阜阳", "rule": "new rule"}])}
    assert label_evidence(unknown)[0]["reasons"][0]["rule_name"] == "new rule"


def test_evidence_panel_marks_labels_set_in_corrections_toml(client):
    ident = article_id(client, CORRECTED)
    data = get_json(client, f"/api/article/{ident}")
    assert data["cities"] == ["亳州", "合肥"]
    cities = [e for e in data["evidence"] if e["label"] == "city"]
    assert [(e["value"], e["corrected"]) for e in cities] == [("亳州", True), ("合肥", True)]
    text = visible(evidence_panel(get_html(client, f"/article/{ident}")))
    assert "城市 合肥 人工更正" in text
    assert f"corrections.toml [{MONTH}] article “{CORRECTED}”" in text


def test_label_evidence_keeps_the_article_order_and_drops_evidence_of_labels_it_lacks():
    stored = {"cities": "合肥,阜阳", "levels": "市级", "counties": ["界首市"], "evidence": json.dumps([
        {"label": "city", "value": "阜阳", "rule": "r1", "text": "s1"},
        {"label": "city", "value": "六安", "rule": "r2", "text": "s2"},
        {"label": "county", "value": "界首市", "rule": "r3", "text": "s3"}])}
    rows = label_evidence(stored)
    assert [(r["label"], r["value"], [x["rule"] for x in r["reasons"]]) for r in rows] == [
        ("city", "合肥", []), ("city", "阜阳", ["r1"]), ("county", "界首市", ["r3"]), ("level", "市级", [])]
    assert label_evidence({"cities": "合肥", "evidence": "not json"})[0]["reasons"] == []


def test_ris_and_bibtex_give_only_the_date_parts_an_inferred_date_supports(client):
    ident = article_id(client, EXPLAINED)  # inferred, month precision
    exact = next(h["id"] for h in hits_by_source(client).values() if h["source"] == EXACT)
    ris = get_html(client, "/export.ris", id=[ident, exact])
    assert "DA  - 2021/11//" in ris and "DA  - 2021/11/11" not in ris
    assert "DA  - 2021/11/12" in ris  # the known day stays whole
    bib = get_html(client, "/export.bib", id=[ident])
    assert "date = {2021-11}" in bib and "day = " not in bib


def test_the_command_line_shows_the_same_dates_and_evidence(client, index_dir):
    ident = article_id(client, EXPLAINED)
    data = get_json(client, f"/api/article/{ident}")
    done = run_cli("article", ident, "--index", str(index_dir))
    assert done.returncode == 0, done.stderr
    assert "date     不早于 2021年11月 * (inferred from the text: a lower bound)" in done.stdout
    for entry in data["evidence"]:
        for reason in entry["reasons"]:
            assert f"{entry['label']} {entry['value']}: {reason['rule_name']} — “{reason['text']}”" in done.stdout
    found = run_cli("search", f'"{EXPLAINED}"', "--index", str(index_dir))
    assert f"{ident}  不早于 2021年11月*  {EXPLAINED}" in found.stdout


def test_help_page_explains_the_evidence_panel_and_corrections(client):
    page = visible(get_html(client, "/help"))
    assert "标注依据" in page and "corrections.toml" in page and "人工更正" in page
