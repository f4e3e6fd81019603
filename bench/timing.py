"""How long one piece of work takes, as the benchmarks time it."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def seconds(work: Callable[[], object]) -> float:
    """Wall-clock seconds of ``work()``, after a full garbage collection, so that garbage
    left by the round before is not collected in this one's time."""
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
