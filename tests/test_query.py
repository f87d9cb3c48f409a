"""The query language: operators, fields, filters and helpful errors."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search.query import And, Everything, Filter, Not, Or, QueryError, Term, parse


def test_space_separated_terms_are_all_required():
    assert parse("劳模 创新") == And((Term("劳模", display="劳模"), Term("创新", display="创新")))


def test_a_term_is_never_split_into_words():
    assert parse("劳模创新工作室") == Term("劳模创新工作室", display="劳模创新工作室")


def test_quoted_phrase_keeps_its_spaces_and_chinese_quotes_work_too():
    assert parse('"学党史 感党恩"').text == "学党史 感党恩"
    assert parse("“学党史 感党恩”").text == "学党史 感党恩"


def test_or_and_groups():
    tree = parse("(劳模 OR 工匠) 创新")
    assert isinstance(tree, And) and isinstance(tree.items[0], Or)


def test_not_and_leading_minus_exclude():
    assert parse("劳模 NOT 扶贫") == parse("劳模 -扶贫")
    assert isinstance(parse("-扶贫"), Not)


def test_lower_case_or_is_an_ordinary_word():
    assert parse("a or b") == And((Term("a", display="a"), Term("or", display="or"), Term("b", display="b")))


def test_title_prefix_in_chinese_or_english():
    assert parse("标题:劳模") == parse("title:劳模") == Term("劳模", title_only=True, display="劳模")
    assert parse("标题:(劳模 OR 工匠)") == Or((Term("劳模", True, "劳模"), Term("工匠", True, "工匠")))


def test_city_level_and_date_filters_in_the_query():
    assert parse("城市:阜阳市") == Filter("city", "阜阳")
    assert parse("级别:县区级") == Filter("level", "县区级")
    assert parse("日期:2021-11") == Filter("date", ("2021-11-01", "2021-11-30"))
    assert parse("from:2021") == Filter("date", ("2021-01-01", "9999-12-31"))


def test_full_width_query_syntax_is_understood():
    assert parse("标题：劳模") == parse("标题:劳模")
    assert parse("（劳模 ＯＲ 工匠）") == parse("(劳模 OR 工匠)")


def test_parentheses_inside_a_word_are_literal():
    assert parse("村(居)工会") == Term("村(居)工会", display="村(居)工会")


def test_empty_query_means_the_whole_archive():
    assert parse("   ") == Everything()


@pytest.mark.parametrize("text, hint", [
    ('"劳模', "引号"),
    ("(劳模", "括号"),
    ("劳模 OR", "OR"),
    ("OR 劳模", "OR"),
    ("劳模 NOT", "NOT"),
    ("城市:北京", "合肥"),
    ("级别:村级", "县区级"),
    ("日期:2021-13", "日期"),
    ("标题:", "标题"),
    ("劳" * 501, "太长"),
    (" ".join(["词"] * 40), "太多"),
])
def test_malformed_queries_get_a_message_that_says_what_to_fix(text, hint):
    with pytest.raises(QueryError) as error:
        parse(text)
    assert hint in str(error.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('劳模 工会"()-:ORNTAD标题城市级别日期：“”（）\\x00\t\n𠮷<>&')), max_size=60))
def test_any_text_either_parses_or_gets_a_query_error(text):
    try:
        parse(text)
    except QueryError as error:
        assert str(error)
