"""Small helpers for drawing SVG with ElementTree, which escapes every label it is given.

Labels are user data: building the drawing as elements rather than as text means a label
such as ``<script>`` or ``A & B`` is always written as text, never as markup.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import lru_cache
from html import escape

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
    element = ET.SubElement(parent, tag, {_attribute(name): _text(value) for name, value in attributes.items()})
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


#: Advance widths in ems of the widest font a browser may draw ``FONT_FAMILY`` with
#: (DejaVu Sans, which Debian substitutes for Helvetica and Arial): estimates that err on
#: the wide side, so that a wrapped line fits its box in any of those fonts.
_NARROW = dict.fromkeys("iljI.,:;'|!", 0.32) | dict.fromkeys("ftr()[] -", 0.42)
_WIDE = dict.fromkeys("mwMW@%", 1.0)
_UPPER, _OTHER, _BOLD = 0.78, 0.66, 1.1


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The estimated width in pixels of ``text`` at font size ``size``."""
    ems = sum(_NARROW.get(c) or _WIDE.get(c) or (_UPPER if c.isupper() else _OTHER) for c in text)
    return ems * size * (_BOLD if bold else 1)


def wrap_to_width(text: str, width: float, size: float = 12, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels (by :func:`text_width`); a
    word too long for a line on its own is broken where it must be. A line that fits is
    kept exactly as it is, spaces included."""
    if text_width(text, size, bold) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for character in word:
            if line and text_width(line + character, size, bold) > width:
                lines.append(line)
                line = ""
            line += character
    return [*lines, line] if line or not lines else lines


def to_string(root: ET.Element) -> str:
    """The SVG document as text, without an XML declaration (so it can be inlined in HTML).

    Written here rather than by ``ET.tostring``, whose namespace handling made it the
    slowest step of a report with thousands of maps; the drawings use no namespace
    prefixes, so escaping text and attribute values is all there is to do.
    """
    parts: list[str] = []
    _write(root, parts.append)
    return "".join(parts)


def _write(element: ET.Element, out: Callable[[str], object]) -> None:
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in element.attrib.items())
    children = list(element)
    if element.text is None and not children:
        out(f"<{element.tag}{attributes} />")
    else:
        out(f"<{element.tag}{attributes}>{escape(element.text or '', quote=False)}")
        for child in children:
            _write(child, out)
        out(f"</{element.tag}>")
    if element.tail:
        out(escape(element.tail, quote=False))


@lru_cache(maxsize=256)
def _attribute(name: str) -> str:
    return "class" if name == "class_" else name.replace("_", "-")


def _text(value: object) -> str:
    return _number(value) if isinstance(value, float) else str(value)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
