"""Place names: the divisions table, and what ``find_places`` makes of real text."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from indexer.ingest.model import ArticleDraft
from indexer.ingest.places import article_passages, city_names, divisions, find_places

PAGES = Path(__file__).parent / "data" / "pages"

CITIES = "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城".split()

# County-level divisions per city as of 2023 (民政部): 45 districts, 9 cities, 50 counties.
COUNTY_LEVEL_BY_CITY = {
    "合肥": 9, "芜湖": 7, "蚌埠": 7, "淮南": 7, "马鞍山": 6, "淮北": 4, "铜陵": 4, "安庆": 10,
    "黄山": 7, "滁州": 8, "阜阳": 8, "宿州": 5, "六安": 7, "亳州": 4, "池州": 4, "宣城": 7,
}  # fmt: skip


def places(text: str) -> list[tuple[str, str | None]]:
    return [(m.city, m.county) for m in find_places(text)]


def test_table_lists_the_sixteen_cities_in_the_official_order():
    assert city_names() == CITIES


def test_table_lists_every_county_level_division_of_each_city():
    current = [d for d in divisions() if d.type in ("district", "county_city", "county")]
    assert Counter(d.city for d in current) == COUNTY_LEVEL_BY_CITY
    assert Counter(d.type for d in current) == {"district": 45, "county_city": 9, "county": 50}
    assert len({d.name for d in current}) == 104


def test_every_division_is_found_by_its_own_name():
    for division in divisions():
        # Names that are also ordinary words count right after their city (铜陵市郊区).
        text = division.name if division.name_is_safe else f"{division.city}市{division.name}"
        found = find_places(text)[-1]
        assert (found.city, found.county, found.matched) == (
            division.city, division.county, division.name,
        ), division.name  # fmt: skip


@pytest.mark.parametrize("city", CITIES)
def test_city_is_found_by_full_and_short_name(city):
    assert places(f"本报讯 近日，{city}市总工会召开会议。{city}职工踊跃参加。") == [
        (city, None),
        (city, None),
    ]


def test_county_level_city_maps_to_its_prefecture():
    assert places("界首市总工会 法制宣传走进企业") == [("阜阳", "界首市")]
    assert places("广德市总工会 举办专场招聘会") == [("宣城", "广德市")]


def test_city_printed_before_its_county_gives_both():
    assert places("宿州市泗县瓦坊镇陡张村") == [("宿州", None), ("宿州", "泗县")]
    assert places("阜阳市颍东区总工会") == [("阜阳", None), ("阜阳", "颍东区")]
    assert places("这是芜湖市繁昌区委总工会党组成员") == [("芜湖", None), ("芜湖", "繁昌区")]


def test_longest_name_wins_so_huangshan_district_is_not_the_city():
    assert places("黄山市黄山区龙西社区工会") == [("黄山", None), ("黄山", "黄山区")]
    assert places("毗邻黄山区甘棠小学") == [("黄山", "黄山区")]
    assert places("登上黄山") == [("黄山", None)]


def test_mentions_carry_offsets_and_the_printed_text():
    text = "本报讯 近日，阜阳市界首市总工会组织执业律师"
    mentions = find_places(text)
    assert [text[m.start : m.end] for m in mentions] == ["阜阳市", "界首市"]
    assert [m.matched for m in mentions] == ["阜阳市", "界首市"]
    assert [m.type for m in mentions] == ["city", "county_city"]


def test_former_names_map_to_current_divisions():
    assert places("芜湖县总工会") == [("芜湖", "湾沚区")]
    assert places("繁昌县总工会") == [("芜湖", "繁昌区")]
    assert places("无为县") == [("芜湖", "无为市")]
    assert places("广德县") == [("宣城", "广德市")]
    assert places("潜山县") == [("安庆", "潜山市")]
    assert places("铜陵县") == [("铜陵", "义安区")]
    assert places("原巢湖地区") == [("合肥", None)]


def test_common_misprints_are_recognised():
    assert places("宿州市墉桥区") == [("宿州", None), ("宿州", "埇桥区")]


@pytest.mark.parametrize(
    "text",
    [
        "无为而治",
        "天长地久",
        "文明光荣",
        "坚定远大理想信念",
        "为职工带来安全感",
        "推动中心城市和县域经济协调发展",
        "全市和县区工会干部",
        "近郊区农民",
        "青弋江种业有限公司",
        "职工生活日益成长丰富",
        "应当涂改",
        "推广德育经验",
        "江淮南北",
        "平安庆新春",
    ],
)
def test_ordinary_words_are_not_places(text):
    assert places(text) == []


def test_ordinary_word_names_count_after_their_city_or_before_their_union():
    assert places("芜湖无为") == [("芜湖", None), ("芜湖", "无为市")]
    assert places("宣城宁国") == [("宣城", None), ("宣城", "宁国市")]
    assert places("铜陵市郊区总工会") == [("铜陵", None), ("铜陵", "郊区")]
    assert places("马鞍山市和县总工会") == [("马鞍山", None), ("马鞍山", "和县")]
    assert places("和县总工会开展送温暖活动") == [("马鞍山", "和县")]
    assert places("无为：劳模工匠进校园") == [("芜湖", "无为市")]


def test_hefei_streets_named_after_cities_are_not_those_cities():
    assert places("合肥市包河区芜湖路街道") == [("合肥", None), ("合肥", "包河区")]
    assert places("位于宿州路与徽州大道交口") == []


def test_region_word_after_a_name_falls_back_to_the_shorter_name():
    assert places("黄山区域旅游") == [("黄山", None)]


def test_institution_names_give_the_place_they_hold():
    assert places("安徽省总工会") == []
    assert places("合肥学院教师") == [("合肥", None)]
    assert places("阜阳商厦常务副总经理") == [("阜阳", None)]


def test_development_zones_map_to_their_city():
    mentions = find_places("合肥新站高新区总工会主席季红军")
    assert [(m.city, m.county, m.type) for m in mentions] == [("合肥", "新站高新区", "zone")]


def test_real_pages_are_scanned_quickly():
    text = "".join(page.read_text(encoding="utf-8") for page in sorted(PAGES.glob("*.txt")))
    find_places(text)  # load the table first
    started = time.perf_counter()
    for _ in range(20):
        mentions = find_places(text)
    assert time.perf_counter() - started < 2.0  # about 0.05 s on a laptop
    assert len(mentions) > 200


def test_article_is_cut_into_headline_lead_and_body_sentences():
    draft = ArticleDraft(
        title="为有源头活水来",
        subtitle="蚌埠市总工会“跟着劳模去创新”工作综述",
        paragraphs=[
            "问渠那得清如许？为有源头活水来。",
            "为了引来源头活水，今年以来，蚌埠市总工会结合开展党史学习教育。明确目标任务。",
            "遴选市各级劳模组成宣讲报告团。",
        ],
    )
    passages = article_passages(draft)
    assert [(p.where, p.text) for p in passages] == [
        ("head", "为有源头活水来"),
        ("head", "蚌埠市总工会“跟着劳模去创新”工作综述"),
        ("lead", "问渠那得清如许？"),
        ("lead", "为有源头活水来。"),
        # the quotation is short, so the lead runs on into the next paragraph
        ("lead", "为了引来源头活水，今年以来，蚌埠市总工会结合开展党史学习教育。"),
        ("lead", "明确目标任务。"),
        ("body", "遴选市各级劳模组成宣讲报告团。"),
    ]
    assert [m.city for m in passages[1].places] == ["蚌埠"]
