"""The one table between vsgraph's terms and ArchiMate's, read in both directions.

The writer looks up the ArchiMate type of each vsgraph class and the relationship of each
vsgraph property; the importer looks up the same tables backwards, so that what one
writes the other reads back. ``docs/archimate.md`` shows the tables and why each row is
what it is.

A vsgraph property joins two elements in one direction; ArchiMate often draws the same
fact the other way round (a team is *assigned to* the step it performs, where vsgraph
says the step is *performed by* the team). A :class:`Link` with ``reverse`` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from vsgraph.inputs.jsonld_contexts import PREFIXES

VSG = PREFIXES["vsg"]
ORG = PREFIXES["org"]
PROV = PREFIXES["prov"]
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
DESCRIPTION = PREFIXES["dcterms"] + "description"
XSD = PREFIXES["xsd"]

#: The XML namespace of the exchange format (the same for versions 3.0 and 3.1 of the XSD).
EXCHANGE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: What vsgraph keeps of the ArchiMate concepts it does not map: their ArchiMate type
#: (``KEPT + "Location"``), the ends of a relationship, and properties of no vsgraph term.
KEPT = "https://w3id.org/vsgraph/archimate#"
KEPT_SOURCE = KEPT + "source"
KEPT_TARGET = KEPT + "target"
#: The ArchiMate type of a mapped element whose vsgraph class is written as another type
#: (a Node is a vsgraph solution, written back as a Node rather than an ApplicationComponent).
KEPT_TYPE = KEPT + "type"
KEPT_PROPERTY = "https://w3id.org/vsgraph/archimate/property/"
#: The named graph that holds the concepts vsgraph does not map (in quad formats and stores).
KEPT_GRAPH = "https://w3id.org/vsgraph/graph/archimate-unmapped"

#: The property names vsgraph writes on elements and relationships to read them back exactly.
CLASS_PROPERTY = "vsgraph:class"
IRI_PROPERTY = "vsgraph:iri"
PREDICATE_PROPERTY = "vsgraph:predicate"
RESERVED_PROPERTIES = frozenset({CLASS_PROPERTY, IRI_PROPERTY, PREDICATE_PROPERTY})

#: The relationship types of ArchiMate 3.2.
RELATIONSHIP_TYPES = frozenset(
    {
        "Access",
        "Aggregation",
        "Assignment",
        "Association",
        "Composition",
        "Flow",
        "Influence",
        "Realization",
        "Serving",
        "Specialization",
        "Triggering",
    }
)


def vsg(name: str) -> str:
    return VSG + name


# Groups of classes, for the ends of a link.
OVS, DVS = vsg("OperationalValueStream"), vsg("DevelopmentValueStream")
STREAM, STAGE = vsg("ValueStream"), vsg("ValueStreamStage")
STREAMS = frozenset({OVS, DVS, STREAM})
STEP, PROCESS = vsg("Step"), vsg("Process")
CAPABILITY, SOLUTION, VALUE, TRIGGER = vsg("Capability"), vsg("Solution"), vsg("Value"), vsg("Trigger")
EXTERNAL, INTERNAL, CUSTOMER = vsg("ExternalCustomer"), vsg("InternalCustomer"), vsg("Customer")
CUSTOMERS = frozenset({EXTERNAL, INTERNAL, CUSTOMER})
TEAM = vsg("Team")
TEAMS = frozenset({TEAM, vsg("TeamOfTeams"), vsg("AgileReleaseTrain"), vsg("SolutionTrain")})
PERSON, ORGANIZATION, UNIT, ROLE = PROV + "Person", ORG + "Organization", ORG + "OrganizationalUnit", ORG + "Role"
MEMBERSHIP = ORG + "Membership"
ORGANISATIONS = TEAMS | {ORGANIZATION, UNIT, INTERNAL}
AGENTS = TEAMS | CUSTOMERS | {PERSON, ORGANIZATION, UNIT}
PRODUCTS = frozenset({vsg("Product"), vsg("Service"), vsg("ProductOrService")})
INTERACTIONS = frozenset(
    vsg(name)
    for name in ("CustomerInteraction", "ServiceInteraction", "Advertisement", "ProductSelection", "SelfServiceInteraction")
)
JOURNEY, JOURNEY_STAGE = vsg("CustomerJourney"), vsg("JourneyStage")
OBJECTIVE, KEY_RESULT, THEME = vsg("Objective"), vsg("KeyResult"), vsg("StrategicTheme")
METRIC, READING, INITIATIVE = vsg("Metric"), vsg("MetricReading"), vsg("Initiative")

#: vsgraph class -> ArchiMate element type, most specific first: a node with several
#: classes is written as the first of them listed here.
ELEMENT_TYPES: dict[str, str] = {
    OVS: "ValueStream",
    DVS: "ValueStream",
    STREAM: "ValueStream",
    STAGE: "ValueStream",
    STEP: "BusinessProcess",
    PROCESS: "BusinessProcess",
    JOURNEY: "BusinessProcess",
    JOURNEY_STAGE: "BusinessProcess",
    CAPABILITY: "Capability",
    EXTERNAL: "BusinessActor",
    INTERNAL: "BusinessActor",
    CUSTOMER: "BusinessActor",
    **{team: "BusinessActor" for team in sorted(TEAMS)},
    PERSON: "BusinessActor",
    ORGANIZATION: "BusinessActor",
    UNIT: "BusinessActor",
    ROLE: "BusinessRole",
    MEMBERSHIP: "BusinessRole",
    SOLUTION: "ApplicationComponent",
    vsg("Product"): "Product",
    vsg("Service"): "BusinessService",
    vsg("ProductOrService"): "Product",
    VALUE: "Value",
    TRIGGER: "BusinessEvent",
    **{interaction: "BusinessInteraction" for interaction in sorted(INTERACTIONS)},
    OBJECTIVE: "Goal",
    THEME: "Goal",
    KEY_RESULT: "Outcome",
    METRIC: "Assessment",
    READING: "Assessment",
    INITIATIVE: "WorkPackage",
}

#: ArchiMate element type -> vsgraph class, for a file vsgraph did not write. Value streams
#: and actors are decided by :mod:`vsgraph.archimate.classify`; other types are kept unmapped.
IMPORTED_TYPES: dict[str, str] = {
    "Capability": CAPABILITY,
    "BusinessRole": ROLE,
    "BusinessProcess": PROCESS,
    "BusinessFunction": PROCESS,
    "ApplicationComponent": SOLUTION,
    "Node": SOLUTION,
    "SystemSoftware": SOLUTION,
    "Product": vsg("Product"),
    "BusinessService": vsg("Service"),
    "ApplicationService": vsg("Service"),
    "Value": VALUE,
    "BusinessEvent": TRIGGER,
    "Goal": OBJECTIVE,
    "Outcome": KEY_RESULT,
    "WorkPackage": INITIATIVE,
}


@dataclass(frozen=True)
class Link:
    """A vsgraph property drawn as an ArchiMate relationship between elements of the
    ``domain`` and ``range`` classes; ``reverse`` when the relationship points from the
    property's object to its subject."""

    predicate: str
    relationship: str
    domain: frozenset[str]
    range: frozenset[str]
    reverse: bool = False


Classes = str | Iterable[str]


def _link(predicate: str, relationship: str, domain: Classes, range_: Classes, reverse: bool = False) -> Link:
    return Link(predicate, relationship, _classes(domain), _classes(range_), reverse)


def _classes(value: Classes) -> frozenset[str]:
    return frozenset({value}) if isinstance(value, str) else frozenset(value)


#: Every vsgraph property between elements that has an ArchiMate relationship. The writer
#: uses the first row of a property whose classes fit; the importer, any row whose
#: relationship and classes fit, first come first served.
LINKS: tuple[Link, ...] = (
    _link(vsg("hasValueStreamStage"), "Composition", STREAMS, STAGE),
    _link(vsg("hasValueStreamStage"), "Aggregation", STREAMS, STAGE),
    _link(vsg("supports"), "Serving", DVS, STREAMS),
    _link(vsg("handsOverTo"), "Flow", STREAMS, STREAMS),
    _link(vsg("triggersStream"), "Triggering", STREAMS, STREAMS),
    _link(vsg("carriesOutValueStreamStage"), "Realization", STEP, STAGE),
    _link(vsg("hasStep"), "Realization", STREAMS, STEP, reverse=True),
    _link(vsg("performedBy"), "Assignment", STEP, AGENTS | {ROLE}, reverse=True),
    _link(vsg("followsProcess"), "Aggregation", STEP, PROCESS, reverse=True),
    _link(vsg("precededBy"), "Triggering", STEP, STEP, reverse=True),
    _link(vsg("sendsReworkTo"), "Flow", STEP, STEP),
    _link(vsg("requiresCapability"), "Serving", STAGE, CAPABILITY, reverse=True),
    _link(vsg("realizesCapability"), "Realization", {PROCESS, SOLUTION}, CAPABILITY),
    _link(vsg("realizesCapability"), "Association", STREAMS, CAPABILITY),
    _link(vsg("isSubCapabilityOf"), "Composition", CAPABILITY, CAPABILITY, reverse=True),
    _link(vsg("isSubCapabilityOf"), "Aggregation", CAPABILITY, CAPABILITY, reverse=True),
    _link(vsg("runsOn"), "Association", OVS, SOLUTION),
    _link(vsg("buildsSolution"), "Association", DVS, SOLUTION),
    _link(vsg("hostsSolution"), "Association", DVS, SOLUTION),
    _link(vsg("hasStep"), "Association", STREAMS, STEP),
    _link(vsg("ownedBy"), "Association", STREAMS, AGENTS),
    _link(vsg("hasTrigger"), "Association", STREAMS, TRIGGER),
    _link(vsg("deliversValue"), "Association", STREAMS, VALUE),
    _link(vsg("deliversProductOrService"), "Association", STREAMS, PRODUCTS),
    _link(vsg("deliveredTo"), "Association", VALUE, CUSTOMERS | STREAMS),
    _link(vsg("producesValueItem"), "Association", STAGE, VALUE),
    _link(vsg("hasStakeholder"), "Association", STAGE, AGENTS | {ROLE}),
    _link(vsg("hasInteraction"), "Association", STREAMS, INTERACTIONS),
    _link(vsg("enablesStage"), "Association", OVS, JOURNEY_STAGE),
    _link(vsg("servesJourneyStage"), "Association", {STAGE, STEP}, JOURNEY_STAGE),
    _link(vsg("journeyOf"), "Serving", JOURNEY, CUSTOMERS),
    _link(vsg("hasStage"), "Composition", JOURNEY, JOURNEY_STAGE),
    _link(vsg("withCustomer"), "Serving", INTERACTIONS, CUSTOMERS),
    _link(vsg("duringStage"), "Association", INTERACTIONS, JOURNEY_STAGE),
    _link(vsg("touchesValueStream"), "Realization", INITIATIVE, STREAMS),
    _link(vsg("keyResultOf"), "Realization", KEY_RESULT, OBJECTIVE),
    _link(vsg("keyResultOf"), "Influence", KEY_RESULT, OBJECTIVE),
    _link(vsg("belongsToTheme"), "Aggregation", OBJECTIVE, THEME, reverse=True),
    _link(vsg("alignedWith"), "Influence", METRIC, KEY_RESULT),
    _link(vsg("measures"), "Association", METRIC, STREAMS),
    _link(vsg("hasReading"), "Aggregation", METRIC, READING),
    _link(ORG + "unitOf", "Aggregation", ORGANISATIONS, ORGANISATIONS, reverse=True),
    _link(ORG + "memberOf", "Aggregation", {PERSON}, ORGANISATIONS, reverse=True),
    _link(ORG + "member", "Assignment", MEMBERSHIP, AGENTS, reverse=True),
    _link(ORG + "organization", "Association", MEMBERSHIP, ORGANISATIONS),
)

#: Relationships that order two stages of a stream, or two of its steps (first to last),
#: in a file vsgraph did not write.
ORDER = frozenset({"Flow", "Triggering"})


@lru_cache(maxsize=1 << 16)
def compact(iri: str) -> str:
    """``vsg:hasStep`` for a term of a known vocabulary; any other IRI as ``<iri>``."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and is_name(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


@lru_cache(maxsize=1 << 16)
def expand(name: str) -> str | None:
    """The IRI of a name :func:`compact` wrote, or None if it names no IRI."""
    if name.startswith("<") and name.endswith(">") and len(name) > 2:
        return name[1:-1]
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES and is_name(local):
        return PREFIXES[prefix] + local
    return None


def kept_property(name: str) -> str:
    """The predicate that keeps an ArchiMate property of no vsgraph term, named ``name``."""
    return KEPT_PROPERTY + quote(name, safe="")


def kept_property_name(predicate: str) -> str | None:
    """The ArchiMate property name :func:`kept_property` encoded in ``predicate``, if any."""
    if predicate.startswith(KEPT_PROPERTY):
        return unquote(predicate[len(KEPT_PROPERTY) :])
    return None


def is_name(local: str) -> bool:
    """Whether ``local`` is an XML name without a colon (an ``xs:ID``, a CURIE's local part)."""
    return bool(local) and (local[0].isalpha() or local[0] == "_") and all(c.isalnum() or c in "_-." for c in local)
