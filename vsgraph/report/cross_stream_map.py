"""The cross-stream flow: value streams that hand work over to, trigger or support each other.

Graphviz (``dot``, else vsgraph's own layout) lays it out left to right, as work flows:
each stream is drawn as on the portfolio map (operational blue, development green), with
the flow time of its critical path and the lead time measured, in working time; a
hand-over is a solid arrow, a trigger a dashed one, and a development stream that supports
another a dotted green one.
"""

from __future__ import annotations

from vsgraph.durations import EIGHT_HOUR_DAYS, WorkingTime
from vsgraph.report.cross_stream import HANDS_OVER, SUPPORTS, TRIGGERS, CrossStreamView
from vsgraph.report.graphviz_svg import Box, Drawing, Link

CAPTIONS = {"operational": "Operational value stream", "development": "Development value stream"}
EDGE_STYLES = {
    HANDS_OVER: {"style": "solid", "color": "#3b6ea5", "label": "hands over to"},
    TRIGGERS: {"style": "dashed", "color": "#8a6d1a", "label": "triggers"},
    SUPPORTS: {"style": "dotted", "color": "#2e7d32", "label": "supports", "penwidth": "2"},
}


def cross_stream_drawing(view: CrossStreamView, working: WorkingTime = EIGHT_HOUR_DAYS) -> Drawing:
    """The cross-stream flow as a :class:`Drawing`, durations in ``working`` time."""
    drawing = Drawing("cross_stream_flow", "LR")
    ids = {stream.iri: f"stream_{index}" for index, stream in enumerate(view.streams, 1)}
    for stream in view.streams:
        details = [f"Flow time {working.duration(stream.flow_minutes)}"]
        if stream.measured_minutes is not None:
            details.append(f"Measured lead time {working.duration(stream.measured_minutes)}")
        kind = stream.kind or "stream"
        drawing.loose.append(Box(ids[stream.iri], kind, stream.label, CAPTIONS.get(kind, "Value stream"), details=tuple(details)))
    for link in view.links:
        drawing.links.append(Link(ids[link.source], ids[link.target], EDGE_STYLES[link.kind]))
    drawing.legend = [
        ("operational", "Operational value stream"),
        ("development", "Development value stream"),
        ("", "solid arrow: hands its work over to"),
        ("", "dashed arrow: an outcome triggers"),
        ("", "dotted green arrow: supports (development streams)"),
        ("", "Flow time: along the critical path of its steps"),
        ("", f"d: {working.day}"),
    ]
    return drawing


def cross_stream_svg(view: CrossStreamView, working: WorkingTime = EIGHT_HOUR_DAYS) -> str:
    """The cross-stream flow as an SVG document (no XML prologue), laid out by Graphviz's
    ``dot`` or, without it, by vsgraph's own layout."""
    return cross_stream_drawing(view, working).svg("cross-stream-flow")
