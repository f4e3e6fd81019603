"""The memory of a process together with the workers it forks, sampled while it works.

``ru_maxrss`` counts one process only. vsgraph forks workers for validation, the query
catalog and large Turtle exports; they share the parent's pages (the store included) until
they write, so adding up their resident sizes would count the store three times. The
proportional set size (PSS, Linux's ``smaps_rollup``) splits each shared page among the
processes that map it, so the sum over the process and its descendants is the memory they
take together.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType


class MemoryWatch:
    """Samples, in a background thread, the summed PSS of this process and its descendants.

    ``peak_mb`` is the largest sum seen, or ``None`` where ``/proc`` does not tell (not on
    Linux). A peak shorter than ``interval`` can be missed. A sample is not free: the kernel
    walks each process's page tables, 26 ms for a process of 1 GB, and meanwhile holds a
    lock its page faults wait for, so a watched run is not a timed run.
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_mb: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemoryWatch:
        if _pss_mb(os.getpid()) is not None:
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _sample(self) -> None:
        while True:
            total = sum(_pss_mb(pid) or 0.0 for pid in _with_descendants(os.getpid()))
            self.peak_mb = max(self.peak_mb or 0.0, total)
            if self._stop.wait(self.interval):
                return


def _pss_mb(pid: int) -> float | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # not on Linux, or the process has just ended
        return None
    kilobytes = next((line.split()[1] for line in text.splitlines() if line.startswith("Pss:")), None)
    return None if kilobytes is None else int(kilobytes) / 1024


def _with_descendants(pid: int) -> list[int]:
    pids = [pid]
    for parent in pids:  # grows while it is walked: children, then theirs
        try:
            pids += [int(child) for child in Path(f"/proc/{parent}/task/{parent}/children").read_text().split()]
        except OSError:
            continue
    return pids
