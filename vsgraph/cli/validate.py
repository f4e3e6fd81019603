"""``vsgraph validate``: check a portfolio against vsgraph's modelling rules (SHACL)."""

from __future__ import annotations

import click

from vsgraph.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM_FOUND,
    load_inputs,
    portfolio_inputs,
    reports_errors,
)
from vsgraph.cli.progress import inputs_description, phases, quiet_option
from vsgraph.validation.validator import Validator
from vsgraph.validation.validator import validate as validate_portfolio


@click.command()
@portfolio_inputs
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="text: findings grouped by the thing they concern; json: one object per finding "
    "(with field and source for YAML and spreadsheets); turtle: the standard SHACL sh:ValidationReport.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on violations.")
@click.option(
    "--infer",
    is_flag=True,
    help="Add what RDFS and OWL-RL entail (owlrl) before validating. Slow on large portfolios; always validates with pyshacl.",
)
@click.option(
    "--validator",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL and answered by Oxigraph (fast); "
    "pyshacl: the reference SHACL engine (slow on large portfolios). Both report the same findings.",
)
@quiet_option
@reports_errors
def validate(
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    output_format: str,
    strict: bool,
    infer: bool,
    validator: Validator,  # one of click's choices
) -> None:
    """Check the portfolio against the vsgraph modelling rules and recommendations.

    Checks FILE... (or a store).

    Violations make a portfolio unsound; warnings point at gaps worth closing. The
    portfolio conforms when there is no violation: the text, the JSON "conforms" and the
    Turtle sh:conforms all mean that (docs/rules.md lists every rule). Exits 0 when it
    conforms (warnings are shown), 1 when there are violations (or warnings, with
    --strict), 2 when the input cannot be read. For a YAML file or a spreadsheet, each
    finding names the key (column) written and its file and line (or sheet and cell).

    Example: vsgraph validate examples/grocery.ttl --format json --validator pyshacl
    """
    with phases() as progress:
        progress.start(inputs_description(files))
        portfolio = load_inputs(files, engine, input_format)
        progress.start(
            "inferring with OWL-RL, then checking the modelling rules" if infer else f"checking the modelling rules ({validator})"
        )
        report = validate_portfolio(portfolio, infer=infer, validator=validator)
    if output_format == "json":
        click.echo(report.to_json())
    elif output_format == "turtle":
        click.echo(report.to_turtle(), nl=False)
    else:
        click.echo(report.to_text(), nl=False)
    failed = not report.conforms or (strict and bool(report.warnings))
    raise SystemExit(EXIT_PROBLEM_FOUND if failed else EXIT_OK)
