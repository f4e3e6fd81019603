"""What the maps show, gathered from the portfolio through the query catalog.

Every number and link a diagram draws comes from a catalog question (``value-streams``,
``stream-steps``, asked of every stream at once by :mod:`vsgraph.report.steps`,
``step-precedence``, ``hand-offs``, ``portfolio-map``, ``stages-without-stream``,
``unsupported-operational-streams``, and those of
:mod:`vsgraph.report.capabilities` and :mod:`vsgraph.report.cross_stream`), so that a map
never disagrees with what ``vsgraph query`` answers. A stream's flow time is that of its
critical path, worked out from ``step-precedence`` by
:mod:`vsgraph.query_catalog.critical_path`: while the steps run in series, the sum that
``flow-efficiency`` reports. The lean totals (lead time, activity ratio, rolled %C&A,
batch sizes) come from ``lean-totals`` through :mod:`vsgraph.query_catalog.lean`. The
questions are asked together (:func:`gather`), and the
things the answers mention are named by SPARQL (:meth:`Labeller.for_portfolio`), never
through an rdflib copy of the portfolio. The views are plain frozen dataclasses of labels
and numbers: the renderers (Graphviz, SVG, Mermaid, HTML) need no RDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from vsgraph.engine.labels import Labeller, local_name
from vsgraph.errors import QueryError
from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.critical_path import PRECEDENCE_QUESTION, CriticalPath, critical_paths_from
from vsgraph.query_catalog.lean import LEAN_QUESTION, LeanTotals, lean_totals_from
from vsgraph.query_catalog.tables import Table
from vsgraph.report.steps import steps_by_stream
from vsgraph.vocabulary.namespace import VSG

OPERATIONAL = "operational"
DEVELOPMENT = "development"

#: The catalog questions every value-stream map is drawn from, with ``stream-steps``.
STREAM_QUESTIONS = ("value-streams", PRECEDENCE_QUESTION, "hand-offs", LEAN_QUESTION)
#: The answers the views read for their numbers only, never naming what they mention.
_NUMBERS_ONLY = (PRECEDENCE_QUESTION, LEAN_QUESTION)
#: The catalog questions the portfolio map adds to :data:`STREAM_QUESTIONS`.
MAP_QUESTIONS = ("portfolio-map", "stages-without-stream", "unsupported-operational-streams")


@dataclass(frozen=True)
class Answers:
    """The catalog's answers a drawing is made from, and a labeller that knows what they mention.

    ``tables`` holds the answers about the whole portfolio by query name, ``steps`` the
    answer of ``stream-steps`` by stream IRI (in the maps' order).
    """

    tables: Mapping[str, Table]
    steps: Mapping[str, Table]
    label: Labeller

    @cached_property
    def rows(self) -> Mapping[str, list[dict[str, Any]]]:
        """Each answer in :attr:`tables` as rows of Python values (:attr:`Table.rows`), by
        query name, each converted when first read and then kept: several views read the
        same answers, and a table converts its terms anew on every read."""
        return _Rows(self.tables)

    @cached_property
    def critical_paths(self) -> dict[str, CriticalPath]:
        """Each stream's critical path by IRI, worked out once for every drawing that shows it."""
        return critical_paths_from(self.rows[PRECEDENCE_QUESTION])

    @cached_property
    def lean_totals(self) -> dict[str, LeanTotals]:
        """Each stream's lean totals by IRI (activity ratio, rolled %C&A, batch sizes)."""
        return lean_totals_from(self.rows[LEAN_QUESTION]) if LEAN_QUESTION in self.tables else {}


class _Rows(dict[str, list[dict[str, Any]]]):
    """The rows of each table by query name, converted on first use."""

    def __init__(self, tables: Mapping[str, Table]) -> None:
        super().__init__()
        self._tables = tables

    def __missing__(self, name: str) -> list[dict[str, Any]]:
        rows = self[name] = self._tables[name].rows
        return rows


@dataclass(frozen=True)
class StepView:
    """One step of a value-stream map: who does it, how long it works and waits, and where
    it stands in the flow: the steps it follows (``vsg:precededBy``, the links the critical
    path keeps) and whether it is on the critical path."""

    iri: str
    position: int | None
    label: str
    performers: tuple[str, ...]
    process_minutes: Decimal | None
    wait_minutes: Decimal | None
    percent_complete_accurate: Decimal | None
    follows: tuple[str, ...]
    on_critical_path: bool
    batch_size: int | None = None


@dataclass(frozen=True)
class StreamView:
    """A value stream as its lean map shows it: trigger, steps, totals, value.

    The flow, work and wait totals are those of the critical path: in series, the sums over
    every step. The lean totals (:mod:`vsgraph.query_catalog.lean`) are over every step:
    lead time ΣLT = Σ(PT + WT), activity ratio ΣPT / ΣLT, rolled %C&A the product of the
    steps' %C&A over the ``measured_steps`` that record one, and the largest batch size.
    """

    iri: str
    label: str
    kind: str
    triggers: tuple[str, ...]
    values: tuple[tuple[str, str | None], ...]
    steps: tuple[StepView, ...]
    flow_minutes: Decimal | None
    work_minutes: Decimal | None
    wait_minutes: Decimal | None
    flow_efficiency_percent: Decimal | None
    hand_offs: int
    lead_minutes: Decimal | None = None
    activity_ratio_percent: Decimal | None = None
    rolled_percent_complete_accurate: Decimal | None = None
    measured_steps: int = 0
    largest_batch_size: int | None = None

    @property
    def local_name(self) -> str:
        """The last segment of the IRI, the short id people type (``checkout``)."""
        return local_name(self.iri)

    @property
    def linked(self) -> bool:
        """Whether steps name the steps they follow, so that some may run in parallel."""
        return any(step.follows for step in self.steps)


@dataclass(frozen=True)
class StageView:
    """A journey stage and the operational streams that enable it."""

    iri: str
    label: str
    position: int | None
    streams: tuple[str, ...]


@dataclass(frozen=True)
class JourneyView:
    """A customer's journey: its stages left to right."""

    iri: str
    label: str
    customer: str | None
    stages: tuple[StageView, ...]


@dataclass(frozen=True)
class PortfolioMapView:
    """Journeys, the operational streams beneath them and the development streams beneath those.

    ``operational`` and ``development`` map stream IRIs to labels in display order;
    ``supports`` maps an operational stream to the development streams that support it.
    The gap sets come from the catalog's gap questions.
    """

    journeys: tuple[JourneyView, ...]
    operational: dict[str, str]
    development: dict[str, str]
    supports: dict[str, tuple[str, ...]]
    stages_without_stream: frozenset[str]
    unsupported_streams: frozenset[str]
    streams_without_stage: frozenset[str]
    development_supporting_nothing: frozenset[str]


def gather(
    portfolio: Portfolio,
    questions: Iterable[str] = (),
    pick: Callable[[list[str]], list[str]] = list,
) -> Answers:
    """Ask the catalog for what the drawings need in one ``run_queries`` call, the steps in
    one query, then name things.

    The call asks :data:`STREAM_QUESTIONS` and ``questions`` (on a large portfolio, spread
    over the CPUs); then the steps of the streams ``pick`` keeps from those
    ``value-streams`` lists (operational first, by IRI; all by default) come in one query
    (:func:`~vsgraph.report.steps.steps_by_stream`). Then the nodes the views name by
    their label (:func:`unnamed`) are labelled in one batched pass, so that drawing never
    waits on a query; a view that names other nodes looks them up itself, in a batch.
    """
    names = list(dict.fromkeys([*STREAM_QUESTIONS, *questions]))
    tables = dict(zip(names, portfolio.run_queries(names), strict=True))
    steps = steps_by_stream(portfolio, pick(_stream_order(tables["value-streams"].rows)))
    label = Labeller.for_portfolio(portfolio)
    label.prefetch(unnamed([*(table for name, table in tables.items() if name not in _NUMBERS_ONLY), *steps.values()]))
    return Answers(tables, steps, label)


def with_questions(portfolio: Portfolio, answers: Answers, questions: Iterable[str]) -> Answers:
    """``answers`` and those of the ``questions`` it lacks, asked in one more ``run_queries``
    call and labelled like the others."""
    missing = [name for name in dict.fromkeys(questions) if name not in answers.tables]
    if not missing:
        return answers
    tables = dict(zip(missing, portfolio.run_queries(missing), strict=True))
    answers.label.prefetch(unnamed(tables.values()))
    return Answers({**answers.tables, **tables}, answers.steps, answers.label)


def unnamed(tables: Iterable[Table]) -> Iterator[Node]:
    """The nodes of ``tables`` that the views name by their label: every IRI, except one
    whose label the answer gives beside it (``stepLabel`` beside ``step``).

    The views take such a label as it is, so looking it up would be wasted: at a million
    triples these are most of the nodes the answers mention.
    """
    for table in tables:
        companions = {name: f"{name}Label" for name in table.variables if f"{name}Label" in table.variables}
        for row in table.terms:
            for name, term in row.items():
                if isinstance(term, URIRef) and not row.get(companions.get(name, "")):
                    yield term


def stream_views(answers: Answers) -> list[StreamView]:
    """The value streams whose steps were gathered, operational streams first, by IRI."""
    hand_offs = {row["stream"]: row["handOffs"] for row in answers.rows["hand-offs"]}
    streams = streams_by_iri(answers)
    views = []
    for iri, steps in answers.steps.items():
        entry, path = streams[iri], answers.critical_paths.get(iri)
        lean = answers.lean_totals.get(iri)
        batches = {step.step: step.batch_size for step in lean.steps} if lean else {}
        views.append(
            StreamView(
                iri=iri,
                label=entry["label"],
                kind=entry["kind"],
                triggers=tuple(entry["triggers"]),
                values=tuple(entry["values"]),
                steps=tuple(_steps(steps, path, answers.label, batches)),
                flow_minutes=path.flow_minutes if path else None,
                work_minutes=path.work_minutes if path else None,
                wait_minutes=path.wait_minutes if path else None,
                flow_efficiency_percent=path.flow_efficiency_percent if path else None,
                hand_offs=int(hand_offs.get(iri, 0)),
                lead_minutes=lean.lead_minutes if lean else None,
                activity_ratio_percent=lean.activity_ratio_percent if lean else None,
                rolled_percent_complete_accurate=lean.rolled_percent_complete_accurate if lean else None,
                measured_steps=lean.measured_steps if lean else 0,
                largest_batch_size=lean.largest_batch_size if lean else None,
            )
        )
    return views


def find_stream(portfolio: Portfolio, stream: str) -> StreamView:
    """The value stream named by a full IRI or by its local name (``checkout``).

    Only value streams are candidates, so the error can list the ones there are; only the
    chosen one's steps are asked for.
    """
    wanted = stream.strip().removeprefix("<").removesuffix(">")

    def pick(streams: list[str]) -> list[str]:
        matches = [iri for iri in streams if wanted in (iri, local_name(iri))]
        if len(matches) == 1:
            return matches
        known = ", ".join(local_name(iri) for iri in streams) or "none"
        if matches:
            raise QueryError(f"{stream!r} names several value streams ({', '.join(matches)}); give the full IRI")
        raise QueryError(f"there is no value stream called {stream!r}; the portfolio has: {known}")

    return stream_views(gather(portfolio, pick=pick))[0]


def portfolio_map_view(answers: Answers) -> PortfolioMapView:
    """The journeys, streams and support links of the portfolio map, with its gaps.

    It needs the answers to :data:`MAP_QUESTIONS` besides the streams' own, not their steps.
    """
    label = answers.label
    journeys: dict[str, dict[str, Any]] = {}
    operational: dict[str, str] = {}
    supports: dict[str, list[str]] = {}
    for row in answers.rows["portfolio-map"]:
        ovs, dvs = row["operationalStream"], row["developmentStream"]
        if row["journey"] is not None:
            journey = journeys.setdefault(
                row["journey"],
                {
                    "label": row["journeyLabel"] or label(URIRef(row["journey"])),
                    "customer": row["customerLabel"] or (row["customer"] and label(URIRef(row["customer"]))),
                    "stages": {},
                },
            )
            stage = journey["stages"].setdefault(
                row["stage"],
                {
                    "label": row["stageLabel"] or label(URIRef(row["stage"])),
                    "position": row["position"],
                    "streams": [],
                },
            )
            if ovs is not None:
                append_new(stage["streams"], ovs)
        if ovs is not None:
            operational.setdefault(ovs, row["operationalStreamLabel"] or label(URIRef(ovs)))
            supporters = supports.setdefault(ovs, [])
            if dvs is not None:
                append_new(supporters, dvs)
    streams = streams_by_iri(answers)
    development = {iri: entry["label"] for iri, entry in streams.items() if entry["kind"] == DEVELOPMENT}
    for iri, entry in streams.items():
        if entry["kind"] == OPERATIONAL:
            operational.setdefault(iri, entry["label"])
    supporting = {dvs for supporters in supports.values() for dvs in supporters}
    enabling = {ovs for journey in journeys.values() for stage in journey["stages"].values() for ovs in stage["streams"]}
    return PortfolioMapView(
        journeys=tuple(
            JourneyView(
                iri=iri,
                label=journey["label"],
                customer=journey["customer"],
                stages=tuple(
                    StageView(iri=stage_iri, label=s["label"], position=s["position"], streams=tuple(s["streams"]))
                    for stage_iri, s in journey["stages"].items()
                ),
            )
            for iri, journey in journeys.items()
        ),
        operational=operational,
        development=development,
        supports={ovs: tuple(dvs) for ovs, dvs in supports.items()},
        stages_without_stream=_column(answers, "stages-without-stream", "stage"),
        unsupported_streams=_column(answers, "unsupported-operational-streams", "stream"),
        streams_without_stage=frozenset(operational) - enabling,
        development_supporting_nothing=frozenset(development) - supporting,
    )


def _stream_order(value_streams: list[dict[str, Any]]) -> list[str]:
    """The streams ``value-streams`` lists, operational first, then by IRI: the maps' order."""
    kinds: dict[str, str] = {}
    for row in value_streams:
        kinds.setdefault(row["stream"], row["kind"])
    return sorted(kinds, key=lambda iri: (kinds[iri] != str(VSG.OperationalValueStream), iri))


def streams_by_iri(answers: Answers) -> dict[str, dict[str, Any]]:
    """Each stream's label, kind, triggers and values (with their customers), in the maps' order."""
    label = answers.label
    streams: dict[str, dict[str, Any]] = {}
    for row in answers.rows["value-streams"]:
        entry = streams.setdefault(
            row["stream"],
            {
                "label": row["streamLabel"] or label(URIRef(row["stream"])),
                "kind": OPERATIONAL if row["kind"] == str(VSG.OperationalValueStream) else DEVELOPMENT,
                "triggers": [],
                "values": [],
            },
        )
        if row["trigger"] is not None:
            append_new(entry["triggers"], row["triggerLabel"] or label(URIRef(row["trigger"])))
        if row["value"] is not None:
            customer = row["customerLabel"] or (row["customer"] and label(URIRef(row["customer"])))
            append_new(entry["values"], (row["valueLabel"] or label(URIRef(row["value"])), customer))
    return {iri: streams[iri] for iri in _stream_order(answers.rows["value-streams"])}


def _steps(
    steps: Table, path: CriticalPath | None, label: Labeller, batches: Mapping[str, int | None] | None = None
) -> list[StepView]:
    """A stream's steps in order, one per step even when several teams perform it."""
    found: dict[str, dict[str, Any]] = {}
    for row in steps.rows:
        step = found.setdefault(row["step"], {**row, "performers": []})
        if row["performer"] is not None:
            append_new(step["performers"], label(URIRef(row["performer"])))
    follows: dict[str, list[str]] = {}
    for follower, predecessor in path.links if path else ():
        follows.setdefault(follower, []).append(predecessor)
    on_path = set(path.steps if path else ())
    return [
        StepView(
            iri=iri,
            position=step["position"],
            label=step["stepLabel"] or label(URIRef(iri)),
            performers=tuple(step["performers"]),
            process_minutes=step["processTimeMinutes"],
            wait_minutes=step["waitTimeMinutes"],
            percent_complete_accurate=step["percentCompleteAccurate"],
            follows=tuple(follows.get(iri, ())),
            on_critical_path=iri in on_path,
            batch_size=(batches or {}).get(iri),
        )
        for iri, step in found.items()
    ]


def _column(answers: Answers, query: str, column: str) -> frozenset[str]:
    return frozenset(row[column] for row in answers.rows[query] if row[column] is not None)


def append_new(items: list[Any], item: Any) -> None:
    """Add ``item`` to ``items`` unless it is there: rows repeat what they join."""
    if item not in items:
        items.append(item)
