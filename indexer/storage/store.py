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
finish; older ones are removed. On Windows a file in use cannot be deleted or
renamed over, so publishing retries briefly, and a generation a reader still
has open is left for a later writer to remove.

Each generation records the format it was written in (``format.json``, see
``schema.index_format``); a reader refuses a generation of another format with
``IndexOutdated`` ("rebuild needed"), rather than misreading it.

Locking is portable (``filelock``: ``fcntl`` on Unix, ``msvcrt`` on Windows).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

POINTER = "CURRENT"
MANIFEST = "manifest.json"
FORMAT = "format.json"
LOCK = ".writer.lock"
PREFIX = "gen-"
PART = ".part"
TRASH = ".old"  # a generation being removed (renamed first, so no reader opens it)
LOCK_WAIT = 3.0  # seconds to wait for a writer lock held by a dying writer's workers
RETRIES = 50  # Windows: attempts to replace a file a reader has open for a moment


# File descriptors of writer locks this process holds: a worker started by fork
# closes its copies, or a killed writer's lock would live on in its workers.
HELD_LOCKS: dict[int, tuple[int, int]] = {}  # descriptor -> (device, inode) of the lock file


class IndexMissing(Exception):
    """There is no built index in the folder; the message says what to run."""


class IndexOutdated(IndexMissing):
    """The index was written in another format; the message says to rebuild."""


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
    lock = FileLock(str(index_dir / LOCK))
    try:
        lock.acquire(timeout=LOCK_WAIT)
    except Timeout:
        raise IndexBusy(f"another rebuild or update is writing to {index_dir}") from None
    fd = _lock_fd(lock)
    if fd is not None:
        stat = os.fstat(fd)
        HELD_LOCKS[fd] = (stat.st_dev, stat.st_ino)
    try:
        yield
    finally:
        HELD_LOCKS.pop(fd, None)
        lock.release()


def _lock_fd(lock: FileLock) -> int | None:
    """Return the lock's file descriptor where filelock exposes it (for forked workers)."""
    fd = getattr(getattr(lock, "_context", None), "lock_file_fd", None)
    return fd if isinstance(fd, int) else None


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
        if entry.is_file() and entry.name not in (MANIFEST, FORMAT):
            try:
                os.link(entry, part / entry.name)
            except OSError:  # a file system without hard links
                shutil.copy2(entry, part / entry.name)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; NTFS orders the renames itself
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _retry(action: Callable[[], None]) -> None:
    """Run a rename, retrying while Windows reports the file in use by a reader."""
    for attempt in range(RETRIES):
        try:
            return action()
        except PermissionError:
            if attempt == RETRIES - 1:
                raise
            time.sleep(0.1)


def publish(index_dir: Path, part: Path) -> Path:
    """Make a finished generation the live one, atomically, and prune old ones."""
    for entry in part.iterdir():
        if entry.is_file():
            with open(entry, "rb") as f:
                os.fsync(f.fileno())
    final = part.with_name(part.name.removesuffix(PART))
    _retry(lambda: os.rename(part, final))
    _fsync_dir(index_dir)
    tmp = index_dir / (POINTER + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(final.name + "\n")
        f.flush()
        os.fsync(f.fileno())
    _retry(lambda: os.replace(tmp, index_dir / POINTER))
    _fsync_dir(index_dir)
    prune(index_dir, keep=final)
    return final


def prune(index_dir: Path, keep: Path) -> None:
    """Remove generations older than the one before `keep`, skipping any still in use.

    A generation is renamed before it is deleted, so no reader opens half of it;
    on Windows the rename fails while a reader has one of its files open, and
    the generation is left for the next writer.
    """
    for entry in index_dir.iterdir():  # left by a prune interrupted before
        if entry.name.endswith(TRASH) and entry.name.startswith(PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
    done = [(n, p) for n, p in _generations(index_dir) if not p.name.endswith(PART)]
    for n, path in done[:-2]:  # keep the new generation and the one before it
        if path == keep:
            continue
        trash = path.with_name(path.name + TRASH)
        try:
            os.rename(path, trash)
        except OSError:  # in use (Windows): try again at the next publish
            continue
        shutil.rmtree(trash, ignore_errors=True)


def read_manifest(gen: Path) -> dict:
    """Return a generation's manifest (pages, their checksums and article ids)."""
    try:
        return json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"pages": {}, "skipped": []}


def read_format(gen: Path) -> dict | None:
    """Return the format a generation recorded, or None if it recorded none."""
    try:
        return json.loads((gen / FORMAT).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def write_format(part: Path, fmt: dict) -> None:
    """Record the format a generation is written in."""
    (part / FORMAT).write_text(json.dumps(fmt, ensure_ascii=False, indent=1, sort_keys=True),
                               encoding="utf-8")


def write_manifest(part: Path, manifest: dict) -> None:
    """Write a generation's manifest."""
    # One line: json's C encoder does not indent (with indent=1 writing the manifest of
    # 50,000 pages took 1.5 s of every update).
    (part / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def close_inherited_locks() -> None:
    """In a worker started by fork: close its copies of the parent's writer lock.

    Only descriptors that still refer to the lock file are closed (filelock may
    have closed them already, and the number be reused by something else).
    """
    for fd, identity in list(HELD_LOCKS.items()):
        try:
            stat = os.fstat(fd)
            if (stat.st_dev, stat.st_ino) == identity:
                os.close(fd)
        except OSError:
            pass
    HELD_LOCKS.clear()
