"""How long one piece of work takes, as the benchmarks time it."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def seconds(work: Callable[[], object]) -> float:
    """Wall-clock seconds of ``work()``, after a full garbage collection, so that garbage
    left by the round before is not collected in this one's time."""
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def alternated(cases: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """The seconds of every case, round after round, so that each meets the shared machine
    in the same state as the others."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, work in cases.items():
            times[name].append(seconds(work))
    return times


def ratio_table(times: dict[str, list[float]], reference: str) -> str:
    """A Markdown table of each case's median seconds and the median of its ratios to the
    ``reference`` case, round by round."""
    rounds = len(times[reference])
    lines = [f"| case | median s | ratio to {reference} (median of {rounds} rounds) |", "| --- | --- | --- |"]
    for name, measured in times.items():
        ratio = statistics.median(t / r for t, r in zip(measured, times[reference], strict=True))
        lines.append(f"| {name} | {statistics.median(measured):.2f} | {ratio:.1f} |")
    return "\n".join(lines)
