"""``vsgraph load``: put a portfolio into an on-disk store or onto a SPARQL server."""

from __future__ import annotations

import sys
import time

import click

from vsgraph.cli.common import reports_errors, store_location, store_options
from vsgraph.errors import StoreError

#: Loads quicker than this print nothing until they are done.
QUIET_SECONDS = 1.0


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "--name", metavar="NAME", help="The portfolio's name in the store (default: the first FILE's name without extension)."
)
@click.option(
    "--input-format",
    metavar="FORMAT",
    help="Read every FILE in this format instead of guessing from its extension.",
)
@store_options
@reports_errors
def load(files: tuple[str, ...], name: str | None, input_format: str | None) -> None:
    """Add a portfolio to a store, or replace the one of the same name, in one step.

    The portfolio is read from FILE...

    A load that fails or is killed halfway leaves the store as it was. Progress is shown on
    stderr when a load takes more than a moment.

    Examples: vsgraph load examples/grocery.yaml --store portfolios/

    vsgraph load grocery.ttl --endpoint http://localhost:7878/query --update-endpoint http://localhost:7878/update
    """
    location = store_location()
    if location is None:
        raise StoreError("say where to load the portfolio: --store DIR or --endpoint URL --update-endpoint URL")
    started = time.monotonic()

    def progress(done: int) -> None:
        elapsed = time.monotonic() - started
        if elapsed >= QUIET_SECONDS:
            click.echo(f"\r{done:,} triples written ({elapsed:.0f} s)", err=True, nl=False)
            sys.stderr.flush()

    result = location.load(files, name=name, input_format=input_format, progress=progress)
    if time.monotonic() - started >= QUIET_SECONDS:
        click.echo("", err=True)
    click.echo(f"loaded portfolio {result.name!r}: {result.triples} triples ({result.total} in the store)")
