"""The web app of the archive search: an application factory.

Takes a config (the index folder, mainly); gives a Flask app whose views present
what the ``indexer`` library returns: the search page and its facets, article
pages, the JSON API, exports of a whole result set, the trend chart and help.
One ``SearcherPool`` is created per app and kept in ``app.extensions``
(``views.archive.init_app``); views reach the live index through
``views.archive.searcher()``.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response

from indexer.search import datetext

# No inline script or style anywhere: everything the pages need is in static/.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: defaults first, then the test overrides; open the index pool."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("GONGHUI_INDEX", "index"),
        INDEX_CHECK_SECONDS=1.0,  # how often a request looks for a newer index generation
        NEWSPAPER="安徽工人日报",  # the paper's name, as cited
        DEBUG=False,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.debug = False  # never: the debugger would run code sent by a visitor
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from searchapp.views import api, archive, article, counts, errors, export, help, kwic, search, trend

    archive.init_app(app)
    # Dates are written by the library, the same for every page (不早于 2021年11月*).
    app.jinja_env.globals.update(date_label=datetext.date_label, inferred_note=datetext.INFERRED_NOTE)

    for module in (search, article, api, export, trend, kwic, counts, help):
        app.register_blueprint(module.bp)
    errors.register(app)

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    return app
