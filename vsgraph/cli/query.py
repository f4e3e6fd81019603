"""``vsgraph query`` and ``vsgraph sparql``: ask a portfolio the catalog's questions, or any SPARQL."""

from __future__ import annotations

from pathlib import Path

import click

from vsgraph.cli.common import load_inputs, portfolio_inputs, reports_errors
from vsgraph.errors import QueryError
from vsgraph.queries import catalog, get_query, run_query, run_sparql
from vsgraph.results import QueryResult
from vsgraph.tables import FORMATS, Table

_format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="How to print the rows (a CONSTRUCT graph prints as Turtle, or JSON-LD with json).",
)


def _print_catalog(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    """Print every catalog query with its question and parameters, then stop."""
    if not value or context.resilient_parsing:
        return
    for query in catalog():
        click.echo(f"{query.name}: {query.title}")
        click.echo(f"    {query.question}")
        for parameter in query.parameters:
            given = "required" if parameter.required else f"default {parameter.default}"
            click.echo(
                f"    --param {parameter.name}=... ({parameter.type}, {given}): {parameter.description}"
            )
    context.exit(0)


def _parse_params(
    _context: click.Context, _parameter: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """Turn each ``--param KEY=VALUE`` into a dict entry; the catalog checks the keys."""
    params = {}
    for value in values:
        key, equals, text = value.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE")
        params[key.strip()] = text
    return params


@click.command()
@click.option(
    "--list",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_print_catalog,
    help="List the catalog's queries with their questions and parameters, and exit.",
)
@click.argument("name")
@portfolio_inputs
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    callback=_parse_params,
    help="A value for one of the query's parameters (repeatable); an IRI may be given by its local name.",
)
@_format_option
@reports_errors
def query(
    name: str,
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    params: dict[str, str],
    output_format: str,
) -> None:
    """Answer the catalog question NAME (a file name in queries/ without .rq) about FILE...

    Example: vsgraph query low-quality-steps examples/grocery.ttl --param threshold=75
    """
    get_query(name)  # an unknown name fails before the files are read
    portfolio = load_inputs(files, engine, input_format)
    click.echo(run_query(portfolio, name, params).render(output_format), nl=False)


@click.command()
@click.argument("query_or_file", metavar="QUERY_OR_FILE")
@portfolio_inputs
@_format_option
@reports_errors
def sparql(
    query_or_file: str,
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    output_format: str,
) -> None:
    """Run a SPARQL SELECT, ASK or CONSTRUCT query (text, or a file holding it) on FILE...

    Example: vsgraph sparql queries/hand-offs.rq examples/grocery.ttl --format csv
    """
    path = Path(query_or_file)
    text = path.read_text(encoding="utf-8") if path.is_file() else query_or_file
    portfolio = load_inputs(files, engine, input_format)
    click.echo(_render(run_sparql(portfolio, text), output_format), nl=False)


def _render(result: QueryResult, output_format: str) -> str:
    """Print any query form: rows as a table, a boolean as true/false, a graph as RDF."""
    if result.kind == "select":
        return Table.from_result(result).render(output_format)
    if result.kind == "ask":
        answer = "true" if result.boolean else "false"
        return '{"boolean": ' + answer + "}\n" if output_format == "json" else answer + "\n"
    if output_format == "csv":
        raise QueryError(
            "a CONSTRUCT or DESCRIBE answer is a graph, which CSV cannot hold; "
            "use --format table or json"
        )
    assert result.graph is not None
    text = result.graph.serialize(format="json-ld" if output_format == "json" else "turtle")
    return text if text.endswith("\n") else text + "\n"
