"""The things a value-stream portfolio holds, as plain Python objects.

These dataclasses are what the Python API, the YAML format and the spreadsheets share:
each way in produces a :class:`PortfolioModel`, and :mod:`vsgraph.authoring.writer`
turns that into triples. Things refer to each other by **id** (``"cashiers"``), never by
IRI; the IRI is minted from the portfolio's base (see :mod:`vsgraph.authoring.iris`).
The readers give times as decimals of minutes, amounts of money as decimals and readings
a :class:`~datetime.datetime`, the units the ontology stores; the Python API may also give a number as an ``int``, a
``float`` or text, a time with a unit (``"2h"``) and a reading's date as a
:class:`~datetime.date`, which the writer converts (see :data:`Number`). Nothing is
checked before the writer, so a model read from a graph that lacks a reading's date or
value holds ``None`` there, and the writer refuses it.

Every object may carry ``where``: the places in a file its keys came from, so that an
error found later (an unknown team id) can point at the line or cell that caused it.
``where`` takes no part in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from vsgraph.authoring.origins import Origin
from vsgraph.errors import AuthoringError, InputError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits, quoted

InteractionKind = Literal["service", "advertisement", "product-selection", "self-service"]
StreamKind = Literal["operational", "development"]
TeamKind = Literal["team", "team-of-teams", "agile-release-train", "solution-train"]
OfferingKind = Literal["product", "service"]
Direction = Literal["higher-is-better", "lower-is-better"]
Focus = Literal["customer-value", "flow", "quality", "responsibility", "decision", "financial"]
Status = Literal["planned", "active", "completed"]
FlowItemType = Literal["feature", "defect", "risk", "debt"]
FlowState = Literal["new", "waiting", "active", "done", "canceled"]
#: A number as the model may hold it: a :class:`~decimal.Decimal` from the readers; an
#: ``int``, a ``float`` or numeric text from the Python API, which the writer converts
#: (a time may be text with a unit, ``"2h"``; a percentage text, ``"80"``).
Number = Decimal | int | float | str


@dataclass(frozen=True)
class Location:
    """A place in a portfolio file: a YAML key's line, or a spreadsheet cell.

    ``path``, ``line`` and ``place`` make the reader's error messages; ``cell`` is the same
    place for a finding to point at when they do not say it plainly (a workbook cell, the
    line of a CSV file in a folder).
    """

    path: Path | None = None
    line: int | None = None
    place: str = ""
    cell: Origin | None = None

    @property
    def origin(self) -> Origin | None:
        """Where the author finds this place, or ``None`` for no file."""
        if self.cell is not None:
            return self.cell
        return Origin(self.path, self.line) if self.path is not None else None

    def error(self, message: str, kind: type[InputError] = AuthoringError) -> InputError:
        """Return an error of ``kind`` about this place."""
        return kind(f"{self.place}: {message}" if self.place else message, path=self.path, line=self.line)


def shown(value: object, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """``value`` as an error message quotes it; a list or a mapping is named, not printed.

    Printing a container in full can cost more than reading it did (an aliased YAML list
    prints as many times as it is referenced), so messages only say what it is.
    """
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    return quoted(value, limits)


def brief(message: object, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """A parser's own message (PyYAML's, openpyxl's), cut to the quoting limit.

    Such messages may quote the offending input, so they are bounded like a quoted value.
    """
    text = str(message) or type(message).__name__
    return text if len(text) <= limits.max_quoted_chars else text[: limits.max_quoted_chars] + "…"


def _where() -> dict[str, Location]:
    return field(default_factory=dict, compare=False, repr=False)


@dataclass
class Organisation:
    """The organisation the portfolio maps; teams and internal customers are units of it."""

    id: str
    name: str
    where: dict[str, Location] = _where()


@dataclass
class Team:
    """A team, or a team of teams (``kind``), and how many people it has.

    ``unit_of`` names the organisation or the team of teams it is part of, or is ``None``
    for the portfolio's organisation; ``kind`` ``None`` is a plain team.
    """

    id: str
    name: str
    unit_of: str | None = None
    kind: TeamKind | None = None
    headcount: int | None = None
    where: dict[str, Location] = _where()


@dataclass
class Membership:
    """A role a person holds in a team, a team of teams or the organisation (``held_in``).

    ``role`` is the id of one of the portfolio's roles or the word of one of vsgraph's
    (``value-stream-owner``); ``held_in`` ``None`` is the portfolio's organisation, and the
    id defaults to ``<person id>-membership-<n>``, ``n`` its place in the person's list.
    """

    role: str
    held_in: str | None = None
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class Person:
    """A person who owns value streams or performs steps, a member of teams."""

    id: str
    name: str
    member_of: list[str] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    where: dict[str, Location] = _where()


@dataclass
class Role:
    """A role of the portfolio's own, beside those vsgraph names (value stream owner, ...)."""

    id: str
    name: str
    description: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class Channel:
    """A channel of the portfolio's own, beside those vsgraph names (web, phone, ...)."""

    id: str
    name: str
    where: dict[str, Location] = _where()


@dataclass
class Capability:
    """A business capability: its level (1 the broadest) and the broader one it is part of."""

    id: str
    name: str
    description: str | None = None
    level: int | None = None
    parent: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class Customer:
    """A customer; an internal one is also a unit of the organisation (``unit_of``)."""

    id: str
    name: str
    internal: bool = False
    description: str | None = None
    unit_of: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class Stage:
    """A stage of a journey; its position is its place in the list unless given."""

    id: str
    name: str
    position: int | None = None
    where: dict[str, Location] = _where()


@dataclass
class Journey:
    """A customer's journey: ordered stages."""

    id: str
    name: str
    customer: str | None = None
    stages: list[Stage] = field(default_factory=list)
    where: dict[str, Location] = _where()


@dataclass
class Process:
    """A business process that steps follow, and the capabilities it realises."""

    id: str
    name: str
    realises: list[str] = field(default_factory=list)
    where: dict[str, Location] = _where()


@dataclass
class Offering:
    """A product or a service that value streams deliver."""

    id: str
    name: str
    kind: OfferingKind = "product"
    where: dict[str, Location] = _where()


@dataclass
class Solution:
    """A technology solution that operational streams run on and development streams build."""

    id: str
    name: str
    realises: list[str] = field(default_factory=list)
    where: dict[str, Location] = _where()


@dataclass
class Interaction:
    """A contact between a customer and an operational value stream, during a stage.

    ``channels`` are ids of the portfolio's channels or words of vsgraph's (``web``).
    """

    id: str
    name: str
    kind: InteractionKind = "service"
    customer: str | None = None
    stage: str | None = None
    channels: list[str] = field(default_factory=list)
    where: dict[str, Location] = _where()


@dataclass
class Trigger:
    """What starts a value stream; its id defaults to ``<stream id>-trigger``."""

    name: str
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class Value:
    """What a value stream delivers, and to which customers; id ``<stream id>-value``."""

    name: str
    delivered_to: list[str] = field(default_factory=list)
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class Step:
    """A step of a value stream.

    ``team`` is the id of the team or person who performs it, ``follows`` the id of a
    process; times are minutes. The position is the step's place in the stream's list
    unless given, and the id defaults to ``<stream id>-step-<position>``.
    """

    name: str
    team: str | None = None
    follows: str | None = None
    process_time: Number | None = None
    wait_time: Number | None = None
    batch_size: int | None = None
    pcta: Number | None = None
    position: int | None = None
    id: str | None = None
    carries_out: str | None = None
    serves: list[str] = field(default_factory=list)
    preceded_by: list[str] = field(default_factory=list)
    rework_percent: Number | None = None
    sends_rework_to: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class ValueStreamStage:
    """A stage of a value stream, as BIZBOK maps it: criteria, value item, who takes part.

    ``stakeholders`` are ids of customers, teams, people, organisations or roles (or words
    of vsgraph's roles); ``serves`` journey stage ids; ``requires`` capability ids. The
    position is the stage's place in the stream's list unless given, the id defaults to
    ``<stream id>-stage-<position>`` and the value item's to ``<stage id>-value``.
    """

    name: str
    entrance_criteria: list[str] = field(default_factory=list)
    exit_criteria: list[str] = field(default_factory=list)
    value_item: str | None = None
    stakeholders: list[str] = field(default_factory=list)
    serves: list[str] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    position: int | None = None
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class ValueStream:
    """An operational or development value stream, with its steps and links."""

    id: str
    name: str
    kind: StreamKind = "operational"
    trigger: Trigger | None = None
    value: Value | None = None
    owner: str | None = None
    steps: list[Step] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    enables: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    delivers: list[str] = field(default_factory=list)
    runs_on: list[str] = field(default_factory=list)
    builds: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    hands_over_to: list[str] = field(default_factory=list)
    triggers_stream: list[str] = field(default_factory=list)
    realises: list[str] = field(default_factory=list)
    measured_lead_time: Number | None = None
    value_stream_stages: list[ValueStreamStage] = field(default_factory=list)
    cost_of_delay_per_week: Number | None = None
    currency: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class Theme:
    """A strategic theme that objectives belong to."""

    id: str
    name: str
    where: dict[str, Location] = _where()


@dataclass
class Objective:
    """An objective under a strategic theme."""

    id: str
    name: str
    theme: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class KeyResult:
    """A key result of an objective, which metrics are aligned with.

    ``baseline``, ``target``, ``unit``, ``direction``, ``baseline_date`` and ``deadline``
    say what its progress and status are computed from (``vsgraph.query_catalog.okr``):
    progress = (current - baseline) / (target - baseline), the current value being the
    latest reading of an aligned metric. A date (not a date and time) means midnight.
    """

    id: str
    name: str
    objective: str | None = None
    baseline: Number | None = None
    target: Number | None = None
    unit: str | None = None
    direction: Direction | None = None
    baseline_date: datetime | None = None
    deadline: datetime | None = None
    where: dict[str, Location] = _where()


@dataclass
class Initiative:
    """A major effort that touches value streams."""

    id: str
    name: str
    status: Status | None = None
    touches: list[str] = field(default_factory=list)
    where: dict[str, Location] = _where()


@dataclass
class Reading:
    """One reading of a metric; its id defaults to ``<metric id>-<yyyy>-<mm>``.

    A date (not a date and time) means midnight. Either is ``None`` only in a model read
    from a graph that lacks it.
    """

    date: date | None
    value: Number | None
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class Metric:
    """A metric or KPI: what it measures, its target and direction, and its readings."""

    id: str
    name: str
    measures: list[str] = field(default_factory=list)
    unit: str | None = None
    target: Number | None = None
    direction: Direction | None = None
    focus: list[Focus] = field(default_factory=list)
    aligned_with: list[str] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    where: dict[str, Location] = _where()


@dataclass
class StateChange:
    """A work item entering a flow state at a time, and the tracker's own name for it.

    A time without a time zone is UTC; the id defaults to ``<item id>-change-<n>``, ``n``
    its place in the item's history once ordered by time (0 the creation). ``state`` and
    ``at`` are ``None`` only in a model read from a graph that lacks them.
    """

    state: FlowState | None
    at: datetime | None
    status: str | None = None
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class WorkItem:
    """A unit of work a value stream delivers (a tracker issue), with its state history.

    ``history`` may be written in any order: it is ordered by time, changes at the same
    time in the order written. The first change is the item's creation; when ``created``
    is given and no change happens then, the creation is a change into ``new`` at
    ``created``. ``name`` is optional, as a tracker's summary is.
    """

    id: str
    name: str | None = None
    value_stream: str | None = None
    type: FlowItemType | None = None
    tracker_key: str | None = None
    business_value: Number | None = None
    created: datetime | None = None
    history: list[StateChange] = field(default_factory=list)
    where: dict[str, Location] = _where()


@dataclass
class PIObjective:
    """A value stream's PI objective: the business value planned for it and achieved.

    ``committed`` ``None`` is committed, as the ontology reads an objective that does not
    say; ``actual_business_value`` stays ``None`` until the objective is assessed.
    """

    id: str
    name: str
    value_stream: str | None = None
    planned_business_value: Number | None = None
    actual_business_value: Number | None = None
    committed: bool | None = None
    due: datetime | None = None
    where: dict[str, Location] = _where()


@dataclass
class BudgetPeriod:
    """A span of time value streams are funded for, from ``start`` up to, not including,
    ``end``; a time without a time zone is UTC, as the work items it is compared with
    are. Either is ``None`` only in a model read from a graph that lacks it."""

    id: str
    name: str
    start: datetime | None
    end: datetime | None
    where: dict[str, Location] = _where()


@dataclass
class Funding:
    """An amount allotted to a value stream for a budget period, in an ISO 4217 currency.

    Several fundings of the same stream and period add up; the id defaults to
    ``<stream id>-<period id>-funding``, so a second one needs an id of its own. The
    references and the money are ``None`` only in a model read from a graph that lacks them.
    """

    value_stream: str | None
    period: str | None
    amount: Number | None
    currency: str | None
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class TeamCost:
    """What a team costs a value stream in a budget period: ``cost_per_person`` times the
    team's headcount; the id defaults to ``<stream id>-<period id>-<team id>-cost``."""

    team: str | None
    value_stream: str | None
    period: str | None
    cost_per_person: Number | None
    currency: str | None
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class DirectCost:
    """An amount a value stream spends in a budget period on something other than its
    teams (licences, hosting); ``name`` says what, and is optional. The id defaults to
    ``<stream id>-<period id>-cost``, so a second one needs an id of its own."""

    value_stream: str | None
    period: str | None
    amount: Number | None
    currency: str | None
    name: str | None = None
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class SpendingLimit:
    """A guardrail capping what a value stream may spend in a budget period; the id
    defaults to ``<stream id>-<period id>-limit``."""

    value_stream: str | None
    period: str | None
    amount: Number | None
    currency: str | None
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class CapacityAllocation:
    """A guardrail giving each flow item type a percentage of a value stream's capacity in
    a budget period, at most 100 in all (``{"feature": 60, "debt": 15}``). The id
    defaults to ``<stream id>-<period id>-allocation``, each share's to ``<allocation
    id>-<type>``."""

    value_stream: str | None
    period: str | None
    shares: dict[FlowItemType, Number] = field(default_factory=dict)
    id: str | None = None
    where: dict[str, Location] = _where()


@dataclass
class PortfolioModel:
    """Everything one portfolio holds; ids are minted into IRIs under ``base``."""

    base: str
    organisation: Organisation | None = None
    teams: list[Team] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    customers: list[Customer] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    capabilities: list[Capability] = field(default_factory=list)
    processes: list[Process] = field(default_factory=list)
    offerings: list[Offering] = field(default_factory=list)
    solutions: list[Solution] = field(default_factory=list)
    value_streams: list[ValueStream] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    key_results: list[KeyResult] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    work_items: list[WorkItem] = field(default_factory=list)
    pi_objectives: list[PIObjective] = field(default_factory=list)
    budget_periods: list[BudgetPeriod] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    team_costs: list[TeamCost] = field(default_factory=list)
    direct_costs: list[DirectCost] = field(default_factory=list)
    spending_limits: list[SpendingLimit] = field(default_factory=list)
    capacity_allocations: list[CapacityAllocation] = field(default_factory=list)
    language: str = "en"
    where: dict[str, Location] = _where()
