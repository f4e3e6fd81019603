"""OKR attainment: each key result's progress and status, rolled up to objectives and themes.

The catalog question ``okr-status`` lists what each key result states (baseline value and
date, target value, unit, direction, deadline) and the latest reading of each metric aligned
with it; this module computes, as of an instant, what SPARQL cannot compute the same way on
every engine (date arithmetic, ratios that may divide by zero). The rules, which
``docs/ontology.md`` documents, are these constants and :func:`status_of`:

* **current value**: the latest reading of a metric aligned with the key result
  (``vsg:alignedWith``); of several aligned metrics, the one read last (then the first by
  IRI). A key result has no readings of its own: its metrics carry them. The as-of
  instant only sets the elapsed share: the latest reading counts even if taken after it.
* **progress** = (current − baseline) / (target − baseline): 0 at the baseline, 1 (100 %)
  at the target, whatever the direction (a lower-is-better target lies below its baseline,
  so the signs cancel). Above 1 the key result has gone beyond its target; below 0 it has
  gone backwards.
* **elapsed share** = (as of − start) / (deadline − start), kept within 0 and 1, where the
  start is the key result's baseline date or, without one, the date of the first reading
  of its metric. A deadline not after the start counts as fully elapsed.
* **status**: *on track* when progress ≥ elapsed share (:data:`ON_TRACK_SHARE` × it);
  *at risk* when progress ≥ :data:`AT_RISK_SHARE` (70 %) × elapsed share; *off track*
  otherwise. After the deadline a key result is thus on track only once it has reached its
  target, and at risk when it has come 70 % of the way. A key result without a baseline,
  a target (or with a target equal to its baseline), a deadline or a current value has no
  status (:attr:`KeyResultStatus.missing` says what it lacks).
* **roll-up**: an objective's status is the worst status of its key results, a theme's the
  worst of its objectives' (off track is worse than at risk, which is worse than on track);
  key results without a status do not count, and an objective none of whose key results
  has one has none.

"This quarter" is the calendar quarter holding the as-of instant:
:func:`objectives_off_track` looks at the key results due in it, those whose deadline is
after the quarter's first instant and no later than the next quarter's (a deadline of
2026-04-01, midnight, closes the first quarter of 2026).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.queries import run_query
from vsgraph.query_catalog.tables import decimal_value

#: The catalog question the statuses are computed from.
OKR_QUESTION = "okr-status"

ON_TRACK = "on track"
AT_RISK = "at risk"
OFF_TRACK = "off track"
#: The statuses from best to worst; a roll-up takes the worst.
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK)
#: On track: progress at least this share of the elapsed share of the time.
ON_TRACK_SHARE = Decimal(1)
#: At risk: progress at least this share of the elapsed share, but below on track.
AT_RISK_SHARE = Decimal("0.7")


@dataclass(frozen=True)
class KeyResultStatus:
    """A key result's inputs, progress and status as of an instant.

    ``progress`` and ``elapsed`` are fractions (1 = 100 %), exact; ``status`` is one of
    :data:`STATUSES` or ``None`` when ``missing`` names what the key result lacks.
    """

    key_result: str
    label: str | None
    objective: str | None
    objective_label: str | None
    theme: str | None
    theme_label: str | None
    unit: str | None
    direction: str | None
    baseline: Decimal | None
    target: Decimal | None
    start: datetime | None
    deadline: datetime | None
    metric: str | None
    current: Decimal | None
    current_date: datetime | None
    progress: Decimal | None
    elapsed: Decimal | None
    status: str | None
    missing: tuple[str, ...]


@dataclass(frozen=True)
class RolledStatus:
    """An objective's or a theme's status, the worst beneath it, and what it rolls up."""

    iri: str
    label: str | None
    status: str | None
    parts: tuple[str, ...]


@dataclass(frozen=True)
class OkrStatus:
    """Every key result's status as of ``at``, rolled up to objectives and themes (by IRI)."""

    at: datetime
    key_results: dict[str, KeyResultStatus]
    objectives: dict[str, RolledStatus]
    themes: dict[str, RolledStatus]


def status_of(progress: Decimal, elapsed: Decimal) -> str:
    """The status of a key result with this progress when this share of its time has elapsed."""
    if progress >= ON_TRACK_SHARE * elapsed:
        return ON_TRACK
    if progress >= AT_RISK_SHARE * elapsed:
        return AT_RISK
    return OFF_TRACK


def worst(statuses: Iterable[str | None]) -> str | None:
    """The worst of the statuses given, ``None`` ones left out; ``None`` when none is left."""
    known = [status for status in statuses if status is not None]
    return max(known, key=STATUSES.index, default=None)


def okr_status(portfolio: Portfolio, at: date | datetime | None = None) -> OkrStatus:
    """Every key result's progress and status as of ``at`` (now when ``None``; a date is its
    midnight, a naive instant UTC), rolled up to objectives and themes."""
    return okr_status_from(run_query(portfolio, OKR_QUESTION).rows, at)


def okr_status_from(rows: Iterable[Mapping[str, Any]], at: date | datetime | None = None) -> OkrStatus:
    """The statuses from the rows of an ``okr-status`` answer, as :func:`okr_status`."""
    now = _instant(at) if at is not None else datetime.now(UTC)
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["keyResult"], []).append(row)
    key_results = {iri: _key_result(iri, found, now) for iri, found in sorted(grouped.items())}
    objectives = _roll_up(
        ((kr.objective, kr.objective_label, kr.key_result, kr.status) for kr in key_results.values()),
    )
    themes = _roll_up(
        (
            (kr.theme, kr.theme_label, kr.objective, objectives[kr.objective].status)
            for kr in key_results.values()
            if kr.objective is not None
        ),
    )
    return OkrStatus(now, key_results, objectives, themes)


def quarter(at: date | datetime) -> tuple[datetime, datetime]:
    """The calendar quarter holding ``at``: its first instant and the first of the next (UTC)."""
    instant = _instant(at)
    first_month = 3 * ((instant.month - 1) // 3) + 1
    start = datetime(instant.year, first_month, 1, tzinfo=UTC)
    end = datetime(instant.year + 1, 1, 1, tzinfo=UTC) if first_month == 10 else start.replace(month=first_month + 3)
    return start, end


def objectives_off_track(portfolio: Portfolio, at: date | datetime | None = None) -> dict[str, RolledStatus]:
    """The objectives off track this quarter: those whose key results due in the quarter
    holding ``at`` (now when ``None``) roll up to off track, by IRI."""
    status = okr_status(portfolio, at)
    start, end = quarter(status.at)
    due = [kr for kr in status.key_results.values() if kr.deadline is not None and start < kr.deadline <= end]
    objectives = _roll_up((kr.objective, kr.objective_label, kr.key_result, kr.status) for kr in due)
    return {iri: rolled for iri, rolled in objectives.items() if rolled.status == OFF_TRACK}


def _key_result(iri: str, rows: list[Mapping[str, Any]], now: datetime) -> KeyResultStatus:
    first = rows[0]
    baseline, target = decimal_value(first["baselineValue"]), decimal_value(first["targetValue"])
    deadline = _optional_instant(first["deadline"])
    readings = [
        (_instant(row["latestDate"]), row["metric"], decimal_value(row["latestValue"]), _optional_instant(row["firstDate"]))
        for row in rows
        if row["metric"] is not None and isinstance(row["latestDate"], datetime) and decimal_value(row["latestValue"]) is not None
    ]
    # The metric read last; of readings on that date, the first metric by IRI, its lowest value.
    latest = max(readings, key=lambda r: (r[0], _reverse(r[1]), -(r[2] or 0)), default=None)
    metric, current, current_date = (latest[1], latest[2], latest[0]) if latest else (None, None, None)
    start = _optional_instant(first["baselineDate"]) or (latest[3] if latest else None)
    missing = tuple(
        name
        for name, absent in (
            ("baseline value", baseline is None),
            ("target value", target is None),
            ("a target different from the baseline", baseline is not None and target is not None and target == baseline),
            ("deadline", deadline is None),
            ("current value (a reading of an aligned metric)", current is None),
            ("start (a baseline date or a reading)", start is None),
        )
        if absent
    )
    progress = elapsed = None
    status = None
    if not missing:
        assert baseline is not None and target is not None and current is not None
        assert start is not None and deadline is not None
        progress = (current - baseline) / (target - baseline)
        elapsed = _elapsed(start, deadline, now)
        status = status_of(progress, elapsed)
    return KeyResultStatus(
        key_result=iri,
        label=first["keyResultLabel"],
        objective=first["objective"],
        objective_label=first["objectiveLabel"],
        theme=first["theme"],
        theme_label=first["themeLabel"],
        unit=first["unit"] if isinstance(first["unit"], str) else None,
        direction=first["direction"],
        baseline=baseline,
        target=target,
        start=start,
        deadline=deadline,
        metric=metric,
        current=current,
        current_date=current_date,
        progress=progress,
        elapsed=elapsed,
        status=status,
        missing=missing,
    )


def _elapsed(start: datetime, deadline: datetime, now: datetime) -> Decimal:
    """The share of the time from ``start`` to ``deadline`` gone by ``now``, within 0..1."""
    if deadline <= start:
        return Decimal(1)
    share = Decimal(_seconds(now - start)) / Decimal(_seconds(deadline - start))
    return min(Decimal(1), max(Decimal(0), share))


def _seconds(delta: Any) -> int:
    return delta.days * 86400 + delta.seconds


def _roll_up(parts: Iterable[tuple[str | None, str | None, str | None, str | None]]) -> dict[str, RolledStatus]:
    """``(whole, its label, part, the part's status)`` rolled up to each whole's worst status."""
    labels: dict[str, str | None] = {}
    members: dict[str, list[str]] = {}
    statuses: dict[str, list[str | None]] = {}
    for whole, label, part, status in parts:
        if whole is None:
            continue
        labels.setdefault(whole, label)
        if part is not None and part not in members.setdefault(whole, []):
            members[whole].append(part)
            statuses.setdefault(whole, []).append(status)
    return {
        whole: RolledStatus(whole, labels[whole], worst(statuses.get(whole, ())), tuple(members.get(whole, ())))
        for whole in sorted(labels)
    }


def _reverse(text: str) -> tuple[int, ...]:
    """A key that sorts strings in reverse, so that ``max`` picks the first by IRI."""
    return (*(-ord(character) for character in text), 0)


def _instant(value: date | datetime) -> datetime:
    """A date as its midnight and a naive instant as UTC, so that all compare."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _optional_instant(value: Any) -> datetime | None:
    return _instant(value) if isinstance(value, (date, datetime)) else None
