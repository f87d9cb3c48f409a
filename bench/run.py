"""Measure the indexer and the app on a synthetic archive, beside SQLite FTS5.

In one run, on the same generated articles and queries:

* raw ``jieba.cut`` throughput on the archive's text (one core): the ceiling;
* a full ``python -m indexer rebuild``: articles/s, characters/s, peak memory;
* ``python -m indexer update`` after one new 8-page issue lands;
* ``python -m searchapp``: time to its first answer, then p50/p95 latency of
  ``/api/search`` over HTTP for a fixed query mix (each with facets and 20
  snippets), and its peak memory;
* SQLite FTS5 (trigram) doing the same work (count, city facet, 20 snippets),
  and the hit counts of both compared for strings of three or more characters.

    python -m bench --articles 100000          # the full run (make bench)
    python -m bench --articles 300 --smoke     # a quick run that checks it all works

Results are printed as a Markdown table and saved as JSON under bench/out/.
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
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench import fts5
from bench.generate import generate, new_issue

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


def timed_run(args: list[str]) -> tuple[float, int]:
    """Run a command; return wall seconds and the peak RSS (MB) of it or any child it waited for."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    out = proc.stdout.read()
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(usage.ru_maxrss, children) // 1024


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


def measure_app(index_dir: Path) -> dict:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "searchapp", "--index", str(index_dir), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) // 1024
    finally:
        proc.terminate()
        proc.wait()
    every = [v for vs in latencies.values() for v in vs]
    return {"first_query_s": first, "p50_ms": statistics.median(every), "p95_ms": percentile(every, 0.95),
            "per_query_p50_ms": {k: statistics.median(v) for k, v in latencies.items()},
            "totals": totals, "peak_mb": peak}


def measure_fts5(index_dir: Path, db: Path) -> dict:
    from indexer.storage import store
    from indexer.search.export import records
    from indexer.storage.reader import ArchiveSearcher

    rows = list(records(ArchiveSearcher(store.current(index_dir))))
    started = time.perf_counter()
    fts5.build(db, rows)
    build_s = time.perf_counter() - started
    con = fts5.connect(db)
    latencies, totals = [], {}
    for _ in range(ROUNDS):
        for label, q, extra in QUERIES:
            if "from" in extra or "level" in extra or " OR " in q:
                continue  # FTS5 side does count + city facet + snippets for plain and city queries
            terms = [t.strip('"') for t in q.split()]
            t = time.perf_counter()
            result = fts5.search(con, terms, extra.get("city"))
            latencies.append((time.perf_counter() - t) * 1000)
            totals[q + json.dumps(extra, ensure_ascii=False)] = result["total"]
    chars = sum(len(r["title"]) + len(r["text"]) for r in rows)
    return {"build_s": build_s, "chars_per_s": chars / build_s, "p50_ms": statistics.median(latencies),
            "p95_ms": percentile(latencies, 0.95), "totals": totals, "size_mb": db.stat().st_size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--smoke", action="store_true", help="small and quick: checks the benchmark runs")
    args = parser.parse_args()

    out = args.out
    archive = out / f"archive-{args.articles}"
    index_dir = out / f"index-{args.articles}"
    out.mkdir(parents=True, exist_ok=True)
    if not archive.exists():
        shape = generate(args.articles, archive)
        (archive.parent / f"{archive.name}.json").write_text(json.dumps(shape))
    shape = json.loads((archive.parent / f"{archive.name}.json").read_text())
    text = corpus_text(archive)
    cores = os.cpu_count() or 1
    raw = jieba_rate(text)

    shutil.rmtree(index_dir, ignore_errors=True)
    rebuild_s, rebuild_mb = timed_run([sys.executable, "-m", "indexer", "rebuild", "--corpus", str(archive),
                                       "--index", str(index_dir), "--quiet"])
    from indexer.storage import store

    size_mb = du_mb(store.current(index_dir))

    last = max(dt.date.fromisoformat(p.name) for p in archive.glob("*/*") if p.is_dir())
    issue_date = last + dt.timedelta(days=7)
    new_issue(archive, issue_date, seed=7)
    try:
        update_s, _ = timed_run([sys.executable, "-m", "indexer", "update", "--corpus", str(archive),
                                 "--index", str(index_dir), "--quiet"])
    finally:
        shutil.rmtree(archive / str(issue_date.year) / issue_date.isoformat())

    app = measure_app(index_dir)
    fts = measure_fts5(index_dir, out / f"fts5-{args.articles}.sqlite")
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
        "index_mb": size_mb,
        "update_one_issue_s": update_s,
        "app": app,
        "fts5": fts,
        "hit_counts_ours_vs_fts5": agree,
        "hit_counts_agree": all(a == b for a, b in agree.values()),
    }
    (out / f"results-{args.articles}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(report(result))
    if args.smoke and not result["hit_counts_agree"]:
        raise SystemExit("hit counts differ from FTS5")


def report(r: dict) -> str:
    a, f = r["app"], r["fts5"]
    rows = [
        ("articles / characters", f"{r['archive']['articles']:,} / {r['archive']['chars']:,}"),
        ("raw jieba.cut, one core", f"{r['jieba_cut_chars_per_s_one_core']:,.0f} chars/s"),
        ("rebuild", f"{r['rebuild_s']:.1f} s = {r['rebuild_articles_per_s']:,.0f} articles/s = "
                    f"{r['rebuild_chars_per_s']:,.0f} chars/s"),
        ("rebuild ÷ (cores × raw jieba)", f"{r['rebuild_share_of_cores_x_jieba']:.0%}"),
        ("rebuild peak memory", f"{r['rebuild_peak_mb']} MB"),
        ("index size", f"{r['index_mb']:.0f} MB (FTS5: {f['size_mb']:.0f} MB)"),
        ("update after one 8-page issue", f"{r['update_one_issue_s']:.1f} s"),
        ("first search after app start", f"{a['first_query_s']:.2f} s"),
        ("search p50 / p95 (HTTP, facets + 20 snippets)", f"{a['p50_ms']:.1f} / {a['p95_ms']:.1f} ms"),
        ("FTS5 trigram p50 / p95 (in-process)", f"{f['p50_ms']:.1f} / {f['p95_ms']:.1f} ms"),
        ("FTS5 build", f"{f['build_s']:.1f} s = {f['chars_per_s']:,.0f} chars/s"),
        ("app peak memory", f"{a['peak_mb']} MB"),
        ("hit counts agree with FTS5 (3+ chars)", str(r["hit_counts_agree"])),
    ]
    lines = [f"Machine: {r['machine']}; {r['date']}", "", "| measure | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    lines += ["", "| query | our p50 ms | our hits | FTS5 hits |", "| --- | --- | --- | --- |"]
    for key, p50 in a["per_query_p50_ms"].items():
        lines.append(f"| `{key}` | {p50:.1f} | {a['totals'][key]} | {f['totals'].get(key, '—')} |")
    return "\n".join(lines)
