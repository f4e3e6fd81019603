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

import html

import graphviz

from vsgraph.errors import VsgraphError
from vsgraph.report.data import PortfolioMapView
from vsgraph.report.svg import FONT_FAMILY

STAGE_GAP = "no operational value stream enables this stage"
UNSUPPORTED_GAP = "no development value stream supports it"
NO_STAGE_GAP = "enables no journey stage"
SUPPORTS_NOTHING_GAP = "supports no operational value stream"

_STYLES = {
    "customer": {"shape": "box", "style": "rounded,filled", "fillcolor": "#fff4d6", "color": "#8a6d1a"},
    "stage": {"shape": "box", "style": "filled", "fillcolor": "#fbeee6", "color": "#a0522d"},
    "operational": {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef4fb", "color": "#3b6ea5"},
    "development": {"shape": "box", "style": "rounded,filled", "fillcolor": "#e9f5ee", "color": "#2e7d32"},
}
_GAP_STYLE = {"style": "rounded,filled,dashed", "fillcolor": "#fde2e1", "color": "#c0392b", "penwidth": "2.5"}


def portfolio_map_dot(view: PortfolioMapView) -> graphviz.Digraph:
    """The portfolio map as a Graphviz graph (its ``.source`` is the DOT text)."""
    graph = graphviz.Digraph("portfolio_map")
    graph.attr(rankdir="TB", nodesep="0.35", ranksep="0.7", fontname=FONT_FAMILY, fontsize="12")
    graph.attr("node", fontname=FONT_FAMILY, fontsize="11", margin="0.15,0.06")
    graph.attr("edge", fontname=FONT_FAMILY, fontsize="9", color="#666666", fontcolor="#555555")
    ids = _Ids()

    for index, journey in enumerate(view.journeys):
        with graph.subgraph(name=f"cluster_journey_{index}") as cluster:
            cluster.attr(label=journey.label, style="rounded", color="#bbbbbb", fontcolor="#333333")
            with cluster.subgraph() as row:
                row.attr(rank="same")
                previous = ids.new("customer")
                _node(row, previous, "customer", journey.customer or "(no customer)", "Customer")
                for stage in journey.stages:
                    stage_id = ids.of(stage.iri, "stage")
                    gap = STAGE_GAP if stage.iri in view.stages_without_stream else None
                    _node(row, stage_id, "stage", stage.label, "Stage", gap)
                    row.edge(previous, stage_id, arrowhead="vee", color="#a0522d")
                    previous = stage_id

    with graph.subgraph() as row:
        row.attr(rank="same")
        for iri, label in view.operational.items():
            gaps = [UNSUPPORTED_GAP] * (iri in view.unsupported_streams)
            gaps += [NO_STAGE_GAP] * (iri in view.streams_without_stage)
            _node(row, ids.of(iri, "ovs"), "operational", label, "Operational value stream", "; ".join(gaps) or None)
    with graph.subgraph() as row:
        row.attr(rank="same")
        for iri, label in view.development.items():
            gap = SUPPORTS_NOTHING_GAP if iri in view.development_supporting_nothing else None
            _node(row, ids.of(iri, "dvs"), "development", label, "Development value stream", gap)

    for journey in view.journeys:
        for stage in journey.stages:
            for stream in stage.streams:
                graph.edge(ids.of(stage.iri, "stage"), ids.of(stream, "ovs"), label="enables", dir="back")
    for stream, supporters in view.supports.items():
        for supporter in supporters:
            graph.edge(ids.of(stream, "ovs"), ids.of(supporter, "dvs"), label="supports", dir="back")
    _legend(graph)
    return graph


def portfolio_map_svg(view: PortfolioMapView) -> str:
    """The portfolio map laid out by Graphviz's ``dot`` as an SVG document (no XML prologue)."""
    try:
        svg = portfolio_map_dot(view).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound as exc:
        raise VsgraphError(
            "drawing the portfolio map needs Graphviz's 'dot' program: install the 'graphviz' "
            "system package (scripts/setup.sh does)"
        ) from exc
    return svg[svg.index("<svg") :]


class _Ids:
    """Short, stable node names (``stage_0``): IRIs are not valid DOT identifiers."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._count = 0

    def of(self, iri: str, kind: str) -> str:
        if (iri, kind) not in self._ids:
            self._ids[(iri, kind)] = self.new(kind)
        return self._ids[(iri, kind)]

    def new(self, kind: str) -> str:
        self._count += 1
        return f"{kind}_{self._count}"


def _node(graph: graphviz.Digraph, node_id: str, kind: str, label: str, caption: str, gap: str | None = None) -> None:
    """A node with an HTML-like label: its caption, its (escaped) name and any gap in words."""
    lines = [f'<FONT POINT-SIZE="8" COLOR="#555555">{html.escape(caption)}</FONT>', f"<B>{html.escape(label)}</B>"]
    if gap:
        lines.append(f'<FONT POINT-SIZE="9" COLOR="#c0392b">GAP: {html.escape(gap)}</FONT>')
    style = {**_STYLES[kind], **(_GAP_STYLE if gap else {})}
    graph.node(node_id, f"<{'<BR/>'.join(lines)}>", _attributes={"class": f"{kind} gap" if gap else kind}, **style)


def _legend(graph: graphviz.Digraph) -> None:
    """One table node that shows each style, placed with the development streams."""
    swatches = [(_STYLES[kind]["fillcolor"], _STYLES[kind]["color"], "solid", text) for kind, text in (
        ("customer", "Customer"),
        ("stage", "Journey stage (left to right in journey order)"),
        ("operational", "Operational value stream (enables the stage above)"),
        ("development", "Development value stream (supports the stream above)"),
    )]
    swatches.append((_GAP_STYLE["fillcolor"], _GAP_STYLE["color"], "dashed", "GAP: something missing, named in the box"))
    rows = "".join(
        f'<TR><TD BGCOLOR="{fill}" COLOR="{colour}" STYLE="{style}" ALIGN="LEFT">{html.escape(text)}</TD></TR>'
        for fill, colour, style, text in swatches
    )
    table = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="4"><TR><TD BORDER="0"><B>Legend</B></TD></TR>{rows}</TABLE>>'
    with graph.subgraph() as row:
        row.attr(rank="sink")
        row.node("legend", table, shape="plaintext", fontsize="9", _attributes={"class": "legend"})
