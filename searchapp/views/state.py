"""The state of a search as it lives in the URL, and the URLs that change it.

Takes a request's query string (``q``, repeatable ``city`` and ``level``,
``from``, ``to``, ``sort``, ``page``, ``per_page``, ``synonyms``); gives a
``State`` that checks itself into ``indexer.search.Params`` and writes itself
back as a URL with only the values that differ from the defaults. Every link
that adds or removes a filter, turns a page or changes the sort is made here,
so templates only display URLs they are given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

from indexer.search import query
from indexer.search.query import QueryError
from indexer.search.engine import DEFAULT_PER_PAGE, Params, parse_params


@dataclass(frozen=True)
class State:
    """What the user asked for, as typed or as normalised by ``parse_params``."""

    q: str = ""
    city: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    synonyms: bool = False

    @classmethod
    def from_args(cls, args: MultiDict) -> State:
        """Read a query string as typed, without checking it."""
        def whole(name: str, default: int) -> int:
            try:
                return int(args.get(name, default))
            except (TypeError, ValueError):
                return default
        return cls(
            q=args.get("q", "").strip(),
            city=tuple(v for v in args.getlist("city") if v.strip()),
            level=tuple(v for v in args.getlist("level") if v.strip()),
            date_from=args.get("from", "").strip(),
            date_to=args.get("to", "").strip(),
            sort=args.get("sort", "relevance").strip() or "relevance",
            page=whole("page", 1),
            per_page=whole("per_page", DEFAULT_PER_PAGE),
            synonyms=args.get("synonyms", "").lower() in ("1", "true", "on", "yes"),
        )

    def params(self) -> Params:
        """Return the checked Params of this state; raise QueryError for bad input."""
        return parse_params(q=self.q, cities=self.city, levels=self.level,
                            date_from=self.date_from, date_to=self.date_to, sort=self.sort,
                            page=self.page, per_page=self.per_page, synonyms=self.synonyms)

    @classmethod
    def from_params(cls, p: Params) -> State:
        """Return the state of checked Params (city names and levels normalised)."""
        return cls(q=p.q.strip(), city=tuple(p.cities), level=tuple(p.levels),
                   date_from=p.date_from, date_to=p.date_to, sort=p.sort, page=p.page,
                   per_page=p.per_page, synonyms=p.synonyms)

    def pairs(self) -> list[tuple[str, str]]:
        """Return the query-string pairs of the values that differ from the defaults."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        pairs += [("city", c) for c in self.city]
        pairs += [("level", v) for v in self.level]
        if self.date_from:
            pairs.append(("from", self.date_from))
        if self.date_to:
            pairs.append(("to", self.date_to))
        if self.synonyms:
            pairs.append(("synonyms", "1"))
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def as_dict(self) -> dict:
        """Return the state under its URL parameter names (for templates and JSON)."""
        return {"q": self.q, "city": list(self.city), "level": list(self.level),
                "from": self.date_from, "to": self.date_to, "sort": self.sort,
                "page": self.page, "per_page": self.per_page, "synonyms": self.synonyms}

    def changed(self, **changes) -> State:
        """Return the state with changes; back to page 1 unless a page is given."""
        changes.setdefault("page", 1)
        return replace(self, **changes)

    def url(self, endpoint: str = "search.search", extra: dict | None = None, **changes) -> str:
        """Return the URL of an endpoint for this state with changes (and extra parameters)."""
        state = self.changed(**changes) if changes else self
        pairs = state.pairs() + list((extra or {}).items())
        base = url_for(endpoint)
        return base + ("?" + urlencode(pairs) if pairs else "")

    def toggled(self, facet: str, value: str) -> State:
        """Return the state with a city or level value added, or removed if present."""
        values: tuple[str, ...] = getattr(self, facet)
        values = tuple(v for v in values if v != value) if value in values else values + (value,)
        return self.changed(**{facet: values})

    def period_selected(self, period: str) -> bool:
        """Tell whether the date range is exactly one year (2021) or month (2021-11)."""
        if not (self.date_from and self.date_to):
            return False
        try:
            return (query.date_range(self.date_from)[0], query.date_range(self.date_to)[1]) \
                == query.date_range(period)
        except QueryError:
            return False

    def filtered(self) -> bool:
        """Tell whether any sidebar filter is set."""
        return bool(self.city or self.level or self.date_from or self.date_to)

