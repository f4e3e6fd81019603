"""SELECT results as a table of rows, for Python code and for people.

A :class:`~vsgraph.engine.results.QueryResult` holds rdflib terms, which keep every detail (an
IRI is not a string, ``"4"^^xsd:decimal`` is not ``4``) but are awkward to use. A
:class:`Table` keeps those terms and offers them as plain Python values and as CSV,
JSON, Markdown or an aligned text table, so that the API and the ``vsgraph query`` and
``vsgraph sparql`` commands print the same answer the same way.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from vsgraph.engine.results import QueryResult

FORMATS = ("table", "csv", "json", "markdown")


@dataclass
class Table:
    """The rows of a SELECT query; ``terms`` keeps the rdflib terms, ``None`` where unbound."""

    variables: list[str]
    terms: list[dict[str, Node | None]]

    @classmethod
    def from_result(cls, result: QueryResult) -> Table:
        """Return the table of a SELECT result."""
        return cls(list(result.variables), list(result.rows))

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts of Python values: IRIs as ``str``, literals as ``int``,
        ``Decimal``, ``datetime``, ``bool`` or ``str``, unbound variables as ``None``."""
        return [{name: python_value(row.get(name)) for name in self.variables} for row in self.terms]

    def __len__(self) -> int:
        return len(self.terms)

    def to_csv(self) -> str:
        """The table as CSV with a header line; every cell is the term's lexical form."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.variables)
        for row in self.terms:
            writer.writerow([cell_text(row.get(name)) for name in self.variables])
        return buffer.getvalue()

    def to_json(self) -> str:
        """The table as a JSON array of objects, numbers as JSON numbers, a row per line.

        A row per line reads and diffs as well as indented JSON, and each line is written
        by the json module's C encoder, which indenting would switch off.
        """
        encode = json.JSONEncoder(default=_json_value, ensure_ascii=False).encode
        if not self.terms:
            return "[]\n"
        return "[\n" + ",\n".join(encode(row) for row in self.rows) + "\n]\n"

    def to_markdown(self) -> str:
        """The table as a GitHub-flavoured Markdown table."""
        lines = [
            _markdown_line(self.variables),
            _markdown_line(["---"] * len(self.variables)),
        ]
        for row in self.terms:
            lines.append(_markdown_line([cell_text(row.get(name)) for name in self.variables]))
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """The table as aligned columns of plain text, for a terminal."""
        cells = [[cell_text(row.get(name)) for name in self.variables] for row in self.terms]
        widths = [max([len(name)] + [len(line[index]) for line in cells]) for index, name in enumerate(self.variables)]
        lines = [
            "  ".join(name.ljust(width) for name, width in zip(self.variables, widths, strict=True)),
            "  ".join("-" * width for width in widths),
        ]
        lines += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
        return "\n".join(line.rstrip() for line in lines) + "\n"

    def render(self, output_format: str) -> str:
        """The table in one of :data:`FORMATS`."""
        renderers = {
            "table": self.to_text,
            "csv": self.to_csv,
            "json": self.to_json,
            "markdown": self.to_markdown,
        }
        if output_format not in renderers:
            raise ValueError(f"unknown format {output_format!r}; expected one of {', '.join(FORMATS)}")
        return renderers[output_format]()


def python_value(term: Node | None) -> Any:
    """The Python value of a term: ``str`` for IRIs and blank nodes, the literal's value
    (or its lexical form when it has no Python counterpart or is ill-typed)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def cell_text(term: Node | None) -> str:
    """The text of one cell: an IRI, a blank node label or a literal's lexical form."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, (URIRef, Literal)):
        return str(term)
    return term.n3()


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _markdown_line(cells: list[str]) -> str:
    escaped = [cell.replace("|", "\\|").replace("\n", " ") for cell in cells]
    return "| " + " | ".join(escaped) + " |"
