"""What actually flowed through value streams: work items, their state changes, and the
six flow metrics of SAFe and the Flow Framework computed from them (``docs/flow-metrics.md``).

::

    import vsgraph
    from vsgraph import flow

    portfolio = vsgraph.load("shop.ttl")
    flow.add_work_items(portfolio, "jira-export.csv", stream="https://example.org/shop/checkout",
                        mapping=flow.load_mapping("jira-mapping.yaml"))
    for row in flow.flow_metrics(portfolio, flow.periods("2026-01-01", "2026-04-01", days=14)):
        print(row.stream, row.start.date(), row.velocity, row.flow_time_average, row.flow_efficiency_percent)
"""

from __future__ import annotations

from pathlib import Path

from vsgraph.flow.mapping import (
    DEFAULT_ITEM_TYPES,
    DEFAULT_STATES,
    FLOW_ITEM_TYPES,
    FLOW_STATES,
    FlowMapping,
    load_mapping,
)
from vsgraph.flow.metrics import (
    FlowMetrics,
    ItemFlow,
    Predictability,
    flow_metrics,
    item_flows,
    load_at,
    load_series,
    periods,
)
from vsgraph.flow.tracker import read_work_items, work_item_statements
from vsgraph.limits import DEFAULT_LIMITS, InputLimits
from vsgraph.portfolio import Portfolio

__all__ = [
    "DEFAULT_ITEM_TYPES",
    "DEFAULT_STATES",
    "FLOW_ITEM_TYPES",
    "FLOW_STATES",
    "FlowMapping",
    "FlowMetrics",
    "ItemFlow",
    "Predictability",
    "add_work_items",
    "flow_metrics",
    "item_flows",
    "load_at",
    "load_mapping",
    "load_series",
    "periods",
    "read_work_items",
    "work_item_statements",
]


def add_work_items(
    portfolio: Portfolio,
    path: Path | str,
    *,
    stream: str,
    mapping: FlowMapping | None = None,
    base: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> int:
    """Read a tracker's CSV export (:func:`read_work_items`) into ``portfolio``; return how
    many statements the export gave (counted from the text: counting the portfolio before
    and after would walk the whole store twice). Nothing is added when the export has an
    error."""
    document = work_item_statements(path, stream=stream, mapping=mapping, base=base, limits=limits)
    portfolio.add_ntriples(document)
    return document.count("\n")
