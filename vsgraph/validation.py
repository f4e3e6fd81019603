"""Validation of a portfolio against vsgraph's modelling rules (SHACL shapes in ``shapes/``).

The rules are SHACL shapes that ship with vsgraph: ``vsgraph-shapes.ttl`` (violations:
what makes a value-stream model unsound) and ``vsgraph-recommended.ttl`` (warnings: gaps
worth closing). ``ontology-style.ttl`` checks the ontology itself.

pyshacl is the engine. It always sees ``portfolio.graph``, a plain in-memory rdflib graph
with plain literals: pyshacl over an Oxigraph-backed rdflib graph (oxrdflib) was measured
about ten times slower and reported spurious ``sh:in`` failures, because Oxigraph types
plain literals ``xsd:string``. The store holds only the portfolio, so the ontology is
handed over as pyshacl's ``ont_graph``: its ``rdfs:subClassOf`` triples let
``sh:targetClass vsg:Customer`` reach external and internal customers, and the ontology
has no instances of the targeted classes, so no finding is ever about an ontology term.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal as TypingLiteral

import pyshacl
from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError
from rdflib import Graph, Literal, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from vsgraph.errors import ResourceError
from vsgraph.findings import Finding, Severity, ValidationReport
from vsgraph.labels import Labeller
from vsgraph.ontology import ontology_graph
from vsgraph.portfolio import Portfolio
from vsgraph.resources import resource_dir

ValidationEngine = TypingLiteral["pyshacl"]

#: The shape files a portfolio is validated with: the rules, then the recommendations.
PORTFOLIO_SHAPE_FILES = ("vsgraph-shapes.ttl", "vsgraph-recommended.ttl")
#: The shape file the ontology itself is checked with.
ONTOLOGY_SHAPE_FILES = ("ontology-style.ttl",)


@lru_cache(maxsize=4)
def shapes_graph(files: tuple[str, ...] = PORTFOLIO_SHAPE_FILES) -> Graph:
    """The shipped shapes in ``files`` (names inside ``shapes/``) as one rdflib graph.

    Cached: callers must not modify the graph.
    """
    graph = Graph()
    for name in files:
        path = resource_dir("shapes") / name
        if not path.is_file():
            raise ResourceError(f"the shapes file {path} is missing; reinstall vsgraph")
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            raise ResourceError(f"the shipped shapes file {path} does not parse: {exc}") from exc
    return graph


def validate(
    portfolio: Portfolio,
    *,
    infer: bool = False,
    engine: ValidationEngine = "pyshacl",
) -> ValidationReport:
    """Check a portfolio against vsgraph's modelling rules and recommendations.

    ``infer`` first adds what RDFS and OWL-RL entail from the portfolio and the ontology
    (owlrl), so that, for instance, the object of ``vsg:supports`` counts as an
    operational value stream. It is opt-in because the OWL-RL closure is slow on large
    portfolios (measured: 12 s at 10k triples, 117 s at 100k).
    """
    if engine != "pyshacl":
        raise ValueError(f"unknown validation engine {engine!r}; the only engine is 'pyshacl'")
    ontology = ontology_graph()
    findings = _run_pyshacl(
        portfolio.graph,
        shapes_graph(PORTFOLIO_SHAPE_FILES),
        ontology=ontology,
        inference="owlrl" if infer else "none",
        advanced=False,
        labeller=Labeller([portfolio.graph, ontology]),
    )
    return ValidationReport(findings)


def check_ontology_style(ontology: Graph | None = None) -> ValidationReport:
    """Check that every vsg: term is labelled, defined and points at its module.

    ``ontology`` defaults to the shipped ontology; pass another graph to check a draft.
    The style shapes pick vsg: terms with a SPARQL-based target, a SHACL Advanced
    Features construct, so pyshacl runs in advanced mode here.
    """
    graph = ontology if ontology is not None else ontology_graph()
    findings = _run_pyshacl(
        graph,
        shapes_graph(ONTOLOGY_SHAPE_FILES),
        ontology=None,
        inference="none",
        advanced=True,
        labeller=Labeller([graph]),
    )
    return ValidationReport(findings)


def _run_pyshacl(
    data: Graph,
    shapes: Graph,
    *,
    ontology: Graph | None,
    inference: str,
    advanced: bool,
    labeller: Labeller,
) -> list[Finding]:
    try:
        _, results, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference=inference,
            advanced=advanced,
            allow_warnings=True,
        )
    except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError) as exc:
        raise ResourceError(f"the shipped shapes cannot be used by pyshacl: {exc}") from exc
    assert isinstance(results, Graph)
    return [_finding(results, result, labeller) for result in results.subjects(RDF.type, SH.ValidationResult)]


def _finding(results: Graph, result: Node, labeller: Labeller) -> Finding:
    """Read one ``sh:ValidationResult`` of pyshacl's report graph."""
    focus = results.value(result, SH.focusNode)
    assert focus is not None, "pyshacl reported a result without a focus node"
    value = _one(results, result, SH.value)
    path_node = _one(results, result, SH.resultPath)
    component = _one(results, result, SH.sourceConstraintComponent)
    return Finding(
        severity=Severity.from_iri(results.value(result, SH.resultSeverity)),
        focus_node=focus,
        focus_label=labeller(focus),
        message=_message(results.objects(result, SH.resultMessage)),
        source_shape=results.value(result, SH.sourceShape),
        constraint_component=component if isinstance(component, URIRef) else None,
        source_constraint=_one(results, result, SH.sourceConstraint),
        path=None if path_node is None else parse_shacl_path(results, path_node),
        value=value,
        value_label=None if value is None else labeller(value),
    )


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return graph.value(subject, predicate)


def _message(messages: Iterable[Node]) -> str:
    """The English message of a result (pyshacl copies every ``sh:message`` it finds)."""
    texts = [m for m in messages if isinstance(m, Literal)]
    english = sorted(str(m) for m in texts if (m.language or "").lower().startswith("en"))
    return english[0] if english else (sorted(str(m) for m in texts) or [""])[0]
