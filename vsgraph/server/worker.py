"""Run one request's work in a child process, under a time limit and a size limit.

pyoxigraph cannot cancel a running query, and a thread cannot be stopped, so each piece of
work (a query, a catalog question, a validation) runs in a forked child: the child sees
the store as it was at the fork (copy on write, no copying of the data), writes its answer
into a pipe and exits; the parent waits at most the time limit and kills the child if it
is still working. The answer is written through a file object that stops at the size
limit, so an enormous result is refused before it is built in full.

The child also leaves the network before it starts: on Linux it moves into a network
namespace of its own, which has no interface but a loopback that is down, so whatever the
request contains, the engine cannot connect anywhere. This backs up the check of the query
text (:mod:`vsgraph.fetch_guard`), which still decides; where namespaces are not allowed
the child runs without this second wall.
"""

from __future__ import annotations

import ctypes
import io
import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import BinaryIO

from vsgraph.errors import QueryError, RefusedError, VsgraphError

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


class TimeLimitError(QueryError):
    """The work ran longer than the endpoint's time limit and was stopped."""


class SizeLimitError(QueryError):
    """The answer is larger than the endpoint's result-size limit."""


class NotAcceptableError(QueryError):
    """The client accepts none of the formats this answer can be written in."""


class _Capped(io.RawIOBase):
    """A bytes buffer that refuses to grow past ``limit``."""

    def __init__(self, limit: int) -> None:
        self.buffer = bytearray()
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if len(self.buffer) + len(data) > self.limit:
            raise SizeLimitError(f"the answer is larger than {self.limit:,} bytes, this endpoint's limit; add a LIMIT")
        self.buffer += data
        return len(data)


#: The errors a child may report, by name: they cross the pipe as (name, message).
_ERRORS: dict[str, type[VsgraphError]] = {
    error.__name__: error for error in (QueryError, RefusedError, SizeLimitError, NotAcceptableError)
}

#: What a job returns beside the bytes it wrote: the media type of the answer.
Job = Callable[[BinaryIO], str]


def run_limited(job: Job, seconds: float, max_bytes: int) -> tuple[str, bytes]:
    """Run ``job(out)`` in a child process; return its media type and what it wrote to ``out``.

    Raises :class:`TimeLimitError` after ``seconds``, :class:`SizeLimitError` past
    ``max_bytes``; a :class:`~vsgraph.errors.VsgraphError`, ``SyntaxError``, ``ValueError``
    or ``OSError`` raised by ``job`` comes back as a :class:`~vsgraph.errors.QueryError`
    (or the subclass it was) with the same message.
    """
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def child() -> None:
        reader.close()
        _leave_the_network()
        out = _Capped(max_bytes)
        try:
            media_type = job(out)  # type: ignore[arg-type]
            writer.send(("ok", (media_type, bytes(out.buffer))))
        except (VsgraphError, SyntaxError, ValueError, OSError, RuntimeError) as exc:
            name = type(exc).__name__ if type(exc).__name__ in _ERRORS else "QueryError"
            message = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
            writer.send((name, message))
        except RecursionError:
            writer.send(("QueryError", "the query is nested too deeply to answer"))
        writer.close()
        os._exit(0)

    process = context.Process(target=child, daemon=True)
    process.start()
    writer.close()
    try:
        if not reader.poll(seconds):
            raise TimeLimitError(f"the work ran longer than {seconds:g} s, this endpoint's time limit, and was stopped")
        status, payload = reader.recv()
    except EOFError as exc:
        raise QueryError("the worker process ended without an answer") from exc
    finally:
        reader.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status != "ok":
        raise _ERRORS.get(status, QueryError)(payload)
    return payload  # type: ignore[no-any-return]


def _leave_the_network() -> None:
    """Move this (single-threaded, just forked) process into an empty network namespace.

    As root a new network namespace is enough; otherwise a new user namespace first makes
    it allowed. Either may be forbidden (a container's seccomp profile, a kernel setting):
    then nothing changes and the text check alone stands.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return
