"""What validating a portfolio found, independent of the validator that found it.

Both validators (the shapes as SPARQL, and pyshacl) produce the same :class:`Finding`
objects, so the model holds only what the SHACL specification puts in a validation result
(focus node, path, value, severity, source shape and constraint, message) plus the labels
a person reads instead of IRIs. The standard ``sh:ValidationReport`` graph, the JSON form
and the text a person reads (:meth:`ValidationReport.to_text`, which the CLI prints and
the report shows) are built from the findings, not taken from the validator.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.extras.shacl import build_shacl_path
from rdflib.namespace import RDF, SH, XSD
from rdflib.paths import InvPath, Path, SequencePath
from rdflib.term import Node

from vsgraph.authoring.origins import Origin
from vsgraph.engine.labels import Labeller
from vsgraph.vocabulary.ontology import ontology_graph

ResultPath = URIRef | Path


class Severity(str, Enum):  # noqa: UP042  # not StrEnum: str(Severity.VIOLATION) stays "Severity.VIOLATION"
    """How serious a finding is; the values are the local names of the SHACL severities."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        """The SHACL IRI of this severity, e.g. ``sh:Violation``."""
        return SH[self.value]

    @classmethod
    def from_iri(cls, iri: Node) -> Severity:
        """The severity named by a SHACL severity IRI."""
        return cls(str(iri).removeprefix(str(SH)))


_SEVERITY_ORDER = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One validation result: a rule (shape) that one node of the portfolio breaks.

    ``focus_label`` and ``value_label`` are what a person reads: the node's English
    ``rdfs:label`` where it has one, else a compact name. ``source_constraint`` tells
    apart the SPARQL constraints of one shape (such as "positions unique" and "no gaps").
    For a node read from a YAML file, workbook or CSV folder, ``field`` is the key (column)
    the author wrote for the path and ``source`` where: the key's line or cell, else the
    thing's.
    """

    severity: Severity
    focus_node: Node
    focus_label: str
    message: str
    source_shape: Node
    constraint_component: URIRef | None = None
    source_constraint: Node | None = None
    path: ResultPath | None = None
    value: Node | None = None
    value_label: str | None = None
    field: str | None = None
    source: Origin | None = None

    def sort_key(self) -> tuple[Any, ...]:
        """Violations first, then by the thing concerned, the rule, the path and the value."""
        return (
            _SEVERITY_ORDER[self.severity],
            self.focus_label.casefold(),
            str(self.focus_node),
            str(self.source_shape),
            str(self.source_constraint or ""),
            path_text(self.path) or "",
            str(self.value or ""),
        )

    def to_dict(self) -> dict[str, Any]:
        """This finding as JSON-ready data; IRIs in full, literals as their lexical form;
        ``field`` and ``source`` (``{"file", "line"}`` or ``{"file", "cell"}``) only where known."""
        return {
            "severity": self.severity.value.lower(),
            "focusNode": _term_text(self.focus_node),
            "focusLabel": self.focus_label,
            "path": path_text(self.path),
            "value": _term_text(self.value),
            "valueLabel": self.value_label,
            "message": self.message,
            "sourceShape": _term_text(self.source_shape),
            "sourceConstraint": _term_text(self.source_constraint),
            "constraintComponent": _term_text(self.constraint_component),
            # In the author's words, for a thing read from YAML or a spreadsheet only.
            **({} if self.field is None else {"field": self.field}),
            **({} if self.source is None else {"source": self.source.to_dict()}),
        }


class ValidationReport:
    """The findings of one validation run, violations first.

    ``conforms`` is true when there is no violation: warnings (and infos) point at gaps
    worth closing but do not make a portfolio unsound. The text, the JSON and the standard
    report (``sh:conforms`` in :meth:`to_graph`) all say so, as pyshacl does with
    ``allow_warnings``; ``docs/rules.md`` explains the choice.
    """

    def __init__(self, findings: Iterable[Finding], places: Mapping[Node, Origin] | None = None) -> None:
        self.findings: list[Finding] = sorted(findings, key=Finding.sort_key)
        #: Where each thing the findings concern was written, for a portfolio read from
        #: a YAML file or a spreadsheet (the text names it beside the thing).
        self.places: Mapping[Node, Origin] = places or {}

    @property
    def conforms(self) -> bool:
        """True when no finding is a violation."""
        return not self.violations

    @property
    def violations(self) -> list[Finding]:
        """The findings of severity violation."""
        return [f for f in self.findings if f.severity is Severity.VIOLATION]

    @property
    def warnings(self) -> list[Finding]:
        """The findings of severity warning."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def by_focus_node(self) -> dict[Node, list[Finding]]:
        """The findings grouped by the node they concern, in report order."""
        groups: dict[Node, list[Finding]] = {}
        for finding in sorted(self.findings, key=lambda f: (f.focus_label.casefold(), str(f.focus_node))):
            groups.setdefault(finding.focus_node, []).append(finding)
        return groups

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_graph(self) -> Graph:
        """The standard SHACL ``sh:ValidationReport`` graph of these findings."""
        graph = Graph()
        graph.bind("sh", SH)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms, datatype=XSD.boolean)))
        for finding in self.findings:
            result = BNode()
            graph.add((report, SH.result, result))
            graph.add((result, RDF.type, SH.ValidationResult))
            graph.add((result, SH.resultSeverity, finding.severity.iri))
            graph.add((result, SH.focusNode, finding.focus_node))
            graph.add((result, SH.resultMessage, Literal(finding.message, lang="en")))
            graph.add((result, SH.sourceShape, finding.source_shape))
            optional = (
                (SH.sourceConstraintComponent, finding.constraint_component),
                (SH.sourceConstraint, finding.source_constraint),
                (SH.value, finding.value),
            )
            for predicate, term in optional:
                if term is not None:
                    graph.add((result, predicate, term))
            if finding.path is not None:
                path_node, _ = build_shacl_path(finding.path, graph)
                graph.add((result, SH.resultPath, path_node))
        return graph

    def to_turtle(self) -> str:
        """The standard SHACL ``sh:ValidationReport`` as Turtle."""
        return self.to_graph().serialize(format="turtle")

    def summary(self) -> str:
        """One sentence: how many violations and warnings, and whether the portfolio conforms."""
        violations, warnings = len(self.violations), len(self.warnings)
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{violations} violation{'s' * (violations != 1)}, {warnings} warning{'s' * (warnings != 1)}: "
            f"the portfolio {verdict} to the vsgraph rules."
        )

    def to_text(self) -> str:
        """The findings for a person: grouped by the thing they concern, named by their
        labels, then :meth:`summary`. A thing read from a YAML file or a spreadsheet is
        followed by where it was written, and each finding names the key the author wrote
        (and its place, when it is not the thing's); otherwise findings name properties by
        the ontology's labels."""
        property_label = Labeller([ontology_graph()])
        lines: list[str] = []
        for focus, findings in self.by_focus_node().items():
            label = findings[0].focus_label
            head = f"<{focus}>" if label == str(focus) else f"{label}  <{focus}>"
            place = self.places.get(focus)
            lines.append(head if place is None else f"{head}  {place}")
            for finding in findings:
                where = _field_text(finding, property_label)
                value = "" if finding.value_label is None else f" (value: {finding.value_label})"
                at = "" if finding.source is None or finding.source == place else f" [{finding.source}]"
                lines.append(f"  {finding.severity.value.lower():<9}  {where}{finding.message}{value}{at}")
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def __len__(self) -> int:
        return len(self.findings)

    def __repr__(self) -> str:
        """``<ValidationReport: 0 violations, 2 warnings>``, and the info findings if any."""
        violations, warnings = len(self.violations), len(self.warnings)
        infos = len(self.findings) - violations - warnings
        info = f", {infos} info" if infos else ""
        return (
            f"<ValidationReport: {violations} violation{'s' * (violations != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}{info}>"
        )


def _field_text(finding: Finding, property_label: Callable[[Node], str]) -> str:
    """``key: `` for a finding in the author's words, else the path in words, else nothing."""
    if finding.field is not None:
        return f"{finding.field}: "
    return "" if finding.path is None else f"{_path_label(finding.path, property_label)}: "


def path_text(path: ResultPath | None) -> str | None:
    """A result path as SPARQL property-path text with full IRIs, or ``None``."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    return path.n3()


def _path_label(path: ResultPath, label: Callable[[Node], str]) -> str:
    """A result path in words: property labels joined the way SPARQL joins paths."""
    if isinstance(path, URIRef):
        return label(path)
    if isinstance(path, InvPath):
        return f"inverse of {_path_label(path.arg, label)}"
    if isinstance(path, SequencePath):
        return " / ".join(_path_label(step, label) for step in path.args)
    return path.n3()


def _term_text(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
