"""What a researcher sees when combining facets, searching fields and reading the page.

Facets are counted without their own filter (ticking a second city works from
the page); 作者: 栏目: 县: and the author/column/county filters find exactly the
articles whose byline, column or counties hold the value; an unknown prefix
says which prefixes exist; small page details (skip link, sort of an empty
query, wildcard notice, year range on the home page).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from indexer.search.query import county_city
from searchapp import create_app
from tests.conftest import run_cli

COMMON = "工会"


@pytest.fixture(scope="module")
def client(built_index):
    return create_app({"INDEX_DIR": str(built_index), "TESTING": True}).test_client()


def api(client, status: int = 200, **params) -> dict:
    response = client.get("/api/search", query_string=params)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_json()


def everything(client, **params) -> list[dict]:
    """Every hit of a search (all pages), as the API gives them."""
    first = api(client, per_page=100, **params)
    hits = first["hits"]
    for page in range(2, first["pages"] + 1):
        hits += api(client, per_page=100, page=page, **params)["hits"]
    return hits


def counts(entries: list[dict]) -> dict[str, int]:
    return {e["value"]: e["count"] for e in entries}


def test_with_one_city_ticked_the_other_cities_keep_their_counts(client):
    plain = api(client, q=COMMON)
    cities = counts(plain["facets"]["city"])
    assert len(cities) >= 2, "the sample needs two cities to test this"
    for city in cities:
        ticked = api(client, q=COMMON, city=city)
        assert ticked["total"] == cities[city]
        assert counts(ticked["facets"]["city"]) == cities
        assert [e["value"] for e in ticked["facets"]["city"] if e["selected"]] == [city]


def test_ticking_a_second_city_from_the_page_gives_either_city(client, all_records):
    plain = counts(api(client, q=COMMON)["facets"]["city"])
    first, second = sorted(plain, key=lambda c: -plain[c])[:2]
    one = api(client, q=COMMON, city=first)
    link = next(e for e in one["facets"]["city"] if e["value"] == second)["toggle_url"]
    query = parse_qs(urlsplit(link).query)
    assert sorted(query["city"]) == sorted([first, second])
    both = client.get(link).get_json()
    hits = everything(client, q=COMMON, city=[first, second])
    assert both["total"] == len(hits) == len({h["id"] for h in hits})
    assert all({first, second} & set(h["cities"]) for h in hits)
    wanted = {r["id"] for r in all_records
              if {first, second} & set(r["cities"]) and COMMON in r["title"] + r["text"]}
    assert {h["id"] for h in hits} == wanted
    # and the chip of each removes only that city
    for chip in both["chips"]:
        left = parse_qs(urlsplit(chip["remove_url"]).query)["city"]
        assert left == [c for c in (first, second) if c != chip["value"]]


def test_other_facets_are_counted_with_the_city_filter(client, all_records):
    plain = counts(api(client, q=COMMON)["facets"]["city"])
    city = max(plain, key=plain.get)
    ticked = api(client, q=COMMON, city=city)
    rows = [r for r in all_records if city in r["cities"] and COMMON in r["title"] + r["text"]]
    assert counts(ticked["facets"]["level"]) == dict(Counter(v for r in rows for v in r["levels"]))
    assert counts(ticked["facets"]["year"]) == dict(Counter(r["date"][:4] for r in rows if r["date"]))


def _authors(all_records) -> list[str]:
    return [name for name, _ in Counter(a for r in all_records for a in r["byline"]).most_common(6)]


def test_author_prefix_finds_exactly_the_articles_whose_byline_has_the_name(client, all_records):
    names = _authors(all_records)
    assert names, "the sample has bylines"
    for name in names:
        found = {h["id"] for h in everything(client, q=f"作者:{name}")}
        assert found == {r["id"] for r in all_records if name in r["byline"]}, name
        by_filter = {h["id"] for h in everything(client, author=name)}
        assert by_filter == found


def test_author_prefix_is_the_whole_name_not_a_substring(client, all_records):
    name = next(n for n in _authors(all_records) if len(n) >= 2)
    part = name[:-1]
    found = {h["id"] for h in everything(client, q=f"作者:{part}")}
    assert found == {r["id"] for r in all_records if part in r["byline"]}


def test_column_and_county_prefixes_equal_their_filters_and_the_records(client, all_records):
    columns = Counter(r["column"] for r in all_records if r["column"])
    counties = Counter(c for r in all_records for c in r["counties"])
    assert columns and counties, "the sample has columns and counties"
    for column in list(columns)[:3]:
        found = {h["id"] for h in everything(client, q=f'栏目:"{column}"')}
        assert found == {r["id"] for r in all_records if r["column"] == column}
        assert {h["id"] for h in everything(client, column=column)} == found
    for county in list(counties)[:3]:
        found = {h["id"] for h in everything(client, q=f"县:{county}")}
        assert found == {r["id"] for r in all_records if county in r["counties"]}
        assert {h["id"] for h in everything(client, county=county)} == found


def test_county_facet_lists_the_counties_of_the_selected_city(client, all_records):
    counties = Counter(c for r in all_records for c in r["counties"])
    county = counties.most_common(1)[0][0]
    city = county_city(county)
    assert api(client, q="")["facets"]["county"] == []  # no city ticked: no county list
    data = api(client, city=city)
    listed = counts(data["facets"]["county"])
    expected = Counter(c for r in all_records if city in r["cities"] for c in r["counties"]
                       if county_city(c) == city)
    assert listed == dict(expected)
    link = next(e for e in data["facets"]["county"] if e["value"] == county)["toggle_url"]
    narrowed = client.get(link).get_json()
    assert narrowed["total"] == expected[county]


def test_repeated_author_filters_mean_either(client, all_records):
    a, b = _authors(all_records)[:2]
    found = {h["id"] for h in everything(client, author=[a, b])}
    assert found == {r["id"] for r in all_records if {a, b} & set(r["byline"])}


def test_an_unknown_prefix_says_which_prefixes_exist_and_how_to_search_a_colon(client):
    data = api(client, status=400, q="foo:bar")
    for known in ("作者:", "栏目:", "县:", "标题:", "城市:", "级别:"):
        assert known in data["error"]
    assert "引号" in data["error"] and '"foo:' in data["error"]
    page = client.get("/search", query_string={"q": "单位:工会"})
    assert page.status_code == 400 and "不认识的前缀" in page.get_data(as_text=True)
    assert client.get("/api/search", query_string={"q": '"foo:bar"'}).status_code == 200
    assert client.get("/api/search", query_string={"q": "10:30"}).status_code == 200


def test_a_star_says_there_are_no_wildcards(client):
    data = api(client, q="劳*")
    assert any("没有通配符" in n for n in data["notices"])
    assert "没有通配符" in client.get("/search?q=劳*").get_data(as_text=True)
    assert api(client, q="劳模")["notices"] == []
    way_out = next(s for s in data["suggestions"] if "没有通配符" in s["label"])
    assert way_out["count"] == api(client, q="劳")["total"] > 0
    assert parse_qs(urlsplit(way_out["url"]).query)["q"] == ["劳"]


def test_names_on_result_and_article_pages_are_links_to_their_articles(client, all_records):
    record = next(r for r in all_records if r["byline"] and r["cities"] and r["levels"] and r["column"])
    hit = next(h for h in everything(client, q=f'"{record["title"]}"') if h["id"] == record["id"])
    for name, values in (("author", record["byline"]), ("city", record["cities"]),
                         ("level", record["levels"]), ("column", [record["column"]])):
        for value in values:
            link = hit["links"][name][value]
            assert record["id"] in {h["id"] for h in client.get(
                link.replace("/search", "/api/search", 1) + "&per_page=100").get_json()["hits"]}
    page = client.get(hit["url"]).get_data(as_text=True)
    for value in record["byline"]:
        assert f'>{value}</a>' in page
    assert f'>{record["column"]}</a>' in page


def test_an_empty_query_does_not_show_relevance_as_its_sort(client):
    data = api(client)
    assert data["sort"] == "newest"
    assert [s["label"] for s in data["sorts"] if s["selected"]] == ["最新"]
    assert "相关度" not in [s["label"] for s in data["sorts"]]
    page = client.get("/search?city=合肥").get_data(as_text=True)
    assert '<strong aria-current="true">相关度</strong>' not in page
    assert [s["label"] for s in api(client, q="劳模")["sorts"] if s["selected"]] == ["相关度"]


def test_home_page_states_a_single_year_once(client, all_records):
    years = sorted({r["date"][:4] for r in all_records if r["date"]})
    page = client.get("/").get_data(as_text=True)
    if len(years) == 1:
        assert f"{years[0]}—{years[0]}" not in page and f"{years[0]} 年" in page
    else:
        assert f"{years[0]}—{years[-1]} 年" in page


def test_search_page_has_a_skip_link_to_the_results_and_a_filters_panel(client):
    page = client.get("/search?q=工会").get_data(as_text=True)
    assert '<a class="skip-link" href="#results">' in page and 'id="results"' in page
    assert page.index("skip-link") < page.index('class="masthead"')
    assert '<details class="filters" open>' in page
    assert page.index('class="filters"') < page.index('id="results"')  # above the results on a phone


@pytest.mark.parametrize("params", [
    {"county": "不存在县"}, {"author": "x" * 500}, {"column": "\x00"}, {"q": "县:"},
    {"q": "作者:(张 OR 李)"}, {"q": "栏目:"}, {"author": ["甲"] * 60}, {"q": "：：foo：bar"},
])
def test_odd_field_input_is_a_message_not_a_server_error(client, params):
    for path in ("/search", "/api/search", "/export.csv", "/trend", "/kwic"):
        response = client.get(path, query_string=params)
        assert response.status_code in (200, 400), (path, params, response.status_code)


def test_cli_article_prints_the_article_its_labels_and_its_page(built_index, all_records):
    source = Counter(r["source"] for r in all_records).most_common(1)[0][0]
    on_page = sorted((r for r in all_records if r["source"] == source), key=lambda r: r["seq"])
    record = on_page[1]
    done = run_cli("article", record["id"], "--index", str(built_index))
    assert done.returncode == 0, done.stderr
    assert record["title"] in done.stdout and record["text"][:40] in done.stdout
    for value in record["cities"] + record["levels"] + record["byline"]:
        assert value in done.stdout
    listed = done.stdout.split("same page:")[1].split("related:")[0]
    rows = re.findall(r"^\s+(>?)\s*\d+\s+([0-9a-f]{16})\s", listed, re.M)
    assert [i for _, i in rows] == [r["id"] for r in on_page]
    assert [i for mark, i in rows if mark] == [record["id"]]
    missing = run_cli("article", "0000000000000000", "--index", str(built_index))
    assert missing.returncode == 2 and "no article" in missing.stderr


def test_cli_search_takes_author_and_suggests_loosening(built_index, all_records):
    name = _authors(all_records)[0]
    done = run_cli("search", "--author", name, "--per-page", "100", "--json", "--index", str(built_index))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {h["id"] for h in result["hits"]} == {r["id"] for r in all_records if name in r["byline"]}
    empty = run_cli("search", "劳模 不存在的词语组合", "--index", str(built_index))
    assert "try: 去掉词语" in empty.stdout


@pytest.mark.parametrize("q", ["", COMMON])
def test_the_author_facet_lists_the_most_frequent_names_and_counts_the_rest(client, all_records, q):
    rows = [r for r in all_records if q in r["title"] + r["text"]]
    truth = Counter(name for r in rows for name in set(r["byline"]))
    got = api(client, q=q)
    entries = got["facets"]["author"]
    listed = counts(entries)
    assert listed and len(listed) == min(20, len(truth))
    assert all(truth[name] == n for name, n in listed.items())
    assert [e["count"] for e in entries] == sorted(listed.values(), reverse=True)
    assert all(n <= min(listed.values()) for name, n in truth.items() if name not in listed)
    assert got["facets_omitted"]["author"] == len(truth) - len(listed)
