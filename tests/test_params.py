"""The one parameter type: what a URL or the command line gives, checked, and back."""

from __future__ import annotations

import pytest

from indexer.search.params import DEFAULT_PER_PAGE, Params
from indexer.search.query import QueryError


def test_a_url_query_string_reads_into_params_and_writes_back_the_same():
    pairs = [("q", "劳模 创新"), ("city", "合肥"), ("city", "芜湖市"), ("county", "界首"),
             ("level", "市"), ("author", "张光宇"), ("column", "基层 短播"), ("from", "2021"),
             ("to", "2021-06"), ("sort", "newest"), ("page", "3"), ("per_page", "50"),
             ("synonyms", "1"), ("width", "9")]
    p = Params.from_pairs(pairs)
    assert p == Params(q="劳模 创新", city=("合肥", "芜湖"), county=("界首市",), level=("市级",),
                       author=("张光宇",), column=("基层 短播",), date_from="2021", date_to="2021-06",
                       sort="newest", page=3, per_page=50, synonyms=True)
    assert Params.from_pairs(p.pairs()) == p  # normalised values read back unchanged
    assert dict(p.pairs())["from"] == "2021" and "date_from" not in dict(p.pairs())
    assert p.as_dict()["city"] == ["合肥", "芜湖"] and p.as_dict()["to"] == "2021-06"


def test_defaults_are_left_out_of_urls():
    assert Params().pairs() == []
    assert Params.from_pairs([("per_page", str(DEFAULT_PER_PAGE)), ("sort", "relevance")]).pairs() == []


def test_the_command_line_and_the_url_give_the_same_params():
    from_cli = Params.parse("工会", city=("阜阳",), level=(), author=("徐希涛",), date_from="2021")
    from_url = Params.from_pairs([("q", "工会"), ("city", "阜阳"), ("author", "徐希涛"), ("from", "2021")])
    assert from_cli == from_url


@pytest.mark.parametrize("pairs", [[("city", "北京")], [("county", "不存在")], [("sort", "best")],
                                   [("from", "2021-13")], [("author", "x" * 101)]])
def test_bad_values_raise_a_message_but_can_be_kept_as_typed(pairs):
    with pytest.raises(QueryError):
        Params.from_pairs(pairs)
    typed = Params.from_pairs(pairs, check=False)  # to refill the form after the message
    name, value = pairs[0]
    assert typed.as_dict()[name] in (value, [value])


def test_toggling_and_changing_go_back_to_page_one():
    p = Params(q="工会", city=("合肥",), page=4)
    assert p.toggled("city", "芜湖").city == ("合肥", "芜湖") and p.toggled("city", "芜湖").page == 1
    assert p.toggled("city", "合肥").city == ()
    assert p.changed(page=2).page == 2
    assert not p.without_filters().filtered() and p.filtered()
    assert Params().effective_sort() == "newest" and p.effective_sort() == "relevance"
