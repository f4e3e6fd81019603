"""How healthy each value stream looks on the portfolio map: its flow efficiency band and
where its KPIs stand.

The flow efficiency is that of the stream's critical path (:mod:`vsgraph.query_catalog.critical_path`,
as on its value-stream map); the bands are the ones lean practice quotes, where most
processes sit below a quarter and many below a tenth. A KPI's standing is the KPI tree's
(:func:`vsgraph.report.strategy.metric_state`), so the map and the tree never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vsgraph.report.data import Answers
from vsgraph.report.strategy import OFF_TARGET, ON_TARGET, metric_state

#: The catalog questions health needs besides the streams' own (:data:`~vsgraph.report.data.STREAM_QUESTIONS`).
HEALTH_QUESTIONS = ("strategy-tree", "metric-trends", "missed-targets")
#: The least flow efficiency, in percent, of the ``good`` and ``fair`` bands.
GOOD_FROM, FAIR_FROM = Decimal(25), Decimal(10)
#: Each band's fill on the map and its meaning, for the legend.
BANDS = {
    "good": ("#cdebd3", f"flow efficiency {GOOD_FROM}% or more"),
    "fair": ("#fbe7b5", f"flow efficiency {FAIR_FROM}% to under {GOOD_FROM}%"),
    "poor": ("#f6c9c4", f"flow efficiency under {FAIR_FROM}%"),
    "unknown": ("#eeeeee", "flow efficiency unknown (no step times)"),
}


@dataclass(frozen=True)
class Health:
    """A stream's flow efficiency (critical path), its band, and how many of the KPIs
    measuring it are on and off target (the others cannot be judged)."""

    flow_efficiency_percent: Decimal | None
    kpis_on_target: int = 0
    kpis_off_target: int = 0
    kpis: int = 0

    @property
    def band(self) -> str:
        """``good``, ``fair``, ``poor`` or ``unknown``: a key of :data:`BANDS`."""
        efficiency = self.flow_efficiency_percent
        if efficiency is None:
            return "unknown"
        return "good" if efficiency >= GOOD_FROM else "fair" if efficiency >= FAIR_FROM else "poor"

    @property
    def kpi_status(self) -> str:
        """``off target`` when any KPI is, ``on target`` when all judged ones are, else ``no KPI``
        or ``not judged``."""
        if self.kpis_off_target:
            return OFF_TARGET
        if self.kpis_on_target:
            return ON_TARGET
        return "not judged" if self.kpis else "no KPI"


def stream_health(answers: Answers) -> dict[str, Health]:
    """Each value stream's health by IRI; ``answers`` must hold :data:`HEALTH_QUESTIONS`."""
    trends = {row["metric"]: row for row in answers.rows["metric-trends"]}
    missed = {row["metric"] for row in answers.rows["missed-targets"]}
    states: dict[str, dict[str, str]] = {}
    for row in answers.rows["strategy-tree"]:
        if row["metric"] is not None and row["measured"] is not None:
            states.setdefault(row["measured"], {})[row["metric"]] = metric_state(
                row, trends.get(row["metric"], {}), row["metric"] in missed
            )
    health = {}
    for row in answers.rows["value-streams"]:
        iri = row["stream"]
        path = answers.critical_paths.get(iri)
        judged = list(states.get(iri, {}).values())
        health[iri] = Health(
            flow_efficiency_percent=path.flow_efficiency_percent if path else None,
            kpis_on_target=judged.count(ON_TARGET),
            kpis_off_target=judged.count(OFF_TARGET),
            kpis=len(judged),
        )
    return health
