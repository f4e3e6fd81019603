"""Portfolios on any SPARQL 1.1 server, through the SPARQL 1.1 Protocol.

A large enterprise outgrows one process: its portfolios then live on a server (Oxigraph
server, GraphDB, Virtuoso, Amazon Neptune...) and vsgraph asks it over HTTP. Only the
standard protocol is used, with the choices that work on every server tried:

* queries and updates are sent as form-encoded POSTs (``application/x-www-form-urlencoded``):
  some servers hang on a direct ``application/sparql-query`` POST, and GET limits the
  length of a query;
* results are asked for as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT) and parsed
  by Oxigraph, so literals come back in the same canonical form as from a local store;
* each portfolio is one named graph (:mod:`vsgraph.graphs`), chosen per request with the
  protocol's ``default-graph-uri`` parameter, so it does not matter whether the server's
  default graph is the union of its graphs;
* every request has a timeout.

A load replaces the portfolio's graph in one update request when it is small. A larger
one is written in chunks to a staging graph that no query reads, then moved over the
portfolio's graph with one ``MOVE`` (atomic on a transactional server); triples with
blank nodes all go in the last chunk, since each request makes its own blank nodes.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from vsgraph.backends import graph_from_oxigraph, ntriples_of, result_from_oxigraph
from vsgraph.bindings import bind_values
from vsgraph.errors import QueryError, StoreError
from vsgraph.fetch_guard import refuse_fetching
from vsgraph.graphs import GRAPH_PREFIX, default_name, portfolio_graph, portfolio_name
from vsgraph.ondisk import LoadResult, Progress
from vsgraph.parsing import read_quads
from vsgraph.portfolio import Portfolio
from vsgraph.results import QueryResult

#: How many triples one ``INSERT DATA`` request carries.
CHUNK_TRIPLES = 50_000

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_GRAPHS = (
    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
    f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}'
)


class SparqlClient:
    """Speaks the SPARQL 1.1 Protocol to one server: a query URL and, to write, an update URL."""

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 300.0,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.timeout = timeout
        self._headers = {"User-Agent": "vsgraph"}
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"

    def query(
        self, sparql: str, default_graphs: Sequence[str] = ()
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterable[ox.Triple]:
        """Run a query; the answer is parsed into Oxigraph terms."""
        form = [("query", sparql)] + [("default-graph-uri", graph) for graph in default_graphs]
        body, media_type = self._post(self.endpoint, form, _ACCEPT)
        if media_type in ("application/sparql-results+json", "application/sparql-results+xml"):
            fmt = ox.QueryResultsFormat.from_media_type(media_type)
            return ox.parse_query_results(body, fmt)
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise StoreError(f"{self.endpoint}: answered in {media_type or 'an unnamed format'}, which vsgraph cannot read")
        return (quad.triple for quad in ox.parse(body, fmt))

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (the server applies it in one transaction if it has them)."""
        if self.update_endpoint is None:
            raise StoreError(f"{self.endpoint}: writing needs the server's update URL (--update-endpoint)")
        self._post(self.update_endpoint, [("update", sparql)], "*/*")

    def _post(self, url: str, form: list[tuple[str, str]], accept: str) -> tuple[bytes, str]:
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(form).encode("utf-8"),
            headers={**self._headers, "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
                return response.read(), media_type
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            message = f"{url}: the server refused the request ({exc.code} {exc.reason})" + (f": {detail[0][:300]}" if detail else "")
            raise (QueryError if exc.code == 400 and form[0][0] == "query" else StoreError)(message) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"{url}: cannot reach the SPARQL server: {reason}") from exc


class RemoteBackend:
    """A portfolio on a SPARQL server: one named graph, or the union of all of them."""

    name = "remote"

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
                answer = self.client.query(_GRAPHS)
                assert isinstance(answer, ox.QuerySolutions)
                self._graphs = sorted(solution["g"].value for solution in answer)
        return self._graphs

    def add(self, quads: Iterable[ox.Quad]) -> None:
        raise StoreError(f"{self.client.endpoint}: a portfolio on a server changes only by loading it again (vsgraph load)")

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, *, allow_fetch: bool = False
    ) -> QueryResult:
        text = bind_values(sparql, bindings)
        if not allow_fetch:
            refuse_fetching(text)  # the server would fetch the URL on the user's behalf
        return result_from_oxigraph(self.client.query(text, self.graphs()))  # type: ignore[arg-type]

    def to_rdflib(self) -> Graph:
        return graph_from_oxigraph(self.triples())

    def triples(self) -> Iterable[ox.Triple]:
        answer = self.client.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", self.graphs())
        return answer  # type: ignore[return-value]

    def ntriples(self) -> bytes:
        return ntriples_of(self.triples())

    def __len__(self) -> int:
        answer = self.client.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", self.graphs())
        assert isinstance(answer, ox.QuerySolutions)
        return int(next(iter(answer))["n"].value)


class RemoteStore:
    """Portfolios on a SPARQL server, one named graph each (see the module's description)."""

    def __init__(self, client: SparqlClient) -> None:
        self.client = client

    def portfolios(self) -> list[str]:
        """The names of the portfolios on the server, sorted."""
        return [name for graph in RemoteBackend(self.client).graphs() if (name := portfolio_name(graph))]

    def portfolio(self, name: str | None = None) -> Portfolio:
        """The portfolio called ``name``, or all of them as one graph."""
        if name is not None and name not in self.portfolios():
            held = ", ".join(self.portfolios()) or "none yet"
            raise StoreError(f"{self.client.endpoint}: no portfolio called {name!r} (portfolios: {held})")
        return Portfolio(RemoteBackend(self.client, name))

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
        triples = sorted({str(quad.triple) for path in paths for quad in read_quads(path, input_format)})
        if len(triples) <= CHUNK_TRIPLES:
            self.client.update(f"DROP SILENT GRAPH <{target}> ;\n{_insert(target, triples)}")
        else:
            self._load_staged(target, triples, progress)
        if progress is not None:
            progress(len(triples))
        return LoadResult(name, len(triples), len(self.portfolio().backend))

    def _load_staged(self, target: str, triples: list[str], progress: Progress | None) -> None:
        """Write ``triples`` in chunks to a staging graph no query reads, then move it over ``target``."""
        plain = [line for line in triples if "_:" not in line]
        chunks = [plain[start : start + CHUNK_TRIPLES] for start in range(0, len(plain), CHUNK_TRIPLES)] or [[]]
        # Each request makes its own blank nodes: the triples that share them travel together.
        chunks[-1] = chunks[-1] + [line for line in triples if "_:" in line]
        staging = f"urn:vsgraph:staging:{uuid.uuid4().hex}"
        try:
            done = 0
            for chunk in chunks:
                self.client.update(_insert(staging, chunk))
                done += len(chunk)
                if progress is not None:
                    progress(done)
            self.client.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{target}>")
        except BaseException:
            try:
                self.client.update(f"DROP SILENT GRAPH <{staging}>")
            except StoreError:
                pass  # no query reads a staging graph; it only takes space until dropped
            raise


def _insert(graph: str, lines: Sequence[str]) -> str:
    """An ``INSERT DATA`` of N-Triples lines (without their dots) into ``graph``."""
    body = "".join(f"{line} .\n" for line in lines)
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"
