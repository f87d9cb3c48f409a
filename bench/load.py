"""Load the app with concurrent clients; report throughput, latency and errors.

Takes an index folder; starts ``python -m searchapp`` on it, on a free port of
127.0.0.1 (never any other address), and runs N client threads for the given
seconds. Each client loops over a mix of searches (common and rare words,
several terms, phrases, OR), facet-filtered searches (city, level, a date
range, with values taken from the archive's own facets), HTML result pages and
article views (ids taken from a first search). Then it stops by itself (hard
stop, server killed, after seconds + 30 whatever happens), prints requests,
errors (any answer but 200, or any exception), throughput and p50/p95 latency,
overall and per kind of request, and exits 1 if there was any error:

    python -m bench.load --index index --clients 8 --seconds 60

Standard library only (urllib, threading), so it runs wherever the app runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only: this tool never listens anywhere else
HARD_STOP_SLACK = 30.0  # seconds after --seconds at which everything is killed
REQUEST_TIMEOUT = 20.0
STARTUP_QUERY = "工会"

# (kind, query) for plain searches; each kind is reported separately.
SEARCHES = [
    ("common word", "工会"), ("common word", "职工"), ("common word", "劳动"),
    ("rare word", "劳模"), ("rare word", "卧薪尝胆"), ("rare word", "角砾岩"),
    ("multi-term", "劳模 创新"), ("multi-term", "困难职工 金秋助学"),
    ("multi-term", "工会 职工 服务"),
    ("phrase", '"工资集体协商"'), ("phrase", '"劳模创新工作室"'),
    ("or", "劳模 OR 工匠"), ("not", "工会 -扶贫"),
]
FILTER_QUERIES = ["工会", "职工", "劳模", ""]


@dataclass
class Tally:
    """What one client thread saw: latencies (ms) per kind, and errors."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    requests: int = 0


def free_port() -> int:
    """Return a port of 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = REQUEST_TIMEOUT) -> tuple[int, bytes]:
    """GET a URL; return its status and whole body (an HTTP error status is returned, not raised)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def percentile(values: list[float], q: float) -> float:
    """Return the q-quantile (nearest rank) of values, 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Workload:
    """The request mix: URLs built from the archive's own facet values and article ids."""

    def __init__(self, base: str):
        self.base = base
        first = json.loads(get(self.url("/api/search", q=STARTUP_QUERY, per_page=100))[1])
        everything = json.loads(get(self.url("/api/search", per_page=100))[1])
        self.ids = list(dict.fromkeys(h["id"] for h in first["hits"] + everything["hits"]))
        facets = everything["facets"]
        self.cities = [e["value"] for e in facets["city"]]
        self.levels = [e["value"] for e in facets["level"]]
        self.years = [e["value"] for e in facets["year"]]

    def url(self, path: str, **params) -> str:
        """Return the URL of a path with query parameters."""
        pairs = {k: v for k, v in params.items() if v not in ("", None)}
        return self.base + path + ("?" + urllib.parse.urlencode(pairs) if pairs else "")

    def pick(self, rng: random.Random) -> tuple[str, str]:
        """Return (kind, URL) of one request, drawn from the mix."""
        roll = rng.random()
        if roll < 0.45:
            kind, q = rng.choice(SEARCHES)
            return kind, self.url("/api/search", q=q)
        if roll < 0.70:
            return self._filtered(rng)
        if roll < 0.80:
            kind, q = rng.choice(SEARCHES)
            return "html results", self.url("/search", q=q)
        if self.ids:
            article = rng.choice(self.ids)
            if roll < 0.92:
                return "article (json)", self.url(f"/api/article/{article}")
            return "article (html)", self.url(f"/article/{article}", q=STARTUP_QUERY)
        return "common word", self.url("/api/search", q=STARTUP_QUERY)

    def _filtered(self, rng: random.Random) -> tuple[str, str]:
        q = rng.choice(FILTER_QUERIES)
        choices = [name for name, values in (("city", self.cities), ("level", self.levels),
                                             ("date", self.years)) if values]
        if not choices:
            return "common word", self.url("/api/search", q=q or STARTUP_QUERY)
        name = rng.choice(choices)
        if name == "city":
            return "city filter", self.url("/api/search", q=q, city=rng.choice(self.cities))
        if name == "level":
            return "level filter", self.url("/api/search", q=q, level=rng.choice(self.levels))
        start = rng.choice(self.years)
        end = rng.choice([y for y in self.years if y >= start])
        return "date range", self.url("/api/search", q=q, **{"from": start, "to": end})


def client(work: Workload, seed: int, stop: threading.Event, tally: Tally) -> None:
    """Send requests one after another until told to stop; record each in tally."""
    rng = random.Random(seed)
    while not stop.is_set():
        kind, url = work.pick(rng)
        started = time.perf_counter()
        try:
            status, _ = get(url)
        except Exception as error:  # a refused connection, a timeout: an error to report, not a crash
            status, detail = 0, f"{type(error).__name__}: {error}"
        else:
            detail = f"HTTP {status}"
        elapsed = (time.perf_counter() - started) * 1000
        tally.requests += 1
        if status == 200:
            tally.latencies.setdefault(kind, []).append(elapsed)
        else:
            tally.errors.append(f"{detail} on {url}")


def start_server(index: Path, port: int, threads: int, log) -> subprocess.Popen:
    """Start `python -m searchapp` on 127.0.0.1:port; its output goes to log."""
    return subprocess.Popen([sys.executable, "-m", "searchapp", "--index", str(index), "--host", HOST,
                             "--port", str(port), "--threads", str(threads)],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(proc: subprocess.Popen, base: str, deadline: float) -> None:
    """Wait until the app answers a search; raise SystemExit if it dies or the deadline passes."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"searchapp exited with status {proc.returncode} before answering")
        try:
            status, body = get(base + "/api/search?q=" + urllib.parse.quote(STARTUP_QUERY), timeout=5)
        except OSError:
            time.sleep(0.1)
            continue
        if status == 200:
            return
        raise SystemExit(f"searchapp answers {status}: {body[:300].decode('utf-8', 'replace')}")
    raise SystemExit("searchapp did not answer before the hard stop")


def report(tallies: list[Tally], seconds: float, unfinished: int) -> tuple[str, int]:
    """Return the printed summary and the number of errors."""
    latencies: dict[str, list[float]] = {}
    for t in tallies:
        for kind, values in t.latencies.items():
            latencies.setdefault(kind, []).extend(values)
    errors = [e for t in tallies for e in t.errors]
    requests = sum(t.requests for t in tallies) + unfinished
    error_count = len(errors) + unfinished
    every = [v for values in latencies.values() for v in values]
    lines = [
        f"requests     {requests}",
        f"errors       {error_count}"
        + (f" ({unfinished} still running at the hard stop)" if unfinished else ""),
        f"throughput   {len(every) / seconds:.1f} req/s answered 200 over {seconds:.1f} s",
        f"latency      p50 {percentile(every, 0.5):.1f} ms   p95 {percentile(every, 0.95):.1f} ms",
        "",
        f"{'kind':<16}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}",
    ]
    for kind in sorted(latencies):
        values = latencies[kind]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        lines.append(f"{kind:<16}{len(values):>7}{p50:>10.1f}{p95:>10.1f}")
    if errors:
        lines += ["", "first errors:"] + [f"  {e}" for e in errors[:10]]
    return "\n".join(lines), error_count


def run(index: Path, clients: int, seconds: float, server_threads: int) -> int:
    """Serve the index, load it for the given seconds, print the report; return the exit status."""
    hard_stop = time.monotonic() + seconds + HARD_STOP_SLACK
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryFile() as log:
        proc = start_server(index, port, server_threads, log)
        done = threading.Event()

        def watchdog() -> None:  # the last resort: whatever hangs, the run ends
            if not done.wait(max(0.0, hard_stop - time.monotonic()) + 1.0):
                print("bench.load: hard stop; killing the app", file=sys.stderr, flush=True)
                proc.kill()
                os._exit(3)

        threading.Thread(target=watchdog, daemon=True).start()
        try:
            wait_ready(proc, base, hard_stop)
            work = Workload(base)
            print(f"load: {clients} clients for {seconds:g} s on {base} (index: {index}; "
                  f"{len(work.ids)} article ids, {len(work.cities)} cities, {len(work.levels)} levels, "
                  f"{len(work.years)} years)", flush=True)
            stop = threading.Event()
            tallies = [Tally() for _ in range(clients)]
            threads = [threading.Thread(target=client, args=(work, n, stop, tallies[n]), daemon=True)
                       for n in range(clients)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            stop.wait(seconds)
            stop.set()
            for thread in threads:
                thread.join(max(0.0, hard_stop - time.monotonic()))
            elapsed = time.perf_counter() - started
            unfinished = sum(thread.is_alive() for thread in threads)
        except SystemExit as error:
            log.seek(0)
            print(f"bench.load: {error}\n{log.read()[-2000:].decode('utf-8', 'replace')}", file=sys.stderr)
            return 2
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            done.set()
    text, errors = report(tallies, elapsed, unfinished)
    print(text)
    return 1 if errors or not sum(t.requests for t in tallies) else 0


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, run the load, exit non-zero on any error."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("index"),
                        help="index folder built by `python -m indexer rebuild` (default: index)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (default: 8)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to load (default: 60)")
    parser.add_argument("--server-threads", type=int, default=4,
                        help="waitress worker threads of the app (default: 4, as `python -m searchapp`)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0:
        parser.error("--clients must be at least 1 and --seconds above 0")
    if not args.index.is_dir():
        parser.error(f"no index folder {args.index}: run `python -m indexer rebuild` first")
    sys.exit(run(args.index.resolve(), args.clients, args.seconds, args.server_threads))


if __name__ == "__main__":
    main()
