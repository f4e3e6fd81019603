"""The KPI → key result → objective → strategic theme tree, with each metric's standing.

The tree comes from the catalog's ``strategy-tree`` question; a metric's latest reading and
trend from ``metric-trends`` and whether it misses its target from ``missed-targets``, so
the report judges a metric exactly as ``vsgraph query`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from rdflib import URIRef

from vsgraph.engine.labels import Labeller
from vsgraph.report.data import Answers
from vsgraph.vocabulary.namespace import VSG

ON_TARGET = "on target"
OFF_TARGET = "off target"
NO_READING = "no reading"
NOT_JUDGED = "no target"

#: The catalog questions the tree is built from (see :func:`vsgraph.report.data.gather`).
STRATEGY_QUESTIONS = ("strategy-tree", "metric-trends", "missed-targets")


@dataclass(frozen=True)
class MetricView:
    """A KPI and where it stands: target, latest reading, trend and on/off target."""

    iri: str
    label: str
    stream: str | None
    unit: str | None
    target: Decimal | None
    higher_is_better: bool | None
    actual: Decimal | None
    actual_date: datetime | None
    trend: str | None
    state: str


@dataclass
class Node:
    """A theme, objective or key result with what hangs beneath it (``None`` label: none)."""

    iri: str | None
    label: str | None
    children: dict[str | None, Node] = field(default_factory=dict)
    metrics: list[MetricView] = field(default_factory=list)


def strategy_tree(answers: Answers) -> list[Node]:
    """The themes, each with its objectives, their key results and those's metrics.

    Objectives without a theme, key results without an objective and metrics aligned with
    nothing hang under a node whose ``iri`` and ``label`` are ``None``, listed last.
    ``answers`` must hold those of :data:`STRATEGY_QUESTIONS`.
    """
    label = answers.label
    trends = {row["metric"]: row for row in answers.tables["metric-trends"].rows}
    missed = {row["metric"] for row in answers.tables["missed-targets"].rows}
    themes: dict[str | None, Node] = {}
    for row in answers.tables["strategy-tree"].rows:
        theme = _child(themes, row["theme"], row["themeLabel"], label)
        if row["objective"] is None and row["keyResult"] is None and row["metric"] is None:
            continue
        objective = _child(theme.children, row["objective"], row["objectiveLabel"], label)
        if row["keyResult"] is None and row["metric"] is None:
            continue
        key_result = _child(objective.children, row["keyResult"], row["keyResultLabel"], label)
        if row["metric"] is not None and all(m.iri != row["metric"] for m in key_result.metrics):
            key_result.metrics.append(_metric(row, trends.get(row["metric"], {}), row["metric"] in missed, label))
    return _ordered(themes)


def _metric(row: dict[str, Any], trend: dict[str, Any], misses: bool, label: Labeller) -> MetricView:
    direction = row["direction"]
    higher = None if direction is None else direction == str(VSG.HigherIsBetter)
    actual = trend.get("latestValue")
    if actual is None:
        state = NO_READING
    elif misses:
        state = OFF_TARGET
    elif row["targetValue"] is None or direction is None:
        state = NOT_JUDGED
    else:
        state = ON_TARGET
    return MetricView(
        iri=row["metric"],
        label=row["metricLabel"] or label(URIRef(row["metric"])),
        stream=row["stream"] and label(URIRef(row["stream"])),
        unit=row["unit"],
        target=row["targetValue"],
        higher_is_better=higher,
        actual=actual,
        actual_date=trend.get("latestDate"),
        trend=trend.get("trend"),
        state=state,
    )


def _child(nodes: dict[str | None, Node], iri: str | None, text: str | None, label: Labeller) -> Node:
    if iri not in nodes:
        nodes[iri] = Node(iri, None if iri is None else text or label(URIRef(iri)))
    return nodes[iri]


def _ordered(nodes: dict[str | None, Node]) -> list[Node]:
    """Named nodes by label, the unnamed group last, at every level."""
    ordered = sorted(nodes.values(), key=lambda n: (n.iri is None, (n.label or "").casefold(), n.iri or ""))
    for node in ordered:
        node.children = {child.iri: child for child in _ordered(node.children)}
        node.metrics.sort(key=lambda m: (m.label.casefold(), m.iri))
    return ordered
