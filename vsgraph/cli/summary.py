"""``vsgraph summary``: count what a portfolio holds."""

from __future__ import annotations

import click

from vsgraph.cli.common import load_inputs, portfolio_inputs, reports_errors
from vsgraph.query_catalog.summary import kind_name, summarize


@click.command()
@portfolio_inputs
@reports_errors
def summary(files: tuple[str, ...], engine: str, input_format: str | None) -> None:
    """Count the customers, stages, value streams, steps, teams and metrics of a portfolio.

    Example: vsgraph summary examples/grocery.ttl
    """
    portfolio = load_inputs(files, engine, input_format)
    triples = len(portfolio)
    click.echo(f"{triples} {kind_name('triples', triples)}")
    for kind, count in summarize(portfolio).items():
        click.echo(f"{count:>6}  {kind_name(kind, count)}")
