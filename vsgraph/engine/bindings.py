"""Binding query parameters through SPARQL's own ``VALUES``, the same on every engine.

Engines disagree on out-of-band bindings: Oxigraph's ``substitutions`` accept only
variables the query projects, rdflib's ``initBindings`` exist only in rdflib, and a remote
SPARQL endpoint has neither. A ``VALUES`` block placed first in the query's outermost
group binds the variables for the whole pattern, is plain SPARQL 1.1, and so means the
same everywhere. Values are RDF terms serialised by rdflib (escaped, typed), never text
supplied by the user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Node

from vsgraph.errors import QueryError
from vsgraph.limits import quoted

_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WHERE = re.compile(r"where\b", re.IGNORECASE)


def bind_values(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """Return ``sparql`` with a ``VALUES`` block binding each variable in ``bindings``."""
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE_NAME.match(name):
            raise QueryError(f"{quoted(name)} is not a SPARQL variable name")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_written(name, term) for name, term in bindings.items())
    block = f"\n  VALUES ({names}) {{ ({values}) }}\n"
    position = _body_opening_brace(sparql)
    return sparql[: position + 1] + block + sparql[position + 1 :]


def _written(name: str, term: Node) -> str:
    """``term`` as SPARQL writes it; a term rdflib cannot write (an IRI with a space, text
    that is not UTF-8) is refused, naming the variable it was to bind."""
    try:
        written = term.n3()
        written.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QueryError(f"the value for ?{name} is not valid UTF-8 text") from exc
    except Exception as exc:
        # rdflib refuses an IRI it cannot write with a bare Exception.
        if type(exc) is Exception:
            raise QueryError(f"the value for ?{name} cannot be written in SPARQL: {exc}") from exc
        raise
    return written


def _body_opening_brace(sparql: str) -> int:
    """Index of the ``{`` that opens the outermost group pattern (after ``WHERE`` if present)."""
    first_brace, after_where = None, False
    index, length = 0, len(sparql)
    while index < length:
        char = sparql[index]
        if char == "#":
            index = sparql.find("\n", index)
            index = length if index == -1 else index
            continue
        if char in "\"'":
            index = _skip_string(sparql, index)
            continue
        if char == "<":
            close = re.match(r"<[^<>\"{}|^`\\\s]*>", sparql[index:])
            if close:
                index += close.end()
                continue
        if char == "{":
            if after_where:
                return index
            if first_brace is None:
                first_brace = index
        if char in "wW" and _WHERE.match(sparql, index) and not sparql[index - 1 : index].isalnum():
            after_where = True
            index += 5
            continue
        index += 1
    if first_brace is None:
        raise QueryError("cannot bind parameters: the query has no group pattern { ... }")
    return first_brace


def _skip_string(sparql: str, start: int) -> int:
    quote = sparql[start]
    if sparql.startswith(quote * 3, start):
        end = sparql.find(quote * 3, start + 3)
        return len(sparql) if end == -1 else end + 3
    index = start + 1
    while index < len(sparql) and sparql[index] != quote:
        index += 2 if sparql[index] == "\\" else 1
    return index + 1
