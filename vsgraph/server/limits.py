"""A time limit and a size limit for each query the endpoint runs.

pyoxigraph cannot cancel a running query, and a thread cannot be stopped, so each query
runs in a forked child process: the child sees the store as it was at the fork (copy on
write, no copying of the data), writes its answer into a pipe and exits; the parent waits
at most the time limit and kills the child if it is still working. The answer is written
through a file object that stops at the size limit, so an enormous result is refused
before it is built in full.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Callable
from typing import BinaryIO

from vsgraph.errors import QueryError, RefusedError, VsgraphError


class TimeLimitError(QueryError):
    """The query ran longer than the endpoint's time limit and was stopped."""


class SizeLimitError(QueryError):
    """The answer is larger than the endpoint's result-size limit."""


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


_ERRORS: dict[str, type[VsgraphError]] = {
    "QueryError": QueryError,
    "RefusedError": RefusedError,
    "SizeLimitError": SizeLimitError,
}


def run_limited(write: Callable[[BinaryIO], None], seconds: float, max_bytes: int) -> bytes:
    """Run ``write(out)`` in a child process and return what it wrote to ``out``.

    Raises :class:`TimeLimitError` after ``seconds``, :class:`SizeLimitError` past
    ``max_bytes``; a :class:`~vsgraph.errors.VsgraphError` or ``SyntaxError`` raised by
    ``write`` comes back as a :class:`QueryError` (or its subclass) with the same message.
    """
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def child() -> None:
        reader.close()
        out = _Capped(max_bytes)
        try:
            write(out)  # type: ignore[arg-type]
            writer.send(("ok", bytes(out.buffer)))
        except (VsgraphError, SyntaxError, ValueError, OSError) as exc:
            name = type(exc).__name__ if type(exc).__name__ in _ERRORS else "QueryError"
            message = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
            writer.send((name, message))
        writer.close()
        os._exit(0)

    process = context.Process(target=child, daemon=True)
    process.start()
    writer.close()
    try:
        if not reader.poll(seconds):
            raise TimeLimitError(f"the query ran longer than {seconds:g} s, this endpoint's time limit, and was stopped")
        status, payload = reader.recv()
    except EOFError as exc:
        raise QueryError("the query's worker process ended without an answer") from exc
    finally:
        reader.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status != "ok":
        raise _ERRORS.get(status, QueryError)(payload)
    return payload  # type: ignore[no-any-return]
