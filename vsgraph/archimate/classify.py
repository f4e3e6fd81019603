"""Which vsgraph class each element of an exchange file becomes, and the order of stages.

ArchiMate has one type, ValueStream, for value streams and their stages, and one,
BusinessActor, for customers and the teams that serve them; vsgraph tells them apart.
The rules, in the order they apply (``docs/archimate.md`` explains them):

1. the ``overrides`` the caller gives, by identifier, then the element's property
   ``vsgraph:class`` (vsgraph writes it on every element it exports, and a modeller may
   set it in Archi to override the rules below): the caller's word wins, so that a file
   vsgraph wrote can still be read otherwise without editing it;
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
from vsgraph.archimate.reader import IDENTIFIER, LINE, SOURCE, TARGET, TYPE, Concept, ExchangeModel, first_value
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
    facts = _Facts(model)
    classes: dict[str, str | None] = {}
    for identifier, element in model.elements.items():
        chosen = overrides.get(identifier) or first_value(element, CLASS_PROPERTY)
        classes[identifier] = _class_named(chosen, element, model) if chosen is not None else facts.rule(element)
    return classes


def positions(
    model: ExchangeModel, classes: Mapping[str, str | None], *groupings: Mapping[str, list[str]]
) -> list[dict[str, int]]:
    """For each grouping (the stages of each stream, or the steps), the position (from 1)
    of every member of each group: first those no Flow or Triggering from a fellow member
    leads to, then those they lead to, ties in file order; a cycle is broken at its first
    member in file order."""
    after: dict[str, set[str]] = defaultdict(set)
    for relationship in model.relationships.values():
        source, target = relationship[SOURCE], relationship[TARGET]
        if relationship[TYPE] in ORDER and classes.get(source) == classes.get(target):
            after[source].add(target)
    return [_placed(groups, after) for groups in groupings]


def _placed(groups: Mapping[str, list[str]], after: Mapping[str, set[str]]) -> dict[str, int]:
    """The positions of one grouping's members, ``after`` giving what follows each element."""
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
            f"{element[IDENTIFIER]}: {CLASS_PROPERTY} {name!r} names no class; write it as vsg:Name or <IRI>",
            path=model.path,
            line=element[LINE],
        )
    return iri


class _Facts:
    """What the rules ask of the relationships around an element, gathered in one pass
    over the relationships: each set holds the identifiers of the elements a rule holds for."""

    def __init__(self, model: ExchangeModel) -> None:
        types = {identifier: element[TYPE] for identifier, element in model.elements.items()}
        #: Parts of a ValueStream (composed into or aggregated by one), and of a BusinessActor.
        self.part_of_stream: set[str] = set()
        self.part_of_actor: set[str] = set()
        #: Sources of a Serving of a ValueStream; targets of a Serving by a Product or BusinessService.
        self.serves_stream: set[str] = set()
        self.served: set[str] = set()
        #: Sources of a Realization of a ValueStream; targets of an Association from a Value.
        self.realises_stream: set[str] = set()
        self.valued: set[str] = set()
        for relationship in model.relationships.values():
            kind, source, target = relationship[TYPE], relationship[SOURCE], relationship[TARGET]
            source_type, target_type = types.get(source), types.get(target)
            if kind in _WHOLE_PART:
                if source_type == "ValueStream":
                    self.part_of_stream.add(target)
                elif source_type == "BusinessActor":
                    self.part_of_actor.add(target)
            elif kind == "Serving":
                if target_type == "ValueStream":
                    self.serves_stream.add(source)
                if source_type in _CUSTOMER_SERVERS:
                    self.served.add(target)
            elif kind == "Realization":
                if target_type == "ValueStream":
                    self.realises_stream.add(source)
            elif kind == "Association" and source_type == "Value":
                self.valued.add(target)

    def rule(self, element: Concept) -> str | None:
        """The class the rules of the module's description give ``element``."""
        identifier, kind = element[IDENTIFIER], element[TYPE]
        if kind == "ValueStream":
            if identifier in self.part_of_stream:
                return STAGE
            return DVS if identifier in self.serves_stream else OVS
        if kind in ("BusinessProcess", "BusinessFunction"):
            return STEP if identifier in self.realises_stream else PROCESS
        if kind in ("BusinessActor", "Stakeholder"):
            customer = kind == "Stakeholder" or identifier in self.valued or identifier in self.served
            if not customer:
                return TEAM
            return INTERNAL if identifier in self.part_of_actor else EXTERNAL
        return IMPORTED_TYPES.get(kind)
