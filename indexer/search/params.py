"""What a user asked for: the one parameter type of the library, the CLI and the app.

Takes loose input (keyword arguments from the command line, or the name/value
pairs of a URL query string); gives a checked, frozen ``Params``, or raises
``QueryError`` with a message that says what to fix. Each field has one
spelling, which is also its URL parameter and CLI option name, except the date
range (``date_from``/``date_to`` here, ``from``/``to`` in URLs and on the
command line, since ``from`` is a Python keyword). ``pairs()`` writes a Params
back as URL pairs holding only what differs from the defaults; ``changed`` and
``toggled`` make the Params behind every link that changes a search.

Filters (``city``, ``county``, ``level``, ``author``, ``column``) are
repeatable: two values of one filter mean either, two filters mean both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from indexer.search import query
from indexer.search.query import QueryError

SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
LIST_FIELDS = ("city", "county", "level", "author", "column")
URL_NAMES = {"date_from": "from", "date_to": "to"}  # field → URL / CLI name where they differ
FIELD_NAMES = {url: name for name, url in URL_NAMES.items()}  # URL name → field
MAX_VALUES = 50  # values of one filter
MAX_VALUE_CHARS = 100


@dataclass(frozen=True)
class Params:
    """A search: query text, filters, date range, sort, page, synonyms. Build with ``parse``."""

    q: str = ""
    city: tuple[str, ...] = ()
    county: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    column: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    synonyms: bool = False

    # ------------------------------------------------------------ building

    @classmethod
    def parse(cls, q: str = "", city: Iterable[str] = (), county: Iterable[str] = (),
              level: Iterable[str] = (), author: Iterable[str] = (), column: Iterable[str] = (),
              date_from: str = "", date_to: str = "", sort: str = "relevance", page=1,
              per_page=DEFAULT_PER_PAGE, synonyms=False) -> Params:
        """Check and normalise loose input; raise QueryError for what cannot be fixed."""
        sort = (sort or "relevance").strip().lower()
        if sort not in SORTS:
            raise QueryError(f"排序方式“{sort}”不认识：可选 relevance（相关度）、newest（最新）、oldest（最早）。")
        for value in (date_from, date_to):
            if value and value.strip():
                query.date_range(value)
        return cls(
            q=(q or "").strip(),
            city=_values(city, query.city_label),
            county=_values(county, query.county_label),
            level=_values(level, query.level_label),
            author=_values(author, _name),
            column=_values(column, _name),
            date_from=(date_from or "").strip(),
            date_to=(date_to or "").strip(),
            sort=sort,
            page=max(1, _whole(page, 1)),
            per_page=min(MAX_PER_PAGE, max(1, _whole(per_page, DEFAULT_PER_PAGE))),
            synonyms=_flag(synonyms),
        )

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], check: bool = True) -> Params:
        """Read URL query-string pairs (``request.args.items(multi=True)``).

        With ``check=False`` the values are kept as typed (to refill a form after an
        error) and nothing is raised. Unknown names are ignored.
        """
        loose: dict[str, object] = {name: [] for name in LIST_FIELDS}
        for url_name, value in pairs:
            name = FIELD_NAMES.get(url_name, url_name)
            if name in LIST_FIELDS:
                loose[name].append(value)
            elif name in _SCALARS and name not in loose:
                loose[name] = value
        if check:
            return cls.parse(**loose)
        typed = {name: tuple(v.strip() for v in loose[name] if v.strip()) for name in LIST_FIELDS}
        return cls(
            q=str(loose.get("q", "")).strip(), **typed,
            date_from=str(loose.get("date_from", "")).strip(),
            date_to=str(loose.get("date_to", "")).strip(),
            sort=str(loose.get("sort", "relevance")).strip() or "relevance",
            page=max(1, _whole(loose.get("page", 1), 1)),
            per_page=_whole(loose.get("per_page", DEFAULT_PER_PAGE), DEFAULT_PER_PAGE),
            synonyms=_flag(loose.get("synonyms", "")),
        )

    # ------------------------------------------------------------ writing back

    def pairs(self) -> list[tuple[str, str]]:
        """Return the URL pairs of the values that differ from the defaults."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in LIST_FIELDS:
            out += [(name, v) for v in getattr(self, name)]
        if self.date_from:
            out.append(("from", self.date_from))
        if self.date_to:
            out.append(("to", self.date_to))
        if self.synonyms:
            out.append(("synonyms", "1"))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            out.append(("per_page", str(self.per_page)))
        if self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def as_dict(self) -> dict:
        """Return every field under its URL name (lists as lists), for templates and JSON."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[URL_NAMES.get(f.name, f.name)] = list(value) if isinstance(value, tuple) else value
        return out

    # ------------------------------------------------------------ variations

    def changed(self, **changes) -> Params:
        """Return these Params with changes; back to page 1 unless a page is given."""
        changes.setdefault("page", 1)
        for name in LIST_FIELDS:
            if name in changes:
                changes[name] = tuple(changes[name])
        return replace(self, **changes)

    def toggled(self, facet: str, value: str) -> Params:
        """Return these Params with a filter value added, or removed if it is set."""
        values: tuple[str, ...] = getattr(self, facet)
        values = tuple(v for v in values if v != value) if value in values else values + (value,)
        return self.changed(**{facet: values})

    def without_filters(self) -> Params:
        """Return these Params with every filter and the date range cleared."""
        return self.changed(**{name: () for name in LIST_FIELDS}, date_from="", date_to="")

    def filtered(self) -> bool:
        """Tell whether any filter or date bound is set."""
        return any(getattr(self, name) for name in LIST_FIELDS) or bool(self.date_from or self.date_to)

    def date_bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """Return the first and last day the date range allows (None: unbounded)."""
        first = query.date_range(self.date_from)[0] if self.date_from else None
        last = query.date_range(self.date_to)[1] if self.date_to else None
        return first, last

    def period_selected(self, period: str) -> bool:
        """Tell whether the date range is exactly one year (2021) or month (2021-11)."""
        if not (self.date_from and self.date_to):
            return False
        try:
            return self.date_bounds() == query.date_range(period)
        except QueryError:
            return False

    def effective_sort(self) -> str:
        """Return the order results really come in: without query terms, relevance is newest."""
        if self.sort == "relevance" and not self.has_terms():
            return "newest"
        return self.sort

    def has_terms(self) -> bool:
        """Tell whether the query has words to rank by (a bad query counts as having some)."""
        try:
            return bool(query.positive_terms(query.parse(self.q)))
        except QueryError:
            return True


_SCALARS = {"q", "date_from", "date_to", "sort", "page", "per_page", "synonyms"}


def parse_params(q: str = "", **loose) -> Params:
    """Return ``Params.parse(q, **loose)``: checked Params from loose input."""
    return Params.parse(q, **loose)


def _values(values: Iterable[str] | str, label) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    out = [label(v) for v in values if v and v.strip()]
    if len(out) > MAX_VALUES:
        raise QueryError(f"一个筛选条件最多 {MAX_VALUES} 个值。")
    return tuple(dict.fromkeys(out))


def _name(value: str) -> str:
    name = " ".join(value.split())
    if len(name) > MAX_VALUE_CHARS:
        raise QueryError(f"筛选值太长（最多 {MAX_VALUE_CHARS} 个字符）：“{name[:20]}…”。")
    return name


def _whole(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _flag(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "on", "yes")
