"""The cross-stream flow: value streams that hand work over to, trigger or support each other.

Graphviz (``dot``) lays it out left to right, as work flows: each stream is drawn as on the
portfolio map (operational blue, development green), with the flow time of its critical path
and the lead time measured; a hand-over is a solid arrow, a trigger a dashed one, and a
development stream that supports another a dotted green one.
"""

from __future__ import annotations

import graphviz

from vsgraph.report.cross_stream import HANDS_OVER, SUPPORTS, TRIGGERS, CrossStreamView
from vsgraph.report.graphviz_svg import Ids, legend, node, svg
from vsgraph.report.svg import FONT_FAMILY, duration

CAPTIONS = {"operational": "Operational value stream", "development": "Development value stream"}
EDGE_STYLES = {
    HANDS_OVER: {"style": "solid", "color": "#3b6ea5", "label": "hands over to"},
    TRIGGERS: {"style": "dashed", "color": "#8a6d1a", "label": "triggers"},
    SUPPORTS: {"style": "dotted", "color": "#2e7d32", "label": "supports", "penwidth": "2"},
}


def cross_stream_dot(view: CrossStreamView) -> graphviz.Digraph:
    """The cross-stream flow as a Graphviz graph (its ``.source`` is the DOT text)."""
    graph = graphviz.Digraph("cross_stream_flow")
    graph.attr(rankdir="LR", nodesep="0.4", ranksep="0.9", fontname=FONT_FAMILY, fontsize="12")
    graph.attr("node", fontname=FONT_FAMILY, fontsize="11", margin="0.15,0.06")
    graph.attr("edge", fontname=FONT_FAMILY, fontsize="9", fontcolor="#555555")
    ids = Ids()
    for stream in view.streams:
        details = [f"Flow time {duration(stream.flow_minutes)}"]
        if stream.measured_minutes is not None:
            details.append(f"Measured lead time {duration(stream.measured_minutes)}")
        kind = stream.kind or "stream"
        node(graph, ids.of(stream.iri, "stream"), kind, stream.label, CAPTIONS.get(kind, "Value stream"), details=tuple(details))
    for link in view.links:
        graph.edge(ids.of(link.source, "stream"), ids.of(link.target, "stream"), **EDGE_STYLES[link.kind])
    legend(
        graph,
        [
            ("operational", "Operational value stream"),
            ("development", "Development value stream"),
            ("", "solid arrow: hands its work over to"),
            ("", "dashed arrow: an outcome triggers"),
            ("", "dotted green arrow: supports (development streams)"),
            ("", "Flow time: along the critical path of its steps"),
        ],
    )
    return graph


def cross_stream_svg(view: CrossStreamView) -> str:
    """The cross-stream flow laid out by Graphviz's ``dot`` as an SVG document (no XML prologue)."""
    return svg(cross_stream_dot(view), "the cross-stream flow", "cross-stream-flow")
