"""Portfolios on any SPARQL 1.1 server, through the SPARQL 1.1 Protocol.

A large enterprise outgrows one process: its portfolios then live on a server (Oxigraph
server, GraphDB, Virtuoso, Amazon Neptune...) and vsgraph asks it over HTTP. Only the
standard protocols are used, with the choices that work on every server tried:

* queries are sent as form-encoded POSTs (``application/x-www-form-urlencoded``): some
  servers hang on a direct ``application/sparql-query`` POST, and GET limits the length
  of a query. Updates are sent directly (``application/sparql-update``), the way the
  Protocol provides for large ones;
* the ``Accept`` header asks for what the caller expects: SPARQL JSON for a table or a
  boolean, N-Triples for a graph. Virtuoso answers in the first format the header ranks,
  whatever the query's form, so one header cannot serve both (see :meth:`SparqlClient.query`
  for a query whose form only the server knows);
* answers are parsed by Oxigraph, so literals come back in the same canonical form as from
  a local store;
* each portfolio is one named graph (:mod:`vsgraph.stores.graphs`), chosen per request with the
  protocol's ``default-graph-uri`` parameter, so it does not matter whether the server's
  default graph is the union of its graphs;
* every request has a timeout.

A load replaces the portfolio's graph in one update request (``DROP`` + ``INSERT DATA``),
which a transactional server applies all at once. A server that refuses a request that
large (Virtuoso parses at most a few thousand triples per request) gets the triples in a
staging graph that no query reads, then moved over the portfolio's graph with one
``MOVE``: written in one Graph Store Protocol ``PUT`` where the server has that protocol,
else in ``INSERT DATA`` chunks, halved whenever the server refuses one.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from vsgraph.authoring.model import Location
from vsgraph.engine.backends import graph_from_oxigraph, ntriples_of, result_from_oxigraph, tsv_of
from vsgraph.engine.bindings import bind_values
from vsgraph.engine.fetch_guard import refuse_fetching
from vsgraph.engine.results import QueryResult
from vsgraph.errors import QueryError, StoreError
from vsgraph.limits import DEFAULT_LIMITS
from vsgraph.portfolio import Portfolio, read_with_origins
from vsgraph.stores.disk import LoadResult, Progress
from vsgraph.stores.graphs import GRAPH_PREFIX, default_name, origins_graph, portfolio_graph, portfolio_name
from vsgraph.stores.origins import WRITTEN_AT, origin_quads, read_origins

#: The largest portfolio sent in one update request; a larger one is staged.
ONE_REQUEST_TRIPLES = 500_000
#: How many triples a staging ``INSERT DATA`` carries at first (halved when refused).
CHUNK_TRIPLES = 50_000

_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_TRIPLES = "application/n-triples, text/turtle;q=0.9"
#: For a query of unknown form: what a server that heeds the form answers correctly.
_EITHER = f"{_RESULTS}, application/n-triples;q=0.8, text/turtle;q=0.7"
#: For asking again, graph formats first: a table then comes back as a table, or (from
#: Virtuoso) as a result set written in RDF.
_GRAPH_FIRST = "application/n-triples, application/sparql-results+json;q=0.5"
#: What Virtuoso's result set written in RDF names (in N-Triples it cannot be parsed).
_RESULT_SET_VARIABLE = b"<http://www.w3.org/2005/sparql-results#resultVariable>"
_RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
#: The variable Virtuoso answers an ASK query with, as a one-column table.
_VIRTUOSO_ASK = ox.Variable("__ASK_RETVAL")
_TRIPLE_VARIABLES = [ox.Variable("s"), ox.Variable("p"), ox.Variable("o")]
#: Refusals that may mean "too large" (413; Virtuoso's parser gives up with a 400, a
#: request longer than its string limit with a 500): the request is split and sent again.
_TOO_LARGE_STATUSES = frozenset({400, 413, 500})
#: Graph Store Protocol URLs beside known servers' update URLs (Oxigraph, Virtuoso).
_GRAPH_STORES = {"/update": "/store", "/sparql": "/sparql-graph-crud", "/sparql-auth": "/sparql-graph-crud-auth"}

Answer = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]

_GRAPHS = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}'


class ServerRefusal(StoreError):
    """The server answered a request with an HTTP error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class SparqlClient:
    """Speaks the SPARQL 1.1 Protocol to one server: a query URL and, to write, an update URL.

    ``graph_store`` is the server's Graph Store Protocol URL, which stages loads too large
    for one update request; ``True`` (the default) guesses it from the update URL as
    Oxigraph (``/update`` → ``/store``) and Virtuoso (``/sparql`` → ``/sparql-graph-crud``,
    ``/sparql-auth`` → ``/sparql-graph-crud-auth``) place it, and falls back to update
    requests if the server refuses the guess; ``False`` never uses the protocol.
    """

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        *,
        graph_store: str | bool = True,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 300.0,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self._graph_store_guessed = graph_store is True
        self.graph_store = _graph_store_beside(update_endpoint) if graph_store is True else graph_store or None
        self.timeout = timeout
        self._headers = {"User-Agent": "vsgraph"}
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"

    def query(self, sparql: str, default_graphs: Sequence[str] = (), *, graph: bool | None = None) -> Answer:
        """Run a query; the answer is parsed into Oxigraph terms.

        ``graph`` says what the caller expects: a graph (CONSTRUCT, DESCRIBE) or a table
        or boolean (SELECT, ASK). Unknown (``None``), a table is asked for first; a table
        of exactly ``?s ?p ?o`` is how Virtuoso sends a graph when asked for a table, so
        that query is asked again with graph formats first.
        """
        form = [("query", sparql)] + [("default-graph-uri", uri) for uri in default_graphs]
        accept = _TRIPLES if graph else _RESULTS if graph is False else _EITHER
        body, media_type = self._post(self.endpoint, form, accept)
        answer = self._parse(body, media_type)
        if graph is None and isinstance(answer, ox.QuerySolutions) and answer.variables == _TRIPLE_VARIABLES:
            again, again_type = self._post(self.endpoint, form, _GRAPH_FIRST)
            if again_type not in _RESULT_TYPES and _RESULT_SET_VARIABLE not in again:
                return self._parse(again, again_type)
            answer = self._parse(body, media_type)  # a table indeed: read the first answer again
        return answer

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (the server applies it in one transaction if it has them).

        The update is the request's body (``application/sparql-update``, the Protocol's
        "update via POST directly"): a load's ``INSERT DATA`` is large, and form-encoding
        it would nearly double its size and cost both sides a pass over every byte.
        """
        self._send(self.update_url(), sparql.encode("utf-8"), "application/sparql-update", "*/*")

    def update_url(self) -> str:
        """The server's update URL; a :class:`StoreError` if none was given."""
        if self.update_endpoint is None:
            raise StoreError(f"{self.endpoint}: writing needs the server's update URL (--update-endpoint)")
        return self.update_endpoint

    def put_graph(self, graph: str, ntriples: bytes) -> bool:
        """Replace ``graph`` with an N-Triples document (Graph Store Protocol ``PUT``).

        False if the server has no Graph Store Protocol: none is known, or the URL guessed
        from the update URL is refused (it is then not tried again).
        """
        if self.graph_store is None:
            return False
        url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': graph})}"
        try:
            self._send(url, ntriples, "application/n-triples", "*/*", method="PUT")
        except ServerRefusal:
            if not self._graph_store_guessed:
                raise
            self.graph_store = None
            return False
        return True

    def _post(self, url: str, form: list[tuple[str, str]], accept: str) -> tuple[bytes, str]:
        try:
            return self._send(url, urllib.parse.urlencode(form).encode("utf-8"), "application/x-www-form-urlencoded", accept)
        except ServerRefusal as exc:
            if exc.status == 400 and form[0][0] == "query":
                raise QueryError(str(exc)) from exc
            raise

    def _send(self, url: str, data: bytes, content_type: str, accept: str, method: str = "POST") -> tuple[bytes, str]:
        request = urllib.request.Request(
            url,
            data=data,
            method=method,
            headers={**self._headers, "Accept": accept, "Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
                return response.read(), media_type
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            message = f"{url}: the server refused the request ({exc.code} {exc.reason})"
            message += f": {detail[0][:300]}" if detail else ""
            raise ServerRefusal(message, exc.code) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"{url}: cannot reach the SPARQL server: {reason}") from exc

    def _parse(self, body: bytes, media_type: str) -> Answer:
        if media_type in _RESULT_TYPES:
            results = ox.parse_query_results(body, ox.QueryResultsFormat.from_media_type(media_type))
            if isinstance(results, ox.QuerySolutions) and results.variables == [_VIRTUOSO_ASK]:
                return _boolean(any(str(solution[_VIRTUOSO_ASK].value) == "1" for solution in results))
            return results
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise StoreError(f"{self.endpoint}: answered in {media_type or 'an unnamed format'}, which vsgraph cannot read")
        return (quad.triple for quad in ox.parse(body, fmt))


def _boolean(value: bool) -> ox.QueryBoolean:
    """An ASK answer in Oxigraph's own type, as if the server had sent it."""
    document = b'{"head":{},"boolean":true}' if value else b'{"head":{},"boolean":false}'
    answer = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    assert isinstance(answer, ox.QueryBoolean), "a document with a boolean is an ASK answer"
    return answer


def _graph_store_beside(update_endpoint: str | None) -> str | None:
    """The Graph Store Protocol URL of a known server, next to its update URL."""
    if update_endpoint is None:
        return None
    parts = urllib.parse.urlsplit(update_endpoint)
    for suffix, replacement in _GRAPH_STORES.items():
        if parts.path.endswith(suffix):
            path = parts.path[: -len(suffix)] + replacement
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return None


class RemoteBackend:
    """A portfolio on a SPARQL server: one named graph, or the union of all of them."""

    name = "remote"
    forkable = False  # the triples live on the server

    def __init__(self, client: SparqlClient, portfolio: str | None = None) -> None:
        self.client = client
        self.portfolio = portfolio
        self._graphs: list[str] | None = None

    def graphs(self) -> list[str]:
        """The named graphs the portfolio is read from (none: the server's default graph)."""
        if self._graphs is None:
            if self.portfolio is not None:
                self._graphs = [portfolio_graph(self.portfolio).value]
            else:
                answer = self.client.query(_GRAPHS, graph=False)
                assert isinstance(answer, ox.QuerySolutions)
                self._graphs = sorted(solution["g"].value for solution in answer)
        return self._graphs

    def add(self, quads: Iterable[ox.Quad]) -> None:
        raise StoreError(f"{self.client.endpoint}: a portfolio on a server changes only by loading it again (vsgraph load)")

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None, *, allow_fetch: bool = False) -> QueryResult:
        text = bind_values(sparql, bindings)
        if not allow_fetch:
            refuse_fetching(text)  # the server would fetch the URL on the user's behalf
        return result_from_oxigraph(self.client.query(text, self.graphs()))

    def to_rdflib(self) -> Graph:
        return graph_from_oxigraph(self.triples())

    def triples(self) -> Iterable[ox.Triple]:
        """Every triple, checked against the server's own count: some servers cut a large
        answer short without saying so (Virtuoso's ``ResultSetMaxRows``), which would make
        an export, a validation or a report silently incomplete."""
        answer = self.client.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", self.graphs(), graph=True)
        if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
            raise StoreError(f"{self.client.endpoint}: answered a CONSTRUCT query with a table, not triples")
        triples = list(dict.fromkeys(answer))
        counted = self.client.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }", self.graphs(), graph=False
        )
        assert isinstance(counted, ox.QuerySolutions)
        expected = int(next(iter(counted))["n"].value)
        if len(triples) < expected:
            raise StoreError(
                f"{self.client.endpoint}: the server sent {len(triples):,} of the portfolio's {expected:,} triples: "
                "it cuts answers short (Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
            )
        return triples

    def ntriples(self) -> bytes:
        return ntriples_of(self.triples())

    def __len__(self) -> int:
        answer = self.client.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", self.graphs(), graph=False)
        assert isinstance(answer, ox.QuerySolutions)
        return int(next(iter(answer))["n"].value)

    def holds_at_least(self, count: int) -> bool:
        return len(self) >= count

    def select_tsv(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bytes:
        return tsv_of(self.query(sparql, bindings))

    def remove(self, triples: Iterable[ox.Triple]) -> None:
        """Remove the triples from every portfolio graph of this backend, in one update."""
        statements = " . ".join(str(triple) for triple in triples)
        if statements:
            graphs = self.graphs()
            deletions = " ".join(f"GRAPH <{graph}> {{ {statements} }}" for graph in graphs) if graphs else statements
            self.client.update(f"DELETE DATA {{ {deletions} }}")


class RemoteStore:
    """Portfolios on a SPARQL server, one named graph each (see the module's description)."""

    def __init__(self, client: SparqlClient) -> None:
        self.client = client
        #: How many triples one update request may carry, as learnt from the server's
        #: refusals (None until the server refuses one).
        self.update_limit: int | None = None

    def portfolios(self) -> list[str]:
        """The names of the portfolios on the server, sorted."""
        return [name for graph in RemoteBackend(self.client).graphs() if (name := portfolio_name(graph))]

    def portfolio(self, name: str | None = None) -> Portfolio:
        """The portfolio called ``name``, or all of them as one graph."""
        if name is not None and name not in self.portfolios():
            held = ", ".join(self.portfolios()) or "none yet"
            raise StoreError(f"{self.client.endpoint}: no portfolio called {name!r} (portfolios: {held})")
        portfolio = Portfolio(RemoteBackend(self.client, name))
        chosen = [name] if name is not None else self.portfolios()
        if chosen:
            graphs = " ".join(f"<{origins_graph(n).value}>" for n in chosen)
            answer = self.client.query(
                f"SELECT ?s ?o WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s <{WRITTEN_AT.value}> ?o }} }}", graph=False
            )
            assert isinstance(answer, ox.QuerySolutions)
            portfolio.origins = read_origins(ox.Quad(row["s"], WRITTEN_AT, row["o"]) for row in answer)
        return portfolio

    def load(
        self,
        paths: Sequence[Path | str],
        *,
        name: str | None = None,
        input_format: str | None = None,
        progress: Progress | None = None,
    ) -> LoadResult:
        """Add or replace the portfolio read from ``paths``; the server sees all of it or none."""
        paths = list(paths)
        name = name if name is not None else default_name(paths)
        target = portfolio_graph(name).value
        self.client.update_url()  # fail before reading the files if the server cannot be written
        quads: list[ox.Quad] = []
        origins: dict[Node, Mapping[str, Location]] = {}
        for path in paths:
            read, written = read_with_origins(path, input_format, DEFAULT_LIMITS)
            quads += read
            origins.update(written)
        triples = list(dict.fromkeys(quad.triple for quad in quads))
        # Where things were written goes first and comes back last, so that a load cut
        # short leaves a portfolio without places rather than with the old one's.
        places = origins_graph(name).value
        self.client.update(f"DROP SILENT GRAPH <{places}>")
        if not self._replace_in_one_request(target, triples):
            self._load_staged(target, triples, progress)
        placed = [quad.triple for quad in origin_quads(origins, origins_graph(name))]
        if placed:
            self._insert_in_chunks(places, placed, None)
        if progress is not None:
            progress(len(triples))
        return LoadResult(name, len(triples), len(self.portfolio().backend))

    def _replace_in_one_request(self, target: str, triples: list[ox.Triple]) -> bool:
        """Replace ``target`` with one update request; False if it is too large for the server."""
        if len(triples) > (self.update_limit or ONE_REQUEST_TRIPLES):
            return False
        return self._update_or_shrink(f"DROP SILENT GRAPH <{target}> ;\n{_insert(target, triples)}", len(triples))

    def _load_staged(self, target: str, triples: list[ox.Triple], progress: Progress | None) -> None:
        """Write ``triples`` to a staging graph no query reads, then move it over ``target``."""
        staging = f"urn:vsgraph:staging:{uuid.uuid4().hex}"
        try:
            if not self.client.put_graph(staging, ntriples_of(triples)):
                self._insert_in_chunks(staging, triples, progress)
            if not bool(self.client.query(f"ASK {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}", graph=False)):
                raise StoreError(f"{self.client.endpoint}: the staged triples are not on the server; nothing was changed")
            self.client.update(f"MOVE GRAPH <{staging}> TO GRAPH <{target}>")
        except BaseException:
            try:
                self.client.update(f"DROP SILENT GRAPH <{staging}>")
            except StoreError:
                pass  # no query reads a staging graph; it only takes space until dropped
            raise

    def _insert_in_chunks(self, staging: str, triples: list[ox.Triple], progress: Progress | None) -> None:
        """``INSERT DATA`` chunks into ``staging``, smaller whenever the server refuses one.

        Triples with blank nodes all travel in the last chunk, which is never split: each
        request makes its own blank nodes.
        """
        plain = [triple for triple in triples if not _has_blank_node(triple)]
        done = 0
        while done < len(plain):
            chunk = plain[done : done + (self.update_limit or CHUNK_TRIPLES)]
            if self._update_or_shrink(_insert(staging, chunk), len(chunk)):
                done += len(chunk)
                if progress is not None:
                    progress(done)
        linked = [triple for triple in triples if _has_blank_node(triple)]
        if linked:
            self.client.update(_insert(staging, linked))

    def _update_or_shrink(self, sparql: str, triples: int) -> bool:
        """Send an update of ``triples`` triples; False, with :attr:`update_limit` set to half
        of them, if the server refuses it in a way that may mean it is too large."""
        try:
            self.client.update(sparql)
        except ServerRefusal as exc:
            if exc.status not in _TOO_LARGE_STATUSES or triples < 2:
                raise
            self.update_limit = triples // 2
            return False
        return True


def _has_blank_node(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _insert(graph: str, triples: Sequence[ox.Triple]) -> str:
    """An ``INSERT DATA`` of ``triples`` into ``graph``, written as N-Triples by Oxigraph."""
    body = ntriples_of(triples).decode("utf-8")
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"
