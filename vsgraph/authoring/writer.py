"""Turning a :class:`PortfolioModel` into triples, checking it on the way.

This is the one place where authored portfolios become RDF, whichever way they were
written (Python, YAML, spreadsheet), so the three ways in cannot disagree. Every check
raises :class:`~vsgraph.errors.AuthoringError` in the portfolio's own words and, when
the model came from a file, at the line or cell it came from. Literals are written in the
canonical form Oxigraph gives them (``240``, not ``240.0``), so an authored portfolio and
the same portfolio loaded from Turtle are isomorphic.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rdflib import DCTERMS, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, XSD

from vsgraph.authoring import iris
from vsgraph.authoring.fields import language
from vsgraph.authoring.model import Location, PortfolioModel, Step, ValueStream, shown
from vsgraph.authoring.units import minutes, normalised, to_decimal
from vsgraph.authoring.vocabulary import (
    DIRECTIONS,
    FOCI,
    INTERACTION_KINDS,
    OFFERING_KINDS,
    STATUSES,
    STREAM_KINDS,
)
from vsgraph.errors import AuthoringError, InputError, LimitError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits
from vsgraph.vocabulary.namespace import VSG

_STREAMS = ("operational value stream", "development value stream")


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def write_graph(model: PortfolioModel, *, limits: InputLimits = DEFAULT_LIMITS) -> Graph:
    """Return the triples of ``model``; raise :class:`AuthoringError` if it is wrong.

    ``limits`` bounds the numbers it may hold (:attr:`InputLimits.max_number_digits`).
    """
    return _Writer(model, limits).write()


class _Writer:
    def __init__(self, model: PortfolioModel, limits: InputLimits) -> None:
        self.model = model
        self.limits = limits
        self.base = model.base
        self.graph = Graph()
        self.graph.bind("vsg", VSG._NS)
        self.kinds: dict[str, tuple[str, str]] = {}  # id -> (kind, name)

    # --- errors --------------------------------------------------------------

    @staticmethod
    def fail(obj: Any, key: str, message: str,
             kind: type[InputError] = AuthoringError) -> InputError:  # fmt: skip
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

    @staticmethod
    def decimal(value: Decimal) -> Literal:
        return Literal(format(normalised(value), "f"), datatype=XSD.decimal)

    @staticmethod
    def integer(value: int) -> Literal:
        return Literal(str(value), datatype=XSD.integer)

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        self.graph.add((s, p, o))

    def register(self, obj: Any, id_: Any, kind: str, key: str = "id") -> URIRef:
        """Record a new thing; its id must be valid and unused."""
        with self.at(obj, key):
            iris.check_id(id_, f"the id of a {kind}", self.limits)
        if id_ in self.kinds:
            other_kind, other_name = self.kinds[id_]
            other = shown(other_name, self.limits)
            raise self.fail(obj, key, f"id {id_!r} is used twice: by {_a(other_kind)} "
                                      f"({other}) and {_a(kind)}")  # fmt: skip
        self.kinds[id_] = (kind, getattr(obj, "name", ""))
        return iris.mint(self.base, id_)

    def ref(self, obj: Any, key: str, id_: Any, kinds: tuple[str, ...], context: str) -> URIRef:
        """Return the IRI of the thing ``id_`` refers to; it must exist and be of ``kinds``."""
        wanted = " or ".join(kinds)
        if not isinstance(id_, str) or not id_:
            raise self.fail(obj, key, f"{context} needs the id of {_a(wanted)}, "
                                      f"not {shown(id_, self.limits)}")  # fmt: skip
        if id_ not in self.kinds:
            raise self.fail(obj, key, f"unknown {wanted} id {shown(id_, self.limits)} in {context}")
        kind = self.kinds[id_][0]
        if kind not in kinds:
            raise self.fail(obj, key, f"{id_!r} in {context} is {_a(kind)}, not {_a(wanted)}")
        return iris.mint(self.base, id_)

    def refs(self, obj: Any, key: str, ids: list[str], kinds: tuple[str, ...], context: str):
        return [self.ref(obj, key, i, kinds, context) for i in ids]

    def word(self, obj: Any, key: str, table: dict[str, URIRef], value: str, what: str):
        if value not in table:
            raise self.fail(obj, key, f"{what} {shown(value, self.limits)} is not one of "
                                      f"{', '.join(table)}")  # fmt: skip
        return table[value]

    # --- the portfolio -------------------------------------------------------

    def write(self) -> Graph:
        m = self.model
        with self.at(m, "language"):
            language(m.language, "the language", self.limits)
        self.register_all()
        org = iris.mint(self.base, m.organisation.id) if m.organisation else None
        if m.organisation:
            self.add(org, RDF.type, ORG.Organization)
            self.add(org, RDFS.label, self.label(m.organisation, "the organisation"))
        for team in m.teams:
            iri = iris.mint(self.base, team.id)
            self.add(iri, RDF.type, VSG.Team)
            self.add(iri, RDFS.label, self.label(team, f"team {team.id!r}"))
            self.unit_of(iri, team, org, f"team {team.id!r}")
        for person in m.people:
            iri = iris.mint(self.base, person.id)
            self.add(iri, RDF.type, PROV.Person)
            self.add(iri, RDFS.label, self.label(person, f"person {person.id!r}"))
            for team in self.refs(person, "member_of", person.member_of, ("team",),
                                  f"the teams of person {person.id!r}"):  # fmt: skip
                self.add(iri, ORG.memberOf, team)
        for customer in m.customers:
            iri = iris.mint(self.base, customer.id)
            kind = VSG.InternalCustomer if customer.internal else VSG.ExternalCustomer
            self.add(iri, RDF.type, kind)
            self.add(iri, RDFS.label, self.label(customer, f"customer {customer.id!r}"))
            if customer.description:
                self.add(iri, DCTERMS.description, self.text(customer.description))
            if customer.internal:
                self.unit_of(iri, customer, org, f"customer {customer.id!r}")
        for journey in m.journeys:
            self.journey(journey)
        for things, kind in ((m.processes, VSG.Process), (m.solutions, VSG.Solution)):
            for thing in things:
                iri = iris.mint(self.base, thing.id)
                self.add(iri, RDF.type, kind)
                self.add(iri, RDFS.label, self.label(thing, f"{thing.id!r}"))
        for offering in m.offerings:
            iri = iris.mint(self.base, offering.id)
            self.add(iri, RDF.type, OFFERING_KINDS[offering.kind])
            self.add(iri, RDFS.label, self.label(offering, f"{offering.kind} {offering.id!r}"))
        for stream in m.value_streams:
            self.stream(stream)
        self.strategy()
        for metric in m.metrics:
            self.metric(metric)
        return self.graph

    def register_all(self) -> None:
        """Give every id its kind first, so references may point forwards."""
        m = self.model
        if m.organisation:
            self.register(m.organisation, m.organisation.id, "organisation")
        groups = [(m.teams, "team"), (m.people, "person"), (m.customers, "customer"),
                  (m.journeys, "journey"), (m.processes, "process"),
                  (m.solutions, "solution"), (m.themes, "theme"), (m.objectives, "objective"),
                  (m.key_results, "key result"), (m.initiatives, "initiative"),
                  (m.metrics, "metric")]  # fmt: skip
        for things, kind in groups:
            for thing in things:
                self.register(thing, thing.id, kind)
        for offering in m.offerings:
            self.word(offering, "kind", OFFERING_KINDS, offering.kind, "the kind of an offering")
            self.register(offering, offering.id, offering.kind)
        for journey in m.journeys:
            for stage in journey.stages:
                self.register(stage, stage.id, "stage")
        for stream in m.value_streams:
            self.word(stream, "kind", STREAM_KINDS, stream.kind, f"the kind of {stream.id!r}")
            self.register(stream, stream.id, f"{stream.kind} value stream")
            for interaction in stream.interactions:
                self.register(interaction, interaction.id, "interaction")

    def unit_of(self, iri: URIRef, obj: Any, org: URIRef | None, context: str) -> None:
        if obj.unit_of is not None:
            org = self.ref(obj, "unit_of", obj.unit_of, ("organisation",),
                           f"the unit_of of {context}")  # fmt: skip
        if org is not None:
            self.add(iri, ORG.unitOf, org)

    def positions(self, owner: Any, items: list[Any], what: str, context: str) -> list[int]:
        """Return the positions of ``items``: given, or their place in the list."""
        seen: set[int] = set()
        result = []
        for index, item in enumerate(items, start=1):
            position = index if item.position is None else item.position
            if isinstance(position, bool) or not isinstance(position, int) or position < 1:
                raise self.fail(item, "position",
                                f"{what} position {position!r} in {context} must be a "
                                "whole number from 1")  # fmt: skip
            if position in seen:
                raise self.fail(item, "position", f"{what} position {position} used twice "
                                                  f"in {context}")  # fmt: skip
            seen.add(position)
            result.append(position)
        return result

    def journey(self, journey: Any) -> None:
        context = f"journey {journey.id!r}"
        iri = iris.mint(self.base, journey.id)
        self.add(iri, RDF.type, VSG.CustomerJourney)
        self.add(iri, RDFS.label, self.label(journey, context))
        if journey.customer is not None:
            customer = self.ref(journey, "customer", journey.customer, ("customer",), context)
            self.add(iri, VSG.journeyOf, customer)
        positions = self.positions(journey, journey.stages, "stage", context)
        for stage, position in zip(journey.stages, positions, strict=True):
            stage_iri = iris.mint(self.base, stage.id)
            self.add(iri, VSG.hasStage, stage_iri)
            self.add(stage_iri, RDF.type, VSG.JourneyStage)
            self.add(stage_iri, RDFS.label, self.label(stage, f"stage {stage.id!r}"))
            self.add(stage_iri, VSG.position, self.integer(position))

    def stream(self, stream: ValueStream) -> None:
        context = f"value stream {stream.id!r}"
        iri = iris.mint(self.base, stream.id)
        operational = stream.kind == "operational"
        self.add(iri, RDF.type, STREAM_KINDS[stream.kind])
        self.add(iri, RDFS.label, self.label(stream, context))
        for key, allowed in (("enables", operational), ("runs_on", operational),
                             ("supports", not operational), ("builds", not operational),
                             ("hosts", not operational)):  # fmt: skip
            if getattr(stream, key) and not allowed:
                raise self.fail(stream, key, f"{key!r} does not apply to {context}, which is "
                                             f"{_a(stream.kind)} value stream")  # fmt: skip
        if stream.trigger is not None:
            trigger = self.register(stream.trigger, stream.trigger.id
                                    or iris.trigger_id(stream.id), "trigger")  # fmt: skip
            self.add(iri, VSG.hasTrigger, trigger)
            self.add(trigger, RDF.type, VSG.Trigger)
            self.add(trigger, RDFS.label, self.label(stream.trigger, f"the trigger of {context}"))
        if stream.value is not None:
            value = self.register(stream.value, stream.value.id or iris.value_id(stream.id),
                                  "value")  # fmt: skip
            self.add(iri, VSG.deliversValue, value)
            self.add(value, RDF.type, VSG.Value)
            self.add(value, RDFS.label, self.label(stream.value, f"the value of {context}"))
            for customer in self.refs(stream.value, "delivered_to", stream.value.delivered_to,
                                      ("customer",), f"the value of {context}"):  # fmt: skip
                self.add(value, VSG.deliveredTo, customer)
        if stream.owner is not None:
            owner = self.ref(stream, "owner", stream.owner, ("team", "person"), context)
            self.add(iri, VSG.ownedBy, owner)
        links = (("enables", VSG.enablesStage, ("stage",)),
                 ("supports", VSG.supports, ("operational value stream",)),
                 ("delivers", VSG.deliversProductOrService, ("product", "service")),
                 ("runs_on", VSG.runsOn, ("solution",)),
                 ("builds", VSG.buildsSolution, ("solution",)),
                 ("hosts", VSG.hostsSolution, ("solution",)))  # fmt: skip
        for key, predicate, kinds in links:
            for target in self.refs(stream, key, getattr(stream, key), kinds, context):
                self.add(iri, predicate, target)
        for interaction in stream.interactions:
            self.interaction(iri, interaction)
        positions = self.positions(stream, stream.steps, "step", context)
        for step, position in zip(stream.steps, positions, strict=True):
            self.step(iri, stream, step, position)

    def interaction(self, stream_iri: URIRef, interaction: Any) -> None:
        context = f"interaction {interaction.id!r}"
        iri = iris.mint(self.base, interaction.id)
        self.add(stream_iri, VSG.hasInteraction, iri)
        kind = self.word(interaction, "kind", INTERACTION_KINDS, interaction.kind,
                         f"the kind of {context}")  # fmt: skip
        self.add(iri, RDF.type, kind)
        self.add(iri, RDFS.label, self.label(interaction, context))
        if interaction.customer is not None:
            self.add(iri, VSG.withCustomer, self.ref(interaction, "customer",
                     interaction.customer, ("customer",), context))  # fmt: skip
        if interaction.stage is not None:
            self.add(iri, VSG.duringStage, self.ref(interaction, "stage", interaction.stage,
                                                    ("stage",), context))  # fmt: skip

    def step(self, stream_iri: URIRef, stream: ValueStream, step: Step, position: int) -> None:
        context = f"step {position} of value stream {stream.id!r}"
        iri = self.register(step, step.id or iris.step_id(stream.id, position), "step")
        self.add(stream_iri, VSG.hasStep, iri)
        self.add(iri, RDF.type, VSG.Step)
        self.add(iri, RDFS.label, self.label(step, context))
        self.add(iri, VSG.position, self.integer(position))
        if step.team is not None:
            self.add(iri, VSG.performedBy,
                     self.ref(step, "team", step.team, ("team", "person"), context))
        if step.follows is not None:
            self.add(iri, VSG.followsProcess,
                     self.ref(step, "follows", step.follows, ("process",), context))
        for key, predicate, what in (("process_time", VSG.processTimeMinutes, "process time"),
                                     ("wait_time", VSG.waitTimeMinutes, "wait time")):
            raw = getattr(step, key)
            if raw is not None:
                with self.at(step, key):
                    self.add(iri, predicate, self.decimal(
                        minutes(raw, f"the {what} of {context}", self.limits)))
        if step.batch_size is not None:
            size = step.batch_size
            if isinstance(size, bool) or not isinstance(size, int) or size < 1:
                raise self.fail(step, "batch_size", f"the batch size of {context} must be a "
                                                    f"whole number from 1, "
                                                    f"not {shown(size, self.limits)}")  # fmt: skip
            self.add(iri, VSG.batchSize, self.integer(size))
        if step.pcta is not None:
            what = f"the percent complete and accurate of {context}"
            with self.at(step, "pcta"):
                pcta = to_decimal(step.pcta, what, self.limits)
            if not 0 <= pcta <= 100:
                raise self.fail(step, "pcta", f"{what} must be between 0 and 100, not {pcta}")
            self.add(iri, VSG.percentCompleteAccurate, self.decimal(pcta))

    def strategy(self) -> None:
        m = self.model
        for theme in m.themes:
            iri = iris.mint(self.base, theme.id)
            self.add(iri, RDF.type, VSG.StrategicTheme)
            self.add(iri, RDFS.label, self.label(theme, f"theme {theme.id!r}"))
        for things, kind, key, predicate, target in (
            (m.objectives, VSG.Objective, "theme", VSG.belongsToTheme, "theme"),
            (m.key_results, VSG.KeyResult, "objective", VSG.keyResultOf, "objective"),
        ):
            for thing in things:
                context = f"{'objective' if key == 'theme' else 'key result'} {thing.id!r}"
                iri = iris.mint(self.base, thing.id)
                self.add(iri, RDF.type, kind)
                self.add(iri, RDFS.label, self.label(thing, context))
                if getattr(thing, key) is not None:
                    self.add(iri, predicate, self.ref(thing, key, getattr(thing, key),
                                                      (target,), context))  # fmt: skip
        for initiative in m.initiatives:
            context = f"initiative {initiative.id!r}"
            iri = iris.mint(self.base, initiative.id)
            self.add(iri, RDF.type, VSG.Initiative)
            self.add(iri, RDFS.label, self.label(initiative, context))
            if initiative.status is not None:
                self.add(iri, VSG.hasStatus, self.word(initiative, "status", STATUSES,
                         initiative.status, f"the status of {context}"))  # fmt: skip
            for stream in self.refs(initiative, "touches", initiative.touches, _STREAMS, context):
                self.add(iri, VSG.touchesValueStream, stream)

    def metric(self, metric: Any) -> None:
        context = f"metric {metric.id!r}"
        iri = iris.mint(self.base, metric.id)
        self.add(iri, RDF.type, VSG.Metric)
        self.add(iri, RDFS.label, self.label(metric, context))
        for stream in self.refs(metric, "measures", metric.measures, _STREAMS, context):
            self.add(iri, VSG.measures, stream)
        if metric.unit is not None:
            self.add(iri, VSG.unit, Literal(str(metric.unit)))
        if metric.target is not None:
            with self.at(metric, "target"):
                target = to_decimal(metric.target, f"the target of {context}", self.limits)
            self.add(iri, VSG.targetValue, self.decimal(target))
        if metric.direction is not None:
            self.add(iri, VSG.hasDirection, self.word(metric, "direction", DIRECTIONS,
                     metric.direction, f"the direction of {context}"))  # fmt: skip
        for focus in metric.focus:
            self.add(iri, VSG.hasFocus, self.word(metric, "focus", FOCI, focus,
                                                  f"the focus of {context}"))  # fmt: skip
        for key_result in self.refs(metric, "aligned_with", metric.aligned_with,
                                    ("key result",), context):  # fmt: skip
            self.add(iri, VSG.alignedWith, key_result)
        for reading in metric.readings:
            when = reading.date
            if isinstance(when, date) and not isinstance(when, datetime):
                when = datetime(when.year, when.month, when.day)
            if not isinstance(when, datetime):
                raise self.fail(reading, "date", f"a reading of {context} needs a date, "
                                                 f"not {shown(when, self.limits)}")  # fmt: skip
            reading_id = reading.id or iris.reading_id(metric.id, when)
            if reading.id is None and reading_id in self.kinds:
                raise self.fail(reading, "date", f"{context} has two readings in {when:%Y-%m}; "
                                                 "give one of them an id")  # fmt: skip
            reading_iri = self.register(reading, reading_id, f"reading of {context}")
            self.add(iri, VSG.hasReading, reading_iri)
            self.add(reading_iri, RDF.type, VSG.MetricReading)
            with self.at(reading, "value"):
                value = to_decimal(reading.value, f"the value of a reading of {context}",
                                   self.limits)
            self.add(reading_iri, VSG.readingValue, self.decimal(value))
            self.add(reading_iri, VSG.readingDate,
                     Literal(when.isoformat(), datatype=XSD.dateTime))
