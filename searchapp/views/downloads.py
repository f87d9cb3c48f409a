"""Names of downloaded files that say what was searched.

Takes what a download holds (``export``, ``kwic``, ``trend``, ``counts``), the
checked search parameters and the file extension; gives a Content-Disposition
header whose file name reads like ``gonghui-export_劳模_合肥_2021-2022.csv``:
an ASCII fallback name plus the UTF-8 name (RFC 6266 ``filename*``), which
every current browser uses.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from indexer.search.params import LIST_FIELDS

UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')
MAX_NAME = 80


def _part(text: str) -> str:
    return UNSAFE.sub("-", text).strip("-.")


def file_name(kind: str, params, ext: str, queries: list[str] | None = None) -> str:
    """Return a file name made of the kind, the query (or queries), filters and dates."""
    terms = queries if queries is not None else ([params.q] if params.q else [])
    parts = [_part(q) for q in terms if _part(q)] or ["all"]
    for name in LIST_FIELDS:
        parts += [_part(v) for v in getattr(params, name, ())]
    if params.date_from or params.date_to:
        parts.append(f"{_part(params.date_from) or 'start'}-{_part(params.date_to) or 'end'}")
    name = "_".join(p for p in parts if p)[:MAX_NAME]
    return f"gonghui-{kind}_{name}.{ext}"


def attachment(kind: str, params, ext: str, queries: list[str] | None = None) -> str:
    """Return the Content-Disposition header value of a download."""
    name = file_name(kind, params, ext, queries)
    ascii_name = name if name.isascii() else f"gonghui-{kind}.{ext}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
