"""Metric trends over all readings, or the last few: the least-squares line and when it
reaches the target.

The catalog question ``metric-trends`` gives, per metric, the number of readings, the first
and the latest, and the sums a least-squares line is fitted from; ``metric-readings`` gives
every reading, for a trend over the last ``n`` only. This module fits the line exactly (in
``Decimal``), which SPARQL cannot do the same way on every engine (a division whose
precision each engine chooses, and dates built from numbers). The formulas, which
``docs/ontology.md`` repeats:

* **x** is the reading's calendar day, counted from 2000-01-01 (the day its date names in
  its own time zone; the time of day is not used), **y** its value;
* **slope** (per day) = (n·Σxy − Σx·Σy) / (n·Σx² − (Σx)²); none when fewer than two days
  carry readings. :attr:`MetricTrend.slope_per_month` is the slope × 30.4375 (an average
  month: 365.25 / 12 days);
* **line**: value(x) = intercept + slope·x, with intercept = (Σy − slope·Σx) / n;
* **trend**: *improving* when the slope goes the metric's better way (up when higher is
  better, down when lower is better), *worsening* the other way, *flat* at 0; none
  without a slope or a direction;
* **target date**: the first day on which the line has reached the target value, counted
  from the latest reading: none without a target or a slope, or when the line moves away
  from the target (it crossed it before the latest reading, or heads the other way) or
  reaches it only after the year 9999. A line that meets the target exactly at the
  latest reading gives that day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.queries import run_query
from vsgraph.query_catalog.tables import decimal_value
from vsgraph.vocabulary.namespace import VSG

#: The catalog questions the trends are computed from: per metric, and per reading.
TRENDS_QUESTION = "metric-trends"
READINGS_QUESTION = "metric-readings"
#: Day 0 of x, as a proleptic Gregorian ordinal (``date.toordinal``).
EPOCH = date(2000, 1, 1).toordinal()
#: Days in an average month (365.25 / 12), for :attr:`MetricTrend.slope_per_month`.
DAYS_PER_MONTH = Decimal("30.4375")

IMPROVING = "improving"
WORSENING = "worsening"
FLAT = "flat"


@dataclass(frozen=True)
class Sums:
    """What a least-squares line is fitted from: n, Σx, Σy, Σx², Σxy (x in days)."""

    n: int
    x: Decimal
    y: Decimal
    xx: Decimal
    xy: Decimal

    @classmethod
    def of(cls, points: Iterable[tuple[int, Decimal]]) -> Sums:
        """The sums of ``(day, value)`` points."""
        listed = list(points)
        return cls(
            len(listed),
            Decimal(sum(x for x, _ in listed)),
            sum((y for _, y in listed), Decimal(0)),
            Decimal(sum(x * x for x, _ in listed)),
            sum((x * y for x, y in listed), Decimal(0)),
        )


@dataclass(frozen=True)
class MetricTrend:
    """A metric's readings summed up: first and latest, slope, trend and target date."""

    metric: str
    label: str | None
    readings: int
    first_date: datetime | None
    first_value: Decimal | None
    latest_date: datetime | None
    latest_value: Decimal | None
    target: Decimal | None
    direction: str | None
    #: Change of the fitted value per day; ``None`` when fewer than two days carry readings.
    slope_per_day: Decimal | None
    intercept: Decimal | None
    trend: str | None
    #: The first day on which the line has reached the target; ``None`` when it never does.
    target_date: date | None

    @property
    def slope_per_month(self) -> Decimal | None:
        """The slope per average month (30.4375 days)."""
        return None if self.slope_per_day is None else self.slope_per_day * DAYS_PER_MONTH


def metric_trends(portfolio: Portfolio, last: int | None = None) -> dict[str, MetricTrend]:
    """Every metric's trend by IRI, in IRI order: over all its readings, or over its
    ``last`` latest readings (a whole number from 1)."""
    rows = run_query(portfolio, TRENDS_QUESTION).rows
    if last is None:
        return trends_from(rows)
    if isinstance(last, bool) or not isinstance(last, int) or last < 1:
        raise ValueError(f"last must be a whole number of readings from 1, not {last!r}")
    return trends_from(rows, run_query(portfolio, READINGS_QUESTION).rows, last)


def trends_from(
    rows: Iterable[Mapping[str, Any]], readings: Iterable[Mapping[str, Any]] = (), last: int | None = None
) -> dict[str, MetricTrend]:
    """The trends of the metrics in the rows of a ``metric-trends`` answer; with ``last``,
    fitted to the latest ``last`` of each metric's rows of a ``metric-readings`` answer."""
    recent = _latest(readings, last) if last is not None else {}
    trends: dict[str, MetricTrend] = {}
    for row in rows:
        metric = row["metric"]
        if metric in trends:
            continue
        if last is None:
            sums = _sums_of(row)
            first = (row["firstDate"], decimal_value(row["firstValue"]))
            latest = (row["latestDate"], decimal_value(row["latestValue"]))
        else:
            points = recent.get(metric, [])
            sums = Sums.of((day_number(when), value) for when, value in points)
            first, latest = points[0] if points else (None, None), points[-1] if points else (None, None)
        trends[metric] = _trend(row, sums, first, latest)
    return dict(sorted(trends.items()))


def day_number(when: date) -> int:
    """x of a reading: the days from 2000-01-01 to the calendar day ``when`` names."""
    return date(when.year, when.month, when.day).toordinal() - EPOCH


def fitted(sums: Sums) -> tuple[Decimal, Decimal] | None:
    """The least-squares line's slope per day and intercept, or ``None`` when fewer than
    two days carry readings."""
    spread = sums.n * sums.xx - sums.x * sums.x
    if sums.n < 2 or spread == 0:
        return None
    slope = (sums.n * sums.xy - sums.x * sums.y) / spread
    return slope, (sums.y - slope * sums.x) / sums.n


def trend_word(slope: Decimal | None, direction: str | None) -> str | None:
    """Improving, worsening or flat, given the direction; ``None`` without either."""
    if slope is None:
        return None
    if slope == 0:
        return FLAT
    if direction not in (str(VSG.HigherIsBetter), str(VSG.LowerIsBetter)):
        return None
    better = (slope > 0) == (direction == str(VSG.HigherIsBetter))
    return IMPROVING if better else WORSENING


def target_date(line: tuple[Decimal, Decimal] | None, target: Decimal | None, latest: date | None) -> date | None:
    """The first day on which the line reaches ``target``, from the ``latest`` reading's day
    on; ``None`` when it never does from there, not before the year 9999, or when a slope,
    target or date is missing."""
    if line is None or target is None or latest is None or line[0] == 0:
        return None
    slope, intercept = line
    day = (target - intercept) / slope
    if day < day_number(latest) or EPOCH + math.ceil(day) > date.max.toordinal():
        return None
    return date.fromordinal(EPOCH + math.ceil(day))


def _trend(
    row: Mapping[str, Any], sums: Sums, first: tuple[Any, Decimal | None], latest: tuple[Any, Decimal | None]
) -> MetricTrend:
    line = fitted(sums)
    target, direction = decimal_value(row["targetValue"]), row["direction"]
    latest_date = latest[0] if isinstance(latest[0], datetime) else None
    return MetricTrend(
        metric=row["metric"],
        label=row["metricLabel"],
        readings=sums.n,
        first_date=first[0] if isinstance(first[0], datetime) else None,
        first_value=first[1],
        latest_date=latest_date,
        latest_value=latest[1],
        target=target,
        direction=direction,
        slope_per_day=None if line is None else line[0],
        intercept=None if line is None else line[1],
        trend=trend_word(None if line is None else line[0], direction),
        target_date=target_date(line, target, latest_date),
    )


def _sums_of(row: Mapping[str, Any]) -> Sums:
    def number(name: str) -> Decimal:
        return decimal_value(row[name]) or Decimal(0)

    readings = row["readings"]
    return Sums(readings if isinstance(readings, int) else 0, number("sumX"), number("sumY"), number("sumXX"), number("sumXY"))


def _latest(rows: Iterable[Mapping[str, Any]], last: int) -> dict[str, list[tuple[datetime, Decimal]]]:
    """Each metric's latest ``last`` dated numeric readings, oldest first (the rows come in
    date order: the query sorts them, where Python could not compare a date-time with a
    time zone and one without)."""
    points: dict[str, list[tuple[datetime, Decimal]]] = {}
    for row in rows:
        value, when = decimal_value(row["readingValue"]), row["readingDate"]
        if value is not None and isinstance(when, datetime):
            points.setdefault(row["metric"], []).append((when, value))
    return {metric: found[-last:] for metric, found in points.items()}
