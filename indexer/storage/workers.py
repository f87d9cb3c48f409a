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

A worker keeps its postings in memory and starts a new segment every
``SEGMENT_POSTINGS`` postings, so Whoosh never spills them to disk one pickle
at a time. Workers are forked after jieba's dictionary is loaded, so they share
it instead of loading it again, and stop if their parent dies.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.ingest.corrections import Corrections
from indexer.storage.analysis import jieba_tokenizer
from indexer.storage.codec import ArchiveCodec, fast_writer
from indexer.storage import store
from indexer.storage.indexing import Summary, adder, index_pages
from indexer.storage.textstore import TextStoreWriter

# About 10,000 articles, ~2 GB of postings in memory per worker. Whoosh pays a
# fixed cost per distinct term per segment, so fewer, larger segments are faster.
SEGMENT_POSTINGS = 12_000_000
MIN_PAGES_PER_WORKER = 16  # below this, forking costs more than it saves


def _segment_writer(ix) -> SegmentWriter:
    # In-memory pool: never spilled, since segments are cut by size instead.
    return fast_writer(SegmentWriter(ix, _lk=False, codec=ArchiveCodec(), compound=False))


def build_share(part: Path, root: Path, overrides: dict, paths: list[Path], chunk: int,
                tick: Callable[[], None], corrections: Corrections | None = None) -> dict:
    """Index one share of the pages into segments of their own; return what was written."""
    ix = whoosh_index.open_dir(str(part))
    texts = TextStoreWriter(part, chunk)
    segments, summary, pages, known = [], Summary(), {}, {}
    parent = os.getppid()
    writer = _segment_writer(ix)
    add_to_writer = adder(writer, texts)

    def add(article) -> None:
        nonlocal writer, add_to_writer
        add_to_writer(article)
        if len(writer.pool.current) >= SEGMENT_POSTINGS:
            segments.append(writer._finalize_segment())
            writer = _segment_writer(ix)
            add_to_writer = adder(writer, texts)

    def page_done() -> None:
        if os.getppid() != parent:  # orphaned: the parent was killed
            os._exit(1)
        tick()

    index_pages(paths, root, overrides, add, known, summary, pages, page_done, corrections)
    if writer.docnum:
        segments.append(writer._finalize_segment())
    else:
        writer.cancel()
    texts.close()
    return {"segments": segments, "pages": pages, "skipped": summary.skipped}


def _die_with_parent() -> None:
    """Close the inherited writer lock and have the kernel end this worker if the parent dies."""
    for fd in list(store.HELD_LOCKS):
        os.close(fd)
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # elsewhere the per-page parent check in build_share still stops an orphan


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


def worker_count(pages: int, procs: int | None) -> int:
    """Return how many workers to use for a number of pages."""
    procs = procs or os.cpu_count() or 1
    return max(1, min(procs, pages // MIN_PAGES_PER_WORKER))


def build_parallel(part: Path, root: Path, overrides: dict, paths: list[Path], procs: int,
                   progress: Callable[[int], None], corrections: Corrections | None = None) -> list[dict]:
    """Run `procs` workers over contiguous shares of the pages; return their results in order."""
    jieba_tokenizer()  # load once, before forking, so the workers share it
    ctx = multiprocessing.get_context("fork")
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
