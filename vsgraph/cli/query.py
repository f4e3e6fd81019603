"""``vsgraph query`` and ``vsgraph sparql``: ask a portfolio the catalog's questions, or any SPARQL."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.shell_completion import CompletionItem
from rdflib import Literal

from vsgraph.cli.common import hours_per_day_option, load_inputs, portfolio_inputs, reports_errors
from vsgraph.cli.tables import is_terminal, render_for_people
from vsgraph.durations import working_time
from vsgraph.engine.results import QueryResult
from vsgraph.errors import QueryError
from vsgraph.limits import quoted
from vsgraph.query_catalog.queries import CatalogQuery, Parameter, catalog, get_query, run_query, run_sparql
from vsgraph.query_catalog.tables import FORMATS, Table

#: The extensions of a SPARQL query file, so that a mistyped file name is not run as a query.
_QUERY_SUFFIXES = (".rq", ".sparql")

_format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="How to print the rows (a CONSTRUCT graph prints as Turtle, or JSON-LD with json). "
    "table is for people: labels instead of IRIs, durations in working days and hours, fitted to the "
    "terminal; csv, json and markdown keep the IRIs and raw numbers.",
)

_iris_option = click.option(
    "--iris",
    is_flag=True,
    help="With --format table: show the IRIs and the label columns as they are, instead of labels.",
)


def _complete_names(context: click.Context, parameter: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The catalog's query names that start with what has been typed, for shell completion."""
    try:
        queries = catalog()
    except Exception:  # a broken catalog completes nothing rather than printing a traceback into the shell
        return []
    return [CompletionItem(query.name, help=query.title) for query in queries if query.name.startswith(incomplete)]


def _catalog_text(output_format: str) -> str:
    """Every catalog query with its question and parameters, in ``output_format``: for a
    person (``table``), as JSON objects, or as CSV or Markdown rows."""
    queries = catalog()
    if output_format == "json":
        return json.dumps([_catalog_entry(query) for query in queries], indent=2, ensure_ascii=False) + "\n"
    if output_format in ("csv", "markdown"):
        rows = [
            {
                "name": query.name,
                "title": query.title,
                "question": query.question,
                "tags": ", ".join(query.tags),
                "parameters": "; ".join(f"{parameter.name} ({_given(parameter)})" for parameter in query.parameters),
            }
            for query in queries
        ]
        variables = ["name", "title", "question", "tags", "parameters"]
        return Table(variables, [{name: Literal(row[name]) for name in variables} for row in rows]).render(output_format)
    lines = []
    for query in queries:
        lines.append(f"{query.name}: {query.title}")
        lines.append(f"    {query.question}")
        for parameter in query.parameters:
            lines.append(f"    --param {parameter.name}=... ({_given(parameter)}): {parameter.description}")
    return "\n".join(lines) + "\n" if lines else ""


def _given(parameter: Parameter) -> str:
    return f"{parameter.type}, " + ("required" if parameter.required else f"default {parameter.default}")


def _catalog_entry(query: CatalogQuery) -> dict[str, object]:
    return {
        "name": query.name,
        "title": query.title,
        "question": query.question,
        "tags": list(query.tags),
        "parameters": [
            {
                "name": parameter.name,
                "type": parameter.type,
                "required": parameter.required,
                "default": parameter.default,
                "description": parameter.description,
            }
            for parameter in query.parameters
        ],
    }


def _parse_params(context: click.Context, _parameter: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """Turn each ``--param KEY=VALUE`` into a dict entry; the catalog checks the keys.

    A key given twice is refused rather than one of its values silently kept.
    """
    params: dict[str, str] = {}
    for value in values:
        key, equals, text = value.partition("=")
        key = key.strip()
        if not equals or not key:
            raise click.BadParameter(f"{quoted(value)} is not KEY=VALUE")
        if key in params:
            raise click.UsageError(f"--param {key} given twice; give each parameter once", context)
        params[key] = text
    return params


@click.command()
@click.option(
    "--list",
    "list_catalog",
    is_flag=True,
    help="List the catalog's queries with their questions and parameters (in --format), and exit.",
)
@click.argument("name", required=False, metavar="NAME", shell_complete=_complete_names)
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
@_iris_option
@hours_per_day_option
@reports_errors
def query(
    list_catalog: bool,
    name: str | None,
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    params: dict[str, str],
    output_format: str,
    iris: bool,
    hours_per_day: float,
) -> None:
    """Answer the catalog question NAME (a file name in queries/ without .rq) about FILE...

    Example: vsgraph query low-quality-steps examples/grocery.ttl --param threshold=75
    """
    if list_catalog:
        click.echo(_catalog_text(output_format), nl=False)
        return
    if name is None:
        raise click.MissingParameter(ctx=click.get_current_context(), param_type="argument", param_hint="'NAME'")
    get_query(name)  # an unknown name fails before the files are read
    portfolio = load_inputs(files, engine, input_format)
    table = run_query(portfolio, name, params)
    if output_format == "table":
        working = working_time(hours_per_day)
        click.echo(render_for_people(table, portfolio, iris=iris, styled=is_terminal(), working=working), nl=False)
    else:
        click.echo(table.render(output_format), nl=False)


@click.command()
@click.argument("query_or_file", metavar="QUERY_OR_FILE")
@portfolio_inputs
@_format_option
@_iris_option
@hours_per_day_option
@click.option(
    "--allow-service", is_flag=True, help="Let SERVICE fetch from the URLs the query names (federation); refused by default."
)
@reports_errors
def sparql(
    query_or_file: str,
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    output_format: str,
    iris: bool,
    hours_per_day: float,
    allow_service: bool,
) -> None:
    """Run a SPARQL SELECT, ASK or CONSTRUCT query (text, or a file holding it) on FILE...

    The prefixes vsg:, rdf:, rdfs:, xsd:, owl:, skos:, org:, prov:, dcterms: and the
    ontology's others are declared unless the query declares them itself.
    Nothing is fetched: a query with SERVICE is refused unless --allow-service is given.

    Example: vsgraph sparql queries/hand-offs.rq examples/grocery.ttl --format csv
    """
    text = _query_text(query_or_file)
    portfolio = load_inputs(files, engine, input_format)
    result = run_sparql(portfolio, text, allow_fetch=allow_service, with_prefixes=True)
    if result.kind == "select" and output_format == "table":
        table = Table.from_result(result)
        working = working_time(hours_per_day)
        click.echo(render_for_people(table, portfolio, iris=iris, styled=is_terminal(), working=working), nl=False)
        return
    click.echo(_render(result, output_format), nl=False)


def _query_text(argument: str) -> str:
    """The query the argument gives: the content of the file it names, else itself.

    A query text is no file name even when the operating system refuses to look it up (a
    name too long), and a name that only a query file would have is not run as a query.
    """
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError as exc:  # undecodable bytes on the command line
        raise QueryError(f"the query text is not valid UTF-8 (at character {exc.start})") from exc
    path = Path(argument)
    try:
        is_file = path.is_file()
    except OSError:
        is_file = False
    if is_file:
        return _read_query_file(path)
    if path.suffix in _QUERY_SUFFIXES and not any(char.isspace() for char in argument):
        raise QueryError(f"{argument}: no such query file")
    return argument


def _read_query_file(path: Path) -> str:
    """The text of a query file; one that is not UTF-8 is refused with its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QueryError(f"{path}: cannot read the query file: {exc.strerror}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise QueryError(
            f"{path}:{line}: the query file is not UTF-8 text (byte {data[exc.start]:#04x}); save it as UTF-8"
        ) from exc


def _render(result: QueryResult, output_format: str) -> str:
    """Print any query form: rows as a table, a boolean as true/false, a graph as RDF."""
    if result.kind == "select":
        return Table.from_result(result).render(output_format)
    if result.kind == "ask":
        answer = "true" if result.boolean else "false"
        return '{"boolean": ' + answer + "}\n" if output_format == "json" else answer + "\n"
    if output_format == "csv":
        raise QueryError("a CONSTRUCT or DESCRIBE answer is a graph, which CSV cannot hold; use --format table or json")
    assert result.graph is not None
    text = result.graph.serialize(format="json-ld" if output_format == "json" else "turtle")
    return text if text.endswith("\n") else text + "\n"
