"""Spreading independent read-only work over the cores, in forked processes.

pyoxigraph evaluates a query while holding the GIL (measured: two threads answer eight
queries no faster than one), so threads do not spread validation, the query catalog or
an export over the cores. Forked children do: each starts with the parent's memory, the
in-memory store included, and only the pages it writes are copied, which queries never
do. Only the items (small) and the answers (findings, answers as SPARQL TSV, parts of an
export) travel between processes; large answers through a temporary file.

Forking is safe for memory the children only read; callers use it for in-memory
Oxigraph stores, never for an on-disk store, whose RocksDB threads a child would lose
(:func:`processes_for` decides).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard, TypeVar, overload

from vsgraph.backends import Backend, OxigraphBackend

Item = TypeVar("Item")
Answer = TypeVar("Answer")
Finished = TypeVar("Finished")

# The work of the current fork_map and the directory its workers leave large answers in,
# inherited by its children when they are forked.
_work: Callable[[Any], Any] | None = None
_spool: str | None = None

#: Answers of at least this many bytes (or characters) travel through a file rather than
#: the pool's pipe, where they are pickled, sent in 64 KB writes and unpickled. Measured
#: beside a million-triple store on two cores, two workers each answering 60 MB: 0.8 s
#: through the pipe, 0.3 s through files, forking included.
_SPOOL_FROM = 1 << 20


def available_cpus() -> int:
    """The CPUs this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def shares_memory(backend: Backend) -> TypeGuard[OxigraphBackend]:
    """Whether forked workers can read ``backend``'s store: only an in-memory Oxigraph store
    lives wholly in this process's memory (an on-disk one has RocksDB threads, a remote one
    a server)."""
    return isinstance(backend, OxigraphBackend) and backend.in_memory


def processes_for(
    backend: Backend, threshold: int, requested: int | None = None, *, size: Callable[[], int] | None = None
) -> int:
    """How many processes to spread work on ``backend``'s portfolio over.

    One when its store does not live in this process's memory, whatever was ``requested``;
    else ``requested`` if given; else one per CPU when the work is at least ``threshold``
    large, and one below, because starting workers costs tens of milliseconds. The work's
    size is ``size()`` (asked only then), by default the portfolio's statements, of which
    only whether there are ``threshold`` is asked (:meth:`OxigraphBackend.holds_at_least`).
    """
    if shares_memory(backend):
        if requested is not None:
            return requested
        large = size() >= threshold if size is not None else backend.holds_at_least(threshold)
        return available_cpus() if large else 1
    return 1


def can_fork() -> bool:
    """Whether forking is safe here: on Linux; macOS's system libraries are not fork-safe."""
    return sys.platform.startswith("linux")


@overload
def fork_map(work: Callable[[Item], Answer], items: Sequence[Item], processes: int) -> list[Answer]: ...


@overload
def fork_map(
    work: Callable[[Item], Answer], items: Sequence[Item], processes: int, finish: Callable[[Answer], Finished]
) -> list[Finished]: ...


def fork_map(
    work: Callable[[Item], Any], items: Sequence[Item], processes: int, finish: Callable[[Any], Any] | None = None
) -> list[Any]:
    """``[finish(work(item)) for item in items]``, ``work`` shared among ``processes`` forked
    workers.

    ``finish`` (if given) runs here, in this process, on each answer as soon as it and
    those before it are back, while the workers go on with later items: the work that
    must end in this process overlaps theirs. The results come in the order of ``items``;
    an exception in a worker is raised here. With one process (or where forking is
    unsafe) all the work runs in this process.
    """
    global _work, _spool
    finished = finish or _unchanged
    processes = min(processes, len(items))
    if processes < 2 or not can_fork():
        return [finished(work(item)) for item in items]
    try:
        # The directory goes, with any answer never read (after an error), when all is done.
        with tempfile.TemporaryDirectory(prefix="vsgraph-") as _spool:
            _work = work
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                return [finished(_received(answer)) for answer in pool.imap(_run, items, chunksize=1)]
    finally:
        _work = _spool = None


def _unchanged(answer: Any) -> Any:
    return answer


@dataclass(frozen=True)
class _Spooled:
    """A large answer a worker wrote to a file: bytes, or text in UTF-8."""

    path: str
    text: bool


def _run(item: Any) -> Any:
    assert _work is not None and _spool is not None, "a fork_map worker started outside fork_map"
    answer = _work(item)
    if isinstance(answer, (bytes, str)) and len(answer) >= _SPOOL_FROM:
        descriptor, path = tempfile.mkstemp(dir=_spool)
        with open(descriptor, "wb") as out:
            out.write(answer.encode() if isinstance(answer, str) else answer)
        return _Spooled(path, isinstance(answer, str))
    return answer


def _received(answer: Any) -> Any:
    """A worker's answer as it returned it, read back from its file if it was spooled."""
    if not isinstance(answer, _Spooled):
        return answer
    path = Path(answer.path)
    data = path.read_bytes()
    path.unlink()
    return data.decode() if answer.text else data
