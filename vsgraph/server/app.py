"""vsgraph's own SPARQL endpoint: the standard protocol, the catalog, validation, linked data.

Routes (all answers content-negotiated with ``Accept``):

* ``/`` the query page (works offline);
* ``/sparql`` the SPARQL 1.1 Protocol: GET ``?query=``, POST form-encoded or direct
  ``application/sparql-query``; SELECT/ASK as JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE
  as Turtle, JSON-LD, N-Triples or RDF/XML; ``default-graph-uri``/``named-graph-uri`` honoured,
  otherwise the default graph is the union of every portfolio;
* ``/update`` SPARQL Update, only with ``Authorization: Bearer <update token>``;
* ``/queries`` the catalog (JSON) and ``/queries/NAME?param=...`` one question's table
  (JSON, CSV or a text table);
* ``/validate`` the validation report (JSON or Turtle);
* ``/resource?iri=IRI`` an entity's description (its triples and those pointing at it),
  as HTML for a browser; with a base IRI, ``/<path>`` describes ``<base><path>``.

Every query runs in a child process under a time and a size limit
(:mod:`vsgraph.server.limits`); ``SERVICE`` and ``LOAD`` are refused
(:mod:`vsgraph.server.guard`).
"""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from vsgraph.backends import OxigraphBackend
from vsgraph.errors import QueryError, RefusedError, StoreError, VsgraphError
from vsgraph.ondisk import DiskStore
from vsgraph.portfolio import Portfolio
from vsgraph.queries import catalog, get_query, run_query
from vsgraph.server.guard import check_query, check_update
from vsgraph.server.limits import SizeLimitError, TimeLimitError, run_limited
from vsgraph.server.negotiation import GRAPH_TYPES, RESULT_TYPES, negotiate
from vsgraph.server.pages import entity_page, query_page

#: The largest request body the endpoint reads (a query or an update).
MAX_REQUEST_BYTES = 64 * 1024 * 1024

_TABLE_TYPES = {"application/json": "json", "text/csv": "csv", "text/plain": "table"}
_REPORT_TYPES = ["application/json", "text/turtle"]
_ENTITY_TYPES = [*GRAPH_TYPES, "text/html"]


@dataclass(frozen=True)
class Limits:
    """How long one query may run (seconds) and how large its answer may be (bytes)."""

    seconds: float = 30.0
    max_bytes: int = 64 * 1024 * 1024


class Dataset:
    """What the endpoint answers from: a portfolio in memory, or an on-disk store.

    An on-disk store is reopened when a load has made a new generation current, so the
    endpoint serves each load as soon as it completes. With ``writable``, the server holds
    the store's writer lock for its lifetime (loads wait for it to stop) and updates go to
    the current generation.
    """

    def __init__(self, portfolio: Portfolio | None = None, disk: DiskStore | None = None, *, writable: bool = False) -> None:
        self._disk = disk
        self._lock = threading.Lock()
        self._exit = ExitStack()
        self._opened: Path | None = None
        self._follows_loads = disk is not None and not writable
        if disk is not None:
            if writable:
                self._exit.enter_context(disk.writer())
            self._store = disk.open(writable=writable)
            self._opened = disk.current()
        elif portfolio is not None and isinstance(portfolio.backend, OxigraphBackend):
            self._store = portfolio.backend.store
        elif portfolio is not None:
            self._store = ox.Store()
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in portfolio.backend.triples())
        else:
            raise StoreError("serve FILE... or --store DIR")
        self.lock = threading.Lock()

    def store(self) -> ox.Store:
        """The store to answer from now (the current generation of an on-disk store)."""
        if self._disk is not None and self._follows_loads:
            with self._lock:
                current = self._disk.current()
                if current != self._opened:
                    self._store, self._opened = self._disk.open(), current
        return self._store

    def portfolio(self) -> Portfolio:
        """All the dataset's triples as one portfolio, for the catalog and validation."""
        return Portfolio(OxigraphBackend(self.store()))

    def close(self) -> None:
        """Release the store's writer lock, if held."""
        self._exit.close()


class EndpointServer(ThreadingHTTPServer):
    """An HTTP server holding the dataset, the limits and the update token."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        dataset: Dataset,
        *,
        limits: Limits = Limits(),
        update_token: str | None = None,
        base_iri: str | None = None,
    ) -> None:
        super().__init__(address, _Handler)
        self.dataset = dataset
        self.limits = limits
        self.update_token = update_token
        self.base_iri = base_iri

    @property
    def url(self) -> str:
        """The server's root URL."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.dataset.close()


class _Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    server_version = "vsgraph"

    def do_GET(self) -> None:  # noqa: N802 (the http.server naming)
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        params = {key: values for key, values in parse_qs(url.query).items()}
        try:
            if url.path == "/" and method == "GET":
                page = query_page(catalog(), self.server.update_token is None)
                self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")
            elif url.path == "/sparql":
                self._query(method, params)
            elif url.path == "/update":
                self._update(method)
            elif url.path == "/queries":
                listing = [{"name": q.name, "title": q.title, "question": q.question,
                            "parameters": [p.name for p in q.parameters]} for q in catalog()]
                self._send(200, json.dumps(listing, indent=2).encode("utf-8"), "application/json")
            elif url.path.startswith("/queries/"):
                self._catalog_query(url.path[len("/queries/"):], {k: v[-1] for k, v in params.items()})
            elif url.path == "/validate":
                self._validate()
            elif url.path == "/resource" and "iri" in params:
                self._describe(params["iri"][-1])
            elif self.server.base_iri is not None and method == "GET" and url.path != "/":
                self._describe(self.server.base_iri + url.path.lstrip("/"))
            else:
                self._error(404, f"nothing at {url.path}")
        except RefusedError as exc:
            self._error(403, str(exc))
        except TimeLimitError as exc:
            self._error(503, str(exc))
        except SizeLimitError as exc:
            self._error(413, str(exc))
        except _NotAcceptable as exc:
            self._error(406, str(exc))
        except _NotFound as exc:
            self._error(404, str(exc))
        except StoreError as exc:
            self._error(500, str(exc))
        except VsgraphError as exc:
            self._error(400, str(exc))

    # The SPARQL 1.1 Protocol.

    def _query(self, method: str, params: dict[str, list[str]]) -> None:
        if method == "POST":
            body, media_type = self._body()
            if media_type == "application/sparql-query":
                text = body.decode("utf-8")
            else:
                form = parse_qs(body.decode("utf-8"))
                params = {**params, **form}
                text = form.get("query", [""])[-1]
        else:
            text = params.get("query", [""])[-1]
        if not text:
            raise QueryError("no query: send it as the 'query' parameter or as an application/sparql-query body")
        form_name = check_query(text)
        offered = list(RESULT_TYPES) if form_name in ("select", "ask") else list(GRAPH_TYPES)
        chosen = self._negotiate(offered)
        options: dict[str, object] = {"use_default_graph_as_union": True}
        if params.get("default-graph-uri"):
            options = {"default_graph": [ox.NamedNode(iri) for iri in params["default-graph-uri"]]}
        if params.get("named-graph-uri"):
            options["named_graphs"] = [ox.NamedNode(iri) for iri in params["named-graph-uri"]]
        store = self.server.dataset.store()
        fmt = RESULT_TYPES.get(chosen) or GRAPH_TYPES[chosen]

        def write(out: BinaryIO) -> None:
            store.query(text, **options).serialize(out, fmt)  # type: ignore[arg-type]

        self._send(200, self._limited(write), f"{chosen}; charset=utf-8")

    def _update(self, method: str) -> None:
        token = self.server.update_token
        if method != "POST":
            self._error(405, "send updates with POST", {"Allow": "POST"})
            return
        if token is None:
            raise RefusedError("this endpoint is read-only (start it with --update-token to accept updates)")
        given = self.headers.get("Authorization", "")
        if not given.startswith("Bearer "):
            self._error(401, "an update needs 'Authorization: Bearer <update token>'", {"WWW-Authenticate": 'Bearer realm="vsgraph"'})
            return
        if not hmac.compare_digest(given[len("Bearer "):].encode(), token.encode()):
            raise RefusedError("the update token is wrong")
        body, media_type = self._body()
        text = body.decode("utf-8") if media_type == "application/sparql-update" else parse_qs(body.decode("utf-8")).get("update", [""])[-1]
        if not text:
            raise QueryError("no update: send it as the 'update' parameter or as an application/sparql-update body")
        check_update(text)
        with self.server.dataset.lock:
            try:
                self.server.dataset.store().update(text)
            except (SyntaxError, OSError, ValueError) as exc:
                raise QueryError(f"the update failed: {exc}") from exc
        self._send(204, b"", None)

    # vsgraph's own endpoints.

    def _catalog_query(self, name: str, params: dict[str, str]) -> None:
        try:
            get_query(name)
        except QueryError as exc:
            raise _NotFound(str(exc)) from exc
        chosen = self._negotiate(list(_TABLE_TYPES))
        portfolio = self.server.dataset.portfolio()

        def write(out: BinaryIO) -> None:
            out.write(run_query(portfolio, name, params).render(_TABLE_TYPES[chosen]).encode("utf-8"))

        self._send(200, self._limited(write), f"{chosen}; charset=utf-8")

    def _validate(self) -> None:
        chosen = self._negotiate(_REPORT_TYPES)
        portfolio = self.server.dataset.portfolio()

        def write(out: BinaryIO) -> None:
            report = portfolio.validate()
            out.write((report.to_json() if chosen == "application/json" else report.to_turtle()).encode("utf-8"))

        self._send(200, self._limited(write), f"{chosen}; charset=utf-8")

    def _describe(self, iri: str) -> None:
        try:
            node = ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"{iri!r} is not an IRI") from exc
        chosen = self._negotiate(_ENTITY_TYPES)
        store = self.server.dataset.store()
        sparql = f"CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} }} WHERE {{ {{ {node} ?p ?o }} UNION {{ ?s ?q {node} }} }}"

        def write(out: BinaryIO) -> None:
            triples = list(store.query(sparql, use_default_graph_as_union=True))  # type: ignore[arg-type]
            if not triples:
                return
            if chosen == "text/html":
                out.write(entity_page(iri, triples).encode("utf-8"))
            else:
                ox.serialize(triples, out, GRAPH_TYPES[chosen])

        body = self._limited(write)
        if not body:
            raise _NotFound(f"nothing is known about <{iri}>")
        self._send(200, body, f"{chosen}; charset=utf-8")

    # Plumbing.

    def _limited(self, write: Callable[[BinaryIO], None]) -> bytes:
        limits = self.server.limits
        return run_limited(write, limits.seconds, limits.max_bytes)

    def _negotiate(self, offered: list[str]) -> str:
        chosen = negotiate(self.headers.get("Accept"), offered)
        if chosen is None:
            raise _NotAcceptable(f"this answer can be sent as {', '.join(offered)}")
        return chosen

    def _body(self) -> tuple[bytes, str]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            raise SizeLimitError(f"the request is larger than {MAX_REQUEST_BYTES:,} bytes")
        return self.rfile.read(length), self.headers.get_content_type()

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _NotAcceptable(VsgraphError):
    """The client accepts none of the formats this answer can be written in."""


class _NotFound(VsgraphError):
    """Nothing is at this address."""
