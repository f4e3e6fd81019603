"""The long-history profile: ``metric-trends`` on metrics with years of monthly readings.

```sh
.venv/bin/python -m bench.metric_trends --triples 1M --readings 36 --steps 10-30 --repeat 5
.venv/bin/python -m bench.metric_trends --compare old-metric-trends.rq   # before/after
```

Generates (seeded, :mod:`bench.generator`) a portfolio of about ``--triples`` triples whose
metrics have ``--readings`` monthly readings each and whose streams have ``--steps`` steps,
loads it into Oxigraph, and times the catalog's ``metric-trends`` as ``vsgraph query`` runs
it (SPARQL, then the answer turned into rows), then ``metric_trends`` (the same plus the
least-squares fit in Python). With ``--compare FILE`` it also times the SPARQL in FILE (an
earlier version of the query, say) the same way, alternating with the catalog's query run
by run, so that both see the same moments of a shared machine. Each figure is the median
of ``--repeat`` runs, after one untimed run of each. Results go to ``bench/README.md`` by
hand ("The long-history profile").
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vsgraph
from bench.generator import generate, iter_sizes, ovs_count_for_triples
from vsgraph.query_catalog.queries import get_query, run_sparql
from vsgraph.query_catalog.tables import Table
from vsgraph.query_catalog.trends import metric_trends


def steps_range(text: str) -> tuple[int, int]:
    """``10-30`` as ``(10, 30)``; a single number as both ends."""
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def timings(work: dict[str, Callable[[], Any]], repeat: int) -> dict[str, list[float]]:
    """Each piece of work run once untimed, then ``repeat`` times in turn, timed."""
    for run in work.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(repeat):
        for name, run in work.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", default="1M", help="the portfolio's size, such as 100k or 1M")
    parser.add_argument("--readings", type=int, default=36, help="monthly readings per metric")
    parser.add_argument("--steps", type=steps_range, default=(10, 30), help="steps per stream, such as 10-30")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--compare", type=Path, help="a SPARQL file to time alternately with the catalog's query")
    args = parser.parse_args(argv)

    triples = next(iter_sizes(args.triples))
    count = ovs_count_for_triples(triples, readings=args.readings, steps=args.steps)
    synthetic = generate(count, seed=args.seed, readings=args.readings, steps=args.steps)
    with tempfile.TemporaryDirectory() as folder:
        portfolio = vsgraph.load(synthetic.write(Path(folder) / "long-history.nt"))
    catalog = get_query("metric-trends").sparql
    work: dict[str, Callable[[], Any]] = {
        "metric-trends (query)": lambda: Table.from_result(run_sparql(portfolio, catalog, {})),
        "metric_trends (query + fit)": lambda: metric_trends(portfolio),
    }
    if args.compare:
        earlier = args.compare.read_text(encoding="utf-8")
        work[f"{args.compare.name} (query)"] = lambda: Table.from_result(run_sparql(portfolio, earlier, {}))
    rows = len(Table.from_result(run_sparql(portfolio, catalog, {})).rows)
    print(
        f"{len(portfolio):,} triples, {count:,} operational streams, {rows:,} metrics "
        f"with {args.readings} readings, {args.steps[0]}-{args.steps[1]} steps per stream"
    )
    for name, times in timings(work, args.repeat).items():
        print(f"{name:40} median {statistics.median(times):.3f} s  (runs {', '.join(f'{t:.3f}' for t in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
