"""A value-stream portfolio: the triples that map one organisation's value streams.

A :class:`Portfolio` keeps its triples in a backend (Oxigraph by default) and offers the
rdflib graph that pyshacl, owlready2 and users work with. The rdflib view is built on
first use and cached until the portfolio changes, so a large portfolio that is only
queried never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from vsgraph.backends import Backend, OxigraphBackend, RdflibBackend
from vsgraph.ontology import ontology_graph
from vsgraph.parsing import read_quads
from vsgraph.results import QueryResult
from vsgraph.terms import to_oxigraph

Engine = Literal["oxigraph", "rdflib"]


class Portfolio:
    """A portfolio of value streams held by an RDF engine."""

    def __init__(self, backend: Backend | None = None) -> None:
        self.backend: Backend = backend if backend is not None else OxigraphBackend()
        self._graph: Graph | None = None

    @classmethod
    def empty(cls, engine: Engine = "oxigraph") -> Portfolio:
        """Return an empty portfolio on the named engine."""
        return cls(OxigraphBackend() if engine == "oxigraph" else RdflibBackend())

    @classmethod
    def from_graph(cls, graph: Graph, engine: Engine = "oxigraph") -> Portfolio:
        """Return a portfolio holding the triples of an rdflib graph."""
        portfolio = cls.empty(engine)
        portfolio.add_graph(graph)
        return portfolio

    @property
    def engine(self) -> str:
        """The name of the engine that holds the triples and answers SPARQL."""
        return self.backend.name

    def add_file(self, path: Path | str, input_format: str | None = None) -> None:
        """Add the triples of one RDF file; on a syntax error nothing is added."""
        self.backend.add(read_quads(path, input_format))
        self._graph = None

    def add_graph(self, graph: Graph) -> None:
        """Add the triples of an rdflib graph."""
        self.backend.add(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
            for s, p, o in graph
        )
        self._graph = None

    @property
    def graph(self) -> Graph:
        """The portfolio's triples as an rdflib graph (the ontology is not included)."""
        if self._graph is None:
            self._graph = self.backend.to_rdflib()
            for prefix, namespace in ontology_graph().namespaces():
                self._graph.bind(prefix, namespace, override=False)
        return self._graph

    def graph_with_ontology(self) -> Graph:
        """A new rdflib graph holding the portfolio's triples and the whole ontology."""
        combined = ontology_graph()
        combined += self.graph
        return combined

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL query on the portfolio's engine; ``bindings`` are bound by the engine."""
        return self.backend.query(sparql, bindings)

    def __len__(self) -> int:
        return len(self.backend)


def load(
    paths: Iterable[Path | str] | Path | str,
    *,
    engine: Engine = "oxigraph",
    input_format: str | None = None,
) -> Portfolio:
    """Load a portfolio from one or more RDF files.

    Every file is parsed completely before anything is added, so a syntax error in any of
    them raises :class:`~vsgraph.errors.InputError` (naming the file and line) and leaves
    no partial portfolio behind.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    parsed = [read_quads(path, input_format) for path in paths]
    portfolio = Portfolio.empty(engine)
    for quads in parsed:
        portfolio.backend.add(quads)
    return portfolio
