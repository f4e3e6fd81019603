"""``vsgraph store``: look after an on-disk store (check it, list and remove portfolios)."""

from __future__ import annotations

from pathlib import Path

import click

from vsgraph.cli.common import EXIT_ERROR, WholeSummaries, reports_errors
from vsgraph.errors import StoreError
from vsgraph.stores.check import GenerationCheck, check_store
from vsgraph.stores.disk import STORE_FAILURES, DiskStore, portfolio_names

_STORE = click.option(
    "--store",
    "directory",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="The on-disk store (the folder given to `vsgraph load --store`).",
)


@click.group(cls=WholeSummaries)
def store() -> None:
    """Check an on-disk store, list its portfolios or remove one.

    Example: vsgraph store check --store portfolios/
    """


@store.command()
@_STORE
@click.option(
    "--generation", type=int, metavar="N", help="Check generation N instead of the current one (to choose one to recover)."
)
@reports_errors
def check(directory: Path, generation: int | None) -> None:
    """Check that the store's current generation is known, opens and reads whole.

    Every quad is read through each of the store's indexes. Prints OK and the portfolios,
    or the problems and how to recover; the exit code is 0 when the store is sound and 2
    when it is not.

    Example: vsgraph store check --store portfolios/
    """
    report = check_store(DiskStore(directory), generation)
    if report.ok:
        which = f"generation {report.generations[0].number}" if report.generations else "empty (nothing loaded yet)"
        click.echo(f"{directory}: OK: {which}")
    else:
        click.echo(f"{directory}: damaged")
        for problem in report.problems:
            click.echo(f"  problem: {problem}")
    for generation_check in report.generations:
        click.echo(_describe(generation_check, report.current, report.problems))
    for note in report.notes:
        click.echo(f"  note: {note}")
    if not report.ok:
        raise SystemExit(EXIT_ERROR)


def _describe(check: GenerationCheck, current: int | None, problems: list[str]) -> str:
    name = f"generation {check.number}{' (current)' if check.number == current else ''}"
    if check.problem is not None:
        return f"  {name}: damaged" + ("" if check.problem in problems else f": {check.problem}")
    held = ", ".join(f"{portfolio} ({count} triples)" for portfolio, count in check.portfolios.items()) or "no portfolios"
    return f"  {name}: reads whole: {held}"


@store.command("list")
@_STORE
@reports_errors
def list_portfolios(directory: Path) -> None:
    """List the store's portfolios with their triple counts.

    Example: vsgraph store list --store portfolios/
    """
    disk = DiskStore(directory)
    opened = disk.open()
    try:
        counts = {name: len(disk.portfolio(name, store=opened)) for name in portfolio_names(opened)}
    except STORE_FAILURES as exc:
        raise StoreError(
            f"{directory}: cannot read the store ({exc}); `vsgraph store check --store {directory}` says more"
        ) from exc
    for name, count in counts.items():
        click.echo(f"{name}\t{count} triples")
    if not counts:
        click.echo("no portfolios yet (add one with `vsgraph load FILE... --store DIR`)", err=True)


@store.command()
@_STORE
@click.argument("name")
@reports_errors
def remove(directory: Path, name: str) -> None:
    """Remove the portfolio NAME from the store, in one step (as a load does).

    Example: vsgraph store remove grocery --store portfolios/
    """
    result = DiskStore(directory).remove(name)
    click.echo(f"removed portfolio {result.name!r}: {result.triples} triples ({result.total} left in the store)")
