"""Smoke runs of the benchmark and the load script, so that neither can silently rot."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
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
def test_first_search_script_starts_the_app_and_times_its_first_answer(built_index):
    run = subprocess.run([sys.executable, "-m", "bench.first_search", "--index", str(built_index),
                          "--workers", "1", "--repeat", "2"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    times = re.search(r"first search after app start: ([\d.]+), ([\d.]+) s \(median ([\d.]+) s\)", run.stdout)
    assert times and all(0 < float(t) < 60 for t in times.groups()), run.stdout


@pytest.mark.slow
def test_queries_script_measures_the_app_on_an_existing_index(built_index):
    run = subprocess.run([sys.executable, "-m", "bench.queries", "--index", str(built_index), "--workers", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^search p50 / p95: [\d.]+ / [\d.]+ ms", run.stdout, re.M), run.stdout
    assert re.search(r"^\| `工会\{\}` \| [1-9]\d* \| [\d.]+ \|$", run.stdout, re.M), run.stdout


@pytest.mark.slow
def test_benchmark_smoke_run_of_two_sizes_writes_the_cost_curve_and_hit_counts_agree(tmp_path):
    """The whole benchmark, CI-sized, at two sizes: it must run end to end; timings are not asserted."""
    done = subprocess.run([sys.executable, "-m", "bench", "--sizes", "150,300", "--smoke", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    for size in (150, 300):
        result = json.loads((tmp_path / f"results-{size}.json").read_text())
        assert result["archive"]["articles"] == size
        assert result["hit_counts_agree"] and result["hit_counts_ours_vs_fts5"]
        if "missing" not in result["tantivy"]:  # the optional bench extra is installed
            assert result["hit_counts_agree_tantivy"] and len(result["hit_counts_ours_vs_tantivy"]) == 16
        assert result["app"]["peak_mb"] is None or result["app"]["peak_mb"] > 0
    assert "| search p50 / p95" in done.stdout
    table = (tmp_path / "cost-curve.md").read_text(encoding="utf-8")
    assert re.search(r"^\| 150 \|", table, re.M) and re.search(r"^\| 300 \|", table, re.M)
    assert "| rebuild time |" in table and "| index size |" in table
    chart = ET.parse(tmp_path / "cost-curve.svg").getroot()
    lines = chart.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) >= 6  # one line per cost measured at both sizes
    assert all(len(line.get("points").split()) == 2 for line in lines)
