"""Union levels: real articles from the sample pages, and a few in their style."""

from __future__ import annotations

from indexer.ingest.levels import LEVELS, level_signals, union_levels
from indexer.ingest.model import ArticleDraft

from conftest import page_article

def brief(title: str, *paragraphs: str, org: str = "") -> ArticleDraft:
    return ArticleDraft(title=title, org=org, paragraphs=list(paragraphs))


def test_levels_are_the_six_tiers_in_order():
    assert LEVELS == ("全国", "省级", "市级", "县区级", "乡镇街道", "企业")
    assert {signal.level for signal in level_signals()} == set(LEVELS)


def test_county_level_city_union_is_county_level():
    draft = brief(
        "法制宣传走进企业",
        "本报讯 近日，阜阳市界首市总工会组织执业律师，分别到安徽省华信生物药业股份有限公司、"
        "天能电池集团(安徽)有限公司界首公司、安徽聚力粮机科技股份有限公司"
        "开展送法进企业普法宣传活动。",
        "活动中，律师们就《中华人民共和国劳动法》《中华人民共和国民法典》"
        "等法律法规有关条款进行了解读。",
        org="界首市总工会",
    )
    assert union_levels(draft) == ["县区级"]
    assert union_levels(page_article("001", "广德市总工会", "区 2021年")) == ["县区级"]


def test_prefecture_city_union_is_city_level():
    draft = page_article("004", "模范职工之家", "宣城市总工会", org="宿州市总工会")
    # 各县区总工会 and the four unit unions signing agreements are participants.
    assert union_levels(draft) == ["市级"]


def test_district_and_county_unions_are_county_level():
    assert union_levels(page_article("000", "黟县总工会", "阜南县总工会")) == ["县区级"]
    assert union_levels(page_article("000", "蜀山区总工会", "工会干部")) == ["县区级"]
    assert union_levels(page_article("001", "召开全区", "商厦负责人")) == ["县区级"]


def test_provincial_speech_is_provincial_only():
    draft = page_article("002", "紧扣“吸引过来", "一百一十七个大项目")
    # 在省委和全总的坚强领导下 and 按照全总部署 are passing; 企业工会 and
    # 市级…工会联合会 are categories in a provincial speech.
    assert union_levels(draft) == ["省级"]


def test_government_report_has_no_union_level():
    assert union_levels(page_article("002", "一百一十七个大项目")) == []


def test_news_summary_has_no_union_level():
    draft = brief(
        "国内要闻",
        "◆黄河保护法草案首次提请十三届全国人大常委会第三十二次会议审议。",
        "(据新华社12月20日电)",
    )
    assert union_levels(draft) == []


def test_community_union_is_street_level():
    draft = page_article("004", "“四点半课堂”", "生命绝唱")
    # 由省总工会命名的…称号 at the end is an honour, not an actor.
    assert union_levels(draft) == ["乡镇街道"]


def test_town_and_street_unions_are_street_level():
    assert union_levels(
        brief("上派镇工会 开展“送清凉”活动", "本报讯 日前，肥西县上派镇工会走进辖区企业。")
    ) == ["乡镇街道"]
    assert union_levels(
        brief("街道工会建起职工书屋", "本报讯 近日，合肥市包河区芜湖路街道工会建成职工书屋。")
    ) == ["乡镇街道"]
    assert union_levels(
        brief(
            "开展“送法进社区”活动",
            "本报讯 6月28日，合肥市包河区常青街道总工会联合社区法律顾问开展活动。",
            org="合肥市包河区常青街道总工会",
        )
    ) == ["乡镇街道"]


def test_enterprise_story_mentioning_its_union_chair_is_enterprise_level():
    draft = brief(
        "阜阳商厦:始终将企业安全生产放首位",
        "本报讯 为切实抓好国庆期间安全生产年,预防和减少各类安全生产事故。日前,阜阳市颍泉区应急"
        "管理局检查组一行莅临阜阳商厦开展安全生产检查,阜阳商厦常务副总经理梅建国、"
        "工会主席赵怀芬陪同检查。",
    )
    assert union_levels(draft) == ["企业"]


def test_named_company_union_is_enterprise_level():
    draft = brief(
        "马钢集团工会 劳动竞赛结硕果",
        "本报讯 近日，马钢集团工会召开劳动竞赛总结表彰会，120名职工受到表彰。",
    )
    assert union_levels(draft) == ["企业"]
    draft = brief(
        "为职工办实事",
        "本报讯 日前，安徽海螺水泥股份有限公司工会为一线职工送去清凉物资。",
    )
    assert union_levels(draft) == ["企业"]


def test_honours_of_people_do_not_make_an_article_national():
    draft = page_article("000", "当好贴心", "阜阳：推进")
    # 被评为…“全国优秀工会积极分子”; 全国“模范职工之家”; 以镇工会为主导.
    assert union_levels(draft) == ["县区级"]


def test_national_union_as_actor_is_national():
    draft = brief(
        "全总调研组来皖调研",
        "本报讯 12月7日至9日，中华全国总工会调研组来我省调研产业工人队伍建设改革工作。",
        "调研组指出，安徽省总工会在推进改革中积累了好经验。",
    )
    assert union_levels(draft) == ["全国", "省级"]


def test_national_union_giving_orders_is_passing():
    draft = brief(
        "阜阳：推进新业态劳动者入会",
        "本报讯 11月10日，阜阳市总工会召开全市新业态劳动者入会工作推进会。",
        "会议要求，按照全总部署要求，全面推进新业态劳动者建会入会工作。",
    )
    assert union_levels(draft) == ["市级"]


def test_provincial_industrial_union_is_provincial():
    draft = brief(
        "省教科文卫体工会 送教下乡",
        "本报讯 日前，省教科文卫体工会组织专家走进金寨县开展送教活动。",
    )
    assert union_levels(draft) == ["省级"]


def test_city_union_as_subject_deep_in_article_counts():
    draft = page_article("002", "淮北市委领导调研", "深入学习贯彻")
    # Only the last paragraph names the union: 据了解，今年以来，淮北市总工会开展了…
    assert union_levels(draft) == ["市级"]


def test_invited_provincial_lecturers_do_not_make_a_county_brief_provincial():
    draft = page_article("001", "阜阳市颍东区总工会", "广德市总工会")
    assert union_levels(draft) == ["县区级"]


def test_bare_city_union_in_a_county_level_city_article_is_county_level():
    draft = brief(
        "职工学堂开新课",
        "本报讯 近日，界首市总工会职工学堂开办第70期课程。",
        "市总工会有关负责人表示，学堂将坚持按需施教。",
    )
    assert union_levels(draft) == ["县区级"]


def test_bare_union_forms_give_their_tier_even_without_a_place():
    # ANNOTATION.md: 在县总工会的指导和帮助下，某公司举办… gives 县区级 (the place unnamed).
    assert union_levels(brief("市总工会召开会议", "本报讯 近日，市总工会召开会议。")) == ["市级"]
    assert union_levels(
        brief("企业举办技能比武", "本报讯 近日，在县总工会的指导和帮助下，某新材料公司举办首届职工技能比武。")
    ) == ["县区级"]
    assert union_levels(
        brief("市总工会召开会议", "本报讯 近日，淮南市总工会召开会议。市总工会负责人讲话。")
    ) == ["市级"]


def test_article_about_two_tiers_lists_both_in_order():
    draft = brief(
        "省总工会慰问芜湖一线职工",
        "本报讯 1月20日，省总工会党组书记一行在芜湖市总工会负责人陪同下慰问一线职工。",
    )
    assert union_levels(draft) == ["省级", "市级"]


def test_development_zone_union_is_county_level():
    draft = page_article("004", "党史进工地", "“四点半课堂”")
    assert union_levels(draft) == ["县区级"]  # 合肥新站高新区总工会主席
