"""Every decision to fork, in one place: spreading read-only work over the cores, and
running jobs in a child that can be killed.

pyoxigraph evaluates a query while holding the GIL, so threads do not spread validation,
the query catalog or an export over the cores. Forked children do: each starts with the
parent's memory, the in-memory store included, and only the pages it writes are copied,
which queries never do. Only the items (small) and the answers (findings, answers as
SPARQL TSV, parts of an export) travel between processes; large answers through a
temporary file.

Forking is safe only for an engine whose triples live wholly in this process's memory
(:attr:`vsgraph.engine.backends.Backend.forkable`): an on-disk store has RocksDB threads a child
would lose. :func:`processes_for` decides how many workers, from the kind of work
(:class:`Work`) and the portfolio's size; :func:`fork_map` runs them;
a :class:`KillableWorker` runs jobs (the endpoint's queries) one at a time in a child that
is killed at a time limit, since pyoxigraph cannot cancel a query.
"""

from __future__ import annotations

import ctypes
import enum
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from vsgraph.engine.backends import Backend

Item = TypeVar("Item")
Answer = TypeVar("Answer")
Finished = TypeVar("Finished")

#: Answers of at least this many bytes (or characters) travel through a file rather than
#: the pool's pipe, where they would be pickled and sent in 64 KB writes.
_SPOOL_FROM = 1 << 20


class Work(enum.Enum):
    """The kinds of work that may be spread over the cores (:func:`processes_for`)."""

    CATALOG = "the catalog's queries"
    VALIDATION = "a full validation"
    TURTLE_EXPORT = "a Turtle export"
    JSONLD_EXPORT = "a JSON-LD export"


#: From how many statements each kind of work forks one worker per CPU, which costs tens of
#: milliseconds to start: the sizes come from the benchmark (``bench/README.md``). JSON-LD
#: is written in Python and the catalog's queries are many and small, so they pay off sooner.
FORK_FROM: dict[Work, int] = {
    Work.CATALOG: 50_000,
    Work.VALIDATION: 200_000,
    Work.TURTLE_EXPORT: 200_000,
    Work.JSONLD_EXPORT: 50_000,
}


def available_cpus() -> int:
    """The CPUs this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether forking is safe here: on Linux; macOS's system libraries are not fork-safe."""
    return sys.platform.startswith("linux")


def processes_for(backend: Backend, work: Work, requested: int | None = None, *, size: Callable[[], int] | None = None) -> int:
    """How many processes to spread ``work`` on ``backend``'s portfolio over.

    One when the engine cannot be forked, whatever was ``requested``; else ``requested``
    if given; else one per CPU when the work is at least as large as ``work``'s size, and
    one below. The work's size is ``size()`` (asked only then), by default the portfolio's
    statements, of which only whether there are enough is asked.
    """
    if not backend.forkable or not can_fork():
        return 1
    if requested is not None:
        return requested
    threshold = FORK_FROM[work]
    large = size() >= threshold if size is not None else backend.holds_at_least(threshold)
    return available_cpus() if large else 1


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
    finished = finish or _unchanged
    processes = min(processes, len(items))
    if processes < 2 or not can_fork():
        return [finished(work(item)) for item in items]
    # The directory goes, with any answer never read (after an error), when all is done.
    with tempfile.TemporaryDirectory(prefix="vsgraph-") as spool:
        # The work reaches the workers through the fork (an initializer's arguments are
        # not pickled under "fork"), so this process keeps no state between calls.
        context = multiprocessing.get_context("fork")
        with context.Pool(processes, initializer=_start_worker, initargs=(work, spool)) as pool:
            return [finished(_received(answer)) for answer in pool.imap(_run, items, chunksize=1)]


def _unchanged(answer: Any) -> Any:
    return answer


@dataclass(frozen=True)
class _Spooled:
    """A large answer a worker wrote to a file: bytes, or text in UTF-8."""

    path: str
    text: bool


# A worker's work and spool directory, set in each worker process (never in the parent)
# by the pool's initializer.
_worker: tuple[Callable[[Any], Any], str] | None = None


def _start_worker(work: Callable[[Any], Any], spool: str) -> None:
    global _worker
    _worker = (work, spool)


def _run(item: Any) -> Any:
    assert _worker is not None, "a fork_map worker started outside fork_map"
    work, spool = _worker
    answer = work(item)
    if isinstance(answer, (bytes, str)) and len(answer) >= _SPOOL_FROM:
        descriptor, path = tempfile.mkstemp(dir=spool)
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


Result = TypeVar("Result")
State = TypeVar("State")

#: How often an idle worker child checks that its parent is still there, in seconds.
_PARENT_CHECK_SECONDS = 1.0
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


class KillableWorker(Generic[State]):
    """A forked child that runs jobs one at a time, killed when a job outlives its time.

    pyoxigraph cannot cancel a running query and a thread cannot be stopped, so work that
    must end at a time limit runs in a child. The child is forked with the ``state`` of
    its first job (a store, say: copy on write, no copying of the data) and then answers
    job after job, so that a request pays neither a fork nor a cold start. It is forked
    anew when it was killed, and when a job comes with another ``state`` or ``version``
    than the child was forked with (the store was replaced or changed). Jobs travel to the
    child pickled: module-level functions, or :func:`functools.partial` of them. With
    ``offline``, the child first leaves the network (:func:`_leave_the_network`); with
    ``fork_lock``, it is forked only while that lock is free (not while the state changes).
    """

    def __init__(self, *, offline: bool = False, fork_lock: threading.Lock | None = None) -> None:
        self.offline = offline
        self._fork_lock = fork_lock or threading.Lock()
        self._child: multiprocessing.process.BaseProcess | None = None
        self._pipe: Connection | None = None
        self._forked_with: tuple[object, object] | None = None

    def run(self, job: Callable[[State], Result], state: State, seconds: float, *, version: object = None) -> Result:
        """``job(state)`` in the child; raises :class:`TimeoutError` (and kills the child)
        after ``seconds``, and what ``job`` raises (as a :class:`RuntimeError` with its
        message if it cannot be pickled)."""
        pipe = self._ready(state, version)
        try:
            pipe.send(job)
            answered = pipe.poll(seconds)
            # The child answers ("ok", what the job returned) or ("error", the exception it raised).
            message: tuple[str, Any] = pipe.recv() if answered else ("late", None)
        except (EOFError, OSError) as exc:
            self.stop()
            raise RuntimeError("the worker process ended without an answer") from exc
        status, payload = message
        if status == "late":
            self.stop()
            raise TimeoutError(f"the work ran longer than {seconds:g} s and was stopped")
        if status != "ok":
            raise payload
        return payload

    def stop(self) -> None:
        """Kill the child, if there is one; the next job forks a new one."""
        if self._pipe is not None:
            self._pipe.close()
        if self._child is not None:
            self._child.kill()
            self._child.join()
        self._child = self._pipe = self._forked_with = None

    def _ready(self, state: object, version: object) -> Connection:
        """The pipe to a child forked with ``state`` at ``version``, forking one if needed."""
        pipe, child, forked_with = self._pipe, self._child, self._forked_with
        if pipe is not None and child is not None and child.is_alive() and forked_with is not None:
            if forked_with[0] is state and forked_with[1] == version:
                return pipe
        self.stop()
        context = multiprocessing.get_context("fork")
        parent_end, child_end = context.Pipe()
        self._child = context.Process(target=_answer_jobs, args=(child_end, state, self.offline), daemon=True)
        with self._fork_lock:
            self._child.start()
        child_end.close()
        self._pipe, self._forked_with = parent_end, (state, version)
        return parent_end


def _answer_jobs(pipe: Connection, state: object, offline: bool) -> None:
    """The child's loop: run each job received on ``state`` and send back its outcome.

    The child ends when its pipe closes, or when its parent is gone: a parent killed
    without closing the pipes leaves them open in its other children (each fork inherits
    the others' pipes), and a child that waited only for the pipe would outlive it.
    """
    parent = os.getppid()
    if offline:
        _leave_the_network()
    while True:
        while not pipe.poll(_PARENT_CHECK_SECONDS):
            if os.getppid() != parent:
                os._exit(0)
        try:
            job = pipe.recv()
        except EOFError:
            os._exit(0)
        try:
            outcome: tuple[str, Any] = ("ok", job(state))
        except RecursionError:
            outcome = ("error", RuntimeError("the work is nested too deeply to finish"))
        except Exception as exc:  # every failure goes back to the parent
            outcome = ("error", exc)
        try:
            pipe.send(outcome)
        except Exception:  # an answer that cannot be pickled goes back as text
            pipe.send(("error", RuntimeError(str(outcome[1]))))


def _leave_the_network() -> None:
    """Move this (single-threaded, just forked) process into an empty network namespace.

    Its only interface is a loopback that is down, so nothing the process runs can connect
    anywhere. As root a new network namespace is enough; otherwise a new user namespace
    first makes it allowed. Either may be forbidden (a container's seccomp profile, a
    kernel setting): then nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return
