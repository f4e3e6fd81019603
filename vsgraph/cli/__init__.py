"""The ``vsgraph`` command: a thin layer over the Python API, one module per command."""

from __future__ import annotations

import click

from vsgraph import __version__
from vsgraph.cli.demo import demo
from vsgraph.cli.diagram import diagram
from vsgraph.cli.docs import docs
from vsgraph.cli.export import export
from vsgraph.cli.load import load
from vsgraph.cli.query import query, sparql
from vsgraph.cli.reason import reason
from vsgraph.cli.report import report
from vsgraph.cli.serve import serve
from vsgraph.cli.summary import summary
from vsgraph.cli.validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vsgraph")
def main() -> None:
    """vsgraph: a knowledge graph for value streams.

    Exit codes: 0 success, 1 a problem was found in the portfolio, 2 the command could not
    run (unreadable input, bad option).
    """


_COMMANDS = (
    demo, summary, validate, reason, query, sparql, report, diagram, export, docs, load, serve,
)
for _command in _COMMANDS:
    main.add_command(_command)
