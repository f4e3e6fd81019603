"""The lean-budget questions against totals worked out by hand from
``tests/data/budget/budget.ttl``, on both engines and from the command line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.answers import ENGINES, answer
from tests.support.paths import DATA

BUDGET = DATA / "budget" / "budget.ttl"
D = Decimal


@pytest.mark.parametrize("engine", ENGINES)
def test_spend_against_budget_per_stream_period_and_currency(engine: str) -> None:
    # Check-out, first half: funded 1,000,000 + 200,000; spent 4 x 50,000.50 (web team) +
    # 80,000 + 19,997.50 = 299,999.50; 24.99995... percent, 25.0 rounded; limit 1,100,000.
    # Second half: funded 900,000, the ghost team has no headcount, so nothing spent.
    # Idle: 5,000 spent without funding. Till platform: 6 x 45,000 + 250,000 = 520,000
    # against 500,000 (104 %) and a limit of 510,000; its 10,000 dollars have a row apart.
    assert answer(BUDGET, engine, "spend-vs-budget") == [
        ("checkout", "h1", "EUR", 1200000, D("299999.50"), D("900000.50"), D("25.0"), 1100000, False),
        ("checkout", "h2", "EUR", 900000, 0, 900000, D(0), None, None),
        ("idle", "h2", "EUR", 0, 5000, -5000, None, None, None),
        ("tills", "h1", "EUR", 500000, 520000, -20000, D(104), 510000, True),
        ("tills", "h1", "USD", 10000, 0, 10000, D(0), None, None),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_capacity_allocation_against_the_guardrail(engine: str) -> None:
    # Check-out completed four items in the first half: two features (i1, i2), a defect
    # (i3) and a risk (i6, an hour before the half ends). Not counted: the debt item i4,
    # reopened and last done in July; the canceled i5; i7, done at the instant the half ends.
    checkout = [
        ("DebtItem", 4, 0, D(0), 15, D(-15)),
        ("DefectItem", 4, 1, D(25), 20, D(5)),
        ("FeatureItem", 4, 2, D(50), 60, D(-10)),
        ("RiskItem", 4, 1, D(25), 5, D(20)),
    ]
    # The till platform completed nothing: no actual share, and two types have no target.
    tills = [
        ("DebtItem", 0, 0, None, 30, None),
        ("DefectItem", 0, 0, None, None, None),
        ("FeatureItem", 0, 0, None, 70, None),
        ("RiskItem", 0, 0, None, None, None),
    ]
    rows = answer(BUDGET, engine, "capacity-allocation")
    assert [row[:3] for row in rows] == [("checkout-h1-allocation", "checkout", "h1")] * 4 + [
        ("tills-h1-allocation", "tills", "h1")
    ] * 4
    assert [row[3:] for row in rows] == checkout + tills


@pytest.mark.parametrize("engine", ENGINES)
def test_a_guardrail_without_a_stream_or_period_keeps_its_four_rows(engine: str, tmp_path: Path) -> None:
    # The rules refuse such a guardrail (rule 35), but the question must still answer it as
    # one guardrail: four rows without a stream or a period, not one per label in the portfolio.
    portfolio = tmp_path / "stray.ttl"
    portfolio.write_text(
        BUDGET.read_text(encoding="utf-8")
        + "\n<https://example.org/budget/stray> a <https://w3id.org/vsgraph#CapacityAllocation> .\n",
        encoding="utf-8",
    )
    rows = [row for row in answer(portfolio, engine, "capacity-allocation", keep_labels=True) if row[0] == "stray"]
    assert [row[:5] for row in rows] == [("stray", None, None, None, None)] * 4
    assert [row[6:] for row in rows] == [(0, 0, None, None, None)] * 4


@pytest.mark.parametrize("engine", ENGINES)
def test_cost_of_delay_of_the_designed_waits(engine: str) -> None:
    # Check-out waits 10,080 + 5,040 minutes = 1.5 weeks at 12,000 a week: 18,000.
    # The till platform waits 1,000 minutes = 0.0992 weeks at 2,500: 248.015..., 248.02.
    assert answer(BUDGET, engine, "cost-of-delay") == [
        ("checkout", 12000, "EUR", 15120, D("1.5"), D(18000)),
        ("tills", 2500, "EUR", 1000, D("0.1"), D("248.02")),
    ]


def test_spend_against_budget_from_the_command_line(run_cli) -> None:
    result = run_cli("query", "spend-vs-budget", BUDGET, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    over = [(row["stream"].rsplit("/", 1)[-1], row["currency"]) for row in rows if row["overLimit"] is True]
    assert over == [("tills", "EUR")]
