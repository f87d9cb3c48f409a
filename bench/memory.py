"""Memory of a process and all its descendants, summed (Linux /proc; None elsewhere).

Takes a process id; gives the resident memory (MB) of that process and every
process below it, now (``tree_rss_mb``) or at its peak while a command runs
(``PeakSampler``: samples the sum every 0.1 s, and also keeps each process's
own high-water mark, whose sum bounds the true peak from above). A rebuild's
workers and an app's worker processes are counted together, not only the
largest one.
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")


def available() -> bool:
    """Tell whether process memory can be read here (Linux /proc)."""
    return (PROC / "self" / "status").exists()


def _status(pid: int) -> dict[str, int]:
    """Return VmRSS and VmHWM (kB) of one process; empty if it is gone."""
    out = {}
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return {}
    return out


def tree(pid: int) -> list[int]:
    """Return pid and the ids of all its living descendants."""
    parents: dict[int, list[int]] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, ()))
    return out


def tree_rss_mb(pid: int) -> float | None:
    """Return the resident memory (MB) of pid and its descendants now, None if unknown."""
    if not available():
        return None
    return sum(_status(p).get("VmRSS", 0) for p in tree(pid)) / 1024


def tree_hwm_mb(pid: int) -> float | None:
    """Return the sum of each living process's own peak (MB) in pid's tree, None if unknown."""
    if not available():
        return None
    return sum(_status(p).get("VmHWM", 0) for p in tree(pid)) / 1024


class PeakSampler:
    """Sample the memory of a process tree in a thread until stopped."""

    def __init__(self, pid: int, every: float = 0.1):
        self.pid, self.every = pid, every
        self.peak_sum_kb = 0
        self.hwm_kb: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "PeakSampler":
        if available():
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for p in tree(self.pid):
                status = _status(p)
                total += status.get("VmRSS", 0)
                if "VmHWM" in status:
                    self.hwm_kb[p] = max(self.hwm_kb.get(p, 0), status["VmHWM"])
            self.peak_sum_kb = max(self.peak_sum_kb, total)
            self._stop.wait(self.every)

    @property
    def peak_mb(self) -> float | None:
        """The largest sampled sum of resident memory over the tree (MB)."""
        return self.peak_sum_kb / 1024 if available() else None

    @property
    def hwm_sum_mb(self) -> float | None:
        """The sum of every process's own peak (MB): an upper bound of the simultaneous peak."""
        return sum(self.hwm_kb.values()) / 1024 if available() else None
