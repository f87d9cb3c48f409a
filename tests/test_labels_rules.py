"""One test per labelling rule (docs/INGESTION.md, "Labels"), on sentences taken from pages.

The sentences come from the sample pages and from ../shared/pages-dev (rewritten
real reports); each test names the rule it pins, and where the rule gives a label it
checks the evidence names that rule and quotes the sentence.
"""

from __future__ import annotations

import time

import pytest

from indexer.ingest.metadata import describe
from indexer.ingest.model import ArticleDraft
from indexer.ingest.places import find_places


def brief(title: str, *paragraphs: str, org: str = "") -> ArticleDraft:
    return ArticleDraft(title=title, org=org, paragraphs=list(paragraphs))


def proof(labels: dict, label: str, value: str) -> dict:
    """The evidence of one label (there is exactly one per label given)."""
    found = [e for e in labels["evidence"] if e["label"] == label and e["value"] == value]
    assert len(found) == 1, labels["evidence"]
    return found[0]


def cities(text: str) -> list[str]:
    return [m.city for m in find_places(text)]


# --------------------------------------------------------------------------- cities


def test_city_rule_headline():
    labels = describe(brief("寿县召开县政府与县总工会联席会议", "7月3日下午，县政府与县总工会联席会议召开。"))
    assert labels["cities"] == ["淮南"] and labels["counties"] == ["寿县"]
    assert proof(labels, "city", "淮南") == {
        "label": "city", "value": "淮南", "rule": "headline", "text": "寿县召开县政府与县总工会联席会议",
    }


def test_city_rule_lead():
    lead = "1月7日，包河区义城镇总工会工作人员为在当地务工的外地农民工盛上腊八粥。"
    labels = describe(brief("一碗腊八粥 暖了异乡人", lead))
    assert labels["cities"] == ["合肥"]
    assert proof(labels, "city", "合肥")["rule"] == "lead"


def test_city_rule_one_mention_in_a_brief_places_the_event():
    labels = describe(brief(
        "工间操赛场展风采",
        "本报讯 为推动全民健身，省总工会、省体育局近日举办全省职工工间操比赛，全省19支代表队的300余名职工参赛，展示了新时代职工的精神风貌。",
        "10月21日至22日，比赛在淮南市体育文化中心举行，各队依次登场。",
    ))
    assert labels["cities"] == ["淮南"]
    assert proof(labels, "city", "淮南") == {
        "label": "city", "value": "淮南", "rule": "one mention",
        "text": "10月21日至22日，比赛在淮南市体育文化中心举行，各队依次登场。",
    }


def test_city_rule_repeated_in_the_body():
    labels = describe(brief(
        "劳模引领 唱响创新之歌",
        "本报讯 今年以来，各级工会扎实开展“跟着劳模去创新”活动，取得了显著的经济效益和社会效益。",
        "全国劳模、舒城县通运公交公司驾驶员程大春开出了名堂。",
        "“大春路线”在舒城县家喻户晓。",
    ))
    assert "六安" in labels["cities"] and "舒城县" in labels["counties"]


def test_city_rule_one_mention_in_a_long_speech_needs_a_place_where_something_happens():
    filler = "要坚持以职工为中心，推动工会工作高质量发展，不断增强职工群众的获得感、幸福感、安全感。" * 40
    labels = describe(brief(
        "推深做实新就业形态劳动者入会和服务工作",
        "本报讯 省总工会召开推进会。",
        filler,
        "芜湖市创新工会联合会“孵化发展”模式，先整体吸收入会，再单独孵化成立行业工会联合会。",
        "省总工会调研组还深入到铜陵市郊区的快递企业，了解入会情况。",
        "春节前，调研组慰问了合肥市公安局交警支队的一线民警。",
    ))
    assert "芜湖" not in labels["cities"]  # one example among others in a long speech
    assert proof(labels, "city", "铜陵")["rule"] == "one mention"
    assert proof(labels, "city", "合肥")["rule"] == "one mention"


@pytest.mark.parametrize(
    "sentence",
    [
        "1978年，朱世群出生在五河县一个普通的农民家庭。",
        "来自合肥、芜湖、蚌埠的50名选手参加了比赛。",
        "六安市劳动模范朱先富也来到现场。",
        "活动借鉴学习了宣城经验。",
    ],
)
def test_city_rule_passing_mention_is_not_required_and_not_given(sentence):
    lead = "本报讯 7月20日，市总工会为坚守在高温一线的环卫工人、快递小哥和建筑工人送去清凉物资，把关怀送到职工心坎上。"
    labels = describe(brief("为一线职工送清凉", lead, sentence))
    assert labels["cities"] == []


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("马钢集团公司党委常委、工会主席韦晓东出席", "马鞍山"),
        ("白马山水泥厂工会走访慰问海螺劳模工匠", "芜湖"),
        ("淮北矿业朱仙庄煤矿工会：一车西瓜解了职工暑气", "淮北"),
        ("职工们登上敬亭山，开展健步走活动", "宣城"),
        ("环卫工人在屯溪老街清扫积雪", "黄山"),
        ("阜阳市总工会干部走进金种子酒业，换上工装体验一线", "阜阳"),
        ("近日，口子酒业工会在厂区操场举办职工春季趣味运动会", "淮北"),
        ("铜化集团六国公司工会：班前会上讲安全、讲技能", "铜陵"),
        ("近日，迎驾集团工会组织开展职工技能比武", "六安"),
    ],
)
def test_city_rule_owner_table_gives_the_city_of_an_enterprise_or_landmark(text, city):
    assert city in cities(text)


def test_city_rule_owner_names_are_whole_company_names_not_pieces_of_words():
    assert cities("欢迎驾驶员朋友到驿站歇脚") == []


def test_level_rule_enterprise_unions_as_a_category_stay_no_level_even_after_one_enterprise():
    labels = describe(brief("区总工会开展基层调研", "近日，区总工会走访了一家企业，指导企业工会建设。"))
    assert labels["levels"] == ["县区级"]


def test_level_rule_a_town_union_after_a_landmark_name_stays_a_town_union():
    assert describe(brief("宏村镇总工会举办活动", "近日，宏村镇总工会举办职工健步走活动。"))["levels"] == ["乡镇街道"]


def test_city_rule_owner_printed_beside_a_place_is_that_places_branch():
    assert cities("池州海螺水泥公司工会开展技能比武") == ["池州"]
    assert cities("来到安徽合力蚌埠液力机械有限公司") == ["蚌埠"]
    assert [(m.city, m.county) for m in find_places("屯溪老街")] == [("黄山", "屯溪区")]


def test_city_rule_abbreviation_in_its_fixed_phrase():
    assert cities("台湾两岸劳动关系发展协会代表团来芜参观考察") == ["芜湖"]
    assert cities("省总工会调研组来滁调研") == ["滁州"]
    assert cities("春节期间，2000余名外地职工留肥过年") == ["合肥"]
    assert cities("活动带来宣传效果，孩子们在池塘边玩耍，职工在宿舍休息，工地留宿职工") == []


def test_city_rule_county_name_after_a_title_and_surname_is_a_person():
    text = "省总工会副主席葛怀远及市人大、市总工会、市台办有关负责同志参加会见"
    assert cities(text) == []
    assert cities("葛怀远表示，将加强两岸职工交流。") == []
    assert cities("怀远县总工会开展送温暖活动") == ["蚌埠"]


def test_city_rule_county_short_names_that_are_safe_in_context():
    assert cities("巢湖经开区三个工作室获评创新工作室") == ["合肥"]
    assert cities("古井集团职工技能大赛明光酒业赛区落幕") == ["亳州", "滁州"]
    assert cities("弘扬文明光荣的新风尚，确定远景目标") == []


# --------------------------------------------------------------------------- levels


def test_level_rule_headline():
    labels = describe(brief("马厂湖农场工会帮职工排忧解难", "今年以来，农场职工反映的问题得到解决。"))
    assert labels["levels"] == ["企业"]
    assert proof(labels, "level", "企业")["rule"] == "headline"


def test_level_rule_subject_of_a_body_sentence():
    labels = describe(brief(
        "来安：130个工会驿站成了户外劳动者的“温馨港湾”",
        "盛夏午后，来安县家宁医院工会驿站里格外热闹：环卫工人用微波炉热着自带的饭菜，外卖小哥接满一壶凉白开。",
        "今年，我省把“推进全省工会驿站增能提质”列入30项民生实事。省总工会作为牵头单位，因地制宜推动驿站建设和提质。",
    ))
    assert "省级" in labels["levels"]
    assert proof(labels, "level", "省级")["rule"] == "subject"


def test_level_rule_grantor_when_the_award_is_the_news():
    labels = describe(brief(
        "省路桥公司工会被省总工会命名为“全省模范职工之家”",
        "近日，省路桥公司工会被省总工会命名为“全省模范职工之家”。",
    ))
    assert labels["levels"] == ["省级", "企业"]
    labels = describe(brief(
        "一批先进集体和个人榜上有名",
        "本报讯 为表彰先进，激励广大职工建功立业，公司召开大会宣读了有关文件，各单位负责人参加。",
        "日前，马鞍山市总工会印发关于命名2024年度马鞍山市五一劳动奖的决定。",
    ))
    assert labels["levels"] == ["市级"]
    assert proof(labels, "level", "市级")["rule"] == "grantor"


def test_level_rule_grantor_of_an_honour_in_passing_is_left_out():
    labels = describe(brief(
        "“四点半课堂”守护成长",
        "本报讯 暑期，屯溪区昱东街道柏山社区工会开办“四点半课堂”，志愿者每天下午为双职工家庭的孩子们辅导作业、开展安全教育。",
        "该社区曾获得由省总工会命名的“模范职工小家”称号。",
    ))
    assert labels["levels"] == ["乡镇街道"]


def test_level_rule_guidance_of_the_event():
    labels = describe(brief(
        "合肥经开区楼宇联合工会在中环城成立",
        "本报讯（通讯员 芮思远）7月18日下午，在经开区总工会的指导下，芙蓉社区牵头组建的合肥经开区楼宇联合工会在中环城成立。",
    ))
    assert labels["levels"] == ["县区级", "乡镇街道"]
    assert proof(labels, "level", "县区级")["rule"] == "guidance"


def test_level_rule_background_guidance_and_authority_are_never_levels():
    labels = describe(brief(
        "72名皖台职工同台赛技能",
        "本报讯 11月，安徽省总工会举办皖台职工技能交流赛。",
        "两地工会历来保持着良好交流，近年来在全国总工会和省台办的指导下，交流不断深入。",
        "在省委和全总的坚强领导下，全省工会工作取得新成效。",
    ))
    assert labels["levels"] == ["省级"]


def test_level_rule_spirit_studied_is_never_a_level():
    labels = describe(brief(
        "寿县召开县政府与县总工会联席会议",
        "7月3日下午，县政府与县总工会联席会议召开。",
        "会议传达学习了习近平总书记在庆祝中华全国总工会成立100周年暨全国劳动模范和先进工作者表彰大会上的重要讲话精神。",
    ))
    assert labels["levels"] == ["县区级"]


@pytest.mark.parametrize(
    "sentence",
    [
        "各县区和市直工会要抓好落实。",
        "全市各级工会组织要积极行动。",
        "县区总工会要做好摸底工作。",
        "全省16个市总工会全部开通网上入会。",
        "建立市级新就业形态行业工会联合会44家。",
        "发挥乡镇(街道)、村(社区)工会兜底作用。",
        "指导企业工会主动提出要约。",
        "市总工会举办乡镇工会主席培训班。",
        "要指导社区工会开展困难职工帮扶工作。",
    ],
)
def test_level_rule_unions_as_a_category_are_never_levels(sentence):
    lead = "本报讯 7月20日，宿州市总工会为坚守在高温一线的环卫工人、快递小哥和建筑工人送去清凉物资，把关怀送到职工心坎上。"
    labels = describe(brief("为一线职工送清凉", lead, sentence))
    assert labels["levels"] == ["市级"]


def test_level_rule_directive_and_invitation_are_left_out():
    labels = describe(brief(
        "举办基层工会干部培训班",
        "本报讯 10月19日，颍东区总工会举办基层工会干部培训班。",
        "会议要求，按照全总部署要求，全面推进新业态劳动者建会入会工作。",
        "本次培训班邀请了省总工会相关专家讲师授课。",
        "会议要求，要把思想和行动统一到全总部署上来。",
    ))
    assert labels["levels"] == ["县区级"]


def test_level_rule_host_named_in_the_body():
    labels = describe(brief(
        "第三届长三角职工技能大赛在合肥举行",
        "本报讯 11月8日，第三届长三角职工技能大赛在合肥开幕，来自上海、江苏、浙江、安徽的200名选手同台竞技。",
        "大赛由沪苏浙皖四省市总工会联合主办，设数控车工、电工等5个项目。",
    ))
    assert labels["levels"] == ["省级"]
    assert proof(labels, "level", "省级")["rule"] == "host"


def test_level_rule_unions_listed_together_after_the_lead_are_left_out():
    labels = describe(brief(
        "模范职工之家“结对共建”启动",
        "本报讯 4月9日，宿州市总工会召开模范职工之家结对共建启动会，全市30家单位的工会主席参加，会上部署了今年的建家工作。",
        "会议现场，宿州市立医院工会代表、宿州市疾病预防控制中心工会代表签署结对共建协议书。",
    ))
    assert labels["levels"] == ["市级"]


def test_level_rule_co_host_in_a_list_after_the_lead_is_left_out():
    labels = describe(brief(
        "“春运邮情”专列载寿县游子返乡",
        "锣鼓声声迎亲人。1月20日，满载寿县籍务工人员的“春运邮情”专列抵达，邮政车辆把他们直接送到家门口。",
        "此次接站活动由中国邮政集团有限公司淮南市分公司联合淮南市人力资源和社会保障局、淮南市总工会、"
        "淮南市邮政管理局共同举办。",
    ))
    assert labels["levels"] == [] and labels["cities"] == ["淮南"]


def test_level_rule_bare_county_union_belongs_to_the_place_in_the_headline():
    labels = describe(brief("寿县召开县政府与县总工会联席会议", "7月3日下午，县政府与县总工会联席会议召开。"))
    assert labels["levels"] == ["县区级"]


def test_level_rule_bare_city_union_in_a_county_level_city_article_is_county_level():
    labels = describe(brief(
        "巢湖市卧牛山街道南巢街社区获评“安徽省基层工会帮扶示范站”",
        "近日，巢湖市卧牛山街道南巢街社区获评“安徽省基层工会帮扶示范站”。",
        "市总工会有关负责人到社区调研，对社区工会的做法给予肯定。",
    ))
    assert "县区级" in labels["levels"] and "市级" not in labels["levels"]


def test_level_rule_bare_union_in_a_list_of_bodies_takes_the_tier_of_the_place_before_it():
    labels = describe(brief(
        "桐城市举行第二届职业技能竞赛",
        "9月16日至17日，由桐城市人社局、总工会、妇联、交通运输局主办的桐城市第二届职业技能竞赛举行。",
    ))
    assert labels["levels"] == ["县区级"]


def test_level_rule_unions_of_other_provinces_keep_their_tier():
    labels = describe(brief(
        "上海市总工会来芜调研",
        "本报讯 11月14日，上海市总工会党组成员一行来到三只松鼠股份有限公司调研。",
    ))
    assert labels["levels"] == ["省级"] and labels["cities"] == ["芜湖"]
    labels = describe(brief(
        "全球工匠齐聚奇瑞争“状元”",
        "本报讯 4月23日，由芜湖市总工会、苏州市总工会主办的技能大赛在奇瑞汽车开幕。",
    ))
    assert labels["levels"] == ["市级"] and labels["cities"] == ["芜湖"]


@pytest.mark.parametrize(
    ("title", "lead", "level"),
    [
        ("淮南农场：新年到 职工健身跑", "元旦以来，淮南农场开展健身跑。活动开始前，场工会专门开会听取意见。", "企业"),
        ("项目工会驿站通过验收", "7月17日，项目工会驿站通过验收。项目工会自组建以来，先后开展活动十余次。", "企业"),
        ("省编办机关工会组织干部职工参观成就展", "10月，省编办机关工会组织干部职工参观成就展。", "企业"),
        ("华阳镇机关工会举办职工运动会", "9月26日晚，华阳镇机关工会举办职工运动会。", "企业"),
        ("安徽水利开展慰问活动", "本报讯 为做好高温天气作业劳动保护，安徽水利工会近日开展慰问活动。", "企业"),
        ("中国宝武职工技能大赛决赛开幕", "10月13日，中国宝武集团工会主席邹贺明出席开幕式。", "企业"),
        ("楼宇联合工会成立", "7月18日，芙蓉社区牵头组建的楼宇联合工会成立。", "乡镇街道"),
        ("一碗腊八粥", "1月7日，包河区义城镇总工会工作人员为农民工盛上腊八粥。", "乡镇街道"),
        ("淮北矿业工会开展送清凉", "7月16日，淮北矿业工会为井下职工送去清凉。", "企业"),
        ("江淮重工启动劳动竞赛", "10月9日，江淮重工工会召开劳动竞赛启动会。", "企业"),
        ("青年教师技能大赛举行", "近日，合肥市教育工会举办青年教师技能大赛。", "市级"),
        ("送教下乡", "日前，省教育工会组织专家走进金寨县开展送教活动。", "省级"),
        ("职工运动会开幕", "近日，县直机关工会举办职工趣味运动会。", "县区级"),
        ("法官职工健步走", "近日，宿松县人民法院工会组织干警开展健步走活动。", "企业"),
        ("导游服务技能比武", "6月8日，宏村景区工会组织40余名导游和讲解员开展服务技能比武。", "企业"),
        ("迎新春职工书画展", "1月6日，安庆石化工会在职工活动中心举办迎新春职工书画展。", "企业"),
        ("马钢工匠的绝活展示", "5月16日，马钢交材工会举办职工技能“绝活”展示活动。", "企业"),
        ("技能比武展风采", "8月25日，田家庵区一家化工企业工会举办职工应急救援技能比武。", "企业"),
        ("把工会建到产业链上", "去年，高沟镇电线电缆产业工会联合会成立。联合会成立以来，组织开展行业劳动竞赛12场。", "乡镇街道"),
        ("小微企业有了“娘家”", "近日，龙塘镇小微企业联合工会揭牌成立，覆盖镇内15家小微企业。", "乡镇街道"),
        # an industrial park's joint union (产业园, 工业园, not only 园区) is below the county (audit round 17)
        ("园区职工有了服务中心", "近日，芜湖高新区智能装备产业园工会联合会建成职工服务中心。", "乡镇街道"),
        ("工业园工会联合会成立", "9月3日，界首市田营工业园工会联合会揭牌成立。", "乡镇街道"),
    ],
)
def test_level_rule_union_vocabulary_gives_the_tier(title, lead, level):
    assert level in describe(brief(title, lead))["levels"]


def test_level_rule_a_towns_union_after_a_landmarks_name_is_the_towns_not_a_workplaces():
    # 桃花潭 is a landmark of the owners table; 桃花潭镇工会 is the union of a town (audit round 18),
    # while an enterprise's union stays 企业 (安庆石化工会).
    labels = describe(brief("桃花潭镇工会办起“巧媳妇”手工坊",
                            "近日，桃花潭镇工会在镇工会服务站办起手工坊，组织留守妇女学习竹编。"))
    assert labels["levels"] == ["乡镇街道"]
    assert describe(brief("迎新春职工书画展", "1月6日，安庆石化工会举办书画展。"))["levels"] == ["企业"]


def test_level_rule_bare_unit_union_belongs_to_the_unit_in_the_headline():
    labels = describe(brief(
        "南巢街社区获评“安徽省基层工会帮扶示范站”",
        "近日，南巢街社区获评“安徽省基层工会帮扶示范站”。",
        "南巢街社区成立工会以来，在社区工会联合会主席孔令萍带领下，开展了一系列服务。",
    ))
    assert labels["levels"] == ["乡镇街道"]
    assert proof(labels, "level", "乡镇街道")["rule"] == "bare form of the headline's unit"


def test_labels_take_linear_time_in_the_length_of_an_article():
    def seconds(n: int) -> float:
        text = "合肥市总工会、芜湖市总工会、县总工会、来滁、公司工会、在全总的领导下、" * n
        runs = []
        for _ in range(3):  # the best of three: other processes share the machine
            start = time.perf_counter()
            describe(brief("标题", text))
            runs.append(time.perf_counter() - start)
        return min(runs)

    small, large = seconds(300), seconds(1200)
    assert large < 12 * small  # 4x the text: about 4-5x the time, 16x if quadratic


def test_city_rule_acting_union_places_a_long_feature():
    filler = "要坚持以职工为中心，推动工会工作高质量发展，不断增强职工群众的获得感、幸福感、安全感。" * 40
    labels = describe(brief(
        "凝心聚力谱新篇",
        "本报讯 五年来，全省各级工会围绕中心、服务大局，在推动高质量发展中展现了新作为。",
        filler,
        "包河区总工会开展“娘家人”服务月活动，为2000余名职工办实事。",
    ))
    assert "合肥" in labels["cities"] and "县区级" in labels["levels"]
    assert proof(labels, "city", "合肥")["rule"] == "acting union"


def test_evidence_quotes_an_overlong_sentence_around_the_words_that_decided():
    text = "职工们" * 300 + "在合肥市总工会的指导下举办了运动会" + "职工们" * 300  # OCR never ended it
    labels = describe(brief("职工运动会举行", "本报讯 近日，某公司举办职工运动会。", text))
    for label, value in (("city", "合肥"), ("level", "市级")):
        quoted = proof(labels, label, value)["text"]
        assert len(quoted) <= 302 and "合肥市总工会" in quoted and quoted.startswith("…")


def test_level_rule_enterprise_story_needs_the_enterprises_union_not_a_union_station():
    chair = brief("阜阳商厦:始终将企业安全生产放首位", "本报讯 日前，检查组莅临阜阳商厦，常务副总经理梅建国、工会主席赵怀芬陪同检查。")
    labels = describe(chair)
    assert labels["levels"] == ["企业"] and proof(labels, "level", "企业")["rule"] == "enterprise story"
    station = brief("物流公司司机有了歇脚地", "本报讯 近日，某物流公司的货车司机走进路边的工会驿站歇脚。")
    assert describe(station)["levels"] == []


def test_city_rule_author_line_places_a_speech_whose_body_names_only_its_union():
    # Rule (ANNOTATION.md, cities "whose organisations or people act in it"): the
    # author line under a speech's headline names the organisation the author acts for.
    from indexer.ingest.segment import split_page

    page = ("以产改为抓手 推动职工队伍建设\n\n马鞍山市总工会党组书记、常务副主席 祁永胜\n\n"
            "近年来，市总工会坚持把推进产业工人队伍建设改革作为工会工作的重中之重。\n\n"
            "我们以劳动和技能竞赛为载体，每年开展市级竞赛20余项。（本文系作者在全省工会产改工作推进会上的交流发言）\n")
    [draft] = split_page(page)
    assert draft.byline == ["祁永胜"] and draft.author_titles == "马鞍山市总工会党组书记、常务副主席"
    labels = describe(draft)
    assert labels["cities"] == ["马鞍山"] and labels["levels"] == ["市级"]
    assert proof(labels, "city", "马鞍山")["rule"] == "author line"
