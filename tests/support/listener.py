"""A loopback TCP listener that counts connections: whatever reaches it was fetched.

The fetch tests point SERVICE and LOAD at it; a module takes it as the ``listener`` fixture
(registered through ``pytest_plugins``), one per test module.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest


class Listener:
    """A loopback TCP listener that counts the connections it accepts."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def settled_count(self) -> int:
        """The count after a moment, so that a connection in flight is counted too."""
        time.sleep(0.02)
        return self.connections


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    served = Listener()
    yield served
    served.socket.close()
