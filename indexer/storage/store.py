"""Index generations: how the index folder is laid out and swapped safely.

The index folder holds numbered generations and a pointer to the live one:

    index/CURRENT            "gen-000007"
    index/gen-000007/        a complete Whoosh index + manifest.json
    index/gen-000008.part/   being built (ignored by readers; removed if abandoned)

A writer builds a new generation beside the live one (a rebuild from scratch,
an update from hard links to the live generation's immutable segment files),
and publishes it by replacing CURRENT atomically. Readers only ever open what
CURRENT names, so a writer killed at any moment leaves the previous index whole.
The previous generation is kept, so a reader that opened it a moment ago can
finish; older ones are removed.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POINTER = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".writer.lock"
PREFIX = "gen-"
PART = ".part"


# File descriptors of writer locks this process holds: a forked worker closes its
# copies, or a killed writer's lock would live on in its orphaned workers.
HELD_LOCKS: set[int] = set()


class IndexMissing(Exception):
    """There is no built index in the folder; the message says what to run."""


class IndexBusy(Exception):
    """Another rebuild or update is writing to the index folder."""


def current(index_dir: Path) -> Path:
    """Return the live generation's folder, or raise IndexMissing."""
    pointer = index_dir / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexMissing(
            f"no index in {index_dir}: run `python -m indexer rebuild --index {index_dir}` first"
        ) from None
    gen = index_dir / name
    if not name.startswith(PREFIX) or not gen.is_dir():
        raise IndexMissing(f"{pointer} names {name!r}, which is not a generation folder")
    return gen


def current_token(index_dir: Path) -> str | None:
    """Return the live generation's name (cheap; readers poll it to see a new index)."""
    try:
        return (index_dir / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def _generations(index_dir: Path) -> list[tuple[int, Path]]:
    gens = []
    for entry in index_dir.iterdir() if index_dir.is_dir() else []:
        name = entry.name.removesuffix(PART)
        if name.startswith(PREFIX) and name[len(PREFIX):].isdigit():
            gens.append((int(name[len(PREFIX):]), entry))
    return sorted(gens)


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index folder's writer lock, or raise IndexBusy."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another rebuild or update is writing to {index_dir}") from None
        HELD_LOCKS.add(handle.fileno())
        try:
            yield
        finally:
            HELD_LOCKS.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def start_generation(index_dir: Path) -> Path:
    """Create and return an empty folder for the next generation (under the writer lock)."""
    for _, path in _generations(index_dir):
        if path.name.endswith(PART):  # left by a writer that was killed
            shutil.rmtree(path, ignore_errors=True)
    numbers = [n for n, _ in _generations(index_dir)]
    path = index_dir / f"{PREFIX}{(max(numbers) + 1 if numbers else 1):06d}{PART}"
    path.mkdir()
    return path


def clone_into(live: Path, part: Path) -> None:
    """Fill a new generation with hard links to the live one's files (segments never change)."""
    for entry in live.iterdir():
        if entry.is_file() and entry.name != MANIFEST:
            try:
                os.link(entry, part / entry.name)
            except OSError:  # a file system without hard links
                shutil.copy2(entry, part / entry.name)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(index_dir: Path, part: Path) -> Path:
    """Make a finished generation the live one, atomically, and prune old ones."""
    for entry in part.iterdir():
        if entry.is_file():
            with open(entry, "rb") as f:
                os.fsync(f.fileno())
    final = part.with_name(part.name.removesuffix(PART))
    os.rename(part, final)
    _fsync_dir(index_dir)
    tmp = index_dir / (POINTER + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(final.name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / POINTER)
    _fsync_dir(index_dir)
    _prune(index_dir, keep=final)
    return final


def _prune(index_dir: Path, keep: Path) -> None:
    done = [(n, p) for n, p in _generations(index_dir) if not p.name.endswith(PART)]
    for n, path in done[:-2]:  # keep the new generation and the one before it
        if path != keep:
            shutil.rmtree(path, ignore_errors=True)


def read_manifest(gen: Path) -> dict:
    """Return a generation's manifest (pages, their checksums and article ids)."""
    try:
        return json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"pages": {}, "skipped": []}


def write_manifest(part: Path, manifest: dict) -> None:
    """Write a generation's manifest."""
    (part / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
