"""Article metadata: cities, counties and levels of real and paper-style articles."""

from __future__ import annotations

import pytest

from indexer.ingest import metadata
from indexer.ingest.model import ArticleDraft

from conftest import page_article


def describe(draft: ArticleDraft) -> dict:
    """The labels of an article, without their evidence (tested in test_labels_rules)."""
    result = metadata.describe(draft)
    assert {e["label"] for e in result.pop("evidence")} <= {"city", "county", "level"}
    return result

def brief(title: str, *paragraphs: str, org: str = "") -> ArticleDraft:
    return ArticleDraft(title=title, org=org, paragraphs=list(paragraphs))


def test_county_level_city_brief_is_its_prefecture_and_county_level():
    draft = brief(
        "法制宣传走进企业",
        "本报讯 近日，阜阳市界首市总工会组织执业律师，分别到安徽省华信生物药业股份有限公司开展"
        "送法进企业普法宣传活动。",
        org="界首市总工会",
    )
    assert describe(draft) == {"cities": ["阜阳"], "counties": ["界首市"], "levels": ["县区级"]}


def test_county_brief_maps_to_its_city():
    assert describe(page_article("000", "黟县总工会", "阜南县总工会")) == {
        "cities": ["黄山"],
        "counties": ["黟县"],
        "levels": ["县区级"],
    }
    assert describe(page_article("000", "蜀山区总工会", "工会干部")) == {
        "cities": ["合肥"],
        "counties": ["蜀山区"],
        "levels": ["县区级"],
    }


def test_guangde_job_fair_is_xuancheng_county_level():
    result = describe(page_article("001", "广德市总工会", "区 2021年"))
    # The fair was held at colleges in 马鞍山 (named in the lead), so it reports on both.
    assert result == {"cities": ["马鞍山", "宣城"], "counties": ["广德市"], "levels": ["县区级"]}


def test_district_named_only_in_the_body_still_counts_from_the_lead():
    draft = page_article("001", "召开全区", "商厦负责人")
    assert describe(draft) == {"cities": ["芜湖"], "counties": ["湾沚区"], "levels": ["县区级"]}


def test_city_union_brief_is_city_level_without_counties():
    draft = page_article("004", "模范职工之家", "宣城市总工会", org="宿州市总工会")
    assert describe(draft) == {"cities": ["宿州"], "counties": [], "levels": ["市级"]}


def test_provincial_speech_has_no_city_from_its_one_off_examples():
    result = describe(page_article("002", "紧扣“吸引过来", "一百一十七个大项目"))
    assert result["levels"] == ["省级"]
    # 芜湖市创新…, 淮北市创新… are each one example in a long speech.
    assert "芜湖" not in result["cities"] and "淮北" not in result["cities"]


def test_investment_report_is_about_its_city_but_no_union():
    assert describe(page_article("002", "一百一十七个大项目")) == {
        "cities": ["阜阳"],
        "counties": [],
        "levels": [],
    }


def test_community_union_brief_is_street_level_in_its_district():
    assert describe(page_article("004", "“四点半课堂”", "生命绝唱")) == {
        "cities": ["黄山"],
        "counties": ["黄山区"],
        "levels": ["乡镇街道"],
    }


def test_enterprise_brief_is_enterprise_level_in_its_city():
    draft = brief(
        "阜阳商厦:始终将企业安全生产放首位",
        "本报讯 为切实抓好国庆期间安全生产年,预防和减少各类安全生产事故。日前,阜阳市颍泉区应急"
        "管理局检查组一行莅临阜阳商厦开展安全生产检查,阜阳商厦常务副总经理梅建国、"
        "工会主席赵怀芬陪同检查。",
    )
    # 颍泉区 is named in the lead: its inspectors came to the store.
    assert describe(draft) == {"cities": ["阜阳"], "counties": ["颍泉区"], "levels": ["企业"]}


def test_birthplace_named_once_deep_in_a_feature_is_not_reported_on():
    result = describe(page_article("004", "生命绝唱", "扶贫村里"))
    # 合肥学院 teacher (subtitle) working in 宿州市泗县 (lead); 出生在五河县 once, deep.
    assert result["cities"] == ["合肥", "宿州"]
    assert result["counties"] == ["泗县"]
    assert "蚌埠" not in result["cities"]


def test_counties_named_repeatedly_in_a_feature_are_reported_on():
    result = describe(page_article("002", "劳模引领", "淮北市委领导"))
    assert result == {"cities": ["六安"], "counties": ["舒城县", "金寨县"], "levels": ["市级"]}


def test_former_county_name_maps_to_its_current_district():
    draft = brief(
        "芜湖县总工会 开展“金秋助学”", "本报讯 近日，芜湖县总工会为32名困难职工子女发放助学金。"
    )
    assert describe(draft) == {"cities": ["芜湖"], "counties": ["湾沚区"], "levels": ["县区级"]}


def test_development_zone_gives_its_city_but_is_not_a_county():
    assert describe(page_article("004", "党史进工地", "“四点半课堂”")) == {
        "cities": ["合肥"],
        "counties": [],
        "levels": ["县区级"],
    }


def test_cities_are_listed_in_the_official_order():
    draft = brief(
        "皖北皖南劳模交流",
        "本报讯 近日，宣城、亳州、合肥、阜阳四市劳模代表齐聚一堂交流经验。",
    )
    assert describe(draft)["cities"] == ["合肥", "阜阳", "亳州", "宣城"]


@pytest.mark.parametrize(
    ("title", "lead", "cities", "counties", "levels"),
    [
        ("庐江：技能大赛展风采", "本报讯 近日，合肥市总工会在庐江县举办职工技能大赛。",
         ["合肥"], ["庐江县"], ["市级"]),
        ("无为市总工会 送法进工地", "本报讯 日前，芜湖市无为市总工会组织律师走进建筑工地。",
         ["芜湖"], ["无为市"], ["县区级"]),
        ("五河县总工会 走访困难职工", "本报讯 11月5日，蚌埠市五河县总工会走访慰问困难职工。",
         ["蚌埠"], ["五河县"], ["县区级"]),
        ("寿县总工会 开展“安康杯”竞赛", "本报讯 近日，淮南市寿县总工会开展“安康杯”知识竞赛。",
         ["淮南"], ["寿县"], ["县区级"]),
        ("和县总工会 为环卫工人送清凉", "本报讯 7月20日，马鞍山市和县总工会为环卫工人送去清凉。",
         ["马鞍山"], ["和县"], ["县区级"]),
        ("濉溪县总工会 举办职工运动会", "本报讯 日前，淮北市濉溪县总工会举办第三届职工运动会。",
         ["淮北"], ["濉溪县"], ["县区级"]),
        ("郊区总工会 慰问一线职工", "本报讯 近日，铜陵市郊区总工会慰问疫情防控一线职工。",
         ["铜陵"], ["郊区"], ["县区级"]),
        ("潜山市总工会 开展普惠活动", "本报讯 近日，安庆市潜山市总工会开展职工普惠活动。",
         ["安庆"], ["潜山市"], ["县区级"]),
        ("歙县总工会 助力茶农增收", "本报讯 日前，黄山市歙县总工会组织劳模走进茶园。",
         ["黄山"], ["歙县"], ["县区级"]),
        ("天长市总工会 举办集体协商竞赛", "本报讯 近日，滁州市天长市总工会举办集体协商竞赛。",
         ["滁州"], ["天长市"], ["县区级"]),
        ("临泉县总工会开展女职工拔河比赛", "本报讯 3月8日，临泉县总工会开展女职工拔河比赛。",
         ["阜阳"], ["临泉县"], ["县区级"]),
        ("埇桥区总工会 服务新就业形态劳动者", "本报讯 日前，宿州市埇桥区总工会建成快递小哥驿站。",
         ["宿州"], ["埇桥区"], ["县区级"]),
        ("叶集区总工会 金秋助学", "本报讯 近日，六安市叶集区总工会发放金秋助学金。",
         ["六安"], ["叶集区"], ["县区级"]),
        ("亳州：职工书屋建设提质", "本报讯 近日，亳州市总工会在谯城区召开职工书屋建设推进会。",
         ["亳州"], ["谯城区"], ["市级"]),
        ("东至县总工会 送技能下乡", "本报讯 日前，池州市东至县总工会组织技师送技能下乡。",
         ["池州"], ["东至县"], ["县区级"]),
        ("宁国市总工会 举办专场招聘会", "本报讯 近日，宣城市宁国市总工会举办专场招聘会。",
         ["宣城"], ["宁国市"], ["县区级"]),
    ],
)  # fmt: skip
def test_every_city_is_recognised_in_a_brief(title, lead, cities, counties, levels):
    assert describe(brief(title, lead)) == {
        "cities": cities,
        "counties": counties,
        "levels": levels,
    }


def test_street_and_enterprise_briefs_outside_the_samples():
    assert describe(
        brief("社区工会办起“爱心托管班”", "本报讯 暑期，铜陵市铜官区幸福社区工会办起爱心托管班。")
    ) == {"cities": ["铜陵"], "counties": ["铜官区"], "levels": ["乡镇街道"]}
    assert describe(
        brief("安庆石化工会 开展技术比武", "本报讯 近日，安庆石化公司工会举办青年技能比武。")
    ) == {"cities": ["安庆"], "counties": [], "levels": ["企业"]}
