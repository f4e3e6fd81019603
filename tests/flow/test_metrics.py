"""The six flow metrics of a small tracker export, computed by hand, on both engines.

The export (tests/data/flow/checkout-items.csv, in the check-out stream's own mapping,
tests/data/flow/mapping.yaml) holds, in days of January 2026 at midnight UTC unless said:

====  ==========  ==========================================================================
item  type        history
====  ==========  ==========================================================================
A-1   feature     new 1, active 2, In Review 5 and Done 5 (two changes at the same time,
                  ordered by the chain): done 5
A-2   defect      new 1, active 3, Blocked (waiting) 4, active 6, done 8
A-3   feature     new 5, active 10, waiting 13, Peer Check (active, the mapping's) 17, done
                  18: crosses the edge between the periods
A-4   debt        new 2, active 4, Won't Do (canceled) 9
A-5   feature     new 1, active 6, done 12, Reopened (waiting) 16, active 19, done 21: the
                  reopened item (its rows are out of order in the file)
A-6   risk        new 14, active 15 at 13:00+01:00 (12:00 UTC), done 20
A-7   defect      new 20, active 22: still in progress
A-8   feature     new 3: never moved
====  ==========  ==========================================================================

and the payments stream one defect, B-1: new 1, active 2, done 4. The periods are
P1 = [1 Jan, 15 Jan) and P2 = [15 Jan, 29 Jan), 14 days each. The PI objectives are in
tests/data/flow/shop.ttl.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

import vsgraph
from tests.support.answers import ENGINES
from tests.support.paths import DATA
from vsgraph import flow
from vsgraph.errors import QueryError

FLOW = DATA / "flow"
SHOP = "https://example.org/shop/"
CHECKOUT, PAYMENTS = SHOP + "checkout", SHOP + "payments"
ITEMS = CHECKOUT + "/work-items/"
DAY = timedelta(days=1)
P1 = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC))
P2 = (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 1, 29, tzinfo=UTC))


def shop(engine: str) -> vsgraph.Portfolio:
    portfolio = vsgraph.load(FLOW / "shop.ttl", engine=engine)
    flow.add_work_items(portfolio, FLOW / "checkout-items.csv", stream=CHECKOUT, mapping=flow.load_mapping(FLOW / "mapping.yaml"))
    flow.add_work_items(portfolio, FLOW / "payments-items.csv", stream=PAYMENTS)
    return portfolio


@pytest.fixture(scope="module", params=ENGINES)
def portfolio(request) -> vsgraph.Portfolio:
    return shop(request.param)


@pytest.fixture(scope="module")
def metrics(portfolio) -> dict[tuple[str, datetime], flow.FlowMetrics]:
    return {(row.stream, row.start): row for row in flow.flow_metrics(portfolio, [P1, P2])}


def one(metrics, stream, period):
    return metrics[(stream, period[0])]


def test_one_row_per_stream_and_period(metrics):
    assert sorted(metrics) == [(CHECKOUT, P1[0]), (CHECKOUT, P2[0]), (PAYMENTS, P1[0]), (PAYMENTS, P2[0])]
    assert one(metrics, CHECKOUT, P1).end == P1[1]


def test_velocity_counts_items_completed_in_the_period(metrics):
    # P1: A-1 (5), A-2 (8). A-5 was done on 12 but reopened: it counts at its last done, 21.
    # P2: A-3 (18, started in P1), A-6 (20), A-5 (21). A-4 was canceled: never completed.
    assert one(metrics, CHECKOUT, P1).completed_items == (ITEMS + "A-1", ITEMS + "A-2")
    assert one(metrics, CHECKOUT, P2).completed_items == (ITEMS + "A-3", ITEMS + "A-5", ITEMS + "A-6")
    assert [one(metrics, CHECKOUT, p).velocity for p in (P1, P2)] == [2, 3]
    assert [one(metrics, PAYMENTS, p).velocity for p in (P1, P2)] == [1, 0]


def test_distribution_is_the_share_of_each_type_among_completed_items(metrics):
    p1, p2 = one(metrics, CHECKOUT, P1), one(metrics, CHECKOUT, P2)
    assert p1.distribution == {"feature": 1, "defect": 1, "risk": 0, "debt": 0}
    assert p1.distribution_percent == {"feature": 50, "defect": 50, "risk": 0, "debt": 0}
    assert p2.distribution == {"feature": 2, "defect": 0, "risk": 1, "debt": 0}
    # 2/3 and 1/3, to one decimal place
    assert p2.distribution_percent == {"feature": Decimal("66.7"), "defect": 0, "risk": Decimal("33.3"), "debt": 0}
    assert one(metrics, PAYMENTS, P2).distribution_percent == dict.fromkeys(("feature", "defect", "risk", "debt"))


def test_flow_time_runs_from_the_first_active_or_waiting_to_the_last_done(metrics):
    p1 = one(metrics, CHECKOUT, P1)
    # 2 -> 5 = 3 days; A-2: 3 -> 8 = 5 days
    assert p1.measured_items == 2
    assert p1.flow_time_total == 8 * DAY
    assert p1.flow_time_average == 4 * DAY
    p2 = one(metrics, CHECKOUT, P2)
    # 10 -> 18 = 8 days, all of it although it started in P1
    # 6 -> 21 = 15 days, the done days 12-16 before it was reopened included
    # 15 12:00 -> 20 = 4.5 days
    assert p2.flow_time_total == (8 + 15 + 4.5) * DAY
    assert p2.flow_time_average == (8 + 15 + 4.5) * DAY / 3


def test_flow_efficiency_is_active_time_over_flow_time(metrics):
    p1 = one(metrics, CHECKOUT, P1)
    # active: A-1 3 days (In Review is active too); A-2 1 (3-4) + 2 (6-8) = 3 of 5
    assert p1.active_time_total == 6 * DAY
    assert p1.waiting_time_total == 2 * DAY
    assert p1.flow_efficiency_percent == Decimal("75.0")  # 6 / 8
    p2 = one(metrics, CHECKOUT, P2)
    # 3 (10-13) + 1 (17-18) = 4 of 8; A-5: 6 (6-12) + 2 (19-21) = 8 of 15; A-6: 4.5 of 4.5
    assert p2.active_time_total == 16.5 * DAY
    assert p2.flow_efficiency_percent == Decimal("60.0")  # 16.5 / 27.5
    assert one(metrics, PAYMENTS, P1).flow_efficiency_percent == Decimal("100.0")
    assert one(metrics, PAYMENTS, P2).flow_efficiency_percent is None


def test_load_is_the_items_active_or_waiting(metrics, portfolio):
    p1, p2 = one(metrics, CHECKOUT, P1), one(metrics, CHECKOUT, P2)
    # item-days in flow in P1: A-1 3 (2-5), A-2 5 (3-8), A-3 5 (10-15), A-4 5 (4-9, canceled
    # on 9), A-5 6 (6-12; done, so out of the load, from 12) = 24 over 14 days
    assert p1.average_load == (Decimal(24) / 14).quantize(Decimal("0.01"))  # 1.71
    # in P2: A-3 3 (15-18), A-5 5 (16-21, back in the load when reopened), A-6 4.5 (15 12:00-20),
    # A-7 7 (22-29) = 19.5 over 14 days
    assert p2.average_load == (Decimal("19.5") / 14).quantize(Decimal("0.01"))  # 1.39
    # at 15 Jan 00:00 only A-3 is in flow (waiting); A-5 is done then. At 29 Jan only A-7.
    assert (p1.load_at_end, p2.load_at_end) == (1, 1)
    assert one(metrics, PAYMENTS, P1).average_load == (Decimal(2) / 14).quantize(Decimal("0.01"))


def test_predictability_is_actual_over_committed_planned_business_value(metrics):
    p1 = one(metrics, CHECKOUT, P1).predictability
    # o1 committed 10 -> 7, o2 committed by default 5 -> 5, o3 stretch 3 -> 2: 14 of 15
    assert p1 is not None
    assert (p1.objectives, p1.planned_business_value, p1.actual_business_value) == (3, 15, 14)
    assert (p1.percent, p1.band) == (Decimal("93.3"), "within")
    p2 = one(metrics, CHECKOUT, P2).predictability
    # o4 8 -> 4; o5 is not assessed and left out; o6 is due after P2
    assert p2 is not None
    assert (p2.objectives, p2.planned_business_value, p2.actual_business_value) == (1, 8, 4)
    assert (p2.percent, p2.band) == (50, "below")
    assert one(metrics, PAYMENTS, P1).predictability is None


def test_both_engines_give_identical_metrics():
    answers = [flow.flow_metrics(shop(engine), flow.periods("2026-01-01", "2026-01-29", 14)) for engine in ENGINES]
    assert answers[0] == answers[1]
    assert len(answers[0]) == 4


def test_the_python_metrics_agree_with_the_catalog(portfolio):
    """Velocity from flow-item-history (Python) equals flow-distribution's (SPARQL); the
    load series equals flow-load at every instant."""
    for start, end in (P1, P2):
        completed = [f for f in flow.item_flows(portfolio, start, end) if f.completed_at and start <= f.completed_at < end]
        table = vsgraph.run_query(portfolio, "flow-velocity", {"from": start.isoformat(), "to": end.isoformat()})
        assert {row["stream"]: row["completed"] for row in table.rows} == {
            stream: sum(1 for f in completed if f.stream == stream) for stream in {f.stream for f in completed}
        }
    series = flow.load_series(portfolio, P1[0], P2[1], timedelta(hours=12))
    assert len(series) == 56
    for moment, counts in series:
        assert counts == flow.load_at(portfolio, moment), moment


def test_velocity_sums_the_business_value_of_completed_items(portfolio):
    table = vsgraph.run_query(portfolio, "flow-velocity", {"from": "2026-01-01", "to": "2026-01-15"})
    # A-1 8 + A-2 3; B-1 states none
    assert [(row["stream"], row["completed"], row["businessValue"]) for row in table.rows] == [
        (CHECKOUT, 2, 11),
        (PAYMENTS, 1, 0),
    ]


def test_load_at_counts_active_and_waiting(portfolio):
    table = vsgraph.run_query(portfolio, "flow-load", at="2026-01-07T00:00:00Z")
    # checkout on 7 Jan: A-2 active (6-8), A-4 active (4-9), A-5 active (6-12); A-1 done on 5,
    # A-3 new until 10. Payments: B-1 done on 4.
    assert [(row["stream"], row["load"], row["active"], row["waiting"]) for row in table.rows] == [(CHECKOUT, 3, 3, 0)]
    table = vsgraph.run_query(portfolio, "flow-load", at="2026-01-16T00:00:00Z")
    # A-3 waiting (13-17), A-5 waiting (reopened at 16: changes at the instant count), A-6 active
    assert [(row["load"], row["active"], row["waiting"]) for row in table.rows] == [(3, 1, 2)]


def test_periods_cut_a_window_into_days():
    assert flow.periods("2026-01-01", "2026-01-29", 14) == [P1, P2]
    assert flow.periods("2026-01-01", "2026-01-20", 14)[-1] == (P2[0], datetime(2026, 1, 20, tzinfo=UTC))
    with pytest.raises(QueryError, match="does not come after"):
        flow.periods("2026-01-29", "2026-01-01", 14)
    with pytest.raises(QueryError, match="not a date"):
        flow.periods("the first of January", "2026-01-29", 14)


def test_an_item_never_started_has_no_flow_time():
    """Done straight from new: it counts in velocity, but not in flow time or efficiency."""
    item = flow.ItemFlow("x", "s", "feature", ((P1[0], "new"), (P1[0] + DAY, "done")))
    assert item.completed_at == P1[0] + DAY
    assert item.flow_time is None and item.started_at is None
