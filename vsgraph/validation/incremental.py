"""Incremental validation: after an edit, re-check only what the edit can affect.

A full validation of a million-triple portfolio takes seconds; an edit to one value
stream touches a few dozen triples. Every compiled check (:mod:`vsgraph.validation.shacl_sparql`)
knows its *reach*: how many links from its focus node the triples it reads can be. A
finding can change only if its focus node is within that many links of a node the edit
touched (a subject or object of an added or removed triple; the class of an
``rdf:type`` statement does not link its instances). So the validator walks that many
links out from the touched nodes, re-validates those focus nodes with the SPARQL engine,
and keeps the earlier findings about every other node. The result equals a full
validation (tested on generated portfolios).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from vsgraph.portfolio import Portfolio
from vsgraph.validation.findings import ValidationReport
from vsgraph.validation.validator import portfolio_checks, validate

Triple = tuple[Node, Node, Node]

#: How many nodes go into one VALUES list of the neighbourhood query.
_BATCH = 2000


class IncrementalValidator:
    """A portfolio's validation report, kept up to date as the portfolio is edited.

    >>> validator = IncrementalValidator(portfolio)        # one full validation
    >>> report = validator.apply(removed=old, added=new)   # edit, then re-check the affected nodes
    """

    def __init__(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.report: ValidationReport = validate(portfolio)
        reaches = [check.reach for check in portfolio_checks(portfolio)]
        known = [reach for reach in reaches if reach is not None]
        #: Links from a focus node to the farthest triple any check reads (None: unknown).
        self.reach: int | None = None if len(known) < len(reaches) else max(known, default=0)
        #: The focus nodes the last edit re-validated.
        self.last_affected: set[Node] = set()

    def apply(self, removed: Iterable[Triple] = (), added: Iterable[Triple] = ()) -> ValidationReport:
        """Remove and add triples, re-validate what they can affect, return the new report."""
        removed, added = list(removed), list(added)
        self.portfolio.remove_graph(_graph_of(removed))
        self.portfolio.add_graph(_graph_of(added))
        return self.revalidate([*removed, *added])

    def revalidate(self, changed: Iterable[Triple]) -> ValidationReport:
        """Update the report after the portfolio was edited by ``changed`` triples (added or removed)."""
        if self.reach is None:
            self.report = validate(self.portfolio)
            return self.report
        touched = _touched(changed)
        affected = self.neighbourhood(touched, self.reach)
        fresh = validate(self.portfolio, focus=affected)
        kept = [f for f in self.report.findings if f.focus_node not in affected]
        self.report = ValidationReport([*kept, *fresh.findings])
        self.last_affected = affected
        return self.report

    def neighbourhood(self, nodes: set[Node], links: int) -> set[Node]:
        """``nodes`` and every node within ``links`` links of them, either way round."""
        found, frontier = set(nodes), set(nodes)
        for _ in range(links):
            following: set[Node] = set()
            ordered = sorted(frontier, key=str)
            for start in range(0, len(ordered), _BATCH):
                values = " ".join(n.n3() for n in ordered[start : start + _BATCH])
                query = (
                    f"SELECT DISTINCT ?n WHERE {{ VALUES ?c {{ {values} }} "
                    f"{{ ?c ?p ?n FILTER (?p != {RDF.type.n3()} && !isLiteral(?n)) }} UNION {{ ?n ?p ?c }} }}"
                )
                for row in self.portfolio.query(query).rows:
                    node = row["n"]
                    assert node is not None, "both sides of the UNION bind ?n"
                    following.add(node)
            frontier = following - found
            found |= frontier
        return found


def _touched(changed: Iterable[Triple]) -> set[Node]:
    """The nodes an edit touches: subjects and objects, but not literals or classes."""
    touched: set[Node] = set()
    for s, p, o in changed:
        touched.add(s)
        if p != RDF.type and not isinstance(o, Literal):
            touched.add(o)
    return touched


def _graph_of(triples: list[Triple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


__all__ = ["IncrementalValidator"]
