"""A value-stream portfolio: the triples that map one organisation's value streams.

A :class:`Portfolio` keeps its triples in a backend (Oxigraph by default) and offers the
rdflib graph that pyshacl, owlready2 and users work with. The rdflib view is built on
first use and cached until the portfolio changes, so a large portfolio that is only
queried never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from vsgraph.engine.backends import Backend, OxigraphBackend, RdflibBackend
from vsgraph.engine.results import QueryResult
from vsgraph.engine.terms import to_oxigraph_quad, to_oxigraph_triple
from vsgraph.errors import InputError, PublishError
from vsgraph.inputs.formats import authoring_format
from vsgraph.inputs.rdf import STDIN_NAME, is_stdin, read_into_store, read_quads
from vsgraph.limits import DEFAULT_LIMITS, InputLimits
from vsgraph.vocabulary.ontology import ontology_graph, ontology_namespaces

if TYPE_CHECKING:
    from vsgraph.authoring.model import Location
    from vsgraph.authoring.origins import SourceMap
    from vsgraph.linked_data.export import ExportResult
    from vsgraph.query_catalog.critical_path import CriticalPath
    from vsgraph.query_catalog.tables import Table
    from vsgraph.validation.findings import ValidationReport
    from vsgraph.vocabulary.reasoning import ConsistencyResult

Engine = Literal["oxigraph", "rdflib"]
#: The authoring formats whose readers know the line or cell of every key.
AUTHORED_FILE_FORMATS = ("yaml", "xlsx", "csv")


class Portfolio:
    """A portfolio of value streams held by an RDF engine."""

    def __init__(self, backend: Backend | None = None) -> None:
        self.backend: Backend = backend if backend is not None else OxigraphBackend()
        #: The files the portfolio was loaded from, named in the provenance of its exports.
        self.sources: list[Path] = []
        #: Where each node read from a YAML file, workbook or CSV folder was written, by
        #: key: validation findings name that file and line or cell, and the author's key.
        self.origins: dict[Node, Mapping[str, Location]] = {}
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

    def add_file(self, path: Path | str, input_format: str | None = None, *, limits: InputLimits = DEFAULT_LIMITS) -> None:
        """Add the triples of one input (see :func:`load`); on an error nothing is added."""
        authored = read_authored(path, input_format, limits)
        if authored is None:
            self.backend.add(read_quads(path, input_format, limits=limits))
        else:
            self.backend.add(authored[0])
            self.origins.update(authored[1])
        self.sources.append(Path(path))
        self._graph = None

    def add_ntriples(self, document: str) -> None:
        """Add the triples of an N-Triples document, parsed by Oxigraph in one pass (the
        bulk path of generated statements, such as a tracker's work items)."""
        self.backend.add(ox.parse(input=document, format=ox.RdfFormat.N_TRIPLES))
        self._graph = None

    def add_graph(self, graph: Graph) -> None:
        """Add the triples of an rdflib graph."""
        self.backend.add(to_oxigraph_quad(s, p, o) for s, p, o in graph)
        self._graph = None

    def remove_graph(self, graph: Graph) -> None:
        """Remove the triples of an rdflib graph, from every graph of the portfolio that holds them."""
        self.backend.remove(to_oxigraph_triple(s, p, o) for s, p, o in graph)
        self._graph = None

    @property
    def graph(self) -> Graph:
        """The portfolio's triples as an rdflib graph (the ontology is not included)."""
        if self._graph is None:
            self._graph = self.backend.to_rdflib()
            for prefix, namespace in ontology_namespaces():
                self._graph.bind(prefix, namespace, override=False)
        return self._graph

    def graph_with_ontology(self) -> Graph:
        """A new rdflib graph holding the portfolio's triples and the whole ontology."""
        combined = ontology_graph()
        combined += self.graph
        return combined

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None, *, allow_fetch: bool = False) -> QueryResult:
        """Run a SPARQL query on the portfolio's engine; ``bindings`` are bound by the engine.

        The answer keeps rdflib terms: each row maps a variable to a ``URIRef``,
        ``Literal`` or ``BNode`` (``None`` where unbound), so that nothing is lost
        (``Literal("4", datatype=XSD.decimal)`` is not ``4``). :meth:`run_query` answers a
        catalog question with Python values instead (a :class:`~vsgraph.query_catalog.tables.Table`);
        ``query(...).table()`` gives the same table for any SELECT. The text is run as
        given: undeclared prefixes are an error (``vsgraph sparql`` declares vsgraph's own).

        A query that could make the engine fetch a URL (``SERVICE``) raises
        :class:`~vsgraph.errors.RefusedError` unless ``allow_fetch`` is true (federation).
        """
        return self.backend.query(sparql, bindings, allow_fetch=allow_fetch)

    # One call each for the jobs users do with a portfolio; the work lives in its own module.

    def validate(self, *, infer: bool = False) -> ValidationReport:
        """Check the portfolio against vsgraph's modelling rules (see :func:`vsgraph.validate`)."""
        from vsgraph.validation.validator import validate

        return validate(self, infer=infer)

    def run_query(self, name: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> Table:
        """Answer a catalog question by name (see :func:`vsgraph.run_query`).

        The :class:`~vsgraph.query_catalog.tables.Table` gives Python values
        (``table.rows``: IRIs as ``str``, numbers as ``int`` or ``Decimal``, dates as
        ``datetime``, ``None`` where unbound), unlike :meth:`query`, which keeps rdflib
        terms; also ``to_csv()``, ``to_json()``, ``to_pandas()``, ``to_polars()``.
        """
        from vsgraph.query_catalog.queries import run_query

        return run_query(self, name, params, **kwargs)

    def run_queries(self, requests: Iterable[str | tuple[str, Mapping[str, Any]]]) -> list[Table]:
        """Answer several catalog questions, using every CPU on a large portfolio (see
        :func:`vsgraph.run_queries`)."""
        from vsgraph.query_catalog.queries import run_queries

        return run_queries(self, requests)

    def critical_paths(self) -> dict[str, CriticalPath]:
        """Each value stream's designed flow time along its critical path, by stream IRI
        (see :func:`vsgraph.critical_paths`)."""
        from vsgraph.query_catalog.critical_path import critical_paths

        return critical_paths(self)

    def export(self, destination: Path | str | BinaryIO, **options: Any) -> ExportResult:
        """Write the portfolio as linked data to a file or a binary stream (see
        :func:`vsgraph.export` for the options), or as YAML, an XLSX workbook or a CSV
        folder (``format="yaml"``, ``"xlsx"`` or ``"csv"``, or a ``.yaml``/``.xlsx`` file
        or a folder as ``destination``), which take no other option."""
        from vsgraph.authoring.conversion import authoring_output
        from vsgraph.linked_data.export import export

        if isinstance(destination, (str, Path)):
            authored = authoring_output(destination, options.get("format"))
            others = sorted(set(options) - {"format"})
            if authored is not None and others:
                raise PublishError(f"{', '.join(others)} apply to linked data, not to {authored}")

        options.setdefault("sources", self.sources)
        return export(self, destination, **options)

    def check_consistency(self) -> ConsistencyResult:
        """Check the portfolio against the ontology with HermiT (see :func:`vsgraph.check_consistency`)."""
        from vsgraph.vocabulary.reasoning import check_consistency

        return check_consistency(self)

    def __len__(self) -> int:
        return len(self.backend)

    def __repr__(self) -> str:
        """``<Portfolio: 483 statements on oxigraph>``; a remote store is not asked to count."""
        if isinstance(self.backend, (OxigraphBackend, RdflibBackend)):
            count = len(self.backend)
            return f"<Portfolio: {count} statement{'s' * (count != 1)} on {self.engine}>"
        endpoint = getattr(getattr(self.backend, "client", None), "endpoint", None)
        return f"<Portfolio on {self.engine}{f' {endpoint}' if endpoint else ''}>"


def load(
    paths: Iterable[Path | str] | Path | str,
    *,
    engine: Engine = "oxigraph",
    input_format: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Portfolio:
    """Load a portfolio from RDF files, YAML files, XLSX workbooks or folders of CSV files.

    The format comes from each path's extension (a folder is read as CSV) unless
    ``input_format`` names it; ``-`` reads RDF from standard input, in ``input_format``.
    Every input is read completely before anything is added, so an error in any of them
    raises :class:`~vsgraph.errors.InputError` (naming the file and line, or sheet, row and
    column) and leaves no partial portfolio behind. ``limits`` bound what each input may
    cost (its nesting, its literals; ``docs/limits.md``): an input that passes one raises
    :class:`~vsgraph.errors.LimitError` before it is read further.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if sum(1 for path in paths if is_stdin(path)) > 1:
        raise InputError("standard input (-) is named more than once; it can be read only once", path=STDIN_NAME)
    origins: dict[Node, Mapping[str, Location]] = {}
    if engine == "oxigraph":
        # Straight into a fresh store: if any input fails, the store is dropped unseen.
        store = ox.Store()
        for path in paths:
            authored = read_authored(path, input_format, limits)
            if authored is None:
                read_into_store(store, path, input_format, limits=limits)
            else:
                store.extend(authored[0])
                origins.update(authored[1])
        portfolio = Portfolio(OxigraphBackend(store, forkable=True))
    else:
        parsed = []
        for path in paths:
            quads, written = read_with_origins(path, input_format, limits)
            parsed.append(quads)
            origins.update(written)
        portfolio = Portfolio.empty(engine)
        for quads in parsed:
            portfolio.backend.add(quads)
    portfolio.sources = [Path(path) for path in paths]
    portfolio.origins = origins
    return portfolio


def read_with_origins(path: Path | str, input_format: str | None, limits: InputLimits) -> tuple[list[ox.Quad], SourceMap]:
    """The quads of any input and, for a YAML file, workbook or CSV folder, where each node
    was written (nothing for other inputs)."""
    authored = read_authored(path, input_format, limits)
    return (read_quads(path, input_format, limits=limits), {}) if authored is None else authored


def read_authored(path: Path | str, input_format: str | None, limits: InputLimits) -> tuple[list[ox.Quad], SourceMap] | None:
    """The quads of a YAML file, workbook or CSV folder and where each node was written, or
    ``None`` for any other input (RDF, an ArchiMate file, standard input)."""
    if is_stdin(path):
        return None
    fmt = authoring_format(Path(path), input_format)
    if fmt not in AUTHORED_FILE_FORMATS:
        return None
    # Imported here: vsgraph.authoring builds Portfolio objects.
    from vsgraph.authoring.sources import read_graph_and_sources

    graph, origins = read_graph_and_sources(path, fmt, limits=limits)
    return [to_oxigraph_quad(s, p, o) for s, p, o in graph], origins
