"""Validation of a portfolio against vsgraph's modelling rules (SHACL shapes in ``shapes/``).

The rules are SHACL shapes that ship with vsgraph: ``vsgraph-shapes.ttl`` (violations:
what makes a value-stream model unsound) and ``vsgraph-recommended.ttl`` (warnings: gaps
worth closing). ``ontology-style.ttl`` checks the ontology itself.

Two validators give the same findings (the tests compare them on every shapes fixture, the
examples and a generated portfolio):

* ``sparql`` (the default): the shapes compiled to SPARQL (:mod:`vsgraph.validation.shacl_sparql`)
  and answered by the portfolio's own engine, Oxigraph by default, in bulk. pyshacl needs
  the rdflib copy of the store and evaluates node by node in Python, two orders of
  magnitude slower at a million triples with identical findings (``bench/README.md``).
  This validator's queries are shared among the CPUs. It can also validate only
  some focus nodes, which incremental validation (:mod:`vsgraph.validation.incremental`) builds on.
* ``pyshacl``: the reference. It always sees ``portfolio.graph``, a plain in-memory rdflib
  graph with plain literals: pyshacl over an Oxigraph-backed rdflib graph (oxrdflib) is
  much slower and reported spurious ``sh:in`` failures, because
  Oxigraph types plain literals ``xsd:string``. The store holds only the portfolio, so the
  ontology is handed over as pyshacl's ``ont_graph``: its ``rdfs:subClassOf`` triples let
  ``sh:targetClass vsg:Customer`` reach external and internal customers, and the ontology
  has no instances of the targeted classes, so no finding is ever about an ontology term.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Literal as TypingLiteral

import pyshacl
from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError
from rdflib import Graph, Literal, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from vsgraph.authoring.keys import author_field
from vsgraph.authoring.origins import Origin, SourceMap, origin_of
from vsgraph.engine.labels import Labeller
from vsgraph.engine.parallel import Work, fork_map, processes_for
from vsgraph.errors import ResourceError
from vsgraph.portfolio import Portfolio
from vsgraph.resources import resource_dir
from vsgraph.validation.findings import Finding, Severity, ValidationReport
from vsgraph.validation.shacl_sparql import Check, compile_shapes
from vsgraph.vocabulary.ontology import ontology_graph

#: How a portfolio is checked: the shapes as SPARQL on its own engine, or pyshacl.
Validator = TypingLiteral["sparql", "pyshacl"]

#: The shape files a portfolio is validated with: the rules, then the recommendations.
PORTFOLIO_SHAPE_FILES = ("vsgraph-shapes.ttl", "vsgraph-flow-shapes.ttl", "vsgraph-recommended.ttl")
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
    validator: Validator = "sparql",
    focus: Iterable[Node] | None = None,
    processes: int | None = None,
    engine: Validator | None = None,
) -> ValidationReport:
    """Check a portfolio against vsgraph's modelling rules and recommendations.

    ``validator`` is ``"sparql"`` (the shapes as SPARQL on the portfolio's engine; fast) or
    ``"pyshacl"`` (the reference); ``engine`` is its old name, deprecated (an engine is
    what answers SPARQL: Oxigraph, rdflib or a server). ``focus`` limits the report to the findings about those
    nodes (a node that no shape targets has none); :mod:`vsgraph.validation.incremental` uses it to
    re-validate only what an edit can affect.

    ``processes`` is how many processes the ``sparql`` validator spreads the checks over
    (forked, see :mod:`vsgraph.engine.parallel`); by default one per CPU for a full validation
    of an in-memory portfolio of 200,000 triples or more, else one. A portfolio in an
    on-disk store is always checked in this process (workers cannot share RocksDB).

    ``infer`` first adds what RDFS and OWL-RL entail from the portfolio and the ontology
    (owlrl), so that, for instance, the object of ``vsg:supports`` counts as an
    operational value stream. The inferred graph exists only in rdflib, so ``infer``
    always validates with pyshacl. It is opt-in because the OWL-RL closure is slow on
    large portfolios.
    """
    if engine is not None:
        warnings.warn("validate(engine=...) is now validate(validator=...)", DeprecationWarning, stacklevel=2)
        validator = engine
    if validator not in ("sparql", "pyshacl"):
        raise ValueError(f"unknown validator {validator!r}; choose 'sparql' or 'pyshacl'")
    nodes = None if focus is None else set(focus)
    if validator == "sparql" and not infer:
        findings = _run_sparql(portfolio, nodes, processes)
    else:
        found = _run_pyshacl(
            portfolio.graph,
            shapes_graph(PORTFOLIO_SHAPE_FILES),
            ontology=ontology_graph(),
            inference="owlrl" if infer else "none",
            advanced=False,
            labeller=Labeller.for_portfolio(portfolio),
        )
        findings = [f for f in found if nodes is None or f.focus_node in nodes]
    return _in_authors_words(findings, portfolio.origins)


def _in_authors_words(findings: list[Finding], origins: SourceMap) -> ValidationReport:
    """The report of ``findings``, each about a thing read from a YAML file or a spreadsheet
    given the key the author wrote for its path and where (that key's line or cell when it
    was written, else the thing's); findings about other things keep the ontology's words."""
    places: dict[Node, Origin] = {}
    worded = []
    for finding in findings:
        where = origins.get(finding.focus_node)
        place = None if where is None else origin_of(where)
        if where is None or place is None:
            worded.append(finding)
            continue
        places[finding.focus_node] = place
        field = author_field(finding.path)
        worded.append(replace(finding, field=field, source=origin_of(where, field)))
    return ValidationReport(worded, places)


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
    found = list(results.subjects(RDF.type, SH.ValidationResult))
    labeller.prefetch(results.value(result, term) for result in found for term in (SH.focusNode, SH.value))
    return [_finding(results, result, labeller) for result in found]


def _finding(results: Graph, result: Node, labeller: Labeller) -> Finding:
    """Read one ``sh:ValidationResult`` of pyshacl's report graph."""
    focus = results.value(result, SH.focusNode)
    assert focus is not None, "pyshacl reported a result without a focus node"
    value = _one(results, result, SH.value)
    path_node = _one(results, result, SH.resultPath)
    component = _one(results, result, SH.sourceConstraintComponent)
    severity = results.value(result, SH.resultSeverity)
    assert severity is not None, "pyshacl reported a result without a severity"
    shape = results.value(result, SH.sourceShape)
    assert shape is not None, "pyshacl reported a result without a source shape"
    return Finding(
        severity=Severity.from_iri(severity),
        focus_node=focus,
        focus_label=labeller(focus),
        message=_message(results.objects(result, SH.resultMessage)),
        source_shape=shape,
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


# --- The SPARQL engine ---------------------------------------------------------------

#: How many focus nodes go into one VALUES list.
_BATCH = 2000


@lru_cache(maxsize=8)
def compiled_checks(data_subclasses: frozenset[tuple[Node, Node]] = frozenset()) -> tuple[Check, ...]:
    """The shipped portfolio shapes compiled to SPARQL, given the portfolio's own subclasses."""
    return tuple(compile_shapes(shapes_graph(PORTFOLIO_SHAPE_FILES), ontology_graph(), data_subclasses))


def portfolio_checks(portfolio: Portfolio) -> tuple[Check, ...]:
    """The compiled checks for this portfolio (its own ``rdfs:subClassOf`` statements count)."""
    rows = portfolio.query(f"SELECT ?sub ?super WHERE {{ ?sub <{RDFS.subClassOf}> ?super }}").rows
    return compiled_checks(frozenset((row["sub"], row["super"]) for row in rows))


def _run_sparql(portfolio: Portfolio, focus: set[Node] | None, processes: int | None) -> list[Finding]:
    """Run every compiled check; on a large in-memory store, in forked worker processes."""
    if portfolio.engine != "oxigraph":
        # rdflib's SPARQL engine is far slower on these queries and compares
        # literals of different types differently; a small portfolio is copied instead.
        portfolio = Portfolio.from_graph(portfolio.graph)
    jobs = [
        (check, batch)
        for check in portfolio_checks(portfolio)
        for batch in ([None] if focus is None else _batches(sorted(focus, key=str)))
    ]
    if processes is None and focus is not None:
        processes = 1  # a full validation at a million triples takes seconds of CPU; a focused one, little
    backend = portfolio.backend
    processes = processes_for(backend, Work.VALIDATION, processes)
    answers = fork_map(lambda index: portfolio.query(jobs[index][0].query(jobs[index][1])).rows, range(len(jobs)), processes)
    rows = [(check, row) for (check, _), found in zip(jobs, answers, strict=True) for row in found]
    labeller = Labeller.for_portfolio(portfolio)
    labeller.prefetch(node for _, row in rows for node in (row.get("this"), row.get("value")))
    return [_sparql_finding(check, row, labeller) for check, row in rows]


def _batches(nodes: list[Node]) -> list[list[Node]]:
    return [nodes[i : i + _BATCH] for i in range(0, len(nodes), _BATCH)]


def _sparql_finding(check: Check, row: dict[str, Node | None], labeller: Labeller) -> Finding:
    """One result row as the finding pyshacl reports for it (same value, path, message)."""
    focus = row["this"]
    assert focus is not None
    value = row.get("value")
    path = check.path
    messages: list[Literal] = list(check.messages)
    if check.source_constraint is not None:
        # pyshacl: the value defaults to the focus node of a node shape, ?path overrides
        # the path, and {?var} in the constraint's message is replaced by its value.
        value = focus if value is None else value
        bound_path = row.get("path")
        if isinstance(bound_path, URIRef):  # a result path is an IRI or a path expression, never a literal
            path = bound_path
        bound = {name: term for name, term in row.items() if term is not None}
        messages = [Literal(_format(m, bound), lang=m.language) for m in messages]
        messages += [Literal(_format(m, bound)) for m in check.extra_messages if m not in check.messages]
    return Finding(
        severity=check.severity,
        focus_node=focus,
        focus_label=labeller(focus),
        message=_message(messages),
        source_shape=check.source_shape,
        constraint_component=check.component,
        source_constraint=check.source_constraint,
        path=path,
        value=value,
        value_label=None if value is None else labeller(value),
    )


def _format(message: Literal, bound: dict[str, Node]) -> str:
    text = str(message)
    for name, term in bound.items():
        text = text.replace(f"{{?{name}}}", str(term)).replace(f"{{${name}}}", str(term))
    return text
