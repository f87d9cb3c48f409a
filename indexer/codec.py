"""Stable import path of the codec classes that Whoosh pickles into an index.

Indexes written before the code moved to ``indexer.storage`` name
``indexer.codec``; this module keeps that name working. New code imports
``indexer.storage.codec``.
"""

from indexer.storage.codec import *  # noqa: F401,F403
from indexer.storage.codec import ArchiveCodec, ArchiveFieldWriter, FastPool, InliningPostingsWriter  # noqa: F401
