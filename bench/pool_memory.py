"""Measure what the in-memory posting pool really holds, against its own estimate.

Takes a folder of pages (e.g. one made by ``python -m bench.generate``); cuts the
first pages into articles, adds them to one ``codec.ArchiveWriter`` under
``tracemalloc`` and prints the pool's distinct terms, postings, the memory
traced while adding, and ``FastPool.nbytes()``. ``codec.TERM_BYTES`` comes from
this (the memory left after the postings' bytes, divided by the terms):

    python -m bench.pool_memory /tmp/archive-10000 --pages 400
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import tracemalloc
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.ingest.articles import page_articles
from indexer.ingest.corpus import read_page
from indexer.storage import codec
from indexer.storage.analysis import jieba_tokenizer
from indexer.storage.indexing import document
from indexer.storage.schema import schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--pages", type=int, default=400)
    args = parser.parse_args()
    jieba_tokenizer()
    articles = []
    for path in sorted(args.corpus.rglob("*.txt"))[:args.pages]:
        articles += page_articles(read_page(path, args.corpus, {}), None)
    docs = [document(a, row) for row, a in enumerate(articles)]
    folder = Path(tempfile.mkdtemp())
    try:
        writer = codec.ArchiveWriter(whoosh_index.create_in(str(folder), schema()))
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for doc in docs:
            writer.add_document(**doc)
        traced = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        pool = writer.pool
        terms = sum(len(table) for table in pool.fields.values())
        postings_bytes = pool.postings * codec.POSTING_BYTES + pool.weighted * codec.WEIGHT_BYTES
        print(f"articles {len(docs)}, distinct terms {terms:,}, postings {pool.postings:,} "
              f"({pool.weighted:,} with a weight)")
        print(f"traced {traced / 1e6:.1f} MB; estimate (nbytes) {pool.nbytes() / 1e6:.1f} MB")
        print(f"bytes per distinct term, postings' bytes taken out: {(traced - postings_bytes) / terms:.0f} "
              f"(codec.TERM_BYTES = {codec.TERM_BYTES})")
        writer.cancel()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
