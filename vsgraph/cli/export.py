"""``vsgraph export``: write a portfolio as linked data in any RDF format."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import click

from vsgraph.cli.common import load_inputs, portfolio_inputs, reports_errors
from vsgraph.cli.progress import inputs_description, phases, quiet_option
from vsgraph.inputs.formats import ARCHIMATE_FORMAT, RDF_FORMATS
from vsgraph.linked_data.export import CONTEXT_MODES
from vsgraph.linked_data.export import export as export_portfolio


def _timestamp(context: click.Context, parameter: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date and time, such as 2026-11-25T12:30:00Z") from exc


@click.command("export")
@portfolio_inputs
@click.option(
    "--to",
    "destination",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="The file to write; its extension names the format (.ttl .nt .jsonld .rdf .trig .nq). "
    "- writes to standard output (with --format). A link, a device or a read-only file is refused.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*RDF_FORMATS, ARCHIMATE_FORMAT]),
    help="Write this format whatever the extension; archimate writes an ArchiMate exchange "
    "file with a view per value stream and a capability map (docs/archimate.md).",
)
@click.option("--with-ontology", is_flag=True, help="Include the vsgraph ontology (its own named graph in TriG and N-Quads).")
@click.option(
    "--provenance/--no-provenance",
    default=True,
    show_default=True,
    help="Add the PROV-O record: the sources, the time and the vsgraph version.",
)
@click.option(
    "--timestamp",
    callback=_timestamp,
    metavar="ISO-8601",
    help="The time recorded in the provenance (default: SOURCE_DATE_EPOCH if set, else now); "
    "fix it to make repeated exports byte-identical.",
)
@click.option(
    "--jsonld-context",
    type=click.Choice(CONTEXT_MODES),
    help="JSON-LD: write the vsgraph context beside the export (file, the default), inside it "
    "(embed, the default with --to -), or refer to its published IRI (iri).",
)
@quiet_option
@reports_errors
def export(
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    destination: Path,
    output_format: str | None,
    with_ontology: bool,
    provenance: bool,
    timestamp: datetime | None,
    jsonld_context: str | None,
) -> None:
    """Write the portfolio as linked data (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads)
    or as an ArchiMate exchange file (--format archimate).

    FILE... goes to the --to file, sorted so that the same input gives the same bytes. The
    file is replaced only once the export is complete; a JSON-LD export and its context
    file are replaced together or not at all.

    Example: vsgraph export examples/grocery.ttl --to grocery.jsonld

    To standard output: vsgraph export examples/grocery.ttl --to - --format turtle | less

    For Archi: vsgraph export examples/grocery.ttl --to grocery.xml --format archimate
    """
    to_stream = destination == Path("-")
    if to_stream and output_format is None:
        raise click.UsageError("--to - needs --format: standard output has no extension to name the format")
    if to_stream and jsonld_context == "file":
        raise click.UsageError("--to - cannot take --jsonld-context file: there is no folder to write the context in")
    target: Path | BinaryIO = sys.stdout.buffer if to_stream else destination
    with phases() as progress:
        progress.start(inputs_description(files))
        portfolio = load_inputs(files, engine, input_format)
        progress.start(f"writing {'standard output' if to_stream else destination}")
        result = export_portfolio(
            portfolio,
            target,
            format=output_format,
            with_ontology=with_ontology,
            provenance=provenance,
            sources=files,
            generated_at=timestamp,
            jsonld_context=jsonld_context or ("embed" if to_stream else "file"),  # type: ignore[arg-type]  # click.Choice(CONTEXT_MODES) admits no other text
        )
    counted = "elements and relationships" if result.format == ARCHIMATE_FORMAT else "statements"
    if to_stream:
        click.echo(f"wrote standard output ({result.format}, {result.statements} {counted})", err=True)
        return
    click.echo(f"wrote {result.paths[0]} ({result.format}, {result.statements} {counted})")
    for extra in result.paths[1:]:
        click.echo(f"wrote {extra} (the JSON-LD context)")
