"""Which vsgraph class each element of an exchange file becomes, and the order of stages.

ArchiMate has one type, ValueStream, for value streams and their stages, and one,
BusinessActor, for customers and the teams that serve them; vsgraph tells them apart.
The rules, in the order they apply (``docs/archimate.md`` explains them):

1. the element's property ``vsgraph:class`` (vsgraph writes it on every element it
   exports, and a modeller may set it in Archi to override the rules below), then the
   ``overrides`` the caller gives, by identifier;
2. a ValueStream composed into or aggregated by another ValueStream is a value-stream
   stage; one that serves another value stream is a development value stream (SAFe's
   development streams support operational ones); any other is operational;
3. a BusinessProcess or BusinessFunction that realises a ValueStream (a stream or one of
   its stages) is a step of that stream; another is a process;
4. a Stakeholder, or a BusinessActor that a Value is associated with or that a Product or
   BusinessService serves, is a customer: internal when another actor aggregates or is
   composed of it (a unit of the organisation), external otherwise; other actors are teams;
5. the other types by :data:`~vsgraph.archimate.mapping.IMPORTED_TYPES`; a type not there
   is kept unmapped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from vsgraph.archimate.mapping import (
    CLASS_PROPERTY,
    DVS,
    EXTERNAL,
    IMPORTED_TYPES,
    INTERNAL,
    ORDER,
    OVS,
    PROCESS,
    STAGE,
    STEP,
    TEAM,
    expand,
)
from vsgraph.archimate.reader import Concept, ExchangeModel
from vsgraph.errors import InputError

_WHOLE_PART = frozenset({"Composition", "Aggregation"})
_CUSTOMER_SERVERS = frozenset({"Product", "BusinessService"})


def classify(model: ExchangeModel, overrides: Mapping[str, str]) -> dict[str, str | None]:
    """The vsgraph class of every element of ``model`` by identifier (None: kept unmapped).

    ``overrides`` maps identifiers to a class, as ``vsg:DevelopmentValueStream`` or a full
    IRI; an unknown identifier or a name that is no IRI is an error.
    """
    for identifier in overrides:
        if identifier not in model.elements:
            raise InputError(f"the override names {identifier!r}, which is no element of the file", path=model.path)
    incoming: dict[str, list[Concept]] = defaultdict(list)
    outgoing: dict[str, list[Concept]] = defaultdict(list)
    for relationship in model.relationships.values():
        incoming[relationship.target].append(relationship)
        outgoing[relationship.source].append(relationship)
    classes: dict[str, str | None] = {}
    for element in model.elements.values():
        chosen = element.property(CLASS_PROPERTY) or overrides.get(element.identifier)
        if chosen is not None:
            classes[element.identifier] = _class_named(chosen, element, model)
        else:
            classes[element.identifier] = _by_rules(element, model, incoming[element.identifier], outgoing[element.identifier])
    return classes


def positions(model: ExchangeModel, classes: Mapping[str, str | None], groups: Mapping[str, list[str]]) -> dict[str, int]:
    """The position (from 1) of every member of each group (the stages of a stream, or its
    steps): first those no Flow or Triggering from a fellow member leads to, then those they
    lead to, ties in file order; a cycle is broken at its first member in file order."""
    after: dict[str, set[str]] = defaultdict(set)
    for relationship in model.relationships.values():
        if relationship.type in ORDER and classes.get(relationship.source) == classes.get(relationship.target):
            after[relationship.source].add(relationship.target)
    placed: dict[str, int] = {}
    for members in groups.values():
        members = list(dict.fromkeys(members))
        waiting = {member: sum(1 for other in members if member in after[other]) for member in members}
        order: list[str] = []
        while len(order) < len(members):
            ready = [member for member in members if waiting[member] == 0]
            chosen = ready[0] if ready else next(member for member in members if waiting[member] > 0)
            order.append(chosen)
            waiting[chosen] = -1
            for following in after[chosen]:
                if following in waiting and waiting[following] > 0:
                    waiting[following] -= 1
        placed.update((member, index) for index, member in enumerate(order, start=1))
    return placed


def _class_named(name: str, element: Concept, model: ExchangeModel) -> str:
    iri = expand(name)
    if iri is None:
        raise InputError(
            f"{element.identifier}: {CLASS_PROPERTY} {name!r} names no class; write it as vsg:Name or <IRI>",
            path=model.path,
            line=element.line,
        )
    return iri


def _by_rules(element: Concept, model: ExchangeModel, incoming: list[Concept], outgoing: list[Concept]) -> str | None:
    def types_in(relationships: set[str], sources: frozenset[str] | set[str]) -> bool:
        return any(r.type in relationships and model.elements.get(r.source, _NONE).type in sources for r in incoming)

    if element.type == "ValueStream":
        if types_in(set(_WHOLE_PART), {"ValueStream"}):
            return STAGE
        serves_stream = any(r.type == "Serving" and model.elements.get(r.target, _NONE).type == "ValueStream" for r in outgoing)
        return DVS if serves_stream else OVS
    if element.type in ("BusinessProcess", "BusinessFunction"):
        realises_stream = any(
            r.type == "Realization" and model.elements.get(r.target, _NONE).type == "ValueStream" for r in outgoing
        )
        return STEP if realises_stream else PROCESS
    if element.type in ("BusinessActor", "Stakeholder"):
        customer = (
            element.type == "Stakeholder" or types_in({"Association"}, {"Value"}) or types_in({"Serving"}, _CUSTOMER_SERVERS)
        )
        if not customer:
            return TEAM
        return INTERNAL if types_in(set(_WHOLE_PART), {"BusinessActor"}) else EXTERNAL
    return IMPORTED_TYPES.get(element.type)


_NONE = Concept("", "", 0)
