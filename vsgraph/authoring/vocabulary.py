"""The words of the authoring formats and the ontology terms they stand for.

YAML, spreadsheets and the Python API say ``lower-is-better`` or ``advertisement``; the
graph says ``vsg:LowerIsBetter`` or ``vsg:Advertisement``. One table per kind of word, so
the writer and the reader cannot drift apart.
"""

from __future__ import annotations

from rdflib import URIRef

from vsgraph.vocabulary.namespace import VSG

STREAM_KINDS: dict[str, URIRef] = {
    "operational": VSG.OperationalValueStream,
    "development": VSG.DevelopmentValueStream,
}
OFFERING_KINDS: dict[str, URIRef] = {"product": VSG.Product, "service": VSG.Service}
INTERACTION_KINDS: dict[str, URIRef] = {
    "service": VSG.ServiceInteraction,
    "advertisement": VSG.Advertisement,
    "product-selection": VSG.ProductSelection,
    "self-service": VSG.SelfServiceInteraction,
}
DIRECTIONS: dict[str, URIRef] = {
    "higher-is-better": VSG.HigherIsBetter,
    "lower-is-better": VSG.LowerIsBetter,
}
FOCI: dict[str, URIRef] = {
    "customer-value": VSG.CustomerValueFocus,
    "flow": VSG.FlowFocus,
    "quality": VSG.QualityFocus,
    "responsibility": VSG.ResponsibilityFocus,
    "decision": VSG.DecisionFocus,
    "financial": VSG.FinancialFocus,
}
STATUSES: dict[str, URIRef] = {
    "planned": VSG.Planned,
    "active": VSG.Active,
    "completed": VSG.Completed,
}


def word_for(table: dict[str, URIRef], term: URIRef) -> str | None:
    """Return the word that stands for ``term`` in ``table``, or ``None``."""
    return next((word for word, iri in table.items() if iri == term), None)
