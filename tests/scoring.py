"""Rebuild a folder of pages with the real CLI and score its export with the shared scorer.

Used by the tests that hold the development pages and the blind audit pages to their
floors; the scorer is ``../shared/tools/score_articles.py``, the one the issue names.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from conftest import ROOT, run_cli

SCORER = ROOT.parent / "shared" / "tools" / "score_articles.py"


def scorer():
    """Import the shared scorer from its file (it is not a package)."""
    spec = importlib.util.spec_from_file_location("score_articles", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rebuild_and_score(corpus: Path, gold: Path, index: Path):
    """Return the scorer's (rows, extras) for ``corpus`` rebuilt into ``index`` and exported."""
    done = run_cli("rebuild", "--corpus", str(corpus), "--index", str(index), "--quiet")
    assert done.returncode == 0, done.stderr
    done = run_cli("export", "--index", str(index), "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return scorer().score(json.loads(gold.read_text(encoding="utf-8")), records)
