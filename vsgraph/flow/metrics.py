"""The six flow metrics per value stream and period, from the catalog's answers.

Distribution and velocity (``flow-distribution``), load at an instant (``flow-load``) and
predictability (``flow-predictability``) are plain SPARQL. Flow time, flow efficiency and
load over time need the time between one state change and the next as a number, which
SPARQL 1.1 cannot compute portably (it has no function from a duration to a number), so
they are computed here from ``flow-item-history``, the state changes of the items that were
in flow or completed in the window, as :mod:`vsgraph.query_catalog.critical_path` does for
the designed flow. The answers are the catalog's, so both engines give the same metrics.

The semantics (``docs/flow-metrics.md``):

* an item is *in flow* while its flow state is active or waiting: it *starts* when it first
  enters one of them, and counts in the load until it is done or canceled (or back to new);
* an item is *completed* at its latest state change when that change enters done: an item
  reopened after done counts once, at its last done; a canceled item is never completed;
* its *flow time* runs from its start to its completion, its *active time* is the part of
  it spent active, and everything else in between (waiting, back to new, done before it was
  reopened) is waiting time; an item completed without ever being active or waiting has no
  flow time and is left out of flow time and flow efficiency;
* a period is the window ``[start, end)``; an item counts in the period in which it was
  completed, with its whole flow time, even when it started in an earlier period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from vsgraph.errors import QueryError
from vsgraph.flow.mapping import FLOW_ITEM_TYPES, FLOW_STATES
from vsgraph.limits import quoted
from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.queries import run_query

#: The catalog questions the metrics are computed from.
DISTRIBUTION_QUESTION = "flow-distribution"
LOAD_QUESTION = "flow-load"
PREDICTABILITY_QUESTION = "flow-predictability"
HISTORY_QUESTION = "flow-item-history"

#: Flow state names by their IRIs, and flow item type names by theirs.
_STATE_NAMES = {str(iri): name for name, iri in FLOW_STATES.items()}
_TYPE_NAMES = {str(iri): name for name, iri in FLOW_ITEM_TYPES.items()}
#: The flow states that make an item part of the load.
IN_FLOW = frozenset({"active", "waiting"})

Instant = datetime | date | str


@dataclass(frozen=True)
class ItemFlow:
    """One work item's state changes, in order, and what the metrics read from them."""

    item: str
    stream: str
    type: str | None
    #: ``(time, flow state name)`` in the order of the chain of changes.
    changes: tuple[tuple[datetime, str], ...]

    @property
    def completed_at(self) -> datetime | None:
        """The time of the latest change when it entered done; else ``None``."""
        if self.changes and self.changes[-1][1] == "done":
            return self.changes[-1][0]
        return None

    @property
    def started_at(self) -> datetime | None:
        """When the item first became active or waiting; ``None`` if it never did."""
        return next((at for at, state in self.changes if state in IN_FLOW), None)

    @property
    def flow_time(self) -> timedelta | None:
        """From start to completion, for a completed item that started; else ``None``."""
        done, start = self.completed_at, self.started_at
        if done is None or start is None:
            return None
        return max(done - start, timedelta(0))

    @property
    def active_time(self) -> timedelta | None:
        """The part of the flow time spent in the active flow state."""
        done, start = self.completed_at, self.started_at
        if done is None or start is None:
            return None
        return self._time_in({"active"}, start, done)

    def time_in_flow(self, start: datetime, end: datetime) -> timedelta:
        """How long the item was active or waiting within ``[start, end)``."""
        return self._time_in(IN_FLOW, start, end)

    def state_at(self, instant: datetime) -> str | None:
        """The flow state after every change up to and including ``instant``."""
        state = None
        for at, entered in self.changes:
            if at > instant:
                break
            state = entered
        return state

    def _time_in(self, states: Iterable[str], start: datetime, end: datetime) -> timedelta:
        wanted = set(states)
        total = timedelta(0)
        for index, (at, state) in enumerate(self.changes):
            if state not in wanted:
                continue
            until = self.changes[index + 1][0] if index + 1 < len(self.changes) else end
            low, high = max(at, start), min(until, end)
            if high > low:
                total += high - low
        return total


@dataclass(frozen=True)
class Predictability:
    """The business value of a stream's PI objectives due in a period."""

    objectives: int
    planned_business_value: Decimal
    actual_business_value: Decimal
    #: ``100 × actual / planned``, one decimal place; ``None`` when nothing was planned.
    percent: Decimal | None
    #: ``"below"`` 80, ``"within"`` 80–100 or ``"above"`` 100 percent; ``None`` with ``percent``.
    band: str | None


@dataclass(frozen=True)
class FlowMetrics:
    """The six flow metrics of one value stream in one period ``[start, end)``."""

    stream: str
    start: datetime
    end: datetime
    #: Flow velocity: items completed in the period.
    velocity: int
    #: Flow distribution: completed items by flow item type (every type, 0 when none).
    distribution: dict[str, int]
    #: The same as percentages of the velocity, one decimal place (``None`` when nothing was completed).
    distribution_percent: dict[str, Decimal | None]
    #: Completed items that have a flow time (they were active or waiting at some point).
    measured_items: int
    #: Flow time: the sum and the average over the measured items (``None`` when none).
    flow_time_total: timedelta
    flow_time_average: timedelta | None
    #: Active time summed over the measured items; waiting time is the rest of their flow time.
    active_time_total: timedelta
    #: Flow efficiency: active time as a percentage of flow time, over the measured items.
    flow_efficiency_percent: Decimal | None
    #: Flow load: the items in flow averaged over the period (time-weighted, two decimal places).
    average_load: Decimal
    #: Flow load at the instant the period ends (``flow-load`` with ``at`` = ``end``).
    load_at_end: int
    #: Predictability of the PI objectives due in the period; ``None`` when none was assessed.
    predictability: Predictability | None = None
    #: The completed items, by IRI, in IRI order.
    completed_items: tuple[str, ...] = field(default=())

    @property
    def waiting_time_total(self) -> timedelta:
        """Flow time not spent active: waiting, back to new, or done before a reopening."""
        return self.flow_time_total - self.active_time_total


def periods(start: Instant, end: Instant, days: int) -> list[tuple[datetime, datetime]]:
    """Consecutive windows of ``days`` days from ``start`` up to ``end``, the last one cut at ``end``."""
    first, last = instant(start), instant(end)
    if days < 1:
        raise QueryError(f"a period lasts at least one day, not {days}")
    if last <= first:
        raise QueryError(f"the end {last.isoformat()} does not come after the start {first.isoformat()}")
    windows = []
    while first < last:
        following = min(first + timedelta(days=days), last)
        windows.append((first, following))
        first = following
    return windows


def flow_metrics(portfolio: Portfolio, windows: Sequence[tuple[Instant, Instant]]) -> list[FlowMetrics]:
    """The six flow metrics of every value stream with work items or PI objectives, for each
    window ``(start, end)`` (see :func:`periods`), ordered by stream then period. A stream
    that has data in some window has a row, of zeros where need be, in every window."""
    computed: list[tuple[datetime, datetime, dict[str, dict[str, Any]]]] = []
    streams: set[str] = set()
    for given_start, given_end in windows:
        start, end = _window(given_start, given_end)
        parts = _period(portfolio, start, end)
        streams |= parts.keys()
        computed.append((start, end, parts))
    rows = []
    for stream in sorted(streams):
        for start, end, parts in computed:
            rows.append(_metrics(stream, start, end, parts.get(stream, {})))
    return rows


def item_flows(portfolio: Portfolio, start: Instant, end: Instant) -> list[ItemFlow]:
    """The work items that were in flow or completed in ``[start, end)``, with their whole
    history, in stream and item order (from ``flow-item-history``)."""
    first, last = _window(start, end)
    rows = run_query(portfolio, HISTORY_QUESTION, {"from": first, "to": last}).rows
    return item_flows_from(rows)


def item_flows_from(rows: Iterable[Mapping[str, Any]]) -> list[ItemFlow]:
    """The items in the rows of a ``flow-item-history`` answer."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault(row["item"], {"stream": row["stream"], "type": row["type"], "changes": {}})
        at = row["changedAt"]
        if not isinstance(at, datetime) or row["state"] not in _STATE_NAMES:
            continue  # an ill-typed time or an unknown state (validation reports both)
        entry["changes"].setdefault(row["change"], (_utc(at), _STATE_NAMES[row["state"]], row["previous"]))
    flows = [
        ItemFlow(item, entry["stream"], _TYPE_NAMES.get(entry["type"] or ""), _ordered(entry["changes"]))
        for item, entry in found.items()
    ]
    return sorted(flows, key=lambda flow: (flow.stream, flow.item))


def load_at(portfolio: Portfolio, at: Instant) -> dict[str, int]:
    """Flow load per stream at the instant ``at`` (``flow-load``): streams with none are absent."""
    rows = run_query(portfolio, LOAD_QUESTION, at=instant(at)).rows
    return {row["stream"]: int(row["load"]) for row in rows}


def load_series(portfolio: Portfolio, start: Instant, end: Instant, step: timedelta) -> list[tuple[datetime, dict[str, int]]]:
    """Flow load per stream at ``start``, ``start + step``, ... up to but excluding ``end``:
    the load over time, as a series (streams with no load at an instant are absent)."""
    first, last = _window(start, end)
    if step <= timedelta(0):
        raise QueryError("the step of a load series must be positive")
    flows = item_flows(portfolio, first, last)
    series = []
    moment = first
    while moment < last:
        counts: dict[str, int] = {}
        for flow in flows:
            if flow.state_at(moment) in IN_FLOW:
                counts[flow.stream] = counts.get(flow.stream, 0) + 1
        series.append((moment, counts))
        moment += step
    return series


def instant(value: Instant) -> datetime:
    """A point in time, in UTC: a ``datetime`` (one without a time zone is UTC), a ``date``
    (its midnight UTC) or ISO 8601 text (``2026-01-15``, ``2026-01-15T09:30:00+01:00``)."""
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        return _utc(datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")))
    except ValueError as exc:
        raise QueryError(f"{quoted(value)} is not a date or a date and time such as 2026-01-15T09:30:00Z") from exc


def _window(start: Instant, end: Instant) -> tuple[datetime, datetime]:
    first, last = instant(start), instant(end)
    if last <= first:
        raise QueryError(f"the window ends ({last.isoformat()}) before it starts ({first.isoformat()})")
    return first, last


def _period(portfolio: Portfolio, start: datetime, end: datetime) -> dict[str, dict[str, Any]]:
    """Each stream's answers for one period: keyed by stream, then by part."""
    window = {"from": start, "to": end}
    parts: dict[str, dict[str, Any]] = {}
    for row in run_query(portfolio, DISTRIBUTION_QUESTION, window).rows:
        parts.setdefault(row["stream"], {})["distribution"] = row
    for row in run_query(portfolio, PREDICTABILITY_QUESTION, window).rows:
        parts.setdefault(row["stream"], {})["predictability"] = row
    for row in run_query(portfolio, LOAD_QUESTION, at=end).rows:
        parts.setdefault(row["stream"], {})["load"] = row
    for flow in item_flows(portfolio, start, end):
        parts.setdefault(flow.stream, {}).setdefault("flows", []).append(flow)
    return parts


def _metrics(stream: str, start: datetime, end: datetime, parts: Mapping[str, Any]) -> FlowMetrics:
    distribution_row = parts.get("distribution") or {}
    velocity = int(distribution_row.get("completed") or 0)
    counts: dict[str, int] = {name: int(distribution_row.get(f"{name}s") or 0) for name in FLOW_ITEM_TYPES}
    shares: dict[str, Decimal | None] = {
        name: (Decimal(distribution_row[f"{name}Percent"]) if velocity else None) for name in FLOW_ITEM_TYPES
    }
    flows: list[ItemFlow] = parts.get("flows", [])
    completed = [flow for flow in flows if (done := flow.completed_at) is not None and start <= done < end]
    measured = [flow for flow in completed if flow.flow_time is not None]
    total = sum((flow.flow_time or timedelta(0) for flow in measured), timedelta(0))
    active = sum((flow.active_time or timedelta(0) for flow in measured), timedelta(0))
    in_flow = sum((flow.time_in_flow(start, end) for flow in flows), timedelta(0))
    load_row = parts.get("load") or {}
    return FlowMetrics(
        stream=stream,
        start=start,
        end=end,
        velocity=velocity,
        distribution=counts,
        distribution_percent=shares,
        measured_items=len(measured),
        flow_time_total=total,
        flow_time_average=total / len(measured) if measured else None,
        active_time_total=active,
        flow_efficiency_percent=_percent(active, total),
        average_load=_rounded(Decimal(in_flow.total_seconds()) / Decimal((end - start).total_seconds()), "0.01"),
        load_at_end=int(load_row.get("load") or 0),
        predictability=_predictability(parts.get("predictability")),
        completed_items=tuple(sorted(flow.item for flow in completed)),
    )


def _predictability(row: Mapping[str, Any] | None) -> Predictability | None:
    """SAFe's predictability from the sums ``flow-predictability`` gives: the percentage and
    its band are worked out here, where a stream with no committed value planned needs no
    guard that some servers evaluate anyway (Virtuoso divides before HAVING filters)."""
    if not row:
        return None
    planned, actual = Decimal(row["plannedBusinessValue"]), Decimal(row["actualBusinessValue"])
    percent = _rounded(100 * actual / planned, "0.1") if planned > 0 else None
    return Predictability(
        objectives=int(row["objectives"]),
        planned_business_value=planned,
        actual_business_value=actual,
        percent=percent,
        band=None if percent is None else "below" if percent < 80 else "above" if percent > 100 else "within",
    )


def _percent(part: timedelta, whole: timedelta) -> Decimal | None:
    if whole <= timedelta(0):
        return None
    return _rounded(100 * Decimal(part.total_seconds()) / Decimal(whole.total_seconds()), "0.1")


def _rounded(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), ROUND_HALF_UP)


def _ordered(changes: Mapping[str, tuple[datetime, str, str | None]]) -> tuple[tuple[datetime, str], ...]:
    """The changes in the order of their chain (``vsg:previousStateChange``) when it is one
    unbroken chain; else (bad data, which validation reports) by time, then IRI."""
    following = {previous: change for change, (_, _, previous) in changes.items() if previous is not None}
    firsts = [change for change, (_, _, previous) in changes.items() if previous is None]
    order: list[str] = []
    if len(firsts) == 1 and len(following) == len(changes) - 1:
        current: str | None = firsts[0]
        while current is not None and current in changes and len(order) <= len(changes):
            order.append(current)
            current = following.get(current)
    if len(order) != len(changes) or len(set(order)) != len(order):
        order = sorted(changes, key=lambda change: (changes[change][0], change))
    return tuple((changes[change][0], changes[change][1]) for change in order)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
