"""Issue dates guessed from the text of the five sample pages, and a few lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.ingest.dates import infer_date, infer_issue_date, page_year

PAGES = Path(__file__).parent / "data" / "pages"


def page_text(prefix: str) -> str:
    return next(PAGES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "issue"),
    [
        # 000: latest events 11月7日-11月10日 (阜阳 meeting 11月10日), 截至10月底; it names
        # only past years (2020年春节前后, 2019年以来) but also 党史学习教育 and 乡村振兴局
        # (2021): mid-November 2021.
        ("000", "2021-11-11"),
        # 001: 10月13日至15日, 10月15日, 10月18日, 10月19日 (湾沚区表彰大会);
        # 2021年度第一期, 2021年马鞍山市院校专场招聘会: late October 2021.
        ("001", "2021-10-20"),
        # 002: 12月17日 (淮北调研), 12月18日 (阜阳洽谈会), 据新华社12月20日电;
        # 2021首届, 2021年国际形势: 21 December 2021.
        ("002", "2021-12-21"),
        # 003: 阜阳 five-year review; latest 2020年11月底 and 截至2020年底, and it salutes
        # the Party's centenary ahead: the first half of 2021, so no earlier than 1 January.
        ("003", "2021-01-01"),
        # 004: 4月2日, 4月6日 (泗县县委追授), 4月9日, 4月13日 (four briefs); it reports
        # 2020 results and 党史学习教育: mid-April 2021.
        ("004", "2021-04-14"),
    ],
)
def test_sample_page_issue_date_is_the_day_after_its_latest_event(page, issue):
    assert infer_date(page_text(page)) == issue


def test_wire_dateline_dates_the_page():
    text = "◆王毅出席2021年国际形势与中国外交研讨会并发表演讲。(据新华社12月20日电)"
    assert infer_date(text) == "2021-12-21"


def test_printed_masthead_date_is_taken_as_it_is():
    assert infer_date("2021年12月21日 星期二\n本报讯 12月20日，会议召开。") == "2021-12-21"


def test_date_broken_across_lines_by_ocr_is_read():
    assert infer_date("2021年度\n在充分调研的基础上，9月29\n\n日，成立了联盟。") == "2021-09-30"


def test_end_of_month_counts_from_its_last_day():
    assert infer_date("2021年以来。截至10月底，向13名劳模提供了贷款。") == "2021-11-01"


def test_range_counts_from_its_last_day():
    assert infer_date("10月13日至15日，举办了2021年度第一期培训班。") == "2021-10-16"


def test_planned_dates_and_deadlines_are_not_events():
    text = "本报讯 3月5日，2021年职工运动会开幕。比赛将于4月20日闭幕，报名须在3月31日前完成。"
    assert infer_date(text) == "2021-03-06"


def test_forward_looking_years_do_not_set_the_year():
    assert page_year("力争到2025年，建成十四五规划（2021-2025年）目标，2021年5月1日") == 2021
    assert page_year("展望2035年远景目标。2020年") == 2020


def test_completed_year_puts_the_page_in_the_next_year():
    assert page_year("截至2020年底，全市共有工会组织6519个。") == 2021


def test_era_phrase_lifts_a_page_that_names_only_past_years():
    assert page_year("2020年，全市困难职工解困43人。结合党史学习教育，4月13日召开会议。") == 2021


def test_month_in_characters_is_read():
    assert infer_date("今年十一月份，2021年首届职工大会召开。") == "2021-11-02"
    assert infer_date("十月革命的炮声。2021年3月5日") == "2021-03-06"


@pytest.mark.parametrize(
    "text", ["", "2021年度工作总结", "本报讯 近日，会议召开。", "11月10日，会议召开。"]
)
def test_page_without_a_year_and_a_date_gives_none(text):
    assert infer_date(text) is None


# Rule "planned dates never count" (ANNOTATION.md, Dates: an inferred date is a lower bound).
def test_rule_planned_target_date_does_not_date_the_page():
    # The issue's case: a target (到2025年6月) gave 2025-06-02 to a page of 2024.
    text = "2024年，全省新建驿站500个。到2025年6月，全省工会驿站将达到2万个。3月5日，推进会召开。"
    assert infer_date(text) == "2024-03-06"


@pytest.mark.parametrize(
    "plan",
    [
        "计划于2024年9月举办第二届大赛",
        "截至2024年6月底将建成100家职工书屋",
        "力争在9月底前完成入会工作",
        "新办法自9月1日起施行",
    ],
)
def test_rule_planned_date_in_its_clause_is_not_an_event(plan):
    assert infer_date(f"2024年，市总工会召开会议。3月5日，会议召开，{plan}。") == "2024-03-06"


def test_rule_next_years_plan_does_not_set_the_year():
    # A December page sets out the coming year's work: the page is of 2024.
    text = "2024年，全市工会工作成效明显。会议研究了2025年工作要点。12月20日，全委会召开。"
    assert infer_date(text) == "2024-12-21"


def test_rule_completed_period_still_dates_the_page():
    # 截至 with nothing planned after it reports what has happened.
    assert infer_date("2024年以来。截至10月底，全市建成驿站130个。") == "2024-11-01"


def test_rule_precision_day_month_year():
    assert infer_issue_date("2024年。10月13日，会议召开。") == ("2024-10-14", "day")
    assert infer_issue_date("今年十一月份，2021年首届职工大会召开。") == ("2021-11-02", "month")
    # 截至2020年底 puts the page in 2021 or later, its latest event is of 2020: only the year.
    text = "截至2020年底，全市共有工会组织6519个。2020年11月，全市开展送温暖活动。"
    assert infer_issue_date(text) == ("2021-01-01", "year")
    assert infer_issue_date("2021年12月21日 星期二\n本报讯 12月20日，会议召开。") == ("2021-12-21", "day")


def test_undated_page_carries_the_precision_of_its_inferred_date(tmp_path):
    from indexer.ingest.articles import page_articles
    from indexer.ingest.corpus import read_page

    (tmp_path / "page.txt").write_text(
        "职工书屋建设提质\n\n本报讯 今年十一月份，2021年首届职工读书会在亳州举行。\n", encoding="utf-8"
    )
    dated = tmp_path / "2021" / "2021-11-12"
    dated.mkdir(parents=True)
    (dated / "03.txt").write_text("职工书屋建设提质\n\n本报讯 近日，亳州市总工会召开推进会。\n", encoding="utf-8")
    page = read_page(tmp_path / "page.txt", tmp_path, {})
    assert (page.date, page.date_inferred, page.date_precision) == ("2021-11-02", True, "month")
    assert {a.date_precision for a in page_articles(page)} == {"month"}
    exact = read_page(dated / "03.txt", tmp_path, {})
    assert (exact.date, exact.date_inferred, exact.date_precision) == ("2021-11-12", False, "day")
