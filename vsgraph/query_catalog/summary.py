"""A headcount of a portfolio: how many customers, stages, streams, steps, metrics, ..."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from vsgraph.portfolio import Portfolio
from vsgraph.vocabulary.namespace import VSG
from vsgraph.vocabulary.ontology import ontology_graph

#: The kinds of thing a summary counts, in the order a reader meets them.
SUMMARY_KINDS = {
    "customers": VSG.Customer,
    "journey stages": VSG.JourneyStage,
    "operational value streams": VSG.OperationalValueStream,
    "development value streams": VSG.DevelopmentValueStream,
    "steps": VSG.Step,
    "teams": VSG.Team,
    "metrics": VSG.Metric,
    "objectives": VSG.Objective,
    "key results": VSG.KeyResult,
    "strategic themes": VSG.StrategicTheme,
}

#: Each kind of :data:`SUMMARY_KINDS` in the singular, for a count of one.
SINGULAR = {
    "customers": "customer",
    "journey stages": "journey stage",
    "operational value streams": "operational value stream",
    "development value streams": "development value stream",
    "steps": "step",
    "teams": "team",
    "metrics": "metric",
    "objectives": "objective",
    "key results": "key result",
    "strategic themes": "strategic theme",
    "triples": "triple",
}

_COUNT = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?kind (COUNT(DISTINCT ?thing) AS ?count) WHERE {
  VALUES (?type ?kind) { %s }
  ?thing rdf:type ?type .
} GROUP BY ?kind
"""


def kind_name(kind: str, count: int) -> str:
    """The name of a kind of :data:`SUMMARY_KINDS` (or ``"triples"``) for ``count`` things:
    singular for exactly one (``1 development value stream``), else as given."""
    return SINGULAR.get(kind, kind) if count == 1 else kind


def summarize(portfolio: Portfolio) -> dict[str, int]:
    """Count the things of each kind in :data:`SUMMARY_KINDS`, subclasses included.

    The keys are the plural names; :func:`kind_name` gives the right one for a count.

    The store holds only the portfolio, not the ontology, so the subclass closure is taken
    from the ontology here and handed to the query as ``VALUES``.
    """
    ontology = ontology_graph()
    pairs = []
    for kind in SUMMARY_KINDS.values():
        for subclass in ontology.transitive_subjects(RDFS.subClassOf, kind):
            if isinstance(subclass, URIRef):
                pairs.append(f"(<{subclass}> <{kind}>)")
    result = portfolio.query(_COUNT % " ".join(pairs))
    counts: dict[str, int] = {}
    for row in result.rows:
        count = row["count"]
        assert isinstance(count, Literal), "COUNT binds an integer literal"
        counts[str(row["kind"])] = int(count)
    return {name: counts.get(str(iri), 0) for name, iri in SUMMARY_KINDS.items()}
