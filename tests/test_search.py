"""Search: exact string matching against a brute-force scan, operators, facets, snippets."""

import random
import re

import pytest

from indexer.fold import fold
from indexer.search.query import QueryError
from indexer.search.engine import matching_ids, parse_params, search


def ids(archive, q, **kw):
    return set(matching_ids(archive, parse_params(q, **kw)))


def brute(records, needle, title_only=False):
    needle = fold(needle)
    return {r["id"] for r in records
            if needle in fold(r["title"]) or (not title_only and needle in fold(r["text"]))}


def sample_strings(records, count, seed):
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        r = rng.choice(records)
        source = rng.choice([r["title"], r["text"], r["text"]])
        if len(source) < 2:
            continue
        n = rng.choice([1, 2, 2, 3, 4, 5, 6, 8])
        start = rng.randrange(0, max(1, len(source) - n))
        piece = source[start:start + n]
        if "\n" in piece or not piece.strip() or '"' in fold(piece) or piece != piece.strip():
            continue
        out.append(piece)
    return out


def test_every_sampled_string_finds_exactly_the_articles_that_contain_it(archive, all_records):
    for piece in sample_strings(all_records, 300, seed=7):
        found = ids(archive, f'"{piece}"')
        assert found == brute(all_records, piece), piece


def test_field_terms_find_exactly_the_articles_that_contain_them(archive, all_records):
    for term in ["市总工会", "县总工会", "五一劳动奖章", "劳模创新工作室", "创新工作室", "劳模创新",
                 "职工之家", "货车司机", "新就业形态", "江淮工匠", "总工会", "劳", "会", "工会"]:
        assert ids(archive, term) == brute(all_records, term), term


def test_strings_broken_across_ocr_lines_are_found(archive, all_records):
    assert ids(archive, "技术创新能力")
    assert ids(archive, "9月29日")


def test_traditional_and_full_width_queries_find_the_same_articles(archive):
    assert ids(archive, "勞模創新工作室") == ids(archive, "劳模创新工作室") != set()
    assert ids(archive, "２０２１年") == ids(archive, "2021年") != set()


def test_space_separated_terms_are_all_required(archive, all_records):
    assert ids(archive, "劳模 扶贫") == brute(all_records, "劳模") & brute(all_records, "扶贫")


def test_or_not_and_minus(archive, all_records):
    a, b = brute(all_records, "阜阳"), brute(all_records, "芜湖")
    assert ids(archive, "阜阳 OR 芜湖") == a | b
    assert ids(archive, "阜阳 NOT 芜湖") == ids(archive, "阜阳 -芜湖") == a - b
    assert ids(archive, "-阜阳") == {r["id"] for r in all_records} - a


def test_title_prefix_searches_headlines_only(archive, all_records):
    assert ids(archive, "标题:总工会") == brute(all_records, "总工会", title_only=True)
    assert ids(archive, "标题:总工会") < ids(archive, "总工会")


def test_city_level_and_date_filters_in_the_query_equal_the_filter_parameters(archive):
    assert ids(archive, "工会 城市:阜阳") == ids(archive, "工会", city=["阜阳"])
    assert ids(archive, "工会 级别:市级") == ids(archive, "工会", level=["市级"])


def test_several_cities_combine_with_or_and_different_facets_with_and(archive, all_records):
    got = ids(archive, "", city=["阜阳", "芜湖"], level=["市级"])
    want = {r["id"] for r in all_records
            if {"阜阳", "芜湖"} & set(r["cities"]) and "市级" in r["levels"]}
    assert got == want


def test_every_facet_count_equals_the_articles_with_that_value(archive, all_records):
    result = search(archive, parse_params("工会", per_page=5))
    matched = [r for r in all_records if r["id"] in ids(archive, "工会")]
    assert result["total"] == len(matched)
    for entry in result["facets"]["city"]:
        assert entry["count"] == sum(entry["value"] in r["cities"] for r in matched)
    for entry in result["facets"]["level"]:
        assert entry["count"] == sum(entry["value"] in r["levels"] for r in matched)
    for entry in result["facets"]["year"]:
        assert entry["count"] == sum((r["date"] or "").startswith(entry["value"]) for r in matched)


def test_filtering_by_a_facet_value_returns_exactly_its_count(archive):
    result = search(archive, parse_params("劳模"))
    for entry in result["facets"]["city"]:
        assert search(archive, parse_params("劳模", city=[entry["value"]]))["total"] == entry["count"]


def test_snippets_mark_every_match_and_escape_everything_else(archive):
    result = search(archive, parse_params("劳模创新工作室"))
    assert result["hits"]
    for h in result["hits"]:
        marked = re.findall(r"<mark>(.*?)</mark>", h["snippet"] + h["title_html"])
        assert marked and all(fold(m) == "劳模创新工作室" for m in marked)
        assert re.sub(r"</?mark>", "", h["snippet"]).count("<") == 0


def test_long_articles_get_several_fragments(archive):
    result = search(archive, parse_params("劳模 工会"))
    assert any(h["snippet"].count("…") >= 2 for h in result["hits"])


def test_title_matches_rank_above_body_matches(archive):
    hits = search(archive, parse_params("劳模创新工作室联盟"))["hits"]
    assert "劳模创新工作室联盟" in hits[0]["title"]


def test_newest_and_oldest_sorts_order_by_date(archive):
    newest = [h["date"] or "" for h in search(archive, parse_params("工会", sort="newest", per_page=100))["hits"]]
    oldest = [h["date"] or "" for h in search(archive, parse_params("工会", sort="oldest", per_page=100))["hits"]]
    dated_new = [d for d in newest if d]
    assert dated_new == sorted(dated_new, reverse=True)
    assert [d for d in oldest if d] == sorted(d for d in oldest if d)


def test_synonyms_are_opt_in_and_the_added_terms_are_shown(archive, all_records):
    plain = search(archive, parse_params("劳模"))
    wide = search(archive, parse_params("劳模", synonyms="1"))
    assert plain["expanded_terms"] == []
    assert wide["expanded_terms"] == ["劳动模范"]
    assert set(matching_ids(archive, parse_params("劳模", synonyms=True))) == \
        brute(all_records, "劳模") | brute(all_records, "劳动模范")


@pytest.mark.parametrize("kw", [{"sort": "best"}, {"city": ["北京"]}, {"date_from": "2021-14"},
                                {"county": ["不存在县"]}])
def test_bad_parameters_raise_a_query_error(kw):
    with pytest.raises(QueryError):
        parse_params("劳模", **kw)


def test_page_and_page_size_are_clamped_not_refused(archive):
    result = search(archive, parse_params("工会", page="-3", per_page="100000"))
    assert result["page"] == 1 and result["per_page"] == 100


def test_related_articles_share_the_articles_key_words_and_leave_it_out(archive, all_records):
    from indexer.search.related import key_words, related

    lianmeng = next(r for r in all_records if r["title"] == "亳州：劳模创新工作室联盟成立")
    docnum = archive.docnum(lianmeng["id"])
    found = related(archive, docnum, lianmeng["text"], top=3)
    keys = key_words(archive, lianmeng["text"])
    assert found and docnum not in found
    for other in found:
        text = fold(archive.stored(other)["title"] + archive.stored(other)["text"])
        assert any(k in text for k in keys)
