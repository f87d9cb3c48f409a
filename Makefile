# Everyday commands. The README's two commands do the same without make.
PY := .venv/bin/python

.PHONY: setup run index test bench bench-smoke clean

.venv/done: pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install -q -e '.[test]'
	touch .venv/done

setup: .venv/done

index: setup
	$(PY) -m indexer rebuild

run: index
	$(PY) -m searchapp

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m bench

bench-smoke: setup
	$(PY) -m bench --articles 300 --smoke

clean:
	rm -rf index .venv
