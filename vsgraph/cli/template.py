"""``vsgraph template``: write the empty workbook (or CSV folder) a portfolio is filled into."""

from __future__ import annotations

import click

from vsgraph.authoring.conversion import authoring_output
from vsgraph.authoring.spreadsheet import export_template
from vsgraph.cli.common import reports_errors


@click.command()
@click.option(
    "--to",
    "destination",
    required=True,
    type=click.Path(dir_okay=True, path_type=str),
    help="The workbook to write (.xlsx), or a folder (a name ending in /) for one CSV file per sheet. "
    "A link, a device or a read-only file is refused.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["xlsx", "csv"]),
    help="Write this format whatever the name says.",
)
@reports_errors
def template(destination: str, output_format: str | None) -> None:
    """Write an empty portfolio workbook to fill in: no Python needed.

    One sheet per kind of thing, with a README sheet first. Each header cell is bold, stays
    in view and carries a note saying what the column holds; columns that take a word
    (kind, direction, status) or another sheet's ids (team, value_stream) offer a dropdown.
    The columns are the keys of the YAML format (docs/yaml-format.md). Fill in the
    'portfolio' sheet's base first, then check the portfolio with vsgraph validate.

    Example: vsgraph template --to portfolio.xlsx && vsgraph validate portfolio.xlsx

    CSV files: vsgraph template --to portfolio/
    """
    chosen = output_format or authoring_output(destination)
    if chosen not in ("xlsx", "csv"):
        raise click.UsageError(f"name a .xlsx workbook or a folder ending in /, or give --format: not {destination!r}")
    export_template(destination, chosen)
    click.echo(f"wrote {destination} ({'workbook' if chosen == 'xlsx' else 'CSV folder'})")
