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

import graphviz

from vsgraph.report.data import PortfolioMapView
from vsgraph.report.graphviz_svg import Ids, legend, node, svg
from vsgraph.report.svg import FONT_FAMILY

STAGE_GAP = "no operational value stream enables this stage"
UNSUPPORTED_GAP = "no development value stream supports it"
NO_STAGE_GAP = "enables no journey stage"
SUPPORTS_NOTHING_GAP = "supports no operational value stream"


def portfolio_map_dot(view: PortfolioMapView) -> graphviz.Digraph:
    """The portfolio map as a Graphviz graph (its ``.source`` is the DOT text)."""
    graph = graphviz.Digraph("portfolio_map")
    graph.attr(rankdir="TB", nodesep="0.35", ranksep="0.7", fontname=FONT_FAMILY, fontsize="12")
    graph.attr("node", fontname=FONT_FAMILY, fontsize="11", margin="0.15,0.06")
    graph.attr("edge", fontname=FONT_FAMILY, fontsize="9", color="#666666", fontcolor="#555555")
    ids = Ids()

    for index, journey in enumerate(view.journeys):
        with graph.subgraph(name=f"cluster_journey_{index}") as cluster:
            cluster.attr(label=journey.label, style="rounded", color="#bbbbbb", fontcolor="#333333")
            with cluster.subgraph() as row:
                row.attr(rank="same")
                previous = ids.new("customer")
                node(row, previous, "customer", journey.customer or "(no customer)", "Customer")
                for stage in journey.stages:
                    stage_id = ids.of(stage.iri, "stage")
                    gap = STAGE_GAP if stage.iri in view.stages_without_stream else None
                    node(row, stage_id, "stage", stage.label, "Stage", gap)
                    row.edge(previous, stage_id, arrowhead="vee", color="#a0522d")
                    previous = stage_id

    with graph.subgraph() as row:
        row.attr(rank="same")
        for iri, label in view.operational.items():
            gaps = [UNSUPPORTED_GAP] * (iri in view.unsupported_streams)
            gaps += [NO_STAGE_GAP] * (iri in view.streams_without_stage)
            node(row, ids.of(iri, "ovs"), "operational", label, "Operational value stream", "; ".join(gaps) or None)
    with graph.subgraph() as row:
        row.attr(rank="same")
        for iri, label in view.development.items():
            gap = SUPPORTS_NOTHING_GAP if iri in view.development_supporting_nothing else None
            node(row, ids.of(iri, "dvs"), "development", label, "Development value stream", gap)

    for journey in view.journeys:
        for stage in journey.stages:
            for stream in stage.streams:
                graph.edge(ids.of(stage.iri, "stage"), ids.of(stream, "ovs"), label="enables", dir="back")
    for stream, supporters in view.supports.items():
        for supporter in supporters:
            graph.edge(ids.of(stream, "ovs"), ids.of(supporter, "dvs"), label="supports", dir="back")
    legend(
        graph,
        [
            ("customer", "Customer"),
            ("stage", "Journey stage (left to right in journey order)"),
            ("operational", "Operational value stream (enables the stage above)"),
            ("development", "Development value stream (supports the stream above)"),
            ("gap", "GAP: something missing, named in the box"),
        ],
    )
    return graph


def portfolio_map_svg(view: PortfolioMapView) -> str:
    """The portfolio map laid out by Graphviz's ``dot`` as an SVG document (no XML prologue)."""
    return svg(portfolio_map_dot(view), "the portfolio map", "portfolio-map")
