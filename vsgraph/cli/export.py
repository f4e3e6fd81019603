"""``vsgraph export``: write a portfolio as linked data in any RDF format, as an ArchiMate
exchange file, or in an authoring format (YAML, an XLSX workbook, a CSV folder)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import click

from vsgraph.authoring.conversion import AUTHORING_OUTPUTS, authoring_output, write_authored
from vsgraph.cli.common import load_inputs, portfolio_inputs, reports_errors
from vsgraph.cli.progress import inputs_description, phases, quiet_option
from vsgraph.errors import PublishError
from vsgraph.inputs.formats import ARCHIMATE_FORMAT, RDF_FORMATS
from vsgraph.linked_data.export import CONTEXT_MODES
from vsgraph.linked_data.export import export as export_portfolio

#: The extensions of the linked-data files export writes (.xml is RDF/XML or, with
#: --format archimate, an exchange file).
_RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".json", ".rdf", ".owl", ".xml")


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
    type=click.Path(dir_okay=True, allow_dash=True, path_type=str),
    help="The file to write; its extension names the format (.ttl .nt .jsonld .rdf .trig .nq, "
    ".yaml .xlsx), and a folder (a name ending in /) is a CSV folder. - writes to standard "
    "output (with --format). A link, a device or a read-only file is refused.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*RDF_FORMATS, ARCHIMATE_FORMAT, *AUTHORING_OUTPUTS]),
    help="Write this format whatever the extension; archimate writes an ArchiMate exchange "
    "file with a view per value stream and a capability map (docs/archimate.md); yaml, xlsx "
    "and csv write the authoring formats (docs/yaml-format.md).",
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
    destination: str,
    output_format: str | None,
    with_ontology: bool,
    provenance: bool,
    timestamp: datetime | None,
    jsonld_context: str | None,
) -> None:
    """Write the portfolio as linked data (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads)
    or as an ArchiMate exchange file (--format archimate); also as YAML, an XLSX workbook
    or a CSV folder to edit (--format yaml, xlsx, csv).

    FILE... goes to the --to file, sorted so that the same input gives the same bytes. The
    file is replaced only once the export is complete; a JSON-LD export and its context
    file, or a CSV folder's files, are replaced together or not at all. Statements the
    authoring formats have no key for (provenance, flow data) are left out, and counted.

    Example: vsgraph export examples/grocery.ttl --to grocery.jsonld

    To standard output: vsgraph export examples/grocery.ttl --to - --format turtle | less

    For Archi: vsgraph export examples/grocery.ttl --to grocery.xml --format archimate

    To a workbook and back: vsgraph export examples/grocery.yaml --to grocery.xlsx, then
    vsgraph export grocery.xlsx --to grocery.yaml (or --to grocery/ for CSV files)
    """
    to_stream = destination == "-"
    authored = None if to_stream else authoring_output(destination, output_format)
    if authored is not None:
        _export_authored(files, engine, input_format, destination, authored, with_ontology, jsonld_context, timestamp)
        return
    if output_format in AUTHORING_OUTPUTS:
        raise click.UsageError(f"--to - writes linked data: write {output_format} to a file or folder")
    if not to_stream and output_format is None:
        _check_extension(Path(destination))
    if to_stream and output_format is None:
        raise click.UsageError("--to - needs --format: standard output has no extension to name the format")
    if to_stream and jsonld_context == "file":
        raise click.UsageError("--to - cannot take --jsonld-context file: there is no folder to write the context in")
    target: Path | BinaryIO = sys.stdout.buffer if to_stream else Path(destination)
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


def _export_authored(
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    destination: str,
    output_format: str,
    with_ontology: bool,
    jsonld_context: str | None,
    timestamp: datetime | None,
) -> None:
    """Write the portfolio as YAML, a workbook or a CSV folder, saying what was left out."""
    given = [name for name, value in (("--with-ontology", with_ontology), ("--jsonld-context", jsonld_context)) if value]
    given += ["--timestamp"] if timestamp is not None else []
    if given:
        verb = "applies" if len(given) == 1 else "apply"
        raise click.UsageError(f"{' and '.join(given)} {verb} only to linked data, not to {output_format}")
    with phases() as progress:
        progress.start(inputs_description(files))
        portfolio = load_inputs(files, engine, input_format)
        progress.start(f"writing {destination}")
        result = write_authored(portfolio, destination, output_format)
    click.echo(f"wrote {result.paths[0]} ({result.format}, {result.statements} statements)")
    if result.left_out:
        click.echo(
            f"left out {result.left_out} statement{'s' * (result.left_out != 1)} the {output_format} format has no key for",
            err=True,
        )


def _check_extension(destination: Path) -> None:
    """Refuse a destination whose extension names no format vsgraph writes, listing those
    it writes (the reader's message would list the formats it reads)."""
    if destination.suffix.lower() not in _RDF_SUFFIXES:
        raise PublishError(
            f"{destination}: cannot tell the format to write from {destination.suffix or 'no extension'!r}: name a "
            f"{' '.join(_RDF_SUFFIXES)} .yaml or .xlsx file, a folder ending in / for CSV files, or give --format"
        )
