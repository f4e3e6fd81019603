"""See the portfolio: value-stream maps, the portfolio map and a one-file HTML report.

The data every drawing shows comes from the query catalog (:mod:`vsgraph.report.data`,
:mod:`vsgraph.report.strategy`, :mod:`vsgraph.report.capabilities`,
:mod:`vsgraph.report.cross_stream`); each renderer has its own module: Graphviz for the
portfolio map and the cross-stream flow, layouts of vsgraph's own for the value-stream maps
and the capability map, Mermaid text for the maps, and the HTML page that puts them
together with the findings and the answers.
"""

from __future__ import annotations

from decimal import Decimal

from vsgraph.durations import DEFAULT_HOURS_PER_DAY, working_time
from vsgraph.portfolio import Portfolio
from vsgraph.report.capabilities import CAPABILITY_QUESTIONS, capability_tree
from vsgraph.report.capability_map import capability_map_svg
from vsgraph.report.cross_stream import CROSS_STREAM_QUESTIONS, cross_stream_view
from vsgraph.report.cross_stream_map import cross_stream_svg
from vsgraph.report.data import MAP_QUESTIONS, Answers, find_stream, gather, portfolio_map_view
from vsgraph.report.health import HEALTH_QUESTIONS, stream_health
from vsgraph.report.mermaid import portfolio_map_mermaid, value_stream_mermaid
from vsgraph.report.page import render_report
from vsgraph.report.portfolio_map import portfolio_map_svg
from vsgraph.report.stream_map import value_stream_map_svg
from vsgraph.report.writing import write_report

__all__ = [
    "capability_map",
    "cross_stream_flow",
    "mermaid",
    "portfolio_map",
    "render_report",
    "value_stream_map",
    "write_report",
]


def value_stream_map(portfolio: Portfolio, stream: str, hours_per_day: Decimal | float = DEFAULT_HOURS_PER_DAY) -> str:
    """The lean value-stream map (SVG) of the stream named by IRI or local name (``checkout``),
    durations in working days of ``hours_per_day`` hours."""
    return value_stream_map_svg(find_stream(portfolio, stream), working_time(hours_per_day))


def portfolio_map(portfolio: Portfolio) -> str:
    """The portfolio map (SVG): journeys, the streams that enable and support them, gaps
    marked, each stream coloured by its health (flow efficiency band, KPIs on target)."""
    answers = _without_steps(portfolio, (*MAP_QUESTIONS, *HEALTH_QUESTIONS))
    return portfolio_map_svg(portfolio_map_view(answers), stream_health(answers))


def capability_map(portfolio: Portfolio) -> str | None:
    """The capability map (SVG): capabilities level by level, what realises and needs each,
    gaps marked; ``None`` when the portfolio maps no capabilities."""
    capabilities = capability_tree(_without_steps(portfolio, CAPABILITY_QUESTIONS))
    return capability_map_svg(capabilities) if capabilities else None


def cross_stream_flow(portfolio: Portfolio, hours_per_day: Decimal | float = DEFAULT_HOURS_PER_DAY) -> str | None:
    """The cross-stream flow (SVG): streams that hand work over to, trigger or support each
    other; ``None`` when no stream does."""
    view = cross_stream_view(_without_steps(portfolio, CROSS_STREAM_QUESTIONS))
    return cross_stream_svg(view, working_time(hours_per_day)) if view.links else None


def mermaid(portfolio: Portfolio, stream: str | None = None, hours_per_day: Decimal | float = DEFAULT_HOURS_PER_DAY) -> str:
    """Mermaid text of one stream's map, or of the portfolio map when ``stream`` is ``None``."""
    if stream is None:
        return portfolio_map_mermaid(portfolio_map_view(_without_steps(portfolio, MAP_QUESTIONS)))
    return value_stream_mermaid(find_stream(portfolio, stream), working_time(hours_per_day))


def _without_steps(portfolio: Portfolio, questions: tuple[str, ...]) -> Answers:
    """The answers a portfolio-wide drawing needs: it names streams but draws no steps, so
    none are asked for."""
    return gather(portfolio, questions, pick=lambda streams: [])
