"""One test per rule of the line table (indexer/ingest/lines.py), on lines taken from pages.

Each test is named ``test_rule_<name>`` after the rule it pins down, and
checks lines that rule must label (with the kind it gives) and a near miss it
must leave to a later rule. The last test checks that every rule has its test.
Lines come from the sample pages (tests/data/pages) and ../shared/pages-dev.
"""

import sys

import pytest

from indexer.ingest.lines import RULES, Kind, Token, classify_line, classify_page

HEADING = Token(Kind.HEADING, "长沟流月忆当年")
SUBTITLE = Token(Kind.SUBTITLE, "一位老工会主席讲述当年的故事")


def rule_of(text: str, previous: Token | None = None) -> tuple[str, Kind]:
    """Return the rule and kind of the (first) token a line gives."""
    token = classify_line(text, previous)[0]
    return token.rule, token.kind


def test_rule_section_letter():
    assert rule_of("A") == ("section_letter", Kind.SECTION)
    assert rule_of("AB")[0] != "section_letter"


def test_rule_continuation_mark():
    assert rule_of("(下转第3版)") == ("continuation_mark", Kind.CONTINUED)
    assert rule_of("（上接第1版）") == ("continuation_mark", Kind.RESUMED)


def test_rule_page_header():
    for header in ("02　　综合新闻　　2025年7月22日　星期二", "安徽工人日报　2025年1月14日　星期二　综合新闻　02",
                   "2024年8月27日 星期二"):
        assert rule_of(header) == ("page_header", Kind.FURNITURE)
    # a sentence that names a date and weekday is text, not a header
    assert rule_of("2024年8月27日星期二上午，全市200多名职工代表齐聚会场，共同观看了表彰大会的直播。")[0] == "body"


def test_rule_editor_line():
    for line in ("本版编辑：程诚", "责任编辑：许静　美编：张弛", "责任编辑 刘宁"):
        assert rule_of(line) == ("editor_line", Kind.FURNITURE)
    assert rule_of("本版编辑部组织职工开展读书活动")[0] != "editor_line"


def test_rule_known_column():
    for label in ("基层 短播", "跟着劳模去创新", "图片新闻", "基层短波"):
        assert rule_of(label) == ("known_column", Kind.LABEL)


def test_rule_bullet_subhead():
    assert rule_of("■围绕中心 服务大局") == ("bullet_subhead", Kind.HEADING)
    # a digest item is a sentence behind the mark, not a subhead
    assert rule_of("◆王毅出席2021年国际形势与中国外交研讨会并发表演讲。")[0] == "bullet"


def test_rule_bullet():
    assert rule_of("◆习近平作出重要指示强调，发挥好党内法规在维护党中央集中统一领导") == ("bullet", Kind.BULLET)
    assert rule_of("■")[0] == "debris"  # a lone mark is page decoration, not a digest item


def test_rule_bracketed_byline():
    tokens = classify_line("(沈春 李宗泰)")
    assert (tokens[0].rule, tokens[0].kind, tokens[0].names) == ("bracketed_byline", Kind.BYLINE,
                                                                 ["沈春", "李宗泰"])
    assert rule_of("（大通区工会）") == ("bracketed_byline", Kind.BYLINE)


def test_rule_bracketed_note():
    assert rule_of("(据新华社12月20日电)") == ("bracketed_note", Kind.NOTE)
    assert rule_of("(本文系省总工会党组书记、副主席徐发成在全国推进货车司机入会工作会上的发言)") == (
        "bracketed_note", Kind.NOTE)


def test_rule_photo_credit():
    for credit, names in (("韩冰 刘思源/摄影报道", ["韩冰", "刘思源"]), ("张承锋 摄", ["张承锋"]),
                          ("李博文 龚志成/摄", ["李博文", "龚志成"]), ("李欣然/文 王卫/图", ["李欣然", "王卫"]),
                          ("胡海燕 文/图", ["胡海燕"]), ("本报记者 孙立伟 摄影报道", ["孙立伟"])):
        (token,) = classify_line(credit)
        assert (token.rule, token.kind, token.names, token.credit) == ("photo_credit", Kind.CREDIT, names, True)
    # debris, a credit and the next photo's headline run onto one line
    tokens = classify_line("・へ。 叶张佩 徐海燕/摄 蜀山区住宅装饰装修水电工技能竞赛落幕")
    assert [t.kind for t in tokens] == [Kind.CREDIT]
    assert tokens[0].title == "蜀山区住宅装饰装修水电工技能竞赛落幕"
    # a caption ending in its credit is a body line that carries the credit
    caption = classify_line("相山区总工会联合相南街道工会在步行街工会驿站开展活动。张承锋摄")[0]
    assert caption.rule == "body" and caption.credit and caption.names == ["张承锋"]


def test_rule_plain_byline():
    tokens = classify_line("本报记者 王一凡")
    assert (tokens[0].rule, tokens[0].kind, tokens[0].names) == ("plain_byline", Kind.BYLINE, ["王一凡"])
    assert rule_of("记者从省总工会获悉，今年全省将新建工会驿站500个。")[0] != "plain_byline"


def test_rule_brief_opening():
    assert rule_of("本报讯（通讯员 尹晓华 记者 楚天舒）1月8日下午，阜阳市总工会党组成员、副主席张立伟带领机关干部走进车间。") == (
        "brief_opening", Kind.BRIEF)
    assert rule_of("★报讯 为切实抓好国庆期间安全生产年，预防和减少安全事故。") == ("brief_opening", Kind.BRIEF)


def test_rule_dash_subtitle():
    tokens = classify_line("——蚌埠市总工会“跟着劳模去创新”工作综述")
    assert (tokens[0].rule, tokens[0].kind, tokens[0].text) == (
        "dash_subtitle", Kind.SUBTITLE, "蚌埠市总工会“跟着劳模去创新”工作综述")
    # 一 read by the OCR for —— counts only right under a headline
    assert rule_of('一淮北市总工会"跟着劳模去创新"工作综述', HEADING)[0] == "dash_subtitle"
    assert rule_of('一淮北市总工会"跟着劳模去创新"工作综述')[0] != "dash_subtitle"


def test_rule_org_line():
    assert rule_of("宿州市总工会") == ("org_line", Kind.ORG)
    assert rule_of("区总工会")[0] == "debris"  # no owner: OCR remains of a broken headline


def test_rule_author_line():
    tokens = classify_line("省总工会党组书记、副主席 徐发成")
    assert (tokens[0].rule, tokens[0].kind, tokens[0].names) == ("author_line", Kind.AUTHOR, ["徐发成"])


def test_rule_author_name():
    tokens = classify_line("方知秋", SUBTITLE)
    assert (tokens[0].rule, tokens[0].kind, tokens[0].names) == ("author_name", Kind.AUTHOR, ["方知秋"])
    assert rule_of("方知秋", HEADING)[0] != "author_name"  # only under a subtitle


def test_rule_org_and_headline():
    tokens = classify_line("界首市总工会 法制宣传走进企业")
    assert [(t.rule, t.kind, t.text) for t in tokens] == [
        ("org_and_headline", Kind.ORG, "界首市总工会"), ("org_and_headline", Kind.HEADING, "法制宣传走进企业")]


def test_rule_run_on_brief():
    tokens = classify_line("阜阳商厦:始终将企业安全生产放首位 ★报讯 为切实抓好国庆期间安全生产年，预防和减少事故。")
    assert [(t.rule, t.kind) for t in tokens] == [("run_on_brief", Kind.HEADING), ("run_on_brief", Kind.BRIEF)]
    assert tokens[0].text == "阜阳商厦:始终将企业安全生产放首位"


def test_rule_debris():
    for debris in ("丨", "一 一", "工会", "▲"):
        assert rule_of(debris) == ("debris", Kind.DEBRIS)


def test_rule_bracket_subhead():
    for subhead in ("【驿站就建在路边】", "【因地制宜 建在身边】"):
        assert rule_of(subhead) == ("bracket_subhead", Kind.HEADING)


def test_rule_numbered_subhead():
    for subhead in ("一、紧扣“吸引过来”，着力加强入会宣传", "二、细致服务,精彩承办游泳赛事"):
        assert rule_of(subhead) == ("numbered_subhead", Kind.HEADING)
    assert rule_of("一、二线城市的职工书屋建设进度较快，三、四线城市仍需加强。")[0] == "body"


def test_rule_headline_shape():
    for headline in ("一碗腊八粥 暖了异乡人", "巢湖经开区周国栋、刘明远、张春华工作室获评合肥市级创新工作室",
                     "歙县：腊八清晨，一碗热粥暖了徽州古城里的环卫工人"):
        assert rule_of(headline) == ("headline_shape", Kind.HEADING)
    assert rule_of("7月16日，一辆满载西瓜的卡车开进朱仙庄煤矿采掘楼下。")[0] == "body"


def test_rule_body():
    tokens = classify_line("县总工会有关负责人表示，春节临近，希望用一碗热粥向城市“美容师”道一声辛苦。（程素洁）")
    assert (tokens[0].rule, tokens[0].kind, tokens[0].names) == ("body", Kind.BODY, ["程素洁"])


def test_a_page_is_classified_line_by_line_with_a_rule_for_each():
    tokens = classify_page("2024年8月27日 星期二\n\n长沟流月忆当年\n\n——一位老工会主席讲述当年的故事\n\n方知秋\n\n"
                           "我出生在皖赣交界的东至县，高中毕业后回乡务农。\n")
    assert [(t.kind, t.rule) for t in tokens] == [
        (Kind.FURNITURE, "page_header"), (Kind.HEADING, "headline_shape"), (Kind.SUBTITLE, "dash_subtitle"),
        (Kind.AUTHOR, "author_name"), (Kind.BODY, "body")]


def test_every_rule_of_the_table_has_its_test():
    module = sys.modules[__name__]
    missing = [rule.name for rule in RULES if not hasattr(module, f"test_rule_{rule.name}")]
    assert not missing, f"rules without a test: {missing}"
    assert RULES[-1].name == "body"  # the last rule accepts every line


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_says_what_it_recognises(rule):
    assert rule.doc, f"rule {rule.name} has no docstring"
