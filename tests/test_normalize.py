"""Layout normalisation joins what OCR broke and keeps what the paper separated."""

from pathlib import Path

import pytest

from indexer.ingest.normalize import is_hard_wrapped, normalize_page

PAGES = Path(__file__).parent / "data" / "pages"


def page_text(prefix: str) -> str:
    """Return the text of the sample page whose file name starts with prefix."""
    (path,) = PAGES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page_lines() -> dict[str, list[str]]:
    prefixes = ("000", "001", "002", "003", "004")
    return {prefix: normalize_page(page_text(prefix)) for prefix in prefixes}


def test_word_broken_across_lines_is_joined():
    text = (
        "结对帮助24家非公企业开展技术创新活动，帮助企业培养创新人才、提升技\n\n"
        "术创新能力，解决企业在创新活动中遇到的困难和问题。\n"
    )
    assert normalize_page(text) == [
        "结对帮助24家非公企业开展技术创新活动，帮助企业培养创新人才、提升技术创新能力，"
        "解决企业在创新活动中遇到的困难和问题。"
    ]


def test_date_broken_across_lines_is_joined():
    text = "在充分调研考察、广泛征求意见的基础上，9月29\n\n日，成立了蚌埠市跨区域、跨行业、跨企业劳模(工匠)创新工作室联盟。\n"
    (line,) = normalize_page(text)
    assert "9月29日，成立了" in line


def test_sample_page_joins_both_known_breaks(page_lines):
    text = "\n".join(page_lines["000"])
    assert "技术创新能力" in text
    assert "9月29日" in text
    assert "疫情肆虐全国" in text


@pytest.mark.parametrize("prefix, joined", [
    ("002", "往年无人收购，吃不完就用来喂猪"),
    ("002", "当地的乡村干部们集思广益"),
    ("004", "六安工会员卡银联普惠平台"),
    ("004", "投身脱贫攻坚事业时,家人沉默了"),
    ("001", "成立淮北劳模工匠学院"),
])
def test_line_cut_at_a_column_bottom_is_joined(page_lines, prefix, joined):
    assert any(joined in line for line in page_lines[prefix])


def test_sentence_end_keeps_the_paragraph_break():
    text = (
        "问渠那得清如许？为有源头活水来。\n\n"
        "为了引来源头活水，今年以来，蚌埠市总工会结合开展党史学习教育。\n"
    )
    assert normalize_page(text) == [
        "问渠那得清如许？为有源头活水来。",
        "为了引来源头活水，今年以来，蚌埠市总工会结合开展党史学习教育。",
    ]


def test_subhead_with_a_comma_stays_its_own_line(page_lines):
    assert "结对共建，做好“传帮带”" in page_lines["000"]
    assert "一、紧扣“吸引过来”，着力加强入会宣传" in page_lines["002"]
    assert "为乡村振兴,他奋斗到生命的终点" in page_lines["004"]


def test_headline_is_not_joined_to_its_brief():
    text = "阜阳：推进新业态劳动者入会\n\n本报讯 11月10日，阜阳市总工会召开全市新业态劳动者入会工作推进会。\n"
    assert normalize_page(text)[0] == "阜阳：推进新业态劳动者入会"


def test_organisation_after_headline_stays_its_own_line(page_lines):
    lines = page_lines["004"]
    position = lines.index("交流困难职工帮扶工作经验")
    assert lines[position + 1] == "铜陵市总工会"


def test_narrow_column_page_is_recognised_as_hard_wrapped():
    lines = [line for line in page_text("003").splitlines() if line.strip()]
    assert is_hard_wrapped(lines)
    assert not is_hard_wrapped([line for line in page_text("000").splitlines() if line.strip()])


def test_hard_wrapped_lines_are_joined_but_headlines_kept(page_lines):
    lines = page_lines["003"]
    assert "提高站位 高举引领旗帜" in lines
    assert "凝心聚力 唱响劳模之歌" in lines
    assert any("深入学习习近平总书记关于工人阶级和工会工作的重要论述" in line for line in lines)
    assert any("立足新时代，担当新使命。五年来，阜阳市工会以习近平新时代中国特色社会主义思想为指导"
               in line for line in lines)


def test_photo_caption_pile_is_not_run_together(page_lines):
    lines = page_lines["003"]
    assert "阜阳市总工会组织优秀环卫工人代表疗休养" in lines
    assert "临泉县总工会开展女职工拔河比赛" in lines


def test_markup_is_removed_and_spaces_collapsed():
    assert normalize_page("铜陵市总工会   **为单身职工牵红线**\n") == ["铜陵市总工会 为单身职工牵红线"]


def test_printed_characters_are_kept_as_printed():
    text = '本次活动主题为"网络安全为人民,网络安全靠人民"。(池工宣)\n'
    assert normalize_page(text) == ['本次活动主题为"网络安全为人民,网络安全靠人民"。(池工宣)']


def test_continuation_mark_is_split_off_its_line():
    text = "他十年来用自己的一言一行积累口碑。(下转第3版)\n"
    assert normalize_page(text) == ["他十年来用自己的一言一行积累口碑。", "(下转第3版)"]


def test_caption_closed_by_its_credit_is_not_joined_to_the_next_headline(page_lines):
    lines = page_lines["000"]
    caption = next(line for line in lines if line.endswith("潘柳全摄"))
    assert lines[lines.index(caption) + 1] == "当好贴心“娘家人” 敬业奉献爱无疆"


def test_narrow_synthetic_page_joins_its_column_lines():
    text = (Path(__file__).parent / "data" / "pages_extra" / "county_narrow.txt").read_text("utf-8")
    lines = normalize_page(text)
    assert "书屋建在家门口" in lines
    assert any("把职工书屋建设作为服务职工的重要抓手" in line for line in lines)
