"""Benchmark: a synthetic archive, our indexer and app, and SQLite FTS5 beside them."""
