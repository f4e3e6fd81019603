"""What the diagrams Graphviz lays out share: boxes, links, the legend and the SVG.

The portfolio map and the cross-stream flow draw the same kinds of thing (value streams,
gaps), so they draw them alike: same fills, same dashed red gaps, same captions. Each is
described once as a :class:`Drawing` (boxes in optional rows, links, a legend), which
Graphviz's ``dot`` lays out; where ``dot`` is not installed, vsgraph's own layout
(:mod:`vsgraph.report.layered`) draws the same description, so a report never fails for
want of Graphviz.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import graphviz

from vsgraph.report.svg import FONT_FAMILY

STYLES = {
    "customer": {"shape": "box", "style": "rounded,filled", "fillcolor": "#fff4d6", "color": "#8a6d1a"},
    "stage": {"shape": "box", "style": "filled", "fillcolor": "#fbeee6", "color": "#a0522d"},
    "operational": {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef4fb", "color": "#3b6ea5"},
    "development": {"shape": "box", "style": "rounded,filled", "fillcolor": "#e9f5ee", "color": "#2e7d32"},
    "stream": {"shape": "box", "style": "rounded,filled", "fillcolor": "#f2f2f2", "color": "#666666"},
}
GAP_STYLE = {"style": "rounded,filled,dashed", "fillcolor": "#fde2e1", "color": "#c0392b", "penwidth": "2.5"}
#: The colour of a warning written in a box: a gap, a KPI off target.
ALERT_COLOUR = "#c0392b"


@dataclass(frozen=True)
class Box:
    """A node: its kind (a key of :data:`STYLES`), name, caption, details and any gap in
    words; ``fill`` overrides its kind's fill, ``classes`` are added to its CSS class, and
    ``alerts`` are detail lines written in red."""

    id: str
    kind: str
    label: str
    caption: str
    gap: str | None = None
    details: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()
    fill: str | None = None
    classes: tuple[str, ...] = ()

    @property
    def css_class(self) -> str:
        """The kind, ``gap`` for a gap, then the extra classes."""
        return " ".join([self.kind, *(["gap"] if self.gap else []), *self.classes])

    @property
    def style(self) -> dict[str, str]:
        """The Graphviz attributes of the box: its kind's, a gap's dashed red, its fill."""
        style = {**STYLES[self.kind], **(GAP_STYLE if self.gap else {})}
        return {**style, "fillcolor": self.fill} if self.fill and not self.gap else style


@dataclass(frozen=True)
class Link:
    """An arrow from one box to another, with Graphviz's edge attributes (``label``,
    ``style``, ``color``, ``dir``)."""

    source: str
    target: str
    attributes: dict[str, str]


@dataclass
class Row:
    """Boxes side by side, optionally framed and named (a customer's journey)."""

    boxes: list[Box] = field(default_factory=list)
    frame: str | None = None
    chained: str | None = None


@dataclass
class Drawing:
    """A diagram described once, laid out by ``dot`` or, without it, by vsgraph's own layout.

    ``direction`` is ``TB`` (rows top to bottom) or ``LR`` (the flow left to right). Boxes
    in a :class:`Row` stand side by side; boxes outside any row (``loose``) are placed by
    the links between them.
    """

    name: str
    direction: str
    rows: list[Row] = field(default_factory=list)
    loose: list[Box] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    def row(self, frame: str | None = None, chained: str | None = None) -> Row:
        """A new row of boxes; ``frame`` names a frame drawn round it, ``chained`` is the
        colour of arrows joining each box to the next (a journey's stages in order)."""
        self.rows.append(Row(frame=frame, chained=chained))
        return self.rows[-1]

    def boxes(self) -> list[Box]:
        """Every box, row by row, then the loose ones."""
        return [box for row in self.rows for box in row.boxes] + self.loose

    def dot(self) -> graphviz.Digraph:
        """The drawing as a Graphviz graph (its ``.source`` is the DOT text)."""
        graph = graphviz.Digraph(self.name)
        separation = ("0.35", "0.7") if self.direction == "TB" else ("0.4", "0.9")
        graph.attr(rankdir=self.direction, nodesep=separation[0], ranksep=separation[1], fontname=FONT_FAMILY, fontsize="12")
        graph.attr("node", fontname=FONT_FAMILY, fontsize="11", margin="0.15,0.06")
        graph.attr("edge", fontname=FONT_FAMILY, fontsize="9", color="#666666", fontcolor="#555555")
        framed = 0
        for row in self.rows:
            if row.frame is None:
                _dot_row(graph, row)
                continue
            with graph.subgraph(name=f"cluster_{framed}") as cluster:
                cluster.attr(label=row.frame, style="rounded", color="#bbbbbb", fontcolor="#333333")
                _dot_row(cluster, row)
            framed += 1
        for box in self.loose:
            _dot_node(graph, box)
        for link in self.links:
            graph.edge(link.source, link.target, **link.attributes)
        if self.legend:
            _dot_legend(graph, self.legend)
        return graph

    def svg(self, css_class: str) -> str:
        """The drawing as an SVG document (no XML prologue) whose root has the class
        ``css_class``: laid out by ``dot``, or by :mod:`vsgraph.report.layered` when Graphviz's
        ``dot`` program is not installed."""
        try:
            text = self.dot().pipe(format="svg", encoding="utf-8")
        except graphviz.ExecutableNotFound:
            from vsgraph.report.layered import layered_svg  # imported late: it draws with this module's styles

            return layered_svg(self, css_class)
        return text[text.index("<svg") :].replace("<svg", f'<svg class="{css_class}"', 1)


def _dot_row(graph: graphviz.Digraph, row: Row) -> None:
    with graph.subgraph() as same:
        same.attr(rank="same")
        for box in row.boxes:
            _dot_node(same, box)
        if row.chained:
            for first, second in zip(row.boxes, row.boxes[1:], strict=False):
                same.edge(first.id, second.id, arrowhead="vee", color=row.chained)


def _dot_node(graph: graphviz.Digraph, box: Box) -> None:
    lines = [f'<FONT POINT-SIZE="8" COLOR="#555555">{html.escape(box.caption)}</FONT>', f"<B>{html.escape(box.label)}</B>"]
    lines += [f'<FONT POINT-SIZE="9">{html.escape(detail)}</FONT>' for detail in box.details]
    lines += [f'<FONT POINT-SIZE="9" COLOR="{ALERT_COLOUR}">{html.escape(alert)}</FONT>' for alert in box.alerts]
    if box.gap:
        lines.append(f'<FONT POINT-SIZE="9" COLOR="{ALERT_COLOUR}">GAP: {html.escape(box.gap)}</FONT>')
    graph.node(box.id, f"<{'<BR/>'.join(lines)}>", _attributes={"class": box.css_class}, **box.style)


def legend_style(key: str) -> dict[str, str] | None:
    """The fill and line of a legend entry: a kind of :data:`STYLES`, ``gap``, a fill
    colour written as ``#rrggbb``, or ``None`` for words alone (``""``)."""
    if not key:
        return None
    if key.startswith("#"):
        return {"fillcolor": key, "color": "#666666", "style": "solid"}
    style = GAP_STYLE if key == "gap" else STYLES[key]
    return {"fillcolor": style["fillcolor"], "color": style["color"], "style": "dashed" if key == "gap" else "solid"}


def _dot_legend(graph: graphviz.Digraph, entries: list[tuple[str, str]]) -> None:
    """One table node that shows each entry's style with its meaning, placed last."""
    rows = "".join(_legend_row(key, text) for key, text in entries)
    heading = '<TR><TD BORDER="0"><B>Legend</B></TD></TR>'
    table = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="4">{heading}{rows}</TABLE>>'
    with graph.subgraph() as row:
        row.attr(rank="sink")
        row.node("legend", table, shape="plaintext", fontsize="9", _attributes={"class": "legend"})


def _legend_row(key: str, text: str) -> str:
    style = legend_style(key)
    if style is None:
        return f'<TR><TD BORDER="0" ALIGN="LEFT">{html.escape(text)}</TD></TR>'
    return (
        f'<TR><TD BGCOLOR="{style["fillcolor"]}" COLOR="{style["color"]}" STYLE="{style["style"]}" '
        f'ALIGN="LEFT">{html.escape(text)}</TD></TR>'
    )
