"""Indexer for the Anhui trade-union newspaper archive.

Three stages, one subpackage each, imported in one direction only
(``ingest`` ← ``storage`` ← ``search`` ← ``cli``; see docs/ARCHITECTURE.md):

- ``indexer.ingest``: page files → labelled articles (pure functions, no index).
- ``indexer.storage``: articles → a published index generation, and the reader
  that opens one.
- ``indexer.search``: a query and filters → plain dicts of hits, facets,
  snippets, exports and counts.

``fold`` (one character → one character, for text and queries alike) and
``wordlists`` (the loader of the data files) are shared by all three.
``analysis`` and ``codec`` at this level only keep the import paths that
Whoosh pickled into indexes written before the move.
"""

__version__ = "0.3.0"
