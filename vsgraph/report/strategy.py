"""The KPI → key result → objective → strategic theme tree, with each metric's standing.

The tree comes from the catalog's ``strategy-tree`` question; a metric's latest reading and
trend from ``metric-trends`` and whether it misses its target from ``missed-targets``, so
the report judges a metric exactly as ``vsgraph query`` does. Each key result's OKR status
(on track, at risk, off track), rolled up to its objective and theme, comes from
``okr-status`` through :mod:`vsgraph.query_catalog.okr`, as of the latest reading in the
portfolio (so that a report of the same portfolio reads the same on any day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from rdflib import URIRef

from vsgraph.engine.labels import Labeller
from vsgraph.query_catalog.okr import OKR_QUESTION, OkrStatus, okr_status_from
from vsgraph.report.data import Answers
from vsgraph.vocabulary.namespace import VSG

ON_TARGET = "on target"
OFF_TARGET = "off target"
NO_READING = "no reading"
NOT_JUDGED = "no target"

#: The catalog questions the tree is built from (see :func:`vsgraph.report.data.gather`).
STRATEGY_QUESTIONS = ("strategy-tree", "metric-trends", "missed-targets", OKR_QUESTION)


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
    #: The OKR status (on track, at risk, off track; ``None`` when it cannot be judged) and,
    #: for a key result, its progress as a fraction.
    status: str | None = None
    progress: Decimal | None = None


def strategy_tree(answers: Answers) -> list[Node]:
    """The themes, each with its objectives, their key results and those's metrics.

    Objectives without a theme, key results without an objective and metrics aligned with
    nothing hang under a node whose ``iri`` and ``label`` are ``None``, listed last.
    ``answers`` must hold those of :data:`STRATEGY_QUESTIONS`.
    """
    label = answers.label
    trends = {row["metric"]: row for row in answers.rows["metric-trends"]}
    missed = {row["metric"] for row in answers.rows["missed-targets"]}
    themes: dict[str | None, Node] = {}
    # (key result, metric) pairs already placed: a set, as thousands of unaligned metrics
    # share the one key result of ``None``.
    placed: set[tuple[str | None, str]] = set()
    for row in answers.rows["strategy-tree"]:
        theme = _child(themes, row["theme"], row["themeLabel"], label)
        if row["objective"] is None and row["keyResult"] is None and row["metric"] is None:
            continue
        objective = _child(theme.children, row["objective"], row["objectiveLabel"], label)
        if row["keyResult"] is None and row["metric"] is None:
            continue
        key_result = _child(objective.children, row["keyResult"], row["keyResultLabel"], label)
        if row["metric"] is not None and (key_result.iri, row["metric"]) not in placed:
            placed.add((key_result.iri, row["metric"]))
            key_result.metrics.append(_metric(row, trends.get(row["metric"], {}), row["metric"] in missed, label))
    if OKR_QUESTION in answers.tables:
        dates = [row["latestDate"] for row in answers.rows["metric-trends"] if isinstance(row["latestDate"], datetime)]
        _judge(themes, okr_status_from(answers.rows[OKR_QUESTION], max(dates, default=None)))
    return _ordered(themes)


def _judge(themes: dict[str | None, Node], status: OkrStatus) -> None:
    """Put each theme's, objective's and key result's OKR status on its node."""
    for theme in themes.values():
        theme.status = status.themes[theme.iri].status if theme.iri in status.themes else None
        for objective in theme.children.values():
            objective.status = status.objectives[objective.iri].status if objective.iri in status.objectives else None
            for key_result in objective.children.values():
                judged = status.key_results.get(key_result.iri) if key_result.iri else None
                key_result.status = judged.status if judged else None
                key_result.progress = judged.progress if judged else None


def _metric(row: dict[str, Any], trend: dict[str, Any], misses: bool, label: Labeller) -> MetricView:
    direction = row["direction"]
    higher = None if direction is None else direction == str(VSG.HigherIsBetter)
    actual = trend.get("latestValue")
    return MetricView(
        iri=row["metric"],
        label=row["metricLabel"] or label(URIRef(row["metric"])),
        stream=row["measured"] and label(URIRef(row["measured"])),
        unit=row["unit"],
        target=row["targetValue"],
        higher_is_better=higher,
        actual=actual,
        actual_date=trend.get("latestDate"),
        trend=trend.get("trend"),
        state=metric_state(row, trend, misses),
    )


def metric_state(row: dict[str, Any], trend: dict[str, Any], misses: bool) -> str:
    """Where a metric stands, from its ``strategy-tree`` row, its ``metric-trends`` row and
    whether ``missed-targets`` lists it: the one rule the KPI tree and the portfolio map's
    health share."""
    if trend.get("latestValue") is None:
        return NO_READING
    if misses:
        return OFF_TARGET
    if row["targetValue"] is None or row["direction"] is None:
        return NOT_JUDGED
    return ON_TARGET


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
