"""The report's flow page: SAFe's flow metrics of each stream's real work, period by period,
as a table and four small charts (distribution, velocity, flow time, load).

The metrics come from :func:`vsgraph.flow.flow_metrics` over the periods of
:func:`flow_periods`: the last :data:`PERIODS` windows of :data:`PERIOD_DAYS` days that end
on the day after the latest state change the portfolio records, so the page shows where the
work stands, whatever the date the report is written. The charts are SVG drawn here, with
every label as text (:mod:`vsgraph.report.svg`), and load nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from html import escape
from itertools import groupby

from rdflib import Literal, URIRef

from vsgraph.durations import WorkingTime
from vsgraph.flow import FlowMetrics, flow_metrics
from vsgraph.flow.metrics import instant
from vsgraph.portfolio import Portfolio
from vsgraph.report.svg import add, svg_root, to_string

#: How many periods the page shows, and how long each is (SAFe's two-week iterations).
PERIODS = 6
PERIOD_DAYS = 14
#: The flow item types in the order the distribution stacks them, with their colours.
ITEM_TYPES = (("feature", "#4c78a8"), ("defect", "#e45756"), ("risk", "#f2a93b"), ("debt", "#72b7b2"))

_LATEST_CHANGE = """
PREFIX vsg: <https://w3id.org/vsgraph#>
SELECT (MAX(?at) AS ?latest) WHERE { ?item vsg:latestStateChange ?change . ?change vsg:changedAt ?at }
"""
#: Flow time is elapsed time: its days are calendar days, not working days.
_CALENDAR = WorkingTime(Decimal(24))
_WIDTH, _HEIGHT, _LEFT, _BOTTOM, _TOP = 300.0, 150.0, 34.0, 26.0, 10.0
_FONT = 11


def flow_periods(portfolio: Portfolio) -> list[tuple[datetime, datetime]]:
    """The windows the page shows: none when the portfolio records no work item."""
    rows = portfolio.query(_LATEST_CHANGE).rows
    latest = rows[0].get("latest") if rows else None
    if not isinstance(latest, Literal):
        return []
    end = instant(latest.toPython()).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    start = end - timedelta(days=PERIOD_DAYS * PERIODS)
    return [(start + timedelta(days=PERIOD_DAYS * n), start + timedelta(days=PERIOD_DAYS * (n + 1))) for n in range(PERIODS)]


def flow_page_html(portfolio: Portfolio, label: Callable[[URIRef], str]) -> str:
    """The flow section's body: a block per stream with work items, or a line saying there are none."""
    windows = flow_periods(portfolio)
    if not windows:
        return "<p>No work items: import a tracker's export (<code>vsgraph flow import</code>) to see the flow of real work.</p>"
    metrics = flow_metrics(portfolio, windows)
    blocks = [
        f'<p class="legend">The last {PERIODS} periods of {PERIOD_DAYS} days up to the latest state change; '
        "flow time is elapsed time (d: a calendar day), from the first active or waiting state to done. "
        + " ".join(f'<span style="color:{colour}">&#9632;</span> {name}' for name, colour in ITEM_TYPES)
        + "</p>"
    ]
    for stream, rows in groupby(metrics, key=lambda row: row.stream):
        blocks.append(stream_flow_html(label(URIRef(stream)), list(rows)))
    return "\n".join(blocks)


def stream_flow_html(name: str, rows: Sequence[FlowMetrics]) -> str:
    """One stream's table of the six metrics per period and its four charts."""
    periods = [row.start.strftime("%d %b") for row in rows]
    charts = [
        (
            "Distribution (items done, by type)",
            _stacked_bars(f"Flow distribution of {name}", periods, [row.distribution for row in rows]),
        ),
        (
            "Velocity (items done)",
            _bars(f"Flow velocity of {name}", periods, [Decimal(row.velocity) for row in rows], "items done"),
        ),
        (
            "Average flow time (hours)",
            _line(f"Average flow time of {name}", periods, [_hours(row.flow_time_average) for row in rows], "hours"),
        ),
        (
            "Average load (items in flow)",
            _line(f"Average flow load of {name}", periods, [row.average_load for row in rows], "items in flow"),
        ),
    ]
    figures = "".join(
        f'<figure class="flow"><figcaption>{escape(caption)}</figcaption>{chart}</figure>' for caption, chart in charts
    )
    header = "".join(f"<th>{escape(period)}</th>" for period in periods)
    lines = [
        ("velocity", [str(row.velocity) for row in rows]),
        ("distribution", [_distribution(row) for row in rows]),
        ("average flow time", [_CALENDAR.duration(_minutes(row.flow_time_average)) for row in rows]),
        ("flow efficiency", [_percent(row.flow_efficiency_percent) for row in rows]),
        ("average load", [str(row.average_load) for row in rows]),
        ("predictability", [_percent(row.predictability.percent if row.predictability else None) for row in rows]),
    ]
    body = "".join(
        f"<tr><th>{escape(metric)}</th>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"
        for metric, cells in lines
    )
    return (
        f'<div class="flow-stream"><h3 class="flow">{escape(name)}</h3>'
        f'<table class="flow"><tr><th>period from</th>{header}</tr>{body}</table>'
        f'<div class="flow-charts">{figures}</div></div>'
    )


def _stacked_bars(title: str, periods: list[str], counts: list[dict[str, int]]) -> str:
    top = max((sum(count.values()) for count in counts), default=0)
    root, x_of, y_of, band = _axes(title, periods, Decimal(top), "items done")
    for index, count in enumerate(counts):
        base = Decimal(0)
        for name, colour in ITEM_TYPES:
            value = Decimal(count.get(name, 0))
            if value:
                y_top, y_bottom = y_of(base + value), y_of(base)
                add(root, "rect", x=x_of(index) - band / 2, y=y_top, width=band, height=y_bottom - y_top, fill=colour)
                add(root[-1], "title", f"{periods[index]}: {value} {name}")
            base += value
    return to_string(root)


def _bars(title: str, periods: list[str], values: list[Decimal], unit: str) -> str:
    root, x_of, y_of, band = _axes(title, periods, max(values, default=Decimal(0)), unit)
    for index, value in enumerate(values):
        add(
            root,
            "rect",
            x=x_of(index) - band / 2,
            y=y_of(value),
            width=band,
            height=y_of(Decimal(0)) - y_of(value),
            fill="#4c78a8",
        )
        add(root[-1], "title", f"{periods[index]}: {value} {unit}")
    return to_string(root)


def _line(title: str, periods: list[str], values: list[Decimal | None], unit: str) -> str:
    known = [value for value in values if value is not None]
    root, x_of, y_of, _ = _axes(title, periods, max(known, default=Decimal(0)), unit)
    points = [(x_of(index), y_of(value)) for index, value in enumerate(values) if value is not None]
    if len(points) > 1:
        add(
            root,
            "polyline",
            points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points),
            fill="none",
            stroke="#4c78a8",
            stroke_width=2,
        )
    for (x, y), value, period in zip(
        points, known, (p for p, v in zip(periods, values, strict=True) if v is not None), strict=True
    ):
        add(root, "circle", cx=x, cy=y, r=3, fill="#4c78a8")
        add(root[-1], "title", f"{period}: {value} {unit}")
    return to_string(root)


def _axes(
    title: str, periods: list[str], top: Decimal, unit: str
) -> tuple[ET.Element, Callable[[int], float], Callable[[Decimal], float], float]:
    """A chart's frame: the axes, the largest value and the periods written on them, and the
    functions that place a period and a value."""
    root = svg_root(_WIDTH, _HEIGHT, f"{title}, {unit}, by period", "flow-chart")
    plot_width, plot_height = _WIDTH - _LEFT - 6, _HEIGHT - _TOP - _BOTTOM
    step = plot_width / max(len(periods), 1)
    ceiling = float(top) if top > 0 else 1.0

    def x_of(index: int) -> float:
        return _LEFT + step * (index + 0.5)

    def y_of(value: Decimal) -> float:
        return _TOP + plot_height * (1 - float(value) / ceiling)

    add(root, "line", x1=_LEFT, y1=_TOP + plot_height, x2=_WIDTH - 6, y2=_TOP + plot_height, stroke="#444")
    add(root, "line", x1=_LEFT, y1=_TOP, x2=_LEFT, y2=_TOP + plot_height, stroke="#444")
    add(root, "text", _figure(top), x=_LEFT - 4, y=_TOP + _FONT, font_size=_FONT, text_anchor="end")
    add(root, "text", "0", x=_LEFT - 4, y=_TOP + plot_height, font_size=_FONT, text_anchor="end")
    for index, period in enumerate(periods):
        add(root, "text", period, x=x_of(index), y=_HEIGHT - 8, font_size=_FONT, text_anchor="middle")
    return root, x_of, y_of, step * 0.6


def _distribution(row: FlowMetrics) -> str:
    shown = [f"{row.distribution_percent[name]}% {name}" for name, _ in ITEM_TYPES if row.distribution.get(name)]
    return ", ".join(shown) if shown else "–"


def _hours(duration: timedelta | None) -> Decimal | None:
    return None if duration is None else (Decimal(int(duration.total_seconds())) / 3600).quantize(Decimal("0.1"))


def _minutes(duration: timedelta | None) -> Decimal | None:
    return None if duration is None else Decimal(int(duration.total_seconds()) // 60)


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value}%"


def _figure(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"
