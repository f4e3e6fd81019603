"""Where the elements of the exported views sit: one view per value stream and a capability map.

A value-stream view reads top to bottom as practitioners draw one: the stream, its
stages in order, its steps in order, who performs them, and what supports it (solutions,
supporting streams, capabilities, what it delivers). The capability map nests each
capability inside its parent, level-1 capabilities side by side. Positions are absolute
(the exchange format's convention, nested nodes included) and on a grid wide enough for
Archi's default figure size, so that a view opens readable without any layout by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 140, 60
_GAP_X, _GAP_Y, _MARGIN = 30, 50, 20
_PAD, _TITLE = 10, 30


@dataclass
class Box:
    """A node of a view: the element it shows, its place and size, and boxes inside it."""

    element: str
    x: int
    y: int
    w: int = WIDTH
    h: int = HEIGHT
    children: list[Box] = field(default_factory=list)


def rows(layers: Sequence[Sequence[str]]) -> list[Box]:
    """One row of boxes per layer of element identifiers, top to bottom; an element shown in
    an earlier row is not repeated, and empty rows take no room."""
    shown: set[str] = set()
    boxes: list[Box] = []
    y = _MARGIN
    for layer in layers:
        fresh = [element for element in dict.fromkeys(layer) if element not in shown]
        if not fresh:
            continue
        shown.update(fresh)
        boxes.extend(Box(element, _MARGIN + index * (WIDTH + _GAP_X), y) for index, element in enumerate(fresh))
        y += HEIGHT + _GAP_Y
    return boxes


def nested(roots: Sequence[str], children: Mapping[str, Sequence[str]]) -> list[Box]:
    """Boxes for the trees under ``roots``, each child inside its parent, roots side by side."""
    boxes: list[Box] = []
    x = _MARGIN
    for root in roots:
        box = _tree(root, children, x, _MARGIN, frozenset())
        boxes.append(box)
        x += box.w + _GAP_X
    return boxes


def _tree(element: str, children: Mapping[str, Sequence[str]], x: int, y: int, above: frozenset[str]) -> Box:
    # ``above`` stops a cycle of parents (which validation reports) from nesting forever.
    below = [child for child in children.get(element, ()) if child not in above and child != element]
    if not below:
        return Box(element, x, y)
    inner: list[Box] = []
    top = y + _TITLE
    for child in below:
        box = _tree(child, children, x + _PAD, top, above | {element})
        inner.append(box)
        top += box.h + _PAD
    width = max(box.w for box in inner) + 2 * _PAD
    return Box(element, x, y, width, top - y, inner)
