"""Time from starting the app to its first answered search, as a user restarting it sees.

Starts ``python -m searchapp`` on an index with N worker processes, asks
``/api/search?q=工会`` until it answers (every facet and 20 snippets, as the
benchmark's query mix) and prints the seconds from the start; repeats:

    python -m bench.first_search --index bench/out/index-100000 --workers 2 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.run import api_url, fetch, free_port


def first_search(index: Path, workers: int) -> float:
    """Start the app, return the seconds until its first search answered, stop it."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "searchapp", "--index", str(index), "--port", str(port),
                             "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit("searchapp exited before answering")
            try:
                fetch(api_url(port, "工会", {}))
                return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = [first_search(args.index, args.workers) for _ in range(args.repeat)]
    print("first search after app start: " + ", ".join(f"{t:.2f}" for t in times)
          + f" s (median {statistics.median(times):.2f} s)")


if __name__ == "__main__":
    main()
