"""New article or subhead: the boundary decision on pages written by the rules of ANNOTATION.md.

The two pages in tests/data/pages_rules were written for these tests (invented
names, facts in the paper's style), not taken from pages-dev: runs of briefs
with short headlines and no byline from one city, a feature with a subtitle,
an author line and short subheads, a long headline with ：and ，, an opening
byline, a photo at the head of an article, a two-caption photo story, a
caption-only photo, column labels and page furniture.
"""

from pathlib import Path

import pytest

from indexer.ingest.lines import Kind, Token
from indexer.ingest.normalize import normalize_page
from indexer.ingest.boundary import RunningStory, decide
from indexer.ingest.segment import split_page, trace_page

PAGES = Path(__file__).parent / "data" / "pages_rules"


def cut(name: str):
    return split_page((PAGES / name).read_text(encoding="utf-8"))


def decision(name: str, start: str) -> str:
    tokens, _ = trace_page((PAGES / name).read_text(encoding="utf-8"))
    (token,) = [t for t in tokens if t.text.startswith(start)]
    return token.decision


def test_briefs_without_bylines_separate_and_the_feature_keeps_its_subheads():
    articles = cut("2024-09-10_03.txt")
    assert [a.title for a in articles] == [
        "金秋助学送温暖", "职工书屋开放", "技能比武展风采", "送清凉进工地", "用心守护“娘家人”的承诺",
        "池州：“劳模工匠助企行”活动启动，首批20名劳模工匠进企业", "蚌埠市总工会在蚌山区一家快递网点开展“送清凉”活动",
    ]
    feature = articles[4]
    assert feature.subtitle == "记六安市金安区总工会权益保障部" and feature.byline == ["周明远"]
    assert "维权有力度" in feature.paragraphs and "服务有温度" in feature.paragraphs
    assert feature.paragraphs[-1] == "“职工的事再小也是大事。”部长刘晓芳说。"
    assert articles[3].paragraphs[-1] == "区总工会有关负责人叮嘱大家合理安排作业时间，注意防暑。"


def test_column_label_and_page_furniture_never_become_articles():
    for name in ("2024-09-10_03.txt", "2024-11-19_02.txt"):
        titles = [a.title for a in cut(name)]
        assert not {"基层短波", "图片新闻", "工会动态"} & set(titles)
        assert not any("星期" in t or "编辑" in t for t in titles)
    assert {a.column for a in cut("2024-09-10_03.txt")[:4]} == {"基层短波"}


def test_opening_byline_fills_byline():
    article = cut("2024-09-10_03.txt")[5]
    assert article.byline == ["张海燕", "李文静"]


def test_caption_only_photo_is_titled_by_its_first_clause_after_the_date():
    photo = cut("2024-09-10_03.txt")[-1]
    assert photo.column == "图片新闻" and photo.photo_credit == ["王磊"]
    assert photo.paragraphs[0].startswith("9月3日，蚌埠市总工会")


def test_briefs_of_one_city_with_short_headlines_separate():
    articles = cut("2024-11-19_02.txt")
    assert [a.title for a in articles] == [
        "举办专场招聘会", "开展法律进企业活动", "省总工会党组书记、主席一行来淮北调研产业工人队伍建设改革工作",
        "宁国：一场技能大赛，让200名农民工拿到了职业技能证书", "冬日里的暖心早餐", "赛场比拼展技能",
    ]
    assert decision("2024-11-19_02.txt", "开展法律进企业活动").startswith("new article")
    assert "the lead names its actor first (合肥市包河区总工会)" in decision("2024-11-19_02.txt", "开展法律进企业活动")


def test_photo_at_the_head_of_an_article_keeps_the_text_under_it():
    article = cut("2024-11-19_02.txt")[4]
    assert article.paragraphs[0] == "芜湖市镜湖区总工会在工会驿站为环卫工人送上热乎乎的早餐。"
    assert article.paragraphs[-1].endswith("（刘晓燕）")
    assert set(article.byline) == {"刘晓燕"} and article.photo_credit == ["王海涛"]


def test_two_captions_under_one_headline_are_one_photo_story():
    story = cut("2024-11-19_02.txt")[5]
    assert story.photo_credit == ["张伟", "李强", "赵明"]
    assert story.paragraphs[0].startswith("11月8日") and any(p.startswith("11月9日") for p in story.paragraphs)


def test_a_second_caption_with_its_credit_on_its_line_stays_in_the_titled_photo_story():
    # Rule (ANNOTATION.md: "Two captions under one headline with two credits are one photo
    # story"), the credits printed at the end of each caption (audit round 17).
    text = ("叉车比武显身手\n\n6月14日，宿州市埇桥区总工会举办叉车司机技能竞赛，42名选手同场竞技。 张扬 摄\n\n"
            "参赛选手在规定时间内完成叉车绕桩作业。 刘倩 摄\n\n"
            "石台县总工会在牯牛降景区开展户外职工健康义诊，50余名景区职工接受检查。 何夕/摄\n")
    articles = split_page(text)
    assert [a.title for a in articles] == ["叉车比武显身手", "石台县总工会在牯牛降景区开展户外职工健康义诊"]
    assert articles[0].photo_credit == ["张扬", "刘倩"]
    assert articles[0].paragraphs[-1].startswith("参赛选手在规定时间内")


def test_a_caption_dated_or_placed_of_its_own_under_a_titled_photo_is_its_own_photo():
    text = ("叉车比武显身手\n\n6月14日，埇桥区总工会举办叉车司机技能竞赛。 张扬 摄\n\n"
            "6月15日，职工在车间参加消防演练。 刘倩 摄\n\n"
            "在芜湖一家企业的车间里，职工参加电工比武。 王晨 摄\n")
    titles = [a.title for a in split_page(text)]
    assert len(titles) == 3 and titles[0] == "叉车比武显身手"


def heading(text: str, rule: str = "headline_shape") -> Token:
    return Token(Kind.HEADING, text, rule=rule)


def body(text: str, credit: bool = False) -> Token:
    return Token(Kind.BODY, text, credit=credit)


def story(*paragraphs: str, feature: bool = False) -> RunningStory:
    running = RunningStory(headed=feature)
    for paragraph in paragraphs:
        running.add(paragraph)
    return running


BRIEF = story("职工书屋开放", "近日，铜陵市义安区总工会职工书屋正式对外开放，新添图书2000余册。")


@pytest.mark.parametrize("rule", ["bracket_subhead", "numbered_subhead"])
def test_subhead_forms_decide_alone(rule):
    verdict = decide(heading("【驿站就建在路边】", rule), BRIEF, [body("9月5日，怀远县总工会举行仪式。")])
    assert not verdict.new


@pytest.mark.parametrize("under, reason", [
    (Token(Kind.BRIEF, "本报讯 9月5日，怀远县总工会举行仪式。"), "本报讯"),
    (Token(Kind.SUBTITLE, "记六安市金安区总工会权益保障部"), "subtitle"),
    (body("怀远县总工会举行仪式。张伟 摄", credit=True), "captioned photo"),
])
def test_what_is_printed_under_a_heading_can_decide_alone(under, reason):
    after = [under] + ([body("张立强在井下一干就是二十年。")] if under.kind is Kind.SUBTITLE else [])
    verdict = decide(heading("维权有力度"), story("x", "y", feature=True), after)
    assert verdict.new and reason in verdict.describe()


def test_a_short_paired_heading_in_a_feature_is_a_subhead():
    running = story("用心守护“娘家人”的承诺", "走进金安区总工会权益保障部，墙上的锦旗格外醒目。", feature=True)
    verdict = decide(heading("服务有温度"), running, [body("除了维权，部门还牵头建起了12个职工法律服务站。")])
    assert not verdict.new


def test_a_place_colon_headline_over_a_lead_is_a_new_article():
    verdict = decide(heading("宁国：一场技能大赛，让200名农民工拿到了职业技能证书"), BRIEF,
                     [body("11月10日，宁国市总工会举办农民工职业技能大赛。")])
    assert verdict.new and "colon" in verdict.describe()


def test_a_caption_line_without_full_stop_under_a_headline_is_not_the_title():
    articles = cut("2024-12-03_02.txt")
    assert [a.title for a in articles] == ["职工疗休养活动启动", "困难职工家中送温暖", "“小候鸟”暑期托管班开班"]
    photo = articles[1]
    assert photo.paragraphs[0] == "11月28日，阜阳市颍州区总工会干部走进困难职工家中送去米面油"
    assert photo.photo_credit == ["李明", "王强", "赵刚"]
    assert articles[0].paragraphs[-1] == "疗休养期间，劳模们将参观红色教育基地，开展交流座谈。"


def test_a_photo_headline_inside_an_open_article_is_new_because_a_credit_follows():
    text = (PAGES / "2024-12-03_02.txt").read_text(encoding="utf-8").replace("图片新闻\n", "")
    articles = split_page(text)
    assert [a.title for a in articles][:2] == ["职工疗休养活动启动", "困难职工家中送温暖"]


def test_an_unlisted_label_above_a_headline_inside_an_open_article_is_not_glued_to_it():
    text = (PAGES / "2024-11-19_02.txt").read_text(encoding="utf-8").replace(
        "开展法律进企业活动", "劳动者港湾\n\n开展法律进企业活动")
    articles = split_page(text)
    assert articles[1].title == "开展法律进企业活动" and articles[1].column == "劳动者港湾"
    assert "劳动者港湾" not in articles[0].paragraphs


def test_bullet_subheads_stay_inside_their_feature():
    text = (PAGES / "2024-09-10_03.txt").read_text(encoding="utf-8").replace(
        "维权有力度", "■维权有力度").replace("服务有温度", "■服务有温度")
    feature = split_page(text)[4]
    assert "■维权有力度" in feature.paragraphs and "■服务有温度" in feature.paragraphs


def test_a_work_review_keeps_its_long_comma_subheads_and_the_next_brief_separates():
    articles = cut("2024-06-11_03.txt")
    assert [a.title for a in articles] == ["凝心聚力促发展 建功立业新时代", "天长市总工会举办职工篮球赛"]
    review = articles[0]
    for subhead in ("强化政治引领，凝聚职工奋进力量", "聚焦主责主业，激发职工创新活力", "坚持服务为本，当好职工贴心娘家人"):
        assert subhead in review.paragraphs


def test_without_subtitle_or_byline_the_review_and_the_brief_still_separate():
    text = (PAGES / "2024-06-11_03.txt").read_text(encoding="utf-8")
    text = text.replace("——滁州市总工会2023年工作综述\n", "").replace("（市工宣）", "")
    articles = split_page(text)
    assert [a.title for a in articles] == ["凝心聚力促发展 建功立业新时代", "天长市总工会举办职工篮球赛"]
    assert "坚持服务为本，当好职工贴心娘家人" in articles[0].paragraphs


@pytest.mark.parametrize("headline, lead", [
    ("合肥一碗热粥暖人心，环卫工人过了个温暖的腊八节日早晨", "盛夏午后，来安县家宁医院工会驿站里格外热闹。"),
    ("省总工会党组书记、副主席一行来高新区调研座谈新就业形态劳动者入会工作", "近日，省总工会党组书记、副主席一行来到合肥高新区调研。"),
    ("迎江区人民路街道炮营山社区：小驿站释放暖心服务大能量", "驿站面积不大，却处处透着贴心。"),
])
def test_a_long_headline_with_commas_is_not_glued_to_its_lead(headline, lead):
    assert normalize_page(f"{headline}\n\n{lead}\n") == [headline, lead]


def test_a_sentence_cut_by_the_ocr_is_still_joined():
    assert normalize_page("7月1日，区总工会全体党员走上街头，开展主题志愿\n\n服务活动。\n") == [
        "7月1日，区总工会全体党员走上街头，开展主题志愿服务活动。"]


@pytest.mark.parametrize("subhead", ["■二十年只干一件事", "【二十年只干一件事】", "一、二十年只干一件事"])
def test_a_subhead_right_under_a_headline_and_subtitle_is_the_first_subhead_not_the_title(subhead):
    # Rule (ANNOTATION.md, "A subhead is not an article"): a line of subhead form
    # under headline material opens the feature's text; the headline stays its title.
    text = ("“我把每一颗螺丝都当作产品的脸面”\n\n——记全国五一劳动奖章获得者、安庆石化机修钳工孟庆伟\n\n"
            f"{subhead}\n\n早上7点半，孟庆伟已经换好工作服，拎着工具包走进装置区。\n\n"
            "■把绝活变成标准\n\n孟庆伟有个习惯，每次排除故障都要把过程写进笔记本。（本报记者 纪云帆）\n")
    articles = split_page(text)
    assert [a.title for a in articles] == ["“我把每一颗螺丝都当作产品的脸面”"]
    assert articles[0].subtitle.endswith("安庆石化机修钳工孟庆伟")
    assert articles[0].paragraphs[0] == subhead


def test_half_width_punctuation_reads_the_same():
    full = (PAGES / "2024-11-19_02.txt").read_text(encoding="utf-8")
    half = full.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
    assert [a.title for a in split_page(half)] == [a.title.replace("，", ",").replace("：", ":")
                                                   for a in split_page(full)]


def test_a_long_colon_headline_with_list_commas_opens_an_article_after_a_brief_without_closing_byline():
    # Rule (ANNOTATION.md, "A headline can be long … and can contain 、, ：, ，"): a subject
    # and a colon, then two clauses of list commas, is a headline, not the previous brief's text.
    text = ("“娘家人”把岗位送到家门口\n\n本报讯（记者 黎明 通讯员 韦蓓）2月15日，含山县总工会联合县人社局举办专场招聘会。\n\n"
            "招聘会现场，县总工会还设置了法律咨询台。\n\n"
            "铜化集团六国公司工会：班前会上讲安全、讲技能，职工听得进、记得牢\n\n"
            "“今天重点讲一下合成氨装置巡检的要点……”2月13日早上，六国公司合成氨车间的班前会上，20多名职工围坐一圈认真听讲。\n")
    articles = split_page(text)
    assert [a.title for a in articles] == ["“娘家人”把岗位送到家门口", "铜化集团六国公司工会：班前会上讲安全、讲技能，职工听得进、记得牢"]
    assert articles[0].byline == ["黎明", "韦蓓"]


def test_a_prose_line_with_many_commas_and_no_colon_subject_is_not_a_headline():
    from indexer.ingest.normalize import looks_like_heading

    assert looks_like_heading("铜化集团六国公司工会：班前会上讲安全、讲技能，职工听得进、记得牢")
    assert not looks_like_heading("班前会上讲安全、讲技能，职工听得进、记得牢，车间里")
    assert not looks_like_heading("公司工会把课堂搬到班前会上，每次讲一个知识点、一项技能，由骨干轮流授课、职工")


@pytest.mark.parametrize("headline", ["有困难，找工会！", "这个春天，你去过工会驿站吗？"])
def test_a_headline_may_end_on_a_question_or_exclamation_mark(headline):
    # Rule (ANNOTATION.md, "An article ends where the next article's headline begins"):
    # a short line ending in ？ or ！ is a headline, not the end of the text above it.
    from indexer.ingest.normalize import looks_like_heading

    assert looks_like_heading(headline)
    text = ("祁门：“茶工之家”里学技能\n\n本报讯 3月22日，县总工会在箬坑乡挂牌成立“茶工之家”。（祁工宣）\n\n"
            f"{headline}\n\n为进一步做好困难职工帮扶工作，黄山区总工会近日开通24小时帮扶热线。\n")
    assert [a.title for a in split_page(text)] == ["祁门：“茶工之家”里学技能", headline]


@pytest.mark.parametrize("line", ["“太好了！”", "这是我们第一次在家门口参加这么大规模的招聘会，真是太好了！"])
def test_a_quotation_or_a_long_sentence_ending_on_an_exclamation_is_not_a_headline(line):
    from indexer.ingest.normalize import looks_like_heading

    assert not looks_like_heading(line)


def test_a_lead_opening_on_a_scene_marks_a_new_article_inside_an_open_brief():
    # Rule (issue 13, outcome 2: "how the text after it opens"): 春日暖阳下，… opens a feature's lead.
    text = ("国网黄山供电公司工会开展“师带徒”结对活动\n\n3月20日，国网黄山供电公司工会组织开展“师带徒”结对签约仪式，20对师徒现场签订结对协议。\n\n"
            "这个春天，你去过工会驿站吗？\n\n春日暖阳下，旌德县城的工会驿站迎来了不少客人：环卫工人进来灌一杯热水。\n\n"
            "今年以来，县总工会对城区12个工会驿站进行提档升级。\n\n记者 俞晓峰 摄\n")
    articles = split_page(text)
    assert [a.title for a in articles] == ["国网黄山供电公司工会开展“师带徒”结对活动", "这个春天，你去过工会驿站吗？"]
    assert articles[1].photo_credit == ["俞晓峰"]


def test_a_page_of_one_paragraph_briefs_is_not_hard_wrapped_and_its_header_stands_alone():
    # Rule (normalize: a page is hard-wrapped when its text lines are cut mid-sentence): when
    # every line that is not headline-shaped ends its sentence, the open lines are headlines.
    from indexer.ingest.normalize import is_hard_wrapped

    briefs = [("春联送到工地上", "1月6日，长丰县总工会组织书法志愿者走进项目工地，为农民工写春联。"),
              ("寒冬里的一份牵挂", "1月5日，定远县总工会负责人带队走访慰问困难职工。"),
              ("阜南县总工会开展“送温暖”活动", "1月7日，阜南县总工会班子成员分组走访慰问困难职工。"),
              ("全椒县襄河镇工会为环卫工人送年货", "近日，襄河镇工会为镇区60余名环卫工人送去米、油和春联。")]
    lines = ["02　　综合新闻　　2023年1月10日　星期二"] + [line for pair in briefs for line in pair]
    assert not is_hard_wrapped(lines)
    assert normalize_page("\n\n".join(lines))[:3] == ["02 综合新闻 2023年1月10日 星期二"] + lines[1:3]


def test_one_ocr_break_inside_a_paragraph_does_not_make_a_page_of_briefs_hard_wrapped():
    # Rule (normalize: a page is hard-wrapped when its text lines are cut by a narrow column):
    # a column's cut lines are its full width, at least as wide as the lines ending its
    # paragraphs; one cut line narrower than the page's paragraphs is an OCR break (audit round 14).
    from indexer.ingest.normalize import is_hard_wrapped

    from conftest import ROOT

    page = (ROOT / "tests" / "data" / "pages-audit" / "corpus" / "2022" / "2022-02-22" / "02.txt").read_text(encoding="utf-8")
    lines = [line for line in page.splitlines() if line.strip()]
    assert not is_hard_wrapped(lines)
    assert normalize_page(page)[:3] == ["02 工会新闻 2022年2月22日 星期二", "“一月一课” 让安全理念入脑入心", lines[2]]
    narrow = (ROOT / "tests" / "data" / "pages_extra" / "county_narrow.txt").read_text(encoding="utf-8")
    assert is_hard_wrapped([line for line in narrow.splitlines() if line.strip()])  # a real narrow column


def test_a_lead_opening_with_a_purpose_clause_then_its_actor_marks_a_new_article():
    # Rule (issue 13, outcome 2: "how the text after it opens"): 为…，X总工会近日… is a news lead.
    text = ("春联送到工地上\n\n1月6日，长丰县总工会组织书法志愿者走进双凤经开区一处项目工地，为200余名农民工写春联、送福字。\n\n"
            "留岗过年 温暖相伴\n\n为让留岗职工安心过年，烈山区总工会近日为辖区20家企业的留岗职工送去年货礼包。\n")
    assert [a.title for a in split_page(text)] == ["春联送到工地上", "留岗过年 温暖相伴"]


def test_a_purpose_clause_without_an_actor_and_a_time_stays_inside_a_feature():
    from indexer.ingest.boundary import _purpose_lead_actor

    assert _purpose_lead_actor("为弘扬尊老敬老传统美德,黄山市总工会近日开展重阳节走访慰问活动。") == "黄山市总工会"
    assert _purpose_lead_actor("为解决户外劳动者吃饭难、喝水难，来安县总工会结合户外劳动者的分布把驿站设在路边。") == ""
    assert _purpose_lead_actor("为此，大家想了很多办法。") == ""


def test_a_purpose_lead_whose_actor_acted_from_a_month_marks_a_new_article():
    # Rule (issue 13, outcome 2: "how the text after it opens … a date"): in 为…，X总工会自7月起…
    # the month says when the actor acted, as 近日 or a day does; a ！ headline over it after a
    # brief without byline opens a new article (audit round 12).
    from indexer.ingest.boundary import _purpose_lead_actor

    assert _purpose_lead_actor("为切实维护高温天气下一线职工的身体健康，东至县总工会自7月起开展活动。") == "东至县总工会"
    assert _purpose_lead_actor("为做好冬季帮扶，县总工会入冬以来走访困难职工80户。") == "县总工会"
    assert _purpose_lead_actor("为此，县总工会把7个站点设在路边。") == ""
    text = ("“工会+技能”让青年职工挑大梁\n\n在宣州区一家汽车零部件企业的冲压车间里，操作工正在调试送料装置。今年以来，该企业工会开设“青工夜校”。\n\n"
            "送清凉，我们一直在路上！\n\n为切实维护高温天气下一线职工的身体健康，东至县总工会自7月起开展“夏送清凉”活动，走访建筑工地40余处。\n")
    assert [a.title for a in split_page(text)] == ["“工会+技能”让青年职工挑大梁", "送清凉，我们一直在路上！"]


def test_a_purpose_clause_then_an_organisation_new_to_the_running_story_marks_a_new_article():
    # Rule (issue 13, outcome 2: "how the text after it opens … an org or place as subject", and
    # "whether it continues the running story"): the subject of 为…，X总工会开展… is X总工会, read
    # after the purpose clause; new to the running brief, it opens a new article (audit round 13).
    text = ("界首市总工会、市人社局联合开展“冬季送岗位”专场招聘\n\n12月19日,市总工会、市人社局在市人力资源市场联合举办专场招聘会,当天320人达成就业意向。\n\n"
            "岁末送温暖,情暖职工心!\n\n为让困难职工温暖过冬,灵璧县总工会开展“冬送温暖”走访活动,为180户困难职工家庭送去慰问金。\n")
    assert [a.title for a in split_page(text)] == ["界首市总工会、市人社局联合开展“冬季送岗位”专场招聘", "岁末送温暖,情暖职工心!"]


def test_a_purpose_clause_then_the_running_storys_own_actor_stays_a_subhead():
    # The same rule's other side: under a feature's subhead, 为…，来安县总工会… continues the story.
    text = ("来安：户外劳动者有了“歇脚地”\n\n——来安县总工会建设户外劳动者服务站点纪实\n\n"
            "走进来安县城，一个个户外劳动者服务站点随处可见。来安县总工会把站点建设作为服务职工的实事。\n\n"
            "站点建在路边\n\n为解决户外劳动者吃饭难、喝水难，来安县总工会结合户外劳动者的分布把驿站设在路边。\n")
    assert [a.title for a in split_page(text)] == ["来安：户外劳动者有了“歇脚地”"]


def test_a_lead_opening_on_a_scene_in_a_new_place_or_with_a_circumstance_marks_a_new_article():
    # Rule (issue 13, outcome 2: "how the text after it opens … a place"): 在旌德县一家企业的车间里，
    # and 随着气温升高， open a lead on a scene; after a brief without byline, a short headline over
    # them opens a new article (audit round 15).
    from indexer.ingest.normalize import opens_scene

    assert opens_scene("在旌德县一家竹木加工企业的生产车间里，30名青年职工正在比武。")
    assert opens_scene("随着气温升高，八公山区总工会增设了防暑药品。")
    # … and 伴随着/伴着 a sound or a scene (audit round 19)
    assert opens_scene("伴随着欢快的锣鼓声，宁国市总工会文艺演出拉开帷幕。")
    assert opens_scene("伴着悠扬的音乐，200名职工跳起了广场舞。")
    assert not opens_scene("在县总工会的指导下，企业开展了比武。")
    text = ("职工书屋“上新”了\n\n5月27日，颍东区总工会为辖区10家企业职工书屋配送图书3000余册。\n\n"
            "技能比武 青春出彩\n\n在旌德县一家竹木加工企业的生产车间里，30名青年职工正在进行木工技能比武。这是该企业工会举办的青工技能节。\n\n"
            "户外劳动者有了“夏日驿站”\n\n随着气温升高，八公山区总工会在辖区5个工会驿站增设了防暑降温药品和冷饮柜。\n")
    assert [a.title for a in split_page(text)] == ["职工书屋“上新”了", "技能比武 青春出彩", "户外劳动者有了“夏日驿站”"]


def test_a_caption_closed_by_a_bracketed_picture_credit_is_a_photo_item_titled_by_its_first_clause():
    # Rule (ANNOTATION.md, "A photo item … its title is … else the caption's first clause").
    text = ("叶集区总工会开展招聘会\n\n2月6日，叶集区总工会联合区人社局举办春季招聘会。（叶工宣）\n\n图片新闻\n\n"
            "颍泉区总工会在区图书馆举办职工读书会，50余名职工围绕“书香伴成长”主题交流读书心得。（图文/沈阳）\n")
    articles = split_page(text)
    assert [a.title for a in articles] == ["叶集区总工会开展招聘会", "颍泉区总工会在区图书馆举办职工读书会"]
    assert articles[1].byline == ["沈阳"] and articles[1].column == "图片新闻"


# Lead openings a brief may have (issue 13, outcome 2: "how the text after it opens"): after a
# brief without byline, a short headline over a lead opening one of these ways opens a new
# article; each test names its opening.
BRIEF_WITHOUT_BYLINE = "职工书屋“上新”了\n\n5月27日，颍东区总工会为辖区10家企业职工书屋配送图书3000余册。\n\n"


def titles_after_brief(headline: str, lead: str) -> list[str]:
    return [a.title for a in split_page(BRIEF_WITHOUT_BYLINE + headline + "\n\n" + lead + "\n")]


def test_a_lead_opening_with_ju_liao_jie_marks_a_new_article():
    from indexer.ingest.normalize import opens_lead

    assert opens_lead("据了解，怀宁县总工会已为全县32家企业职工书屋配送图书1.2万册。")
    assert opens_lead("据悉，此次活动共发放慰问金20万元。")
    assert titles_after_brief("书香进企业 阅读润心田", "据了解，怀宁县总工会已为全县32家企业职工书屋配送图书1.2万册。") == [
        "职工书屋“上新”了", "书香进企业 阅读润心田"]


def test_a_lead_opening_with_the_reporter_learning_from_a_union_marks_a_new_article():
    # 记者从…获悉，: the union the reporter learned from is the lead's actor.
    lead = "记者从宿州市总工会获悉，今年该市将新建户外劳动者服务站点50个，实现县区全覆盖。"
    assert titles_after_brief("驿站再扩容", lead) == ["职工书屋“上新”了", "驿站再扩容"]
    tokens, _ = trace_page(BRIEF_WITHOUT_BYLINE + "驿站再扩容\n\n" + lead + "\n")
    (heading,) = [t for t in tokens if t.text == "驿站再扩容"]
    assert "the lead names its actor first (宿州市总工会)" in heading.decision


def test_a_lead_opening_with_the_reporter_learning_recently_marks_a_new_article():
    # 记者日前从…了解到，
    lead = "记者日前从郎溪县总工会了解到，今年以来该县已有1200余名农民工加入工会。"
    assert titles_after_brief("农民工入会热", lead) == ["职工书屋“上新”了", "农民工入会热"]


def test_a_lead_opening_on_a_quotation_and_its_speaker_marks_a_new_article():
    from indexer.ingest.normalize import opens_quote

    lead = "“有了这个驿站，我们中午终于有地方歇脚了。”环卫工人王大姐说。今年以来，鸠江区总工会新建工会驿站12个。"
    assert opens_quote(lead)
    assert opens_quote("“工会帮我们讨回了工资，这个年能过好了。”，农民工老李激动地说。")
    assert not opens_quote("“五一”国际劳动节期间，淮南市总工会组织劳模志愿服务。")
    assert titles_after_brief("驿站暖心", lead) == ["职工书屋“上新”了", "驿站暖心"]


def test_a_lead_opening_with_zuo_wei_then_its_actor_marks_a_new_article():
    # 作为…，X总工会… opens like 为…，X总工会近日….
    from indexer.ingest.boundary import _purpose_lead_actor

    lead = "作为全省产业工人队伍建设改革试点，铜陵市总工会今年在10家企业推行“技能+学历”提升计划。"
    assert _purpose_lead_actor(lead) == "铜陵市总工会"
    assert titles_after_brief("技能学历双提升", lead) == ["职工书屋“上新”了", "技能学历双提升"]


def test_a_lead_opening_on_an_occasion_with_qi_jian_marks_a_new_article():
    # …期间， (the occasion may carry quotation marks: “五一”国际劳动节期间，).
    from indexer.ingest.normalize import opens_scene

    lead = "“五一”国际劳动节期间，淮南市总工会组织劳模工匠走进社区开展志愿服务。"
    assert opens_scene(lead) and opens_scene("春节假期期间，全椒县总工会走访坚守岗位的一线职工。")
    assert titles_after_brief("劳模进社区", lead) == ["职工书屋“上新”了", "劳模进社区"]


@pytest.mark.parametrize("opening", ["近期，", "近段时间，", "近一段时间以来，", "近段时间以来，", "今年以来，", "前不久，"])
def test_a_lead_opening_with_a_ri_qian_like_time_marks_a_new_article(opening):
    lead = opening + "舒城县总工会组织劳模宣讲团走进企业车间，宣讲30余场。"
    assert titles_after_brief("宣讲进车间", lead) == ["职工书屋“上新”了", "宣讲进车间"]


@pytest.mark.parametrize("opening", ["6月12日上午，", "6月12日下午，", "十二月五日上午，"])
def test_a_lead_opening_with_a_day_and_a_time_of_day_marks_a_new_article(opening):
    lead = opening + "蒙城县总工会举办职工技能大赛，120名选手同台竞技。"
    assert titles_after_brief("技能大赛 比出风采", lead) == ["职工书屋“上新”了", "技能大赛 比出风采"]


@pytest.mark.parametrize("opening", ["12日上午，", "5日，", "20日下午，", "13日至14日，"])
def test_a_lead_opening_with_a_day_without_its_month_marks_a_new_article(opening):
    # The month is understood: 12日上午，凤阳县总工会… (audit round 17); the place
    # named right after the day is new to the running brief.
    lead = opening + "凤阳县总工会联合县中医院走进企业车间，为200余名一线职工开展义诊。"
    assert titles_after_brief("义诊进车间", lead) == ["职工书屋“上新”了", "义诊进车间"]


@pytest.mark.parametrize("lead", [
    "10日，调研组先后来到霍邱县总工会和叶集区孙岗乡工会驿站。",  # a visit's second day: no place first
    "12日上午，颍东区总工会又为5家企业配送图书。",  # the running brief's own place
    "12日的活动吸引了200余名职工参加。",
])
def test_a_day_of_the_month_without_a_new_place_after_it_keeps_a_subhead(lead):
    assert titles_after_brief("驿站要成为服务站", lead) == ["职工书屋“上新”了"]


def test_a_lead_opening_on_a_quotation_then_its_date_marks_a_new_article():
    # “……！”9月6日，在…，农民工李师傅说: the speaker comes after the lead's date and place.
    from indexer.ingest.normalize import opens_quote

    lead = ("“工钱终于拿到了！”9月6日，在颍上县总工会职工法律服务中心，农民工老周拿着工资激动地说。"
            "今年以来，中心已帮助农民工追回欠薪80余万元。")
    assert opens_quote(lead)
    assert not opens_quote("“职工书屋”建成以来，借阅量逐月上升。")
    assert titles_after_brief("讨薪有了“娘家人”", lead) == ["职工书屋“上新”了", "讨薪有了“娘家人”"]


def test_a_lead_opening_with_the_reporter_learning_on_a_day_marks_a_new_article():
    # 记者11月22日从…获悉，记者5日从…了解到 (audit round 18): the union is the lead's actor.
    from indexer.ingest.normalize import opens_lead

    lead = "记者11月22日从蚌埠市总工会获悉，明年春节前该市将开通12条“农民工返乡专线”。"
    assert opens_lead(lead) and opens_lead("记者5日从郎溪县总工会了解到，该县已建成驿站20个。")
    assert titles_after_brief("返乡专线", lead) == ["职工书屋“上新”了", "返乡专线"]
    tokens, _ = trace_page(BRIEF_WITHOUT_BYLINE + "返乡专线\n\n" + lead + "\n")
    (heading,) = [t for t in tokens if t.text == "返乡专线"]
    assert "the lead names its actor first (蚌埠市总工会)" in heading.decision


@pytest.mark.parametrize("opening", ["一大早，", "大清早，", "清早，", "中午，"])
def test_a_lead_opening_on_a_time_of_day_marks_a_new_article(opening):
    # 一大早，临泉县总工会的工作人员… (audit round 18).
    lead = opening + "临泉县总工会的工作人员就带着矿泉水和毛巾来到麦田边，为农机手送去清凉。"
    assert titles_after_brief("田间送清凉", lead) == ["职工书屋“上新”了", "田间送清凉"]


def test_a_lead_opening_with_ban_sui_zhe_marks_a_new_article():
    # 伴随着欢快的锣鼓声，X总工会… (audit round 19): a circumstance, as 随着气温升高，.
    lead = "伴随着欢快的锣鼓声，界首市总工会“送文化进企业”文艺演出在一家企业的厂区内拉开帷幕。"
    assert titles_after_brief("文艺演出进厂区", lead) == ["职工书屋“上新”了", "文艺演出进厂区"]


@pytest.mark.parametrize("opening", ["清晨5点半，", "早上7点，", "凌晨3时许，", "下午四点多，"])
def test_a_lead_opening_on_a_clock_time_marks_a_new_article(opening):
    from indexer.ingest.normalize import opens_scene

    lead = opening + "迎江区总工会的工作人员已把绿豆汤和防暑药品送到了环卫作业点。"
    assert opens_scene(lead)
    assert titles_after_brief("清凉送到路边", lead) == ["职工书屋“上新”了", "清凉送到路边"]


def test_subheads_over_leads_opening_these_ways_stay_inside_a_feature_with_a_subtitle():
    # The guard: inside a feature with a subtitle and an author line, short subheads over text
    # opening like a lead (据了解，记者从…获悉，a quotation, 作为…，…期间，近段时间，) stay subheads.
    paragraphs = [
        ("驿站建在路边", "据了解，来安县总工会今年把8个驿站设在户外劳动者最集中的路口。"),
        ("服务送到身边", "记者从来安县总工会获悉，驿站每天早上6点开门，为环卫工人提供热水和早餐。"),
        ("温暖留在心间", "“有了驿站，冬天再也不怕冷了。”环卫工人张师傅说。"),
        ("责任扛在肩上", "作为全县服务职工的实事，来安县总工会今年还将新建驿站3个。"),
        ("假期不打烊", "春节假期期间，来安县的驿站照常开放。"),
        ("队伍常更新", "近段时间，来安县总工会为驿站招募了20名志愿者。"),
        ("清晨也开门", "早上6点，来安县城东的驿站已经亮起了灯。"),
        ("节日不停歇", "5日上午，来安县的驿站迎来了当天第一批环卫工人。"),
        ("暖心话语多", "“驿站就是我们的家！”5日，环卫工人李师傅说。"),
        ("早饭有着落", "一大早，来安县城西驿站的热水器就烧开了。"),
        ("消息传得快", "记者5日从来安县总工会获悉，驿站的使用人次已超过2万。"),
        ("歌声飘出来", "伴随着悠扬的歌声，来安县城南驿站的文艺小分队开始了排练。"),
    ]
    text = ("来安：户外劳动者有了“歇脚地”\n\n——来安县总工会建设户外劳动者服务站点纪实\n\n本报记者 周明远\n\n"
            "走进来安县城，一个个户外劳动者服务站点随处可见。来安县总工会把站点建设作为服务职工的实事。\n\n"
            + "".join(f"{head}\n\n{body}\n\n" for head, body in paragraphs))
    articles = split_page(text)
    assert [a.title for a in articles] == ["来安：户外劳动者有了“歇脚地”"]
    assert {head for head, _ in paragraphs} <= set(articles[0].paragraphs)
