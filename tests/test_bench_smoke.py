"""Smoke runs of the benchmark and the load script, so that neither can silently rot."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_load_script_smoke_run_with_1_and_2_workers_reports_both_and_no_errors(built_index):
    """Two clients for three seconds against 1, then 2 worker processes: requests made, none failed."""
    run = subprocess.run([sys.executable, "-m", "bench.load", "--index", str(built_index),
                          "--clients", "2", "--seconds", "3", "--workers", "1,2"],
                         cwd=ROOT, capture_output=True, text=True, timeout=2 * (3 + 30 + 30))
    assert run.returncode == 0, run.stdout + run.stderr
    assert int(re.search(r"^requests\s+(\d+)", run.stdout, re.M).group(1)) > 0, run.stdout
    assert re.search(r"^errors\s+0$", run.stdout, re.M), run.stdout
    assert re.search(r"^latency\s+p50 [\d.]+ ms\s+p95 [\d.]+ ms$", run.stdout, re.M), run.stdout
    assert "127.0.0.1" in run.stdout
    rows = re.findall(r"^\| (\d) \| (\d+) \| (\d+) \| ([\d.]+) \|", run.stdout, re.M)
    assert [r[0] for r in rows] == ["1", "2"], run.stdout  # the comparison table: one row per run
    assert all(int(r[1]) > 0 and r[2] == "0" for r in rows), run.stdout


@pytest.mark.slow
def test_benchmark_smoke_run_on_300_articles_completes_and_hit_counts_agree_with_fts5(tmp_path):
    """The whole benchmark, CI-sized: it must run end to end; its timings are not asserted."""
    done = subprocess.run([sys.executable, "-m", "bench", "--articles", "300", "--smoke", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads((tmp_path / "results-300.json").read_text())
    assert result["archive"]["articles"] == 300
    assert result["hit_counts_agree"] and result["hit_counts_ours_vs_fts5"]
    assert "| search p50 / p95" in done.stdout
