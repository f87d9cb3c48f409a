"""Measure the indexer and the app on a synthetic archive, beside SQLite FTS5.

In one run, on the same generated articles and queries:

* raw ``jieba.cut`` throughput on the archive's text (one core): the ceiling;
* a full ``python -m indexer rebuild``: articles/s, characters/s, peak memory
  summed over the rebuild and its workers;
* ``python -m indexer update`` after one new 8-page issue lands;
* ``python -m searchapp`` (its default worker processes): time to its first
  answer, then p50/p95 latency of ``/api/search`` over HTTP for a fixed query
  mix (each with facets and 20 snippets), and its peak memory summed over its
  processes;
* SQLite FTS5 (trigram) doing the same work (count, city facet, 20 snippets),
  and the hit counts of both compared for strings of three or more characters;
* Tantivy (``bench/tantivy_ref.py``, if the ``bench`` extra is installed) doing
  the same work for every query of the mix, hit counts compared for all.

With several sizes (the cost curve) each size is measured in turn, and a
Markdown table (``cost-curve.md``) and an SVG chart (``cost-curve.svg``) of how
each cost grows with the archive are written into docs/ (into --out with
--smoke):

    python -m bench --sizes 10000,30000,100000,300000   # the cost curve (make bench-curve)
    python -m bench --articles 100000                   # one size (make bench)
    python -m bench --sizes 200,400 --smoke             # a quick run that checks it all works

Results are printed as Markdown tables and saved as JSON under bench/out/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench import fts5, tantivy_ref
from bench.chart import svg
from bench.generate import generate, new_issue
from bench.memory import PeakSampler

ROOT = Path(__file__).resolve().parent.parent

# (label, query, extra parameters). Each runs with facets and 20 snippets.
QUERIES = [
    ("common word", "工会", {}),
    ("common word", "职工", {}),
    ("field term", "劳模创新工作室", {}),
    ("field term", "产业工人队伍建设改革", {}),
    ("field term", "新就业形态", {}),
    ("rare word", "卧薪尝胆", {}),
    ("rare word", "角砾岩", {}),
    ("rare word", "霄壤之别", {}),
    ("multi-term", "劳模 创新", {}),
    ("multi-term", "困难职工 金秋助学", {}),
    ("phrase", '"工资集体协商"', {}),
    ("or", "劳模 OR 工匠", {}),
    ("city filter", "工会", {"city": "阜阳"}),
    ("level filter", "劳模", {"level": "县区级"}),
    ("date range", "职工", {"from": "2010", "to": "2015"}),
    ("one character", "劳", {}),
]
ROUNDS = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_run(args: list[str]) -> tuple[float, int, float | None]:
    """Run a command; return wall seconds, the peak RSS (MB) of its largest process, and the
    peak of the memory summed over it and all its processes (sampled; None where unknown)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        with PeakSampler(proc.pid) as memory:
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if status != 0:
            log.seek(0)
            raise SystemExit(f"{' '.join(args)} failed:\n{log.read().decode('utf-8', 'replace')}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(usage.ru_maxrss, children) // 1024, memory.peak_mb


def corpus_text(archive: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(archive.rglob("*.txt")))


def jieba_rate(text: str, limit: int = 3_000_000) -> float:
    """Return raw jieba.cut characters per second on one core (dictionary loaded first)."""
    import jieba

    jieba.initialize()
    sample = text[:limit]
    started = time.perf_counter()
    for _ in jieba.cut(sample):
        pass
    return len(sample) / (time.perf_counter() - started)


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def api_url(port: int, q: str, extra: dict) -> str:
    params = {"q": q, "per_page": 20, **extra}
    return f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode(params)


def fetch(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def measure_app(index_dir: Path, workers: int) -> dict:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "searchapp", "--index", str(index_dir), "--port", str(port),
                             "--workers", str(workers)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = PeakSampler(proc.pid).__enter__()
    try:
        first = None
        while first is None:
            if proc.poll() is not None:
                raise SystemExit("searchapp exited before answering")
            try:
                fetch(api_url(port, "工会", {}))
                first = time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        latencies: dict[str, list[float]] = {}
        totals: dict[str, int] = {}
        for _ in range(ROUNDS):
            for label, q, extra in QUERIES:
                t = time.perf_counter()
                result = fetch(api_url(port, q, extra))
                latencies.setdefault(q + json.dumps(extra, ensure_ascii=False), []).append(
                    (time.perf_counter() - t) * 1000)
                totals[q + json.dumps(extra, ensure_ascii=False)] = result["total"]
    finally:
        sampler.__exit__()
        proc.terminate()
        proc.wait()
    every = [v for vs in latencies.values() for v in vs]
    return {"first_query_s": first, "p50_ms": statistics.median(every), "p95_ms": percentile(every, 0.95),
            "per_query_p50_ms": {k: statistics.median(v) for k, v in latencies.items()},
            "totals": totals, "peak_mb": sampler.peak_mb, "workers": workers}


def exported(index_dir: Path) -> list[dict]:
    """Return every article of the index as exported (the input of FTS5 and Tantivy)."""
    from indexer.search.export import records
    from indexer.storage import store
    from indexer.storage.reader import ArchiveSearcher

    return list(records(ArchiveSearcher(store.current(index_dir))))


def query_key(q: str, extra: dict) -> str:
    return q + json.dumps(extra, ensure_ascii=False)


def measure_fts5(rows: list[dict], db: Path) -> dict:
    started = time.perf_counter()
    fts5.build(db, rows)
    build_s = time.perf_counter() - started
    con = fts5.connect(db)
    latencies, totals = [], {}
    per_query: dict[str, list[float]] = {}
    for _ in range(ROUNDS):
        for label, q, extra in QUERIES:
            if "from" in extra or "level" in extra or " OR " in q:
                continue  # FTS5 side does count + city facet + snippets for plain and city queries
            terms = [t.strip('"') for t in q.split()]
            t = time.perf_counter()
            result = fts5.search(con, terms, extra.get("city"))
            latencies.append((time.perf_counter() - t) * 1000)
            per_query.setdefault(query_key(q, extra), []).append(latencies[-1])
            totals[q + json.dumps(extra, ensure_ascii=False)] = result["total"]
    chars = sum(len(r["title"]) + len(r["text"]) for r in rows)
    return {"build_s": build_s, "chars_per_s": chars / build_s, "p50_ms": statistics.median(latencies),
            "p95_ms": percentile(latencies, 0.95), "totals": totals, "size_mb": db.stat().st_size / 1e6,
            "per_query_p50_ms": {k: statistics.median(v) for k, v in per_query.items()}}


def measure_tantivy(rows: list[dict], path: Path) -> dict:
    """Build the rows into Tantivy and answer every query of the mix; None-free dict or a reason."""
    if not tantivy_ref.available():
        return {"missing": "the tantivy package is not installed (pip install -e '.[bench]')"}
    started = time.perf_counter()
    tantivy_ref.build(path, rows)
    build_s = time.perf_counter() - started
    ref = tantivy_ref.Reference(path)
    latencies: dict[str, list[float]] = {}
    phases: dict[str, list[float]] = {"count and city facet": [], "20 snippets": []}
    totals = {}
    for _ in range(ROUNDS):
        for label, q, extra in QUERIES:
            t = time.perf_counter()
            result = ref.search(q, extra)
            latencies.setdefault(query_key(q, extra), []).append((time.perf_counter() - t) * 1000)
            totals[query_key(q, extra)] = result["total"]
            phases["count and city facet"].append(result["count_facet_ms"])
            phases["20 snippets"].append(result["snippets_ms"])
    every = [v for vs in latencies.values() for v in vs]
    chars = sum(len(r["title"]) + len(r["text"]) for r in rows)
    return {"build_s": build_s, "chars_per_s": chars / build_s, "p50_ms": statistics.median(every),
            "p95_ms": percentile(every, 0.95), "totals": totals, "size_mb": du_mb(path),
            "per_query_p50_ms": {k: statistics.median(v) for k, v in latencies.items()},
            "phase_p50_ms": {k: statistics.median(v) for k, v in phases.items()},
            "version": tantivy_ref.version()}


def sizes_list(text: str) -> list[int]:
    """Parse "10000,30000" (argparse type)."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give whole numbers separated by commas") from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError(f"{text!r}: every size must be at least 10 articles")
    return sorted(set(sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, help="one archive size (default: 100000)")
    parser.add_argument("--sizes", type=sizes_list, help="several sizes, e.g. 10000,30000,100000,300000")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs",
                        help="where the cost curve's table and chart go (default: docs/; --out with --smoke)")
    parser.add_argument("--app-workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes of the measured app (default: the number of cores)")
    parser.add_argument("--smoke", action="store_true", help="small and quick: checks the benchmark runs")
    parser.add_argument("--redraw", action="store_true",
                        help="measure nothing: write the table and chart again from --out's results-N.json")
    args = parser.parse_args()
    if args.articles and args.sizes:
        parser.error("give --articles or --sizes, not both")
    sizes = args.sizes or [args.articles or 100_000]
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for size in sizes:
        saved = args.out / f"results-{size}.json"
        if args.redraw:
            if not saved.exists():
                parser.error(f"--redraw: no {saved}; measure that size first")
            results.append(json.loads(saved.read_text()))
            continue
        result = measure(size, args.out, args.app_workers)
        (args.out / f"results-{size}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
        print(report(result), flush=True)
        print(flush=True)
        results.append(result)
    docs = args.out if args.smoke else args.docs
    docs.mkdir(parents=True, exist_ok=True)
    table = curve_table(results)
    (docs / "cost-curve.md").write_text(table, encoding="utf-8")
    (docs / "cost-curve.svg").write_text(curve_chart(results), encoding="utf-8")
    print(table)
    print(f"\nwrote {docs / 'cost-curve.md'} and {docs / 'cost-curve.svg'}")
    if args.smoke and not all(r["hit_counts_agree"] and r["hit_counts_agree_tantivy"] is not False
                              for r in results):
        raise SystemExit("hit counts differ from FTS5 or Tantivy")


def measure(articles: int, out: Path, app_workers: int) -> dict:
    """Measure everything at one archive size; return the results."""
    archive = out / f"archive-{articles}"
    index_dir = out / f"index-{articles}"
    if not archive.exists():
        shape = generate(articles, archive)
        (archive.parent / f"{archive.name}.json").write_text(json.dumps(shape))
    shape = json.loads((archive.parent / f"{archive.name}.json").read_text())
    text = corpus_text(archive)
    cores = os.cpu_count() or 1
    raw = jieba_rate(text)

    shutil.rmtree(index_dir, ignore_errors=True)
    rebuild_s, rebuild_mb, rebuild_sum_mb = timed_run([sys.executable, "-m", "indexer", "rebuild", "--corpus", str(archive),
                                       "--index", str(index_dir), "--quiet"])
    from indexer.storage import store

    size_mb = du_mb(store.current(index_dir))

    last = max(dt.date.fromisoformat(p.name) for p in archive.glob("*/*") if p.is_dir())
    issue_date = last + dt.timedelta(days=7)
    new_issue(archive, issue_date, seed=7)
    try:
        update_s, _, _ = timed_run([sys.executable, "-m", "indexer", "update", "--corpus", str(archive),
                                 "--index", str(index_dir), "--quiet"])
    finally:
        shutil.rmtree(archive / str(issue_date.year) / issue_date.isoformat())

    app = measure_app(index_dir, app_workers)
    rows = exported(index_dir)
    fts = measure_fts5(rows, out / f"fts5-{articles}.sqlite")
    tan = measure_tantivy(rows, out / f"tantivy-{articles}")
    tan_agree = ({k: (app["totals"][k], tan["totals"][k]) for k in tan["totals"] if k in app["totals"]}
                 if "totals" in tan else {})
    agree = {k: (app["totals"][k], fts["totals"][k]) for k in fts["totals"]
             if all(len(t.strip('"')) >= 3 for t in k.split("{")[0].split()) and k in app["totals"]}

    result = {
        "machine": f"{platform.processor() or platform.machine()}, {cores} cores, Python {platform.python_version()}",
        "date": dt.date.today().isoformat(),
        "archive": shape,
        "jieba_cut_chars_per_s_one_core": raw,
        "rebuild_s": rebuild_s,
        "rebuild_articles_per_s": shape["articles"] / rebuild_s,
        "rebuild_chars_per_s": shape["chars"] / rebuild_s,
        "rebuild_share_of_cores_x_jieba": shape["chars"] / rebuild_s / (cores * raw),
        "rebuild_peak_mb": rebuild_mb,
        "rebuild_peak_sum_mb": rebuild_sum_mb,
        "index_kb_per_article": size_mb * 1000 / shape["articles"],
        "load_avg": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "index_mb": size_mb,
        "update_one_issue_s": update_s,
        "app": app,
        "fts5": fts,
        "hit_counts_ours_vs_fts5": agree,
        "hit_counts_agree": all(a == b for a, b in agree.values()),
        "tantivy": tan,
        "hit_counts_ours_vs_tantivy": tan_agree,
        "hit_counts_agree_tantivy": all(a == b for a, b in tan_agree.values()) if tan_agree else None,
    }
    return result


def _mb(value) -> str:
    return "—" if value is None else f"{value:,.0f} MB"


def report(r: dict) -> str:
    """Return the Markdown report of one size: measures, then every query side by side."""
    a, f, t = r["app"], r["fts5"], r["tantivy"]
    rows = [
        ("articles / characters", f"{r['archive']['articles']:,} / {r['archive']['chars']:,}"),
        ("raw jieba.cut, one core", f"{r['jieba_cut_chars_per_s_one_core']:,.0f} chars/s"),
        ("rebuild", f"{r['rebuild_s']:.1f} s = {r['rebuild_articles_per_s']:,.0f} articles/s = "
                    f"{r['rebuild_chars_per_s']:,.0f} chars/s"),
        ("rebuild ÷ (cores × raw jieba)", f"{r['rebuild_share_of_cores_x_jieba']:.0%}"),
        ("rebuild peak memory: largest process / sum over processes",
         f"{r['rebuild_peak_mb']:,} MB / {_mb(r['rebuild_peak_sum_mb'])}"),
        ("index size", f"{r['index_mb']:.1f} MB = {r['index_kb_per_article']:.1f} KB/article"),
        ("update after one 8-page issue", f"{r['update_one_issue_s']:.1f} s"),
        ("first search after app start", f"{a['first_query_s']:.2f} s"),
        ("search p50 / p95 (HTTP, facets + 20 snippets)", f"{a['p50_ms']:.1f} / {a['p95_ms']:.1f} ms"),
        (f"app peak memory, sum over its {a['workers']} workers and master", _mb(a["peak_mb"])),
    ]
    lines = [f"Machine: {r['machine']}; {r['date']}; load average at the end "
             f"{', '.join(f'{x:.1f}' for x in r['load_avg'] or [])}", "",
             "| measure | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    lines += ["", "| engine | build | index size | p50 / p95 ms | hit counts equal ours |",
              "| --- | --- | --- | --- | --- |",
              f"| ours (Whoosh + numpy, HTTP) | {r['rebuild_s']:.1f} s (whole rebuild) | {r['index_mb']:.1f} MB | "
              f"{a['p50_ms']:.1f} / {a['p95_ms']:.1f} | — |",
              f"| SQLite FTS5 trigram (in-process) | {f['build_s']:.1f} s | {f['size_mb']:.1f} MB | "
              f"{f['p50_ms']:.1f} / {f['p95_ms']:.1f} | {agree_text(r['hit_counts_ours_vs_fts5'])} (3+ chars) |"]
    if "missing" in t:
        lines.append(f"| Tantivy | {t['missing']} | | | |")
    else:
        lines.append(f"| Tantivy {t['version']}, characters + positions (in-process) | {t['build_s']:.1f} s | "
                     f"{t['size_mb']:.1f} MB | {t['p50_ms']:.1f} / {t['p95_ms']:.1f} | "
                     f"{agree_text(r['hit_counts_ours_vs_tantivy'])} |")
        lines += ["", "Tantivy's time by part, p50 over all queries: " + ", ".join(
            f"{name} {ms:.1f} ms" for name, ms in t["phase_p50_ms"].items())]
    lines += ["", "| query | our hits | FTS5 hits | Tantivy hits | our p50 ms (HTTP) | FTS5 p50 ms | "
              "Tantivy p50 ms |", "| --- | --- | --- | --- | --- | --- | --- |"]

    def ms(engine: dict, key: str) -> str:
        value = engine.get("per_query_p50_ms", {}).get(key)
        return "—" if value is None else f"{value:.1f}"

    for key, p50 in a["per_query_p50_ms"].items():
        lines.append(f"| `{key}` | {a['totals'][key]} | {f['totals'].get(key, '—')} | "
                     f"{t.get('totals', {}).get(key, '—')} | {p50:.1f} | {ms(f, key)} | {ms(t, key)} |")
    return "\n".join(lines)


def agree_text(pairs: dict) -> str:
    if not pairs:
        return "—"
    same = sum(a == b for a, b in pairs.values())
    return f"{same} of {len(pairs)} queries"


# (name in the table and chart, how to read it from a result, unit)
COSTS = [
    ("rebuild time", lambda r: r["rebuild_s"], "s"),
    ("update one issue", lambda r: r["update_one_issue_s"], "s"),
    ("index size", lambda r: r["index_mb"], "MB"),
    ("rebuild peak memory (sum)", lambda r: r["rebuild_peak_sum_mb"], "MB"),
    ("app peak memory (sum)", lambda r: r["app"]["peak_mb"], "MB"),
    ("first search", lambda r: r["app"]["first_query_s"], "s"),
    ("search p50", lambda r: r["app"]["p50_ms"], "ms"),
    ("search p95", lambda r: r["app"]["p95_ms"], "ms"),
]


def growth(results: list[dict]) -> list[tuple[str, float, float, float | None]]:
    """Return (cost, first value, last value, exponent b in cost ∝ articles^b) for each cost."""
    import math

    first, last = results[0], results[-1]
    n0, n1 = first["archive"]["articles"], last["archive"]["articles"]
    out = []
    for name, get, _ in COSTS:
        a, b = get(first), get(last)
        exponent = (math.log(b / a) / math.log(n1 / n0)) if a and b and n1 > n0 else None
        out.append((name, a, b, exponent))
    return out


def curve_table(results: list[dict]) -> str:
    """Return the Markdown of the cost curve: one row per size, then how each cost grows."""
    lines = ["| articles | characters | rebuild s | rebuild chars/s | update one issue s | index MB | "
             "KB / article | rebuild peak MB (sum) | app peak MB (sum) | first search s | p50 ms | p95 ms |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        a = r["app"]
        lines.append(
            f"| {r['archive']['articles']:,} | {r['archive']['chars']:,} | {r['rebuild_s']:.1f} | "
            f"{r['rebuild_chars_per_s']:,.0f} | {r['update_one_issue_s']:.1f} | {r['index_mb']:.1f} | "
            f"{r['index_kb_per_article']:.1f} | {_mb(r['rebuild_peak_sum_mb'])[:-3]} | {_mb(a['peak_mb'])[:-3]} | "
            f"{a['first_query_s']:.2f} | {a['p50_ms']:.1f} | {a['p95_ms']:.1f} |")
    if len(results) >= 2:
        n0, n1 = results[0]["archive"]["articles"], results[-1]["archive"]["articles"]
        lines += ["", f"From {n0:,} to {n1:,} articles (× {n1 / n0:g}); b is the exponent in "
                  "cost ∝ articles^b (1 = grows like the archive):", "",
                  "| cost | at first size | at last size | × | b | grows | b, last step only |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        last_step = growth(results[-2:])
        for (name, a, b, exponent), (_, _, unit), (_, _, _, recent) in zip(growth(results), COSTS, last_step):
            if exponent is None:
                lines.append(f"| {name} | — | — | — | — | not measured | |")
                continue
            verdict = ("faster than the archive" if exponent > 1.1 else
                       "like the archive" if exponent >= 0.9 else "slower than the archive")
            step = "—" if recent is None or len(results) < 3 else f"{recent:.2f}"
            lines.append(f"| {name} | {a:,.1f} {unit} | {b:,.1f} {unit} | {b / a:.2f} | {exponent:.2f} | {verdict} "
                         f"| {step} |")
    machine = results[-1]["machine"]
    lines += ["", f"Machine: {machine}; {results[-1]['date']}. Written by `python -m bench --sizes "
              f"{','.join(str(r['archive']['articles']) for r in results)}`."]
    return "\n".join(lines) + "\n"


def curve_chart(results: list[dict]) -> str:
    """Return the SVG chart of the cost curve."""
    sizes = [r["archive"]["articles"] for r in results]
    series = {name: [get(r) for r in results] for name, get, _ in COSTS}
    return svg(sizes, series, "How each cost grows with the archive (bench/run.py)")
