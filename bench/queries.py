"""The benchmark's app measurement alone, on an index that already exists.

Starts ``python -m searchapp`` on the index with N worker processes and measures
what ``bench/run.py`` measures for the app: time to the first answered search,
then 5 rounds of the 16-query mix over HTTP (p50/p95 over all answers, the first
cold round included), and the app's peak memory summed over its processes.
For measuring a change to searching without rebuilding the archive:

    python -m bench.queries --index bench/out/index-100000 --workers 2
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.run import measure_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    app = measure_app(args.index, args.workers)
    print(f"first search after app start: {app['first_query_s']:.2f} s")
    print(f"search p50 / p95: {app['p50_ms']:.1f} / {app['p95_ms']:.1f} ms (5 rounds of the query mix)")
    print(f"app peak memory, summed over its processes: {app['peak_mb'] or 0:,.0f} MB")
    print("| query | hits | p50 ms |\n| --- | --- | --- |")
    for query, p50 in app["per_query_p50_ms"].items():
        print(f"| `{query}` | {app['totals'][query]} | {p50:.1f} |")


if __name__ == "__main__":
    main()
