"""What the diagrams Graphviz lays out share: node styles, labels, the legend and the SVG.

The portfolio map and the cross-stream flow draw the same kinds of thing (value streams,
gaps), so they draw them alike: same fills, same dashed red gaps, same captions.
"""

from __future__ import annotations

import html

import graphviz

from vsgraph.errors import VsgraphError

STYLES = {
    "customer": {"shape": "box", "style": "rounded,filled", "fillcolor": "#fff4d6", "color": "#8a6d1a"},
    "stage": {"shape": "box", "style": "filled", "fillcolor": "#fbeee6", "color": "#a0522d"},
    "operational": {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef4fb", "color": "#3b6ea5"},
    "development": {"shape": "box", "style": "rounded,filled", "fillcolor": "#e9f5ee", "color": "#2e7d32"},
    "stream": {"shape": "box", "style": "rounded,filled", "fillcolor": "#f2f2f2", "color": "#666666"},
}
GAP_STYLE = {"style": "rounded,filled,dashed", "fillcolor": "#fde2e1", "color": "#c0392b", "penwidth": "2.5"}


class Ids:
    """Short, stable node names (``stage_1``): IRIs are not valid DOT identifiers."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._count = 0

    def of(self, iri: str, kind: str) -> str:
        """The name of the node that draws ``iri`` as a ``kind``, the same every time."""
        if (iri, kind) not in self._ids:
            self._ids[(iri, kind)] = self.new(kind)
        return self._ids[(iri, kind)]

    def new(self, kind: str) -> str:
        """A fresh name, for a node that stands for no IRI."""
        self._count += 1
        return f"{kind}_{self._count}"


def node(
    graph: graphviz.Digraph,
    node_id: str,
    kind: str,
    label: str,
    caption: str,
    gap: str | None = None,
    details: tuple[str, ...] = (),
) -> None:
    """A node with an HTML-like label: its caption, its (escaped) name, details and any gap
    in words; its CSS class is its kind, plus ``gap``."""
    lines = [f'<FONT POINT-SIZE="8" COLOR="#555555">{html.escape(caption)}</FONT>', f"<B>{html.escape(label)}</B>"]
    lines += [f'<FONT POINT-SIZE="9">{html.escape(detail)}</FONT>' for detail in details]
    if gap:
        lines.append(f'<FONT POINT-SIZE="9" COLOR="#c0392b">GAP: {html.escape(gap)}</FONT>')
    style = {**STYLES[kind], **(GAP_STYLE if gap else {})}
    graph.node(node_id, f"<{'<BR/>'.join(lines)}>", _attributes={"class": f"{kind} gap" if gap else kind}, **style)


def legend(graph: graphviz.Digraph, entries: list[tuple[str, str]]) -> None:
    """One table node that shows each style named in ``entries`` (a style of :data:`STYLES`,
    ``gap``, or ``""`` for words alone) with its meaning, placed last."""
    rows = "".join(_legend_row(kind, text) for kind, text in entries)
    heading = '<TR><TD BORDER="0"><B>Legend</B></TD></TR>'
    table = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="4">{heading}{rows}</TABLE>>'
    with graph.subgraph() as row:
        row.attr(rank="sink")
        row.node("legend", table, shape="plaintext", fontsize="9", _attributes={"class": "legend"})


def _legend_row(kind: str, text: str) -> str:
    if not kind:
        return f'<TR><TD BORDER="0" ALIGN="LEFT">{html.escape(text)}</TD></TR>'
    style = GAP_STYLE if kind == "gap" else STYLES[kind]
    line = "dashed" if kind == "gap" else "solid"
    return (
        f'<TR><TD BGCOLOR="{style["fillcolor"]}" COLOR="{style["color"]}" STYLE="{line}" '
        f'ALIGN="LEFT">{html.escape(text)}</TD></TR>'
    )


def svg(graph: graphviz.Digraph, what: str, css_class: str) -> str:
    """The graph laid out by Graphviz's ``dot`` as an SVG document (no XML prologue) whose
    root element has the class ``css_class``; ``what`` names the drawing in the error
    raised when ``dot`` is missing."""
    try:
        text = graph.pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound as exc:
        raise VsgraphError(
            f"drawing {what} needs Graphviz's 'dot' program: install the 'graphviz' system package (scripts/setup.sh does)"
        ) from exc
    return text[text.index("<svg") :].replace("<svg", f'<svg class="{css_class}"', 1)
