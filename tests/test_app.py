"""The web app on a real small index: pages, their JSON twins, exports and errors.

Uses ``built_index`` (tests/conftest.py): the real rebuild of tests/data/pages.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from indexer.search.export import CSV_FIELDS, FIELDS
from searchapp import create_app
from indexer.search.citations import gbt7714 as citation

PAGES = Path(__file__).resolve().parent / "data" / "pages"
COMMON = "工会"  # in most sample articles
RARE = "劳模"  # in a few


@pytest.fixture(scope="session")
def app(built_index):
    return create_app({"INDEX_DIR": str(built_index), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def api(client, **params) -> dict:
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def exported(client, **params) -> list[dict]:
    response = client.get("/export.jsonl", query_string=params)
    assert response.status_code == 200
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def html(client, url: str, status: int = 200, **params) -> str:
    response = client.get(url, query_string=params or None)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def relative(url: str) -> tuple[str, dict]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


# ---------------------------------------------------------------- the JSON API


def test_api_search_has_the_documented_shape(client):
    data = api(client, q=RARE)
    assert {"query", "total", "page", "per_page", "took_ms", "hits", "facets",
            "expanded_terms"} <= set(data)
    assert data["query"] == RARE and data["total"] > 0
    for hit in data["hits"]:
        assert {"id", "title", "date", "date_inferred", "cities", "levels", "byline", "source",
                "snippet", "url"} <= set(hit)
        assert hit["url"].startswith(f"/article/{hit['id']}")
    assert set(data["facets"]) == {"city", "county", "level", "year", "month", "author", "column"}
    for entries in data["facets"].values():
        for entry in entries:
            assert {"value", "count", "selected"} <= set(entry)


def test_facet_counts_equal_counts_in_the_full_export(client):
    data = api(client, q=COMMON)
    rows = exported(client, q=COMMON)
    assert len(rows) == data["total"]
    expected = {
        "city": Counter(c for r in rows for c in r["cities"]),
        "level": Counter(v for r in rows for v in r["levels"]),
        "year": Counter(r["date"][:4] for r in rows if r["date"]),
        "month": Counter(r["date"][:7] for r in rows if r["date"]),
    }
    got = {name: Counter({e["value"]: e["count"] for e in entries})
           for name, entries in data["facets"].items() if name in expected}
    assert got == expected
    # Authors and columns: the most frequent are listed, each with its exact count.
    for name, field in (("author", "byline"), ("column", "column")):
        truth = Counter(v for r in rows for v in ([r[field]] if isinstance(r[field], str) else r[field]) if v)
        listed = {e["value"]: e["count"] for e in data["facets"][name]}
        assert listed and all(truth[v] == n for v, n in listed.items())
        assert len(listed) + data["facets_omitted"][name] == len(truth)
        assert min(listed.values()) >= max([n for v, n in truth.items() if v not in listed], default=0)


def test_filtering_by_a_facet_value_returns_exactly_that_many_hits(client):
    data = api(client, q=COMMON)
    for name in ("city", "level", "year", "month"):
        for entry in data["facets"][name]:
            assert relative(entry["toggle_url"])[0] == "/api/search"
            filtered = client.get(entry["toggle_url"]).get_json()
            assert filtered["total"] == entry["count"], (name, entry["value"])


def test_two_values_of_one_facet_are_or_and_two_facets_are_and(client):
    rows = exported(client)
    cities = [e["value"] for e in api(client)["facets"]["city"]][:2]
    either = api(client, city=cities)["total"]
    assert either == sum(1 for r in rows if set(cities) & set(r["cities"]))
    level = api(client)["facets"]["level"][0]["value"]
    both = api(client, city=cities, level=level)["total"]
    assert both == sum(1 for r in rows if set(cities) & set(r["cities"]) and level in r["levels"])


def test_selected_facet_values_are_marked_and_their_link_removes_them(client):
    city = api(client)["facets"]["city"][0]["value"]
    data = api(client, city=city)
    entry = next(e for e in data["facets"]["city"] if e["value"] == city)
    assert entry["selected"] is True
    assert "city" not in relative(entry["toggle_url"])[1]


def test_year_facet_link_sets_the_date_range_to_that_year(client):
    year = api(client)["facets"]["year"][0]
    params = relative(year["toggle_url"])[1]
    assert params["from"] == [year["value"]] and params["to"] == [year["value"]]
    data = client.get(year["toggle_url"]).get_json()
    assert data["total"] == year["count"]
    assert next(e for e in data["facets"]["year"] if e["value"] == year["value"])["selected"]


def test_api_errors_are_json_with_status_400(client):
    for params in ({"q": '"unbalanced'}, {"q": "劳模", "from": "2021-13"}, {"city": "北京"},
                   {"sort": "random"}, {"q": "(劳模"}):
        response = client.get("/api/search", query_string=params)
        assert response.status_code == 400, params
        assert response.is_json and response.get_json()["error"]


def test_api_article_returns_every_field_with_the_full_text(client):
    row = exported(client, q=RARE)[0]
    data = client.get(f"/api/article/{row['id']}").get_json()
    assert {k: data[k] for k in FIELDS} == row
    assert client.get("/api/article/0000000000000000").status_code == 404
    assert client.get("/api/article/0000000000000000").get_json()["error"]


def test_synonyms_add_the_group_and_say_which_terms_were_added(client):
    plain = api(client, q=RARE)
    expanded = api(client, q=RARE, synonyms=1)
    assert plain["expanded_terms"] == []
    assert "劳动模范" in expanded["expanded_terms"]
    assert expanded["total"] >= plain["total"]
    page = html(client, "/search", q=RARE, synonyms=1)
    assert "同义词扩展另查了" in page and "劳动模范" in page


# ---------------------------------------------------------------- the search page


def test_search_page_shows_count_hits_facets_and_links(client):
    data = api(client, q=RARE)
    page = html(client, "/search", q=RARE)
    assert f"<strong class=\"total\">{data['total']}</strong>" in page
    for hit in data["hits"]:
        assert f'href="{hit["url"]}"' in page.replace("&amp;", "&")
    for entry in data["facets"]["city"]:
        assert entry["value"] in page
    assert "/export.csv?q=" in page and "/export.jsonl?q=" in page and "/trend?q=" in page
    assert 'id="q"' in page and "autofocus" in page


def test_snippets_mark_the_query(client):
    data = api(client, q=RARE)
    for hit in data["hits"]:
        assert f"<mark>{RARE}</mark>" in hit["snippet"] + hit["title_html"]
    assert f"<mark>{RARE}</mark>" in html(client, "/search", q=RARE)


def test_inferred_dates_are_marked(client):
    data = api(client, q=RARE)
    assert any(h["date_inferred"] for h in data["hits"])
    assert "推断" in html(client, "/search", q=RARE)


def test_sort_newest_and_oldest_order_by_date(client):
    newest = [h["date"] or "" for h in api(client, sort="newest", per_page=100)["hits"]]
    oldest = [h["date"] or "" for h in api(client, sort="oldest", per_page=100)["hits"]]
    dated_newest = [d for d in newest if d]
    dated_oldest = [d for d in oldest if d]
    assert dated_newest == sorted(dated_newest, reverse=True)
    assert dated_oldest == sorted(dated_oldest)
    page = html(client, "/search", q=COMMON, sort="newest")
    assert '<strong aria-current="true">最新</strong>' in page


def test_pages_together_hold_every_hit_once(client):
    total = api(client, q=COMMON)["total"]
    ids, page = [], 1
    while True:
        data = api(client, q=COMMON, per_page=7, page=page)
        ids += [h["id"] for h in data["hits"]]
        if not data["pagination"]["next_url"]:
            break
        page += 1
    assert len(ids) == len(set(ids)) == total
    assert 'rel="next"' in html(client, "/search", q=COMMON, per_page=7)


def test_selected_filters_show_as_chips_that_remove_them(client):
    city = api(client)["facets"]["city"][0]["value"]
    data = api(client, q=COMMON, city=city, **{"from": "2021", "to": "2021"})
    kinds = [(c["kind"], c["value"]) for c in data["chips"]]
    assert kinds == [("城市", city), ("日期", "2021")]
    params = relative(data["chips"][0]["remove_url"])[1]
    assert "city" not in params and params["q"] == [COMMON]
    page = html(client, "/search", q=COMMON, city=city)
    assert 'class="chip"' in page


def test_empty_result_says_what_was_searched_and_how_to_loosen_it(client):
    city = next(e["value"] for e in api(client, q=RARE)["facets"]["city"])
    page = html(client, "/search", q=f"{RARE} 不存在的字串", city=city)
    assert "没有找到文章" in page and "不存在的字串" in page
    data = api(client, q=f"{RARE} 不存在的字串", city=city)
    assert data["total"] == 0
    labels = {s["label"]: s["count"] for s in data["suggestions"]}
    assert labels["去掉词语“不存在的字串”"] == api(client, q=RARE, city=city)["total"]


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "'\"><img src=x onerror=alert(1)>",
                                     "“引号” & <b>粗</b>"])
def test_hostile_query_text_comes_back_escaped(client, hostile):
    response = client.get("/search", query_string={"q": hostile})
    assert response.status_code in (200, 400)
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>粗" not in page
    assert "&lt;" in page


@pytest.mark.parametrize("query, message", [('"学党史', "引号不成对"), ("(劳模", "括号"),
                                            ("劳模 OR", "OR 后面缺少词语")])
def test_a_bad_query_shows_its_message_with_status_400(client, query, message):
    page = html(client, "/search", status=400, q=query)
    assert message in page and "Traceback" not in page
    assert 'value="' in page and "查询无法执行" in page


def test_bad_filters_show_their_message_with_status_400(client):
    assert "日期" in html(client, "/search", status=400, q=RARE, **{"from": "2021-02-30"})
    assert "没有这个城市" in html(client, "/search", status=400, city="北京")


def test_landing_page_offers_the_search_box_and_browsing(client):
    page = html(client, "/")
    assert 'id="q"' in page and "autofocus" in page and "按年份浏览" in page


# ---------------------------------------------------------------- export


def test_csv_export_has_one_row_per_hit_and_starts_with_a_bom(client):
    total = api(client, q=COMMON)["total"]
    response = client.get("/export.csv", query_string={"q": COMMON})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.get_data()
    assert body.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == CSV_FIELDS
    assert len(rows) - 1 == total


def test_jsonl_export_holds_every_hit_with_full_text_in_the_search_order(client):
    data = api(client, q=COMMON, sort="oldest", per_page=100)
    rows = exported(client, q=COMMON, sort="oldest")
    assert [r["id"] for r in rows] == [h["id"] for h in data["hits"]]
    assert all(r["text"] for r in rows)


def test_export_is_streamed(client):
    response = client.get("/export.csv")
    assert response.is_streamed
    assert int(response.headers["X-Total-Count"]) == api(client)["total"]


def test_a_bad_query_in_an_export_link_is_a_400_message(client):
    page = html(client, "/export.csv", status=400, q='"x')
    assert "引号不成对" in page


# ---------------------------------------------------------------- the article page


def _article_with(client, predicate) -> dict:
    return next(r for r in exported(client) if predicate(r))


def test_article_page_shows_the_full_text_in_paragraphs_and_all_metadata(client):
    row = _article_with(client, lambda r: r["byline"] and r["title"] and "\n" in r["text"])
    page = html(client, f"/article/{row['id']}")
    assert page.count('<div class="body">') == 1
    paragraphs = [p for p in row["text"].split("\n") if p.strip()]
    body = page.split('<div class="body">')[1].split("</div>")[0]
    assert body.count("<p>") == len(paragraphs)
    for value in [row["title"], row["date"], row["source"], *row["byline"], *row["cities"], *row["levels"]]:
        assert value in page.replace("&#34;", '"').replace("&#39;", "'")


def test_article_page_highlights_the_query_carried_from_the_results(client):
    hit = api(client, q=RARE)["hits"][0]
    page = html(client, hit["url"])
    assert f"<mark>{RARE}</mark>" in page
    assert "返回“劳模”的检索结果" in page


def test_article_page_cites_the_article_and_notes_an_inferred_date(client):
    row = _article_with(client, lambda r: r["byline"] and r["date_inferred"])
    page = html(client, f"/article/{row['id']}")
    assert citation(row, "安徽工人日报") in page.replace("&#34;", '"')
    assert "是从正文推断的" in page


def test_citation_follows_gb_t_7714_for_a_newspaper_article():
    record = {"byline": ["张光宇"], "title": "劳模创新工作室联盟成立", "date": "2021-11-12", "page": 3}
    assert citation(record, "安徽工人日报") == "张光宇. 劳模创新工作室联盟成立[N]. 安徽工人日报, 2021-11-12(3)."
    no_author = {**record, "byline": [], "page": None}
    assert citation(no_author, "安徽工人日报") == "劳模创新工作室联盟成立[N]. 安徽工人日报, 2021-11-12."
    many = {**record, "byline": ["甲", "乙", "丙", "丁"]}
    assert citation(many, "安徽工人日报").startswith("甲, 乙, 丙, 等. ")


def test_article_page_lists_the_other_articles_of_its_page_in_order(client):
    rows = exported(client)
    source = Counter(r["source"] for r in rows).most_common(1)[0][0]
    on_page = sorted((r for r in rows if r["source"] == source), key=lambda r: r["seq"])
    data = client.get(f"/api/article/{on_page[1]['id']}").get_json()
    assert [r["id"] for r in data["same_page"]] == [r["id"] for r in on_page]
    assert [r["current"] for r in data["same_page"]].index(True) == 1
    assert "同版文章" in html(client, f"/article/{on_page[1]['id']}")


def test_article_page_shows_related_articles(client):
    hit = api(client, q=RARE)["hits"][0]
    data = client.get(f"/api/article/{hit['id']}").get_json()
    assert data["related"], "more-like-this found nothing"
    assert hit["id"] not in [r["id"] for r in data["related"]]
    assert "相关文章" in html(client, f"/article/{hit['id']}")


@pytest.mark.parametrize("path", ["/article/../../etc/passwd", "/article/..%2f..%2fetc%2fpasswd",
                                  "/article/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/article/0123",
                                  "/article/ABCDEF0123456789", "/article/0123456789abcdefg",
                                  "/article/0000000000000000", "/api/article/..%2fx"])
def test_paths_that_are_not_article_ids_are_refused(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.get_data(as_text=True)


# ---------------------------------------------------------------- trend and help


def test_trend_counts_equal_the_year_facet_and_share_uses_the_whole_archive(client):
    facet = {e["value"]: e["count"] for e in api(client, q=COMMON)["facets"]["year"]}
    archive = {e["value"]: e["count"] for e in api(client)["facets"]["year"]}
    data = client.get("/api/trend", query_string={"q": COMMON, "by": "year"}).get_json()
    series = data["series"][0]
    assert {p: c for p, c in zip(data["periods"], series["counts"]) if c} == facet
    for i, period in enumerate(data["periods"]):
        assert data["archive"][i] == series["all_articles"][i] == archive.get(period, 0)
        whole = data["archive"][i]
        assert series["shares"][i] == (pytest.approx(series["counts"][i] / whole) if whole else None)
        assert api(client, **{k: v[0] for k, v in relative(series["urls"][i])[1].items()})["total"] \
            == series["counts"][i]


def test_trend_page_draws_lines_whose_points_link_to_the_period(client):
    data = client.get("/api/trend", query_string={"q": COMMON, "by": "year"}).get_json()
    page = html(client, "/trend", q=COMMON, by="year")
    drawn = sum(1 for n in data["series"][0]["all_articles"] if n)
    assert "<svg" in page and page.count('<circle class="dot s0"') == 2 * drawn > 0
    assert "分母是资料库中同一年的全部文章" in page
    assert data["series"][0]["urls"][0].replace("&", "&amp;") in page
    assert html(client, "/trend", status=400, q=COMMON, by="week").count("统计单位") == 1


def test_help_page_explains_the_query_language_facets_and_inferred_dates(client):
    page = html(client, "/help")
    for text in ["OR", "NOT", "标题:", "城市:", "级别:", "日期:", "from:", "繁体", "全角", "推断", "“或”"]:
        assert text in page, text


# ---------------------------------------------------------------- serving


def test_every_page_sends_the_security_headers(client):
    hit = api(client, q=RARE)["hits"][0]
    for url in ["/", f"/search?q={RARE}", hit["url"], "/trend", "/help", "/api/search",
                "/export.csv", "/nowhere"]:
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


def test_pages_have_no_inline_script_or_style(client):
    hit = api(client, q=RARE)["hits"][0]
    for url in ["/", f"/search?q={RARE}", hit["url"], f"/trend?q={COMMON}", "/help"]:
        page = html(client, url)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"\sstyle=|\son[a-z]+=|<style", page), url
        assert "//cdn" not in page and "https://" not in page


def test_unknown_pages_are_a_404_page_not_a_traceback(client):
    page = html(client, "/nowhere", status=404)
    assert "页面不存在" in page
    assert client.get("/api/nowhere").get_json() == {"error": "页面不存在。"}


def test_a_missing_index_is_a_503_that_says_how_to_build_one(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True}).test_client()
    response = client.get("/search", query_string={"q": RARE})
    assert response.status_code == 503
    assert "rebuild" in response.get_data(as_text=True)
    assert client.get("/api/search").status_code == 503


def test_a_rebuild_is_picked_up_without_a_restart(tmp_path):
    from indexer.storage.writer import rebuild

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    pages = sorted(PAGES.glob("*.txt"))
    shutil.copy(pages[0], corpus / pages[0].name)
    rebuild(corpus, index)
    client = create_app({"INDEX_DIR": str(index), "INDEX_CHECK_SECONDS": 0}).test_client()
    before = client.get("/api/search").get_json()["total"]
    shutil.copy(pages[1], corpus / pages[1].name)
    rebuild(corpus, index)
    after = client.get("/api/search").get_json()["total"]
    assert after > before > 0


def test_concurrent_requests_get_the_answers_of_requests_made_one_at_a_time(app):
    import threading
    import urllib.parse
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from waitress.server import create_server

    client = app.test_client()
    ids = [r["id"] for r in exported(client)]
    urls = [f"/api/article/{i}" for i in ids] + [f"/api/search?q={q}&per_page=100" for q in
                                                  (RARE, COMMON, "职工", "创新", "合肥")]
    expected = {u: client.get(u).get_json() for u in urls}
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    stop = threading.Event()

    def serve() -> None:  # server.run() would never return; this loop stops when told
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"

    def same(url: str) -> bool:
        quoted = urllib.parse.quote(url, safe="/?=&")
        answer = json.loads(urllib.request.urlopen(base + quoted, timeout=30).read())
        answer.pop("took_ms", None)
        return answer == {k: v for k, v in expected[url].items() if k != "took_ms"}

    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(same, urls * 6))
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
    assert all(results)
