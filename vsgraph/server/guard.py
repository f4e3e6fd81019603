"""What the endpoint refuses to run: anything that would make the server fetch a URL.

``SERVICE`` (in a query or an update's ``WHERE``) and ``LOAD`` make the engine an HTTP
client of whatever URL the request names, which turns a public endpoint into a proxy into
the network it runs in; pyoxigraph does perform such fetches. The check walks the parsed
algebra (rdflib's SPARQL parser), not the text, so comments, strings and odd spacing cannot
hide an operator and an IRI that merely contains ``service`` is not refused. ``FROM`` and
``FROM NAMED`` are safe: Oxigraph reads them as graphs of the store, never as URLs.
"""

from __future__ import annotations

from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from vsgraph.errors import QueryError, RefusedError

_FETCHING = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}

#: The query forms, by the name rdflib's parser gives them.
QUERY_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


def check_query(text: str) -> str:
    """Refuse a query that fetches; return its form (select, ask, construct or describe)."""
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        raise QueryError(f"the SPARQL query is not valid: {exc}") from exc
    _refuse_fetching(parsed)
    return QUERY_FORMS[parsed[1].name]


def check_update(text: str) -> None:
    """Refuse an update that fetches (``LOAD``, or ``SERVICE`` in a ``WHERE``)."""
    try:
        parsed = parseUpdate(text)
    except ParseException as exc:
        raise QueryError(f"the SPARQL update is not valid: {exc}") from exc
    _refuse_fetching(parsed)


def _refuse_fetching(node: Any) -> None:
    if isinstance(node, CompValue):
        if node.name in _FETCHING:
            raise RefusedError(f"{_FETCHING[node.name]} is refused: this endpoint never fetches URLs")
        for value in node.values():
            _refuse_fetching(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            _refuse_fetching(value)
