"""``vsgraph report``: the one-file HTML portfolio report."""

from __future__ import annotations

from pathlib import Path

import click

from vsgraph.cli.common import load_inputs, portfolio_inputs, reports_errors
from vsgraph.report import write_report


@click.command("report")
@portfolio_inputs
@click.option(
    "--out", "destination", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write."
)
@click.option("--title", default="Value-stream portfolio report", show_default=True, help="The report's title.")
@reports_errors
def report(files: tuple[str, ...], engine: str, input_format: str | None, destination: Path, title: str) -> None:
    """Write one self-contained HTML report of the portfolio.

    The portfolio is read from FILE...

    The portfolio map (gaps marked), a lean value-stream map per stream, the KPI -> key
    result -> objective -> theme tree, the validation findings and the answers to the
    main catalog questions. It loads nothing from the network: open it anywhere.

    Example: vsgraph report examples/grocery.yaml --out report.html
    """
    portfolio = load_inputs(files, engine, input_format)
    click.echo(f"wrote {write_report(portfolio, destination, title)}")
