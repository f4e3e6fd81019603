"""vsgraph's own layout of a :class:`~vsgraph.report.graphviz_svg.Drawing`, for when
Graphviz's ``dot`` is not installed.

It does less than ``dot`` (no crossing reduction, straight arrows) but draws every box,
link, gap and legend entry that ``dot`` would, in the same styles and CSS classes: a
report written with pip alone (no Graphviz) still shows the portfolio map and the
cross-stream flow. Rows stand top to bottom (``TB``); boxes outside any row are put in
layers by the longest chain of links leading to them, left to right (``LR``) or top to
bottom.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from vsgraph.report.graphviz_svg import ALERT_COLOUR, Box, Drawing, legend_style
from vsgraph.report.svg import add, svg_root, text_lines, to_string, wrap_to_width

BOX_WIDTH = 210
PADDING = 8
LINE = 15
SPACE_X, SPACE_Y = 60, 70
MARGIN = 20
_DASHES = {"dashed": "6 4", "dotted": "2 4"}


def layered_svg(drawing: Drawing, css_class: str) -> str:
    """The drawing laid out in rows or layers, as an SVG document (no XML prologue)."""
    layers = _layers(drawing)
    lines = {box.id: _lines(box) for layer in layers for box in layer}
    heights = {box_id: float(LINE * len(text) + 2 * PADDING) for box_id, text in lines.items()}
    places: dict[str, tuple[float, float]] = {}
    frames: list[tuple[str, float, float, float, float]] = []
    framed = {id(row.boxes[0]): row.frame for row in drawing.rows if row.frame and row.boxes}
    across = drawing.direction == "LR" and not drawing.rows
    x: float = MARGIN + 20
    y: float = MARGIN + 20
    for layer in layers:
        tallest = max(heights[box.id] for box in layer)
        start = (x, y)
        for box in layer:
            places[box.id] = (x, y)
            if across:
                y += heights[box.id] + SPACE_Y / 2
            else:
                x += BOX_WIDTH + SPACE_X
        frame = framed.get(id(layer[0]))
        if frame is not None:
            frames.append((frame, start[0] - 10, start[1] - 22, x - SPACE_X - start[0] + 20, tallest + 32))
        if across:
            x, y = x + BOX_WIDTH + SPACE_X * 2, MARGIN + 20
        else:
            x, y = MARGIN + 20, y + tallest + SPACE_Y
    legend_top = max((py + heights[i] for i, (_, py) in places.items()), default=MARGIN) + SPACE_Y / 2
    width = max((px + BOX_WIDTH for px, _ in places.values()), default=BOX_WIDTH) + MARGIN + 20
    height = legend_top + LINE * (len(drawing.legend) + 1) * 1.6 + MARGIN
    root = svg_root(width, height, drawing.name.replace("_", " "), css_class)
    _marker(root)
    for text, fx, fy, fw, fh in frames:
        group = add(root, "g", class_="cluster")
        add(group, "rect", x=fx, y=fy, width=fw, height=fh, rx=8, fill="none", stroke="#bbbbbb")
        add(group, "text", text, x=fx + 8, y=fy + 14, font_size=11, fill="#333333")
    for row in drawing.rows:
        if row.chained:
            for first, second in zip(row.boxes, row.boxes[1:], strict=False):
                _arrow(root, places, heights, first.id, second.id, {"color": row.chained})
    for link in drawing.links:
        _arrow(root, places, heights, link.source, link.target, link.attributes)
    boxes = {box.id: box for box in drawing.boxes()}
    for box_id, (bx, by) in places.items():
        _box(root, boxes[box_id], bx, by, heights[box_id], lines[box_id])
    _legend(root, drawing.legend, MARGIN + 20, legend_top)
    return to_string(root)


def _layers(drawing: Drawing) -> list[list[Box]]:
    """The rows as they are, then the loose boxes in layers by the longest chain of links
    into them (a link back into a chain already walked is ignored, so cycles end)."""
    layers = [row.boxes for row in drawing.rows if row.boxes]
    if not drawing.loose:
        return layers
    loose = {box.id: box for box in drawing.loose}
    into: dict[str, list[str]] = {box_id: [] for box_id in loose}
    for link in drawing.links:
        if link.source in loose and link.target in loose and link.source != link.target:
            into[link.target].append(link.source)
    depth: dict[str, int] = {}

    def walk(box_id: str, seen: frozenset[str]) -> int:
        if box_id not in depth:
            depth[box_id] = 1 + max((walk(s, seen | {box_id}) for s in into[box_id] if s not in seen), default=-1)
        return depth[box_id]

    for box_id in loose:
        walk(box_id, frozenset())
    for level in range(max(depth.values()) + 1):
        layers.append([loose[box_id] for box_id in loose if depth[box_id] == level])
    return layers


def _lines(box: Box) -> list[tuple[str, dict[str, object]]]:
    width = BOX_WIDTH - 2 * PADDING
    lines: list[tuple[str, dict[str, object]]] = [(text, {"font_size": 11, "fill": "#555555"}) for text in [box.caption]]
    lines += [(text, {"font_size": 12, "font_weight": "bold"}) for text in wrap_to_width(box.label, width, 12, bold=True)]
    for detail in box.details:
        lines += [(text, {"font_size": 11}) for text in wrap_to_width(detail, width, 11)]
    for alert in (*box.alerts, *([f"GAP: {box.gap}"] if box.gap else [])):
        lines += [(text, {"font_size": 11, "fill": ALERT_COLOUR}) for text in wrap_to_width(alert, width, 11)]
    return lines


def _box(root: ET.Element, box: Box, x: float, y: float, height: float, lines: list[tuple[str, dict[str, object]]]) -> None:
    group = add(root, "g", class_=f"node {box.css_class}")
    style = box.style
    rect = add(group, "rect", x=x, y=y, width=BOX_WIDTH, height=height, rx=6, fill=style["fillcolor"], stroke=style["color"])
    if "dashed" in style["style"]:
        rect.set("stroke-dasharray", "6 4")
        rect.set("stroke-width", "2.5")
    for index, (text, attributes) in enumerate(lines):
        add(group, "text", text, x=x + PADDING, y=y + PADDING + LINE * (index + 1) - 3, **attributes)


def _arrow(
    root: ET.Element,
    places: dict[str, tuple[float, float]],
    heights: dict[str, float],
    source: str,
    target: str,
    attributes: dict[str, str],
) -> None:
    if source not in places or target not in places:
        return
    (sx, sy), (tx, ty) = places[source], places[target]
    if attributes.get("dir") == "back":
        (sx, sy), (tx, ty), source, target = (tx, ty), (sx, sy), target, source
    start = (sx + BOX_WIDTH / 2, sy + heights[source] / 2)
    end = (tx + BOX_WIDTH / 2, ty + heights[target] / 2)
    start, end = _edge_point(start, end, heights[source]), _edge_point(end, start, heights[target])
    group = add(root, "g", class_="edge")
    colour = attributes.get("color", "#666666")
    line = add(group, "line", x1=start[0], y1=start[1], x2=end[0], y2=end[1], stroke=colour, stroke_width=1.5)
    line.set("marker-end", "url(#layered-arrow)")
    dashes = _DASHES.get(attributes.get("style", ""))
    if dashes:
        line.set("stroke-dasharray", dashes)
    if attributes.get("label"):
        middle = ((start[0] + end[0]) / 2 + 4, (start[1] + end[1]) / 2 - 4)
        add(group, "text", attributes["label"], x=middle[0], y=middle[1], font_size=11, fill="#555555")


def _edge_point(centre: tuple[float, float], towards: tuple[float, float], height: float) -> tuple[float, float]:
    """Where the line from a box's centre towards another point leaves the box."""
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    scale = min(
        (BOX_WIDTH / 2) / abs(dx) if dx else float("inf"),
        (height / 2) / abs(dy) if dy else float("inf"),
    )
    return (centre[0] + dx * scale, centre[1] + dy * scale) if scale != float("inf") else centre


def _legend(root: ET.Element, entries: list[tuple[str, str]], x: float, y: float) -> None:
    if not entries:
        return
    group = add(root, "g", class_="legend")
    add(group, "text", "Legend", x=x, y=y + 12, font_size=12, font_weight="bold")
    for index, (key, text) in enumerate(entries):
        top = y + 20 + index * LINE * 1.6
        style = legend_style(key)
        if style is not None:
            swatch = add(group, "rect", x=x, y=top, width=22, height=16, fill=style["fillcolor"], stroke=style["color"])
            if style["style"] == "dashed":
                swatch.set("stroke-dasharray", "4 2")
        text_lines(group, x + 30, top + 12, [text], size=11)


def _marker(root: ET.Element) -> None:
    marker = add(add(root, "defs"), "marker", id="layered-arrow", viewBox="0 0 10 10", refX=9, refY=5)
    marker.set("markerWidth", "7")
    marker.set("markerHeight", "7")
    marker.set("orient", "auto")
    add(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill="#666666")
