"""Build index segments in parallel worker processes.

Takes the page files of a rebuild and an empty index folder; gives the Whoosh
segments written by each worker, with the manifest entries and skipped pages
they found. Each worker reads, cuts, labels and analyses its share of the pages
and writes its own segments and text-store chunk into the same folder (as
Whoosh's own ``MpWriter(multisegment=True)`` does, but with the page reading
and segmentation in the workers too, where most of the time goes). The parent
then commits one table of contents listing every segment.

Segments are written as plain files, not Whoosh's compound file: Whoosh reads
a compound file's parts through ``BytesIO``, a full copy in memory for every
reader of every thread (1.3 GB each at 100,000 articles).

A worker keeps its postings in memory (so Whoosh never spills them to disk one
pickle at a time) and starts a new segment when they reach ``SEGMENT_BYTES``;
its folded texts go straight to disk. So a worker's memory is bounded whatever
the corpus size, and the default number of workers is what both the cores and
the available memory allow (``WORKER_BYTES`` each).

Workers run under any ``multiprocessing`` start method: ``fork`` where the
platform defaults to it (Linux: they share the jieba dictionary loaded before),
``spawn`` on Windows and macOS. ``GONGHUI_START_METHOD=spawn`` forces one. A
worker watches its parent's sentinel and stops at once if the parent dies.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import queue
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.ingest.corrections import Corrections
from indexer.storage.analysis import jieba_tokenizer
from indexer.storage.codec import ArchiveWriter
from indexer.storage import store
from indexer.storage.indexing import Summary, adder, index_pages
from indexer.storage.textstore import TextStoreWriter

# The in-memory pool (codec.FastPool, its size estimated by FastPool.nbytes: about
# 190 bytes a distinct term, 4.5 a posting, measured with tracemalloc on the
# synthetic archive by bench/pool_memory.py) is written as a segment when it
# reaches SEGMENT_BYTES.
# Whoosh pays a fixed cost per distinct term per segment, so fewer, larger
# segments are faster. A worker's peak is about 115 MB (Python, jieba) plus 1.8
# times SEGMENT_BYTES (writing a segment doubles the pool for a moment; measured:
# 100 MB gave a 291 MB peak), so this keeps it near 650 MB, under WORKER_BYTES.
SEGMENT_BYTES = 300 * 1024 * 1024
WORKER_BYTES = 1024 * 1024 * 1024  # what one worker may need at its peak
MIN_PAGES_PER_WORKER = 16  # below this, starting a process costs more than it saves
START_METHOD_ENV = "GONGHUI_START_METHOD"  # fork, spawn or forkserver; default: the platform's


def _segment_writer(ix) -> ArchiveWriter:
    # In-memory pool: never spilled, since segments are cut by size instead.
    return ArchiveWriter(ix)


def build_share(part: Path, root: Path, overrides: dict, paths: list[Path], chunk: int,
                tick: Callable[[], None], corrections: Corrections | None = None) -> dict:
    """Index one share of the pages into segments of their own; return what was written."""
    ix = whoosh_index.open_dir(str(part))
    texts = TextStoreWriter(part, chunk)
    segments, summary, pages, known = [], Summary(), {}, {}
    writer = _segment_writer(ix)
    add_to_writer = adder(writer, texts)

    def add(article) -> None:
        nonlocal writer, add_to_writer
        add_to_writer(article)
        if writer.pool.nbytes() >= SEGMENT_BYTES:
            segments.append(writer._finalize_segment())
            writer = _segment_writer(ix)
            add_to_writer = adder(writer, texts)

    index_pages(paths, root, overrides, add, known, summary, pages, tick, corrections)
    if writer.docnum:
        segments.append(writer._finalize_segment())
    else:
        writer.cancel()
    texts.close()
    return {"segments": segments, "pages": pages, "skipped": summary.skipped}


def _die_with_parent() -> None:
    """Drop an inherited copy of the writer lock; end this worker as soon as its parent dies."""
    store.close_inherited_locks()  # inherited only under fork
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])  # ready when the parent is gone
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker(args, counter, results) -> None:
    _die_with_parent()
    try:
        def tick() -> None:
            with counter.get_lock():
                counter.value += 1
        *positional, corrections = args
        results.put(("ok", build_share(*positional, tick=tick, corrections=corrections)))
    except BaseException:  # report, so the parent stops instead of waiting
        results.put(("error", traceback.format_exc()))


def shares(paths: list[Path], count: int) -> list[list[Path]]:
    """Split paths into `count` contiguous shares of about equal bytes."""
    sizes = [max(1, p.stat().st_size) for p in paths]
    total, target = sum(sizes), sum(sizes) / count
    out: list[list[Path]] = [[]]
    running = 0
    for path, size in zip(paths, sizes):
        if running >= target * len(out) and len(out) < count:
            out.append([])
        out[-1].append(path)
        running += size
    return [s for s in out if s]


def available_memory() -> int | None:
    """Return the bytes of memory available to new processes, or None if unknown."""
    try:
        if sys.platform == "win32":
            import ctypes

            class Status(ctypes.Structure):
                _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong),
                            ("total", ctypes.c_ulonglong), ("available", ctypes.c_ulonglong),
                            ("page_total", ctypes.c_ulonglong), ("page_free", ctypes.c_ulonglong),
                            ("virtual_total", ctypes.c_ulonglong), ("virtual_free", ctypes.c_ulonglong),
                            ("extended", ctypes.c_ulonglong)]

            status = Status(length=ctypes.sizeof(Status))
            if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
                return int(status.available)
            return None
        try:
            with open("/proc/meminfo", encoding="ascii") as f:  # Linux: counts reclaimable cache
                for line in f:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        # macOS and other Unix: free pages undercount (the cache is reclaimable); a
        # half of physical memory is a safe guess.
        free = os.sysconf("SC_AVPHYS_PAGES") if "SC_AVPHYS_PAGES" in os.sysconf_names else 0
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        return max(free * os.sysconf("SC_PAGE_SIZE"), total // 2)
    except (OSError, ValueError, AttributeError):
        return None


def worker_count(pages: int, procs: int | None, memory: int | None = None) -> int:
    """Return how many workers to use for a number of pages.

    `procs` if given; otherwise one per core, but no more than the available
    memory holds at WORKER_BYTES each (`memory` overrides the measured amount).
    """
    if not procs:
        procs = os.cpu_count() or 1
        memory = memory if memory is not None else available_memory()
        if memory is not None:
            procs = min(procs, memory // WORKER_BYTES)
    return max(1, min(procs, pages // MIN_PAGES_PER_WORKER))


def start_method() -> str:
    """Return the start method of worker processes (GONGHUI_START_METHOD, or the platform's)."""
    method = os.environ.get(START_METHOD_ENV, "").strip().lower()
    if method and method not in multiprocessing.get_all_start_methods():
        raise ValueError(f"{START_METHOD_ENV}={method} is not one of "
                         f"{', '.join(multiprocessing.get_all_start_methods())}")
    return method or multiprocessing.get_start_method(allow_none=True) or \
        multiprocessing.get_all_start_methods()[0]


def build_parallel(part: Path, root: Path, overrides: dict, paths: list[Path], procs: int,
                   progress: Callable[[int], None], corrections: Corrections | None = None) -> list[dict]:
    """Run `procs` workers over contiguous shares of the pages; return their results in order."""
    ctx = multiprocessing.get_context(start_method())
    if ctx.get_start_method() == "fork":
        jieba_tokenizer()  # load once, before forking, so the workers share it
    counter, results = ctx.Value("i", 0), ctx.Queue()
    jobs = shares(paths, procs)
    processes = [ctx.Process(target=_worker, daemon=True, args=(
        (part, root, overrides, share, chunk, corrections), counter, results))
        for chunk, share in enumerate(jobs)]
    for p in processes:
        p.start()
    done: list = []
    try:
        while len(done) < len(processes):
            progress(counter.value)
            try:
                status, payload = results.get(timeout=0.2)
            except queue.Empty:
                if any(p.exitcode not in (None, 0) for p in processes):
                    raise RuntimeError("an indexing worker died")
                continue
            if status == "error":
                raise RuntimeError(f"an indexing worker failed:\n{payload}")
            done.append(payload)
        progress(counter.value)
    finally:
        for p in processes:
            if p.is_alive():
                p.terminate()
            p.join(timeout=5)
    # Keep the shares' order (page order), whatever order the workers finished in.
    first_page = {id(r): min(r["pages"], default="") for r in done}
    return sorted(done, key=lambda r: first_page[id(r)])
