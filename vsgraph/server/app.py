"""vsgraph's own SPARQL endpoint: the standard protocol, the catalog, validation, linked data.

Routes (all answers content-negotiated with ``Accept``; GET routes answer HEAD too):

* ``/`` the query page (works offline);
* ``/sparql`` the SPARQL 1.1 Protocol: GET ``?query=``, POST form-encoded or direct
  ``application/sparql-query``; SELECT/ASK as JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE
  as Turtle, JSON-LD, N-Triples or RDF/XML. The dataset is the one
  ``default-graph-uri``/``named-graph-uri`` name (exactly those graphs, as the Protocol
  says), else the query's own ``FROM``/``FROM NAMED``, else every graph as one default graph;
* ``/update`` SPARQL Update, only with ``Authorization: Bearer <update token>``;
* ``/queries`` the catalog (JSON) and ``/queries/NAME?param=...`` one question's table
  (JSON, CSV or a text table);
* ``/validate`` the validation report (JSON or Turtle);
* ``/resource?iri=IRI`` an entity's description (its triples and those pointing at it),
  as HTML for a browser; with a base IRI, ``/<path>`` describes ``<base><path>``.

Every failure is an HTTP status with a one-line message. Each query, catalog question and
validation runs in a child process under the time and size limits, cut off from the
network (:mod:`vsgraph.server.worker`); the check that refuses ``SERVICE`` and ``LOAD``
(:mod:`vsgraph.engine.fetch_guard`) runs there too, so reading a request counts against its
limits. Requests beyond :attr:`Limits.max_in_flight` get 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from vsgraph.engine.backends import OxigraphBackend, QueryDataset
from vsgraph.engine.fetch_guard import refuse_fetching
from vsgraph.engine.parallel import available_cpus
from vsgraph.errors import QueryError, RefusedError, StoreError, VsgraphError
from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.queries import catalog, get_query, run_query
from vsgraph.server.negotiation import GRAPH_TYPES, RESULT_TYPES, negotiate
from vsgraph.server.pages import entity_page, query_page
from vsgraph.server.worker import Job, NotAcceptableError, SizeLimitError, TimeLimitError, Workers
from vsgraph.stores.disk import DiskStore

_log = logging.getLogger("vsgraph.server")

_TABLE_TYPES = {"application/json": "json", "text/csv": "csv", "text/plain": "table"}
_REPORT_TYPES = ["application/json", "text/turtle"]
_ENTITY_TYPES = [*GRAPH_TYPES, "text/html"]
_BUSY_SECONDS = "1"


@dataclass(frozen=True)
class Limits:
    """What one request may cost, and how many may be served at once.

    ``seconds`` and ``max_bytes`` bound one query's run and answer; ``max_request_bytes``
    bounds a request body before anything reads it; ``read_seconds`` is how long a client
    may take to send its request (and how long an idle connection is kept);
    ``max_in_flight`` requests are served at once and the rest get 503 with
    ``Retry-After``; ``workers`` child processes run queries at once (one per CPU).
    """

    seconds: float = 30.0
    max_bytes: int = 64 * 1024 * 1024
    max_request_bytes: int = 8 * 1024 * 1024
    read_seconds: float = 30.0
    max_in_flight: int = 256
    workers: int = field(default_factory=available_cpus)


class Dataset:
    """What the endpoint answers from: a portfolio in memory, or an on-disk store.

    An on-disk store is reopened when a load has made a new generation current, so the
    endpoint serves each load as soon as it completes. With ``writable``, the server holds
    the store's writer lock for its lifetime (loads wait for it to stop) and updates go to
    the current generation.
    """

    def __init__(self, portfolio: Portfolio | None = None, disk: DiskStore | None = None, *, writable: bool = False) -> None:
        self._disk = disk
        self._reopening = threading.Lock()
        self._exit = ExitStack()
        self._opened: Path | None = None
        self._follows_loads = disk is not None and not writable
        if disk is not None:
            if writable:
                self._exit.enter_context(disk.writer())
            self._backend = OxigraphBackend(disk.open(writable=writable), forkable=False)
            self._opened = disk.current()
        elif portfolio is not None and isinstance(portfolio.backend, OxigraphBackend) and portfolio.backend.graphs is None:
            self._backend = portfolio.backend
        elif portfolio is not None:
            self._backend = OxigraphBackend()
            self._backend.add(ox.Quad(t.subject, t.predicate, t.object) for t in portfolio.backend.triples())
        else:
            raise StoreError("serve FILE... or --store DIR")
        #: Held while an update changes the store; a worker is forked only outside it.
        self.changing = threading.Lock()
        self._updates = 0

    def current(self) -> tuple[OxigraphBackend, int]:
        """The engine to answer from now (over the current generation of an on-disk store),
        and how many updates it has taken: work forked from an earlier state is stale."""
        if self._disk is not None and self._follows_loads:
            with self._reopening:
                current = self._disk.current()
                if current != self._opened:
                    self._backend, self._opened = OxigraphBackend(self._disk.open(), forkable=False), current
        with self.changing:
            return self._backend, self._updates

    def update(self, text: str) -> None:
        """Apply a SPARQL update (refused if it fetches anything), one at a time."""
        refuse_fetching(text)
        with self.changing:
            try:
                self._backend.store.update(text)
            except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
                raise QueryError(f"the update failed: {exc}") from exc
            finally:
                self._updates += 1

    def close(self) -> None:
        """Release the store's writer lock, if held."""
        self._exit.close()


class _Problem(Exception):
    """A request that is answered with an HTTP error status and a one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


#: The HTTP status of each error a request can meet, most specific first.
_STATUS: list[tuple[type[Exception], int]] = [
    (RefusedError, 403),
    (TimeLimitError, 503),
    (SizeLimitError, 413),
    (NotAcceptableError, 406),
    (StoreError, 500),
    (VsgraphError, 400),
]


class Endpoint:
    """The endpoint's request handlers over one dataset, with its limits and update token."""

    def __init__(self, dataset: Dataset, limits: Limits, update_token: str | None, base_iri: str | None) -> None:
        self.dataset = dataset
        self.limits = limits
        self.update_token = update_token
        self.base_iri = base_iri
        self._workers = Workers(limits, dataset.changing)
        self._threads = anyio.CapacityLimiter(limits.max_in_flight)

    # The SPARQL 1.1 Protocol.

    async def sparql(self, request: Request) -> Response:
        params = await self._parameters(request, "query", "application/sparql-query")
        text = _single(params, "query", "no query: send it as the 'query' parameter or as an application/sparql-query body")
        dataset = _protocol_dataset(params)
        return await self._run(functools.partial(_sparql_answer, text, dataset, request.headers.get("accept")))

    async def update(self, request: Request) -> Response:
        if request.method != "POST":
            raise _Problem(405, "send updates with POST", {"Allow": "POST"})
        if self.update_token is None:
            raise RefusedError("this endpoint is read-only (start it with --update-token to accept updates)")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            challenge = {"WWW-Authenticate": 'Bearer realm="vsgraph"'}
            raise _Problem(401, "an update needs 'Authorization: Bearer <update token>'", challenge)
        if not hmac.compare_digest(given.strip().encode(), self.update_token.encode()):
            raise RefusedError("the update token is wrong")
        params = await self._parameters(request, "update", "application/sparql-update")
        text = _single(params, "update", "no update: send it as the 'update' parameter or as an application/sparql-update body")
        await anyio.to_thread.run_sync(self.dataset.update, text, limiter=self._threads)
        return Response(status_code=204)

    # vsgraph's own routes.

    async def home(self, request: Request) -> Response:
        page = query_page(catalog(), self.update_token is None)
        return Response(page, media_type="text/html; charset=utf-8")

    async def listing(self, request: Request) -> Response:
        entries = [
            {"name": q.name, "title": q.title, "question": q.question, "parameters": [p.name for p in q.parameters]}
            for q in catalog()
        ]
        return Response(json.dumps(entries, indent=2), media_type="application/json")

    async def catalog_query(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            get_query(name)
        except QueryError as exc:
            raise _Problem(404, str(exc)) from exc
        given = _query_string(request)
        params = {key: _single(given, key, f"the parameter {key!r} has no value") for key in given}
        chosen = _negotiate(request.headers.get("accept"), list(_TABLE_TYPES))
        return await self._run(functools.partial(_catalog_table, name, params, chosen))

    async def validate(self, request: Request) -> Response:
        chosen = _negotiate(request.headers.get("accept"), _REPORT_TYPES)
        return await self._run(functools.partial(_validation_report, chosen))

    async def resource(self, request: Request) -> Response:
        iris = _query_string(request).get("iri")
        if not iris:
            raise _Problem(404, "name the entity: /resource?iri=IRI")
        return await self._describe(request, _single({"iri": iris}, "iri", "name the entity: /resource?iri=IRI"))

    async def dereference(self, request: Request) -> Response:
        if self.base_iri is None or request.method not in ("GET", "HEAD"):
            raise _Problem(404, f"nothing at {request.url.path}")
        return await self._describe(request, self.base_iri + request.url.path.lstrip("/"))

    async def _describe(self, request: Request, iri: str) -> Response:
        try:
            node = ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"{iri!r} is not an IRI") from exc
        chosen = _negotiate(request.headers.get("accept"), _ENTITY_TYPES)
        response = await self._run(functools.partial(_entity_description, node, chosen))
        if not response.body:
            raise _Problem(404, f"nothing is known about <{iri}>")
        return response

    # Plumbing.

    async def _run(self, job: Job) -> Response:
        """Run ``job`` in a limited child process when a worker is free, in the order asked."""
        backend, version = self.dataset.current()
        media_type, body = await self._workers.run(job, backend, version)
        return Response(body, media_type=f"{media_type}; charset=utf-8")

    def close(self) -> None:
        """Stop the workers once the work queued has finished."""
        self._workers.close()

    async def _parameters(self, request: Request, field_name: str, direct_type: str) -> dict[str, list[str]]:
        """The request's parameters: its query string, and a POST body (form or direct)."""
        params = _query_string(request)
        if request.method != "POST":
            return params
        body = await self._body(request)
        media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        text = _utf8(body, "the request body")
        if media_type == direct_type:
            return {**params, field_name: [*params.get(field_name, []), text]}
        if media_type not in ("application/x-www-form-urlencoded", ""):
            raise _Problem(415, f"send the {field_name} form-encoded or as {direct_type}, not {media_type}")
        form = _parse_form(text, "the request body")
        return {key: params.get(key, []) + form.get(key, []) for key in {*params, *form}}

    async def _body(self, request: Request) -> bytes:
        """The request body, refused as soon as it passes the size limit or the read time."""
        limit = self.limits.max_request_bytes
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            raise _Problem(413 if declared.isdigit() else 400, f"the request body must be at most {limit:,} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.limits.read_seconds):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise _Problem(413, f"the request body must be at most {limit:,} bytes")
                    chunks.append(chunk)
        except TimeoutError as exc:
            raise _Problem(408, f"the request body did not arrive within {self.limits.read_seconds:g} s") from exc
        return b"".join(chunks)


# The jobs a worker runs (module-level, so that they can travel to it).


def _sparql_answer(text: str, dataset: QueryDataset | None, accept: str | None, backend: OxigraphBackend, out: BinaryIO) -> str:
    refuse_fetching(text)
    answer = backend.answer(text, dataset=dataset)
    if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
        chosen = _negotiate(accept, list(RESULT_TYPES))
        answer.serialize(out, RESULT_TYPES[chosen])
    else:
        chosen = _negotiate(accept, list(GRAPH_TYPES))
        answer.serialize(out, GRAPH_TYPES[chosen])
    return chosen


def _catalog_table(name: str, params: dict[str, str], chosen: str, backend: OxigraphBackend, out: BinaryIO) -> str:
    out.write(run_query(Portfolio(backend), name, params).render(_TABLE_TYPES[chosen]).encode("utf-8"))
    return chosen


def _validation_report(chosen: str, backend: OxigraphBackend, out: BinaryIO) -> str:
    report = Portfolio(backend).validate()
    out.write((report.to_json() if chosen == "application/json" else report.to_turtle()).encode("utf-8"))
    return chosen


def _entity_description(node: ox.NamedNode, chosen: str, backend: OxigraphBackend, out: BinaryIO) -> str:
    sparql = f"CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} }} WHERE {{ {{ {node} ?p ?o }} UNION {{ ?s ?q {node} }} }}"
    answer = backend.answer(sparql)
    assert isinstance(answer, ox.QueryTriples), "a CONSTRUCT query is answered with triples"
    triples: list[ox.Triple] = list(answer)
    if triples:
        if chosen == "text/html":
            out.write(entity_page(node.value, triples).encode("utf-8"))
        else:
            ox.serialize(triples, out, GRAPH_TYPES[chosen])
    return chosen


def _query_string(request: Request) -> dict[str, list[str]]:
    return _parse_form(_utf8(request.scope.get("query_string", b""), "the query string"), "the query string")


def _parse_form(text: str, where: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=1000)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Problem(400, f"{where} is not valid form encoding: {exc}") from exc


def _utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Problem(400, f"{where} is not UTF-8 (byte {exc.start})") from exc


def _single(params: dict[str, list[str]], name: str, missing: str) -> str:
    """The one value of a parameter: none (or an empty one) is ``missing``, two are refused."""
    values = params.get(name, [])
    if not values or values == [""]:
        raise QueryError(missing)
    if len(values) > 1:
        raise QueryError(f"the parameter {name!r} is given {len(values)} times; give it once")
    return values[0]


def _protocol_dataset(params: dict[str, list[str]]) -> QueryDataset | None:
    """The dataset ``default-graph-uri`` and ``named-graph-uri`` name, if either is given."""
    if "default-graph-uri" not in params and "named-graph-uri" not in params:
        return None
    try:
        return QueryDataset(
            tuple(ox.NamedNode(iri) for iri in params.get("default-graph-uri", [])),
            tuple(ox.NamedNode(iri) for iri in params.get("named-graph-uri", [])),
        )
    except ValueError as exc:
        raise QueryError(f"a graph named by default-graph-uri or named-graph-uri is not an IRI: {exc}") from exc


def _negotiate(accept: str | None, offered: list[str]) -> str:
    chosen = negotiate(accept, offered)
    if chosen is None:
        raise NotAcceptableError(f"this answer can be sent as {', '.join(offered)}")
    return chosen


class _InFlightCap:
    """ASGI middleware: at most ``cap`` requests at once; the others get 503 and ``Retry-After``."""

    def __init__(self, app: ASGIApp, cap: int) -> None:
        self.app = app
        self.cap = cap
        self.active = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.active >= self.cap:
            busy = Response("the endpoint is busy; try again\n", 503, {"Retry-After": _BUSY_SECONDS}, "text/plain")
            await busy(scope, receive, send)
            return
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1


def _answering_problems(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """Turn every error a request can cause into its HTTP status and a one-line message."""

    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except _Problem as exc:
            return _text(exc.status, str(exc), exc.headers)
        except VsgraphError as exc:
            status = next(code for kind, code in _STATUS if isinstance(exc, kind))
            return _text(status, str(exc), {"Retry-After": _BUSY_SECONDS} if status == 503 else None)
        except Exception:
            _log.exception("internal error while answering %s %s", request.method, request.url.path)
            return _text(500, "internal error in vsgraph; please report it with the request that caused it")

    return answer


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(message + "\n", status, headers, "text/plain; charset=utf-8")


def create_app(
    dataset: Dataset,
    *,
    limits: Limits = Limits(),
    update_token: str | None = None,
    base_iri: str | None = None,
    cors_origins: tuple[str, ...] = (),
) -> ASGIApp:
    """The endpoint as an ASGI application, to serve with any ASGI server.

    ``cors_origins`` lets browser tools on those origins call the endpoint (none by default).
    """
    endpoint = Endpoint(dataset, limits, update_token, base_iri)
    read = ["GET", "HEAD", "POST", "OPTIONS"]
    routes = [
        Route("/", _answering_problems(endpoint.home), methods=["GET", "HEAD"]),
        Route("/sparql", _answering_problems(endpoint.sparql), methods=read),
        Route("/update", _answering_problems(endpoint.update), methods=["GET", "HEAD", "POST", "OPTIONS"]),
        Route("/queries", _answering_problems(endpoint.listing), methods=["GET", "HEAD"]),
        Route("/queries/{name:path}", _answering_problems(endpoint.catalog_query), methods=["GET", "HEAD"]),
        Route("/validate", _answering_problems(endpoint.validate), methods=["GET", "HEAD"]),
        Route("/resource", _answering_problems(endpoint.resource), methods=["GET", "HEAD"]),
        Route("/{path:path}", _answering_problems(endpoint.dereference), methods=["GET", "HEAD"]),
    ]
    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=read,
                allow_headers=["Accept", "Authorization", "Content-Type"],
            )
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        endpoint.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    return _InFlightCap(_Options(app, cors=bool(cors_origins)), limits.max_in_flight)


class _Options:
    """ASGI middleware: answer ``OPTIONS`` with the allowed methods, leaving CORS preflights
    to the CORS middleware when one is configured."""

    def __init__(self, app: ASGIApp, *, cors: bool) -> None:
        self.app = app
        self.cors = cors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            preflight = any(name == b"access-control-request-method" for name, _ in scope.get("headers", []))
            if not (self.cors and preflight):
                allowed = "GET, HEAD, POST, OPTIONS" if scope["path"] in ("/sparql", "/update") else "GET, HEAD, OPTIONS"
                await Response(status_code=204, headers={"Allow": allowed})(scope, receive, send)
                return
        await self.app(scope, receive, send)
