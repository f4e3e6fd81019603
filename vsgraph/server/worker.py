"""Run one request's work under the endpoint's time and size limits.

The work runs in a child process killed at the time limit, cut off from the network
(:func:`vsgraph.engine.parallel.run_killable`). It writes its answer through a file object that
stops at the size limit, so an enormous result is refused before it is built in full.
Leaving the network backs up the check of the query text (:mod:`vsgraph.engine.fetch_guard`),
which still decides: whatever a request contains, the engine cannot connect anywhere.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO

from vsgraph.errors import QueryError, VsgraphError
from vsgraph.engine.parallel import run_killable


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


#: A request's work: writes the answer to the stream it is given, returns its media type.
Job = Callable[[BinaryIO], str]


def run_limited(job: Job, seconds: float, max_bytes: int) -> tuple[str, bytes]:
    """Run ``job(out)`` in a killable, offline child; return its media type and what it wrote.

    Raises :class:`TimeLimitError` after ``seconds`` and :class:`SizeLimitError` past
    ``max_bytes``; what else the job raises comes back as a vsgraph error: its own, or a
    :class:`~vsgraph.errors.QueryError` with the engine's message (a syntax error, say).
    """

    def limited() -> tuple[str, bytes]:
        out = _Capped(max_bytes)
        try:
            media_type = job(out)  # type: ignore[arg-type]
        except VsgraphError:
            raise
        except SyntaxError as exc:
            raise QueryError(exc.msg or str(exc)) from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise QueryError(str(exc)) from None
        return media_type, bytes(out.buffer)

    try:
        return run_killable(limited, seconds, offline=True)
    except TimeoutError as exc:
        raise TimeLimitError(f"the work ran longer than {seconds:g} s, this endpoint's time limit, and was stopped") from exc
    except RuntimeError as exc:  # the child could not report (it died, or its error could not travel)
        raise QueryError(str(exc)) from exc
