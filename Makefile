# Everyday commands. The README's two commands do the same without make.
PY := .venv/bin/python

.PHONY: setup run index test test-fast bench bench-smoke bench-curve bench-load clean

.venv/done: pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install -q -e '.[test,bench]'
	touch .venv/done

setup: .venv/done

index: setup
	$(PY) -m indexer rebuild

run: index
	$(PY) -m searchapp

test: setup
	$(PY) -m pytest

# The inner loop: everything but the tests marked slow (kill -9, live index, big pages,
# parallel rebuilds, benchmark smoke). CI runs `pytest` with no filter: all of them.
test-fast: setup
	$(PY) -m pytest -q -m "not slow"

bench: setup
	$(PY) -m bench

bench-smoke: setup
	$(PY) -m bench --sizes 150,300 --smoke

# The cost curve: table and chart into docs/ (docs/cost-curve.md, docs/cost-curve.svg).
# Tantivy is measured beside us when the bench extra is installed.
bench-curve: setup
	.venv/bin/pip install -q -e '.[bench]'
	$(PY) -m bench --sizes 10000,30000,100000,300000

# 8 clients against 1 worker process, then one per core.
bench-load: setup
	$(PY) -m bench.load --index bench/out/index-100000 --clients 8 --seconds 60

clean:
	rm -rf index .venv
