"""The lean value-stream map of one stream, drawn as SVG with a layout of its own.

Graphviz lays out graphs, not the lanes of a lean map, so the map is placed on a grid
here: the trigger on the left, the steps as process boxes left to right (team, process
time, wait time, %C&A) joined by push arrows with a waiting triangle, the value delivered
on the right; beneath them the timeline ladder, wait on the upper rung (it comes before
its step, as the ontology defines wait time) and work on the lower one under its box; and
the totals (flow time, work time, flow efficiency, hand-offs, and the lean totals: lead
time ΣLT, activity ratio ΣPT / ΣLT, rolled %C&A, the product of the steps' %C&A, and the
largest batch size) at the ladder's end.

When steps name the steps they follow (parallel branches), the boxes still stand in the
order of their positions; each says which steps it follows, the totals are those of the
critical path, and the steps off it are dashed and greyed, their rungs too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from vsgraph.report.data import StepView, StreamView
from vsgraph.report.svg import add, duration, svg_root, text_lines, to_string, wrap

MARGIN = 20
BOX_WIDTH = 170
END_WIDTH = 170
GAP = 80
TOP = 50
LINE = 15
RUNG = 34

STEP_FILL, STEP_STROKE = "#eef4fb", "#3b6ea5"
OFF_PATH_FILL, OFF_PATH_COLOUR = "#f5f5f5", "#8c8c8c"
TRIGGER_FILL, VALUE_FILL = "#fff4d6", "#e3f4e8"
WAIT_COLOUR, WORK_COLOUR = "#b03a2e", "#2e7d32"


def value_stream_map_svg(stream: StreamView) -> str:
    """The lean map of ``stream`` as a standalone SVG document."""
    positions = {step.iri: step.position for step in stream.steps}
    step_lines = [_step_lines(step, positions) for step in stream.steps]
    trigger_lines = _end_lines("Trigger", stream.triggers or ("(none recorded)",))
    value_lines = _end_lines(
        "Value delivered",
        tuple(f"{value}" + (f" (to {customer})" if customer else "") for value, customer in stream.values)
        or ("(none recorded)",),
    )
    box_height = LINE * max([len(t) + len(d) for t, d in step_lines] + [len(trigger_lines), len(value_lines)]) + 16
    columns = len(stream.steps)
    width = 2 * MARGIN + 2 * END_WIDTH + columns * (GAP + BOX_WIDTH) + GAP
    ladder_top = TOP + box_height + 50
    totals = _totals_lines(stream)
    height = ladder_top + max(104, _totals_height(totals) - 8)
    kind = "Operational" if stream.kind == "operational" else "Development"
    root = svg_root(width, height, f"Value-stream map of {stream.label}", "value-stream-map")
    add(root, "text", f"{stream.label}", x=MARGIN, y=28, font_size=17, font_weight="bold", class_="map-title")
    branches = " · steps off the critical path dashed" if stream.linked else ""
    subtitle = f"{kind} value stream · {columns} step{'s' * (columns != 1)}{branches}"
    add(root, "text", subtitle, x=MARGIN, y=44, font_size=11, fill="#555")
    _arrow_marker(root)

    x = MARGIN
    _end_box(root, x, box_height, trigger_lines, TRIGGER_FILL, "trigger")
    x += END_WIDTH
    ladder = _Ladder(root, ladder_top)
    ladder.start(x)
    for step, lines in zip(stream.steps, step_lines, strict=True):
        _push_arrow(root, x, x + GAP, TOP + box_height / 2)
        off_path = stream.linked and not step.on_critical_path
        ladder.wait(x, x + GAP, step.wait_minutes, off_path)
        x += GAP
        _step_box(root, x, box_height, lines, off_path)
        ladder.work(x, x + BOX_WIDTH, step.process_minutes, off_path)
        x += BOX_WIDTH
    _push_arrow(root, x, x + GAP, TOP + box_height / 2, waiting=False)
    x += GAP
    _end_box(root, x, box_height, value_lines, VALUE_FILL, "value")
    if not stream.steps:
        add(root, "text", "No steps recorded", x=MARGIN + END_WIDTH + 8, y=ladder_top, font_size=12, fill="#555")
    _totals(root, x, ladder_top - 12, totals)
    return to_string(root)


class _Ladder:
    """The timeline ladder: a step line alternating between the wait and the work rung."""

    def __init__(self, root: ET.Element, top: float) -> None:
        self.group = add(root, "g", class_="timeline-ladder")
        self.wait_y, self.work_y = top, top + RUNG
        self.level = self.wait_y

    def start(self, x: float) -> None:
        add(self.group, "text", "wait", x=x - 30, y=self.wait_y + 4, font_size=10, fill=WAIT_COLOUR)
        add(self.group, "text", "work", x=x - 30, y=self.work_y + 4, font_size=10, fill=WORK_COLOUR)

    def wait(self, x1: float, x2: float, minutes: Decimal | None, off_path: bool) -> None:
        self._rung(x1, x2, self.wait_y, WAIT_COLOUR, "ladder-wait", duration(minutes), True, off_path)

    def work(self, x1: float, x2: float, minutes: Decimal | None, off_path: bool) -> None:
        self._rung(x1, x2, self.work_y, WORK_COLOUR, "ladder-work", duration(minutes), False, off_path)

    def _rung(self, x1: float, x2: float, y: float, colour: str, css_class: str, label: str, above: bool, off_path: bool) -> None:
        if self.level != y:
            add(self.group, "line", x1=x1, y1=self.level, x2=x1, y2=y, stroke="#888", stroke_width=1.5)
            self.level = y
        colour, off = (OFF_PATH_COLOUR, " off-critical-path") if off_path else (colour, "")
        add(self.group, "line", x1=x1, y1=y, x2=x2, y2=y, stroke=colour, stroke_width=3, class_=css_class + off)
        add(
            self.group,
            "text",
            label,
            x=(x1 + x2) / 2,
            y=y - 6 if above else y + 16,
            font_size=12,
            text_anchor="middle",
            fill=colour,
            class_=f"{css_class}-label{off}",
        )


def _step_lines(step: StepView, positions: dict[str, int | None]) -> tuple[list[str], list[str]]:
    """The step's title lines (number and label) and its detail lines."""
    number = "" if step.position is None else f"{step.position}. "
    team = ", ".join(step.performers) or "(no team)"
    lines = [f"Team: {line}" if index == 0 else f"  {line}" for index, line in enumerate(wrap(team, 19))]
    pca = "–" if step.percent_complete_accurate is None else f"{step.percent_complete_accurate:f}%"
    lines += [
        f"PT  {duration(step.process_minutes)}",
        f"WT  {duration(step.wait_minutes)}",
        f"%C&A  {pca}",
    ]
    if step.batch_size is not None:
        lines.append(f"Batch  {step.batch_size}")
    if step.follows:
        lines += wrap(f"After {', '.join(str(positions[iri]) for iri in step.follows)}", 21)
    return wrap(f"{number}{step.label}", 23), lines


def _end_lines(heading: str, texts: tuple[str, ...]) -> list[str]:
    lines = [heading]
    for text in texts:
        lines += wrap(text, 24)
    return lines


def _step_box(root: ET.Element, x: float, height: float, lines: tuple[list[str], list[str]], off_path: bool) -> None:
    title, details = lines
    group = add(root, "g", class_="step off-critical-path" if off_path else "step")
    fill, stroke = (OFF_PATH_FILL, OFF_PATH_COLOUR) if off_path else (STEP_FILL, STEP_STROKE)
    box = add(group, "rect", x=x, y=TOP, width=BOX_WIDTH, height=height, rx=4, fill=fill, stroke=stroke, stroke_width=1.5)
    if off_path:
        box.set("stroke-dasharray", "6 3")
    y = text_lines(group, x + 8, TOP + 18, title, font_weight="bold")
    text_lines(group, x + 8, y, details)


def _end_box(root: ET.Element, x: float, height: float, lines: list[str], fill: str, css_class: str) -> None:
    group = add(root, "g", class_=css_class)
    add(group, "rect", x=x, y=TOP, width=END_WIDTH, height=height, rx=14, fill=fill, stroke="#666", stroke_width=1.5)
    add(group, "text", lines[0], x=x + 10, y=TOP + 18, font_size=12, font_weight="bold")
    text_lines(group, x + 10, TOP + 18 + LINE, lines[1:])


def _push_arrow(root: ET.Element, x1: float, x2: float, y: float, waiting: bool = True) -> None:
    """An arrow to the next box; the triangle is lean notation for work waiting there."""
    group = add(root, "g", class_="push")
    add(group, "line", x1=x1 + 4, y1=y, x2=x2 - 6, y2=y, stroke="#444", stroke_width=1.5, marker_end="url(#arrow)")
    if not waiting:
        return
    middle = (x1 + x2) / 2
    points = f"{middle - 11},{y - 8} {middle + 11},{y - 8} {middle},{y - 27}"
    add(group, "polygon", points=points, fill="#f7d9d4", stroke=WAIT_COLOUR)
    add(group, "text", "I", x=middle, y=y - 11, font_size=10, text_anchor="middle", fill=WAIT_COLOUR)


def _arrow_marker(root: ET.Element) -> None:
    defs = add(root, "defs")
    marker = add(defs, "marker", id="arrow", viewBox="0 0 10 10", refX=9, refY=5, markerWidth=7, markerHeight=7, orient="auto")
    add(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill="#444")


def _totals_lines(stream: StreamView) -> list[str]:
    efficiency = "–" if stream.flow_efficiency_percent is None else f"{stream.flow_efficiency_percent:f}%"
    lines = [
        f"Flow time  {duration(stream.flow_minutes)}",
        f"Work time  {duration(stream.work_minutes)}",
        f"Wait time  {duration(stream.wait_minutes)}",
        f"Flow efficiency  {efficiency}",
        f"Hand-offs  {stream.hand_offs}",
    ]
    if stream.linked:
        path = [str(step.position) for step in stream.steps if step.on_critical_path]
        lines += wrap(f"Critical path  {', '.join(path)}", 24)
    lines += [
        f"Lead time  {duration(stream.lead_minutes)}",
        f"Activity ratio  {_percent(stream.activity_ratio_percent)}",
        f"Rolled %C&A  {_percent(stream.rolled_percent_complete_accurate)}",
    ]
    measured = len(stream.steps) if stream.steps else 0
    if stream.rolled_percent_complete_accurate is not None and stream.measured_steps < measured:
        lines.append(f"  (over {stream.measured_steps} of {measured} steps)")
    if stream.largest_batch_size is not None:
        lines.append(f"Largest batch  {stream.largest_batch_size}")
    return lines


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:f}%"


def _totals(root: ET.Element, x: float, y: float, lines: list[str]) -> None:
    group = add(root, "g", class_="totals")
    add(group, "rect", x=x, y=y, width=END_WIDTH, height=_totals_height(lines), fill="#fafafa", stroke="#666")
    add(group, "text", "Totals", x=x + 10, y=y + 18, font_size=12, font_weight="bold")
    text_lines(group, x + 10, y + 18 + LINE, lines)


def _totals_height(lines: list[str]) -> float:
    return LINE * (len(lines) + 1) + 10
