"""SELECT results as a table of rows, for Python code and for people.

A :class:`~vsgraph.engine.results.QueryResult` holds rdflib terms, which keep every detail (an
IRI is not a string, ``"4"^^xsd:decimal`` is not ``4``) but are awkward to use. A
:class:`Table` keeps those terms and offers them as plain Python values and as CSV,
JSON, Markdown or an aligned text table, so that the API and the ``vsgraph query`` and
``vsgraph sparql`` commands print the same answer the same way. For data work it turns
into a pandas or polars data frame with a typed column per variable
(:meth:`Table.to_pandas`, :meth:`Table.to_polars`; the ``pandas`` and ``polars`` extras),
and a notebook shows it as an HTML table.
"""

from __future__ import annotations

import csv
import html
import importlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from types import ModuleType
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from vsgraph.engine.results import QueryResult
from vsgraph.errors import MissingExtraError

FORMATS = ("table", "csv", "json", "markdown")

#: The most rows a notebook shows of a table (:meth:`Table._repr_html_`); the rest are counted.
HTML_ROWS = 100

_INT64 = range(-(2**63), 2**63)


@dataclass(repr=False)
class Table:
    """The rows of a SELECT query; ``terms`` keeps the rdflib terms, ``None`` where unbound.

    ``str(table)`` is the aligned text table (:meth:`to_text`), a notebook shows an HTML
    table, :attr:`rows` gives Python values and :meth:`to_pandas` / :meth:`to_polars` a
    data frame.
    """

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

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        count = len(self.terms)
        columns = ", ".join(self.variables) if self.variables else "no columns"
        return f"<Table: {count} row{'s' * (count != 1)} of {columns}>"

    def _repr_html_(self) -> str:
        """The table as HTML, for Jupyter: every cell escaped, at most :data:`HTML_ROWS` rows."""
        head = "".join(f"<th>{html.escape(name)}</th>" for name in self.variables)
        body = [
            "<tr>" + "".join(f"<td>{html.escape(cell_text(row.get(name)))}</td>" for name in self.variables) + "</tr>"
            for row in self.terms[:HTML_ROWS]
        ]
        hidden = len(self.terms) - HTML_ROWS
        more = f"<p>… and {hidden} more row{'s' * (hidden != 1)}</p>" if hidden > 0 else ""
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + f"\n</tbody>\n</table>{more}\n"

    def to_pandas(self) -> Any:
        """The table as a ``pandas.DataFrame``, a typed column per variable, in order.

        Needs the ``pandas`` extra (``pip install 'vsgraph[pandas]'``); without it raises
        :class:`MissingExtraError`. A column's type comes from the values it holds:

        * integers: ``Int64``, pandas' nullable integer, so that an unbound cell is
          ``<NA>`` and the column stays integer (``int64`` cannot hold a missing value);
        * decimals, doubles and floats: ``float64``, unbound as ``NaN``. pandas has no
          decimal type; a column of ``Decimal`` objects would be ``object``, on which
          pandas' arithmetic and statistics are slow or refused. Portfolio numbers (minutes,
          percentages) are far within float precision; the exact values stay in :attr:`rows`;
        * booleans: ``boolean`` (nullable);
        * ``xsd:dateTime`` and ``xsd:date``: ``datetime64`` (a date at midnight); values with
          a time zone are converted to UTC (``datetime64[..., UTC]``);
        * everything else, IRIs included: ``string``, each cell's text as in :meth:`to_csv`
          (and so a column whose values are of mixed kinds, or all unbound).
        """
        pd = _extra("pandas", "to_pandas")
        columns = {}
        for name in self.variables:
            kind, values = _column(self.terms, name)
            if kind == "integer":
                columns[name] = pd.array(values, dtype="Int64")
            elif kind == "decimal":
                columns[name] = pd.array([float("nan") if value is None else float(value) for value in values], dtype="float64")
            elif kind == "boolean":
                columns[name] = pd.array(values, dtype="boolean")
            elif kind in ("datetime", "date"):
                aware = any(_aware(value) for value in values if value is not None)
                columns[name] = pd.to_datetime(pd.Series(values, dtype=object), utc=aware).array
            else:
                columns[name] = pd.array(values, dtype="string")
        return pd.DataFrame(columns, columns=self.variables, index=pd.RangeIndex(len(self.terms)))

    def to_polars(self) -> Any:
        """The table as a ``polars.DataFrame``, a typed column per variable, in order.

        Needs the ``polars`` extra (``pip install 'vsgraph[polars]'``); without it raises
        :class:`MissingExtraError`. The types are those of :meth:`to_pandas` in polars'
        terms: ``Int64``, ``Float64`` (for the same reason), ``Boolean``, ``Datetime``
        (``Date`` for ``xsd:date``, which polars has) and ``String``, an unbound cell as
        ``null`` in every column.
        """
        pl = _extra("polars", "to_polars")
        series = []
        for name in self.variables:
            kind, values = _column(self.terms, name)
            if kind == "integer":
                series.append(pl.Series(name, values, dtype=pl.Int64))
            elif kind == "decimal":
                series.append(pl.Series(name, [None if value is None else float(value) for value in values], dtype=pl.Float64))
            elif kind == "boolean":
                series.append(pl.Series(name, values, dtype=pl.Boolean))
            elif kind == "date":
                series.append(pl.Series(name, values, dtype=pl.Date))
            elif kind == "datetime":
                aware = any(_aware(value) for value in values if value is not None)
                naive = [None if value is None else _naive_utc(value) for value in values]
                column = pl.Series(name, naive, dtype=pl.Datetime("us"))
                series.append(column.dt.replace_time_zone("UTC") if aware else column)
            else:
                series.append(pl.Series(name, values, dtype=pl.String))
        return pl.DataFrame(series)

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


def decimal_value(value: Any) -> Decimal | None:
    """A row's value as a ``Decimal``, for arithmetic on catalog answers; ``None`` for a
    missing value or one that is not a finite number (an ill-typed literal arrives as text)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return number if number.is_finite() else None


def cell_text(term: Node | None) -> str:
    """The text of one cell: an IRI, a blank node label or a literal's lexical form."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, (URIRef, Literal)):
        return str(term)
    return term.n3()


def _column(rows: Sequence[dict[str, Node | None]], name: str) -> tuple[str, list[Any]]:
    """The kind of one column (``integer``, ``decimal``, ``boolean``, ``datetime``, ``date``
    or ``string``) and its values for that kind, ``None`` where unbound.

    The kind is the one every bound value shares; integers among decimals make a decimal
    column, dates among date-times a date-time column (at midnight). Anything else, and
    date-times some with a time zone and some without, is a string column of cell texts.
    """
    terms = [row.get(name) for row in rows]
    values = [python_value(term) for term in terms]
    bound = [value for value in values if value is not None]
    types = {type(value) for value in bound}
    if bound and types <= {bool}:
        return "boolean", values
    if bound and types <= {int} and all(value in _INT64 for value in bound):
        return "integer", values
    if bound and types <= {int, Decimal, float}:
        return "decimal", values
    if bound and types <= {date}:
        return "date", values
    if bound and types <= {date, datetime} and len({_aware(value) for value in bound}) == 1:
        return "datetime", [_as_datetime(value) for value in values]
    return "string", [None if term is None else cell_text(term) for term in terms]


def _aware(value: date) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None


def _as_datetime(value: date | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def _naive_utc(value: datetime) -> datetime:
    """A date-time with a time zone as the naive date-time of the same instant in UTC."""
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def _extra(module: str, method: str) -> ModuleType:
    """Import the optional dependency ``module``, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"Table.{method}() needs {module}, which is not installed; install it with: pip install 'vsgraph[{module}]'"
        ) from exc


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _markdown_line(cells: list[str]) -> str:
    escaped = [cell.replace("|", "\\|").replace("\n", " ") for cell in cells]
    return "| " + " | ".join(escaped) + " |"
