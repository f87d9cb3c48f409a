"""Place names reach jieba's dictionary: each is one word, and the search-mode words of a
text that names it include it whole."""

from indexer.fold import fold
from indexer.ingest.places import divisions
from indexer.storage import analysis


def test_every_place_name_is_one_jieba_token():
    tokenizer = analysis.jieba_tokenizer()
    names = analysis.place_words()
    assert {d.name for d in divisions()} <= set(names)
    split = [n for n in names if tokenizer.lcut(fold(n), HMM=True) != [fold(n)]]
    assert split == []


def test_a_place_name_is_an_indexed_word():
    found = [w for w, _, _ in analysis.words("埇桥区总工会召开会议")]
    assert "埇桥区" in found
    found = [w for w, _, _ in analysis.words("龙子湖区职工运动会开幕")]
    assert "龙子湖区" in found


def test_place_words_reach_user_words():
    assert "埇桥区" in analysis.user_words()
    assert "叶集改革发展试验区" in analysis.user_words()
