"""Read the page files of a corpus folder.

Takes a corpus folder; gives ``Page`` records, and for each file that cannot be
used a ``Skipped`` record naming the file and the reason. Layout:

    corpus/2021/2021-11-12/03.txt   page 3 of the issue dated 2021-11-12
    corpus/anything/else.txt        accepted; its date is inferred from the text
                                    (a lower bound, with its precision: ``dates``)
    corpus/overrides.toml           corrections of a page's date or page number

Files holding the same bytes are one page, indexed once (``choose_copies``): the copy
dated by its path (or the override file) wins, then the first path in sorted order.

The override file maps a page's path (relative to the corpus folder) to fields:

    ["000_4bf4922956c613dc.txt"]
    date = "2021-11-12"
    page = 2
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.ingest.dates import infer_issue_date
from indexer.ingest.model import Page

OVERRIDES_FILE = "overrides.toml"
MAX_PAGE_BYTES = 20 * 1024 * 1024  # far above any real page; guards memory

DATE_DIR = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
PAGE_NAME = re.compile(r"^(\d{1,3})$")


@dataclass
class Skipped:
    """A file that was not indexed, and why."""

    source: str
    reason: str


class PageError(Exception):
    """A page file that cannot be used; the message is the reason."""


def discover(root: Path) -> Iterator[Path]:
    """Yield every .txt file below root, in a stable order."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(".txt") and not name.startswith("."):
                yield Path(dirpath) / name


def relative_source(path: Path, root: Path) -> str:
    """Return the path of a page relative to the corpus folder, with forward slashes."""
    text, prefix = str(path), str(root) + os.sep
    if text.startswith(prefix):  # what discover() gives: string work, ten times faster than pathlib
        return text[len(prefix):].replace(os.sep, "/")
    return path.relative_to(root).as_posix()


def load_overrides(root: Path) -> dict[str, dict]:
    """Read corpus/overrides.toml; raise PageError with a readable reason if it is broken."""
    path = root / OVERRIDES_FILE
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PageError(f"{OVERRIDES_FILE} cannot be read: {exc}") from exc
    overrides: dict[str, dict] = {}
    for source, fields in data.items():
        if not isinstance(fields, dict):
            raise PageError(f"{OVERRIDES_FILE}: [{source}] must be a table of fields")
        if "date" in fields:
            fields = {**fields, "date": _valid_date(str(fields["date"]), f"{OVERRIDES_FILE} [{source}]")}
        if "page" in fields and not isinstance(fields["page"], int):
            raise PageError(f"{OVERRIDES_FILE} [{source}]: page must be a whole number")
        overrides[source] = fields
    return overrides


def _valid_date(text: str, where: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise PageError(f"{where}: {text!r} is not a real date (YYYY-MM-DD)") from exc


def path_date(source: str) -> str | None:
    """Return the issue date named by a YYYY-MM-DD folder in the path, if any.

    Raises PageError for a folder that looks like a date but is not one (2022-13-45).
    """
    for part in source.split("/")[:-1]:
        match = DATE_DIR.match(part)
        if match:
            return _valid_date(part, f"date folder {part}")
    return None


def path_page(source: str) -> int | None:
    """Return the page number named by a file called NN.txt, if any."""
    match = PAGE_NAME.match(Path(source).stem)
    return int(match.group(1)) if match else None


def decode(raw: bytes) -> str:
    """Decode a page: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PageError("UTF-16 byte-order mark, but the text is not valid UTF-16") from exc
    if b"\x00" in raw:
        raise PageError("binary file (contains NUL bytes), not a text page")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise PageError("cannot be decoded as UTF-8 or GB18030/GBK text") from exc


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > 8 and controls > len(text[:4096]) // 100


def read_page(path: Path, root: Path, overrides: dict[str, dict]) -> Page:
    """Read one page file into a Page; raise PageError with the reason if it cannot be used."""
    source = relative_source(path, root)
    real = path.resolve()
    if real != path.absolute() and not real.is_relative_to(root.resolve()):
        raise PageError(f"link to a file outside the corpus folder ({real})")
    try:
        size = real.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageError(f"{size // (1024 * 1024)} MB is larger than the {MAX_PAGE_BYTES // (1024 * 1024)} MB limit for one page")
        raw = real.read_bytes()
    except OSError as exc:
        raise PageError(f"cannot be read: {exc.strerror or exc}") from exc
    text = decode(raw).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise PageError("empty page (no text)")
    if _looks_binary(text):
        raise PageError("binary file (control characters), not a text page")
    override = overrides.get(source, {})
    date = override.get("date") or path_date(source)
    inferred = date is None
    precision = "day"
    if inferred:
        date, precision = infer_issue_date(text)
    page = override.get("page", path_page(source))
    return Page(
        source=source,
        text=text,
        date=date,
        date_inferred=inferred,
        page=page,
        sha1=hashlib.sha1(raw).hexdigest(),
        date_precision=precision,
    )


def read_corpus(root: Path) -> tuple[list[Path], dict[str, dict]]:
    """Return the page files of a corpus folder and its overrides."""
    if not root.is_dir():
        raise PageError(f"corpus folder {root} does not exist")
    return list(discover(root)), load_overrides(root)


def _is_dated(source: str, overrides: dict[str, dict]) -> bool:
    """Tell whether a page's date is known from its path or the override file."""
    if overrides.get(source, {}).get("date"):
        return True
    try:
        return path_date(source) is not None
    except PageError:
        return False  # an impossible date folder: read_page reports it


def _content_sha1(path: Path, root: Path) -> str | None:
    """Return the sha1 of a file's bytes, or None for a file that read_page will refuse."""
    try:
        real = path.resolve()
        if real != path.absolute() and not real.is_relative_to(root.resolve()):
            return None
        if real.stat().st_size > MAX_PAGE_BYTES:
            return None
        raw = real.read_bytes()
    except OSError:
        return None
    return hashlib.sha1(raw).hexdigest() if raw.strip() else None


def choose_copies(paths: list[Path], root: Path, overrides: dict[str, dict],
                  known_sha1: dict[str, str] | None = None) -> tuple[list[Path], list[Skipped]]:
    """Keep one file of each set holding the same bytes; return the files kept and the others.

    The rule, the same however pages are later shared among workers: a copy dated by
    its path (or the override file) wins over an undated one, then the first path in
    sorted order. ``known_sha1`` maps a source to its sha1 where that is already known
    (an update's unchanged pages), so those files are not read again. Files that
    cannot be read, empty files and links out of the corpus are kept, for read_page
    to report.
    """
    known_sha1 = known_sha1 or {}
    groups: dict[str, list[tuple[bool, str, Path]]] = {}
    kept: list[Path] = []
    for path in paths:
        source = relative_source(path, root)
        sha1 = known_sha1.get(source) or _content_sha1(path, root)
        if sha1 is None:
            kept.append(path)
        else:
            groups.setdefault(sha1, []).append((not _is_dated(source, overrides), source, path))
    skipped: list[Skipped] = []
    for copies in groups.values():
        copies.sort(key=lambda c: c[:2])
        winner_undated, winner, path = copies[0]
        kept.append(path)
        for undated, source, _ in copies[1:]:
            why = "the dated copy" if undated and not winner_undated else "first in path order"
            skipped.append(Skipped(source, f"same content as {winner} ({why}); indexed once"))
    order = {path: n for n, path in enumerate(paths)}
    kept.sort(key=order.__getitem__)
    return kept, sorted(skipped, key=lambda s: s.source)
