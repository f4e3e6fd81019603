"""The Python API for building a portfolio without knowing RDF.

>>> b = PortfolioBuilder(base="https://example.org/shop/")
>>> b.team("cashiers", "Cashiers")
>>> b.operational_value_stream("checkout", "Check-out", steps=[
...     Step("Scan the items", team="cashiers", process_time="4min", wait_time="6.5min")])
>>> portfolio = b.portfolio()

Each method records one thing (and returns it, for later changes) in a
:class:`PortfolioModel`; nothing is checked until :meth:`PortfolioBuilder.graph` or
:meth:`PortfolioBuilder.portfolio`, so things may refer to ids declared later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar

from rdflib import Graph

from vsgraph.authoring.fields import check_key_result
from vsgraph.authoring.model import (
    BudgetPeriod,
    Capability,
    CapacityAllocation,
    Channel,
    Customer,
    DirectCost,
    Direction,
    FlowItemType,
    Focus,
    Funding,
    Initiative,
    Interaction,
    Journey,
    KeyResult,
    Membership,
    Metric,
    Number,
    Objective,
    Offering,
    Organisation,
    Person,
    PIObjective,
    PortfolioModel,
    Process,
    Reading,
    Role,
    Solution,
    SpendingLimit,
    Stage,
    StateChange,
    Status,
    Step,
    StreamKind,
    Team,
    TeamCost,
    TeamKind,
    Theme,
    Trigger,
    Value,
    ValueStream,
    ValueStreamStage,
    WorkItem,
)
from vsgraph.authoring.writer import write_graph
from vsgraph.portfolio import Engine, Portfolio

_Thing = TypeVar("_Thing")


def _ids(ids: str | Iterable[str] | None) -> list[str]:
    """Accept one id or several."""
    if ids is None:
        return []
    return [ids] if isinstance(ids, str) else list(ids)


class PortfolioBuilder:
    """Collects the things of one portfolio and turns them into a :class:`Portfolio`.

    ``base`` is the IRI every id is minted under (``base + id``); choose one your
    organisation controls, ending in ``/`` or ``#``.
    """

    def __init__(self, base: str, language: str = "en", model: PortfolioModel | None = None):
        self.model = model if model is not None else PortfolioModel(base=base, language=language)

    def organisation(self, id: str, name: str) -> Organisation:
        """Name the organisation; teams and internal customers become units of it."""
        self.model.organisation = Organisation(id, name)
        return self.model.organisation

    def team(
        self, id: str, name: str, unit_of: str | None = None, *, kind: TeamKind | None = None, headcount: int | None = None
    ) -> Team:
        """Add a team, or a team of teams (``kind="agile-release-train"``, ...), a unit of the
        organisation unless ``unit_of`` names another organisation or a team of teams."""
        return self._add(self.model.teams, Team(id, name, unit_of, kind, headcount))

    def person(
        self, id: str, name: str, member_of: str | Iterable[str] | None = None, *, memberships: Sequence[Membership] = ()
    ) -> Person:
        """Add a person, a member of the teams named in ``member_of``, holding the roles of
        ``memberships`` (``Membership("value-stream-owner", held_in="lending-art")``)."""
        return self._add(self.model.people, Person(id, name, _ids(member_of), list(memberships)))

    def role(self, id: str, name: str, description: str | None = None) -> Role:
        """Add a role of the portfolio's own, beside vsgraph's (``value-stream-owner``, ...)."""
        return self._add(self.model.roles, Role(id, name, description))

    def channel(self, id: str, name: str) -> Channel:
        """Add a channel of the portfolio's own, beside vsgraph's (``web``, ``phone``, ...)."""
        return self._add(self.model.channels, Channel(id, name))

    def capability(
        self, id: str, name: str, *, description: str | None = None, level: int | None = None, parent: str | None = None
    ) -> Capability:
        """Add a business capability, at ``level`` (1 the broadest) under ``parent``."""
        return self._add(self.model.capabilities, Capability(id, name, description, level, parent))

    def customer(self, id: str, name: str, *, internal: bool = False, description: str | None = None) -> Customer:
        """Add an external customer, or an internal one (a unit of the organisation)."""
        return self._add(self.model.customers, Customer(id, name, internal, description))

    def journey(self, id: str, name: str, customer: str | None = None, stages: Sequence[Stage | tuple[str, str]] = ()) -> Journey:
        """Add a customer's journey; ``stages`` in order, as ``Stage`` or ``(id, name)``."""
        staged = [s if isinstance(s, Stage) else Stage(*s) for s in stages]
        return self._add(self.model.journeys, Journey(id, name, customer, staged))

    def process(self, id: str, name: str, realises: str | Iterable[str] | None = None) -> Process:
        """Add a business process that steps follow, realising the capabilities named."""
        return self._add(self.model.processes, Process(id, name, _ids(realises)))

    def product(self, id: str, name: str) -> Offering:
        """Add a product that value streams deliver."""
        return self._add(self.model.offerings, Offering(id, name, "product"))

    def service(self, id: str, name: str) -> Offering:
        """Add a service that value streams deliver."""
        return self._add(self.model.offerings, Offering(id, name, "service"))

    def solution(self, id: str, name: str, realises: str | Iterable[str] | None = None) -> Solution:
        """Add a technology solution, realising the capabilities named."""
        return self._add(self.model.solutions, Solution(id, name, _ids(realises)))

    def operational_value_stream(
        self,
        id: str,
        name: str,
        *,
        trigger: str | None = None,
        value: str | None = None,
        delivered_to: str | Iterable[str] | None = None,
        owner: str | None = None,
        steps: Sequence[Step] = (),
        interactions: Sequence[Interaction] = (),
        enables: str | Iterable[str] | None = None,
        delivers: str | Iterable[str] | None = None,
        runs_on: str | Iterable[str] | None = None,
        stages: Sequence[ValueStreamStage] = (),
        hands_over_to: str | Iterable[str] | None = None,
        triggers_stream: str | Iterable[str] | None = None,
        realises: str | Iterable[str] | None = None,
        measured_lead_time: Number | None = None,
        cost_of_delay_per_week: Number | None = None,
        currency: str | None = None,
    ) -> ValueStream:
        """Add a customer-facing value stream: it enables journey stages and runs on solutions.

        ``stages`` are its value-stream stages; ``hands_over_to`` and ``triggers_stream``
        name the streams it feeds, ``realises`` capabilities; ``measured_lead_time`` is a
        duration (``"2d"``); ``cost_of_delay_per_week`` is money in ``currency`` (``"EUR"``).
        """
        stream = self._stream(id, name, "operational", trigger, value, delivered_to, owner, steps, delivers)
        self._links(stream, stages, hands_over_to, triggers_stream, realises, measured_lead_time)
        stream.cost_of_delay_per_week, stream.currency = cost_of_delay_per_week, currency
        stream.interactions = list(interactions)
        stream.enables, stream.runs_on = _ids(enables), _ids(runs_on)
        return stream

    def development_value_stream(
        self,
        id: str,
        name: str,
        *,
        trigger: str | None = None,
        value: str | None = None,
        delivered_to: str | Iterable[str] | None = None,
        owner: str | None = None,
        steps: Sequence[Step] = (),
        supports: str | Iterable[str] | None = None,
        delivers: str | Iterable[str] | None = None,
        builds: str | Iterable[str] | None = None,
        hosts: str | Iterable[str] | None = None,
        stages: Sequence[ValueStreamStage] = (),
        hands_over_to: str | Iterable[str] | None = None,
        triggers_stream: str | Iterable[str] | None = None,
        realises: str | Iterable[str] | None = None,
        measured_lead_time: Number | None = None,
        cost_of_delay_per_week: Number | None = None,
        currency: str | None = None,
    ) -> ValueStream:
        """Add a value stream that builds or hosts solutions for the streams it ``supports``,
        operational or development (a platform); the other links and the cost of delay as
        for operational streams. ``delivered_to`` may name the streams it supports instead
        of customers."""
        stream = self._stream(id, name, "development", trigger, value, delivered_to, owner, steps, delivers)
        self._links(stream, stages, hands_over_to, triggers_stream, realises, measured_lead_time)
        stream.cost_of_delay_per_week, stream.currency = cost_of_delay_per_week, currency
        stream.supports, stream.builds, stream.hosts = _ids(supports), _ids(builds), _ids(hosts)
        return stream

    def theme(self, id: str, name: str) -> Theme:
        """Add a strategic theme."""
        return self._add(self.model.themes, Theme(id, name))

    def objective(self, id: str, name: str, theme: str | None = None) -> Objective:
        """Add an objective under a theme."""
        return self._add(self.model.objectives, Objective(id, name, theme))

    def key_result(
        self,
        id: str,
        name: str,
        objective: str | None = None,
        *,
        baseline: Number | None = None,
        target: Number | None = None,
        unit: str | None = None,
        direction: Direction | None = None,
        baseline_date: date | datetime | None = None,
        deadline: date | datetime | None = None,
    ) -> KeyResult:
        """Add a key result of an objective; with a baseline, a target and a deadline its
        progress and status can be computed (a date means its midnight)."""
        key_result = KeyResult(
            id, name, objective, baseline, target, unit, direction, _midnight(baseline_date), _midnight(deadline)
        )
        check_key_result(key_result)
        return self._add(self.model.key_results, key_result)

    def initiative(
        self, id: str, name: str, status: Status | None = None, touches: str | Iterable[str] | None = None
    ) -> Initiative:
        """Add an initiative (planned, active or completed) touching value streams."""
        return self._add(self.model.initiatives, Initiative(id, name, status, _ids(touches)))

    def metric(
        self,
        id: str,
        name: str,
        *,
        measures: str | Iterable[str] | None = None,
        unit: str | None = None,
        target: Number | None = None,
        direction: Direction | None = None,
        focus: Iterable[Focus] = (),
        aligned_with: str | Iterable[str] | None = None,
        readings: Iterable[tuple[date | datetime, Number]] = (),
    ) -> Metric:
        """Add a metric; ``readings`` are ``(date, value)`` pairs."""
        metric = Metric(
            id,
            name,
            _ids(measures),
            unit,
            target,
            direction,
            list(focus),
            _ids(aligned_with),
            [Reading(d, v) for d, v in readings],
        )
        return self._add(self.model.metrics, metric)

    def work_item(
        self,
        id: str,
        name: str | None = None,
        value_stream: str | None = None,
        *,
        type: FlowItemType,
        history: Iterable[StateChange] = (),
        created: date | datetime | None = None,
        tracker_key: str | None = None,
        business_value: Number | None = None,
    ) -> WorkItem:
        """Add a work item of ``value_stream`` (``type`` feature, defect, risk or debt) and its
        ``history``, ``StateChange("active", datetime(...), status="In Progress")`` in any
        order: the changes are ordered by time, ties as given. A time without a time zone
        is UTC. The first change is the creation, unless ``created`` is earlier: then the
        creation is a change into new at ``created``."""
        item = WorkItem(id, name, value_stream, type, tracker_key, business_value, _midnight(created), list(history))
        return self._add(self.model.work_items, item)

    def pi_objective(
        self,
        id: str,
        name: str,
        value_stream: str | None = None,
        *,
        planned_business_value: Number,
        due: date | datetime,
        actual_business_value: Number | None = None,
        committed: bool | None = None,
    ) -> PIObjective:
        """Add a PI objective of ``value_stream``, due at the end of its planning interval;
        ``committed=False`` for a stretch objective (unsaid, it is committed), and
        ``actual_business_value`` once business owners have assessed it."""
        objective = PIObjective(id, name, value_stream, planned_business_value, actual_business_value, committed, _midnight(due))
        return self._add(self.model.pi_objectives, objective)

    def budget_period(self, id: str, name: str, start: date | datetime, end: date | datetime) -> BudgetPeriod:
        """Add a budget period from ``start`` up to, not including, ``end`` (a date means its
        midnight; a time without a time zone is UTC): the first half of 2026 ends at
        ``date(2026, 7, 1)``, where the second begins."""
        return self._add(self.model.budget_periods, BudgetPeriod(id, name, _midnight(start), _midnight(end)))

    def funding(self, value_stream: str, period: str, amount: Number, currency: str, *, id: str | None = None) -> Funding:
        """Fund ``value_stream`` for ``period`` with ``amount`` in ``currency`` (an ISO 4217
        code, ``"EUR"``); several fundings of one stream and period add up, and each after
        the first needs an ``id``."""
        return self._add(self.model.fundings, Funding(value_stream, period, amount, currency, id))

    def team_cost(
        self, team: str, value_stream: str, period: str, cost_per_person: Number, currency: str, *, id: str | None = None
    ) -> TeamCost:
        """Charge ``team`` to ``value_stream`` for ``period`` at ``cost_per_person``, which
        the team's headcount multiplies."""
        return self._add(self.model.team_costs, TeamCost(team, value_stream, period, cost_per_person, currency, id))

    def direct_cost(
        self,
        value_stream: str,
        period: str,
        amount: Number,
        currency: str,
        *,
        name: str | None = None,
        id: str | None = None,
    ) -> DirectCost:
        """Charge ``value_stream`` ``amount`` spent in ``period`` on something other than its
        teams (``name`` says what); each direct cost of a stream and period after the first
        needs an ``id``."""
        return self._add(self.model.direct_costs, DirectCost(value_stream, period, amount, currency, name, id))

    def spending_limit(
        self, value_stream: str, period: str, amount: Number, currency: str, *, id: str | None = None
    ) -> SpendingLimit:
        """Cap what ``value_stream`` may spend in ``period`` at ``amount``."""
        return self._add(self.model.spending_limits, SpendingLimit(value_stream, period, amount, currency, id))

    def capacity_allocation(
        self, value_stream: str, period: str, shares: Mapping[FlowItemType, Number], *, id: str | None = None
    ) -> CapacityAllocation:
        """Give each flow item type a percentage of ``value_stream``'s capacity in ``period``
        (``{"feature": 60, "defect": 20, "risk": 5, "debt": 15}``), at most 100 in all."""
        allocation = CapacityAllocation(value_stream, period, dict(shares), id)
        return self._add(self.model.capacity_allocations, allocation)

    def graph(self) -> Graph:
        """Check the portfolio and return its triples as an rdflib graph."""
        return write_graph(self.model)

    def portfolio(self, engine: Engine = "oxigraph") -> Portfolio:
        """Check the portfolio and return it as a :class:`~vsgraph.Portfolio`."""
        return Portfolio.from_graph(self.graph(), engine)

    def _stream(
        self,
        id: str,
        name: str,
        kind: StreamKind,
        trigger: str | None,
        value: str | None,
        delivered_to: str | Iterable[str] | None,
        owner: str | None,
        steps: Sequence[Step],
        delivers: str | Iterable[str] | None,
    ) -> ValueStream:
        stream = ValueStream(
            id,
            name,
            kind,
            trigger=Trigger(trigger) if trigger is not None else None,
            value=Value(value, _ids(delivered_to)) if value is not None else None,
            owner=owner,
            steps=list(steps),
            delivers=_ids(delivers),
        )
        return self._add(self.model.value_streams, stream)

    @staticmethod
    def _links(
        stream: ValueStream,
        stages: Sequence[ValueStreamStage],
        hands_over_to: str | Iterable[str] | None,
        triggers_stream: str | Iterable[str] | None,
        realises: str | Iterable[str] | None,
        measured_lead_time: Number | None,
    ) -> None:
        """Set what both kinds of stream may have: stages, the streams it feeds, capabilities."""
        stream.value_stream_stages = list(stages)
        stream.hands_over_to, stream.triggers_stream = _ids(hands_over_to), _ids(triggers_stream)
        stream.realises = _ids(realises)
        stream.measured_lead_time = measured_lead_time  # text such as 1h: the writer converts it

    @staticmethod
    def _add(things: list[_Thing], thing: _Thing) -> _Thing:
        things.append(thing)
        return thing


def _midnight(value: date | datetime | None) -> datetime | None:
    """A date as its midnight; a date and time, or ``None``, as it is."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)
