"""See the portfolio: value-stream maps, the portfolio map and a one-file HTML report.

The data every drawing shows comes from the query catalog (:mod:`vsgraph.report.data`,
:mod:`vsgraph.report.strategy`); each renderer has its own module: Graphviz for the
portfolio map, a lean layout of vsgraph's own for the value-stream maps, Mermaid text for
both, and the HTML page that puts them together with the findings and the answers.
"""

from __future__ import annotations

from vsgraph.portfolio import Portfolio
from vsgraph.report.data import MAP_QUESTIONS, PortfolioMapView, find_stream, gather, portfolio_map_view
from vsgraph.report.mermaid import portfolio_map_mermaid, value_stream_mermaid
from vsgraph.report.page import render_report, write_report
from vsgraph.report.portfolio_map import portfolio_map_svg
from vsgraph.report.stream_map import value_stream_map_svg

__all__ = ["mermaid", "portfolio_map", "render_report", "value_stream_map", "write_report"]


def value_stream_map(portfolio: Portfolio, stream: str) -> str:
    """The lean value-stream map (SVG) of the stream named by IRI or local name (``checkout``)."""
    return value_stream_map_svg(find_stream(portfolio, stream))


def portfolio_map(portfolio: Portfolio) -> str:
    """The portfolio map (SVG): journeys, the streams that enable and support them, gaps marked."""
    return portfolio_map_svg(_portfolio_map_view(portfolio))


def mermaid(portfolio: Portfolio, stream: str | None = None) -> str:
    """Mermaid text of one stream's map, or of the portfolio map when ``stream`` is ``None``."""
    if stream is None:
        return portfolio_map_mermaid(_portfolio_map_view(portfolio))
    return value_stream_mermaid(find_stream(portfolio, stream))


def _portfolio_map_view(portfolio: Portfolio) -> PortfolioMapView:
    """The portfolio map's view; the map names streams but draws no steps, so none are asked for."""
    return portfolio_map_view(gather(portfolio, MAP_QUESTIONS, pick=lambda streams: []))
