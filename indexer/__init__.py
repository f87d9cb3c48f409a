"""Indexer for the Anhui trade-union newspaper archive.

The pipeline, one module per stage: ``corpus`` reads page files, ``normalize``
joins OCR line breaks, ``segment`` splits a page into articles, ``metadata``
(with ``places``, ``levels``, ``bylines``, ``dates``) labels them, ``articles``
gives them ids, ``analysis`` and ``fold`` tokenise and fold for Whoosh, and
``writer`` (with ``workers``, ``codec``, ``textstore``, ``store``) is the only
code that touches the index folder. Search: ``query`` → ``matching`` →
``ranking`` / ``facets`` / ``snippets`` → ``search``, a plain dict.
"""

__version__ = "0.1.0"
