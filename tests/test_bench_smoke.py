"""Smoke test of the load script: ``python -m bench.load`` runs briefly and reports no error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_load_script_smoke_run_of_3_seconds_with_2_clients_reports_requests_and_no_errors(built_index):
    """Two clients for three seconds on the sample index: requests made, none failed, exit 0."""
    run = subprocess.run([sys.executable, "-m", "bench.load", "--index", str(built_index),
                          "--clients", "2", "--seconds", "3"],
                         cwd=ROOT, capture_output=True, text=True, timeout=3 + 30 + 30)
    assert run.returncode == 0, run.stdout + run.stderr
    assert int(re.search(r"^requests\s+(\d+)", run.stdout, re.M).group(1)) > 0, run.stdout
    assert re.search(r"^errors\s+0$", run.stdout, re.M), run.stdout
    assert re.search(r"^latency\s+p50 [\d.]+ ms\s+p95 [\d.]+ ms$", run.stdout, re.M), run.stdout
    assert "127.0.0.1" in run.stdout
