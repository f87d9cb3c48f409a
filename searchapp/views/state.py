"""The URL side of a search: query strings to ``Params`` and ``Params`` to URLs.

Takes a request's query string; gives the library's ``indexer.search.params.Params``
(the one parameter type, shared with the command line: ``q``, repeatable
``city``, ``county``, ``level``, ``author``, ``column``, ``from``, ``to``,
``sort``, ``page``, ``per_page``, ``synonyms``) and the URL of an endpoint for
a Params, with only the values that differ from the defaults. Every link that
adds or removes a filter, turns a page or changes the sort is made from
``Params.changed``/``Params.toggled`` and ``url``, so templates only display
URLs they are given.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

from indexer.search.params import Params


def params_from(args: MultiDict) -> Params:
    """Return the checked Params of a query string; raise QueryError for bad input."""
    return Params.from_pairs(args.items(multi=True))


def typed_from(args: MultiDict) -> Params:
    """Return a query string's Params as typed, unchecked (to refill the form after an error)."""
    return Params.from_pairs(args.items(multi=True), check=False)


def url(p: Params, endpoint: str = "search.search", extra: dict | None = None, **changes) -> str:
    """Return the URL of an endpoint for Params with changes (and extra parameters)."""
    if changes:
        p = p.changed(**changes)
    pairs = p.pairs() + list((extra or {}).items())
    return url_for(endpoint) + ("?" + urlencode(pairs) if pairs else "")
