"""The lean value-stream map totals of each stream, from the catalog's ``lean-totals`` answer.

``lean-totals`` gives one row per step with its stream's sums; this module adds what SPARQL
cannot aggregate. The formulas (``docs/reports.md`` shows them on the map):

* a step's lead time (LT) is its wait time plus its process time (PT);
* **activity ratio** = ΣPT / ΣLT over the stream's steps, in percent. It is a ratio of
  sums, *not* the sum (or mean) of the steps' own PT/LT ratios: a 1-minute step that never
  waits and a 99-minute step that waits 900 minutes have an activity ratio of 100/1000 =
  10 %, not (100 % + 9.9 %) / 2. The query computes it, rounded to one decimal place;
* **rolled %C&A** = the PRODUCT of the steps' %C&A taken as fractions, in percent: three
  steps at 90 %, 80 % and 50 % roll to 0.9 × 0.8 × 0.5 = 36 %, the share of items that go
  through the whole stream without being corrected, completed or clarified anywhere. A
  step with no %C&A recorded is left out of the product (as if it were 100 %): the totals
  say over how many of the steps it was rolled (:attr:`LeanTotals.measured_steps`), and a
  stream where no step has a %C&A has none. Rounded to one decimal place, half up;
* **batch sizes** (``vsg:batchSize``) are shown step by step; the totals give the largest.

Missing minutes count as 0, as in ``flow-efficiency``. A value that is not a number counts
as missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.queries import run_query
from vsgraph.query_catalog.tables import decimal_value

#: The catalog question the totals are computed from.
LEAN_QUESTION = "lean-totals"


@dataclass(frozen=True)
class LeanStep:
    """One step as the lean totals see it."""

    step: str
    position: int | None
    process_minutes: Decimal | None
    wait_minutes: Decimal | None
    batch_size: int | None
    percent_complete_accurate: Decimal | None


@dataclass(frozen=True)
class LeanTotals:
    """A stream's lean totals: ΣPT, ΣWT, ΣLT, the activity ratio, the rolled %C&A."""

    stream: str
    steps: tuple[LeanStep, ...]
    process_minutes: Decimal
    wait_minutes: Decimal
    lead_minutes: Decimal
    activity_ratio_percent: Decimal | None
    rolled_percent_complete_accurate: Decimal | None
    measured_steps: int

    @property
    def largest_batch_size(self) -> int | None:
        """The largest batch size a step of the stream records, ``None`` when none does."""
        return max((step.batch_size for step in self.steps if step.batch_size is not None), default=None)


def lean_totals(portfolio: Portfolio) -> dict[str, LeanTotals]:
    """Every value stream's lean totals, by stream IRI in IRI order; a stream without steps
    has none."""
    return lean_totals_from(run_query(portfolio, LEAN_QUESTION).rows)


def lean_totals_from(rows: Iterable[Mapping[str, Any]]) -> dict[str, LeanTotals]:
    """The lean totals of the streams in the rows of a ``lean-totals`` answer."""
    first: dict[str, Mapping[str, Any]] = {}
    steps: dict[str, dict[str, LeanStep]] = {}
    for row in rows:
        first.setdefault(row["stream"], row)
        steps.setdefault(row["stream"], {}).setdefault(
            row["step"],
            LeanStep(
                row["step"],
                row["position"] if isinstance(row["position"], int) else None,
                decimal_value(row["processTimeMinutes"]),
                decimal_value(row["waitTimeMinutes"]),
                row["batchSize"] if isinstance(row["batchSize"], int) and not isinstance(row["batchSize"], bool) else None,
                decimal_value(row["percentCompleteAccurate"]),
            ),
        )
    return {stream: _totals(stream, first[stream], tuple(steps[stream].values())) for stream in sorted(first)}


def rolled_percent(percents: Iterable[Decimal | None]) -> Decimal | None:
    """The product of the percentages given (``None`` ones left out) as fractions, in
    percent to one decimal place rounded half up; ``None`` when none is given."""
    known = [percent for percent in percents if percent is not None]
    if not known:
        return None
    product = Decimal(100)
    for percent in known:
        product = product * percent / 100
    return product.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _totals(stream: str, row: Mapping[str, Any], steps: tuple[LeanStep, ...]) -> LeanTotals:
    process = decimal_value(row["totalProcessTimeMinutes"]) or Decimal(0)
    wait = decimal_value(row["totalWaitTimeMinutes"]) or Decimal(0)
    return LeanTotals(
        stream=stream,
        steps=steps,
        process_minutes=process,
        wait_minutes=wait,
        lead_minutes=process + wait,
        activity_ratio_percent=decimal_value(row["activityRatioPercent"]),
        rolled_percent_complete_accurate=rolled_percent(step.percent_complete_accurate for step in steps),
        measured_steps=sum(step.percent_complete_accurate is not None for step in steps),
    )
