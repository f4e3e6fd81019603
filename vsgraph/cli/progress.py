"""Progress on stderr while a long command works: its phases, with counts where there are any.

The commands that may run for long on a large portfolio (``load``, ``validate``, ``export``,
``report``) name each phase as it starts ("reading big.nt", "checking the modelling
rules"), with a spinner, the time it has taken and, where the library reports one, a
running count (and a bar where the total is known). The library is not slowed down: the
command reports phases around the library's calls, and the only callback (a store load's)
is called once per input and per chunk of a quarter of a million quads.

Nothing is drawn when stderr is not a terminal (a pipe, a log file, a test) or with
``--quiet``, given before the command (``vsgraph --quiet load ...``) or after it
(``vsgraph load ... --quiet``). The drawing is transient: when the command is done only
its own output remains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

F = TypeVar("F", bound=Callable[..., Any])

_QUIET = "vsgraph.quiet"


def stderr_console() -> Console:
    """The console progress is drawn on: standard error (tests replace it with a fake terminal)."""
    return Console(stderr=True)


def _remember_quiet(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    if value:
        context.meta[_QUIET] = True


def quiet_option(command: F) -> F:
    """Add ``-q``/``--quiet``: no progress on stderr. The group takes it too, before any command."""
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_remember_quiet,
        help="Show no progress on stderr (none is shown when stderr is not a terminal either).",
    )(command)


def is_quiet() -> bool:
    context = click.get_current_context(silent=True)
    return context is not None and bool(context.meta.get(_QUIET))


class _Count(ProgressColumn):
    """``1,234,567 triples``, or ``12 of 40 checks`` when the total is known; nothing before the first count."""

    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "")
        if not task.fields.get("counted"):
            return Text("")
        if task.total is not None:
            return Text(f"{int(task.completed):,} of {int(task.total):,} {unit}".rstrip())
        return Text(f"{int(task.completed):,} {unit}".rstrip())


class Phases:
    """The phases of one command, drawn on ``console``; draws nothing when ``console`` is ``None``."""

    def __init__(self, console: Console | None) -> None:
        self._progress = (
            Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(bar_width=20),
                _Count(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                refresh_per_second=4,
                redirect_stdout=False,  # the command's own output is written after the progress ends
                redirect_stderr=False,
            )
            if console is not None
            else None
        )
        self._task: TaskID | None = None

    def __enter__(self) -> Phases:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, description: str, *, total: int | None = None, unit: str = "") -> None:
        """Begin a phase (ending the one before): ``description`` says what is being done."""
        if self._progress is None:
            return
        if self._task is not None:
            self._progress.remove_task(self._task)
        self._task = self._progress.add_task(description, total=total, unit=unit, counted=False)
        self._progress.refresh()

    def count(self, done: int, *, description: str | None = None) -> None:
        """Report how much of the current phase is done (items, triples, quads)."""
        if self._progress is None or self._task is None:
            return
        if description is None:
            self._progress.update(self._task, completed=done, counted=True)
        else:
            self._progress.update(self._task, completed=done, counted=True, description=description)
        self._progress.refresh()  # called once per file or chunk: cheap

    @contextmanager
    def phase(self, description: str, *, total: int | None = None, unit: str = "") -> Iterator[Phases]:
        """A phase around a library call: shown while the call runs."""
        self.start(description, total=total, unit=unit)
        yield self


def phases() -> Phases:
    """The progress of the running command: on stderr if it is a terminal and ``--quiet`` was not given."""
    if is_quiet():
        return Phases(None)
    console = stderr_console()
    return Phases(console if console.is_terminal else None)


def inputs_description(files: tuple[str, ...]) -> str:
    """What is read: ``reading big.nt``, ``reading 3 files``, or the store."""
    if not files:
        return "opening the portfolio"
    if len(files) == 1:
        return f"reading {files[0]}"
    return f"reading {len(files)} files"
