"""The Whoosh schema of the article index, and the fixed label tables.

One Whoosh document per article. Stored fields carry everything export and the
web app show; ``grams``/``title_grams`` find strings exactly; ``title_words``/
``body_words`` rank; ``byline_names``, ``column_name`` and ``county_names``
hold whole names for the author, column and county filters; numeric columns (``city_mask``, ``level_mask``, ``day``)
let facets and sorting read one value per document without unpickling it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, Schema

from indexer import fold
from indexer.storage import analysis, store
from indexer.storage.analysis import GramField, WordField

CITIES = ("合肥", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆",
          "黄山", "滁州", "阜阳", "宿州", "六安", "亳州", "池州", "宣城")
LEVELS = ("全国", "省级", "市级", "县区级", "乡镇街道", "企业")

EPOCH = dt.date(1900, 1, 1)
NO_DAY = 0  # `day` of an article whose date is unknown

# Bump when the files change in a way the description in index_format() cannot
# see (the codec's block layout, the text store's layout, a column's meaning).
# 2: the format is recorded (format.json); 0.1.0 wrote none.
# 3: word postings carry their frequency as value bytes, so segments can be merged.
LAYOUT_VERSION = 3

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
        date_precision=STORED(),  # "day", "month" or "year": what an inferred date stands for
        evidence=STORED(),  # JSON: why each city, county and level was given (Article.evidence)
        counties=STORED(),
        text=STORED(),
        cities=KEYWORD(stored=True, commas=True),
        levels=KEYWORD(stored=True, commas=True),
        # Exact names, for the author / column / county filters and facets (as printed;
        # ASCII commas removed, since they separate the names).
        byline_names=KEYWORD(commas=True, scorable=False),
        column_name=KEYWORD(commas=True, scorable=False),
        county_names=KEYWORD(commas=True, scorable=False),
        city_mask=NUMERIC(int, bits=32, signed=False, sortable=True),
        level_mask=NUMERIC(int, bits=32, signed=False, sortable=True),
        day=NUMERIC(int, bits=32, signed=False, sortable=True),
        row=NUMERIC(int, bits=64, signed=False, sortable=True),  # place in the text store
        grams=GramField(),
        title_grams=GramField(),
        title_words=WordField(),
        body_words=WordField(),
    )


def names(values: list[str]) -> str | None:
    """Return names as one keyword-field value (commas inside a name dropped), None if none."""
    kept = [" ".join(v.replace(",", " ").split()) for v in values]
    return ",".join(v for v in kept if v) or None


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


def label_tables() -> dict[str, tuple[str, ...]]:
    """Return every label table of this module (an upper-case tuple of strings).

    A table's order is the bit order of a facet mask, so it is part of the
    index format; a table added here is recorded without further code.
    """
    return {name: value for name, value in sorted(globals().items())
            if name.isupper() and isinstance(value, tuple) and value
            and all(isinstance(v, str) for v in value)}


def _describe(field) -> dict:
    analyzer = getattr(field, "analyzer", None)
    parts = getattr(analyzer, "items", None) or ([analyzer] if analyzer is not None else [])
    column = field.column_type
    return {
        "type": type(field).__name__,
        "format": type(field.format).__name__ if field.format is not None else None,
        "stored": bool(field.stored),
        "unique": bool(getattr(field, "unique", False)),
        "column": f"{type(column).__name__}({getattr(column, '_typecode', '')})" if column else None,
        "analyser": [type(part).__name__ for part in parts],
    }


@lru_cache(maxsize=1)
def index_format() -> dict:
    """Return the format of an index this code writes, as recorded in each generation.

    Derived from the code, so that any change that would make an existing index
    answer wrongly changes it: every field (name, type, stored, column,
    analyser), every label table's order (facet bits), the analyser's version
    and user dictionary, the fold's version, and LAYOUT_VERSION.
    """
    words = "\n".join(analysis.user_words()).encode("utf-8")
    return {
        "layout": LAYOUT_VERSION,
        "fields": {name: _describe(field) for name, field in sorted(schema().items())},
        "labels": {name: list(values) for name, values in label_tables().items()},
        "analyser": getattr(analysis, "ANALYSER_VERSION", 1),
        "user_dictionary": hashlib.sha1(words).hexdigest()[:16],
        "fold": getattr(fold, "FOLD_VERSION", None),
    }


def format_difference(recorded: dict | None) -> str | None:
    """Return what differs between a recorded index format and this code's, or None."""
    if not recorded:
        return "it records no format (written by version 0.1.0 or earlier)"
    ours = json.loads(json.dumps(index_format()))
    differs = [key for key in sorted(set(ours) | set(recorded)) if ours.get(key) != recorded.get(key)]
    if not differs:
        return None
    return "its " + ", ".join(differs) + " differ from this version's"


def require_format(gen: Path) -> None:
    """Raise store.IndexOutdated, saying how to rebuild, if a generation is of another format."""
    problem = format_difference(store.read_format(gen))
    if problem:
        index_dir = gen.parent
        raise store.IndexOutdated(
            f"rebuild needed: run python -m indexer rebuild --index {index_dir} "
            f"(the index there was written by another version of the indexer: {problem})")
