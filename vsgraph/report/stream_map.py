"""The lean value-stream map of one stream, drawn as SVG with a layout of its own.

Graphviz lays out graphs, not the lanes of a lean map, so the map is placed on a grid
here: the trigger on the left, the steps as process boxes left to right (team, process
time, wait time, %C&A) joined by push arrows with a waiting triangle, the value delivered
on the right; beneath them the timeline ladder, wait on the upper rung (it comes before
its step, as the ontology defines wait time) and work on the lower one under its box; and
the totals (flow time, work time, flow efficiency, hand-offs, and the lean totals: lead
time ΣLT, activity ratio ΣPT / ΣLT, rolled %C&A, the product of the steps' %C&A, and the
largest batch size) at the ladder's end.

A long stream is wrapped into rows of at most :data:`STEPS_PER_ROW` steps, each row with
its own stretch of the ladder and an arrow from the end of one row to the start of the
next, so that the map is drawn at its natural size (every label at least 11 px) however
many steps it has: the report scrolls a map sideways rather than shrinking it. Labels are
wrapped inside their boxes by their estimated width (:func:`vsgraph.report.svg.wrap_to_width`).
The waiting triangle stands only before a step that waits (a wait time above 0); a legend
under the map says what PT, WT, %C&A, the triangle and ``d`` (a working day, see
:mod:`vsgraph.durations`) mean.

When steps name the steps they follow (parallel branches), the boxes still stand in the
order of their positions; each says which steps it follows, the totals are those of the
critical path, and the steps off it are dashed and greyed, their rungs too.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from decimal import Decimal

from vsgraph.durations import EIGHT_HOUR_DAYS, WorkingTime
from vsgraph.report.data import StepView, StreamView
from vsgraph.report.svg import add, svg_root, text_lines, to_string, wrap_to_width

MARGIN = 20
BOX_WIDTH = 180
END_WIDTH = 170
GAP = 80
TOP = 50
LINE = 15
RUNG = 34
PADDING = 8
#: The most steps in one row of the map.
STEPS_PER_ROW = 4
TOTALS_WIDTH = 220
LEGEND_WIDTH = 640

STEP_FILL, STEP_STROKE = "#eef4fb", "#3b6ea5"
OFF_PATH_FILL, OFF_PATH_COLOUR = "#f5f5f5", "#8c8c8c"
TRIGGER_FILL, VALUE_FILL = "#fff4d6", "#e3f4e8"
WAIT_COLOUR, WORK_COLOUR = "#b03a2e", "#2e7d32"


def value_stream_map_svg(stream: StreamView, working: WorkingTime = EIGHT_HOUR_DAYS) -> str:
    """The lean map of ``stream`` as a standalone SVG document, durations in ``working`` time."""
    positions = {step.iri: step.position for step in stream.steps}
    step_lines = [_step_lines(step, positions, working) for step in stream.steps]
    trigger_lines = _end_lines("Trigger", stream.triggers or ("(none recorded)",))
    value_lines = _end_lines(
        "Value delivered",
        tuple(f"{value}" + (f" (to {customer})" if customer else "") for value, customer in stream.values)
        or ("(none recorded)",),
    )
    box_height = LINE * max([len(t) + len(d) for t, d in step_lines] + [len(trigger_lines), len(value_lines)]) + 16
    rows = _rows(list(zip(stream.steps, step_lines, strict=True)))
    widest = max((len(row) for row in rows), default=0)
    row_height = box_height + 44 + RUNG + 30
    totals = _totals_lines(stream, working)
    bottom = TOP + len(rows or [[]]) * (row_height + 30)
    legend = _legend_lines(working)
    width = max(2 * MARGIN + 2 * END_WIDTH + widest * (GAP + BOX_WIDTH) + GAP, 2 * MARGIN + TOTALS_WIDTH + 20 + LEGEND_WIDTH)
    height = bottom + max(_box_height(totals), _box_height(legend)) + MARGIN
    kind = "Operational" if stream.kind == "operational" else "Development"
    root = svg_root(width, height, f"Value-stream map of {stream.label}", "value-stream-map")
    add(root, "text", f"{stream.label}", x=MARGIN, y=28, font_size=17, font_weight="bold", class_="map-title")
    columns = len(stream.steps)
    branches = " · steps off the critical path dashed" if stream.linked else ""
    subtitle = f"{kind} value stream · {columns} step{'s' * (columns != 1)}{branches}"
    add(root, "text", subtitle, x=MARGIN, y=44, font_size=12, fill="#555")
    _arrow_marker(root)

    _end_box(root, MARGIN, TOP, box_height, trigger_lines, TRIGGER_FILL, "trigger")
    ladder = _Ladder(root)
    x = MARGIN + END_WIDTH
    for index, row in enumerate(rows):
        top = TOP + index * (row_height + 30)
        middle = top + box_height / 2
        if index:
            _continue_arrow(root, x, middle - row_height - 30, top, middle)
        x = MARGIN + END_WIDTH
        ladder.start(x, top + box_height + 44)
        for step, lines in row:
            _push_arrow(root, x, x + GAP, middle, waiting=bool(step.wait_minutes))
            off_path = stream.linked and not step.on_critical_path
            ladder.wait(x, x + GAP, working.duration(step.wait_minutes), off_path)
            x += GAP
            _step_box(root, x, top, box_height, lines, off_path)
            ladder.work(x, x + BOX_WIDTH, working.duration(step.process_minutes), off_path)
            x += BOX_WIDTH
    last_top = TOP + max(len(rows) - 1, 0) * (row_height + 30)
    _push_arrow(root, x, x + GAP, last_top + box_height / 2, waiting=False)
    _end_box(root, x + GAP, last_top, box_height, value_lines, VALUE_FILL, "value")
    if not stream.steps:
        add(root, "text", "No steps recorded", x=MARGIN + END_WIDTH + 8, y=TOP + box_height + 44, font_size=12, fill="#555")
    _block(root, MARGIN, bottom, TOTALS_WIDTH, "Totals", totals, "totals")
    _block(root, MARGIN + TOTALS_WIDTH + 20, bottom, LEGEND_WIDTH, "Legend", legend, "legend")
    return to_string(root)


def _rows(steps: list[tuple[StepView, tuple[list[str], list[str]]]]) -> list[list[tuple[StepView, tuple[list[str], list[str]]]]]:
    """The steps in rows of equal length (the last may be shorter), at most :data:`STEPS_PER_ROW` each."""
    if not steps:
        return []
    count = math.ceil(len(steps) / STEPS_PER_ROW)
    size = math.ceil(len(steps) / count)
    return [steps[start : start + size] for start in range(0, len(steps), size)]


class _Ladder:
    """The timeline ladder: a step line alternating between the wait and the work rung, one
    stretch under each row of boxes."""

    def __init__(self, root: ET.Element) -> None:
        self.group = add(root, "g", class_="timeline-ladder")
        self.wait_y = self.work_y = self.level = 0.0

    def start(self, x: float, top: float) -> None:
        self.wait_y, self.work_y = top, top + RUNG
        self.level = self.wait_y
        add(self.group, "text", "wait", x=x - 34, y=self.wait_y + 4, font_size=11, fill=WAIT_COLOUR)
        add(self.group, "text", "work", x=x - 34, y=self.work_y + 4, font_size=11, fill=WORK_COLOUR)

    def wait(self, x1: float, x2: float, label: str, off_path: bool) -> None:
        self._rung(x1, x2, self.wait_y, WAIT_COLOUR, "ladder-wait", label, True, off_path)

    def work(self, x1: float, x2: float, label: str, off_path: bool) -> None:
        self._rung(x1, x2, self.work_y, WORK_COLOUR, "ladder-work", label, False, off_path)

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


def _step_lines(step: StepView, positions: dict[str, int | None], working: WorkingTime) -> tuple[list[str], list[str]]:
    """The step's title lines (number and label) and its detail lines, each fitting the box."""
    inside = BOX_WIDTH - 2 * PADDING
    number = "" if step.position is None else f"{step.position}. "
    lines = wrap_to_width(f"Team: {', '.join(step.performers) or '(no team)'}", inside)
    pca = "–" if step.percent_complete_accurate is None else f"{step.percent_complete_accurate:f}%"
    lines += [
        f"PT  {working.duration(step.process_minutes)}",
        f"WT  {working.duration(step.wait_minutes)}",
        f"%C&A  {pca}",
    ]
    if step.batch_size is not None:
        lines.append(f"Batch  {step.batch_size}")
    if step.follows:
        lines += wrap_to_width(f"After {', '.join(str(positions[iri]) for iri in step.follows)}", inside)
    return wrap_to_width(f"{number}{step.label}", inside, bold=True), lines


def _end_lines(heading: str, texts: tuple[str, ...]) -> list[str]:
    lines = [heading]
    for text in texts:
        lines += wrap_to_width(text, END_WIDTH - 20)
    return lines


def _step_box(root: ET.Element, x: float, top: float, height: float, lines: tuple[list[str], list[str]], off_path: bool) -> None:
    title, details = lines
    group = add(root, "g", class_="step off-critical-path" if off_path else "step")
    fill, stroke = (OFF_PATH_FILL, OFF_PATH_COLOUR) if off_path else (STEP_FILL, STEP_STROKE)
    box = add(group, "rect", x=x, y=top, width=BOX_WIDTH, height=height, rx=4, fill=fill, stroke=stroke, stroke_width=1.5)
    if off_path:
        box.set("stroke-dasharray", "6 3")
    y = text_lines(group, x + PADDING, top + 18, title, font_weight="bold")
    text_lines(group, x + PADDING, y, details)


def _end_box(root: ET.Element, x: float, top: float, height: float, lines: list[str], fill: str, css_class: str) -> None:
    group = add(root, "g", class_=css_class)
    add(group, "rect", x=x, y=top, width=END_WIDTH, height=height, rx=14, fill=fill, stroke="#666", stroke_width=1.5)
    add(group, "text", lines[0], x=x + 10, y=top + 18, font_size=12, font_weight="bold")
    text_lines(group, x + 10, top + 18 + LINE, lines[1:])


def _push_arrow(root: ET.Element, x1: float, x2: float, y: float, waiting: bool) -> None:
    """An arrow to the next box; the triangle is lean notation for work waiting there,
    drawn only where the next step waits."""
    group = add(root, "g", class_="push")
    add(group, "line", x1=x1 + 4, y1=y, x2=x2 - 6, y2=y, stroke="#444", stroke_width=1.5, marker_end="url(#arrow)")
    if not waiting:
        return
    middle = (x1 + x2) / 2
    points = f"{middle - 12},{y - 8} {middle + 12},{y - 8} {middle},{y - 30}"
    add(group, "polygon", points=points, fill="#f7d9d4", stroke=WAIT_COLOUR, class_="waiting")
    add(group, "text", "I", x=middle, y=y - 11, font_size=11, text_anchor="middle", fill=WAIT_COLOUR)


def _continue_arrow(root: ET.Element, end: float, from_y: float, top: float, to_y: float) -> None:
    """The push from the last box of a row, round under the row's ladder, to the next row."""
    below = top - 22
    right, left = end + GAP / 2, MARGIN + END_WIDTH / 2
    points = f"{end + 4},{from_y} {right},{from_y} {right},{below} {left},{below} {left},{to_y} {MARGIN + END_WIDTH - 2},{to_y}"
    add(root, "polyline", points=points, fill="none", stroke="#444", stroke_width=1.5, class_="push continues")


def _arrow_marker(root: ET.Element) -> None:
    defs = add(root, "defs")
    marker = add(defs, "marker", id="arrow", viewBox="0 0 10 10", refX=9, refY=5, markerWidth=7, markerHeight=7, orient="auto")
    add(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill="#444")


def _totals_lines(stream: StreamView, working: WorkingTime) -> list[str]:
    efficiency = "–" if stream.flow_efficiency_percent is None else f"{stream.flow_efficiency_percent:f}%"
    lines = [
        f"Flow time  {working.duration(stream.flow_minutes)}",
        f"Work time  {working.duration(stream.work_minutes)}",
        f"Wait time  {working.duration(stream.wait_minutes)}",
        f"Flow efficiency  {efficiency}",
        f"Hand-offs  {stream.hand_offs}",
    ]
    if stream.linked:
        path = [str(step.position) for step in stream.steps if step.on_critical_path]
        lines += wrap_to_width(f"Critical path  {', '.join(path)}", TOTALS_WIDTH - 20)
    lines += [
        f"Lead time  {working.duration(stream.lead_minutes)}",
        f"Activity ratio  {_percent(stream.activity_ratio_percent)}",
        f"Rolled %C&A  {_percent(stream.rolled_percent_complete_accurate)}",
    ]
    measured = len(stream.steps) if stream.steps else 0
    if stream.rolled_percent_complete_accurate is not None and stream.measured_steps < measured:
        lines.append(f"  (over {stream.measured_steps} of {measured} steps)")
    if stream.largest_batch_size is not None:
        lines.append(f"Largest batch  {stream.largest_batch_size}")
    return lines


def _legend_lines(working: WorkingTime) -> list[str]:
    return [
        "PT = process time: the hands-on work of the step",
        "WT = wait time: how long the work waits before the step starts",
        "%C&A = percent complete and accurate: the share of the step's work",
        "        the next step can use as it arrives",
        "Red triangle (I): work waiting before the step (where WT is above 0)",
        "Ladder: wait on the upper rung, work on the lower, step by step",
        f"Durations in working time: d is {working.day}, h an hour",
        "Lead time ΣLT = Σ(PT + WT) over every step; activity ratio = ΣPT / ΣLT;",
        "        rolled %C&A = the product of the steps' %C&A",
    ]


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:f}%"


def _block(root: ET.Element, x: float, y: float, width: float, heading: str, lines: list[str], css_class: str) -> None:
    group = add(root, "g", class_=css_class)
    add(group, "rect", x=x, y=y, width=width, height=_box_height(lines), fill="#fafafa", stroke="#666")
    add(group, "text", heading, x=x + 10, y=y + 18, font_size=12, font_weight="bold")
    text_lines(group, x + 10, y + 18 + LINE, lines)


def _box_height(lines: list[str]) -> float:
    return LINE * (len(lines) + 1) + 10
