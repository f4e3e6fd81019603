"""ArchiMate import and export at portfolio scale, against loading the same portfolio as N-Triples.

    python -m bench.archimate --elements 50k --rounds 3

Generates a synthetic portfolio (:mod:`bench.generator`) large enough that its exchange file
holds at least ``--elements`` elements, writes it as N-Triples and as an exchange file, and
times, round after round so that every case meets the machine in the same state:

* ``ntriples-load``: ``vsgraph.load`` of the N-Triples file, the reference;
* ``archimate-import``: ``vsgraph.load`` of the exchange file (the same portfolio);
* ``archimate-export``: ``Portfolio.export(..., format="archimate")`` of the loaded portfolio.

Prints the median seconds and the median of each round's ratio to the reference, and checks
that the import gives back exactly the triples of the N-Triples file. Nothing is asserted
about time: the machine is shared, so read the ratios, measured in one run.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from collections.abc import Callable
from pathlib import Path

import vsgraph
from bench.generator import generate, iter_sizes
from bench.timing import alternated, ratio_table


def _elements(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(line.count(b"<element ") for line in stream)


def _exchange_file(elements: int, seed: int, folder: Path) -> tuple[Path, Path]:
    """An N-Triples portfolio and its exchange file of at least ``elements`` elements: sized
    from a sample, then grown by the shortfall (shared customers and teams make the count
    grow slower than the streams)."""
    streams = 50
    while True:
        ntriples = generate(streams, seed=seed).write(folder / "portfolio.nt")
        exchange = folder / "portfolio.xml"
        vsgraph.load(ntriples).export(exchange, format="archimate")
        found = _elements(exchange)
        if found >= elements:
            return ntriples, exchange
        streams = math.ceil(streams * elements / found * 1.02)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--elements", default="50k", help="the least number of elements of the exchange file (default 50k)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    wanted = next(iter_sizes(args.elements))
    with tempfile.TemporaryDirectory(prefix="vsgraph-archimate-bench-") as tmp:
        folder = Path(tmp)
        ntriples, exchange = _exchange_file(wanted, args.seed, folder)
        portfolio = vsgraph.load(ntriples)
        same = set(vsgraph.load(exchange).backend.ntriples().splitlines()) == set(portfolio.backend.ntriples().splitlines())
        cases: dict[str, Callable[[], object]] = {
            "ntriples-load": lambda: vsgraph.load(ntriples),
            "archimate-import": lambda: vsgraph.load(exchange),
            "archimate-export": lambda: portfolio.export(folder / "again.xml", format="archimate"),
        }
        times = alternated(cases, args.rounds)
        print(
            f"{_elements(exchange)} elements, {len(portfolio)} triples; exchange file "
            f"{exchange.stat().st_size / 1e6:.1f} MB, N-Triples {ntriples.stat().st_size / 1e6:.1f} MB; "
            f"import gives the same triples back: {same}"
        )
        print(ratio_table(times, "ntriples-load"))


if __name__ == "__main__":
    main()
