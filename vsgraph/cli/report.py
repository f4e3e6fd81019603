"""``vsgraph report``: the HTML portfolio report, one file or, for a large portfolio, a folder."""

from __future__ import annotations

from pathlib import Path

import click

from vsgraph.cli.common import hours_per_day_option, load_inputs, portfolio_inputs, reports_errors
from vsgraph.cli.progress import inputs_description, phases, quiet_option
from vsgraph.report import write_report
from vsgraph.report.site import LARGE_FROM_STREAMS
from vsgraph.report.writing import LAYOUTS


@click.command("report")
@portfolio_inputs
@click.option(
    "--out",
    "destination",
    required=True,
    type=click.Path(path_type=Path),
    help="The HTML file to write (a folder of pages goes to its name without .html).",
)
@click.option("--title", default="Value-stream portfolio report", show_default=True, help="The report's title.")
@hours_per_day_option
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="auto",
    show_default=True,
    help=f"One file (single), a landing page and a page per stream (folder), or by size (auto: a folder past "
    f"{LARGE_FROM_STREAMS} streams).",
)
@quiet_option
@reports_errors
def report(
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    destination: Path,
    title: str,
    hours_per_day: float,
    layout: str,
) -> None:
    """Write an HTML report of the portfolio that needs no network.

    The portfolio is read from FILE...

    The portfolio map (gaps marked, streams coloured by health), a lean value-stream map
    per stream, the KPI -> key result -> objective -> theme tree, the validation findings
    and the answers to the main catalog questions, in one file. A large portfolio gets a
    folder instead: a landing page with a table of streams to search, sort and filter, and
    a page per stream.

    Example: vsgraph report examples/grocery.yaml --out report.html --hours-per-day 7.5
    """
    with phases() as progress:
        progress.start(inputs_description(files))
        portfolio = load_inputs(files, engine, input_format)
        progress.start(f"writing the report {destination} (validation, queries, maps)")
        written = write_report(portfolio, destination, title, hours_per_day, layout)
    click.echo(f"wrote {written}")
