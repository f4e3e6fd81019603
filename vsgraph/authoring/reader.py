"""Reading a portfolio graph back as Python objects.

Works on any graph that uses the vsgraph ontology, not only graphs the API wrote: ids
are the IRIs with the portfolio's base cut off (or whole IRIs when they lie elsewhere),
and ids the writer would mint anyway (``checkout-step-1``) are left out, so writing the
objects again gives back the same graph. Triples the model has no place for are not
read; a value-stream stage's value item is read as its name, and a capacity allocation's
shares as percentages by flow item type, each written back under the id the writer mints
for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TypeVar, cast

from rdflib import DCTERMS, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS
from rdflib.term import Identifier, Node

from vsgraph.authoring import iris
from vsgraph.authoring.model import (
    BudgetPeriod,
    Capability,
    CapacityAllocation,
    Channel,
    Customer,
    DirectCost,
    FlowItemType,
    Funding,
    Initiative,
    Interaction,
    InteractionKind,
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
    word_for,
)
from vsgraph.portfolio import Portfolio
from vsgraph.vocabulary.namespace import VSG

#: A budget record of the model, read with its id.
_Record = TypeVar("_Record", Funding, TeamCost, DirectCost, SpendingLimit, CapacityAllocation)


def _in_order(nodes: Iterable[Node]) -> Sequence[Node]:
    """``nodes`` in rdflib's order of terms (SPARQL's ``ORDER BY``), so reading is stable.

    rdflib's stubs give the terms of a graph as the abstract ``Node``, which declares no
    order; every concrete term (an ``Identifier``, or a ``Graph`` for an N3 formula)
    defines one, and orders itself among the others.
    """
    return sorted(cast("Iterable[Identifier]", nodes))


def read_portfolio(source: Portfolio | Graph, base: str | None = None) -> PortfolioModel:
    """Return the things of a portfolio (or an rdflib graph) as a :class:`PortfolioModel`.

    ``base`` is the IRI prefix to cut off to get ids; by default the namespace most of
    the graph's typed things share.
    """
    graph = source.graph if isinstance(source, Portfolio) else source
    return _Reader(graph, base if base is not None else iris.guess_base(graph)).read()


class _Reader:
    def __init__(self, graph: Graph, base: str) -> None:
        self.g = graph
        self.base = base
        self.language = "en"

    def id(self, node: Node) -> str:
        return iris.id_of(self.base, node)

    def of_type(self, kind: URIRef) -> list[URIRef]:
        return sorted(s for s in self.g.subjects(RDF.type, kind) if isinstance(s, URIRef))

    def name(self, node: Node) -> str:
        labels = sorted(
            self.g.objects(node, RDFS.label), key=lambda lit: (getattr(lit, "language", None) != self.language, str(lit))
        )
        return str(labels[0]) if labels else ""

    def one(self, node: Node, predicate: URIRef) -> Node | None:
        values = _in_order(self.g.objects(node, predicate))
        return values[0] if values else None

    def ref(self, node: Node, predicate: URIRef) -> str | None:
        value = self.one(node, predicate)
        return None if value is None else self.id(value)

    def refs(self, node: Node, predicate: URIRef) -> list[str]:
        return sorted(self.id(o) for o in self.g.objects(node, predicate))

    def terms(self, node: Node, predicate: URIRef, ours: Callable[[], dict[str, URIRef]]) -> list[str]:
        """The ids of what ``node`` names, vsgraph's own roles or channels (``ours``) by their
        word; the ontology that defines those is loaded only if ``node`` names something."""
        named = list(self.g.objects(node, predicate))
        return sorted(word_for(ours(), o) or self.id(o) for o in named)

    def texts(self, node: Node, predicate: URIRef) -> list[str]:
        return sorted(str(o) for o in self.g.objects(node, predicate))

    def text(self, node: Node, predicate: URIRef) -> str | None:
        value = self.one(node, predicate)
        return None if value is None else str(value)

    def description(self, node: Node) -> str | None:
        value = self.one(node, DCTERMS.description)
        return None if value is None else str(value)

    def own(self, cls: URIRef, ours: Callable[[], dict[str, URIRef]]) -> list[URIRef]:
        """The things of ``cls`` the portfolio defines, leaving out vsgraph's own (``ours``)."""
        return [node for node in self.of_type(cls) if node not in ours().values()]

    def number(self, node: Node, predicate: URIRef) -> Decimal | None:
        value = self.one(node, predicate)
        return None if value is None else Decimal(str(value))

    def integer(self, node: Node, predicate: URIRef) -> int | None:
        value = self.one(node, predicate)
        return None if value is None else int(str(value))

    def word(self, table: Mapping[Word, URIRef], node: Node, predicate: URIRef) -> Word | None:
        value = self.one(node, predicate)
        return None if value is None else word_for(table, value)

    def read(self) -> PortfolioModel:
        languages = {lit.language for lit in self.g.objects(None, RDFS.label) if isinstance(lit, Literal) and lit.language}
        if languages and "en" not in languages:
            self.language = sorted(languages)[0]
        organisations = self.of_type(ORG.Organization)
        org = organisations[0] if organisations else None
        m = PortfolioModel(base=self.base, language=self.language)
        if org is not None:
            m.organisation = Organisation(self.id(org), self.name(org))
        default_unit = self.id(org) if org is not None else None

        def unit(node: Node) -> str | None:
            value = self.ref(node, ORG.unitOf)
            return None if value == default_unit else value

        m.teams = [Team(self.id(t), self.name(t), unit(t), kind, self.integer(t, VSG.headcount)) for t, kind in self.teams()]
        m.people = [self.person(p, default_unit) for p in self.of_type(PROV.Person)]
        m.roles = [Role(self.id(r), self.name(r), self.description(r)) for r in self.own(ORG.Role, roles)]
        m.customers = [
            self.customer(c, internal, unit)
            for internal, kind in ((False, VSG.ExternalCustomer), (True, VSG.InternalCustomer))
            for c in self.of_type(kind)
        ]
        m.journeys = [self.journey(j) for j in self.of_type(VSG.CustomerJourney)]
        m.channels = [Channel(self.id(c), self.name(c)) for c in self.own(VSG.Channel, channels)]
        m.capabilities = [
            Capability(
                self.id(c),
                self.name(c),
                self.description(c),
                self.integer(c, VSG.capabilityLevel),
                self.ref(c, VSG.isSubCapabilityOf),
            )
            for c in self.of_type(VSG.Capability)
        ]
        m.processes = [Process(self.id(p), self.name(p), self.refs(p, VSG.realizesCapability)) for p in self.of_type(VSG.Process)]
        m.offerings = [
            Offering(self.id(o), self.name(o), kind) for kind, cls in OFFERING_KINDS.items() for o in self.of_type(cls)
        ]
        m.solutions = [
            Solution(self.id(s), self.name(s), self.refs(s, VSG.realizesCapability)) for s in self.of_type(VSG.Solution)
        ]
        m.value_streams = [self.stream(s, kind) for kind, cls in STREAM_KINDS.items() for s in self.of_type(cls)]
        m.themes = [Theme(self.id(t), self.name(t)) for t in self.of_type(VSG.StrategicTheme)]
        m.objectives = [Objective(self.id(o), self.name(o), self.ref(o, VSG.belongsToTheme)) for o in self.of_type(VSG.Objective)]
        m.key_results = [self.key_result(k) for k in self.of_type(VSG.KeyResult)]
        m.initiatives = [
            Initiative(self.id(i), self.name(i), self.word(STATUSES, i, VSG.hasStatus), self.refs(i, VSG.touchesValueStream))
            for i in self.of_type(VSG.Initiative)
        ]
        m.metrics = [self.metric(x) for x in self.of_type(VSG.Metric)]
        m.work_items = [self.work_item(w) for w in self.of_type(VSG.WorkItem)]
        m.pi_objectives = [self.pi_objective(o) for o in self.of_type(VSG.PIObjective)]
        self.budgets(m)
        return m

    def teams(self) -> list[tuple[URIRef, TeamKind | None]]:
        """Every team and team of teams, once, with the word of its most specific kind
        (``None`` for a plain team, which needs no word)."""
        kinds: dict[URIRef, TeamKind | None] = {}
        for kind, cls in reversed(TEAM_KINDS.items()):
            kinds.update((team, None if kind == "team" else kind) for team in self.of_type(cls))
        return sorted(kinds.items())

    def person(self, node: URIRef, default_unit: str | None) -> Person:
        """A person and the roles they hold (the memberships whose member they are)."""
        person_id = self.id(node)
        memberships = []
        held = sorted((m for m in self.g.subjects(ORG.member, node) if (m, RDF.type, ORG.Membership) in self.g), key=str)
        for n, membership in enumerate(held, start=1):
            mid = self.id(membership)
            held_in = self.ref(membership, ORG.organization)
            memberships.append(
                Membership(
                    next(iter(self.terms(membership, ORG.role, roles)), ""),
                    None if held_in == default_unit else held_in,
                    None if mid == iris.membership_id(person_id, n) else mid,
                )
            )
        return Person(person_id, self.name(node), self.refs(node, ORG.memberOf), memberships)

    def customer(self, node: URIRef, internal: bool, unit: Callable[[Node], str | None]) -> Customer:
        return Customer(self.id(node), self.name(node), internal, self.description(node), unit(node) if internal else None)

    def ordered(self, nodes: list[Node]) -> list[tuple[int | None, Node]]:
        return sorted(
            ((self.integer(n, VSG.position), n) for n in nodes), key=lambda pair: (pair[0] is None, pair[0] or 0, str(pair[1]))
        )

    @staticmethod
    def explicit(positions: list[int | None]) -> list[int | None]:
        """Positions worth writing down: ``None`` where the list order already says it."""
        return [None if p == i else p for i, p in enumerate(positions, start=1)]

    def journey(self, node: URIRef) -> Journey:
        ordered = self.ordered(list(self.g.objects(node, VSG.hasStage)))
        positions = self.explicit([p for p, _ in ordered])
        stages = [Stage(self.id(s), self.name(s), pos) for (_, s), pos in zip(ordered, positions, strict=True)]
        return Journey(self.id(node), self.name(node), self.ref(node, VSG.journeyOf), stages)

    def stream(self, node: URIRef, kind: StreamKind) -> ValueStream:
        stream_id = self.id(node)
        trigger = value = None
        if (t := self.one(node, VSG.hasTrigger)) is not None:
            tid = self.id(t)
            trigger = Trigger(self.name(t), None if tid == iris.trigger_id(stream_id) else tid)
        if (v := self.one(node, VSG.deliversValue)) is not None:
            vid = self.id(v)
            value = Value(self.name(v), self.refs(v, VSG.deliveredTo), None if vid == iris.value_id(stream_id) else vid)
        steps = [self.step(s, position, sid) for s, position, sid in self.placed(stream_id, node, VSG.hasStep, iris.step_id)]
        stages = [
            self.value_stream_stage(s, position, sid)
            for s, position, sid in self.placed(stream_id, node, VSG.hasValueStreamStage, iris.stage_id)
        ]
        interactions = [
            Interaction(
                self.id(i),
                self.name(i),
                self.interaction_kind(i),
                self.ref(i, VSG.withCustomer),
                self.ref(i, VSG.duringStage),
                self.terms(i, VSG.throughChannel, channels),
            )
            for i in _in_order(self.g.objects(node, VSG.hasInteraction))
        ]
        return ValueStream(
            stream_id,
            self.name(node),
            kind,
            trigger,
            value,
            self.ref(node, VSG.ownedBy),
            steps,
            interactions,
            enables=self.refs(node, VSG.enablesStage),
            supports=self.refs(node, VSG.supports),
            delivers=self.refs(node, VSG.deliversProductOrService),
            runs_on=self.refs(node, VSG.runsOn),
            builds=self.refs(node, VSG.buildsSolution),
            hosts=self.refs(node, VSG.hostsSolution),
            hands_over_to=self.refs(node, VSG.handsOverTo),
            triggers_stream=self.refs(node, VSG.triggersStream),
            realises=self.refs(node, VSG.realizesCapability),
            measured_lead_time=self.number(node, VSG.measuredLeadTimeMinutes),
            value_stream_stages=stages,
            cost_of_delay_per_week=self.number(node, VSG.costOfDelayPerWeek),
            currency=self.text(node, VSG.currency),
        )

    def placed(
        self, stream_id: str, node: Node, predicate: URIRef, mint: Callable[[str, int], str]
    ) -> list[tuple[Node, int | None, str | None]]:
        """The steps or value-stream stages of a stream in order, each with its position
        and id where the list order and the minted id do not already say them."""
        ordered = self.ordered(list(self.g.objects(node, predicate)))
        positions = self.explicit([p for p, _ in ordered])
        result = []
        pairs = zip(ordered, positions, strict=True)
        for index, ((position, part), written) in enumerate(pairs, start=1):
            part_id = self.id(part)
            minted = mint(stream_id, position if position is not None else index)
            result.append((part, written, None if part_id == minted else part_id))
        return result

    def step(self, node: Node, position: int | None, step_id: str | None) -> Step:
        return Step(
            self.name(node),
            self.ref(node, VSG.performedBy),
            self.ref(node, VSG.followsProcess),
            self.number(node, VSG.processTimeMinutes),
            self.number(node, VSG.waitTimeMinutes),
            self.integer(node, VSG.batchSize),
            self.number(node, VSG.percentCompleteAccurate),
            position,
            step_id,
            carries_out=self.ref(node, VSG.carriesOutValueStreamStage),
            serves=self.refs(node, VSG.servesJourneyStage),
            preceded_by=self.refs(node, VSG.precededBy),
            rework_percent=self.number(node, VSG.reworkPercent),
            sends_rework_to=self.ref(node, VSG.sendsReworkTo),
        )

    def value_stream_stage(self, node: Node, position: int | None, stage_id: str | None) -> ValueStreamStage:
        item = self.one(node, VSG.producesValueItem)
        return ValueStreamStage(
            self.name(node),
            self.texts(node, VSG.entranceCriterion),
            self.texts(node, VSG.exitCriterion),
            None if item is None else self.name(item),
            self.terms(node, VSG.hasStakeholder, roles),
            self.refs(node, VSG.servesJourneyStage),
            self.refs(node, VSG.requiresCapability),
            position,
            stage_id,
        )

    def interaction_kind(self, node: Node) -> InteractionKind:
        kinds = (word_for(INTERACTION_KINDS, k) for k in self.g.objects(node, RDF.type))
        return next((k for k in kinds if k is not None), "service")

    def key_result(self, node: URIRef) -> KeyResult:
        unit = self.one(node, VSG.unit)
        return KeyResult(
            self.id(node),
            self.name(node),
            self.ref(node, VSG.keyResultOf),
            self.number(node, VSG.baselineValue),
            self.number(node, VSG.targetValue),
            str(unit) if unit is not None else None,
            self.word(DIRECTIONS, node, VSG.hasDirection),
            self.instant(node, VSG.baselineDate),
            self.instant(node, VSG.deadline),
        )

    def instant(self, node: Node, predicate: URIRef) -> datetime | None:
        value = self.one(node, predicate)
        when = value.toPython() if isinstance(value, Literal) else None
        return when if isinstance(when, datetime) else None

    def metric(self, node: URIRef) -> Metric:
        metric_id = self.id(node)
        readings = []
        for r in self.g.objects(node, VSG.hasReading):
            when = self.one(r, VSG.readingDate)
            date = when.toPython() if isinstance(when, Literal) else None
            rid = self.id(r)
            minted = iris.reading_id(metric_id, date) if isinstance(date, datetime) else None
            readings.append(
                Reading(
                    date,
                    self.number(r, VSG.readingValue),
                    None if rid == minted else rid,
                )
            )
        readings.sort(key=lambda r: (str(r.date), r.id or ""))
        unit = self.one(node, VSG.unit)
        return Metric(
            metric_id,
            self.name(node),
            self.refs(node, VSG.measures),
            str(unit) if unit is not None else None,
            self.number(node, VSG.targetValue),
            self.word(DIRECTIONS, node, VSG.hasDirection),
            sorted(w for f in self.g.objects(node, VSG.hasFocus) if (w := word_for(FOCI, f))),
            self.refs(node, VSG.alignedWith),
            readings,
        )

    def work_item(self, node: URIRef) -> WorkItem:
        """A work item and its history in the order of its chain, the creation first;
        ``created`` only where it is not the time of the first change, and the changes'
        ids only where they are not the ones the writer mints."""
        item_id = self.id(node)
        history = []
        for number, change in enumerate(self.chain(node)):
            change_id = self.id(change)
            status = self.one(change, VSG.trackerStatus)
            history.append(
                StateChange(
                    self.word(FLOW_STATES, change, VSG.toFlowState),
                    self.instant(change, VSG.changedAt),
                    None if status is None else str(status),
                    None if change_id == iris.change_id(item_id, number) else change_id,
                )
            )
        created = self.instant(node, VSG.createdAt)
        key = self.one(node, VSG.trackerKey)
        return WorkItem(
            item_id,
            self.name(node) or None,
            self.ref(node, VSG.workItemOf),
            self.word(FLOW_ITEM_TYPES, node, VSG.flowItemType),
            None if key is None else str(key),
            self.number(node, VSG.businessValue),
            None if history and created == history[0].at else created,
            history,
        )

    def chain(self, item: URIRef) -> list[Node]:
        """The state changes of ``item`` from its creation to its latest, following
        ``vsg:previousStateChange``; changes the chain does not reach (a graph that breaks
        the flow rules) follow by time."""
        changes = _in_order(self.g.subjects(VSG.stateChangeOf, item))
        following: dict[Node, list[Node]] = {}
        for change in changes:
            previous = self.one(change, VSG.previousStateChange)
            if previous is not None:
                following.setdefault(previous, []).append(change)
        ordered: list[Node] = []
        seen: set[Node] = set()
        waiting = [c for c in changes if self.one(c, VSG.previousStateChange) is None]
        while waiting:
            current = waiting.pop(0)
            if current not in seen:
                seen.add(current)
                ordered.append(current)
                waiting[:0] = following.get(current, [])
        rest = [c for c in changes if c not in seen]
        return ordered + sorted(rest, key=lambda c: (str(self.one(c, VSG.changedAt)), str(c)))

    def pi_objective(self, node: URIRef) -> PIObjective:
        committed = self.one(node, VSG.committed)
        return PIObjective(
            self.id(node),
            self.name(node),
            self.ref(node, VSG.piObjectiveOf),
            self.number(node, VSG.plannedBusinessValue),
            self.number(node, VSG.actualBusinessValue),
            committed.toPython() if isinstance(committed, Literal) else None,
            self.instant(node, VSG.dueAt),
        )

    # --- lean budgets ----------------------------------------------------------------

    def budgets(self, m: PortfolioModel) -> None:
        """The budget periods and the records of the budget module, each record's id only
        where it is not the one the writer mints from its stream and period."""
        m.budget_periods = [
            BudgetPeriod(self.id(p), self.name(p), self.instant(p, VSG.periodStart), self.instant(p, VSG.periodEnd))
            for p in self.of_type(VSG.BudgetPeriod)
        ]
        m.fundings = [
            self.identified(f, Funding(*self.about(f, VSG.fundsValueStream), *self.money(f, VSG.amount)), "funding")
            for f in self.of_type(VSG.Funding)
        ]
        m.team_costs = []
        for node in self.of_type(VSG.TeamCost):
            team = self.ref(node, VSG.costOfTeam)
            cost = TeamCost(team, *self.about(node, VSG.chargedTo), *self.money(node, VSG.costPerPerson))
            m.team_costs.append(self.identified(node, cost, f"{team}-cost"))
        m.direct_costs = [
            self.identified(
                d, DirectCost(*self.about(d, VSG.chargedTo), *self.money(d, VSG.amount), self.name(d) or None), "cost"
            )
            for d in self.of_type(VSG.DirectCost)
        ]
        m.spending_limits = [
            self.identified(s, SpendingLimit(*self.about(s, VSG.guardsValueStream), *self.money(s, VSG.amount)), "limit")
            for s in self.of_type(VSG.SpendingLimit)
        ]
        m.capacity_allocations = [
            self.identified(a, CapacityAllocation(*self.about(a, VSG.guardsValueStream), self.shares(a)), "allocation")
            for a in self.of_type(VSG.CapacityAllocation)
        ]

    def about(self, node: Node, stream_predicate: URIRef) -> tuple[str | None, str | None]:
        """The ids of the value stream and the budget period a budget record is about."""
        return self.ref(node, stream_predicate), self.ref(node, VSG.forPeriod)

    def money(self, node: Node, predicate: URIRef) -> tuple[Decimal | None, str | None]:
        """A budget record's sum of money (its ``predicate``) and its currency."""
        return self.number(node, predicate), self.text(node, VSG.currency)

    def identified(self, node: Node, record: _Record, suffix: str) -> _Record:
        """``record``, read from ``node``, with ``node``'s id unless it is the one the writer
        mints from the record's stream, period and ``suffix``."""
        record_id = self.id(node)
        if record.value_stream is None or record.period is None:
            record.id = record_id
        else:
            minted = iris.budget_id(record.value_stream, record.period, suffix)
            record.id = None if record_id == minted else record_id
        return record

    def shares(self, node: Node) -> dict[FlowItemType, Number]:
        """A capacity allocation's percentages by flow item type, in the types' order; a
        share without a type or a percentage (which rule 38 refuses) has no place here."""
        found: dict[FlowItemType, Number] = {}
        for share in _in_order(self.g.objects(node, VSG.allocatesShare)):
            item_type, percent = self.word(FLOW_ITEM_TYPES, share, VSG.shareOfItemType), self.number(share, VSG.sharePercent)
            if item_type is not None and percent is not None:
                found.setdefault(item_type, percent)
        return {t: found[t] for t in FLOW_ITEM_TYPES if t in found}
