"""Load the app with concurrent clients; report throughput, latency and errors.

Takes an index folder; for each number of worker processes asked for (default:
1 and the number of cores), starts ``python -m searchapp --workers W`` on it,
on a free port of 127.0.0.1 (never any other address), and runs N client
threads for the given seconds. Each client loops over a mix of searches (common and rare words,
several terms, phrases, OR), facet-filtered searches (city, level, a date
range, with values taken from the archive's own facets), HTML result pages and
article views (ids taken from a first search). Then it stops by itself (hard
stop, server killed, after seconds + 30 whatever happens), prints requests,
errors (any answer but 200, or any exception), throughput and p50/p95 latency,
overall and per kind of request; at the end a table compares the runs
(throughput, p50/p95, the speed-up over the first run, the server's memory
summed over its processes, the machine's load average before each run). It
exits 1 if there was any error:

    python -m bench.load --index index --clients 8 --seconds 60 --workers 1,2

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

from bench.memory import tree_rss_mb

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


def start_server(index: Path, port: int, workers: int, threads: int, log) -> subprocess.Popen:
    """Start `python -m searchapp` on 127.0.0.1:port; its output goes to log."""
    return subprocess.Popen([sys.executable, "-m", "searchapp", "--index", str(index), "--host", HOST,
                             "--port", str(port), "--workers", str(workers), "--threads", str(threads)],
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


def report(tallies: list[Tally], seconds: float, unfinished: int) -> tuple[str, int, dict]:
    """Return the printed summary, the number of errors and the summary's numbers."""
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
    numbers = {"requests": requests, "errors": error_count, "req_per_s": len(every) / seconds,
               "p50_ms": percentile(every, 0.5), "p95_ms": percentile(every, 0.95)}
    return "\n".join(lines), error_count, numbers


def run(index: Path, clients: int, seconds: float, workers: int, server_threads: int) -> dict:
    """Serve the index with `workers` processes, load it, print the report; return its numbers.

    The numbers hold "status": 0 if every request was answered, 1 if any failed,
    2 if the app could not be started or loaded.
    """
    hard_stop = time.monotonic() + seconds + HARD_STOP_SLACK
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryFile() as log:
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        proc = start_server(index, port, workers, server_threads, log)
        memory = None
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
            print(f"load: {clients} clients for {seconds:g} s on {base}, {workers} worker process"
                  f"{'es' if workers != 1 else ''} × {server_threads} threads (index: {index}; "
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
            memory = tree_rss_mb(proc.pid)
        except SystemExit as error:
            log.seek(0)
            print(f"bench.load: {error}\n{log.read()[-2000:].decode('utf-8', 'replace')}", file=sys.stderr)
            return {"workers": workers, "status": 2}
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            done.set()
    text, errors, numbers = report(tallies, elapsed, unfinished)
    print(text, flush=True)
    status = 1 if errors or not sum(t.requests for t in tallies) else 0
    return {"workers": workers, "status": status, "server_rss_mb": memory, "load_avg_before": load_before,
            **numbers}


def comparison(results: list[dict]) -> str:
    """Return a Markdown table comparing the runs, the first one as the base of the speed-up."""
    base = next((r["req_per_s"] for r in results if r.get("status") != 2), None)
    lines = ["| workers | requests | errors | req/s | p50 ms | p95 ms | × first | server RSS MB | load avg before |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        if r.get("status") == 2:
            lines.append(f"| {r['workers']} | could not be started or loaded | | | | | | | |")
            continue
        speedup = f"{r['req_per_s'] / base:.2f}" if base else "—"
        rss = "—" if r["server_rss_mb"] is None else f"{r['server_rss_mb']:.0f}"
        load = "—" if r["load_avg_before"] is None else f"{r['load_avg_before']:.2f}"
        lines.append(f"| {r['workers']} | {r['requests']} | {r['errors']} | {r['req_per_s']:.1f} | "
                     f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {speedup} | {rss} | {load} |")
    return "\n".join(lines)


def worker_counts(text: str) -> list[int]:
    """Parse "1,2" into [1, 2] (argparse type)."""
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give whole numbers separated by commas") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: every count must be at least 1")
    return counts


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, run the load, exit non-zero on any error."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("index"),
                        help="index folder built by `python -m indexer rebuild` (default: index)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (default: 8)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to load (default: 60)")
    cores = os.cpu_count() or 1
    parser.add_argument("--workers", type=worker_counts, default=sorted({1, cores}),
                        help=f"worker process counts to compare, e.g. 1,2 (default: 1,{cores}: 1 and the cores)")
    parser.add_argument("--server-threads", type=int, default=4,
                        help="threads per worker process (default: 4, as `python -m searchapp`)")
    parser.add_argument("--json", type=Path, help="also write the runs' numbers to this JSON file")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0:
        parser.error("--clients must be at least 1 and --seconds above 0")
    if not args.index.is_dir():
        parser.error(f"no index folder {args.index}: run `python -m indexer rebuild` first")
    results = []
    for workers in args.workers:
        results.append(run(args.index.resolve(), args.clients, args.seconds, workers, args.server_threads))
        print(flush=True)
    print(f"comparison: {args.clients} clients, {args.seconds:g} s each, {cores} cores\n", flush=True)
    print(comparison(results))
    if args.json:
        args.json.write_text(json.dumps({"clients": args.clients, "seconds": args.seconds, "cores": cores,
                                         "runs": results}, indent=1))
    sys.exit(max(r["status"] for r in results))


if __name__ == "__main__":
    main()
