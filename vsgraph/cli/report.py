"""``vsgraph report``: the one-file HTML portfolio report."""

from __future__ import annotations

from pathlib import Path

import click

from vsgraph.cli.common import load_inputs, portfolio_inputs, reports_errors
from vsgraph.cli.progress import inputs_description, phases, quiet_option
from vsgraph.report import write_report


@click.command("report")
@portfolio_inputs
@click.option(
    "--out", "destination", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write."
)
@click.option("--title", default="Value-stream portfolio report", show_default=True, help="The report's title.")
@quiet_option
@reports_errors
def report(files: tuple[str, ...], engine: str, input_format: str | None, destination: Path, title: str) -> None:
    """Write one self-contained HTML report of the portfolio.

    The portfolio is read from FILE...

    The portfolio map (gaps marked), a lean value-stream map per stream, the KPI -> key
    result -> objective -> theme tree, the validation findings and the answers to the
    main catalog questions. It loads nothing from the network: open it anywhere.

    Example: vsgraph report examples/grocery.yaml --out report.html
    """
    with phases() as progress:
        progress.start(inputs_description(files))
        portfolio = load_inputs(files, engine, input_format)
        progress.start(f"writing the report {destination} (validation, queries, maps)")
        written = write_report(portfolio, destination, title)
    click.echo(f"wrote {written}")
