"""``vsgraph reason``: check a portfolio against the ontology with the HermiT reasoner."""

from __future__ import annotations

import click

from vsgraph.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM_FOUND,
    load_inputs,
    portfolio_inputs,
    reports_errors,
)
from vsgraph.cli.tables import wrap_lines
from vsgraph.vocabulary.reasoning import check_consistency


@click.command()
@portfolio_inputs
@reports_errors
def reason(files: tuple[str, ...], engine: str, input_format: str | None) -> None:
    """Check the portfolio against the ontology with the HermiT reasoner.

    Checks that FILE... and the vsgraph ontology are logically consistent.

    Exits 0 when consistent, 1 when inconsistent (for example, a node typed both as an
    operational and as a development value stream), 2 when the input cannot be read or
    there is no Java runtime (HermiT runs on Java; the one-line error says how to get one).
    An inconsistency is explained by naming the nodes behind it: those in two disjoint
    classes, with two values of a functional property, linked to themselves by an
    irreflexive property or both ways by an asymmetric one, or with an ill-typed literal.

    Example: vsgraph reason examples/grocery.ttl
    """
    portfolio = load_inputs(files, engine, input_format)
    result = check_consistency(portfolio)
    if result.consistent:
        click.echo(f"consistent: {len(portfolio)} triples agree with the vsgraph ontology")
        raise SystemExit(EXIT_OK)
    if not result.clashes:
        click.echo(wrap_lines(f"inconsistent: {result.explanation}"))
        raise SystemExit(EXIT_PROBLEM_FOUND)
    count = len(result.clashes)
    click.echo(f"inconsistent: {count} contradiction{'s' * (count != 1)} with the vsgraph ontology")
    for clash in result.clashes:
        click.echo(wrap_lines(f"  {clash.message}"))
    raise SystemExit(EXIT_PROBLEM_FOUND)
