"""Lean value-stream map totals (activity ratio, rolled %C&A, batch sizes) and bottlenecks.

Expected values are worked out by hand from ``tests/data/queries/lean.ttl``:

* press: PT 10 + 20 + 5 = 35, WT 0 + 70 + 15 = 85, LT 35 + 85 = 120; activity ratio
  35 / 120 = 29.17 % (the sum of the steps' own ratios, 10/10 + 20/90 + 5/20 = 147.2 %,
  is the mistake it must not make); rolled %C&A 0.9 × 0.8 = 72 % over 2 of 3 steps (Pack
  records none); batch sizes 5 and 10;
* never-waits: PT 15, WT 0, LT 15, activity ratio 100 %; rolled %C&A 100 % over 1 step;
* idle: one step with no minutes: LT 0 and no activity ratio, no %C&A.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.support.answers import ENGINES, answer, portfolio
from tests.support.paths import DATA
from vsgraph.query_catalog.lean import lean_totals, rolled_percent

LEAN = DATA / "queries" / "lean.ttl"
D = Decimal


@pytest.mark.parametrize("engine", ENGINES)
def test_lean_totals_sum_the_minutes_and_divide_the_sums(engine: str) -> None:
    # (stream, steps, ΣPT, ΣWT, ΣLT, activity ratio, position, step, PT, WT, batch, %C&A)
    assert answer(LEAN, engine, "lean-totals") == [
        ("idle", 1, 0, 0, 0, None, 1, "idle-1", None, None, None, None),
        ("never-waits", 2, 15, 0, 15, 100, 1, "never-waits-1", 5, 0, None, 100),
        ("never-waits", 2, 15, 0, 15, 100, 2, "never-waits-2", 10, 0, None, None),
        ("press", 3, 35, 85, 120, D("29.2"), 1, "press-1", 10, 0, 5, 90),
        ("press", 3, 35, 85, 120, D("29.2"), 2, "press-2", 20, 70, None, 80),
        ("press", 3, 35, 85, 120, D("29.2"), 3, "press-3", 5, 15, 10, None),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_rolled_percent_complete_and_accurate_is_the_product_of_the_steps(engine: str) -> None:
    totals = lean_totals(portfolio(LEAN, engine))
    # (ΣPT, ΣWT, ΣLT, activity ratio, rolled %C&A, steps measured, largest batch)
    assert {stream.rsplit("/", 1)[-1]: t for stream, t in totals.items()}.keys() == {"idle", "never-waits", "press"}
    found = {
        stream.rsplit("/", 1)[-1]: (
            t.process_minutes,
            t.wait_minutes,
            t.lead_minutes,
            t.activity_ratio_percent,
            t.rolled_percent_complete_accurate,
            t.measured_steps,
            t.largest_batch_size,
        )
        for stream, t in totals.items()
    }
    assert found == {
        "idle": (0, 0, 0, None, None, 0, None),
        "never-waits": (15, 0, 15, 100, D("100.0"), 1, None),
        "press": (35, 85, 120, D("29.2"), D("72.0"), 2, 10),
    }
    press = totals["https://example.org/lean/press"]
    assert [step.batch_size for step in press.steps] == [5, None, 10]


def test_rolling_multiplies_fractions_and_rounds_half_up() -> None:
    assert rolled_percent([D(90), D(80), D(50)]) == D("36.0")
    assert rolled_percent([D(97), D(75), D(99)]) == D("72.0")  # 72.0225
    assert rolled_percent([D(50), D("50.1")]) == D("25.1")  # 25.05, half up
    assert rolled_percent([None, D(80)]) == D("80.0")
    assert rolled_percent([None]) is None


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stream_that_never_waits_has_no_bottleneck(engine: str) -> None:
    # Before the fix, never-waits had two rows, both of its steps "waiting" 0 minutes.
    assert answer(LEAN, engine, "bottlenecks") == [("press", "press-2", "team", 70)]
