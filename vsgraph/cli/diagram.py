"""``vsgraph diagram``: one diagram on its own, as SVG or Mermaid text."""

from __future__ import annotations

from pathlib import Path

import click

from vsgraph.cli.common import hours_per_day_option, load_inputs, portfolio_inputs, reports_errors
from vsgraph.report import mermaid, portfolio_map, value_stream_map
from vsgraph.safe_write import write_file


@click.command("diagram")
@portfolio_inputs
@click.option("--stream", metavar="ID", help="The value stream to map: its local name (checkout) or full IRI.")
@click.option(
    "--portfolio-map",
    "whole_portfolio",
    is_flag=True,
    help="Draw the portfolio map (journeys, streams, gaps) instead of one stream.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["svg", "mermaid"]),
    default="svg",
    show_default=True,
    help="SVG drawing or Mermaid flowchart text.",
)
@click.option(
    "--out", "destination", type=click.Path(dir_okay=False, path_type=Path), help="The file to write (default: standard output)."
)
@hours_per_day_option
@reports_errors
def diagram(
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    stream: str | None,
    whole_portfolio: bool,
    output_format: str,
    destination: Path | None,
    hours_per_day: float,
) -> None:
    """Draw the value-stream map of one stream, or the portfolio map, from FILE...

    Examples:

      vsgraph diagram examples/grocery.yaml --stream checkout --out checkout.svg

      vsgraph diagram examples/grocery.yaml --stream checkout --hours-per-day 7.5

      vsgraph diagram examples/grocery.yaml --portfolio-map --format mermaid
    """
    if (stream is None) == (not whole_portfolio):
        raise click.UsageError("give either --stream ID or --portfolio-map")
    portfolio = load_inputs(files, engine, input_format)
    if output_format == "mermaid":
        text = mermaid(portfolio, stream, hours_per_day)
    elif stream is None:  # --portfolio-map, as checked above
        text = portfolio_map(portfolio)
    else:
        text = value_stream_map(portfolio, stream, hours_per_day)
    if destination is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    write_file(destination, lambda out: out.write(text.encode("utf-8")))
    click.echo(f"wrote {destination}")
