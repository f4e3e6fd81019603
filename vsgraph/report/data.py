"""What the maps show, gathered from the portfolio through the query catalog.

Every number and link a diagram draws comes from a catalog question (``value-streams``,
``stream-steps``, ``flow-efficiency``, ``hand-offs``, ``portfolio-map``,
``stages-without-stream``, ``unsupported-operational-streams``), so that a map never
disagrees with what ``vsgraph query`` answers. The views are plain frozen dataclasses of
labels and numbers: the renderers (Graphviz, SVG, Mermaid, HTML) need no RDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import URIRef

from vsgraph.errors import QueryError
from vsgraph.labels import Labeller
from vsgraph.namespace import VSG
from vsgraph.ontology import ontology_graph
from vsgraph.portfolio import Portfolio

OPERATIONAL = "operational"
DEVELOPMENT = "development"


@dataclass(frozen=True)
class StepView:
    """One step of a value-stream map: who does it and how long it works and waits."""

    position: int | None
    label: str
    performers: tuple[str, ...]
    process_minutes: Decimal | None
    wait_minutes: Decimal | None
    percent_complete_accurate: Decimal | None


@dataclass(frozen=True)
class StreamView:
    """A value stream as its lean map shows it: trigger, steps, totals, value."""

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

    @property
    def local_name(self) -> str:
        """The last segment of the IRI, the short id people type (``checkout``)."""
        return local_name(self.iri)


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


def local_name(iri: str) -> str:
    """The text after the last ``/`` or ``#`` of an IRI."""
    return iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def labeller(portfolio: Portfolio) -> Labeller:
    """Labels from the portfolio first, then from the ontology (for vocabulary terms)."""
    return Labeller([portfolio.graph, ontology_graph()])


def stream_views(portfolio: Portfolio, kind: str | None = None) -> list[StreamView]:
    """Every value stream (or those of one ``kind``), operational streams first, by IRI."""
    label = labeller(portfolio)
    flow = {row["stream"]: row for row in portfolio.run_query("flow-efficiency").rows}
    hand_offs = {row["stream"]: row["handOffs"] for row in portfolio.run_query("hand-offs").rows}
    streams: dict[str, dict[str, Any]] = {}
    for row in portfolio.run_query("value-streams").rows:
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
            _append_new(entry["triggers"], row["triggerLabel"] or label(URIRef(row["trigger"])))
        if row["value"] is not None:
            customer = row["customerLabel"] or (row["customer"] and label(URIRef(row["customer"])))
            _append_new(entry["values"], (row["valueLabel"] or label(URIRef(row["value"])), customer))
    views = []
    for iri, entry in streams.items():
        if kind is not None and entry["kind"] != kind:
            continue
        totals = flow.get(iri, {})
        views.append(
            StreamView(
                iri=iri,
                label=entry["label"],
                kind=entry["kind"],
                triggers=tuple(entry["triggers"]),
                values=tuple(entry["values"]),
                steps=tuple(_steps(portfolio, iri, label)),
                flow_minutes=totals.get("flowTimeMinutes"),
                work_minutes=totals.get("workTimeMinutes"),
                wait_minutes=totals.get("waitTimeMinutes"),
                flow_efficiency_percent=totals.get("flowEfficiencyPercent"),
                hand_offs=int(hand_offs.get(iri, 0)),
            )
        )
    return sorted(views, key=lambda view: (view.kind != OPERATIONAL, view.iri))


def find_stream(portfolio: Portfolio, stream: str) -> StreamView:
    """The value stream named by a full IRI or by its local name (``checkout``).

    Only value streams are candidates, so the error can list the ones there are.
    """
    views = stream_views(portfolio)
    wanted = stream.strip().removeprefix("<").removesuffix(">")
    matches = [view for view in views if wanted in (view.iri, view.local_name)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(view.local_name for view in views) or "none"
    if matches:
        listed = ", ".join(view.iri for view in matches)
        raise QueryError(f"{stream!r} names several value streams ({listed}); give the full IRI")
    raise QueryError(f"there is no value stream called {stream!r}; the portfolio has: {known}")


def portfolio_map_view(portfolio: Portfolio) -> PortfolioMapView:
    """The journeys, streams and support links of the portfolio map, with its gaps."""
    label = labeller(portfolio)
    journeys: dict[str, dict[str, Any]] = {}
    operational: dict[str, str] = {}
    supports: dict[str, list[str]] = {}
    for row in portfolio.run_query("portfolio-map").rows:
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
                _append_new(stage["streams"], ovs)
        if ovs is not None:
            operational.setdefault(ovs, row["operationalStreamLabel"] or label(URIRef(ovs)))
            supporters = supports.setdefault(ovs, [])
            if dvs is not None:
                _append_new(supporters, dvs)
    streams = stream_views(portfolio)
    development = {view.iri: view.label for view in streams if view.kind == DEVELOPMENT}
    for view in streams:
        if view.kind == OPERATIONAL:
            operational.setdefault(view.iri, view.label)
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
        stages_without_stream=_column(portfolio, "stages-without-stream", "stage"),
        unsupported_streams=_column(portfolio, "unsupported-operational-streams", "stream"),
        streams_without_stage=frozenset(operational) - enabling,
        development_supporting_nothing=frozenset(development) - supporting,
    )


def _steps(portfolio: Portfolio, stream: str, label: Callable[[URIRef], str]) -> list[StepView]:
    """The stream's steps in order, one per step even when several teams perform it."""
    steps: dict[str, dict[str, Any]] = {}
    for row in portfolio.run_query("stream-steps", stream=URIRef(stream)).rows:
        step = steps.setdefault(row["step"], {**row, "performers": []})
        if row["performer"] is not None:
            _append_new(step["performers"], label(URIRef(row["performer"])))
    return [
        StepView(
            position=step["position"],
            label=step["stepLabel"] or label(URIRef(iri)),
            performers=tuple(step["performers"]),
            process_minutes=step["processTimeMinutes"],
            wait_minutes=step["waitTimeMinutes"],
            percent_complete_accurate=step["percentCompleteAccurate"],
        )
        for iri, step in steps.items()
    ]


def _column(portfolio: Portfolio, query: str, column: str) -> frozenset[str]:
    return frozenset(row[column] for row in portfolio.run_query(query).rows if row[column] is not None)


def _append_new(items: list[Any], item: Any) -> None:
    if item not in items:
        items.append(item)
