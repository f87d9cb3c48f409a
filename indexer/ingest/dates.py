"""Issue dates guessed from the text of a page whose path carries none.

Takes the text of one page; gives ``YYYY-MM-DD`` or None. A printed masthead
date (``2021年12月21日 星期二``) is taken as it is. Otherwise:

* **Year.** The latest year the page mentions (``2021年``, ``2021年度第一期``,
  ``2021首届``), leaving out forward-looking years (``到2025年``,
  ``2035年远景目标``, ``2025年工作要点``) and the ends of ranges (``2021-2025年``). Pages often
  mention only past years (``2020年春节前后`` in a page of November 2021), so
  two lower bounds apply: a completed period (``截至2020年底``,
  ``2020年全年``) puts the page in a later year, and phrases that did not
  exist before a given year (``党史学习教育`` 2021, ``二十大`` 2022; the
  table ``ERA_MARKERS`` below) put it no earlier than that year.
* **Day.** Every dated event (``11月10日``, ``10月13日至15日``,
  ``(据新华社12月20日电)``, ``截至10月底``, ``今年11月份``) is dated in that
  year unless it prints its own year; a month without a day counts from its
  first day (its last for ``底``/``末``). Dates announced as plans or
  targets (``将于``, ``计划``, ``到2025年6月``, ``力争…``, ``截至…将``: a
  plan word before the date in its clause, or a future word after it) and
  deadlines (``12月31日前``) are skipped: only what has happened dates a page.
* **Issue.** A daily prints an event at the earliest the next day, so the
  guess is the day after the latest dated event, and never before 1 January
  of the year found. It is a lower bound: a feature written weeks later is
  dated too early, never too late.
* **Precision.** ``infer_issue_date`` also says how fine the guess is:
  ``day`` (a masthead, or the day after a dated event), ``month`` (the latest
  event names only a month: ``11月份``, ``10月底``), ``year`` (only the year is
  known: 1 January of it). The app shows "不早于 2021年11月" for ``month``.

None when the page gives no year, or no date at all.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# Phrases that date a page no earlier than the given year (facts, not guesses).
ERA_MARKERS: tuple[tuple[str, int], ...] = (
    ("习近平新时代中国特色社会主义思想", 2017),
    ("十九大", 2017),
    ("中国工会十七大", 2018),
    ("新冠肺炎", 2020),
    ("新冠疫情", 2020),
    ("十九届五中全会", 2020),
    ("党史学习教育", 2021),
    ("乡村振兴局", 2021),
    ("十九届六中全会", 2021),
    ("二十大", 2022),
    ("中国工会十八大", 2023),
    ("二十届二中全会", 2023),
    ("二十届三中全会", 2024),
)

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
CN_MONTH = r"十[一二]?|[一二三四五六七八九]"
CN_DAY = r"[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"

# 2021年12月21日 星期二: the issue date itself, printed in the masthead.
MASTHEAD = re.compile(rf"({YEAR})年(\d{{1,2}})月(\d{{1,2}})日\s*(?:星期|周)[一二三四五六日天]")
# A year the page talks about: 2021年, 2021年度, 2021首届; group 2 is a range's end.
YEAR_MENTION = re.compile(rf"(?<![\d.])({YEAR})(?:\s*[-—–~至到]\s*({YEAR}|\d{{2}}))?(?=年|首届|第)")
FORWARD_BEFORE = re.compile(r"(?:到|至|力争|计划|预计|预期|目标|展望|迎接)\s*$")
# 2035年远景目标, 2025年前要…, 2025年工作要点/计划/打算: a year planned for, not reported.
FORWARD_AFTER = re.compile(r"年(?:远景|前后?[要将]|(?:度)?(?:工作)?(?:计划|打算|要点|思路|任务|目标))")
COMPLETED_YEAR = re.compile(rf"(?:截至|截止)(?:到)?({YEAR})年底|({YEAR})年全年")
# An event date: [2021年]11月10日[至15日] | [2021年]10月底 | 今年11月份 | 7月.
EVENT_DATE = re.compile(
    rf"(?:({YEAR})年)?(?<![\d.])(\d{{1,2}}|{CN_MONTH})月"
    rf"(?:(\d{{1,2}}|{CN_DAY})日(?:\s*[至到—–~-]\s*(?:(\d{{1,2}})月)?(\d{{1,2}})日)?"
    r"|(底|末|初|上旬|中旬|下旬|份))?"
)
PLANNED_BEFORE = re.compile(r"(?:将于|将在|将|计划|预计|拟于|拟|定于|预定|力争|争取|确保|(?<!截)(?<!截止)到)\s*$")
# A plan anywhere earlier in the date's clause: 计划于2025年6月, 力争在明年6月底前.
PLANNED_IN_CLAUSE = re.compile(r"将于|将在|计划|预计|拟于|定于|预定|力争|争取|目标")
# … or a future word right after the date: 截至2025年6月底将建成, 6月1日起施行.
PLANNED_AFTER = re.compile(r"(?:前后)?\s*(?:将|要|起施行|起实施|起执行|开始施行)")
CLAUSE_MARKS = "，。；！？,;!?\n"
DAY, MONTH, YEAR_ONLY = "day", "month", "year"
# OCR cuts dates across lines: "9月29\n\n日".
BROKEN_DATE = re.compile(r"(?<=\d)\s+(?=[年月日])|(?<=[年月])\s+(?=\d)")
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def infer_date(page_text: str) -> str | None:
    """Guess a page's issue date (YYYY-MM-DD) from the dates it mentions."""
    return infer_issue_date(page_text)[0]


def infer_issue_date(page_text: str) -> tuple[str | None, str]:
    """Guess a page's issue date and its precision ("day", "month" or "year")."""
    text = BROKEN_DATE.sub("", page_text.translate(FULL_WIDTH_DIGITS))
    masthead = MASTHEAD.search(text)
    if masthead:
        issue = _make_date(*(int(g) for g in masthead.groups()))
        if issue is not None:
            return issue.isoformat(), DAY
    year = page_year(text)
    if year is None:
        return None, DAY
    events = list(_event_dates(text, year))
    if not events:
        return None, DAY
    latest, precision = max(events)
    issue = latest + timedelta(days=1)
    if issue < date(year, 1, 1):
        return date(year, 1, 1).isoformat(), YEAR_ONLY
    return issue.isoformat(), precision


def page_year(text: str) -> int | None:
    """Return the year a page is most likely from, or None when it names none."""
    years = list(_mentioned_years(text))
    years += [int(a or b) + 1 for a, b in COMPLETED_YEAR.findall(text)]
    years += [year for marker, year in ERA_MARKERS if marker in text]
    return max(years, default=None)


def _mentioned_years(text: str):
    """Yield the years the page mentions, less forward-looking ones and range ends."""
    for match in YEAR_MENTION.finditer(text):
        if FORWARD_BEFORE.search(text, max(0, match.start() - 4), match.start()):
            continue
        if FORWARD_AFTER.match(text, match.end()):
            continue
        yield int(match.group(1))


def _event_dates(text: str, year: int):
    """Yield the dates of the events a page reports, in ``year`` unless printed."""
    for match in EVENT_DATE.finditer(text):
        printed_year, month, day, month2, day2, part = match.groups()
        if day is None and part is None and not month.isdigit():
            continue  # 十月革命: a bare month in characters is not a date
        if _is_planned(text, match):
            continue
        if text.startswith("前", match.end()) and (day or part):
            continue  # 12月31日前完成, 10月底前: a deadline, not an event
        when_year = int(printed_year) if printed_year else year
        month_no = _number(month)
        if day2 is not None:  # a range: the event ended on its last day
            month_no, day_no = (int(month2) if month2 else month_no), int(day2)
        elif day is not None:
            day_no = _number(day)
        elif part in ("底", "末"):
            day_no = _last_day(when_year, month_no)
        else:
            day_no = {"中旬": 11, "下旬": 21}.get(part or "", 1)
        event = _make_date(when_year, month_no, day_no)
        if event is not None:
            # A named day or a month's end bounds the issue to the day; 11月份 or 7月 to the month.
            exact = day is not None or day2 is not None or part in ("底", "末")
            yield event, DAY if exact else MONTH


def _is_planned(text: str, match: re.Match[str]) -> bool:
    """Tell whether a date is a plan, target or rule taking effect rather than an event."""
    start = match.start()
    if PLANNED_BEFORE.search(text, max(0, start - 4), start):
        return True
    low = max(0, start - 60)  # a clause is short; never rescan a whole page per date
    clause_start = max(max(text.rfind(mark, low, start) for mark in CLAUSE_MARKS) + 1, low)
    if PLANNED_IN_CLAUSE.search(text, clause_start, start):
        return True
    return PLANNED_AFTER.match(text, match.end()) is not None


def _number(digits: str) -> int:
    """Read 12 or 十二 or 二十一 as a number."""
    if digits.isdigit():
        return int(digits)
    if "十" not in digits:
        return CN_DIGITS[digits]
    tens, _, units = digits.partition("十")
    return CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(units, 0)


def _last_day(year: int, month: int) -> int:
    """Return the last day of a month (1 for a month that does not exist)."""
    return calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 1


def _make_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None for OCR nonsense such as 13月 or 2月30日."""
    try:
        return date(year, month, day)
    except ValueError:
        return None
