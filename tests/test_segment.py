"""A page is cut into the articles a human editor would see.

The expected titles below were written down by reading each page, not copied
from the program's output. A title "" is an item printed without a headline
(a quotation box, a news digest, a feature whose headline was a picture).
"""

from pathlib import Path

import pytest

from indexer.ingest.model import ArticleDraft
from indexer.ingest.segment import split_page

DATA = Path(__file__).parent / "data"


def page_text(prefix: str) -> str:
    """Return the text of the sample page whose file name starts with prefix."""
    (path,) = (DATA / "pages").glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages() -> dict[str, list[ArticleDraft]]:
    """The five sample pages, cut."""
    return {prefix: split_page(page_text(prefix)) for prefix in ("000", "001", "002", "003", "004")}


def titled(articles: list[ArticleDraft], title: str) -> ArticleDraft:
    """Return the one article with this title."""
    (article,) = [article for article in articles if article.title == title]
    return article


def titles(articles: list[ArticleDraft]) -> list[str]:
    return [article.title for article in articles]


# ---------------------------------------------------------------------------
# Each sample page, as read by a human editor.

def test_page_000_articles_in_reading_order(pages):
    assert titles(pages["000"]) == [
        "为有源头活水来",
        "亳州：劳模创新工作室联盟成立",
        "皖工有约 爱在江城",
        "当好贴心“娘家人” 敬业奉献爱无疆",
        "阜阳：推进新业态劳动者入会",
        "芜湖：10个“劳模助力乡村振兴示范基地”命名授牌",
        "法制宣传走进企业",
        "生活救助发放到位",
        "开展消防宣传日活动",
        "入户走访困难职工",
    ]


def test_page_001_articles_in_reading_order(pages):
    assert titles(pages["001"]) == [
        '系统联动"四创"联发 让创新发展不停步',
        "助力445名学子圆梦今秋",
        "开展网络安全宣传周活动",
        "为单身职工牵红线",
        "举办基层工会干部培训班",
        "举办专场招聘会",
        "蜀山区住宅装饰装修水电工技能竞赛落幕",
        '召开全区"最美快递 (网约送餐)员"表彰大会',
        "阜阳商厦:始终将企业安全生产放首位",
    ]


def test_page_002_articles_in_reading_order(pages):
    assert titles(pages["002"]) == [
        "",  # the boxed quotation 习近平总书记指出……
        "劳模引领，乡村振兴路上唱响创新之歌",
        "淮北市委领导调研工会“跟着劳模去创新”工作",
        "学习全会精神 把握正确方向",
        "紧扣“吸引过来、组织起来、稳固下来”目标要求 推深做实新就业形态劳动者入会和服务工作",
        "",  # the Xinhua digest ◆习近平作出重要指示……
        "一百一十七个大项目澎湃阜阳特色产业新动能",
    ]


def test_page_003_is_one_special_feature(pages):
    (feature,) = pages["003"]
    assert feature.title == ""  # the main headline was printed as a picture
    assert feature.subtitle == "阜阳市五年工会工作回眸"
    assert feature.column == "专题"


def test_page_004_articles_in_reading_order(pages):
    assert titles(pages["004"]) == [
        "模范职工之家“结对共建”启动",
        "“三个融入”推动党史学习教育",
        "首办工资集体协商技能竞赛",
        "蚌埠“劳模贷”首批发放贷款2435万元",
        "六安“六工惠”职工普惠平台签约建设",
        "交流困难职工帮扶工作经验",
        "党史进工地 传递正能量",
        "“四点半课堂”:守护成长不“真空”",
        "生命绝唱铸忠诚 脱贫攻坚洒热血",
    ]


# ---------------------------------------------------------------------------
# Headlines, organisations, subtitles.

def test_headline_stays_with_its_body(pages):
    article = titled(pages["000"], "阜阳：推进新业态劳动者入会")
    assert article.paragraphs[0].startswith("本报讯 11月10日，阜阳市总工会召开全市新业态劳动者入会工作推进会")


def test_organisation_printed_above_the_headline_goes_to_org(pages):
    article = titled(pages["004"], "模范职工之家“结对共建”启动")
    assert article.org == "宿州市总工会"


def test_organisation_printed_below_the_headline_goes_to_org(pages):
    article = titled(pages["004"], "交流困难职工帮扶工作经验")
    assert article.org == "铜陵市总工会"
    assert article.paragraphs[0].startswith("本报讯 4月13日,铜陵市总工会")


def test_organisation_on_the_headline_line_is_split_off(pages):
    article = titled(pages["000"], "法制宣传走进企业")
    assert article.org == "界首市总工会"


def test_markup_is_stripped_from_a_headline(pages):
    article = titled(pages["001"], "为单身职工牵红线")
    assert article.org == "铜陵市总工会"
    assert not any("**" in paragraph for paragraph in article.paragraphs)


def test_subtitle_loses_its_dashes(pages):
    assert titled(pages["000"], "为有源头活水来").subtitle == "蚌埠市总工会“跟着劳模去创新”工作综述"
    assert titled(pages["004"], "生命绝唱铸忠诚 脱贫攻坚洒热血").subtitle == (
        "追记合肥学院教师、驻村第一书记朱世群"
    )


def test_subtitle_read_by_ocr_as_one_is_still_a_subtitle(pages):
    article = titled(pages["001"], '系统联动"四创"联发 让创新发展不停步')
    assert article.subtitle == '淮北市总工会"跟着劳模去创新"工作综述'


def test_author_line_under_a_headline_gives_the_byline(pages):
    article = titled(pages["002"], titles(pages["002"])[4])
    assert article.byline == ["徐发成"]
    assert article.paragraphs[0].startswith("近年来，在省委和全总的坚强领导下")


# ---------------------------------------------------------------------------
# Features and their subheads.

def test_feature_subhead_does_not_cut_the_feature(pages):
    feature = titled(pages["000"], "为有源头活水来")
    for subhead in ("精神引领，宣讲带动", "结对共建，做好“传帮带”", "发挥优势，助力乡村振兴"):
        assert subhead in feature.paragraphs
    assert feature.byline == ["徐希涛", "何遐"]


@pytest.mark.parametrize("prefix, title, subhead", [
    ("002", "劳模引领，乡村振兴路上唱响创新之歌", "红薯收购点，村民络绎不绝"),
    ("002", "劳模引领，乡村振兴路上唱响创新之歌", "“大春路线”，擦亮公交服务品牌"),
    ("004", "生命绝唱铸忠诚 脱贫攻坚洒热血", "为初心,他甘愿再当一回农民"),
    ("001", '系统联动"四创"联发 让创新发展不停步', '"党政+方案+制度" 三局合布,快搭"创台"'),
])
def test_subheads_of_a_feature_stay_inside_it(pages, prefix, title, subhead):
    assert subhead in titled(pages[prefix], title).paragraphs


def test_numbered_subheads_stay_inside_the_speech(pages):
    speech = titled(pages["002"], titles(pages["002"])[4])
    assert "一、紧扣“吸引过来”，着力加强入会宣传" in speech.paragraphs
    assert "三、紧扣“稳固下来”，着力做好维权服务" in speech.paragraphs


def test_section_headings_of_the_special_page_stay_inside_it(pages):
    (feature,) = pages["003"]
    assert "提高站位 高举引领旗帜" in feature.paragraphs
    assert "筑基固本 汇聚奋进力量" in feature.paragraphs
    assert not {"A", "B", "C", "D", "专题"} & set(feature.paragraphs)


def test_photo_caption_pile_does_not_become_headlines(pages):
    (feature,) = pages["003"]
    assert "临泉县总工会开展女职工拔河比赛" in feature.paragraphs


# ---------------------------------------------------------------------------
# Briefs, bylines, continuation marks.

def test_ocr_variant_of_the_brief_opener_starts_an_article(pages):
    article = titled(pages["001"], "阜阳商厦:始终将企业安全生产放首位")
    assert any(paragraph.startswith("★报讯 为切实抓好国庆期间安全生产年") for paragraph in article.paragraphs)


def test_byline_closes_the_article_and_stays_in_the_text(pages):
    article = titled(pages["000"], "亳州：劳模创新工作室联盟成立")
    assert article.byline == ["张光宇"]
    assert article.paragraphs[-1].endswith("(张光宇)")


def test_byline_on_its_own_line_closes_the_article(pages):
    article = titled(pages["004"], "六安“六工惠”职工普惠平台签约建设")
    assert article.byline == ["沈春", "李宗泰"]
    assert article.paragraphs[-1] == "(沈春 李宗泰)"


def test_full_width_byline_brackets_are_read(pages):
    article = titled(pages["000"], "当好贴心“娘家人” 敬业奉献爱无疆")
    assert article.byline == ["夏梦"]


def test_continuation_mark_is_dropped_and_the_article_ends_here(pages):
    feature = titled(pages["002"], "劳模引领，乡村振兴路上唱响创新之歌")
    assert feature.paragraphs[-1].endswith("“大春路线”在舒城县家喻户晓。")
    for article in pages["002"]:
        assert not any("下转" in paragraph for paragraph in article.paragraphs)


# ---------------------------------------------------------------------------
# Photos.

@pytest.mark.parametrize("prefix, title, credit", [
    ("000", "皖工有约 爱在江城", ["潘柳全"]),
    ("004", "党史进工地 传递正能量", ["姚佳佳"]),
    ("002", "学习全会精神 把握正确方向", ["朱宗楠", "李慧慧"]),
    ("001", "蜀山区住宅装饰装修水电工技能竞赛落幕", ["叶张佩", "徐海燕"]),
])
def test_captioned_photo_is_its_own_article_with_its_credit(pages, prefix, title, credit):
    photo = titled(pages[prefix], title)
    assert photo.photo_credit == credit
    assert photo.byline == []
    assert len(photo.paragraphs) <= 2


def test_caption_of_a_photo_whose_title_ocr_put_after_the_credit_is_found(pages):
    photo = titled(pages["001"], "蜀山区住宅装饰装修水电工技能竞赛落幕")
    assert photo.paragraphs[0].startswith("区 2021年住宅装饰装修水电工技能竞赛在山水家居情景馆正式开赛")


# ---------------------------------------------------------------------------
# Column labels.

def test_column_label_becomes_the_column_of_the_article_below(pages):
    assert titled(pages["000"], "亳州：劳模创新工作室联盟成立").column == "跟着劳模去创新"
    assert titled(pages["001"], "助力445名学子圆梦今秋").column == "跟着劳模去创新"
    assert titled(pages["002"], "学习全会精神 把握正确方向").column == "深入学习贯彻党的十九届六中全会精神"


def test_column_label_does_not_spill_onto_a_different_kind_of_article(pages):
    assert titled(pages["000"], "皖工有约 爱在江城").column == ""
    assert titled(pages["001"], "开展网络安全宣传周活动").column == ""


def test_trailing_column_labels_are_not_articles(pages):
    labels = {"工会干部 传真", "基层 短播"}
    assert not labels & set(titles(pages["000"]))
    assert not any(labels & set(article.paragraphs) for article in pages["000"])


def test_trailing_column_labels_label_the_articles_above_them(pages):
    assert titled(pages["000"], "入户走访困难职工").column == "基层 短播"
    assert titled(pages["000"], "法制宣传走进企业").column == "基层 短播"
    assert titled(pages["000"], "当好贴心“娘家人” 敬业奉献爱无疆").column == "工会干部 传真"


def test_unlisted_trailing_label_is_recognised_by_its_position(pages):
    assert "扶贫村里的故事" not in titles(pages["004"])
    assert titled(pages["004"], "生命绝唱铸忠诚 脱贫攻坚洒热血").column == "扶贫村里的故事"


# ---------------------------------------------------------------------------
# Digest, debris, strays.

def test_news_digest_does_not_take_the_headline_waiting_above_it(pages):
    digest = pages["002"][5]
    assert digest.title == ""
    assert digest.paragraphs[0].startswith("◆习近平作出重要指示强调")
    assert digest.paragraphs[-1] == "(据新华社12月20日电)"
    report = titled(pages["002"], "一百一十七个大项目澎湃阜阳特色产业新动能")
    assert report.paragraphs[0].startswith("本报讯 12月18日，备受关注的2021首届阜阳投资贸易洽谈会开幕")
    assert report.byline == ["张凯培", "李群"]


def test_text_after_a_byline_without_headline_stays_with_its_article(pages):
    report = titled(pages["002"], "一百一十七个大项目澎湃阜阳特色产业新动能")
    assert any(paragraph.startswith("从产业类型看，117个产业类项目") for paragraph in report.paragraphs)


def test_broken_heading_remains_are_neither_titles_nor_organisations(pages):
    debris = {"安庆市总工", "会", "区总工会"}
    first = pages["001"][0]
    assert first.org == ""
    assert not debris & set(first.paragraphs)
    assert not debris & set(titles(pages["001"]))


def test_stray_fragments_join_the_article_they_are_about(pages):
    store = titled(pages["001"], "阜阳商厦:始终将企业安全生产放首位")
    assert any("检查组一行实地检查了阜阳商厦商场内消防器材" in paragraph for paragraph in store.paragraphs)
    photo = titled(pages["001"], "蜀山区住宅装饰装修水电工技能竞赛落幕")
    assert not any("阜阳商厦" in paragraph for paragraph in photo.paragraphs)


def test_no_page_furniture_is_left_in_any_article(pages):
    for articles in pages.values():
        for article in articles:
            assert article.title not in {"专题", "A", "B", "C", "D", "跟着劳模去创新"}
            for paragraph in article.paragraphs:
                assert paragraph.strip()
                assert "**" not in paragraph and "  " not in paragraph
                assert not paragraph.startswith(("(下转", "(上接"))


def test_printed_characters_are_not_folded(pages):
    article = titled(pages["004"], "“四点半课堂”:守护成长不“真空”")
    assert ":" in article.title  # half-width as printed
    assert "," in article.paragraphs[1]


# ---------------------------------------------------------------------------
# Synthetic pages in the paper's style, so the rules are not fitted to the samples.

def extra(name: str) -> list[ArticleDraft]:
    return split_page((DATA / "pages_extra" / name).read_text(encoding="utf-8"))


def test_extra_city_briefs_page():
    articles = extra("city_briefs.txt")
    assert titles(articles) == [
        "“夏送清凉”送到一线",
        "举办职工技能大赛",
        "开展“送法进社区”活动",
        "为一线职工送上“清凉包”",
        "滁州职工书画展开幕",
    ]
    assert [article.org for article in articles[:4]] == [
        "淮南市总工会", "马鞍山市雨山区总工会", "合肥市包河区常青街道总工会", "马钢集团工会",
    ]
    assert articles[0].byline == ["王静", "李明"]
    assert articles[0].column == "职工 之声"  # not in columns.txt: known by its position
    assert "焊工、叉车司机" in articles[1].paragraphs[0]
    assert articles[4].photo_credit == ["胡明"]


def test_extra_narrow_county_page():
    articles = extra("county_narrow.txt")
    assert titles(articles) == ["书香润心 阅读暖人", "为环卫工人送清凉", "开展困难职工走访"]
    feature = articles[0]
    assert feature.subtitle == "金寨县总工会推进职工书屋建设纪实"
    assert "书屋建在家门口" in feature.paragraphs
    assert feature.paragraphs[-1].endswith("浓厚氛围。")  # (下转第2版) dropped
    assert articles[1].org == "六安市裕安区总工会"
    assert articles[2].org == "颍上县总工会"
    assert articles[2].byline == ["李勇"]


def test_extra_path_dated_page():
    articles = extra("2021/2021-06-18/03.txt")
    assert titles(articles) == ["", '当好职工"娘家人"', "推进产改工作", "", "劳模工匠进校园"]
    resumed, feature, brief, digest, photo = articles
    assert resumed.byline == ["宿工宣"]  # the article continued from page 1
    assert feature.subtitle == "宿松县总工会服务职工工作侧记"
    assert feature.byline == ["周明", "吴兵"]
    assert brief.org == "东至县总工会"
    assert digest.paragraphs[-1] == "(据安徽工会网)"
    assert photo.photo_credit == ["李华"]
    assert "工会动态" not in titles(articles)
