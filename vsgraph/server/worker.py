"""Run requests' work under the endpoint's time and size limits, first come, first served.

Each of :attr:`Limits.workers` threads owns a :class:`~vsgraph.engine.parallel.KillableWorker`:
a long-lived child, cut off from the network, killed (and forked anew) when a job runs past
the time limit. Requests wait for a free thread in the order they came: a fair queue keeps
the slowest answer under load close to the typical one. A job writes its answer through a
file object that stops at the size limit, so an enormous result is refused before it is
built in full. Leaving the network backs up the check of the query text
(:mod:`vsgraph.engine.fetch_guard`), which still decides: whatever a request contains, the
engine cannot connect anywhere.
"""

from __future__ import annotations

import asyncio
import functools
import io
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, BinaryIO

from vsgraph.engine.backends import OxigraphBackend
from vsgraph.engine.parallel import KillableWorker
from vsgraph.errors import QueryError, VsgraphError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from vsgraph.server.app import Limits


class TimeLimitError(QueryError):
    """The work ran longer than the endpoint's time limit and was stopped."""


class SizeLimitError(QueryError):
    """The answer is larger than the endpoint's result-size limit."""


class NotAcceptableError(QueryError):
    """The client accepts none of the formats this answer can be written in."""


class _Capped(io.BytesIO):
    """A bytes buffer that refuses to grow past ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.size = 0

    def write(self, data: ReadableBuffer, /) -> int:
        size = memoryview(data).nbytes
        if self.size + size > self.limit:
            raise SizeLimitError(f"the answer is larger than {self.limit:,} bytes, this endpoint's limit; add a LIMIT")
        self.size += size
        return super().write(data)


#: A request's work: answers from the store, writes the answer to the stream it is given
#: and returns its media type. It travels to a worker pickled: a module-level function or a
#: :func:`functools.partial` of one.
Job = Callable[[OxigraphBackend, BinaryIO], str]


class Workers:
    """The child processes that run the endpoint's jobs, one job each at a time."""

    def __init__(self, limits: Limits, changing: threading.Lock) -> None:
        self.seconds = limits.seconds
        self.max_bytes = limits.max_bytes
        self._changing = changing
        self._threads = ThreadPoolExecutor(limits.workers, thread_name_prefix="vsgraph-worker")
        self._own = threading.local()
        self._all: list[KillableWorker[OxigraphBackend]] = []

    async def run(self, job: Job, backend: OxigraphBackend, version: object) -> tuple[str, bytes]:
        """Run ``job`` on ``backend`` (as of ``version``) when a worker is free; return its
        media type and what it wrote.

        Raises :class:`TimeLimitError` after the time limit and :class:`SizeLimitError`
        past the size limit; what else the job raises comes back as a vsgraph error: its
        own, or a :class:`~vsgraph.errors.QueryError` with the engine's message.
        """
        waiting = self._threads.submit(self._run_here, functools.partial(_limited, job, self.max_bytes), backend, version)
        return await asyncio.wrap_future(waiting)

    def close(self) -> None:
        """Stop taking work and stop the children."""
        self._threads.shutdown(wait=False, cancel_futures=True)
        for worker in self._all:
            worker.stop()

    def _run_here(
        self, job: Callable[[OxigraphBackend], tuple[str, bytes]], backend: OxigraphBackend, version: object
    ) -> tuple[str, bytes]:
        worker = getattr(self._own, "worker", None)
        if worker is None:
            worker = self._own.worker = KillableWorker[OxigraphBackend](offline=True, fork_lock=self._changing)
            self._all.append(worker)
        try:
            return worker.run(job, backend, self.seconds, version=version)
        except TimeoutError as exc:
            raise TimeLimitError(
                f"the work ran longer than {self.seconds:g} s, this endpoint's time limit, and was stopped"
            ) from exc
        except RuntimeError as exc:  # the child could not report (it died, or its error could not travel)
            raise QueryError(str(exc)) from exc


def _limited(job: Job, max_bytes: int, backend: OxigraphBackend) -> tuple[str, bytes]:
    """``job``'s media type and answer, in a worker, with the engine's errors as vsgraph's."""
    out = _Capped(max_bytes)
    try:
        media_type = job(backend, out)
    except VsgraphError:
        raise
    except SyntaxError as exc:
        raise QueryError(exc.msg or str(exc)) from None
    except (ValueError, OSError, RuntimeError) as exc:
        raise QueryError(str(exc)) from None
    return media_type, out.getvalue()
