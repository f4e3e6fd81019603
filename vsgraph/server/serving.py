"""Serving the endpoint over HTTP with Hypercorn, a well-kept ASGI server.

Hypercorn rather than uvicorn because it bounds slow clients out of the box: it closes a
connection that sends nothing for ``keep_alive_timeout`` from the moment it opens (uvicorn
starts that timer only after a first response, so a client that sends half a request line
holds its connection forever), and ``read_timeout`` bounds every read. Both come from
:attr:`Limits.read_seconds`. The listening socket is made here, with a backlog of
:data:`BACKLOG`, so that a port of 0 (any free port) is known before serving starts.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading

from hypercorn.asyncio import serve
from hypercorn.config import Config

from vsgraph.server.app import Dataset, Limits, create_app

#: Connections the kernel queues while the server is busy accepting (the standard
#: library's default of 5 made the kernel drop connections under load).
BACKLOG = 1024
#: The limits a server has unless given others (a frozen dataclass, so one instance serves all).
_DEFAULT_LIMITS = Limits()


class EndpointServer:
    """vsgraph's endpoint listening on ``address``; :meth:`serve_forever` serves until
    :meth:`shutdown` (from another thread) or Ctrl-C."""

    def __init__(
        self,
        address: tuple[str, int],
        dataset: Dataset,
        *,
        limits: Limits = _DEFAULT_LIMITS,
        update_token: str | None = None,
        base_iri: str | None = None,
        cors_origins: tuple[str, ...] = (),
    ) -> None:
        self.dataset = dataset
        self.limits = limits
        self.app = create_app(dataset, limits=limits, update_token=update_token, base_iri=base_iri, cors_origins=cors_origins)
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.socket = socket.create_server(address, family=family, backlog=BACKLOG)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        """The server's root URL."""
        host, port = self.socket.getsockname()[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        """Serve requests until :meth:`shutdown` is called or the process is interrupted."""
        try:
            asyncio.run(self._serve())
        finally:
            self._stopped.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        config = Config()
        config.bind = [f"fd://{os.dup(self.socket.fileno())}"]
        config.backlog = BACKLOG
        config.keep_alive_timeout = self.limits.read_seconds
        config.read_timeout = int(max(1, self.limits.read_seconds))
        config.accesslog = None
        config.errorlog = logging.getLogger("vsgraph.server")
        await serve(
            self.app,  # type: ignore[arg-type]  # hypercorn types the ASGI dicts as TypedDicts, Starlette as MutableMappings
            config,
            shutdown_trigger=self._stop.wait,
        )

    def shutdown(self) -> None:
        """Stop serving (from another thread) and wait until the server has stopped."""
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._stopped.wait(timeout=30)

    def server_close(self) -> None:
        """Close the listening socket and release the dataset (its writer lock, if held)."""
        self.socket.close()
        self.dataset.close()
