"""``vsgraph demo``: the main job, run on the bundled grocery portfolio."""

from __future__ import annotations

import click

from vsgraph.cli.common import EXIT_PROBLEM_FOUND, reports_errors
from vsgraph.examples import example_path
from vsgraph.portfolio import load
from vsgraph.reasoning import check_consistency
from vsgraph.summary import summarize


@click.command()
@reports_errors
def demo() -> None:
    """Load the bundled grocery portfolio, summarise it and check it with the reasoner.

    Example: vsgraph demo
    """
    path = example_path()
    portfolio = load(path)
    click.echo(f"Loaded the grocery example ({path.name}): {len(portfolio)} triples")
    for kind, count in summarize(portfolio).items():
        click.echo(f"{count:>6}  {kind}")
    result = check_consistency(portfolio)
    if not result.consistent:
        click.echo(f"The example is inconsistent with the ontology: {result.explanation}")
        raise SystemExit(EXIT_PROBLEM_FOUND)
    click.echo("HermiT: the example is consistent with the vsgraph ontology.")
