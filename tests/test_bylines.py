"""Bylines and photo credits give names only, roles removed (lines from the sample pages)."""

import pytest

from indexer.ingest.bylines import (
    find_photo_credit,
    parse_author_line,
    parse_byline,
    parse_photo_credit,
    trailing_byline,
)


def test_byline_drops_the_reporter_role():
    assert parse_byline("徐希涛 本报记者 何遐") == ["徐希涛", "何遐"]


@pytest.mark.parametrize("printed, names", [
    ("(张光宇)", ["张光宇"]),
    ("（本报记者 夏梦）", ["夏梦"]),
    ("(段云峰 徐明明)", ["段云峰", "徐明明"]),
    ("(王建明 文/图)", ["王建明"]),
    ("（本报记者 王静 通讯员 李明）", ["王静", "李明"]),
])
def test_byline_in_brackets_of_either_width_gives_names(printed, names):
    assert parse_byline(printed) == names


def test_press_office_signature_counts_as_a_name():
    assert parse_byline("(淮工宣 本报记者 何昊)") == ["淮工宣", "何昊"]


def test_role_written_against_a_name_is_removed():
    assert parse_byline("本报记者何遐") == ["何遐"]


def test_a_name_is_listed_once():
    assert parse_byline("张凯培 本报记者 张凯培") == ["张凯培"]


@pytest.mark.parametrize("printed", [
    "(据新华社12月20日电)",
    "(本文系省总工会党组书记、副主席徐发成在全国推进货车司机等新就业形态劳动者入会暨“司机之家”建设电视电话会议上的经验交流发言)",
    "(据安徽工会网)",
    "(下转第3版)",
])
def test_source_notes_and_furniture_are_not_bylines(printed):
    assert parse_byline(printed) == []


@pytest.mark.parametrize("printed, names", [
    ("潘柳全摄", ["潘柳全"]),
    ("姚佳佳/摄", ["姚佳佳"]),
    ("朱宗楠 李慧慧/摄", ["朱宗楠", "李慧慧"]),
    ("叶张佩 徐海燕/摄", ["叶张佩", "徐海燕"]),
    ("记者 李华 摄", ["李华"]),
])
def test_photo_credit_gives_the_photographers(printed, names):
    assert parse_photo_credit(printed) == names


def test_photo_credit_closing_a_caption_gives_its_names():
    caption = "参加活动的240名单身青年职工分别来自新兴铸管公司、驻芜高校等65家企事业单位，其中20对男女青年现场牵手成功。潘柳全摄"
    assert parse_photo_credit(caption) == ["潘柳全"]


@pytest.mark.parametrize("sentence", [
    "以开辟专版、专栏、拍摄专题片的形式",
    "组织职工拍摄",
    "《安徽省工会劳动法律监督条例》解读、窗口文明礼仪、摄影培训",
])
def test_shooting_inside_a_sentence_is_not_a_credit(sentence):
    assert parse_photo_credit(sentence) == []


@pytest.mark.parametrize("printed, names", [
    ("刘书航 摄", ["刘书航"]),
    ("刘书航/摄", ["刘书航"]),
    ("王远航 张自 摄影报道", ["王远航", "张自"]),
])
def test_a_name_ending_like_a_shooting_word_is_a_credit_when_set_apart_from_it(printed, names):
    # Rule (ANNOTATION.md, photo credits `X 摄`, `X/摄`): 航摄, 拍摄 glued are words,
    # but a name ending in 航 and set apart from 摄 by a space or slash is a credit.
    assert parse_photo_credit(printed) == names


@pytest.mark.parametrize("sentence", ["无人机航摄", "全程由专业团队拍摄"])
def test_shooting_words_glued_to_she_stay_words(sentence):
    assert parse_photo_credit(sentence) == []


def test_credit_run_together_with_a_headline_is_found_with_both_parts():
    credit = find_photo_credit("・へ。 叶张佩 徐海燕/摄 蜀山区住宅装饰装修水电工技能竞赛落幕")
    assert credit is not None
    assert credit.names == ["叶张佩", "徐海燕"]
    assert credit.printed == "叶张佩 徐海燕/摄"
    assert credit.after == "蜀山区住宅装饰装修水电工技能竞赛落幕"


def test_byline_closing_a_paragraph_is_read():
    paragraph = "在各个领域用实际行动诠释了劳模精神、劳动精神和工匠精神。(张光宇)"
    assert trailing_byline(paragraph) == ["张光宇"]


def test_brackets_inside_a_sentence_are_not_a_byline():
    assert trailing_byline("成立了蚌埠市跨区域、跨行业、跨企业劳模(工匠)") == []
    assert trailing_byline("各级工会组织按照工会改革方案(试行)") == []


def test_author_line_under_a_headline_names_the_author():
    assert parse_author_line("省总工会党组书记、副主席 徐发成") == ["徐发成"]


def test_headline_is_not_an_author_line():
    assert parse_author_line("学习全会精神 把握正确方向") == []
    assert parse_author_line("界首市总工会 法制宣传走进企业") == []
