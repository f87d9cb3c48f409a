"""Write the article index: full rebuilds and incremental updates.

Takes a corpus folder; gives a new published index generation (see ``store``)
and a ``Summary`` of what was done. This is the only module that writes to the
index folder. Pages that cannot be used are reported in the summary and
skipped; every other page is indexed.
"""

from __future__ import annotations

import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.ingest.corpus import Skipped, choose_copies, read_corpus, relative_source
from indexer.ingest.corrections import Corrections, load_corrections
from indexer.storage import store, workers
from indexer.storage.codec import ArchiveWriter
from indexer.storage.keywords import write_segment_names
from indexer.storage.indexing import Summary, adder, correction_report, index_pages
from indexer.storage.schema import format_difference, index_format, schema
from indexer.storage.textstore import TextStoreWriter


class _Progress:
    """A progress bar on the terminal (tqdm), or nothing."""

    def __init__(self, total: int, show: bool, label: str):
        self.bar = None
        if show:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="page", desc=label, dynamic_ncols=True)

    def tick(self) -> None:
        if self.bar:
            self.bar.update(1)

    def update_to(self, done: int) -> None:
        if self.bar and done != self.bar.n:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar:
            self.bar.close()


def rebuild(corpus: Path, index_dir: Path, progress: bool = False, procs: int | None = None) -> Summary:
    """Index every page of the corpus into a new generation, using every core, and publish it."""
    started = time.perf_counter()
    summary = Summary()
    paths, overrides = read_corpus(corpus)
    paths, copies = choose_copies(paths, corpus, overrides)  # before pages are shared out
    summary.skipped.extend(copies)
    corrections = load_corrections(corpus)
    with store.writer_lock(index_dir):
        part = store.start_generation(index_dir)
        ix = whoosh_index.create_in(str(part), schema())
        bar = _Progress(len(paths), progress, "rebuild")
        try:
            count = workers.worker_count(len(paths), procs)
            if count == 1:
                shares = [workers.build_share(part, corpus, overrides, paths, 0, bar.tick, corrections)]
            else:
                shares = workers.build_parallel(part, corpus, overrides, paths, count, bar.update_to,
                                                corrections)
        finally:
            bar.close()
        pages = _commit_shares(ix, shares, summary)
        ix.close()
        _finish(index_dir, part, pages, summary, corrections)
    summary.seconds = time.perf_counter() - started
    return summary


def _unlocked_writer(ix, **options) -> SegmentWriter:
    """Return a Whoosh writer that takes no lock of its own: the caller holds store.writer_lock.

    (Whoosh's own lock uses fcntl wherever os.name is "posix".)
    """
    return SegmentWriter(ix, _lk=False, **options)


def _commit_shares(ix, shares: list[dict], summary: Summary) -> dict[str, dict]:
    """Commit every share's segments in one table of contents; drop pages found twice."""
    pages: dict[str, dict] = {}
    first_source: dict[str, str] = {}
    twins: list[str] = []
    for share in shares:
        summary.skipped.extend(share["skipped"])
        for source, entry in share["pages"].items():
            if entry["sha1"] in first_source:  # a copy of a page another worker indexed
                twins.append(source)
                summary.skipped.append(Skipped(source, f"same content as {first_source[entry['sha1']]}; indexed once"))
            else:
                first_source[entry["sha1"]] = source
                pages[source] = entry
    writer = _unlocked_writer(ix)
    writer._close_segment()  # the parent adds no documents of its own
    writer._commit_toc([segment for share in shares for segment in share["segments"]])
    writer._finish()
    if twins:
        writer = _unlocked_writer(ix)
        for source in twins:
            writer.delete_by_term("source", source)
        writer.commit(merge=False)
    summary.skipped.sort(key=lambda s: s.source)
    return pages


def _finish(index_dir: Path, part: Path, pages: dict[str, dict], summary: Summary,
            corrections: Corrections) -> None:
    ix = whoosh_index.open_dir(str(part))
    with ix.reader() as reader:
        write_segment_names(part, reader)  # the app's name facets, read once here
    ix.close()
    store.write_format(part, index_format())
    report = correction_report(pages, corrections)
    summary.corrections_applied, summary.stale_corrections = report["applied"], report["stale"]
    store.write_manifest(part, {
        "version": 1,
        "pages": pages,
        "skipped": [{"source": s.source, "reason": s.reason} for s in summary.skipped],
        "corrections": report,
    })
    summary.pages = len(pages)
    summary.articles = sum(len(p["articles"]) for p in pages.values())
    summary.generation = store.publish(index_dir, part).name


SMALL_SEGMENT_DOCS = 2_000  # an update merges segments smaller than this
MAX_SMALL_SEGMENTS = 4  # … once there are more of them than this


def merge_small_segments(writer, segments: list) -> list:
    """Whoosh merge policy for updates: leave big segments alone; fold many small ones into one.

    Whoosh's default policy may rewrite large segments during a small update,
    which costs minutes at archive scale; this one only ever merges segments of
    fewer than SMALL_SEGMENT_DOCS documents, and only when they pile up.
    """
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) <= MAX_SMALL_SEGMENTS:
        return segments
    for segment in small:
        writer.add_reader(SegmentReader(writer.storage, writer.schema, segment))
    return [s for s in segments if s not in small]


def _unchanged(path: Path, entry: dict | None, override: dict, fixes: list[dict]) -> bool:
    if entry is None or entry.get("override", {}) != override or entry.get("fixes", []) != fixes:
        return False
    stat = path.stat()
    return stat.st_size == entry["size"] and stat.st_mtime_ns == entry["mtime_ns"]


def _rebuilt(summary: Summary, reason: str) -> Summary:
    """Return a rebuild's summary as an update's: every page it indexed was added."""
    summary.added = summary.pages
    summary.rebuilt_because = reason
    return summary


def update(corpus: Path, index_dir: Path, progress: bool = False) -> Summary:
    """Index only the pages added, changed or removed since the last build, and publish.

    With no index yet, or one of another format (written by another version),
    this is a rebuild.
    """
    started = time.perf_counter()
    try:
        live = store.current(index_dir)
    except store.IndexMissing:
        return _rebuilt(rebuild(corpus, index_dir, progress), "there was no index yet")
    difference = format_difference(store.read_format(live))
    if difference:
        return _rebuilt(rebuild(corpus, index_dir, progress),
                        f"the index was of another format: {difference}")
    summary = Summary()
    paths, overrides = read_corpus(corpus)
    corrections = load_corrections(corpus)
    with store.writer_lock(index_dir):
        live = store.current(index_dir)
        old_pages = store.read_manifest(live)["pages"]
        pages: dict[str, dict] = {}
        todo: list[Path] = []
        unchanged = {}
        for path in paths:
            source = relative_source(path, corpus)
            entry = old_pages.get(source)
            if _unchanged(path, entry, overrides.get(source, {}), corrections.fixes_of(source)):
                unchanged[source] = entry
        # The same rule as a rebuild: a copy indexed before loses to a dated copy added now.
        kept, copies = choose_copies(paths, corpus, overrides,
                                     {s: e["sha1"] for s, e in unchanged.items()})
        summary.skipped.extend(copies)
        on_disk: set[str] = set()
        for path in kept:
            source = relative_source(path, corpus)
            on_disk.add(source)
            if source in unchanged:
                pages[source] = unchanged[source]
            else:
                todo.append(path)
        gone = [s for s in old_pages if s not in on_disk]
        redo = [relative_source(p, corpus) for p in todo if relative_source(p, corpus) in old_pages]
        part = store.start_generation(index_dir)
        store.clone_into(live, part)
        ix = whoosh_index.open_dir(str(part))
        writer = ArchiveWriter(ix)
        texts = TextStoreWriter(part)
        bar = _Progress(len(todo), progress and bool(todo), "update")
        try:
            for source in gone + redo:
                writer.delete_by_term("source", source)
            known = {entry["sha1"]: s for s, entry in pages.items()}
            index_pages(todo, corpus, overrides, adder(writer, texts), known, summary, pages, bar.tick,
                        corrections)
            texts.close()
            writer.commit(mergetype=merge_small_segments)
        except BaseException:
            writer.cancel()
            raise
        finally:
            bar.close()
        ix.close()
        summary.removed = len(gone)
        summary.changed = sum(1 for s in redo if s in pages)
        summary.added = sum(1 for p in todo if relative_source(p, corpus) not in old_pages
                            and relative_source(p, corpus) in pages)
        _finish(index_dir, part, pages, summary, corrections)
    summary.seconds = time.perf_counter() - started
    return summary
