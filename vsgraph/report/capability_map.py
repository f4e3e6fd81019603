"""The capability map, drawn as SVG with a layout of its own: boxes within boxes.

A capability map is read as nested boxes, each broad capability holding the capabilities
beneath it, rather than as a graph, so it is placed here rather than by Graphviz (as the
lean value-stream map is): one column per capability without a parent, up to
:data:`COLUMNS` in a row, each box listing what realises the capability and which
value-stream stages require it. Capabilities nothing realises are dashed red, carry
``class="gap"`` and say so in words, as the portfolio map's gaps do.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from vsgraph.report.capabilities import UNREALISED_GAP, CapabilityView
from vsgraph.report.svg import add, svg_root, text_lines, to_string, wrap

COLUMNS = 4
MARGIN = 20
WIDTH = 300
GAP = 20
INSET = 12
SPACING = 8
TOP = 44
LINE = 15
#: From a box's top to its first inner box, less the lines of text: the caption and margins.
HEADER = 22
#: About how many characters of 12-pixel Helvetica fit in a pixel of width.
CHARACTERS_PER_PIXEL = 0.16

FILLS = ("#eef4fb", "#f7fafd", "#ffffff")
STROKE = "#3b6ea5"
GAP_FILL, GAP_STROKE = "#fde2e1", "#c0392b"


def capability_map_svg(capabilities: list[CapabilityView]) -> str:
    """The capability map of ``capabilities`` (the trees of :func:`capability_tree`) as a
    standalone SVG document."""
    rows = [capabilities[start : start + COLUMNS] for start in range(0, len(capabilities), COLUMNS)]
    heights = [max(_height(capability, WIDTH) for capability in row) for row in rows]
    width = 2 * MARGIN + min(len(capabilities), COLUMNS) * (WIDTH + GAP) - GAP
    height = TOP + sum(heights) + GAP * (len(rows) - 1) + MARGIN
    root = svg_root(width, height, "Capability map", "capability-map")
    add(root, "text", "Capability map", x=MARGIN, y=28, font_size=17, font_weight="bold", class_="map-title")
    y: float = TOP
    for row, row_height in zip(rows, heights, strict=True):
        for column, capability in enumerate(row):
            _box(root, capability, MARGIN + column * (WIDTH + GAP), y, WIDTH, depth=0)
        y += row_height + GAP
    return to_string(root)


def _lines(capability: CapabilityView, width: float) -> tuple[str, list[str], list[str], list[str]]:
    """The box's caption, then its name, detail and gap lines, wrapped to its width."""
    characters = int(width * CHARACTERS_PER_PIXEL)
    caption = "Capability" if capability.level is None else f"Level {capability.level} capability"
    details = []
    if capability.realised_by:
        details += wrap(f"Realised by: {', '.join(capability.realised_by)}", characters)
    if capability.required_by:
        details += wrap(f"Required by stage: {', '.join(capability.required_by)}", characters)
    gap = wrap(f"GAP: {UNREALISED_GAP}", characters) if capability.unrealised else []
    return caption, wrap(capability.label, characters), details, gap


def _header(lines: tuple[str, list[str], list[str], list[str]]) -> float:
    """The height of the caption and the lines beneath it, down to the first inner box."""
    _, name, details, gap = lines
    return HEADER + LINE * (len(name) + len(details) + len(gap))


def _height(capability: CapabilityView, width: float) -> float:
    """The height of the capability's box, the boxes of the capabilities beneath it included."""
    inner = sum(_height(child, width - 2 * INSET) + SPACING for child in capability.children)
    return _header(_lines(capability, width)) + inner + SPACING / 2


def _box(parent: ET.Element, capability: CapabilityView, x: float, y: float, width: float, depth: int) -> None:
    lines = _lines(capability, width)
    caption, name, details, gap = lines
    group = add(parent, "g", class_="capability gap" if capability.unrealised else "capability")
    fill = GAP_FILL if capability.unrealised else FILLS[min(depth, len(FILLS) - 1)]
    rect = add(
        group,
        "rect",
        x=x,
        y=y,
        width=width,
        height=_height(capability, width),
        rx=6,
        fill=fill,
        stroke=GAP_STROKE if capability.unrealised else STROKE,
        stroke_width=2.5 if capability.unrealised else 1.5,
    )
    if capability.unrealised:
        rect.set("stroke-dasharray", "6 3")
    add(group, "text", caption, x=x + 8, y=y + 15, font_size=9, fill="#555", class_="caption")
    below = text_lines(group, x + 8, y + 15 + LINE, name, font_weight="bold")
    below = text_lines(group, x + 8, below, details, fill="#333")
    text_lines(group, x + 8, below, gap, fill=GAP_STROKE, class_="gap-text")
    inner = y + _header(lines)
    for child in capability.children:
        _box(group, child, x + INSET, inner, width - 2 * INSET, depth + 1)
        inner += _height(child, width - 2 * INSET) + SPACING
