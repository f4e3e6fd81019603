"""Did a change make vsgraph slower? Its pipeline before and after, alternating, in one run.

```sh
.venv/bin/python -m bench.compare --base 6ef68bf --size 100k --rounds 3
```

Checks out ``--base`` (any git revision) into a temporary directory and runs the vsgraph
pipeline of :mod:`bench.run` (load, validation, the catalog at once and one by one, the
exports, an incremental re-validation) on one generated portfolio, with the base's code
and with the working tree's, alternating ``--rounds`` times so that both meet the same
machine. With ``--same-work``, the base gets the working tree's ontology, shapes and
queries, so that both sides check the same rules and ask the same questions and only the
code differs (a change that adds rules or questions adds work: that is not a regression
of the code). Prints each stage's median seconds on both sides and their ratio (after / before;
above 1 is slower), and whether both sides found the same findings and gave the same
answers to the questions both catalogs hold. Nothing is asserted: on a shared machine the
ratios are what to read, and a stage within a few percent of 1.0 has not moved.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from bench.generator import generate, iter_sizes, ovs_count_for_triples

ROOT = Path(__file__).resolve().parent.parent
#: What a rule or a question is, rather than code: shared by both sides with --same-work.
RESOURCES = ("ontology", "shapes", "queries")


def checkout(revision: str, into: Path) -> Path:
    """The tree of ``revision`` unpacked under ``into`` (no worktree is registered)."""
    archive = into / "base.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", revision], cwd=ROOT, stdout=out, check=True)
    tree = into / "base"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def share_work(tree: Path) -> None:
    """Give ``tree`` the working tree's ontology, shapes and queries."""
    for kind in RESOURCES:
        shutil.rmtree(tree / kind, ignore_errors=True)
        shutil.copytree(ROOT / kind, tree / kind)


def pipeline(tree: Path, portfolio: Path, work: Path) -> dict[str, Any]:
    """One run of the vsgraph pipeline with the code in ``tree``, in a new process."""
    out = work / "outcome.json"
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "bench.run", "--pipeline", "vsgraph", "--file", str(portfolio), "--json", str(out)]
    subprocess.run(command, cwd=tree, env=environment, check=True)
    return json.loads(out.read_text())


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> str:
    """The stages' medians on both sides, their ratio, and whether the answers agree."""
    lines = [f"{'stage':<24}{'before s':>10}{'after s':>10}{'after/before':>14}"]
    for stage in before[0]["stages"]:
        if stage not in after[0]["stages"]:
            continue
        old = statistics.median(run["stages"][stage] for run in before)
        new = statistics.median(run["stages"][stage] for run in after)
        lines.append(f"{stage:<24}{old:>10.2f}{new:>10.2f}{new / old:>13.2f}x")
    shared = sorted(set(before[0]["answers"]) & set(after[0]["answers"]))
    same_answers = all(before[0]["answers"][name] == after[0]["answers"][name] for name in shared)
    same_findings = sorted(map(str, before[0]["findings"])) == sorted(map(str, after[0]["findings"]))
    lines.append(
        f"same findings: {str(same_findings).lower()}; same answers to the {len(shared)} questions "
        f"both catalogs hold: {str(same_answers).lower()}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the git revision to compare with, e.g. a commit or tag")
    parser.add_argument("--size", default="100k", help="triples in the generated portfolio (default 100k)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each side (default 3)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--same-work", action="store_true", help="give the base the working tree's ontology, shapes and queries")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vsgraph-compare-") as scratch:
        work = Path(scratch)
        base = checkout(args.base, work)
        if args.same_work:
            share_work(base)
        portfolio = work / "portfolio.nt"
        size = next(iter_sizes(args.size))
        generate(ovs_count_for_triples(size), seed=args.seed).write(portfolio)
        before: list[dict[str, Any]] = []
        after: list[dict[str, Any]] = []
        for round_number in range(1, args.rounds + 1):
            before.append(pipeline(base, portfolio, work))
            after.append(pipeline(ROOT, portfolio, work))
            print(f"round {round_number} of {args.rounds} done", file=sys.stderr, flush=True)
    work_note = ", the same rules and questions" if args.same_work else ""
    print(f"{args.base} -> working tree{work_note}, {size:,} triples, medians of {args.rounds} alternating rounds")
    print(compare(before, after))


if __name__ == "__main__":
    main()
