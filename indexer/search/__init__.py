"""Search: a query and filters in, plain dicts out.

Takes an open ``indexer.storage.reader.ArchiveSearcher``; gives results the
app and the command line present as they are. ``query`` parses the query
language, ``matching`` finds the exact set of articles, ``ranking`` orders
them (BM25F), ``facets`` counts labels, ``snippets`` highlights, ``synonyms``
expands opt-in terms, ``related`` finds similar articles, ``engine`` puts a
search together, and ``export`` and ``stats`` give whole-archive records and
counts.
"""
