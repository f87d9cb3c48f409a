"""Indexer for the Anhui trade-union newspaper archive.

The pipeline, one module per stage: ``corpus`` reads page files, ``normalize``
joins OCR line breaks and folds characters, ``segment`` splits a page into
articles, ``metadata`` (with ``places``, ``levels``, ``bylines``, ``dates``)
labels them, ``analysis`` tokenises for Whoosh, and ``writer`` is the only
module that touches the index folder.
"""

__version__ = "0.1.0"
