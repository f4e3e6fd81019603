"""OKR attainment: progress, status at each rule boundary, roll-up, "off track this quarter".

Worked out by hand from ``tests/data/queries/okr.ttl``, asked as of 2026-01-06T00:00Z:
key results that start on 2026-01-01 and are due on 2026-01-11 have had 5 of their 10
days, an elapsed share of 0.5; on track needs progress >= 0.5, at risk >= 0.35.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tests.support.answers import ENGINES, answer, portfolio
from tests.support.paths import DATA
from vsgraph.query_catalog.okr import (
    AT_RISK,
    AT_RISK_SHARE,
    OFF_TRACK,
    ON_TRACK,
    objectives_off_track,
    okr_status,
    quarter,
    status_of,
    worst,
)

OKR = DATA / "queries" / "okr.ttl"
AT = datetime(2026, 1, 6, tzinfo=UTC)
D = Decimal


def _local(iri: str | None) -> str | None:
    return None if iri is None else iri.rsplit("/", 1)[-1]


@pytest.mark.parametrize("engine", ENGINES)
def test_okr_status_lists_what_each_key_result_states_and_its_metrics_latest_reading(engine: str) -> None:
    rows = answer(OKR, engine, "okr-status")
    jan = lambda day: datetime(2026, 1, day, tzinfo=UTC)  # noqa: E731
    # (theme, objective, key result, unit, direction, baseline, baseline date, target,
    #  deadline, metric, first reading, latest reading, latest value)
    stated = ("grow", "effortless", "on-exact", "percent", "HigherIsBetter", 0, jan(1), 100, jan(11))
    assert [row for row in rows if row[2] == "on-exact"] == [
        (*stated, "m-on-exact", jan(3), jan(5), 50),
        (*stated, "m-on-exact-old", jan(2), jan(2), 90),
    ]
    assert [row for row in rows if row[2] == "unread"] == [
        ("keep", "quiet", "unread", None, None, 0, jan(1), 100, jan(11), None, None, None, None),
    ]
    assert [row for row in rows if row[2] == "from-first-reading"] == [
        ("keep", "later", "from-first-reading", None, None, 0, None, 100, jan(12), "m-from-first", jan(2), jan(5), 40),
    ]
    # Ordered by theme, objective, key result, metric; one row per aligned metric.
    assert [row[2] for row in rows] == [
        "lower",
        "on-exact",
        "on-exact",
        "on-below",
        "risk-exact",
        "due-in-july",
        "from-first-reading",
        "unread",
        "flat",
        "risk-below",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_each_key_result_is_judged_at_the_rule_boundaries(engine: str) -> None:
    status = okr_status(portfolio(OKR, engine), AT)
    found = {_local(iri): (kr.progress, kr.elapsed, kr.status) for iri, kr in status.key_results.items()}
    half = D("0.5")
    assert found == {
        "on-exact": (half, half, ON_TRACK),  # 50 / 100 = 0.5: exactly on track
        "lower": (half, half, ON_TRACK),  # (5 - 10) / (0 - 10): lower is better, exactly on track
        "on-below": (D("0.499"), half, AT_RISK),  # just below on track
        "risk-exact": (D("0.35"), half, AT_RISK),  # 0.7 x 0.5: exactly at risk
        "risk-below": (D("0.349"), half, OFF_TRACK),  # just below at risk
        "flat": (None, None, None),  # target = baseline
        "unread": (None, None, None),  # no aligned metric
        "from-first-reading": (D("0.4"), D("0.4"), ON_TRACK),  # 4 of 10 days from the first reading
        "due-in-july": (D(0), D(5 * 86400) / D(181 * 86400), OFF_TRACK),
    }
    assert status.key_results["https://example.org/okr/flat"].missing == ("a target different from the baseline",)
    assert status.key_results["https://example.org/okr/unread"].missing == ("current value (a reading of an aligned metric)",)
    on_exact = status.key_results["https://example.org/okr/on-exact"]
    assert (_local(on_exact.metric), on_exact.current) == ("m-on-exact", 50)  # read last, not m-on-exact-old's 90


@pytest.mark.parametrize("engine", ENGINES)
def test_objectives_and_themes_take_the_worst_status_beneath_them(engine: str) -> None:
    status = okr_status(portfolio(OKR, engine), AT)
    assert {_local(iri): o.status for iri, o in status.objectives.items()} == {
        "effortless": ON_TRACK,  # on track, on track
        "stocked": AT_RISK,  # at risk, at risk
        "reliable": OFF_TRACK,  # off track, and flat without a status
        "quiet": None,  # its one key result has no status
        "later": OFF_TRACK,  # on track, off track
    }
    assert {_local(iri): t.status for iri, t in status.themes.items()} == {"grow": AT_RISK, "keep": OFF_TRACK}


@pytest.mark.parametrize("engine", ENGINES)
def test_off_track_this_quarter_looks_at_the_key_results_due_in_it(engine: str) -> None:
    # "later" is off track overall, but only because of due-in-july, due next quarter.
    assert [_local(iri) for iri in objectives_off_track(portfolio(OKR, engine), AT)] == ["reliable"]
    # Due on 2026-07-01 at midnight, the end of the second quarter: off track then (no
    # progress, most of its time gone), and the third quarter has nothing due.
    june = datetime(2026, 6, 30, tzinfo=UTC)
    assert [_local(iri) for iri in objectives_off_track(portfolio(OKR, engine), june)] == ["later"]
    assert [_local(iri) for iri in objectives_off_track(portfolio(OKR, engine), datetime(2026, 7, 1, tzinfo=UTC))] == []


def test_the_rules_at_their_thresholds() -> None:
    assert AT_RISK_SHARE == D("0.7")
    assert status_of(D("0.6"), D("0.6")) == ON_TRACK
    assert status_of(D("0.5999"), D("0.6")) == AT_RISK
    assert status_of(D("0.42"), D("0.6")) == AT_RISK
    assert status_of(D("0.4199"), D("0.6")) == OFF_TRACK
    assert status_of(D(0), D(0)) == ON_TRACK  # before the start, no progress is due
    assert status_of(D("-0.01"), D(0)) == OFF_TRACK  # gone backwards
    assert status_of(D(1), D(1)) == ON_TRACK  # the deadline passed with the target reached
    assert status_of(D("0.7"), D(1)) == AT_RISK
    assert worst([ON_TRACK, None, AT_RISK]) == AT_RISK
    assert worst([None]) is None


def test_quarters_are_calendar_quarters() -> None:
    assert quarter(datetime(2026, 3, 31, 23, 59, tzinfo=UTC)) == (
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 4, 1, tzinfo=UTC),
    )
    assert quarter(datetime(2026, 12, 31, tzinfo=UTC)) == (datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
