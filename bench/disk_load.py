"""On-disk loads: ``DiskStore.load`` against Oxigraph's own on-disk bulk loader.

    python -m bench.disk_load --size 1M --repeat 3

For each size (in triples) it writes a synthetic portfolio as N-Triples (:mod:`bench.generator`)
and times, round after round so that every case sees the machine in the same state, each case
in its own subprocess so that its peak memory (``ru_maxrss``) is its own:

* ``oxigraph``: ``Store(DIR).bulk_load(path=FILE, format=N_TRIPLES)`` into a new store, the
  reference every ratio is taken against;
* ``oxigraph-graph``: the same into one named graph (``to_graph``), as a store of portfolios
  holds its data: Oxigraph indexes a named graph's quads twice as many ways as the default
  graph's triples, so this is the floor for any store of named graphs;
* ``new-store``: ``DiskStore(DIR).load([FILE])`` into a new store;
* ``beside-another``: the same into a store that already holds another portfolio of the
  same size (generated with the next seed);
* ``replace-beside-another``: the same portfolio loaded again into that store once it holds
  both, replacing it: the other portfolio is carried into the new generation.

The time is that of the load alone, creating the store included (Oxigraph's too); stores
that a case starts from are prepared beforehand, outside the timed process, and copied for
each run. The table gives the median
seconds, the median over the rounds of the ratio to the reference of the same round, and
the largest peak memory. Nothing is asserted: the machine is shared, so read the ratios.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generator import generate, iter_sizes, ovs_count_for_triples

#: Every case, in the order each round runs them; the first is the reference.
CASES = ("oxigraph", "oxigraph-graph", "new-store", "beside-another", "replace-beside-another")
#: The store each vsgraph case starts from (none: a new store).
START = {"beside-another": "other", "replace-beside-another": "both"}
#: The name the measured portfolio has in every store.
NAME = "portfolio"


def run_case(case: str, path: Path, store: Path) -> dict[str, Any]:
    """Time one case, in this process; return its seconds, peak memory and triples loaded."""
    import pyoxigraph as ox

    if case.startswith("oxigraph"):
        graph = ox.NamedNode(f"urn:vsgraph:portfolio:{NAME}") if case == "oxigraph-graph" else None
        target: list[ox.Store] = []

        def bulk_load() -> None:  # creating the store is part of the work, as for vsgraph
            target.append(ox.Store(str(store)))
            target[0].bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)

        seconds = _timed(bulk_load)
        triples = len(target[0])
    else:
        from vsgraph import DiskStore

        outcome: list[Any] = []
        seconds = _timed(lambda: outcome.append(DiskStore(store).load([path], name=NAME)))
        triples = outcome[0].triples
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "triples": triples}


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _in_subprocess(case: str, path: Path, store: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.disk_load", "--case", case, "--file", str(path), "--store", str(store)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(out.stdout)


def _prepare(work_dir: Path, path: Path, other: Path) -> dict[str, Path]:
    """The stores the vsgraph cases start from, each loaded by its own subprocess."""
    script = "import sys; from vsgraph import DiskStore; DiskStore(sys.argv[1]).load([sys.argv[2]], name=sys.argv[3])"
    stores = {"other": work_dir / "start-other", "both": work_dir / "start-both"}
    for store, loads in ((stores["other"], [(other, "other")]), (stores["both"], [(other, "other"), (path, NAME)])):
        for file, name in loads:
            subprocess.run(
                [sys.executable, "-c", script, str(store), str(file), name],
                check=True,
                cwd=Path(__file__).resolve().parent.parent,
            )
    return stores


def benchmark(sizes: list[int], repeat: int, seed: int = 42) -> list[dict[str, Any]]:
    """Every case at every size, ``repeat`` rounds each."""
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work_dir = Path(tmp)
            count = ovs_count_for_triples(size)
            path = generate(count, seed=seed).write(work_dir / "portfolio.nt")
            other = generate(count, seed=seed + 1).write(work_dir / "other.nt")
            starts = _prepare(work_dir, path, other)
            runs: dict[str, list[dict[str, Any]]] = {case: [] for case in CASES}
            for _ in range(repeat):
                for case in CASES:
                    store = work_dir / "store"
                    shutil.rmtree(store, ignore_errors=True)
                    if case in START:
                        shutil.copytree(starts[START[case]], store)
                    runs[case].append(_in_subprocess(case, path, store))
            shutil.rmtree(work_dir / "store", ignore_errors=True)
        results.append({"size": size, "runs": runs})
    return results


def table(results: list[dict[str, Any]]) -> str:
    """A Markdown table: median seconds, median ratio to the reference, largest peak."""
    lines = [
        "| size | case | seconds (median) | ratio to oxigraph | peak MB | triples |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        runs = result["runs"]
        reference = [run["seconds"] for run in runs[CASES[0]]]
        for case in CASES:
            seconds = [run["seconds"] for run in runs[case]]
            ratio = statistics.median(s / r for s, r in zip(seconds, reference, strict=True))
            peak = max(run["peak_mb"] for run in runs[case])
            triples = {run["triples"] for run in runs[case]}
            lines.append(
                f"| {result['size']:,} | {case} | {statistics.median(seconds):.2f} | {ratio:.2f}x | {peak:.0f} "
                f"| {', '.join(f'{t:,}' for t in sorted(triples))} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k", help="triple counts, e.g. 100k or 100k,1M")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of every case (default 3)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:  # one case, in its own process (see _in_subprocess)
        print(json.dumps(run_case(args.case, args.file, args.store)))
        return
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(table(benchmark(list(iter_sizes(args.size)), args.repeat, args.seed)))


if __name__ == "__main__":
    main()
