"""The portfolio map: journeys across the top, the streams that serve them beneath.

Each customer journey is a row of its stages, left to right; beneath them the
operational value streams that enable each stage, and beneath those the development
value streams that support each operational stream. Graphviz (``dot``) lays it out,
which keeps crossings low however the streams are shared. Gaps (a stage no stream
enables, an operational stream without a development stream, and their mirror images)
are drawn dashed in red, carry ``class="gap"`` and say what is missing in words, and a
legend explains the styles.
"""

from __future__ import annotations

from collections.abc import Mapping

from vsgraph.report.data import PortfolioMapView
from vsgraph.report.graphviz_svg import Box, Drawing, Link
from vsgraph.report.health import BANDS, Health

STAGE_GAP = "no operational value stream enables this stage"
UNSUPPORTED_GAP = "no development value stream supports it"
NO_STAGE_GAP = "enables no journey stage"
SUPPORTS_NOTHING_GAP = "supports no operational value stream"


def portfolio_map_drawing(view: PortfolioMapView, health: Mapping[str, Health] | None = None) -> Drawing:
    """The portfolio map as a :class:`Drawing`; each stream filled by its ``health`` band
    and its KPIs' standing written in the box, when ``health`` is given."""
    drawing = Drawing("portfolio_map", "TB")
    ids: dict[tuple[str, str], str] = {}

    def of(iri: str, kind: str) -> str:
        return ids.setdefault((iri, kind), f"{kind}_{len(ids) + 1}")

    for index, journey in enumerate(view.journeys):
        row = drawing.row(frame=journey.label, chained="#a0522d")
        row.boxes.append(Box(f"customer_j{index}", "customer", journey.customer or "(no customer)", "Customer"))
        for stage in journey.stages:
            gap = STAGE_GAP if stage.iri in view.stages_without_stream else None
            row.boxes.append(Box(of(stage.iri, "stage"), "stage", stage.label, "Stage", gap))
    streams = drawing.row()
    for iri, label in view.operational.items():
        gaps = [UNSUPPORTED_GAP] * (iri in view.unsupported_streams) + [NO_STAGE_GAP] * (iri in view.streams_without_stage)
        streams.boxes.append(_stream_box(of(iri, "ovs"), "operational", label, "; ".join(gaps) or None, (health or {}).get(iri)))
    platforms = drawing.row()
    for iri, label in view.development.items():
        gap = SUPPORTS_NOTHING_GAP if iri in view.development_supporting_nothing else None
        platforms.boxes.append(_stream_box(of(iri, "dvs"), "development", label, gap, (health or {}).get(iri)))
    for journey in view.journeys:
        for stage in journey.stages:
            for stream in stage.streams:
                drawing.links.append(Link(of(stage.iri, "stage"), of(stream, "ovs"), {"label": "enables", "dir": "back"}))
    for stream, supporters in view.supports.items():
        for supporter in supporters:
            drawing.links.append(Link(of(stream, "ovs"), of(supporter, "dvs"), {"label": "supports", "dir": "back"}))
    drawing.legend = [
        ("customer", "Customer"),
        ("stage", "Journey stage (left to right in journey order)"),
        ("operational", "Operational value stream (enables the stage above)"),
        ("development", "Development value stream (supports the stream above)"),
        ("gap", "GAP: something missing, named in the box"),
    ]
    if health is not None:
        drawing.legend += [(fill, f"Stream health: {meaning}") for fill, meaning in BANDS.values()]
        drawing.legend.append(("", "KPIs: how many of the stream's KPIs are on target; red when any is off target"))
    return drawing


def _stream_box(box_id: str, kind: str, label: str, gap: str | None, health: Health | None) -> Box:
    caption = "Operational value stream" if kind == "operational" else "Development value stream"
    if health is None:
        return Box(box_id, kind, label, caption, gap)
    efficiency = "–" if health.flow_efficiency_percent is None else f"{health.flow_efficiency_percent:f}%"
    details = [f"Flow efficiency {efficiency}"]
    alerts = []
    if health.kpis_off_target:
        alerts.append(f"KPIs: {health.kpis_off_target} of {health.kpis} off target")
    elif health.kpis:
        details.append(f"KPIs: {health.kpis_on_target} of {health.kpis} on target")
    classes = (f"health-{health.band}", *(["kpi-off-target"] if health.kpis_off_target else []))
    fill = BANDS[health.band][0]
    return Box(box_id, kind, label, caption, gap, tuple(details), tuple(alerts), fill, classes)


def portfolio_map_svg(view: PortfolioMapView, health: Mapping[str, Health] | None = None) -> str:
    """The portfolio map as an SVG document (no XML prologue), laid out by Graphviz's
    ``dot`` or, without it, by vsgraph's own layout."""
    return portfolio_map_drawing(view, health).svg("portfolio-map")
