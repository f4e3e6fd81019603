"""Servers to test against: a real Oxigraph server, vsgraph's own endpoint, and a client.

The fixtures reach every test through ``pytest_plugins`` in the root conftest; the helpers
are imported (``from tests.support.servers import fetch``). Every server started here is stopped in a
``finally``, whatever the test did.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import vsgraph
from vsgraph.server import Dataset, EndpointServer, Limits

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
STARTUP_SECONDS = 30


@dataclass(frozen=True)
class OxigraphServer:
    """A running ``oxigraph serve``: its query and update URLs."""

    query: str
    update: str


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``url`` until the server answers anything, for at most :data:`STARTUP_SECONDS`."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answered, even if with an error
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """Oxigraph's own SPARQL server on a free loopback port, with its data in a temporary folder:
    one per test module, so that what one module stores does not meet another's tests."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(f"{base}/query?query=ASK%7B%7D", process)
        yield OxigraphServer(f"{base}/query", f"{base}/update")
    finally:
        stop_server(process)


def stop_server(process: subprocess.Popen[bytes], seconds: float = 10) -> None:
    """Ask a server to stop, and kill it if it takes longer than ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start_endpoint(dataset: Dataset, **options: object) -> EndpointServer:
    """vsgraph's endpoint on a free loopback port, serving in a background thread."""
    server = EndpointServer(("127.0.0.1", 0), dataset, **options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop_endpoint(server: EndpointServer) -> None:
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def endpoint(grocery_path: Path) -> Iterator[EndpointServer]:
    """vsgraph's endpoint over the grocery example: 3 s per query, 1 MB per answer, an update token."""
    server = start_endpoint(
        Dataset(vsgraph.load(grocery_path)),
        limits=Limits(seconds=3.0, max_bytes=1_000_000),
        update_token="s3cret",
        base_iri="https://example.org/",
    )
    try:
        yield server
    finally:
        stop_endpoint(server)


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def fetch(
    url: str, *, accept: str | None = None, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, bytes]:
    """Status, content type and body of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers={**({"Accept": accept} if accept else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()
