"""The Whoosh schema of the article index, and the fixed label tables.

One Whoosh document per article. Stored fields carry everything export and the
web app show; ``grams``/``title_grams`` find strings exactly; ``title_words``/
``body_words`` rank; numeric columns (``city_mask``, ``level_mask``, ``day``)
let facets and sorting read one value per document without unpickling it.
"""

from __future__ import annotations

import datetime as dt

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, Schema

from indexer.storage.analysis import GramField, WordField

CITIES = ("合肥", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆",
          "黄山", "滁州", "阜阳", "宿州", "六安", "亳州", "池州", "宣城")
LEVELS = ("全国", "省级", "市级", "县区级", "乡镇街道", "企业")

EPOCH = dt.date(1900, 1, 1)
NO_DAY = 0  # `day` of an article whose date is unknown

TITLE_BOOST = 3.0  # a word in the headline counts three times one in the body


def schema() -> Schema:
    """Return the schema of a new index."""
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        title=STORED(),
        subtitle=STORED(),
        org=STORED(),
        column=STORED(),
        byline=STORED(),
        page=STORED(),
        seq=STORED(),
        date=STORED(),
        date_inferred=STORED(),
        counties=STORED(),
        text=STORED(),
        cities=KEYWORD(stored=True, commas=True),
        levels=KEYWORD(stored=True, commas=True),
        city_mask=NUMERIC(int, bits=32, signed=False, sortable=True),
        level_mask=NUMERIC(int, bits=32, signed=False, sortable=True),
        day=NUMERIC(int, bits=32, signed=False, sortable=True),
        row=NUMERIC(int, bits=64, signed=False, sortable=True),  # place in the text store
        grams=GramField(),
        title_grams=GramField(),
        title_words=WordField(),
        body_words=WordField(),
    )


def mask(values: list[str], table: tuple[str, ...]) -> int:
    """Return the bit mask of the values' positions in a label table."""
    bits = 0
    for value in values:
        bits |= 1 << table.index(value)
    return bits


def day_number(date: str | None) -> int:
    """Return the date as a day count (1900-01-01 is 1), or NO_DAY when unknown."""
    if not date:
        return NO_DAY
    return (dt.date.fromisoformat(date) - EPOCH).days + 1


def day_date(day: int) -> str | None:
    """Return the YYYY-MM-DD date of a day count, or None for NO_DAY."""
    if day == NO_DAY:
        return None
    return (EPOCH + dt.timedelta(days=int(day) - 1)).isoformat()
