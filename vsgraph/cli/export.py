"""``vsgraph export``: write a portfolio as linked data in any RDF format."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from vsgraph.cli.common import load_inputs, portfolio_inputs, reports_errors
from vsgraph.export import CONTEXT_MODES, export as export_portfolio
from vsgraph.formats import RDF_FORMATS


def _timestamp(context: click.Context, parameter: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date and time, such as 2026-11-25T12:30:00Z") from exc


@click.command("export")
@portfolio_inputs
@click.option("--to", "destination", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write; its extension names the format (.ttl .nt .jsonld .rdf .trig .nq).")
@click.option("--format", "output_format", type=click.Choice(list(RDF_FORMATS)),
              help="Write this format whatever the extension.")
@click.option("--with-ontology", is_flag=True, help="Include the vsgraph ontology (its own named graph in TriG and N-Quads).")
@click.option("--provenance/--no-provenance", default=True, show_default=True,
              help="Add the PROV-O record: the sources, the time and the vsgraph version.")
@click.option("--timestamp", callback=_timestamp, metavar="ISO-8601",
              help="The time recorded in the provenance (default: SOURCE_DATE_EPOCH if set, else now); "
              "fix it to make repeated exports byte-identical.")
@click.option("--jsonld-context", type=click.Choice(CONTEXT_MODES), default="file", show_default=True,
              help="JSON-LD: write the vsgraph context beside the export (file), inside it (embed), "
              "or refer to its published IRI (iri).")
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
    jsonld_context: str,
) -> None:
    """Write the portfolio as linked data (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads).

    FILE... goes to the --to file, sorted so that the same input gives the same bytes.

    Example: vsgraph export examples/grocery.ttl --to grocery.jsonld
    """
    portfolio = load_inputs(files, engine, input_format)
    result = export_portfolio(
        portfolio,
        destination,
        format=output_format,
        with_ontology=with_ontology,
        provenance=provenance,
        sources=files,
        generated_at=timestamp,
        jsonld_context=jsonld_context,  # type: ignore[arg-type]
    )
    click.echo(f"wrote {result.paths[0]} ({result.format}, {result.statements} statements)")
    for extra in result.paths[1:]:
        click.echo(f"wrote {extra} (the JSON-LD context)")
