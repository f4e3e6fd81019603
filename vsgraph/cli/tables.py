"""Answers as tables for people: labels instead of IRIs, durations in days and hours, fitted
to the terminal.

:meth:`Table.to_text <vsgraph.query_catalog.tables.Table.to_text>` prints every term as it
is (the API's and the machine formats' view); the commands print this instead by default:

* a column ``x`` followed by its label column ``xLabel`` becomes one column ``x`` holding
  the label (the IRI's label from the portfolio where ``xLabel`` is unbound);
* any other IRI is named by its ``rdfs:label`` in the portfolio, else in the vsgraph
  ontology (``vsg:LowerIsBetter`` is "lower is better"), else by its local name
  (``https://example.org/grocery/checkout`` is "checkout");
* a number in a column whose name ends in ``Minutes`` is a duration in working days,
  hours and minutes, as the report shows it (:mod:`vsgraph.durations`): ``2540`` is
  "5d 2h 20min" with days of 8 hours (``--hours-per-day``), and a line under the table
  says what ``d`` stands for;
* the table is drawn with rich, its cells wrapped (or folded, for a long word) so that no
  line is wider than the terminal, or :data:`PIPE_WIDTH` columns when the output is not a
  terminal. A table with more columns than fit side by side prints one block per row.

``iris=True`` (``--iris``) keeps the IRIs and the label columns as they are.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from vsgraph.durations import EIGHT_HOUR_DAYS, WorkingTime
from vsgraph.engine.labels import Labeller, local_name
from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.tables import Table, cell_text

#: The width of the output when it is not a terminal (a pipe, a file, a test).
PIPE_WIDTH = 100
#: The narrowest a column may be before the table prints one block per row instead.
MIN_COLUMN_WIDTH = 8
#: Columns whose numbers are minutes end with this.
MINUTES_SUFFIX = "Minutes"

#: A header rule of ASCII dashes under each column, as :meth:`Table.to_text` draws it:
#: plain ASCII prints on any terminal encoding.
_DASHED_HEAD = box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)

_NUMERIC = {
    XSD.integer,
    XSD.decimal,
    XSD.double,
    XSD.float,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.negativeInteger,
    XSD.nonPositiveInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}


def output_width(stream: object | None = None) -> int:
    """The terminal's width when ``stream`` (standard output by default) is one, else :data:`PIPE_WIDTH`."""
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return max(shutil.get_terminal_size((PIPE_WIDTH, 24)).columns, 20)
    return PIPE_WIDTH


def is_terminal(stream: object | None = None) -> bool:
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(callable(isatty) and isatty())


@dataclass(frozen=True)
class PeopleTable:
    """A table's headers and cell texts, as people read them."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]


def for_people(
    table: Table, labeller: Labeller | None, *, iris: bool = False, working: WorkingTime = EIGHT_HOUR_DAYS
) -> PeopleTable:
    """The headers and cell texts of ``table`` for people (see the module's description).

    ``labeller`` names IRIs (:meth:`Labeller.for_people`); ``None`` names them by their
    local name. Durations are in ``working`` time.
    """
    variables = list(table.variables)
    if iris:
        shown = variables
        labelled: dict[str, str] = {}
    else:
        labelled = {name: name + "Label" for name in variables if name + "Label" in variables}
        label_columns = set(labelled.values())
        shown = [name for name in variables if name not in label_columns]
    if labeller is not None and not iris:
        labeller.prefetch(_needing_names(table, shown, labelled))
    rows = []
    for row in table.terms:
        rows.append([_cell(row, name, labelled.get(name), labeller, iris, working) for name in shown])
    numeric = [_numeric_column(table, name) and not name.endswith(MINUTES_SUFFIX) for name in shown]
    headers = shown if iris else [header_words(name) for name in shown]
    return PeopleTable(headers, rows, numeric)


def header_words(name: str) -> str:
    """A column's name as words: ``flowTimeMinutes`` is "flow time", ``keyResult`` "key result".

    The unit ``Minutes`` is dropped, since the cells carry theirs (``1d 2h``).
    """
    if name.endswith(MINUTES_SUFFIX) and len(name) > len(MINUTES_SUFFIX):
        name = name[: -len(MINUTES_SUFFIX)]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name).split()
    return " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in words) or name


def _needing_names(table: Table, shown: Sequence[str], labelled: Mapping[str, str]) -> list[Node]:
    """The IRIs a person's table names by a looked-up label: those without a label cell."""
    nodes: list[Node] = []
    for row in table.terms:
        for name in shown:
            term = row.get(name)
            if isinstance(term, URIRef) and (name not in labelled or row.get(labelled[name]) is None):
                nodes.append(term)
    return nodes


def _cell(
    row: Mapping[str, Node | None],
    name: str,
    label_column: str | None,
    labeller: Labeller | None,
    iris: bool,
    working: WorkingTime,
) -> str:
    term = row.get(name)
    if term is None:
        return ""
    if isinstance(term, Literal) and name.endswith(MINUTES_SUFFIX):
        return _duration(term, working)
    if iris:
        return cell_text(term)
    if label_column is not None:
        label = row.get(label_column)
        if label is not None:
            return cell_text(label)
    if isinstance(term, URIRef):
        return labeller(term) if labeller is not None else local_name(str(term))
    return cell_text(term)


def _numeric_column(table: Table, name: str) -> bool:
    bound = [row.get(name) for row in table.terms if row.get(name) is not None]
    return bool(bound) and all(isinstance(term, Literal) and term.datatype in _NUMERIC for term in bound)


def _duration(term: Literal, working: WorkingTime) -> str:
    """Minutes as a working-time duration; a value that is no number is shown as it is."""
    try:
        value = Decimal(str(term))
    except InvalidOperation:
        return str(term)
    return working.duration(value) if value.is_finite() else str(term)


def render_for_people(
    table: Table,
    portfolio: Portfolio | None,
    *,
    iris: bool = False,
    width: int | None = None,
    styled: bool = False,
    working: WorkingTime = EIGHT_HOUR_DAYS,
) -> str:
    """``table`` as text for people, no line wider than ``width`` (:func:`output_width` by
    default), durations in ``working`` time and, under a table that shows any, what ``d``
    stands for."""
    width = output_width() if width is None else width
    labeller = None if iris else Labeller.for_people(portfolio)
    text = draw(for_people(table, labeller, iris=iris, working=working), width, styled=styled)
    durations = any(
        name.endswith(MINUTES_SUFFIX) and row.get(name) is not None for row in table.terms for name in table.variables
    )
    return f"{text}(d is {working.day})\n" if durations else text


def draw(table: PeopleTable, width: int, *, styled: bool = False) -> str:
    """Draw a table of texts in ``width`` columns: side by side when they fit, else a block per row."""
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=styled,
        color_system="standard" if styled else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        _environ={},  # not COLUMNS or NO_COLOR: the width and style are given
    )
    columns = len(table.headers)
    if columns and columns * (MIN_COLUMN_WIDTH + 2) > width:
        _draw_records(console, table)
    else:
        _draw_columns(console, table)
    text = console.file.getvalue()  # type: ignore[attr-defined]  # the StringIO given above
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(lines) + "\n" if lines else ""


def _draw_columns(console: Console, table: PeopleTable) -> None:
    grid = RichTable(
        box=_DASHED_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        header_style="bold",
        safe_box=True,
        collapse_padding=True,
    )
    widths = column_widths(table, console.width)
    for header, numeric, width in zip(table.headers, table.numeric, widths, strict=True):
        grid.add_column(Text(header), justify="right" if numeric else "left", overflow="fold", width=width)
    for row in table.rows:
        grid.add_row(*(Text(cell) for cell in row))
    console.print(grid)


#: A cell at most this wide is kept on one line when the columns are squeezed ("lower is
#: better", "5d 2h 20min"), if the terminal has room for that.
SHORT_CELL = 16


def column_widths(table: PeopleTable, width: int) -> list[int]:
    """How wide each column is drawn (without the two spaces between columns).

    Every column as wide as its widest cell (or header) when they fit. Else each gets a
    floor (its longest word, or its widest cell when that is short) and the room left is
    shared in proportion to what each column lacks, so that narrow columns stay whole and
    long texts wrap.
    """
    count = len(table.headers)
    room = width - 2 * (count - 1)
    natural = []
    floors = []
    for index, header in enumerate(table.headers):
        cells = [row[index] for row in table.rows]
        widest = max([cell_len(header)] + [cell_len(cell) for cell in cells])
        words = max([cell_len(word) for text in [header, *cells] for word in text.split()] + [1])
        longest_cell = max([cell_len(cell) for cell in cells] + [1])
        floor = max(words, longest_cell if longest_cell <= SHORT_CELL else 0)
        natural.append(max(widest, 1))
        floors.append(min(floor, natural[-1], max(room // 3, MIN_COLUMN_WIDTH)))
    if sum(natural) <= room:
        return natural
    while sum(floors) > room and max(floors) > MIN_COLUMN_WIDTH:
        # Too little room for every floor: lower the highest ones, a column at a time.
        widest = max(range(count), key=lambda i: floors[i])
        floors[widest] -= 1
    spare = room - sum(floors)
    lacking = [want - floor for want, floor in zip(natural, floors, strict=True)]
    total = sum(lacking)
    widths = [floor + (spare * lack // total if total else 0) for floor, lack in zip(floors, lacking, strict=True)]
    # What rounding down left over goes to the columns that lack the most.
    leftover = room - sum(widths)
    for index in sorted(range(count), key=lambda i: natural[i] - widths[i], reverse=True):
        if leftover <= 0:
            break
        if widths[index] < natural[index]:
            widths[index] += 1
            leftover -= 1
    return widths


def _draw_records(console: Console, table: PeopleTable) -> None:
    """One block per row, ``name  value`` a line, for a table too wide to print side by side."""
    name_width = min(max(cell_len(header) for header in table.headers), console.width // 3)
    for index, row in enumerate(table.rows):
        if index:
            console.print()
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(width=name_width, overflow="fold", style="bold")
        grid.add_column(overflow="fold")
        for header, cell in zip(table.headers, row, strict=True):
            grid.add_row(Text(header), Text(cell))
        console.print(grid)
    if not table.rows:
        console.print(Text("  ".join(table.headers)), overflow="fold")


def wrap_lines(text: str, width: int | None = None) -> str:
    """``text`` with every line longer than ``width`` (:func:`output_width` by default) wrapped
    at spaces, its continuation indented two spaces past the line's own indent; a word
    longer than a line (a long path) is cut. Hyphens do not break a line: paths and IRIs
    stay whole where they fit."""
    width = output_width() if width is None else width
    lines = []
    for line in text.splitlines():
        if cell_len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines.extend(
            textwrap.wrap(
                line,
                width=width,
                subsequent_indent=indent + "  ",
                break_on_hyphens=False,
                break_long_words=True,
                drop_whitespace=True,
            )
        )
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")
