"""Small helpers for drawing SVG with ElementTree, which escapes every label it is given.

Labels are user data: building the drawing as elements rather than as text means a label
such as ``<script>`` or ``A & B`` is always written as text, never as markup.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from decimal import Decimal

from vsgraph.authoring.units import format_minutes

SVG_NS = "http://www.w3.org/2000/svg"
#: The fonts every system has: the drawings load nothing.
FONT_FAMILY = "Helvetica, Arial, sans-serif"


def svg_root(width: float, height: float, title: str, css_class: str) -> ET.Element:
    """An ``<svg>`` element of the given size whose ``<title>`` names what it shows."""
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": css_class,
            "width": _number(width),
            "height": _number(height),
            "viewBox": f"0 0 {_number(width)} {_number(height)}",
            "font-family": FONT_FAMILY,
            "role": "img",
        },
    )
    ET.SubElement(root, "title").text = title
    return root


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    """Append a child element; ``class_`` stands for ``class``, other ``_`` for ``-``."""
    element = ET.SubElement(
        parent,
        tag,
        {("class" if name == "class_" else name.replace("_", "-")): _text(value) for name, value in attributes.items()},
    )
    if text is not None:
        element.text = text
    return element


def text_lines(parent: ET.Element, x: float, y: float, lines: list[str], size: int = 12, **attributes: object) -> float:
    """Write lines of text from baseline ``y`` down; return the y below the last line."""
    line_height = size + 3
    for line in lines:
        add(parent, "text", line, x=x, y=y, font_size=size, **attributes)
        y += line_height
    return y


def wrap(text: str, width: int) -> list[str]:
    """Break a label into lines of at most ``width`` characters (long words kept whole)."""
    return textwrap.wrap(text, width, break_long_words=False) or [""]


def to_string(root: ET.Element) -> str:
    """The SVG document as text, without an XML declaration (so it can be inlined in HTML)."""
    return ET.tostring(root, encoding="unicode")


def duration(minutes: Decimal | None) -> str:
    """Minutes as days, hours and minutes (``2540`` is ``1d 18h 20min``), ``–`` when unknown.

    Each part is written the way the YAML format reads it (``format_minutes``), so a
    reader can copy a number back into a portfolio file.
    """
    if minutes is None:
        return "–"
    rest = Decimal(minutes)
    parts = []
    for size in (1440, 60):
        whole = rest // size
        if whole:
            parts.append(format_minutes(whole * size))
            rest -= whole * size
    if rest or not parts:
        parts.append(format_minutes(rest))
    return " ".join(parts)


def _text(value: object) -> str:
    return _number(value) if isinstance(value, float) else str(value)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
