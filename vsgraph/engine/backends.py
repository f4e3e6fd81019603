"""The engines a portfolio can live in, behind one small interface.

* :class:`OxigraphBackend` (the default) keeps the triples in a pyoxigraph ``Store`` and
  answers SPARQL with Oxigraph's engine, an order of magnitude faster than rdflib at
  portfolio scale (`bench/README.md`).
* :class:`RdflibBackend` keeps a plain in-memory rdflib ``Graph`` and answers SPARQL with
  rdflib's own engine: slower, but pure Python and the reference the query catalog is
  checked against.
* :class:`~vsgraph.stores.remote.RemoteBackend` (in :mod:`vsgraph.stores.remote`) asks a SPARQL 1.1
  server over HTTP; an on-disk store (:mod:`vsgraph.stores.disk`) is an :class:`OxigraphBackend`
  over a store opened from disk, limited to the portfolios' named graphs.

All hand results back as rdflib terms, so callers never see which engine answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from vsgraph.engine.bindings import bind_values
from vsgraph.engine.fetch_guard import names_a_dataset, refuse_fetching
from vsgraph.engine.results import QueryResult
from vsgraph.engine.terms import solution_rows, to_oxigraph, to_oxigraph_triple, to_rdflib, written
from vsgraph.errors import QueryError


class Backend(Protocol):
    """The engine interface: what a portfolio, and everything that works on one, needs from
    the engine that holds its triples.

    Every caller (validation, queries, export, incremental validation, the report, the
    server) goes through these methods and asks the capability flag instead of checking
    classes, so that a new engine is one more implementation of this protocol.
    """

    name: str
    #: Whether forked worker processes can read the triples: true only where they live
    #: wholly in this process's memory (an on-disk store has RocksDB threads a child would
    #: lose, a remote one a server). :mod:`vsgraph.engine.parallel` decides on this flag alone.
    forkable: bool

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add statements (the graph of a quad is kept where the engine has graphs)."""
        ...

    def remove(self, triples: Iterable[ox.Triple]) -> None:
        """Remove statements from every graph of the portfolio that holds them."""
        ...

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None, *, allow_fetch: bool = False) -> QueryResult:
        """Answer ``sparql``; a query that could fetch a URL (``SERVICE``) is refused unless
        ``allow_fetch`` (:mod:`vsgraph.engine.fetch_guard`)."""
        ...

    def select_tsv(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bytes:
        """The answer to a SELECT query as SPARQL TSV: what forked workers send back
        (bytes cross between processes cheaply, rdflib terms do not)."""
        ...

    def holds_at_least(self, count: int) -> bool:
        """Whether the portfolio has ``count`` statements or more (cheaper than ``len``)."""
        ...

    def to_rdflib(self) -> Graph:
        """The portfolio as an rdflib graph, for pyshacl, owlready2 and users."""
        ...

    def triples(self) -> Iterable[ox.Triple]:
        """Every triple as Oxigraph terms, without an rdflib detour."""
        ...

    def ntriples(self) -> bytes:
        """Every triple, once, as an N-Triples document: what exports sort and write."""
        ...

    def __len__(self) -> int: ...


@dataclass(frozen=True)
class QueryDataset:
    """The graphs a query is answered from, as the SPARQL 1.1 Protocol's ``default-graph-uri``
    and ``named-graph-uri`` name them: exactly these, replacing the query's own ``FROM``."""

    default_graphs: tuple[ox.NamedNode, ...] = ()
    named_graphs: tuple[ox.NamedNode, ...] = ()


def result_from_oxigraph(answer: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple]) -> QueryResult:
    """Turn an answer in Oxigraph terms (from a local store or parsed from HTTP) into a result."""
    if isinstance(answer, ox.QuerySolutions):
        variables, rows = solution_rows(answer)
        return QueryResult("select", variables=variables, rows=rows)
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    return QueryResult("graph", graph=graph_from_oxigraph(answer))


def tsv_of(result: QueryResult) -> bytes:
    """A SELECT result as SPARQL TSV, for engines that do not write TSV themselves."""
    if result.kind != "select":
        raise QueryError("an answer as TSV needs a SELECT query")
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    for row in result.rows:
        terms = (row.get(name) for name in result.variables)
        lines.append("\t".join("" if term is None else str(to_oxigraph(term)) for term in terms))
    return ("\n".join(lines) + "\n").encode("utf-8")


def graph_from_oxigraph(triples: Iterable[ox.Triple]) -> Graph:
    """An rdflib graph holding Oxigraph triples."""
    graph = Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def ntriples_of(triples: Iterable[ox.Triple]) -> bytes:
    """Distinct triples as an N-Triples document, written by Oxigraph."""
    return written(ox.serialize(dict.fromkeys(triples), format=ox.RdfFormat.N_TRIPLES))


class OxigraphBackend:
    """Triples in a pyoxigraph store, queried as one graph.

    By default every graph of the store (default and named) is part of the queried
    default graph. ``graphs`` limits the portfolio to those named graphs: an on-disk store
    holds one named graph per portfolio, and a query may ask about one of them.
    """

    name = "oxigraph"

    def __init__(
        self,
        store: ox.Store | None = None,
        graphs: Sequence[ox.NamedNode] | None = None,
        *,
        forkable: bool | None = None,
    ) -> None:
        self.store = store if store is not None else ox.Store()
        self.graphs = list(graphs) if graphs is not None else None
        #: By default only a store this backend made is known to live in memory alone.
        self.forkable = store is None if forkable is None else forkable

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self.store.extend(quads)

    def remove(self, triples: Iterable[ox.Triple]) -> None:
        graphs = self.graphs if self.graphs is not None else [None]
        for triple in triples:
            for graph in graphs:
                for quad in list(self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, graph)):
                    self.store.remove(quad)

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None, *, allow_fetch: bool = False) -> QueryResult:
        return result_from_oxigraph(self.answer(bind_values(sparql, bindings), allow_fetch=allow_fetch))

    def select_tsv(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bytes:
        """The answer to a SELECT query as SPARQL TSV, written by Oxigraph."""
        answer = self.answer(bind_values(sparql, bindings))
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("an answer as TSV needs a SELECT query")
        return written(answer.serialize(format=ox.QueryResultsFormat.TSV))

    def answer(
        self, sparql: str, *, dataset: QueryDataset | None = None, allow_fetch: bool = False
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Oxigraph's own answer to ``sparql``, for callers that serialise it themselves.

        The default graph is the union of the portfolio's graphs, unless ``dataset`` names
        the graphs (the SPARQL Protocol's parameters) or the query has a ``FROM`` of its own.
        """
        if not allow_fetch:
            refuse_fetching(sparql)
        return self.store.query(sparql, **self._dataset_options(sparql, dataset))

    def _dataset_options(self, sparql: str, dataset: QueryDataset | None) -> dict[str, Any]:
        if dataset is not None:
            return {"default_graph": list(dataset.default_graphs), "named_graphs": list(dataset.named_graphs)}
        if self.graphs is not None:
            return {"default_graph": self.graphs or [ox.DefaultGraph()], "named_graphs": self.graphs}
        if names_a_dataset(sparql):
            return {}
        return {"use_default_graph_as_union": True}

    def to_rdflib(self) -> Graph:
        return graph_from_oxigraph(self.triples())

    def triples(self) -> Iterable[ox.Triple]:
        if self.graphs is None:
            return (quad.triple for quad in self.store)
        return (quad.triple for graph in self.graphs for quad in self.store.quads_for_pattern(None, None, None, graph))

    def ntriples(self) -> bytes:
        # Oxigraph writes the document in Rust, several times faster than formatting each
        # triple from Python.
        graphs = [ox.DefaultGraph(), *self.store.named_graphs()] if self.graphs is None else self.graphs
        documents = [written(self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)) for graph in graphs]
        if len(documents) == 1:
            return documents[0]
        # The same triple may be in several graphs: each line once, in a stable order.
        return b"".join(dict.fromkeys(line for document in documents for line in document.splitlines(keepends=True)))

    def holds_at_least(self, count: int) -> bool:
        """Whether the portfolio has ``count`` statements or more: Oxigraph stops after
        ``count``, where ``len`` walks the whole store."""
        if count <= 0:
            return True
        return self.select_tsv(f"SELECT ?s WHERE {{ ?s ?p ?o }} OFFSET {count - 1} LIMIT 1").count(b"\n") > 1

    def __len__(self) -> int:
        if self.graphs is None:
            return len(self.store)
        return sum(1 for graph in self.graphs for _ in self.store.quads_for_pattern(None, None, None, graph))


class RdflibBackend:
    """Triples in a plain in-memory rdflib graph; SPARQL by rdflib's engine."""

    name = "rdflib"
    forkable = False  # rdflib answers in Python, so forked workers would gain little

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else Graph()

    def add(self, quads: Iterable[ox.Quad]) -> None:
        # Passing through an Oxigraph store puts literals in the same canonical form
        # (``4.0`` becomes ``4``) as the Oxigraph backend, so both engines hold equal graphs.
        canonical = ox.Store()
        canonical.extend(quads)
        for quad in canonical:
            self.graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))

    def remove(self, triples: Iterable[ox.Triple]) -> None:
        for triple in triples:
            self.graph.remove((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))

    def select_tsv(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bytes:
        return tsv_of(self.query(sparql, bindings))

    def holds_at_least(self, count: int) -> bool:
        return len(self.graph) >= count

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None, *, allow_fetch: bool = False) -> QueryResult:
        text = bind_values(sparql, bindings)
        if not allow_fetch:
            refuse_fetching(text)
        if names_a_dataset(text):
            # rdflib ignores FROM on a plain graph, or fetches the URL into a Dataset: refused
            # rather than answered differently from Oxigraph.
            raise QueryError("the rdflib engine holds one graph and cannot answer FROM or FROM NAMED; use the Oxigraph engine")
        answer = self.graph.query(text)
        if answer.type == "SELECT":
            variables = [str(v) for v in answer.vars or []]
            return QueryResult("select", variables=variables, rows=_select_rows(answer, variables))
        if answer.type == "ASK":
            return QueryResult("ask", boolean=bool(answer.askAnswer))
        assert answer.graph is not None, "rdflib answers a CONSTRUCT or DESCRIBE query with a graph"
        graph = Graph()
        for triple in answer.graph:
            graph.add(triple)
        return QueryResult("graph", graph=graph)

    def to_rdflib(self) -> Graph:
        return self.graph

    def triples(self) -> Iterable[ox.Triple]:
        return (to_oxigraph_triple(s, p, o) for s, p, o in self.graph)

    def ntriples(self) -> bytes:
        return ntriples_of(self.triples())

    def __len__(self) -> int:
        return len(self.graph)


def _select_rows(answer: Result, variables: list[str]) -> list[dict[str, Node | None]]:
    """The rows of rdflib's answer to a SELECT query (``None`` where a variable is unbound)."""
    rows: list[dict[str, Node | None]] = []
    for row in answer:
        assert isinstance(row, ResultRow), "rdflib answers a SELECT query with rows"
        rows.append({name: row[name] for name in variables})
    return rows
