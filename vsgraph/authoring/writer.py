"""Turning a :class:`PortfolioModel` into triples, checking it on the way.

This is the one place where authored portfolios become RDF, whichever way they were
written (Python, YAML, spreadsheet), so the three ways in cannot disagree. Every check
raises :class:`~vsgraph.errors.AuthoringError` in the portfolio's own words and, when
the model came from a file, at the line or cell it came from. Literals are written in the
canonical form Oxigraph gives them (``240``, not ``240.0``), so an authored portfolio and
the same portfolio loaded from Turtle are isomorphic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Context, Decimal
from typing import Any, Protocol

from rdflib import DCTERMS, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from vsgraph.authoring import iris
from vsgraph.authoring.fields import boolean, check_key_result, currency, instant, language, text, utc_text
from vsgraph.authoring.model import (
    BudgetPeriod,
    Capability,
    CapacityAllocation,
    DirectCost,
    Funding,
    KeyResult,
    Location,
    Membership,
    Person,
    PIObjective,
    PortfolioModel,
    SpendingLimit,
    StateChange,
    Step,
    Team,
    TeamCost,
    ValueStream,
    ValueStreamStage,
    WorkItem,
    shown,
)
from vsgraph.authoring.origins import SourceMap
from vsgraph.authoring.units import minutes, normalised, to_decimal
from vsgraph.authoring.vocabulary import (
    DIRECTIONS,
    FLOW_ITEM_TYPES,
    FLOW_STATES,
    FOCI,
    INTERACTION_KINDS,
    OFFERING_KINDS,
    STATUSES,
    STREAM_KINDS,
    TEAM_KINDS,
    Word,
    channels,
    roles,
)
from vsgraph.errors import AuthoringError, InputError, LimitError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits
from vsgraph.vocabulary.namespace import VSG

_STREAMS = ("operational value stream", "development value stream")
_TRAINS = ("team of teams", "agile release train", "solution train")
_TEAMS = ("team", *_TRAINS)
#: What a metric may measure (vsg:MeasurableThing), as the writer registers their kinds.
_MEASURABLE = (*_STREAMS, "value-stream stage", "stage", "step", *_TEAMS, "solution", "capability")
_MEASURABLE_NOUN = "value stream, stage, step, team, solution or capability"
#: What may take part in a value-stream stage (BIZBOK's stakeholders), besides vsgraph's roles.
_STAKEHOLDERS = ("customer", *_TEAMS, "person", "organisation", "role")
#: The links of a value stream: key, predicate, the kinds of thing named, and their noun.
_STREAM_LINKS = (
    ("enables", VSG.enablesStage, ("stage",), None),
    ("supports", VSG.supports, _STREAMS, "value stream"),
    ("delivers", VSG.deliversProductOrService, ("product", "service"), None),
    ("runs_on", VSG.runsOn, ("solution",), None),
    ("builds", VSG.buildsSolution, ("solution",), None),
    ("hosts", VSG.hostsSolution, ("solution",), None),
    ("hands_over_to", VSG.handsOverTo, _STREAMS, "value stream"),
    ("triggers_stream", VSG.triggersStream, _STREAMS, "value stream"),
    ("realises", VSG.realizesCapability, ("capability",), None),
)
#: The links only one kind of stream has, and whether that kind is operational.
_KIND_LINKS = (("enables", True), ("runs_on", True), ("supports", False), ("builds", False), ("hosts", False))

#: A value-stream stage or a step, its id and its position in the stream.
Placed = tuple[Any, str, int]
#: A state change of a work item, its id and its time in UTC.
Timed = tuple[StateChange, str, datetime]
#: A budget record: what a stream is funded, spends or is bound by in a period.
BudgetRecord = Funding | TeamCost | DirectCost | SpendingLimit | CapacityAllocation


class _Identified(Protocol):
    """A thing of the model with an id of its own (a team, a person, a metric, ...)."""

    @property
    def id(self) -> str: ...


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def write_graph(model: PortfolioModel, *, limits: InputLimits = DEFAULT_LIMITS) -> Graph:
    """Return the triples of ``model``; raise :class:`AuthoringError` if it is wrong.

    ``limits`` bounds the numbers it may hold (:attr:`InputLimits.max_number_digits`).
    """
    return _Writer(model, limits).write()


def write_graph_and_sources(model: PortfolioModel, *, limits: InputLimits = DEFAULT_LIMITS) -> tuple[Graph, SourceMap]:
    """Return the triples of ``model`` (as :func:`write_graph`) and where each node's keys
    were written, for the things read from a file (validation findings point there)."""
    writer = _Writer(model, limits)
    return writer.write(), writer.sources


class _Writer:
    def __init__(self, model: PortfolioModel, limits: InputLimits) -> None:
        self.model = model
        self.limits = limits
        self.base = model.base
        self.graph = Graph()
        self.graph.bind("vsg", VSG._NS)
        self.kinds: dict[str, tuple[str, str]] = {}  # id -> (kind, name)
        self.stages: dict[str, list[Placed]] = {}  # stream id -> its value-stream stages
        self.steps: dict[str, list[Placed]] = {}  # stream id -> its steps
        self.owner: dict[str, tuple[str, int]] = {}  # stage or step id -> (stream id, position)
        self.histories: dict[str, list[Timed]] = {}  # work item id -> its state changes in order
        self.sources: dict[Node, Mapping[str, Location]] = {}  # IRI -> where its thing's keys were written

    # --- errors --------------------------------------------------------------

    @staticmethod
    def fail(obj: Any, key: str, message: str, kind: type[InputError] = AuthoringError) -> InputError:
        where: dict[str, Location] = getattr(obj, "where", {})
        location = where.get(key) or where.get("")
        return location.error(message, kind) if location else kind(message)

    @contextmanager
    def at(self, obj: Any, key: str) -> Iterator[None]:
        """Give errors raised inside the location of ``obj``'s ``key``."""
        try:
            yield
        except (AuthoringError, LimitError) as exc:
            if exc.path is not None or not getattr(obj, "where", None):
                raise
            raise self.fail(obj, key, str(exc), type(exc)) from None

    # --- terms ---------------------------------------------------------------

    def label(self, obj: Any, context: str) -> Literal:
        if not isinstance(obj.name, str) or not obj.name.strip():
            raise self.fail(obj, "name", f"{context} has no name")
        return Literal(obj.name, lang=self.model.language)

    def text(self, value: str) -> Literal:
        return Literal(value, lang=self.model.language)

    def plain(self, obj: Any, key: str, value: Any, what: str) -> Literal:
        """``value`` as text without a language tag, as the ontology wants criteria."""
        with self.at(obj, key):
            return Literal(text(value, what, self.limits))

    @staticmethod
    def decimal(value: Decimal) -> Literal:
        return Literal(format(normalised(value), "f"), datatype=XSD.decimal)

    @staticmethod
    def integer(value: int) -> Literal:
        return Literal(str(value), datatype=XSD.integer)

    def whole(self, obj: Any, key: str, least: int, what: str) -> Literal:
        """``obj``'s ``key`` as an integer literal; it must be a whole number from ``least``."""
        value = getattr(obj, key)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise self.fail(obj, key, f"{what} must be a whole number from {least}, not {shown(value, self.limits)}")
        return self.integer(value)

    def duration(self, obj: Any, key: str, what: str) -> Literal:
        """``obj``'s ``key``, a duration such as ``2h``, in minutes."""
        with self.at(obj, key):
            return self.decimal(minutes(getattr(obj, key), what, self.limits))

    def percentage(self, obj: Any, key: str, what: str) -> Literal:
        """``obj``'s ``key``, a share from 0 to 100."""
        with self.at(obj, key):
            number = to_decimal(getattr(obj, key), what, self.limits)
        if not 0 <= number <= 100:
            raise self.fail(obj, key, f"{what} must be between 0 and 100, not {number}")
        return self.decimal(number)

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        self.graph.add((s, p, o))

    def named(self, obj: Any, id_: str, cls: URIRef, context: str) -> URIRef:
        """Add a thing with a type and a label; return its IRI."""
        iri = iris.mint(self.base, id_)
        self.remember(iri, obj)
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, self.label(obj, context))
        return iri

    def register(self, obj: Any, id_: Any, kind: str, key: str = "id") -> URIRef:
        """Record a new thing; its id must be valid and unused."""
        with self.at(obj, key):
            iris.check_id(id_, f"the id of a {kind}", self.limits)
        if id_ in self.kinds:
            other_kind, other_name = self.kinds[id_]
            other = shown(other_name, self.limits)
            raise self.fail(obj, key, f"id {id_!r} is used twice: by {_a(other_kind)} ({other}) and {_a(kind)}")
        self.kinds[id_] = (kind, getattr(obj, "name", ""))
        iri = iris.mint(self.base, id_)
        self.remember(iri, obj)
        return iri

    def remember(self, iri: URIRef, obj: Any) -> None:
        """Keep where ``obj``, the thing ``iri`` stands for, was written (if in a file)."""
        where = getattr(obj, "where", None)
        if where:
            self.sources.setdefault(iri, where)

    def ref(self, obj: Any, key: str, id_: Any, kinds: tuple[str, ...], context: str, noun: str | None = None) -> URIRef:
        """Return the IRI of the thing ``id_`` refers to; it must exist and be of ``kinds``.

        ``noun`` names the kinds in messages when their list would read badly.
        """
        wanted = noun or " or ".join(kinds)
        if not isinstance(id_, str) or not id_:
            raise self.fail(obj, key, f"{context} needs the id of {_a(wanted)}, not {shown(id_, self.limits)}")
        if id_ not in self.kinds:
            raise self.fail(obj, key, f"unknown {wanted} id {shown(id_, self.limits)} in {context}")
        kind = self.kinds[id_][0]
        if kind not in kinds:
            raise self.fail(obj, key, f"{id_!r} in {context} is {_a(kind)}, not {_a(wanted)}")
        return iris.mint(self.base, id_)

    def refs(
        self, obj: Any, key: str, ids: list[str], kinds: tuple[str, ...], context: str, noun: str | None = None
    ) -> list[URIRef]:
        return [self.ref(obj, key, i, kinds, context, noun) for i in ids]

    def term(
        self,
        obj: Any,
        key: str,
        value: Any,
        kinds: tuple[str, ...],
        ours: Callable[[], dict[str, URIRef]],
        context: str,
        noun: str,
    ) -> URIRef:
        """The IRI of a thing of the portfolio of ``kinds``, or of one of vsgraph's own
        (``ours``: its roles or channels) named by its word, such as ``value-stream-owner``."""
        if isinstance(value, str) and value and value not in self.kinds:
            if value in ours():
                return ours()[value]
            raise self.fail(
                obj,
                key,
                f"unknown {noun} {shown(value, self.limits)} in {context}: "
                f"name one of the portfolio's ids or one of vsgraph's: "
                f"{', '.join(ours())}",
            )
        return self.ref(obj, key, value, kinds, context, noun)

    def word(self, obj: Any, key: str, table: Mapping[Word, URIRef], value: Word, what: str) -> URIRef:
        if value not in table:
            raise self.fail(obj, key, f"{what} {shown(value, self.limits)} is not one of {', '.join(table)}")
        return table[value]

    # --- the portfolio -------------------------------------------------------

    def write(self) -> Graph:
        m = self.model
        with self.at(m, "language"):
            language(m.language, "the language", self.limits)
        self.register_all()
        org = iris.mint(self.base, m.organisation.id) if m.organisation else None
        if m.organisation:
            self.named(m.organisation, m.organisation.id, ORG.Organization, "the organisation")
        self.acyclic(m.teams, "unit_of", "team")
        for team in m.teams:
            self.team(team, org)
        for role in m.roles:
            iri = self.named(role, role.id, ORG.Role, f"role {role.id!r}")
            self.description(iri, role)
        for person in m.people:
            self.person(person, org)
        for customer in m.customers:
            self.customer(customer, org)
        for journey in m.journeys:
            self.journey(journey)
        for channel in m.channels:
            self.named(channel, channel.id, VSG.Channel, f"channel {channel.id!r}")
        self.acyclic(m.capabilities, "parent", "capability")
        for capability in m.capabilities:
            self.capability(capability)
        for things, kind in ((m.processes, VSG.Process), (m.solutions, VSG.Solution)):
            for thing in things:
                iri = self.named(thing, thing.id, kind, f"{thing.id!r}")
                for realised in self.refs(thing, "realises", thing.realises, ("capability",), f"{thing.id!r}"):
                    self.add(iri, VSG.realizesCapability, realised)
        for offering in m.offerings:
            self.named(offering, offering.id, OFFERING_KINDS[offering.kind], f"{offering.kind} {offering.id!r}")
        for stream in m.value_streams:
            self.stream(stream)
        self.strategy()
        for metric in m.metrics:
            self.metric(metric)
        for item in m.work_items:
            self.work_item(item)
        for objective in m.pi_objectives:
            self.pi_objective(objective)
        self.budgets()
        return self.graph

    def register_all(self) -> None:
        """Give every id its kind first, so references may point forwards."""
        m = self.model
        if m.organisation:
            self.register(m.organisation, m.organisation.id, "organisation")
        for team in m.teams:
            team_kind = team.kind or "team"
            self.word(team, "kind", TEAM_KINDS, team_kind, f"the kind of team {team.id!r}")
            self.register(team, team.id, team_kind.replace("-", " "))
        groups: list[tuple[Sequence[_Identified], str]] = [
            (m.people, "person"),
            (m.customers, "customer"),
            (m.journeys, "journey"),
            (m.processes, "process"),
            (m.solutions, "solution"),
            (m.themes, "theme"),
            (m.objectives, "objective"),
            (m.key_results, "key result"),
            (m.initiatives, "initiative"),
            (m.metrics, "metric"),
            (m.capabilities, "capability"),
            (m.pi_objectives, "PI objective"),
            (m.budget_periods, "budget period"),
        ]
        for things, kind in groups:
            for thing in things:
                self.register(thing, thing.id, kind)
        for things, kind, ours in ((m.roles, "role", roles), (m.channels, "channel", channels)):
            for thing in things:
                self.register_own(thing, kind, ours)
        for offering in m.offerings:
            self.word(offering, "kind", OFFERING_KINDS, offering.kind, "the kind of an offering")
            self.register(offering, offering.id, offering.kind)
        for journey in m.journeys:
            for stage in journey.stages:
                self.register(stage, stage.id, "stage")
        for person in m.people:
            for membership, id_ in self.membership_ids(person):
                self.register(membership, id_, "membership")
        for stream in m.value_streams:
            self.word(stream, "kind", STREAM_KINDS, stream.kind, f"the kind of {stream.id!r}")
            self.register(stream, stream.id, f"{stream.kind} value stream")
            for interaction in stream.interactions:
                self.register(interaction, interaction.id, "interaction")
            self.stages[stream.id] = self.place(stream, stream.value_stream_stages, "value-stream stage", iris.stage_id)
            self.steps[stream.id] = self.place(stream, stream.steps, "step", iris.step_id)
        for item in m.work_items:
            self.register(item, item.id, "work item")
            self.histories[item.id] = self.history(item)
            for change, id_, _ in self.histories[item.id]:
                self.register(change, id_, "state change")

    def register_own(self, thing: Any, kind: str, ours: Callable[[], dict[str, URIRef]]) -> None:
        """Register a role or channel of the portfolio's own, whose id is none of vsgraph's
        words: a reference to that word would otherwise be ambiguous."""
        self.register(thing, thing.id, kind)
        if thing.id in ours():
            raise self.fail(
                thing, "id", f"the {kind} id {thing.id!r} is the word for vsgraph's own {kind}: use that, or another id"
            )

    def place(self, stream: ValueStream, items: list[Any], what: str, mint: Callable[[str, int], str]) -> list[Placed]:
        """Register the stages or steps of ``stream``; return them with their ids and positions."""
        context = f"value stream {stream.id!r}"
        placed = []
        for item, position in zip(items, self.positions(stream, items, what, context), strict=True):
            id_ = item.id or mint(stream.id, position)
            self.register(item, id_, what)
            self.owner[id_] = (stream.id, position)
            placed.append((item, id_, position))
        return placed

    @staticmethod
    def membership_ids(person: Person) -> list[tuple[Membership, str]]:
        return [
            (membership, membership.id or iris.membership_id(person.id, n))
            for n, membership in enumerate(person.memberships, start=1)
        ]

    def acyclic(self, things: list[Any], key: str, what: str) -> None:
        """Refuse a thing that is, through ``key``, a part of itself: a capability map and
        the teams of teams are trees, and a circle would leave them without a top."""
        parents = {thing.id: getattr(thing, key) for thing in things if isinstance(getattr(thing, key), str)}
        for thing in things:
            seen, current = {thing.id}, parents.get(thing.id)
            while current is not None and current not in seen:
                seen.add(current)
                current = parents.get(current)
            if current == thing.id:
                raise self.fail(thing, key, f"{what} {thing.id!r} is, through its {key}, a part of itself")

    def within(
        self, obj: Any, key: str, default: URIRef | None, kinds: tuple[str, ...], context: str, noun: str | None = None
    ) -> URIRef | None:
        """What ``obj`` is a part of, or held in: its ``key`` if given, else ``default``."""
        value = getattr(obj, key)
        if value is None:
            return default
        return self.ref(obj, key, value, kinds, f"the {key} of {context}", noun)

    def description(self, iri: URIRef, obj: Any) -> None:
        if obj.description:
            self.add(iri, DCTERMS.description, self.text(obj.description))

    def team(self, team: Team, org: URIRef | None) -> None:
        context = f"team {team.id!r}"
        iri = self.named(team, team.id, TEAM_KINDS[team.kind or "team"], context)
        if team.headcount is not None:
            self.add(iri, VSG.headcount, self.whole(team, "headcount", 0, f"the headcount of {context}"))
        unit = self.within(team, "unit_of", org, ("organisation", *_TRAINS), context, "organisation or team of teams")
        if unit is not None:
            self.add(iri, ORG.unitOf, unit)

    def person(self, person: Person, org: URIRef | None) -> None:
        context = f"person {person.id!r}"
        iri = self.named(person, person.id, PROV.Person, context)
        for team in self.refs(person, "member_of", person.member_of, _TEAMS, f"the teams of {context}", "team"):
            self.add(iri, ORG.memberOf, team)
        for membership, id_ in self.membership_ids(person):
            self.membership(iri, membership, id_, org, f"a role of {context}")

    def membership(self, person: URIRef, membership: Membership, id_: str, org: URIRef | None, context: str) -> None:
        """A role a person holds, as W3C ORG says it: an org:Membership."""
        iri = iris.mint(self.base, id_)
        self.add(iri, RDF.type, ORG.Membership)
        self.add(iri, ORG.member, person)
        held_in = self.within(
            membership, "held_in", org, ("organisation", *_TEAMS), context, "team, team of teams or organisation"
        )
        if held_in is None:
            raise self.fail(
                membership, "held_in", f"{context} needs 'held_in': the team, team of teams or organisation it is held in"
            )
        self.add(iri, ORG.organization, held_in)
        self.add(iri, ORG.role, self.term(membership, "role", membership.role, ("role",), roles, context, "role"))

    def customer(self, customer: Any, org: URIRef | None) -> None:
        context = f"customer {customer.id!r}"
        kind = VSG.InternalCustomer if customer.internal else VSG.ExternalCustomer
        iri = self.named(customer, customer.id, kind, context)
        self.description(iri, customer)
        if customer.internal:
            unit = self.within(customer, "unit_of", org, ("organisation",), context)
            if unit is not None:
                self.add(iri, ORG.unitOf, unit)

    def capability(self, capability: Capability) -> None:
        context = f"capability {capability.id!r}"
        iri = self.named(capability, capability.id, VSG.Capability, context)
        self.description(iri, capability)
        if capability.level is not None:
            self.add(iri, VSG.capabilityLevel, self.whole(capability, "level", 1, f"the level of {context}"))
        if capability.parent is not None:
            self.add(iri, VSG.isSubCapabilityOf, self.ref(capability, "parent", capability.parent, ("capability",), context))

    def positions(self, owner: Any, items: list[Any], what: str, context: str) -> list[int]:
        """Return the positions of ``items``: given, or their place in the list."""
        seen: set[int] = set()
        result = []
        for index, item in enumerate(items, start=1):
            position = index if item.position is None else item.position
            if isinstance(position, bool) or not isinstance(position, int) or position < 1:
                raise self.fail(item, "position", f"{what} position {position!r} in {context} must be a whole number from 1")
            if position in seen:
                raise self.fail(item, "position", f"{what} position {position} used twice in {context}")
            seen.add(position)
            result.append(position)
        return result

    def journey(self, journey: Any) -> None:
        context = f"journey {journey.id!r}"
        iri = self.named(journey, journey.id, VSG.CustomerJourney, context)
        if journey.customer is not None:
            customer = self.ref(journey, "customer", journey.customer, ("customer",), context)
            self.add(iri, VSG.journeyOf, customer)
        positions = self.positions(journey, journey.stages, "stage", context)
        for stage, position in zip(journey.stages, positions, strict=True):
            stage_iri = self.named(stage, stage.id, VSG.JourneyStage, f"stage {stage.id!r}")
            self.add(iri, VSG.hasStage, stage_iri)
            self.add(stage_iri, VSG.position, self.integer(position))

    # --- value streams ---------------------------------------------------------

    def stream(self, stream: ValueStream) -> None:
        context = f"value stream {stream.id!r}"
        iri = self.named(stream, stream.id, STREAM_KINDS[stream.kind], context)
        operational = stream.kind == "operational"
        for key, only_operational in _KIND_LINKS:
            if getattr(stream, key) and only_operational != operational:
                raise self.fail(stream, key, f"{key!r} does not apply to {context}, which is {_a(stream.kind)} value stream")
        self.trigger_and_value(iri, stream, context)
        if stream.owner is not None:
            owner = self.ref(stream, "owner", stream.owner, (*_TEAMS, "person"), context, "team or person")
            self.add(iri, VSG.ownedBy, owner)
        for key, predicate, kinds, noun in _STREAM_LINKS:
            for target in getattr(stream, key):
                if kinds == _STREAMS and target == stream.id:
                    raise self.fail(stream, key, f"{context} names itself in {key!r}: a link between streams needs two streams")
                self.add(iri, predicate, self.ref(stream, key, target, kinds, context, noun))
        if stream.measured_lead_time is not None:
            self.add(
                iri,
                VSG.measuredLeadTimeMinutes,
                self.duration(stream, "measured_lead_time", f"the measured lead time of {context}"),
            )
        self.cost_of_delay(iri, stream, context)
        for interaction in stream.interactions:
            self.interaction(iri, interaction)
        for stage, id_, position in self.stages[stream.id]:
            self.value_stream_stage(iri, stage, id_, position)
        for step, id_, position in self.steps[stream.id]:
            self.step(iri, stream, step, id_, position)

    def cost_of_delay(self, iri: URIRef, stream: ValueStream, context: str) -> None:
        """A stream's cost of delay per week and its currency, which rule 39 wants with it."""
        if stream.cost_of_delay_per_week is not None:
            if stream.currency is None:
                raise self.fail(
                    stream, "cost_of_delay_per_week", f"{context} states a cost of delay per week but no 'currency' for it"
                )
            self.add(iri, VSG.costOfDelayPerWeek, self.money(stream, "cost_of_delay_per_week", f"the cost of delay of {context}"))
        if stream.currency is not None:
            self.add(iri, VSG.currency, self.currency_code(stream, f"the currency of {context}"))

    def trigger_and_value(self, iri: URIRef, stream: ValueStream, context: str) -> None:
        if stream.trigger is not None:
            trigger = self.register(stream.trigger, stream.trigger.id or iris.trigger_id(stream.id), "trigger")
            self.add(iri, VSG.hasTrigger, trigger)
            self.add(trigger, RDF.type, VSG.Trigger)
            self.add(trigger, RDFS.label, self.label(stream.trigger, f"the trigger of {context}"))
        if stream.value is not None:
            value = self.register(stream.value, stream.value.id or iris.value_id(stream.id), "value")
            self.add(iri, VSG.deliversValue, value)
            self.add(value, RDF.type, VSG.Value)
            self.add(value, RDFS.label, self.label(stream.value, f"the value of {context}"))
            for receiver in self.refs(
                stream.value,
                "delivered_to",
                stream.value.delivered_to,
                ("customer", *_STREAMS),
                f"the value of {context}",
                "customer or value stream",
            ):
                self.add(value, VSG.deliveredTo, receiver)

    def interaction(self, stream_iri: URIRef, interaction: Any) -> None:
        context = f"interaction {interaction.id!r}"
        kind = self.word(interaction, "kind", INTERACTION_KINDS, interaction.kind, f"the kind of {context}")
        iri = self.named(interaction, interaction.id, kind, context)
        self.add(stream_iri, VSG.hasInteraction, iri)
        if interaction.customer is not None:
            self.add(iri, VSG.withCustomer, self.ref(interaction, "customer", interaction.customer, ("customer",), context))
        if interaction.stage is not None:
            self.add(iri, VSG.duringStage, self.ref(interaction, "stage", interaction.stage, ("stage",), context))
        for channel in interaction.channels:
            self.add(
                iri, VSG.throughChannel, self.term(interaction, "channels", channel, ("channel",), channels, context, "channel")
            )

    def value_stream_stage(self, stream_iri: URIRef, stage: ValueStreamStage, id_: str, position: int) -> None:
        context = f"value-stream stage {id_!r}"
        iri = self.named(stage, id_, VSG.ValueStreamStage, context)
        self.add(stream_iri, VSG.hasValueStreamStage, iri)
        self.add(iri, VSG.position, self.integer(position))
        for key, predicate, what in (
            ("entrance_criteria", VSG.entranceCriterion, "an entrance"),
            ("exit_criteria", VSG.exitCriterion, "an exit"),
        ):
            for criterion in getattr(stage, key):
                self.add(iri, predicate, self.plain(stage, key, criterion, f"{what} criterion of {context}"))
        if stage.value_item is not None:
            item = self.register(stage, iris.value_id(id_), "value", "value_item")
            self.add(iri, VSG.producesValueItem, item)
            self.add(item, RDF.type, VSG.Value)
            with self.at(stage, "value_item"):
                name = text(stage.value_item, f"the value item of {context}", self.limits)
            self.add(item, RDFS.label, self.text(name))
        for stakeholder in stage.stakeholders:
            self.add(
                iri,
                VSG.hasStakeholder,
                self.term(
                    stage,
                    "stakeholders",
                    stakeholder,
                    _STAKEHOLDERS,
                    roles,
                    context,
                    "customer, team, person, organisation or role",
                ),
            )
        for journey_stage in self.refs(stage, "serves", stage.serves, ("stage",), context):
            self.add(iri, VSG.servesJourneyStage, journey_stage)
        for capability in self.refs(stage, "requires", stage.requires, ("capability",), context):
            self.add(iri, VSG.requiresCapability, capability)

    def step(self, stream_iri: URIRef, stream: ValueStream, step: Step, id_: str, position: int) -> None:
        context = f"step {position} of value stream {stream.id!r}"
        iri = self.named(step, id_, VSG.Step, context)
        self.add(stream_iri, VSG.hasStep, iri)
        self.add(iri, VSG.position, self.integer(position))
        if step.team is not None:
            self.add(iri, VSG.performedBy, self.ref(step, "team", step.team, (*_TEAMS, "person"), context, "team or person"))
        if step.follows is not None:
            self.add(iri, VSG.followsProcess, self.ref(step, "follows", step.follows, ("process",), context))
        for key, predicate, what in (
            ("process_time", VSG.processTimeMinutes, "process time"),
            ("wait_time", VSG.waitTimeMinutes, "wait time"),
        ):
            if getattr(step, key) is not None:
                self.add(iri, predicate, self.duration(step, key, f"the {what} of {context}"))
        if step.batch_size is not None:
            self.add(iri, VSG.batchSize, self.whole(step, "batch_size", 1, f"the batch size of {context}"))
        for key, predicate, what in (
            ("pcta", VSG.percentCompleteAccurate, "percent complete and accurate"),
            ("rework_percent", VSG.reworkPercent, "rework percent"),
        ):
            if getattr(step, key) is not None:
                self.add(iri, predicate, self.percentage(step, key, f"the {what} of {context}"))
        self.step_links(iri, stream, step, position, context)

    def step_links(self, iri: URIRef, stream: ValueStream, step: Step, position: int, context: str) -> None:
        """What a step carries out and serves, and the steps it follows or sends rework to."""
        if step.carries_out is not None:
            stage = self.ref(step, "carries_out", step.carries_out, ("value-stream stage",), context)
            self.own(step, "carries_out", step.carries_out, stream, context)
            self.add(iri, VSG.carriesOutValueStreamStage, stage)
        for journey_stage in self.refs(step, "serves", step.serves, ("stage",), context):
            self.add(iri, VSG.servesJourneyStage, journey_stage)
        rework = [] if step.sends_rework_to is None else [step.sends_rework_to]
        for key, predicate, targets in (
            ("preceded_by", VSG.precededBy, step.preceded_by),
            ("sends_rework_to", VSG.sendsReworkTo, rework),
        ):
            for target in targets:
                self.add(iri, predicate, self.earlier(step, key, target, stream, position, f"the {key} of {context}"))

    def own(self, item: Any, key: str, target: str, stream: ValueStream, context: str) -> int:
        """The position of ``target``, a stage or step that must be of ``stream`` too."""
        owner, position = self.owner[target]
        if owner != stream.id:
            raise self.fail(item, key, f"{target!r} in {context} belongs to value stream {owner!r}, not to {stream.id!r}")
        return position

    def earlier(self, step: Step, key: str, target: Any, stream: ValueStream, position: int, context: str) -> URIRef:
        """The IRI of step ``target``, an earlier step of the same stream.

        With every predecessor (and every step rework goes back to) at a lower position, the
        steps can never wait for each other in a circle.
        """
        iri = self.ref(step, key, target, ("step",), context)
        at = self.own(step, key, target, stream, context)
        if at >= position:
            raise self.fail(step, key, f"step {target!r} in {context} is at position {at}: a step can only name earlier steps")
        return iri

    # --- strategy and measurement ----------------------------------------------

    def strategy(self) -> None:
        m = self.model
        for theme in m.themes:
            self.named(theme, theme.id, VSG.StrategicTheme, f"theme {theme.id!r}")
        for things, kind, key, predicate, target in (
            (m.objectives, VSG.Objective, "theme", VSG.belongsToTheme, "theme"),
            (m.key_results, VSG.KeyResult, "objective", VSG.keyResultOf, "objective"),
        ):
            for thing in things:
                context = f"{'objective' if key == 'theme' else 'key result'} {thing.id!r}"
                iri = self.named(thing, thing.id, kind, context)
                if getattr(thing, key) is not None:
                    self.add(iri, predicate, self.ref(thing, key, getattr(thing, key), (target,), context))
                if isinstance(thing, KeyResult):
                    self.key_result_target(thing, iri, context)
        for initiative in m.initiatives:
            context = f"initiative {initiative.id!r}"
            iri = self.named(initiative, initiative.id, VSG.Initiative, context)
            if initiative.status is not None:
                self.add(
                    iri, VSG.hasStatus, self.word(initiative, "status", STATUSES, initiative.status, f"the status of {context}")
                )
            for stream in self.refs(initiative, "touches", initiative.touches, _STREAMS, context):
                self.add(iri, VSG.touchesValueStream, stream)

    def key_result_target(self, key_result: KeyResult, iri: URIRef, context: str) -> None:
        """What a key result's progress is computed from: baseline, target, unit,
        direction, baseline date and deadline."""
        for key, predicate in (("baseline", VSG.baselineValue), ("target", VSG.targetValue)):
            if getattr(key_result, key) is not None:
                with self.at(key_result, key):
                    number = to_decimal(getattr(key_result, key), f"the {key} of {context}", self.limits)
                self.add(iri, predicate, self.decimal(number))
        if key_result.unit is not None:
            self.add(iri, VSG.unit, Literal(str(key_result.unit)))
        if key_result.direction is not None:
            self.add(
                iri,
                VSG.hasDirection,
                self.word(key_result, "direction", DIRECTIONS, key_result.direction, f"the direction of {context}"),
            )
        for key, predicate in (("baseline_date", VSG.baselineDate), ("deadline", VSG.deadline)):
            when = getattr(key_result, key)
            if when is None:
                continue
            if isinstance(when, date) and not isinstance(when, datetime):
                when = datetime(when.year, when.month, when.day)
            if not isinstance(when, datetime):
                raise self.fail(
                    key_result, key, f"the {key.replace('_', ' ')} of {context} must be a date, not {shown(when, self.limits)}"
                )
            self.add(iri, predicate, Literal(when.isoformat(), datatype=XSD.dateTime))
        check_key_result(key_result, self.limits)

    def metric(self, metric: Any) -> None:
        context = f"metric {metric.id!r}"
        iri = self.named(metric, metric.id, VSG.Metric, context)
        for measured in self.refs(metric, "measures", metric.measures, _MEASURABLE, context, _MEASURABLE_NOUN):
            self.add(iri, VSG.measures, measured)
        if metric.unit is not None:
            self.add(iri, VSG.unit, Literal(str(metric.unit)))
        if metric.target is not None:
            with self.at(metric, "target"):
                target = to_decimal(metric.target, f"the target of {context}", self.limits)
            self.add(iri, VSG.targetValue, self.decimal(target))
        if metric.direction is not None:
            self.add(
                iri, VSG.hasDirection, self.word(metric, "direction", DIRECTIONS, metric.direction, f"the direction of {context}")
            )
        for focus in metric.focus:
            self.add(iri, VSG.hasFocus, self.word(metric, "focus", FOCI, focus, f"the focus of {context}"))
        for key_result in self.refs(metric, "aligned_with", metric.aligned_with, ("key result",), context):
            self.add(iri, VSG.alignedWith, key_result)
        for reading in metric.readings:
            when = reading.date
            if isinstance(when, date) and not isinstance(when, datetime):
                when = datetime(when.year, when.month, when.day)
            if not isinstance(when, datetime):
                raise self.fail(reading, "date", f"a reading of {context} needs a date, not {shown(when, self.limits)}")
            reading_id = reading.id or iris.reading_id(metric.id, when)
            if reading.id is None and reading_id in self.kinds:
                raise self.fail(reading, "date", f"{context} has two readings in {when:%Y-%m}; give one of them an id")
            reading_iri = self.register(reading, reading_id, f"reading of {context}")
            self.add(iri, VSG.hasReading, reading_iri)
            self.add(reading_iri, RDF.type, VSG.MetricReading)
            with self.at(reading, "value"):
                value = to_decimal(reading.value, f"the value of a reading of {context}", self.limits)
            self.add(reading_iri, VSG.readingValue, self.decimal(value))
            self.add(reading_iri, VSG.readingDate, Literal(when.isoformat(), datatype=XSD.dateTime))

    # --- flow: work items and PI objectives ------------------------------------------------

    def history(self, item: WorkItem) -> list[Timed]:
        """The state changes of ``item`` ordered by time (changes at the same time in the
        order written), the creation first, each with its id and its time in UTC.

        The creation is the first change; when ``created`` is given and no change happens
        then, it is a change into new at ``created``, as the tracker import makes it for an
        issue whose first transition is later than its creation.
        """
        context = f"work item {item.id!r}"
        timed: list[tuple[datetime, StateChange]] = []
        for change in item.history:
            if change.at is None:
                raise self.fail(change, "at", f"a state change of {context} needs a time ('at')")
            with self.at(change, "at"):
                timed.append((instant(change.at, f"the time of a state change of {context}", self.limits), change))
        timed.sort(key=lambda pair: pair[0])
        created = None
        if item.created is not None:
            with self.at(item, "created"):
                created = instant(item.created, f"the creation time of {context}", self.limits)
        if created is None and not timed:
            raise self.fail(item, "created", f"{context} needs 'created' or a 'history' of state changes")
        if created is not None and timed and timed[0][0] < created:
            raise self.fail(
                timed[0][1], "at", f"this state change of {context} happens before the item was created ({utc_text(created)})"
            )
        if created is not None and (not timed or timed[0][0] != created):
            place = item.where.get("created") or item.where.get("")
            timed.insert(0, (created, StateChange("new", created, where={"": place} if place else {})))
        return [(change, change.id or iris.change_id(item.id, n), at) for n, (at, change) in enumerate(timed)]

    def work_item(self, item: WorkItem) -> None:
        """A work item and its history, stated as the tracker import states them
        (:mod:`vsgraph.flow.tracker`): the changes chained in time order, the item naming
        its creation time and its latest change."""
        context = f"work item {item.id!r}"
        iri = iris.mint(self.base, item.id)
        self.add(iri, RDF.type, VSG.WorkItem)
        if item.name is not None:
            self.add(iri, RDFS.label, self.label(item, context))
        if item.value_stream is None:
            raise self.fail(item, "value_stream", f"{context} needs 'value_stream': the value stream that delivers it")
        self.add(iri, VSG.workItemOf, self.ref(item, "value_stream", item.value_stream, _STREAMS, context, "value stream"))
        if item.type is None:
            raise self.fail(item, "type", f"{context} needs a 'type': one of {', '.join(FLOW_ITEM_TYPES)}")
        self.add(iri, VSG.flowItemType, self.word(item, "type", FLOW_ITEM_TYPES, item.type, f"the type of {context}"))
        if item.tracker_key is not None:
            self.add(iri, VSG.trackerKey, self.plain(item, "tracker_key", item.tracker_key, f"the tracker key of {context}"))
        if item.business_value is not None:
            with self.at(item, "business_value"):
                value = to_decimal(item.business_value, f"the business value of {context}", self.limits)
            self.add(iri, VSG.businessValue, self.decimal(value))
        previous: URIRef | None = None
        for change, id_, at in self.histories[item.id]:
            change_iri = iris.mint(self.base, id_)
            self.add(change_iri, RDF.type, VSG.StateChange)
            self.add(change_iri, VSG.stateChangeOf, iri)
            self.add(change_iri, VSG.changedAt, _date_time(at))
            if change.state is None:
                raise self.fail(change, "state", f"a state change of {context} needs a 'state': one of {', '.join(FLOW_STATES)}")
            self.add(
                change_iri,
                VSG.toFlowState,
                self.word(change, "state", FLOW_STATES, change.state, f"the state of a change of {context}"),
            )
            if change.status is not None:
                self.add(change_iri, VSG.trackerStatus, self.plain(change, "status", change.status, f"a status of {context}"))
            if previous is None:
                self.add(iri, VSG.createdAt, _date_time(at))
            else:
                self.add(change_iri, VSG.previousStateChange, previous)
            previous = change_iri
        self.add(iri, VSG.latestStateChange, previous)

    def pi_objective(self, objective: PIObjective) -> None:
        context = f"PI objective {objective.id!r}"
        iri = self.named(objective, objective.id, VSG.PIObjective, context)
        if objective.value_stream is None:
            raise self.fail(objective, "value_stream", f"{context} needs 'value_stream': the value stream that committed to it")
        stream = self.ref(objective, "value_stream", objective.value_stream, _STREAMS, context, "value stream")
        self.add(iri, VSG.piObjectiveOf, stream)
        if objective.planned_business_value is None:
            raise self.fail(objective, "planned_business_value", f"{context} needs a 'planned_business_value' (1 to 10)")
        for key, predicate in (
            ("planned_business_value", VSG.plannedBusinessValue),
            ("actual_business_value", VSG.actualBusinessValue),
        ):
            if getattr(objective, key) is not None:
                with self.at(objective, key):
                    value = to_decimal(getattr(objective, key), f"the {key.replace('_', ' ')} of {context}", self.limits)
                self.add(iri, predicate, self.decimal(value))
        if objective.committed is not None:
            with self.at(objective, "committed"):
                committed = boolean(objective.committed, f"whether {context} is committed", self.limits)
            self.add(iri, VSG.committed, Literal(committed))
        if objective.due is None:
            raise self.fail(objective, "due", f"{context} needs 'due': when its planning interval ends")
        with self.at(objective, "due"):
            due = instant(objective.due, f"the due date of {context}", self.limits)
        self.add(iri, VSG.dueAt, _date_time(due))

    # --- lean budgets ----------------------------------------------------------------

    def budgets(self) -> None:
        """The budget periods, and what each stream is funded, spends and is bound by in
        them, as the budget module states them (``docs/budgets.md``)."""
        m = self.model
        for period in m.budget_periods:
            self.budget_period(period)
        for funding in m.fundings:
            iri = self.budget_record(funding, "funding", "funding", VSG.Funding, VSG.fundsValueStream)
            self.amount(iri, funding, "amount", VSG.amount, "funding")
        for team_cost in m.team_costs:
            team = self.needed(team_cost, "team", "team cost", "the team whose people it pays for")
            team_iri = self.ref(team_cost, "team", team, _TEAMS, self.record_context(team_cost, "team cost"), "team")
            iri = self.budget_record(team_cost, "team cost", f"{team}-cost", VSG.TeamCost, VSG.chargedTo)
            self.add(iri, VSG.costOfTeam, team_iri)
            self.amount(iri, team_cost, "cost_per_person", VSG.costPerPerson, "team cost")
        for direct_cost in m.direct_costs:
            iri = self.budget_record(direct_cost, "direct cost", "cost", VSG.DirectCost, VSG.chargedTo)
            if direct_cost.name is not None:
                self.add(iri, RDFS.label, self.label(direct_cost, f"direct cost {self.id_of(iri)!r}"))
            self.amount(iri, direct_cost, "amount", VSG.amount, "direct cost")
        for limit in m.spending_limits:
            iri = self.budget_record(limit, "spending limit", "limit", VSG.SpendingLimit, VSG.guardsValueStream)
            self.amount(iri, limit, "amount", VSG.amount, "spending limit")
        for allocation in m.capacity_allocations:
            iri = self.budget_record(
                allocation, "capacity allocation", "allocation", VSG.CapacityAllocation, VSG.guardsValueStream
            )
            self.shares(iri, allocation)

    def budget_period(self, period: BudgetPeriod) -> None:
        context = f"budget period {period.id!r}"
        iri = self.named(period, period.id, VSG.BudgetPeriod, context)
        for key, predicate in (("start", VSG.periodStart), ("end", VSG.periodEnd)):
            value = getattr(period, key)
            if value is None:
                raise self.fail(period, key, f"{context} needs '{key}': a date such as 2026-01-01")
            with self.at(period, key):
                moment = instant(value, f"the {key} of {context}", self.limits)
            self.add(iri, predicate, _date_time(moment))

    def needed(self, record: Any, key: str, kind: str, meaning: str) -> Any:
        """What ``record`` names in ``key`` (an id, once :meth:`ref` has checked it), which
        a budget record cannot do without."""
        value = getattr(record, key)
        if value is None:
            raise self.fail(record, key, f"{_a(kind)} needs '{key}': {meaning}")
        return value

    @staticmethod
    def record_context(record: BudgetRecord, kind: str) -> str:
        """How an error names a budget record: by its id, or as one of its kind."""
        return _a(kind) if record.id is None else f"{kind} {record.id!r}"

    def budget_record(self, record: BudgetRecord, kind: str, suffix: str, cls: URIRef, stream_predicate: URIRef) -> URIRef:
        """Register ``record`` and state its class, its value stream and its period.

        Its id defaults to ``<stream id>-<period id>-<suffix>``: two records of one kind
        for the same stream and period (two fundings that add up) need ids of their own.
        """
        stream = self.needed(record, "value_stream", kind, "the value stream it is about")
        period = self.needed(record, "period", kind, "the budget period it is for")
        context = self.record_context(record, kind)
        stream_iri = self.ref(record, "value_stream", stream, _STREAMS, context, "value stream")
        period_iri = self.ref(record, "period", period, ("budget period",), context)
        id_ = record.id if record.id is not None else iris.budget_id(stream, period, suffix)
        if record.id is None and self.kinds.get(id_, ("",))[0] == kind:
            raise self.fail(
                record, "", f"value stream {stream!r} has two {kind}s for {period!r} without an id; give one of them an id"
            )
        iri = self.register(record, id_, kind)
        self.add(iri, RDF.type, cls)
        self.add(iri, stream_predicate, stream_iri)
        self.add(iri, VSG.forPeriod, period_iri)
        return iri

    def id_of(self, iri: URIRef) -> str:
        return iris.id_of(self.base, iri)

    def money(self, record: Any, key: str, what: str) -> Literal:
        """``record``'s ``key``, a sum of money, as an exact ``xsd:decimal``."""
        with self.at(record, key):
            return self.decimal(to_decimal(getattr(record, key), what, self.limits))

    def currency_code(self, record: Any, what: str) -> Literal:
        """``record``'s currency, an ISO 4217 code in capitals."""
        with self.at(record, "currency"):
            return Literal(currency(record.currency, what, self.limits))

    def amount(self, iri: URIRef, record: Any, key: str, predicate: URIRef, kind: str) -> None:
        """A record's sum of money (its ``key``) and its currency, both of which it needs."""
        context = f"{kind} {self.id_of(iri)!r}"
        what = key.replace("_", " ")
        if getattr(record, key) is None:
            raise self.fail(record, key, f"{context} needs '{key}': its {what}, a number")
        self.add(iri, predicate, self.money(record, key, f"the {what} of {context}"))
        if record.currency is None:
            raise self.fail(record, "currency", f"{context} needs 'currency': an ISO 4217 code such as EUR")
        self.add(iri, VSG.currency, self.currency_code(record, f"the currency of {context}"))

    def shares(self, iri: URIRef, allocation: CapacityAllocation) -> None:
        """The shares of a capacity allocation, one per flow item type, from 0 to 100 each
        and at most 100 in all, as rule 38 wants them."""
        allocation_id = self.id_of(iri)
        context = f"capacity allocation {allocation_id!r}"
        if not allocation.shares:
            raise self.fail(
                allocation, "shares", f"{context} gives no flow item type a share: name feature, defect, risk or debt"
            )
        total = Decimal(0)
        # Exact: four shares of at most 100, each of at most max_number_digits digits.
        adding = Context(prec=self.limits.max_number_digits + len(FLOW_ITEM_TYPES))
        for item_type, share in allocation.shares.items():
            what = f"the {item_type} share of {context}"
            kind = self.word(allocation, item_type, FLOW_ITEM_TYPES, item_type, f"a flow item type of {context}")
            with self.at(allocation, item_type):
                percent = to_decimal(share, what, self.limits)
            if not 0 <= percent <= 100:
                raise self.fail(allocation, item_type, f"{what} must be between 0 and 100, not {percent}")
            total = adding.add(total, percent)
            share_iri = self.register(allocation, iris.share_id(allocation_id, item_type), "capacity share", item_type)
            place = allocation.where.get(item_type)
            if place is not None:  # a finding about the share points at its type's key or column
                self.sources[share_iri] = {"": place, "shares": place}
            self.add(iri, VSG.allocatesShare, share_iri)
            self.add(share_iri, RDF.type, VSG.CapacityShare)
            self.add(share_iri, VSG.shareOfItemType, kind)
            self.add(share_iri, VSG.sharePercent, self.decimal(percent))
        if total > 100:
            raise self.fail(
                allocation,
                "shares",
                f"the shares of {context} add up to {normalised(total)} percent: together they can give at most 100",
            )


def _date_time(at: datetime) -> Literal:
    """An ``xsd:dateTime`` in UTC written with ``Z``, as the tracker import writes it (rdflib
    would otherwise rewrite the ``Z`` as ``+00:00``)."""
    return Literal(utc_text(at), datatype=XSD.dateTime, normalize=False)
