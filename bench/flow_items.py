"""The work-item profile: the flow queries on a generated tracker history.

```sh
.venv/bin/python -m bench.flow_items --items 100000 --repeat 3
```

Generates (seeded) a tracker export of ``--items`` work items spread over a year and over
``--streams`` value streams, each with a realistic status history (created in To Do, then
In Progress, now and then Blocked or Waiting for Review and back, In Review, Done; some
canceled, some reopened after done, the latest ones still in progress or new), plus four
PI objectives per stream and quarter and a capacity-allocation guardrail per stream and
half-year. It imports the export into an in-memory Oxigraph portfolio with
``vsgraph.flow.add_work_items`` (timed), and times each flow query of the catalog (and
``capacity-allocation``, the budget question that reads the work items) on a two-week
window in the middle of the year (the median of ``--repeat`` runs), then the whole
``flow_metrics`` for that period and ``load_series`` over it. Results go to
``bench/README.md`` by hand ("The work-item profile").
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import vsgraph
from vsgraph import flow

BASE = "https://example.org/bench/"
YEAR = datetime(2026, 1, 1, tzinfo=UTC)
TYPES = ("Story", "Story", "Story", "Bug", "Bug", "Vulnerability", "Technical Debt")
WINDOW = ("2026-06-22T00:00:00Z", "2026-07-06T00:00:00Z")
QUESTIONS = (
    ("flow-distribution", {"from": WINDOW[0], "to": WINDOW[1]}),
    ("flow-velocity", {"from": WINDOW[0], "to": WINDOW[1]}),
    ("flow-load", {"at": WINDOW[1]}),
    ("flow-predictability", {"from": WINDOW[0], "to": WINDOW[1]}),
    ("flow-item-history", {"from": WINDOW[0], "to": WINDOW[1]}),
    ("capacity-allocation", {}),
)


def history(rng: random.Random, created: datetime) -> list[tuple[str, str, datetime]]:
    """One item's transitions ``(from, to, at)``: a realistic walk through a Jira workflow."""
    moves: list[tuple[str, str, datetime]] = []
    status, at = "To Do", created

    def move(to: str, hours: float) -> None:
        nonlocal status, at
        at = at + timedelta(hours=hours)
        moves.append((status, to, at))
        status = to

    move("In Progress", rng.expovariate(1 / 72))
    if rng.random() < 0.08:
        move("Won't Do", rng.expovariate(1 / 48))
        return moves
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        move(rng.choice(("Blocked", "Waiting for Review")), rng.expovariate(1 / 24))
        move("In Progress", rng.expovariate(1 / 36))
    move("In Review", rng.expovariate(1 / 48))
    move("Done", rng.expovariate(1 / 12))
    if rng.random() < 0.05:
        move("Reopened", rng.expovariate(1 / 72))
        move("In Progress", rng.expovariate(1 / 24))
        move("Done", rng.expovariate(1 / 24))
    return moves


def write_export(path: Path, items: int, streams: int, seed: int = 42) -> dict[str, int]:
    """Write one export per stream (``path``-N.csv); return the rows per file."""
    rng = random.Random(seed)
    rows: dict[str, int] = {}
    writers = []
    handles = []
    for index in range(streams):
        name = f"{path}-{index}.csv"
        handle = open(name, "w", encoding="utf-8", newline="")
        handles.append(handle)
        writer = csv.writer(handle)
        writer.writerow(
            ["Issue key", "Issue Type", "Summary", "Created", "From Status", "To Status", "Changed", "Business Value"]
        )
        writers.append(writer)
        rows[name] = 0
    try:
        for number in range(items):
            index = number % streams
            created = YEAR + timedelta(minutes=rng.randrange(365 * 24 * 60))
            key, kind = f"S{index}-{number}", rng.choice(TYPES)
            value = rng.choice(("", "1", "2", "3", "5", "8", "13"))
            fields = [key, kind, f"Work item {number}", created.strftime("%Y-%m-%dT%H:%M:%SZ")]
            moves = [move for move in history(rng, created) if move[2] < YEAR + timedelta(days=380)]
            if not moves:
                writers[index].writerow([*fields, "", "", "", value])
                rows[f"{path}-{index}.csv"] += 1
            for source, target, at in moves:
                writers[index].writerow([*fields, source, target, at.strftime("%Y-%m-%dT%H:%M:%SZ"), value])
                rows[f"{path}-{index}.csv"] += 1
    finally:
        for handle in handles:
            handle.close()
    return rows


def objectives(streams: int, seed: int = 42) -> str:
    """Four PI objectives per stream and quarter, in Turtle."""
    rng = random.Random(seed)
    lines = ["@prefix vsg: <https://w3id.org/vsgraph#> .", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    for index in range(streams):
        stream = f"<{BASE}stream-{index}>"
        lines.append(f"{stream} a vsg:DevelopmentValueStream .")
        for quarter in range(4):
            due = (YEAR + timedelta(days=91 * (quarter + 1) - 3)).strftime("%Y-%m-%dT17:00:00Z")
            for number in range(4):
                planned = rng.randint(1, 10)
                actual = max(0, planned - rng.randint(0, 4))
                committed = "true" if number < 3 else "false"
                lines.append(
                    f"<{BASE}objective-{index}-{quarter}-{number}> a vsg:PIObjective ; vsg:piObjectiveOf {stream} ; "
                    f"vsg:plannedBusinessValue {planned} ; vsg:actualBusinessValue {actual} ; vsg:committed {committed} ; "
                    f'vsg:dueAt "{due}"^^xsd:dateTime .'
                )
    return "\n".join(lines) + "\n"


def guardrails(streams: int) -> str:
    """A capacity allocation per stream and half-year, in Turtle: the budget question that
    reads the work items."""
    lines = ["@prefix vsg: <https://w3id.org/vsgraph#> .", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    halves = (("h1", "2026-01-01", "2026-07-01"), ("h2", "2026-07-01", "2027-01-01"))
    for half, start, end in halves:
        lines.append(
            f'<{BASE}{half}> a vsg:BudgetPeriod ; vsg:periodStart "{start}T00:00:00Z"^^xsd:dateTime ; '
            f'vsg:periodEnd "{end}T00:00:00Z"^^xsd:dateTime .'
        )
    shares = (("FeatureItem", 60), ("DefectItem", 20), ("RiskItem", 5), ("DebtItem", 15))
    for index in range(streams):
        for half, _, _ in halves:
            allocation = f"<{BASE}allocation-{index}-{half}>"
            lines.append(
                f"{allocation} a vsg:CapacityAllocation ; vsg:guardsValueStream <{BASE}stream-{index}> ; "
                f"vsg:forPeriod <{BASE}{half}> ."
            )
            for kind, percent in shares:
                share = f"<{BASE}allocation-{index}-{half}-{kind}>"
                lines.append(f"{allocation} vsg:allocatesShare {share} .")
                lines.append(f"{share} a vsg:CapacityShare ; vsg:shareOfItemType vsg:{kind} ; vsg:sharePercent {percent} .")
    return "\n".join(lines) + "\n"


def timed(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--streams", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export"
        start = time.perf_counter()
        rows = write_export(export, args.items, args.streams, args.seed)
        print(f"generated {args.items:,} items, {sum(rows.values()):,} transitions in {time.perf_counter() - start:.1f} s")
        portfolio = vsgraph.Portfolio.empty()
        turtle = Path(folder) / "objectives.ttl"
        turtle.write_text(objectives(args.streams, args.seed) + guardrails(args.streams), encoding="utf-8")
        portfolio.add_file(turtle)
        start = time.perf_counter()
        for index, name in enumerate(sorted(rows, key=_number)):
            flow.add_work_items(portfolio, name, stream=f"{BASE}stream-{index}")
        added = time.perf_counter() - start
        print(f"add_work_items (CSV to Oxigraph): {added:.1f} s; {len(portfolio):,} triples")
        for name, params in QUESTIONS:
            seconds, table = timed(lambda n=name, p=params: vsgraph.run_query(portfolio, n, p), args.repeat)
            print(f"{name:22} {seconds:6.2f} s  {len(table.rows):>7,} rows")
        seconds, rows_out = timed(lambda: flow.flow_metrics(portfolio, [WINDOW]), args.repeat)
        print(f"{'flow_metrics':22} {seconds:6.2f} s  {len(rows_out):>7,} rows (one period)")
        seconds, series = timed(lambda: flow.load_series(portfolio, WINDOW[0], WINDOW[1], timedelta(days=1)), args.repeat)
        print(f"{'load_series (daily)':22} {seconds:6.2f} s  {len(series):>7,} instants")
    return 0


def _number(name: str) -> int:
    return int(name.rsplit("-", 1)[1].removesuffix(".csv"))


if __name__ == "__main__":
    sys.exit(main())
