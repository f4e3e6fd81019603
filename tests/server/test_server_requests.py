"""Every request gets an HTTP answer: malformed bytes, odd methods, slow and many clients.

Requests are written on raw sockets where a well-behaved client could not send them. After
each, the endpoint must still answer, and its log must hold no traceback.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import vsgraph
from tests.support.examples import GROCERY_TRIPLES
from tests.support.servers import COUNT, fetch, start_endpoint, stop_endpoint
from vsgraph.server import Dataset, EndpointServer, Limits


@pytest.fixture(scope="module")
def endpoint(grocery_path: Path) -> Iterator[EndpointServer]:
    server = start_endpoint(
        Dataset(vsgraph.load(grocery_path)),
        limits=Limits(seconds=5.0, max_request_bytes=100_000, read_seconds=1.0),
        update_token="s3cret",
    )
    try:
        yield server
    finally:
        stop_endpoint(server)


def raw(server: EndpointServer, request: bytes, *, wait: float = 10.0) -> tuple[int, bytes]:
    """Send ``request`` as it is and return the status and body of the answer."""
    host, port = server.socket.getsockname()[:2]
    with socket.create_connection((host, port), timeout=wait) as connection:
        connection.sendall(request)
        received = b""
        while True:
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            received += chunk
            head, _, body = received.partition(b"\r\n\r\n")
            length = [line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
            if length and len(body) >= int(length[0].split(b":")[1]):
                break
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 "), received[:200]
    return int(head.split()[1]), body


def post(path: str, body: bytes, content_type: str, *extra: str) -> bytes:
    headers = "".join(f"{line}\r\n" for line in extra)
    return (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n{headers}\r\n"
    ).encode() + body


@pytest.fixture()
def no_traceback_logged(caplog: pytest.LogCaptureFixture, endpoint: EndpointServer) -> Iterator[None]:
    """After the test: the endpoint still answers, and nothing was logged with a traceback."""
    caplog.set_level(logging.INFO)
    yield
    assert fetch(endpoint.url + "sparql?" + urllib.parse.urlencode({"query": COUNT}), accept="text/csv")[0] == 200
    assert [record.getMessage() for record in caplog.records if record.exc_info] == []


MALFORMED = {
    "graph name that is not an IRI": (
        b"GET /sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        400,
        b"not an IRI",
    ),
    "body that is not UTF-8": (post("/sparql", b"query=\xff\xfe", "application/x-www-form-urlencoded"), 400, b"not UTF-8"),
    "percent-encoding that is not UTF-8": (
        post("/sparql", b"query=%ff", "application/x-www-form-urlencoded"),
        400,
        b"form encoding",
    ),
    "Content-Length that is not a number": (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
        400,
        b"",
    ),
    "deeply nested parentheses": (
        post("/sparql", ("SELECT * WHERE { FILTER(" + "(" * 25 + "1" + ")" * 25 + ") }").encode(), "application/sparql-query"),
        200,
        b"",
    ),
    "escape in a query": (
        post("/sparql", b'SELECT * WHERE { BIND("\\u00530000" AS ?x) }', "application/sparql-query"),
        200,
        b"",
    ),
    "query that is not SPARQL": (post("/sparql", b"SELEKT nothing", "application/sparql-query"), 400, b""),
    "two query parameters": (
        b"GET /sparql?query=ASK%7B%7D&query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        400,
        b"given 2 times",
    ),
    "a body larger than the limit": (post("/sparql", b"x" * 200_000, "application/sparql-query"), 413, b"at most 100,000 bytes"),
    "an unknown body type": (post("/sparql", b"ASK {}", "image/png"), 415, b"not image/png"),
    "an update that fetches": (
        post("/update", b"LOAD <http://127.0.0.1:9/>", "application/sparql-update", "Authorization: Bearer s3cret"),
        403,
        b"LOAD is refused",
    ),
    "an update that fails": (
        post("/update", b"DROP GRAPH <urn:x:never>", "application/sparql-update", "Authorization: Bearer s3cret"),
        400,
        b"the update failed",
    ),
    "a path with an escaped hyphen": (
        b"GET /queries/flow%2Defficiency HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nConnection: close\r\n\r\n",
        200,
        b"Check",
    ),
    "a lower-case bearer": (
        post("/update", b"INSERT DATA { }", "application/sparql-update", "Authorization: bearer s3cret"),
        204,
        b"",
    ),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_every_malformed_request_gets_an_answer(name: str, endpoint: EndpointServer, no_traceback_logged: None) -> None:
    request, status, fragment = MALFORMED[name]
    answer = raw(endpoint, request)
    assert answer[0] == status, answer
    assert fragment in answer[1]


def test_a_chunked_post_is_read(endpoint: EndpointServer, no_traceback_logged: None) -> None:
    body = COUNT.encode()
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: text/csv\r\n"
        b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
        + f"{len(body):x}\r\n".encode()
        + body
        + b"\r\n0\r\n\r\n"
    )
    assert raw(endpoint, request) == (200, f"n\r\n{GROCERY_TRIPLES}\r\n".encode())


def test_a_client_that_sends_only_headers_is_answered_408(endpoint: EndpointServer, no_traceback_logged: None) -> None:
    request = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 50\r\n\r\nASK"
    assert raw(endpoint, request)[0] == 408


def test_a_silent_connection_is_closed(endpoint: EndpointServer) -> None:
    host, port = endpoint.socket.getsockname()[:2]
    with socket.create_connection((host, port), timeout=20) as connection:
        connection.sendall(b"GET /sparql?query=ASK")  # half a request line, then nothing
        started = time.monotonic()
        assert connection.recv(100) == b""
        assert time.monotonic() - started < 15


def test_head_and_options_are_answered(endpoint: EndpointServer, no_traceback_logged: None) -> None:
    status, body = raw(endpoint, b"HEAD /queries HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", wait=3)
    assert status == 200 and body == b""
    status, _ = raw(endpoint, b"OPTIONS /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 204


def test_cors_is_off_by_default_and_on_for_the_named_origin(endpoint: EndpointServer, grocery_path: Path) -> None:
    ask = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    request = f"GET {ask} HTTP/1.1\r\nHost: x\r\nOrigin: https://tool.example\r\nConnection: close\r\n\r\n".encode()
    host, port = endpoint.socket.getsockname()[:2]
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(request)
        assert b"access-control-allow-origin" not in connection.recv(65536).lower()
    server = start_endpoint(Dataset(vsgraph.load(grocery_path)), cors_origins=("https://tool.example",))
    try:
        host, port = server.socket.getsockname()[:2]
        with socket.create_connection((host, port), timeout=10) as connection:
            connection.sendall(request)
            assert b"access-control-allow-origin: https://tool.example" in connection.recv(65536).lower()
    finally:
        stop_endpoint(server)


def test_the_query_dataset_follows_the_protocol(endpoint: EndpointServer) -> None:
    def count(query: str, **params: str) -> str:
        url = endpoint.url + "sparql?" + urllib.parse.urlencode({"query": query, **params})
        return fetch(url, accept="text/csv")[2].decode().split()[-1]

    assert count(COUNT) == f"{GROCERY_TRIPLES}"
    assert count("SELECT (COUNT(*) AS ?n) FROM <urn:x:nothing> WHERE { ?s ?p ?o }") == "0"
    assert count(COUNT, **{"named-graph-uri": "urn:x:nothing"}) == "0"  # the default graph is then empty
    assert count(COUNT, **{"default-graph-uri": "urn:x:nothing"}) == "0"


def test_requests_beyond_the_cap_get_503_with_retry_after(grocery_path: Path) -> None:
    server = start_endpoint(Dataset(vsgraph.load(grocery_path)), limits=Limits(seconds=5.0, max_in_flight=1))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    try:
        threading.Thread(
            target=fetch, args=(server.url + "sparql?" + urllib.parse.urlencode({"query": slow}),), daemon=True
        ).start()
        time.sleep(0.5)
        host, port = server.socket.getsockname()[:2]
        with socket.create_connection((host, port), timeout=10) as connection:
            connection.sendall(b"GET /queries HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = connection.recv(65536)
        assert answer.startswith(b"HTTP/1.1 503") and b"retry-after: 1" in answer.lower()
    finally:
        stop_endpoint(server)


def test_fifty_clients_at_once_are_all_answered(endpoint: EndpointServer, grocery: vsgraph.Portfolio) -> None:
    raw_query = endpoint.url + "sparql?" + urllib.parse.urlencode({"query": COUNT})
    catalog = endpoint.url + "queries/hand-offs"
    expected = grocery.run_query("hand-offs").render("json")

    def client(number: int) -> list[tuple[int, bytes]]:
        answers = [fetch(raw_query, accept="text/csv")[::2] for _ in range(2)]
        return [*answers, fetch(catalog, accept="application/json")[::2]]

    with ThreadPoolExecutor(50) as pool:
        answers = [answer for answers in pool.map(client, range(50)) for answer in answers]
    assert len(answers) == 150
    assert [a for a in answers if a[0] != 200] == []
    assert {a[1] for a in answers} == {f"n\r\n{GROCERY_TRIPLES}\r\n".encode(), expected.encode()}
    assert json.loads(fetch(catalog, accept="application/json")[2]) == json.loads(expected)  # still serving after the crowd
