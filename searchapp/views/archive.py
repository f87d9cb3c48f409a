"""The live index, as views reach it.

Takes the app's config (``INDEX_DIR``, ``INDEX_CHECK_SECONDS``); ``init_app``
keeps one ``SearcherPool`` per app in ``app.extensions``, and ``searcher()``
gives the current ``ArchiveSearcher``, fetched once per request and kept on
``g`` so that one request reads one generation even if a rebuild publishes a
new one meanwhile.

Whoosh's readers are not safe to share between threads: a posting or column
read is a seek then a read on one shared file object, so two threads reading
at once get each other's bytes (seen here as zlib errors in more-like-this
under concurrent requests). Until ``ArchiveSearcher`` gives each thread its
own readers, a request holds the app's index lock from its first use of the
searcher to its end, and a streamed export takes it again for each row.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g

from indexer.searcher import ArchiveSearcher, SearcherPool

POOL_KEY = "gonghui_search"
LOCK_KEY = "gonghui_search_lock"

T = TypeVar("T")


def init_app(app: Flask) -> None:
    """Open the app's searcher pool and release the index lock at the end of each request."""
    app.extensions[POOL_KEY] = SearcherPool(
        Path(app.config["INDEX_DIR"]), check_every=float(app.config["INDEX_CHECK_SECONDS"]))
    app.extensions[LOCK_KEY] = threading.RLock()

    @app.teardown_request
    def release_index(_error: BaseException | None) -> None:
        if g.pop("index_locked", False):
            app.extensions[LOCK_KEY].release()


def searcher() -> ArchiveSearcher:
    """Return the searcher of the live index generation (raises store.IndexMissing)."""
    if "searcher" not in g:
        if not g.get("index_locked"):
            current_app.extensions[LOCK_KEY].acquire()
            g.index_locked = True
        g.searcher = current_app.extensions[POOL_KEY].get()
    return g.searcher


def locked(items: Iterable[T]) -> Iterator[T]:
    """Return an iterator over a lazy iterable that reads each item under the index lock."""
    lock = current_app.extensions[LOCK_KEY]  # now: the generator below runs after the request

    def each() -> Iterator[T]:
        iterator = iter(items)
        while True:
            with lock:
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item

    return each()
