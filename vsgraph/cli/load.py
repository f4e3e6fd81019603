"""``vsgraph load``: put a portfolio into an on-disk store or onto a SPARQL server."""

from __future__ import annotations

from collections.abc import Callable

import click

from vsgraph.cli.common import reports_errors, store_location, store_options
from vsgraph.cli.progress import Phases, phases, quiet_option
from vsgraph.errors import StoreError
from vsgraph.stores.disk import DiskStore
from vsgraph.stores.remote import RemoteStore


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
@quiet_option
@reports_errors
def load(files: tuple[str, ...], name: str | None, input_format: str | None) -> None:
    """Add a portfolio to a store, or replace the one of the same name, in one step.

    The portfolio is read from FILE...

    A load that fails or is killed halfway leaves the store as it was. Progress (each file,
    then the copy of the store's other portfolios) is shown on stderr when it is a terminal,
    unless --quiet is given.

    Examples: vsgraph load examples/grocery.yaml --store portfolios/

    vsgraph load grocery.ttl --endpoint http://localhost:7878/query --update-endpoint http://localhost:7878/update
    """
    location = store_location()
    if location is None:
        raise StoreError("say where to load the portfolio: --store DIR or --endpoint URL --update-endpoint URL")
    with phases() as progress:
        result = location.load(files, name=name, input_format=input_format, progress=_reporter(progress, files, location))
    click.echo(f"loaded portfolio {result.name!r}: {result.triples} triples ({result.total} in the store)")


def _reporter(progress: Phases, files: tuple[str, ...], location: DiskStore | RemoteStore) -> Callable[[int], None]:
    """The store's progress callback, turned into phases.

    An on-disk store calls it once after each FILE (with the quads staged so far), then
    after each chunk of the other portfolios' quads it copies; a server store after each
    chunk of triples it sends.
    """
    count = len(files)
    if isinstance(location, DiskStore):
        progress.start(_reading(files, 0))
    else:
        progress.start(f"reading {files[0]}" if count == 1 else f"reading {count} files")
    calls = 0

    def report(done: int) -> None:
        nonlocal calls
        calls += 1
        if isinstance(location, DiskStore):
            if calls < count:
                progress.start(_reading(files, calls), unit="triples")
                progress.count(done)
            elif calls == count:
                progress.start("writing the store (and copying its other portfolios)", unit="quads")
                progress.count(done)
            else:
                progress.count(done)
        else:
            if calls == 1:
                progress.start("sending the triples to the server", unit="triples")
            progress.count(done)

    return report


def _reading(files: tuple[str, ...], index: int) -> str:
    if len(files) == 1:
        return f"reading {files[0]}"
    return f"reading {files[index]} ({index + 1} of {len(files)})"
