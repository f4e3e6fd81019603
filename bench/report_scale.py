"""The report of a large portfolio, against loading the same portfolio.

    python -m bench.report_scale --size 1M --rounds 3

Generates a synthetic portfolio of about ``--size`` triples (:mod:`bench.generator`),
writes it as N-Triples and times, round after round so that both cases meet the machine in
the same state:

* ``ntriples-load``: ``vsgraph.load`` of the N-Triples file, the reference;
* ``report``: ``vsgraph.write_report`` of the loaded portfolio (by size: at this scale a
  folder with a landing page and a page per stream), validation included;
* ``engine-only``: the SPARQL that report sends (its catalog questions, every stream's
  steps, every validation check), evaluated by Oxigraph one query after another in this
  process and written as TSV, with no Python rows, view or page: the work no report can
  skip. Spread perfectly over the CPUs it still takes this time divided by their number,
  the report's floor.

Prints the median seconds, the median of each round's ratio to the reference (the target
is 2 or less), the landing page's size and the folder's. Nothing is asserted: the machine
is shared, so read the ratios, measured in one run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

import vsgraph
from bench.generator import generate, iter_sizes, ovs_count_for_triples
from bench.timing import alternated, ratio_table
from vsgraph.engine.parallel import available_cpus
from vsgraph.query_catalog.queries import bound_query
from vsgraph.report.data import STREAM_QUESTIONS
from vsgraph.report.site import SITE_QUESTIONS
from vsgraph.report.steps import STEPS_OF_EVERY_STREAM
from vsgraph.validation.validator import portfolio_checks


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1M", help="about how many triples (default 1M)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    triples = next(iter_sizes(args.size))
    with tempfile.TemporaryDirectory(prefix="vsgraph-report-bench-") as tmp:
        folder = Path(tmp)
        ntriples = generate(ovs_count_for_triples(triples), seed=args.seed).write(folder / "portfolio.nt")
        portfolio = vsgraph.load(ntriples)
        written: list[Path] = []

        def report() -> None:
            shutil.rmtree(folder / "report", ignore_errors=True)
            written.append(vsgraph.write_report(portfolio, folder / "report.html"))

        cases: dict[str, Callable[[], object]] = {
            "ntriples-load": lambda: vsgraph.load(ntriples),
            "report": report,
            "engine-only": lambda: engine_only(portfolio),
        }
        times = alternated(cases, args.rounds)
        landing = written[-1]
        pages = list(landing.parent.rglob("*.html")) if landing.name == "index.html" else [landing]
        print(
            f"{len(portfolio)} triples, N-Triples {ntriples.stat().st_size / 1e6:.1f} MB; report: {len(pages)} pages, "
            f"{sum(path.stat().st_size for path in pages) / 1e6:.1f} MB in all, landing page "
            f"{landing.stat().st_size / 1e6:.2f} MB"
        )
        print(ratio_table(times, "ntriples-load"))
        floor = statistics.median(
            t / available_cpus() / r for t, r in zip(times["engine-only"], times["ntriples-load"], strict=True)
        )
        print(f"floor on {available_cpus()} CPUs: engine-only / CPUs = {floor:.1f}x the load")


def engine_only(portfolio: vsgraph.Portfolio) -> None:
    """Have Oxigraph answer every query the report sends, as TSV, one after another."""
    backend = portfolio.backend
    for name in dict.fromkeys([*STREAM_QUESTIONS, *SITE_QUESTIONS]):
        backend.select_tsv(*bound_query(portfolio, name, {}))
    backend.select_tsv(STEPS_OF_EVERY_STREAM)
    for check in portfolio_checks(portfolio):
        backend.select_tsv(check.query())


if __name__ == "__main__":
    main()
