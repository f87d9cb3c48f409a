"""Stable import path of the analysis classes that Whoosh pickles into an index.

Whoosh stores the schema, analysers included, in every index by import path.
Indexes written before the code moved to ``indexer.storage`` name
``indexer.analysis``; this module keeps that name working. New code imports
``indexer.storage.analysis``.
"""

from indexer.storage.analysis import *  # noqa: F401,F403
from indexer.storage.analysis import GramField, JiebaTokenizer, WordField  # noqa: F401
