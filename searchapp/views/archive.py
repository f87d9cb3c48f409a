"""The live index, as views reach it.

Takes the app's config (``INDEX_DIR``, ``INDEX_CHECK_SECONDS``); ``init_app``
keeps one ``SearcherPool`` per app in ``app.extensions``, and ``searcher()``
gives the current ``ArchiveSearcher``, fetched once per request and kept on
``g`` so that one request reads one generation even if a rebuild publishes a
new one meanwhile. ``ArchiveSearcher`` gives each thread its own Whoosh
readers, so requests on waitress's threads run side by side.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g

from indexer.storage.reader import ArchiveSearcher, SearcherPool

POOL_KEY = "gonghui_search"


def init_app(app: Flask) -> None:
    """Open the app's searcher pool."""
    app.extensions[POOL_KEY] = SearcherPool(
        Path(app.config["INDEX_DIR"]), check_every=float(app.config["INDEX_CHECK_SECONDS"]))


def searcher() -> ArchiveSearcher:
    """Return the searcher of the live index generation (raises store.IndexMissing)."""
    if "searcher" not in g:
        g.searcher = current_app.extensions[POOL_KEY].get()
    return g.searcher
