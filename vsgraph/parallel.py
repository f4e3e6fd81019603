"""Spreading independent read-only work over the cores, in forked processes.

pyoxigraph evaluates a query while holding the GIL (measured: two threads answer eight
queries no faster than one), so threads do not spread validation, the query catalog or
an export over the cores. Forked children do: each starts with the parent's memory, the
in-memory store included, and only the pages it writes are copied, which queries never
do. Only the items (small) and the answers (findings, answers as SPARQL TSV, parts of an
export) travel between processes.

Forking is safe for memory the children only read; callers use it for in-memory
Oxigraph stores, never for an on-disk store, whose RocksDB threads a child would lose
(:func:`processes_for` decides).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, overload

from vsgraph.backends import Backend, OxigraphBackend

Item = TypeVar("Item")
Answer = TypeVar("Answer")
Finished = TypeVar("Finished")

# The work of the current fork_map, inherited by its children when they are forked.
_work: Callable[[Any], Any] | None = None


def available_cpus() -> int:
    """The CPUs this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def processes_for(backend: Backend, size: Callable[[], int], threshold: int) -> int:
    """How many processes to spread work on ``backend``'s portfolio over: one per CPU when
    its store lives in this process's memory and the work's ``size`` (asked only then) is at
    least ``threshold``, else one, because starting workers costs tens of milliseconds."""
    if not isinstance(backend, OxigraphBackend) or not backend.in_memory:
        return 1
    return available_cpus() if size() >= threshold else 1


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
    global _work
    finished = finish or _unchanged
    processes = min(processes, len(items))
    if processes < 2 or not can_fork():
        return [finished(work(item)) for item in items]
    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return [finished(answer) for answer in pool.imap(_run, items, chunksize=1)]
    finally:
        _work = None


def _unchanged(answer: Any) -> Any:
    return answer


def _run(item: Any) -> Any:
    assert _work is not None, "a fork_map worker started outside fork_map"
    return _work(item)
