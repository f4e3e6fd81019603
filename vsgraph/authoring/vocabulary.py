"""The words of the authoring formats and the ontology terms they stand for.

YAML, spreadsheets and the Python API say ``lower-is-better`` or ``advertisement``; the
graph says ``vsg:LowerIsBetter`` or ``vsg:Advertisement``. One table per kind of word, so
the writer and the reader cannot drift apart. The roles and channels vsgraph names
(``value-stream-owner``, ``web``) are read from the ontology itself, where their labels
and definitions live, so that a role or channel added there is a word here at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TypeVar

from rdflib import URIRef
from rdflib.namespace import ORG, RDF
from rdflib.term import Node

from vsgraph.authoring.model import (
    Direction,
    FlowItemType,
    FlowState,
    Focus,
    InteractionKind,
    OfferingKind,
    Status,
    StreamKind,
    TeamKind,
)
from vsgraph.vocabulary.namespace import VSG
from vsgraph.vocabulary.ontology import ontology_graph

STREAM_KINDS: dict[StreamKind, URIRef] = {
    "operational": VSG.OperationalValueStream,
    "development": VSG.DevelopmentValueStream,
}
#: The kinds of team, most specific first (a node typed with several reads as the first).
TEAM_KINDS: dict[TeamKind, URIRef] = {
    "agile-release-train": VSG.AgileReleaseTrain,
    "solution-train": VSG.SolutionTrain,
    "team-of-teams": VSG.TeamOfTeams,
    "team": VSG.Team,
}
OFFERING_KINDS: dict[OfferingKind, URIRef] = {"product": VSG.Product, "service": VSG.Service}
INTERACTION_KINDS: dict[InteractionKind, URIRef] = {
    "service": VSG.ServiceInteraction,
    "advertisement": VSG.Advertisement,
    "product-selection": VSG.ProductSelection,
    "self-service": VSG.SelfServiceInteraction,
}
DIRECTIONS: dict[Direction, URIRef] = {
    "higher-is-better": VSG.HigherIsBetter,
    "lower-is-better": VSG.LowerIsBetter,
}
FOCI: dict[Focus, URIRef] = {
    "customer-value": VSG.CustomerValueFocus,
    "flow": VSG.FlowFocus,
    "quality": VSG.QualityFocus,
    "responsibility": VSG.ResponsibilityFocus,
    "decision": VSG.DecisionFocus,
    "financial": VSG.FinancialFocus,
}
STATUSES: dict[Status, URIRef] = {
    "planned": VSG.Planned,
    "active": VSG.Active,
    "completed": VSG.Completed,
}

#: The Flow Framework's four flow item types (the tracker import's ``item_types`` words).
FLOW_ITEM_TYPES: dict[FlowItemType, URIRef] = {
    "feature": VSG.FeatureItem,
    "defect": VSG.DefectItem,
    "risk": VSG.RiskItem,
    "debt": VSG.DebtItem,
}
#: Planview Viz's five flow states (the tracker import's ``states`` words).
FLOW_STATES: dict[FlowState, URIRef] = {
    "new": VSG.NewState,
    "waiting": VSG.WaitingState,
    "active": VSG.ActiveState,
    "done": VSG.DoneState,
    "canceled": VSG.CanceledState,
}


#: The words of one table (``StreamKind``, ``Focus``, ... or any text).
Word = TypeVar("Word", bound=str)


def word_for(table: Mapping[Word, URIRef], term: Node) -> Word | None:
    """Return the word that stands for ``term`` in ``table``, or ``None`` (also for a
    term that is no IRI)."""
    return next((word for word, iri in table.items() if iri == term), None)


@cache
def roles() -> dict[str, URIRef]:
    """vsgraph's own roles by word: ``value-stream-owner`` is ``vsg:ValueStreamOwnerRole``."""
    return _individuals(ORG.Role, "Role")


@cache
def channels() -> dict[str, URIRef]:
    """vsgraph's own channels by word: ``web`` is ``vsg:WebChannel``."""
    return _individuals(VSG.Channel, "Channel")


def _individuals(cls: URIRef, suffix: str) -> dict[str, URIRef]:
    """The words of the individuals of ``cls`` the ontology names in vsgraph's namespace.

    A word is the local name without ``suffix``, in lower case with hyphens between its
    words. Read on first use only: most portfolios name no role or channel, and loading
    the ontology is the slowest part of reading a small file.
    """
    namespace = str(VSG._NS)
    words = {}
    for iri in sorted(str(node) for node in ontology_graph().subjects(RDF.type, cls)):
        local = iri.removeprefix(namespace)
        if iri.startswith(namespace) and local.endswith(suffix):
            stem = local.removesuffix(suffix)
            words[re.sub(r"(?<!^)(?=[A-Z])", "-", stem).lower()] = URIRef(iri)
    return words
