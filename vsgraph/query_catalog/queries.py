"""The query catalog: portfolio questions answered by the SPARQL files in ``queries/``.

Each ``.rq`` file is one question, named by its file name, and starts with a header of
``# key: value`` comment lines (``queries/README.md`` documents them) giving its title,
the question in words, its tags and its typed parameters. The queries are plain SPARQL
1.1, so they run in any SPARQL tool; here a parameter's value is converted to a typed RDF
term and bound by the engine through ``VALUES`` (never pasted into the query text), with
the header's default when the caller gives none.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pyparsing import ParseBaseException
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from vsgraph.engine.parallel import Work, fork_map, processes_for
from vsgraph.engine.results import QueryResult
from vsgraph.engine.terms import tsv_rows
from vsgraph.errors import QueryError, ResourceError
from vsgraph.limits import DEFAULT_LIMITS, quoted
from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.tables import Table
from vsgraph.resources import resource_dir
from vsgraph.vocabulary.ontology import ontology_namespaces

PARAMETER_TYPES = ("integer", "decimal", "string", "datetime", "iri")

_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*?)\s*$")
_PARAMETER = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*) \((?P<type>[a-z]+), "
    r"(?:(?P<required>required)|default (?P<default>[^)]+))\) - (?P<description>.+)$"
)
_KEYS = ("title", "question", "tags", "param")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
#: log10(2): the decimal digits per bit of an integer.
_DIGITS_PER_BIT = 0.30103
_ABSOLUTE_IRI = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)[^\s<>\"{}|^`\\]+$")
#: A ``PREFIX name:`` declaration (the keyword in any case, as SPARQL allows).
_DECLARED_PREFIX = re.compile(r"(?<![\w?$])prefix\s+(?P<prefix>[A-Za-z][\w.-]*)?:", re.IGNORECASE)
#: Oxigraph's syntax error: ``error at LINE:COLUMN: what it expected``.
_OXIGRAPH_ERROR = re.compile(r"^error at (?P<line>\d+):(?P<column>\d+):\s*(?P<detail>.*)$", re.DOTALL)
#: The prefixed name that ends a piece of text, where Oxigraph stops at an undeclared prefix.
_PREFIXED_NAME_END = re.compile(r"(?:^|[^\w.:-])(?P<prefix>[A-Za-z][\w.-]*)?:[\w.-]*$")


@dataclass(frozen=True)
class Parameter:
    """A parameter of a catalog query: the SPARQL variable ``?name`` bound by ``VALUES``."""

    name: str
    type: str
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        """Whether the caller must give a value (the header says ``required``, not a default)."""
        return self.default is None


@dataclass(frozen=True)
class CatalogQuery:
    """One question of the catalog: its header and its SPARQL text."""

    name: str
    title: str
    question: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    sparql: str
    path: Path


def catalog() -> list[CatalogQuery]:
    """Every query of the catalog, sorted by name."""
    return list(_catalog().values())


def get_query(name: str) -> CatalogQuery:
    """The catalog query called ``name``; an unknown name raises :class:`QueryError`
    suggesting the closest names."""
    queries = _catalog()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, queries, n=3)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise QueryError(f"there is no query called {name!r}{hint} (`vsgraph query --list` lists them all)")


def run_query(portfolio: Portfolio, name: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> Table:
    """Answer the catalog question ``name`` about ``portfolio``.

    Parameters come from ``params`` and keyword arguments, as text (``"80"``) or Python
    values (``80``, ``Decimal("80")``, ``URIRef(...)``); a missing one takes the header's
    default. An IRI parameter also accepts a prefixed name of the ontology (``vsg:...``)
    or the local name of an IRI in the portfolio (``checkout`` for
    ``https://example.org/grocery/checkout``) when exactly one IRI ends with it.
    """
    sparql, bindings = bound_query(portfolio, name, {**(params or {}), **kwargs})
    return Table.from_result(run_sparql(portfolio, sparql, bindings))


def run_queries(
    portfolio: Portfolio,
    requests: Iterable[str | tuple[str, Mapping[str, Any]]],
    *,
    processes: int | None = None,
) -> list[Table]:
    """Answer several catalog questions about ``portfolio``: their tables, in the order asked.

    A request is a query name, or a name and its parameters (as :func:`run_query` takes
    them). Every request is checked before any query runs, so a wrong name or parameter
    fails at once. The answers are those of :func:`run_query`.

    Oxigraph answers one query at a time per process. So on a large in-memory portfolio
    forked workers answer the queries, one per CPU (:mod:`vsgraph.engine.parallel` decides;
    ``processes`` sets how many, 1 for none), while this process turns each answer into
    rows.
    """
    bound = [
        bound_query(portfolio, request, {}) if isinstance(request, str) else bound_query(portfolio, *request)
        for request in requests
    ]
    backend = portfolio.backend
    if processes is None and len(bound) < 2:
        processes = 1
    processes = processes_for(backend, Work.CATALOG, processes)
    if processes < 2:
        return [Table.from_result(run_sparql(portfolio, sparql, bindings)) for sparql, bindings in bound]
    return fork_map(
        lambda index: backend.select_tsv(*bound[index]),
        range(len(bound)),
        processes,
        lambda document: Table(*tsv_rows(document)),
    )


def bound_query(portfolio: Portfolio, name: str, given: Mapping[str, Any]) -> tuple[str, dict[str, Node]]:
    """The SPARQL of the catalog question ``name`` and the terms its parameters are bound
    to; an unknown or missing parameter raises :class:`QueryError`."""
    query = get_query(name)
    known = {parameter.name for parameter in query.parameters}
    unknown = sorted(set(given) - known)
    if unknown:
        expected = ", ".join(sorted(known)) or "none"
        raise QueryError(f"query {name!r} has no parameter {', '.join(map(repr, unknown))}; its parameters: {expected}")
    bindings: dict[str, Node] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None:
            raise QueryError(f"query {name!r} needs the parameter {parameter.name!r} ({parameter.type}): {parameter.description}")
        bindings[parameter.name] = _typed_term(portfolio, query, parameter, value)
    return query.sparql, bindings


def run_sparql(
    portfolio: Portfolio,
    sparql: str,
    bindings: Mapping[str, Node] | None = None,
    *,
    allow_fetch: bool = False,
    with_prefixes: bool = False,
) -> QueryResult:
    """Run any SPARQL query on the portfolio, turning a syntax error into :class:`QueryError`.

    The answer is a :class:`~vsgraph.engine.results.QueryResult` of rdflib terms, as
    :meth:`Portfolio.query` returns (``URIRef``, ``Literal``; ``None`` where unbound),
    unlike :func:`run_query`, whose :class:`Table` holds Python values; ``.table()`` turns
    a SELECT answer into that same table.

    With ``with_prefixes`` (as ``vsgraph sparql`` runs queries), every prefix of
    :func:`sparql_prefixes` that the text does not declare itself is declared on one line
    put before it; the engine, and the ``SERVICE`` guard, get the text with that line, and
    the line and column of a syntax error are those of the text as given.
    ``SERVICE`` is refused unless ``allow_fetch`` (see :meth:`Portfolio.query`).
    """
    prologue = prefix_declarations(sparql) if with_prefixes else ""
    added_lines = prologue.count("\n")
    try:
        return portfolio.query(prologue + sparql, bindings, allow_fetch=allow_fetch)
    except UnicodeEncodeError as exc:
        raise QueryError(f"the query text is not valid UTF-8 (at character {exc.start - len(prologue)})") from exc
    except (SyntaxError, ParseBaseException) as exc:
        raise QueryError(f"the SPARQL query is not valid: {_syntax_error(exc, sparql, added_lines)}") from exc
    except Exception as exc:
        # rdflib reports an undeclared prefix with a bare Exception; anything more specific
        # is not a problem with the query text and is left alone.
        if type(exc) is Exception:
            raise QueryError(f"the SPARQL query is not valid: {_first_line(exc)}") from exc
        raise


def sparql_prefixes() -> dict[str, str]:
    """The prefixes ``vsgraph sparql`` declares for a query that does not: those the
    ontology binds (``vsg``, ``rdf``, ``rdfs``, ``xsd``, ``owl``, ``skos``, ``org``, ``prov``,
    ``dcterms``, ...), the same that name IRI parameters and the rdflib graph's prefixes."""
    return {prefix: str(namespace) for prefix, namespace in ontology_namespaces() if prefix}


def prefix_declarations(sparql: str) -> str:
    """``PREFIX`` declarations, on one line ending in a line feed, for every prefix of
    :func:`sparql_prefixes` that ``sparql`` does not declare itself (its own declaration
    wins); empty when there is none to add."""
    declared = {match["prefix"] or "" for match in _DECLARED_PREFIX.finditer(sparql)}
    missing = [f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in sparql_prefixes().items() if prefix not in declared]
    return " ".join(missing) + "\n" if missing else ""


def _syntax_error(exc: SyntaxError | ParseBaseException, sparql: str, added_lines: int) -> str:
    """Where and why a query does not parse, in one short line: ``error at LINE:COLUMN: ...``.

    Oxigraph lists every token it would have accepted, character classes included (a
    dozen lines); only the keywords and punctuation are kept. ``added_lines`` lines were
    put before ``sparql`` and are not counted.
    """
    if isinstance(exc, ParseBaseException):
        line, column, detail = exc.lineno, exc.col, str(exc.msg)
    else:
        match = _OXIGRAPH_ERROR.match(str(exc))
        if match is None:
            return _first_line(exc)
        line, column, detail = int(match["line"]), int(match["column"]), match["detail"]
        detail = _short_expectation(detail)
    line -= added_lines
    if line < 1:  # in the declarations vsgraph added, which cannot happen unless they are wrong
        return _first_line(exc)
    if "Prefix not found" in detail:
        source = sparql.splitlines()[line - 1] if line <= len(sparql.splitlines()) else ""
        name = _PREFIXED_NAME_END.search(source[: max(column - 1, 0)])
        detail = f"the prefix {name['prefix'] or ''}: is not declared" if name else "a prefix is not declared"
    return f"error at {line}:{column}: {detail}" if detail else f"error at {line}:{column}"


def _short_expectation(detail: str) -> str:
    """Oxigraph's ``expected one of ...`` without the character classes, at most 150 characters."""
    detail = " ".join(detail.split())
    cut = detail.find(", [")
    if cut == -1 and detail.startswith("expected one of ["):
        cut = len("expected one of")
    if cut != -1:
        detail = detail[:cut].rstrip(" ,")
    if detail in ("expected one of", "expected"):
        return "unexpected text"
    return detail if len(detail) <= 150 else detail[:147] + "..."


def parse_header(text: str, path: Path) -> CatalogQuery:
    """Read the ``# key: value`` header of a query file; a malformed header raises
    :class:`ResourceError` naming the file and line."""
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER_LINE.match(line)
        if not match:
            break
        key, value = match["key"], match["value"]
        if key not in _KEYS:
            raise ResourceError(f"{path}:{number}: unknown header key {key!r}; expected one of {', '.join(_KEYS)}")
        if key == "param":
            parameters.append(_parse_parameter(value, path, number))
        elif key in fields:
            raise ResourceError(f"{path}:{number}: the header repeats {key!r}")
        else:
            fields[key] = value
    for key in ("title", "question"):
        if not fields.get(key):
            raise ResourceError(f"{path}: the header has no '# {key}:' line")
    return CatalogQuery(
        name=path.stem,
        title=fields["title"],
        question=fields["question"],
        tags=tuple(tag.strip() for tag in fields.get("tags", "").split(",") if tag.strip()),
        parameters=tuple(parameters),
        sparql=text,
        path=path,
    )


@functools.cache
def _catalog() -> dict[str, CatalogQuery]:
    directory = resource_dir("queries")
    queries = {}
    for path in sorted(directory.glob("*.rq")):
        queries[path.stem] = parse_header(path.read_text(encoding="utf-8"), path)
    return queries


def _parse_parameter(value: str, path: Path, number: int) -> Parameter:
    match = _PARAMETER.match(value)
    if not match:
        raise ResourceError(
            f"{path}:{number}: a parameter reads 'NAME (TYPE, default VALUE) - description' "
            f"or 'NAME (TYPE, required) - description', not {value!r}"
        )
    if match["type"] not in PARAMETER_TYPES:
        raise ResourceError(
            f"{path}:{number}: unknown parameter type {match['type']!r}; expected one of {', '.join(PARAMETER_TYPES)}"
        )
    parameter = Parameter(match["name"], match["type"], match["default"], match["description"])
    if parameter.default is not None:
        if parameter.type == "iri":
            raise ResourceError(f"{path}:{number}: an iri parameter cannot have a default")
        try:
            _literal(parameter, parameter.default)
        except ValueError as exc:
            raise ResourceError(f"{path}:{number}: {exc}") from exc
    return parameter


def _typed_term(portfolio: Portfolio, query: CatalogQuery, parameter: Parameter, value: Any) -> Node:
    try:
        if parameter.type == "iri":
            return _iri(portfolio, value)
        return _literal(parameter, value)
    except ValueError as exc:
        raise QueryError(f"query {query.name!r}, parameter {parameter.name!r}: {exc}") from exc


def _literal(parameter: Parameter, value: Any) -> Literal:
    """The typed literal for a parameter's value; ``ValueError`` says why it does not fit."""
    if parameter.type == "string":
        return Literal(_utf8(str(value)))
    if parameter.type == "datetime":
        return Literal(_instant(value), datatype=XSD.dateTime)
    if isinstance(value, bool):
        raise ValueError(f"expected {parameter.type}, got {quoted(value)}")
    if parameter.type == "integer":
        if isinstance(value, str) and _INTEGER.match(value.strip()):
            _check_digits(value, len(value.strip().lstrip("+-")))
            value = int(value)
        if not isinstance(value, int):
            raise ValueError(f"expected an integer such as 3, got {quoted(value)}")
        _check_digits(value, int(value.bit_length() * _DIGITS_PER_BIT) + 1)
        return Literal(value, datatype=XSD.integer)
    try:
        decimal = Decimal(str(value).strip())
    except InvalidOperation:
        decimal = None
    if decimal is None or not decimal.is_finite():
        raise ValueError(f"expected a decimal number such as 80 or 99.5, got {quoted(value)}")
    sign_digits_exponent = decimal.as_tuple()
    _check_digits(value, len(sign_digits_exponent.digits) + abs(int(sign_digits_exponent.exponent)))
    return Literal(decimal, datatype=XSD.decimal)


def _instant(value: Any) -> datetime:
    """The instant a ``datetime`` parameter names: a ``datetime`` (UTC when it has no time
    zone), a ``date`` (its midnight, UTC), or ISO 8601 text of either (``2026-01-01``,
    ``2026-01-01T09:30:00Z``). Stored instants carry a time zone, and SPARQL cannot order
    an instant without one against them, so a parameter always has one."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"expected a date or an instant such as 2026-01-01 or 2026-01-01T09:30:00Z, got {quoted(value)}"
            ) from None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise ValueError(f"expected a date or an instant such as 2026-01-01, got {quoted(value)}")


def _check_digits(value: Any, digits: int) -> None:
    """Refuse a number that takes more than ``max_number_digits`` digits written out in
    full, as an RDF literal writes it: ``1e999999999`` is a short text but a huge literal."""
    limit = DEFAULT_LIMITS.max_number_digits
    if digits > limit:
        raise ValueError(f"{quoted(value)} takes more than {limit} digits written out")


def _utf8(text: str) -> str:
    """``text`` if it can be sent to an engine as UTF-8 (a command line's undecodable bytes
    arrive as lone surrogates, which cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{quoted(text)} is not valid UTF-8 text (at character {exc.start})") from exc
    return text


def _iri(portfolio: Portfolio, value: Any) -> URIRef:
    """Resolve an IRI parameter given as a full IRI, a ``prefix:name`` of the ontology's
    namespaces or the local name of exactly one IRI in the portfolio."""
    if isinstance(value, URIRef):
        return _valid_iri(value, str(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected an IRI or a local name, got {quoted(value)}")
    text = _utf8(value.strip().removeprefix("<").removesuffix(">"))
    prefix, colon, local = text.partition(":")
    if colon:
        namespaces = dict(ontology_namespaces())
        if prefix in namespaces and not local.startswith("//"):
            return _valid_iri(URIRef(f"{namespaces[prefix]}{local}"), value)
        if _ABSOLUTE_IRI.match(text):
            return URIRef(text)
        raise ValueError(f"{quoted(value)} is neither a full IRI nor a known prefixed name")
    return _resolve_local_name(portfolio, text)


def _valid_iri(iri: URIRef, given: Any) -> URIRef:
    if not _ABSOLUTE_IRI.match(iri):
        raise ValueError(f'{quoted(given)} is not a valid IRI (no spaces, nor any of <>"{{}}|^`\\)')
    return iri


def _resolve_local_name(portfolio: Portfolio, local: str) -> URIRef:
    answer = portfolio.query(
        "SELECT DISTINCT ?node WHERE { ?node a ?type . "
        "FILTER (isIRI(?node) && (STRENDS(STR(?node), ?slash) || STRENDS(STR(?node), ?hash))) } "
        "ORDER BY ?node",
        {"slash": Literal(f"/{local}"), "hash": Literal(f"#{local}")},
    )
    matches = [row["node"] for row in answer.rows]
    if len(matches) == 1:
        return URIRef(str(matches[0]))
    if not matches:
        raise ValueError(f"no IRI in the portfolio ends with {quoted(local)}; give the full IRI")
    listed = ", ".join(str(match) for match in matches[:5])
    raise ValueError(f"{quoted(local)} is ambiguous, it ends {len(matches)} IRIs ({listed}); give the full IRI")


def _first_line(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message if len(message) <= 200 else message[:197] + "..."
