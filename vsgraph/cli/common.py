"""What every ``vsgraph`` command shares: how files are named and how errors end a run.

Exit codes, the same for every command:

* 0: the command did its job and found nothing wrong;
* 1: the command ran and found a problem (a non-conforming or inconsistent portfolio);
* 2: the command could not run (unreadable input, an input past a limit, unknown name,
  bad option or parameter, a file that cannot be written), said in one line on stderr
  that names the file and line where there is one;
* 3: vsgraph failed unexpectedly (a bug): one line on stderr asks for a report and names
  the exception;
* 130: interrupted (Ctrl-C).

``-`` as a FILE reads standard input, in the format named by ``--input-format``.

Where the portfolio lives, the same for every command: the files named on the command
line (read into memory), an on-disk store (``--store DIR``) or a SPARQL server
(``--endpoint URL``). The store options are kept in the click context rather than passed
to each command, so that commands keep the signature ``(files, engine, input_format)``
and :func:`load_inputs` finds them there.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from vsgraph.errors import StoreError, VsgraphError
from vsgraph.portfolio import Engine, Portfolio, load
from vsgraph.stores.disk import DiskStore
from vsgraph.stores.remote import RemoteStore, SparqlClient

EXIT_OK = 0
EXIT_PROBLEM_FOUND = 1
EXIT_ERROR = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130

#: The environment variable that holds the SPARQL server's password (never an option:
#: command lines end up in shell histories and process lists).
PASSWORD_VARIABLE = "VSGRAPH_PASSWORD"

F = TypeVar("F", bound=Callable[..., Any])
Params = ParamSpec("Params")
Returned = TypeVar("Returned")

_META = "vsgraph.store"


def _remember(context: click.Context, parameter: click.Parameter, value: Any) -> None:
    context.meta.setdefault(_META, {})[parameter.name] = value


def store_options(command: F) -> F:
    """Add ``--store``, ``--endpoint``, ``--update-endpoint``, ``--user`` and ``--portfolio``.

    Their values go to the click context (read by :func:`store_location`), not to the command.
    """
    options = [
        ("--store", "DIR", "Use the portfolios of the on-disk store in DIR (see `vsgraph load`)."),
        ("--endpoint", "URL", "Use the portfolios on the SPARQL 1.1 server whose query URL this is."),
        ("--update-endpoint", "URL", "The SPARQL server's update URL (needed to load a portfolio there)."),
        ("--user", "NAME", f"Log in to the SPARQL server as NAME (HTTP basic); the password is read from ${PASSWORD_VARIABLE}."),
        ("--portfolio", "NAME", "With --store or --endpoint: only this portfolio (default: all of them, as one graph)."),
    ]
    for flag, metavar, text in reversed(options):  # decorators apply bottom-up
        command = click.option(flag, metavar=metavar, help=text, callback=_remember, expose_value=False)(command)
    return command


class _EngineChoice(click.Choice):
    """The engine's choices, with a pointer for ``--engine sparql|pyshacl``, which chose the
    validator before ``--validator`` did."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in ("sparql", "pyshacl"):
            self.fail(f"{value!r} is a validator: use --validator {value} (--engine chooses oxigraph or rdflib)", param, ctx)
        return super().convert(value, param, ctx)


def portfolio_inputs(command: F) -> F:
    """Add the ``FILE...`` argument, the options that say how to read the files, and where else
    the portfolio may live (:func:`store_options`)."""
    command = store_options(command)
    command = click.option(
        "--input-format",
        metavar="FORMAT",
        help="Read every FILE in this format instead of guessing from its extension "
        "(turtle, ntriples, nquads, trig, jsonld, rdfxml, yaml, xlsx, csv); needed "
        "when FILE is - (standard input).",
    )(command)
    command = click.option(
        "--engine",
        "--backend",
        "engine",
        type=_EngineChoice(["oxigraph", "rdflib"]),
        default="oxigraph",
        show_default=True,
        help="What holds the portfolio in memory and answers SPARQL: Oxigraph, or plain "
        "rdflib (slower; the reference engine). --backend is its old name.",
    )(command)
    return click.argument("files", nargs=-1, required=False, type=click.Path(dir_okay=True, path_type=str))(command)


class WholeSummaries(click.Group):
    """A command group whose command list shows each command's whole summary (the first
    paragraph of its help), wrapped, instead of cutting it at one line with "..."."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def store_location() -> DiskStore | RemoteStore | None:
    """The store named by ``--store`` or ``--endpoint`` on this command line, if any."""
    given = click.get_current_context().meta.get(_META, {})
    if given.get("store") and given.get("endpoint"):
        raise StoreError("give --store DIR or --endpoint URL, not both")
    if given.get("store"):
        return DiskStore(given["store"])
    if given.get("endpoint"):
        client = SparqlClient(
            given["endpoint"],
            given.get("update_endpoint"),
            user=given.get("user"),
            password=os.environ.get(PASSWORD_VARIABLE),
        )
        return RemoteStore(client)
    if given.get("portfolio"):
        raise StoreError("--portfolio chooses a portfolio in a store: give --store DIR or --endpoint URL too")
    return None


def load_inputs(files: tuple[str, ...], engine: str, input_format: str | None) -> Portfolio:
    """The portfolio named on the command line: FILE... read into memory, or a store's.

    FILE... and a store together are refused rather than merged: a command reads one
    portfolio, and `vsgraph load` is how files enter a store.
    """
    location = store_location()
    if location is None:
        if not files:
            raise click.UsageError("name the portfolio's FILE... or use --store DIR or --endpoint URL")
        return load(files, engine=_engine(engine), input_format=input_format)
    if files:
        raise StoreError("give FILE... or a store (--store/--endpoint), not both; `vsgraph load` adds files to a store")
    context = click.get_current_context()
    if context.get_parameter_source("engine") == click.core.ParameterSource.COMMANDLINE and engine != "oxigraph":
        raise StoreError("--engine chooses the in-memory engine for FILE...; a store answers with its own engine")
    return location.portfolio(context.meta.get(_META, {}).get("portfolio"))


def _engine(name: str) -> Engine:
    """The in-memory engine ``--engine`` names: a choice click has checked."""
    if name == "rdflib":
        return "rdflib"
    assert name == "oxigraph", f"--engine {name!r} passed click's choices"
    return "oxigraph"


def reports_errors(command: Callable[Params, Returned]) -> Callable[Params, Returned]:
    """Run the command under :func:`error_exits`."""

    @functools.wraps(command)
    def wrapper(*args: Params.args, **kwargs: Params.kwargs) -> Returned:
        with error_exits():
            return command(*args, **kwargs)

    return wrapper


@contextmanager
def error_exits() -> Iterator[None]:
    """End the run with one line on stderr instead of a traceback.

    vsgraph's errors, and the operating system's refusals of a file (a folder that is a
    file, a full disk), exit 2: the command could not run, and so does output cut short
    by its reader. Any other exception is a bug
    in vsgraph and exits 3 with a request to report it, never 1, which means that the
    portfolio has a problem. Ctrl-C exits 130, as shells report an interrupted command.
    click's own exits and usage errors pass through.
    """
    try:
        yield
    except (click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except KeyboardInterrupt as exc:
        _fail("interrupted", EXIT_INTERRUPTED, exc)
    except VsgraphError as exc:
        _fail(f"error: {exc}", EXIT_ERROR, exc)
    except BrokenPipeError as exc:
        # Whoever read the output has stopped (``| head``): there is no one to tell, and
        # Python's final flush of stdout must not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(EXIT_ERROR) from exc
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        _fail(f"error: {where}{exc.strerror or exc}", EXIT_ERROR, exc)
    except Exception as exc:  # the edge where a bug becomes exit 3
        _fail(
            f"internal error ({type(exc).__name__}: {exc}); this is a bug in vsgraph: "
            "please report it, with the command you ran and this message",
            EXIT_BUG,
            exc,
        )


def _fail(message: str, code: int, exc: BaseException) -> NoReturn:
    """Print ``vsgraph: MESSAGE`` as one line on stderr and exit with ``code``."""
    line = " ".join(part.strip() for part in message.splitlines() if part.strip())
    click.echo(f"vsgraph: {line}", err=True)
    raise SystemExit(code) from exc


def hours_per_day_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--hours-per-day``: how many hours make the ``d`` of the durations shown."""
    return click.option(
        "--hours-per-day",
        type=click.FloatRange(min=0, max=24, min_open=True),
        default=8,
        show_default=True,
        help="Hours in a working day: durations read as working days (40 hours is 5d at 8).",
    )(command)
