"""How an article's date is written for a reader.

Takes an article's ``date`` (ISO ``YYYY-MM-DD`` or None), ``date_inferred`` and
``date_precision`` ("day", "month" or "year"); gives the text the app and the
command line show. A date read from the page's path is a known day and is shown
as printed in the index (``2021-11-12``). A date inferred from the text is a
lower bound: the issue is that date or later. It is shown only as finely as the
text supports, after 不早于 ("not earlier than"): ``不早于 2021年11月``, never as
an exact day the paper was not known to appear on. ``date`` itself stays ISO in
exports and JSON, so programs can still sort and filter on it.
"""

from __future__ import annotations

PRECISIONS = ("day", "month", "year")
UNKNOWN = "日期不详"
LOWER_BOUND = "不早于"
# The mark after an inferred date, and what it means (shown once on a page that uses it).
INFERRED_MARK = "*"
INFERRED_NOTE = ("* 版面路径中没有日期，日期是从正文推断的下限：这一期不早于所示的年、月或日，"
                 "精确到正文所能支持的程度。引用前请核对原报。")


def date_label(date: str | None, inferred: bool = False, precision: str | None = "day") -> str:
    """Return the date as a reader should see it: ISO for a known day, 不早于 … for an inferred one."""
    if not date:
        return UNKNOWN
    if not inferred:
        return date
    try:
        year, month, day = (int(part) for part in date.split("-"))
    except ValueError:
        return date  # not ISO: show it as stored rather than guess
    if precision == "year":
        shown = f"{year}年"
    elif precision == "month":
        shown = f"{year}年{month}月"
    else:
        shown = f"{year}年{month}月{day}日"
    return f"{LOWER_BOUND} {shown}"


def precision_of(value: object) -> str:
    """Return a stored precision if it is one we know, else "day" (indexes that stored none)."""
    return value if value in PRECISIONS else "day"
