"""`python -m searchapp --workers N`: several processes answer, and a busy port is one clear line.

The server is started for real on a free loopback port (gunicorn, 2 worker
processes); the choice of server on a platform without fork (Windows) is
checked by simulating that platform.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from searchapp import serve

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_total(base: str, q: str) -> tuple[int, dict]:
    """Search over a fresh connection; return the answer's total and the JSON."""
    url = f"{base}/api/search?" + urllib.parse.urlencode({"q": q})
    with urllib.request.urlopen(url, timeout=20) as response:
        body = json.loads(response.read())
    return body["total"], body


def children(pid: int) -> list[int]:
    """Return the ids of the processes whose parent is pid (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def start(index_dir: Path, port: int, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "searchapp", "--index", str(index_dir),
                             "--host", "127.0.0.1", "--port", str(port), *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_answer(proc: subprocess.Popen, base: str, q: str) -> int:
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, f"searchapp exited:\n{proc.stdout.read()}"
        assert time.monotonic() < deadline, "searchapp did not answer within 60 s"
        try:
            return api_total(base, q)[0]
        except OSError:
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


@pytest.mark.slow
@pytest.mark.skipif(not serve.can_fork_server() or not Path("/proc/self/stat").exists(),
                    reason="gunicorn needs fork; the process count is read from Linux /proc")
def test_two_worker_processes_answer_searches_and_both_pick_up_a_rebuild(tmp_path):
    """2 workers: two child processes; every answer after a rebuild shows the new generation."""
    from indexer.storage.writer import rebuild

    pages = sorted(PAGES.glob("*.txt"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in pages[:-1]:
        shutil.copy(page, corpus / page.name)
    index_dir = tmp_path / "index"
    rebuild(corpus, index_dir)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start(index_dir, port, "--workers", "2", "--threads", "2")
    try:
        before = wait_answer(proc, base, "工会")
        assert before > 0
        deadline = time.monotonic() + 30
        while len(children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(children(proc.pid)) == 2  # gunicorn's master and its two workers

        shutil.copy(pages[-1], corpus / pages[-1].name)  # one more page, then a full rebuild
        rebuild(corpus, index_dir)
        deadline = time.monotonic() + 30
        seen: list[int] = []
        while time.monotonic() < deadline:
            seen = [api_total(base, "工会")[0] for _ in range(20)]  # fresh connections: both workers
            if all(total == seen[0] for total in seen) and seen[0] != before:
                break
            time.sleep(0.3)
        assert seen and seen[0] > before and len(set(seen)) == 1, (before, seen)
    finally:
        out = stop(proc)
    assert "Traceback" not in out, out
    assert "gunicorn, 2 processes" in out


def test_a_port_in_use_ends_with_one_line_that_suggests_port_and_no_traceback(built_index):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for server in ("auto", "waitress"):
            run = subprocess.run([sys.executable, "-m", "searchapp", "--index", str(built_index),
                                  "--port", str(port), "--server", server],
                                 cwd=ROOT, capture_output=True, text=True, timeout=60)
            assert run.returncode == 2, run.stdout + run.stderr
            assert "Traceback" not in run.stderr + run.stdout
            lines = run.stderr.strip().splitlines()
            assert len(lines) == 1, run.stderr
            assert f"port {port} is already in use" in lines[0] and "--port" in lines[0]


def test_waitress_itself_turns_a_busy_port_into_the_same_message(built_index):
    """Should the port be taken between the check and the bind, waitress's error is the same line."""
    from searchapp import create_app

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(serve.PortUnavailable) as caught:
            serve.serve_waitress(create_app({"INDEX_DIR": str(built_index)}), "127.0.0.1", port, 2)
    assert f"port {port} is already in use" in str(caught.value) and "--port" in str(caught.value)


def test_port_5000_message_names_airplay():
    error = OSError(serve.errno.EADDRINUSE, "Address already in use")
    line = serve.port_message("127.0.0.1", 5000, error)
    assert "AirPlay" in line and "--port 5001" in line and "\n" not in line


def test_without_fork_the_workers_become_waitress_threads_with_a_note(monkeypatch, built_index):
    """As on Windows: no gunicorn; --workers 3 --threads 4 → one waitress process of 12 threads."""
    monkeypatch.setattr(serve.sys, "platform", "win32")
    served, said = [], []
    monkeypatch.setattr(serve, "serve_waitress", lambda app, host, port, threads: served.append(threads))
    monkeypatch.setattr(serve, "serve_gunicorn", lambda *a: pytest.fail("gunicorn chosen on Windows"))
    from searchapp import create_app

    serve.run(lambda: create_app({"INDEX_DIR": str(built_index)}), "127.0.0.1", free_port(), 3, 4,
              say=said.append)
    assert served == [12]
    assert any("waitress" in line and "no fork" in line for line in said), said


def test_workers_default_to_the_number_of_cores_and_reject_zero():
    assert serve.default_workers() == (os.cpu_count() or 1)
    run = subprocess.run([sys.executable, "-m", "searchapp", "--workers", "0"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "--workers" in run.stderr and "Traceback" not in run.stderr
