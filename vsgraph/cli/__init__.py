"""The ``vsgraph`` command: a thin layer over the Python API, one module per command."""

from __future__ import annotations

import logging
from typing import Any

import click

from vsgraph import __version__
from vsgraph.cli.common import WholeSummaries, error_exits
from vsgraph.cli.demo import demo
from vsgraph.cli.diagram import diagram
from vsgraph.cli.docs import docs
from vsgraph.cli.export import export
from vsgraph.cli.flow import flow
from vsgraph.cli.load import load
from vsgraph.cli.progress import quiet_option
from vsgraph.cli.query import query, sparql
from vsgraph.cli.reason import reason
from vsgraph.cli.report import report
from vsgraph.cli.serve import serve
from vsgraph.cli.store import store
from vsgraph.cli.summary import summary
from vsgraph.cli.template import template
from vsgraph.cli.validate import validate


class _Group(WholeSummaries):
    """The command group, whose errors end a run as every command's do (exit 2, or 3 for a
    bug), including those raised while the command line is read, by an option's callback."""

    def invoke(self, ctx: click.Context) -> Any:
        # rdflib logs a warning with a traceback for every ill-typed literal it converts
        # (a step time of "8h"): the findings say what is wrong, in one line each.
        logging.getLogger("rdflib").setLevel(logging.ERROR)
        with error_exits():
            return super().invoke(ctx)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vsgraph")
@quiet_option
def main() -> None:
    """vsgraph: a knowledge graph for value streams.

    Exit codes: 0 success, 1 a problem was found in the portfolio, 2 the command could not
    run (unreadable input, an input past a limit, bad option; one line on stderr naming the
    file and line), 3 an internal error (a bug in vsgraph: please report it).
    """


_COMMANDS = (
    demo,
    summary,
    validate,
    reason,
    query,
    sparql,
    report,
    diagram,
    export,
    docs,
    load,
    flow,
    serve,
    store,
    template,
)
for _command in _COMMANDS:
    main.add_command(_command)
