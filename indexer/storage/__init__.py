"""Storage: articles in, a published index generation out; and the reader of one.

Takes the corpus (through ``indexer.ingest``); gives a Whoosh index folder.
``schema`` and ``analysis`` define the fields and tokenisers, ``codec`` and
``postings`` are the fast write and read paths around Whoosh's own format,
``textstore`` keeps the folded text for exact matching, ``indexing`` turns
pages into documents, ``workers`` runs that in parallel processes, ``writer``
orchestrates rebuild and update, and ``store`` publishes each generation
atomically (a ``CURRENT`` pointer). ``reader`` opens the current generation
for searching. Only this package writes to the index folder.
"""
