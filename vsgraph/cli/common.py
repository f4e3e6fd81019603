"""What every ``vsgraph`` command shares: how files are named and how errors end a run.

Exit codes, the same for every command:

* 0: the command did its job and found nothing wrong;
* 1: the command ran and found a problem (a non-conforming or inconsistent portfolio);
* 2: the command could not run (unreadable input, unknown name, bad option).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from vsgraph.errors import VsgraphError
from vsgraph.portfolio import Portfolio, load

EXIT_OK = 0
EXIT_PROBLEM_FOUND = 1
EXIT_ERROR = 2

F = TypeVar("F", bound=Callable[..., Any])


def portfolio_inputs(command: F) -> F:
    """Add the ``FILE...`` argument and the options that say how to read the files."""
    command = click.option(
        "--input-format",
        metavar="FORMAT",
        help="Read every FILE in this format instead of guessing from its extension "
        "(turtle, ntriples, nquads, trig, jsonld, rdfxml, yaml, xlsx, csv).",
    )(command)
    command = click.option(
        "--backend",
        "engine",
        type=click.Choice(["oxigraph", "rdflib"]),
        default="oxigraph",
        show_default=True,
        help="What holds the portfolio in memory and answers SPARQL: Oxigraph, or plain "
        "rdflib (slower; the reference engine).",
    )(command)
    return click.argument(
        "files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str)
    )(command)


def load_inputs(files: tuple[str, ...], engine: str, input_format: str | None) -> Portfolio:
    """Load the portfolio named on the command line."""
    return load(files, engine=engine, input_format=input_format)  # type: ignore[arg-type]


def reports_errors(command: F) -> F:
    """Turn vsgraph errors into a one-line message on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except VsgraphError as exc:
            click.echo(f"vsgraph: error: {exc}", err=True)
            raise SystemExit(EXIT_ERROR) from exc

    return wrapper  # type: ignore[return-value]
