"""``vsgraph docs``: write the ontology's HTML documentation and the JSON-LD context."""

from __future__ import annotations

from pathlib import Path

import click

from vsgraph.cli.common import reports_errors
from vsgraph.vocabulary.docs import write_docs


@click.command()
@click.option(
    "--to",
    "directory",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The directory to write index.html and context.jsonld into (created if missing).",
)
@reports_errors
def docs(directory: Path) -> None:
    """Write HTML documentation of the vsgraph ontology (pyLODE) and its JSON-LD context.

    Example: vsgraph docs --to site/
    """
    for path in write_docs(directory):
        click.echo(f"wrote {path}")
