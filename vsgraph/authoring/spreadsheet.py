"""Spreadsheets: an XLSX workbook, or a folder of CSV files, one sheet per kind of thing.

People who map value streams in workshops keep them in spreadsheets, so vsgraph reads
them directly. A workbook and a CSV folder hold the same sheets with the same columns
(``steps.csv`` is the ``steps`` sheet); the columns are the keys of the YAML format, and a
child sheet (``memberships``, ``stages``, ``value_stream_stages``, ``interactions``,
``steps``, ``readings``, ``state_changes``) names its parent in its first column; a
capacity allocation's shares are a column per flow item type. Errors name the sheet, row
and column. :func:`export_template` writes an empty workbook to fill in.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.worksheet.worksheet import Worksheet

from vsgraph.authoring.fields import (
    DURATIONS,
    KINDS,
    PERIOD_BOUNDS,
    SAID_FALSE,
    SHARE_KEYS,
    STREAM_EXTRAS,
    add_share,
    base,
    converted,
    language,
    make,
    period_bound,
    utc_text,
)
from vsgraph.authoring.files import csv_records
from vsgraph.authoring.model import (
    Journey,
    Location,
    Metric,
    Person,
    PortfolioModel,
    Trigger,
    Value,
    ValueStream,
    WorkItem,
    brief,
    shown,
)
from vsgraph.authoring.origins import Origin
from vsgraph.authoring.units import format_minutes, normalised
from vsgraph.authoring.vocabulary import channels, roles
from vsgraph.authoring.workbook_layout import id_ranges, lay_out
from vsgraph.errors import AuthoringError, InputError, LimitError, PublishError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits, quoted
from vsgraph.safe_write import write_file, write_files

#: Sheet name -> (kind of thing, parent column or None, the model list it fills).
SHEETS: dict[str, tuple[str, str | None, str]] = {
    "organisation": ("organisation", None, "organisation"),
    "teams": ("team", None, "teams"),
    "people": ("person", None, "people"),
    "memberships": ("membership", "person", "memberships"),
    "roles": ("role", None, "roles"),
    "customers": ("customer", None, "customers"),
    "journeys": ("journey", None, "journeys"),
    "stages": ("stage", "journey", "stages"),
    "channels": ("channel", None, "channels"),
    "capabilities": ("capability", None, "capabilities"),
    "processes": ("process", None, "processes"),
    "products": ("offering", None, "offerings"),
    "services": ("offering", None, "offerings"),
    "solutions": ("solution", None, "solutions"),
    "value_streams": ("value stream", None, "value_streams"),
    "value_stream_stages": ("value-stream stage", "value_stream", "value_stream_stages"),
    "interactions": ("interaction", "value_stream", "interactions"),
    "steps": ("step", "value_stream", "steps"),
    "themes": ("theme", None, "themes"),
    "objectives": ("objective", None, "objectives"),
    "key_results": ("key result", None, "key_results"),
    "initiatives": ("initiative", None, "initiatives"),
    "metrics": ("metric", None, "metrics"),
    "readings": ("reading", "metric", "readings"),
    "work_items": ("work item", None, "work_items"),
    "state_changes": ("state change", "work_item", "history"),
    "pi_objectives": ("PI objective", None, "pi_objectives"),
    "budget_periods": ("budget period", None, "budget_periods"),
    "fundings": ("funding", None, "fundings"),
    "team_costs": ("team cost", None, "team_costs"),
    "direct_costs": ("direct cost", None, "direct_costs"),
    "spending_limits": ("spending limit", None, "spending_limits"),
    "capacity_allocations": ("capacity allocation", None, "capacity_allocations"),
}
_PORTFOLIO_SHEET = "portfolio"
_PORTFOLIO_COLUMNS = ("base", "language")
_README = "README"
#: What openpyxl raises on a damaged workbook. It is a third-party parser at the edge of
#: vsgraph, and a fuzzed file reaches its descriptors and casts in ways it does not
#: translate itself, hence the breadth (each becomes one located InputError).
_DAMAGED = (
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    OverflowError,
    SyntaxError,
    zlib.error,
    zipfile.BadZipFile,
    InvalidFileException,
)
#: Parts of a workbook smaller than this are not held to the compression ratio: a small
#: part (an empty sheet, repeated styles) may compress absurdly well and still cost nothing.
_RATIO_FLOOR = 1024 * 1024
#: The zip flag of an encrypted part, and the methods Python's zipfile unpacks.
_ENCRYPTED = 0x1
_PACKINGS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def columns(sheet: str) -> list[str]:
    """The columns of a sheet, in order."""
    if sheet == _PORTFOLIO_SHEET:
        return list(_PORTFOLIO_COLUMNS)
    kind, parent, _ = SHEETS[sheet]
    keys = [k for k in KINDS[kind][1] if not (kind == "offering" and k == "kind")]
    if kind == "value stream":
        keys[3:3] = list(STREAM_EXTRAS)
    if kind == "capacity allocation":
        keys[2:2] = list(SHARE_KEYS)
    return ([parent] if parent else []) + keys


#: The non-empty rows of one sheet: (row number, the values of its cells from column A).
Table = list[tuple[int, tuple[Any, ...]]]
#: The kinds of thing that have child sheets -> the column a child sheet names them in.
_PARENTS = {
    "person": "person",
    "journey": "journey",
    "value stream": "value_stream",
    "metric": "metric",
    "work item": "work_item",
}
#: The columns of a sheet that are not keys of its kind's model class, by kind.
_EXTRAS = {"value stream": tuple(STREAM_EXTRAS), "capacity allocation": SHARE_KEYS}
#: Columns holding several texts, one per line of the cell (criteria are sentences with commas).
_TEXT_LISTS = ("entrance_criteria", "exit_criteria")
#: sheet -> [(row number, {column: value}, {column: location})]
Rows = dict[str, list[tuple[int, dict[str, Any], dict[str, Location]]]]


def read_workbook(path: Path | str, *, limits: InputLimits = DEFAULT_LIMITS) -> PortfolioModel:
    """Read a portfolio from an XLSX workbook.

    Anything wrong with it raises an :class:`~vsgraph.errors.InputError` naming the file
    and, where there is one, the sheet, row and column; ``limits`` bounds what it may cost.
    """
    path = Path(path)
    _check_parts(path, limits)
    with warnings.catch_warnings():
        # openpyxl warns about workbook features it drops (data validation, an unknown
        # extension); none of them holds portfolio data, and the CLI's output stays clean.
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except _DAMAGED as exc:
            raise InputError(f"cannot read as an XLSX workbook: {brief(exc, limits)}", path=path) from exc
        try:
            _check_sheet_names(path, book.sheetnames)
            tables = {name: _SheetReader(path, book[name], limits).table() for name in book.sheetnames if name != _README}
        finally:
            book.close()
    return _build(path, tables, limits)


def _check_parts(path: Path, limits: InputLimits) -> None:
    """Refuse a workbook whose parts unpack to more than the limits allow, or cannot be
    unpacked at all, before opening it.

    The sizes come from the archive's directory; Python's zipfile never unpacks more than
    a part declares, so a part that lies about its size fails its checksum instead. The
    directory also says how each part is packed, which zipfile would otherwise refuse
    mid-read with a ``RuntimeError`` (a password) or a ``NotImplementedError`` (a method).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise InputError(f"cannot read as an XLSX workbook: {brief(exc, limits)}", path=path) from exc
    for part in parts:
        name = quoted(part.filename, limits)
        if part.flag_bits & _ENCRYPTED:
            raise InputError(f"the workbook part {name} is encrypted: save the workbook without a password", path=path)
        if part.compress_type not in _PACKINGS:
            raise InputError(
                f"the workbook part {name} is packed with zip compression method "
                f"{part.compress_type}, which cannot be unpacked: save the "
                "workbook again",
                path=path,
            )
        if part.file_size > limits.max_workbook_part_bytes:
            raise LimitError(
                f"the workbook part {name} unpacks to more than "
                f"{limits.max_workbook_part_bytes} bytes (raise "
                "InputLimits.max_workbook_part_bytes to allow it)",
                path=path,
            )
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _RATIO_FLOOR and ratio > limits.max_workbook_compression_ratio:
            raise LimitError(
                f"the workbook part {name} unpacks to more than "
                f"{limits.max_workbook_compression_ratio} times its packed size, "
                "as a zip bomb does (raise "
                "InputLimits.max_workbook_compression_ratio to allow it)",
                path=path,
            )


class _Unreadable(Exception):
    """A cell refused while openpyxl parses it; the sheet reader places it at the cell."""

    def __init__(self, message: str, kind: type[InputError] = AuthoringError) -> None:
        super().__init__(message)
        self.kind = kind


class _CellParser(WorkSheetParser):
    """openpyxl's sheet parser, checking each cell as it reads it.

    openpyxl's own row iteration pads every row to the sheet's declared dimension (which a
    file may set to a million rows by sixteen thousand columns) and loses track of the
    cell that failed; parsing here costs only the cells the file holds, and an error names
    its cell (``position``). A cell is refused when it lies beyond the limits, is too
    long, holds an Excel error, or holds a formula whose result was never saved (its value
    would silently be empty); a number formatted as a percentage is read as shown (0.8
    shown as 80% is 80).
    """

    def __init__(self, source: io.BufferedIOBase, sheet: ReadOnlyWorksheet, limits: InputLimits) -> None:
        book = sheet.parent
        # What openpyxl's own ReadOnlyWorksheet gives its parser: private attributes, of the
        # openpyxl version pinned in pyproject.
        super().__init__(
            source,
            sheet._shared_strings,  # type: ignore[attr-defined]  # openpyxl's private ReadOnlyWorksheet._shared_strings
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,  # type: ignore[attr-defined]  # openpyxl's private Workbook._date_formats
            timedelta_formats=book._timedelta_formats,  # type: ignore[attr-defined]  # openpyxl's private Workbook._timedelta_formats
        )
        self.sheet = sheet
        self.limits = limits
        self.position: tuple[int, int | None] = (0, None)
        self.percent_styles: dict[int, bool] = {}

    def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
        number, cells = super().parse_row(row)
        self.row_dimensions.clear()  # row heights and styles: never used, and one per row
        return number, cells

    def parse_cell(self, element: Any) -> dict[str, Any]:
        try:
            cell = super().parse_cell(element)
            self.position = (cell["row"], cell["column"])
            self.check(element, cell)
            if isinstance(cell["value"], (int, float)) and not isinstance(cell["value"], bool) and self.percentage(cell):
                cell["value"] = Decimal(repr(cell["value"])) * 100
        except _DAMAGED as exc:
            self.position = (self.row_counter, self.col_counter)
            raise self.damaged(element, exc) from exc
        return cell

    def percentage(self, cell: dict[str, Any]) -> bool:
        """Whether the cell's number format shows a percentage (looked up once per style)."""
        style = cell["style_id"]
        if style not in self.percent_styles:
            number_format = ReadOnlyCell(self.sheet, **cell).number_format
            self.percent_styles[style] = "%" in re.sub(r'"[^"]*"|\\.|\[[^]]*]', "", number_format)
        return self.percent_styles[style]

    def damaged(self, element: Any, exc: Exception) -> _Unreadable:
        written = element.findtext(VALUE_TAG) or ""
        if sum(c.isdigit() for c in written) > self.limits.max_number_digits:
            return _Unreadable(
                f"a number with more than {self.limits.max_number_digits} digits "
                "(raise InputLimits.max_number_digits to allow it)",
                LimitError,
            )
        return _Unreadable(f"cannot read this cell: {brief(exc, self.limits)}", InputError)

    def check(self, element: Any, cell: dict[str, Any]) -> None:
        value, limits = cell["value"], self.limits
        if cell["row"] > limits.max_rows:
            raise _Unreadable(
                f"the sheet has more than {limits.max_rows} rows (raise InputLimits.max_rows to allow it)", LimitError
            )
        if cell["column"] > limits.max_columns:
            raise _Unreadable(
                f"the sheet has more than {limits.max_columns} columns (raise InputLimits.max_columns to allow it)", LimitError
            )
        if value is None and element.find(FORMULA_TAG) is not None:
            raise _Unreadable(
                "holds a formula whose result was never saved: open the workbook in Excel or LibreOffice and save it again"
            )
        if cell["data_type"] == "e":
            raise _Unreadable(f"holds the Excel error {shown(value, limits)}: correct the cell")
        if isinstance(value, str) and len(value) > limits.max_literal_chars:
            raise _Unreadable(
                f"holds more than {limits.max_literal_chars} characters (raise InputLimits.max_literal_chars to allow it)",
                LimitError,
            )


class _SheetReader:
    """The rows of one sheet of an open workbook, bounded by the limits."""

    def __init__(self, path: Path, sheet: ReadOnlyWorksheet, limits: InputLimits) -> None:
        self.path = path
        self.sheet = sheet
        self.limits = limits
        self.row = 0

    def table(self) -> Table:
        parser: _CellParser | None = None
        table: Table = []
        try:
            # The sheet's XML part, as openpyxl's own row iteration opens it.
            with self.sheet._get_source() as source:  # type: ignore[attr-defined]  # openpyxl's private ReadOnlyWorksheet._get_source, pinned in pyproject
                parser = _CellParser(source, self.sheet, self.limits)
                for number, cells in parser.parse():
                    self.check_row(number)
                    if cells:
                        table.append((number, _row_values(cells)))
        except _Unreadable as exc:
            assert parser is not None  # only the parser raises it, as it reads a cell
            raise self.at(*parser.position).error(str(exc), exc.kind) from exc
        except _DAMAGED as exc:
            raise self.at(self.row + 1).error(
                f"cannot read the sheet from this row on: {brief(exc, self.limits)}", InputError
            ) from exc
        return table

    def at(self, row: int, column: int | None = None) -> Location:
        return Location(self.path, None, _cell(self.sheet.title, row, column))

    def check_row(self, number: int) -> None:
        if number <= self.row:
            raise self.at(number).error(f"comes after row {self.row}: the rows of the sheet are out of order", InputError)
        if number > self.limits.max_rows:
            raise self.at(number).error(
                f"the sheet has more than {self.limits.max_rows} rows (raise InputLimits.max_rows to allow it)", LimitError
            )
        self.row = number


def _row_values(cells: list[dict[str, Any]]) -> tuple[Any, ...]:
    """The values of a row's cells from column A, empty where the row has no cell."""
    values: list[Any] = [None] * max(cell["column"] for cell in cells)
    for cell in cells:
        values[cell["column"] - 1] = cell["value"]
    return tuple(values)


def read_csv_folder(path: Path | str, *, limits: InputLimits = DEFAULT_LIMITS) -> PortfolioModel:
    """Read a portfolio from a folder of CSV files named after the sheets (``steps.csv``).

    An error names the CSV file and line, or the sheet (file), row and column it is about.
    """
    path = Path(path)
    files = sorted(path.glob("*.csv"))
    if not files:
        raise InputError("the folder holds no CSV files (expected portfolio.csv, teams.csv, ...)", path=path)
    _check_sheet_names(path, [file.stem for file in files])
    read = {file.stem: _csv_table(file, limits) for file in files if file.stem != _README}
    tables = {sheet: table for sheet, (table, _) in read.items()}
    return _build(path, tables, limits, {sheet: lines for sheet, (_, lines) in read.items()})


def _csv_table(file: Path, limits: InputLimits) -> tuple[Table, dict[int, int]]:
    """The records of one CSV file, numbered from 1 like the rows of a sheet, and the line
    each record starts on (a cell may hold several lines)."""
    table: Table = []
    lines: dict[int, int] = {}
    end = 0
    for number, last, record in csv_records(file, limits):
        table.append((number, tuple(record)))
        lines[number] = end + 1
        end = last
    return table, lines


def _check_sheet_names(path: Path, names: list[str]) -> None:
    for sheet in names:
        if sheet != _README and sheet not in SHEETS and sheet != _PORTFOLIO_SHEET:
            raise InputError(f"unknown sheet {shown(sheet)}; expected {', '.join(_all_sheets())}", path=path)


def _build(
    path: Path, tables: dict[str, Table], limits: InputLimits, csv_lines: dict[str, dict[int, int]] | None = None
) -> PortfolioModel:
    """The model of a workbook's sheets, or of a CSV folder's files (with the line each of
    their records starts on, ``csv_lines``)."""
    rows: Rows = {
        sheet: list(_records(path, sheet, table, None if csv_lines is None else csv_lines[sheet]))
        for sheet, table in tables.items()
    }
    return _Builder(path, rows, limits).model()


def _all_sheets() -> list[str]:
    return [_PORTFOLIO_SHEET, *SHEETS]


def _cell(sheet: str, row: int, column: int | None = None, key: str = "") -> str:
    place = f"sheet {sheet!r}, row {row}"
    if column:
        place += f", column {get_column_letter(column)}" + (f" ({key})" if key else "")
    return place


def _records(
    path: Path, sheet: str, table: Table, csv_lines: dict[int, int] | None
) -> Iterator[tuple[int, dict[str, Any], dict[str, Location]]]:
    """Yield (row number, {column: value}, {column: location}) for each non-empty row.

    ``csv_lines`` (for a CSV file: the line each record starts on) makes a location's
    origin that line of the file rather than a workbook cell.
    """
    header = _header(path, sheet, table[0][1] if table and table[0][0] == 1 else ())
    for number, values in table:
        if number == 1 or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        record = {header[i]: v for i, v in enumerate(values) if i < len(header) and header[i]}
        where = {
            header[i]: Location(
                path, None, _cell(sheet, number, i + 1, header[i]), _origin(path, sheet, number, i + 1, csv_lines)
            )
            for i in range(len(header))
            if header[i]
        }
        where[""] = Location(path, None, _cell(sheet, number), _origin(path, sheet, number, None, csv_lines))
        yield number, record, where


def _origin(path: Path, sheet: str, row: int, column: int | None, csv_lines: dict[int, int] | None) -> Origin:
    """A workbook cell (or row), or the line of the sheet's CSV file the row starts on."""
    if csv_lines is not None:
        return Origin(path / f"{sheet}.csv", line=csv_lines.get(row))
    return Origin(path, sheet=sheet, row=row, column=column)


def _header(path: Path, sheet: str, cells: tuple[Any, ...]) -> list[str]:
    """The column names in row 1, each a known column of the sheet and named once."""
    header = [str(h).strip() if h is not None else "" for h in cells]
    known = columns(sheet)
    for index, name in enumerate(header, start=1):
        at = Location(path, None, f"sheet {sheet!r}, column {get_column_letter(index)}")
        if name and name not in known:
            raise at.error(f"unknown column {shown(name)}; expected {', '.join(known)}")
        if name and name in header[: index - 1]:
            first = get_column_letter(header.index(name) + 1)
            raise at.error(f"the column {name!r} appears twice (also column {first})")
    return header


class _Builder:
    def __init__(self, path: Path, rows: Rows, limits: InputLimits) -> None:
        self.path = path
        self.rows = rows
        self.limits = limits

    def model(self) -> PortfolioModel:
        settings = self.rows.get(_PORTFOLIO_SHEET, [])
        if not settings or not settings[0][1].get("base"):
            raise Location(self.path, None, f"sheet {_PORTFOLIO_SHEET!r}").error(
                "missing 'base': the IRI every id is minted under, in the 'base' column"
            )
        _, record, where = settings[0]
        model = PortfolioModel(
            base=converted(base, record["base"], "base", where["base"], self.limits),
            language=converted(
                language, record.get("language") or "en", "language", where.get("language", where[""]), self.limits
            ),
            where=where,
        )
        parents: dict[str, dict[str, Any]] = {column: {} for column in _PARENTS.values()}
        for sheet, (kind, parent, target) in SHEETS.items():
            for _, record, where in self.rows.get(sheet, []):
                if parent:
                    self.child(parents, sheet, kind, parent, target, record, where)
                    continue
                if kind == "offering":
                    record = {**record, "kind": sheet[:-1]}
                extra = _EXTRAS.get(kind, ())
                thing = make(kind, record, where, extra, self.limits)
                if kind == "value stream":
                    self.stream_extras(thing, record, where)
                if kind == "capacity allocation":
                    for item_type in SHARE_KEYS:
                        if record.get(item_type) not in (None, ""):
                            add_share(thing, item_type, record[item_type], where[item_type], self.limits)
                if kind in _PARENTS:
                    parents[_PARENTS[kind]][thing.id] = thing
                if target == "organisation":
                    model.organisation = thing
                else:
                    getattr(model, target).append(thing)
        return model

    def child(
        self,
        parents: dict[str, dict[str, Any]],
        sheet: str,
        kind: str,
        parent: str,
        target: str,
        record: dict[str, Any],
        where: dict[str, Location],
    ) -> None:
        owner_id = record.pop(parent, None)
        if owner_id in (None, ""):
            raise where[""].error(f"missing {parent!r}: which {parent.replace('_', ' ')} this {kind} belongs to")
        owner = parents[parent].get(str(owner_id).strip())
        if owner is None:
            owner_text = shown(owner_id, self.limits)
            raise where[parent].error(f"unknown {parent.replace('_', ' ')} id {owner_text} in sheet {sheet!r}")
        getattr(owner, target).append(make(kind, record, where, limits=self.limits))

    def stream_extras(self, stream: Any, record: dict[str, Any], where: dict[str, Location]) -> None:
        values = {
            key: converted(convert, record[key], f"the {key} of value stream {stream.id!r}", where[key], self.limits)
            for key, convert in STREAM_EXTRAS.items()
            if record.get(key) not in (None, "")
        }
        if "trigger" in values:
            stream.trigger = Trigger(values["trigger"], where={"": where["trigger"]})
        if values.get("delivered_to") and "value" not in values:
            raise where["delivered_to"].error(f"'delivered_to' of value stream {stream.id!r} needs a 'value' to deliver")
        if "value" in values:
            stream.value = Value(
                values["value"],
                values.get("delivered_to", []),
                where={"": where["value"], "delivered_to": where.get("delivered_to", where["value"])},
            )


def workbook_rows(model: PortfolioModel) -> dict[str, list[list[Any]]]:
    """The rows of every sheet for ``model`` (header first): what a workbook or CSV holds."""
    sheets: dict[str, list[list[Any]]] = {_PORTFOLIO_SHEET: [columns(_PORTFOLIO_SHEET)]}
    if model.base:
        sheets[_PORTFOLIO_SHEET].append([model.base, model.language])
    for sheet, (kind, parent, target) in SHEETS.items():
        header = columns(sheet)
        rows = [header]
        for owner, thing in _things(model, sheet, kind, parent, target):
            values = _values(thing)
            if owner is not None:
                assert parent is not None  # only the things of a child sheet have an owner
                values[parent] = owner.id
            rows.append([_cell_value(values.get(key)) for key in header])
        sheets[sheet] = rows
    return sheets


#: What a child sheet's things belong to.
_Owner = Person | Journey | ValueStream | Metric | WorkItem


def _things(model: PortfolioModel, sheet: str, kind: str, parent: str | None, target: str) -> list[tuple[_Owner | None, Any]]:
    """The things of ``sheet``, each with its owner (``None`` but in a child sheet)."""
    if target == "organisation":
        return [(None, model.organisation)] if model.organisation else []
    if parent:
        owners: dict[str, Sequence[_Owner]] = {
            "person": model.people,
            "journey": model.journeys,
            "value_stream": model.value_streams,
            "metric": model.metrics,
            "work_item": model.work_items,
        }
        return [(o, t) for o in owners[parent] for t in getattr(o, target)]
    things = getattr(model, target)
    if kind == "offering":
        things = [o for o in things if o.kind == sheet[:-1]]
    return [(None, t) for t in things]


def _values(thing: Any) -> dict[str, Any]:
    values = {k: v for k, v in vars(thing).items() if k != "where"}
    if values.get("trigger") is not None:
        values["trigger"] = thing.trigger.name
    if values.get("value") is not None and hasattr(thing, "steps"):
        values["delivered_to"] = thing.value.delivered_to
        values["value"] = thing.value.name
    for key in DURATIONS:
        if values.get(key) is not None:
            values[key] = format_minutes(values[key])
    for key in _TEXT_LISTS:
        if values.get(key):
            values[key] = "\n".join(values[key])
    for key in SAID_FALSE:
        if isinstance(values.get(key), bool):
            values[key] = "yes" if values[key] else "no"
    values.update(values.pop("shares", {}))
    for key in PERIOD_BOUNDS:
        if isinstance(values.get(key), datetime):
            values[key] = period_bound(values[key])
    return values


def _cell_value(value: Any) -> Any:
    if value is None or value is False or (isinstance(value, (list, tuple)) and not value):
        return None
    if value is True:
        return "yes"
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, Decimal):
        value = normalised(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        # A cell holds no time zone (openpyxl refuses one): the flow data's moments go in
        # as text, 2026-01-05T09:30:00Z, which the reader takes back as it takes typed text.
        return utc_text(value)
    return value


_README_TEXT = [
    ["vsgraph portfolio workbook"],
    [
        "One sheet per kind of thing; the columns are the keys of vsgraph's YAML format "
        "(docs/yaml-format.md). Things refer to each other by id."
    ],
    ["Fill in 'portfolio' first: 'base' is the IRI every id is minted under."],
    ["Lists of ids go in one cell, separated by commas. Times take units: 30min, 2h, 1.5d, 1w."],
    [
        "memberships, stages, value_stream_stages, interactions, steps, readings and state_changes "
        "name their person, journey, value stream, metric or work item in their first column; rows keep their order."
    ],
    ["Times of work items, state changes and PI objectives without a time zone are UTC."],
    ["Entrance and exit criteria go one per line of their cell."],
    [
        "Budgets: amounts are numbers without a currency sign, currencies ISO 4217 codes (EUR); "
        "capacity_allocations give feature, defect, risk and debt a percentage each, at most 100 in all."
    ],
    ["Load it with: vsgraph summary portfolio.xlsx"],
]


def _readme() -> list[list[str]]:
    """The README sheet's lines, naming the roles and channels the ontology defines."""
    return [*_README_TEXT, [f"vsgraph's own roles: {', '.join(roles())}."], [f"vsgraph's own channels: {', '.join(channels())}."]]


def write_workbook(model: PortfolioModel, path: Path | str) -> None:
    """Write ``model`` as an XLSX workbook, with a README sheet first.

    Each sheet has a bold header row that stays in view, fitted column widths, a note on
    each header cell and dropdowns for the columns that take a word or another sheet's ids
    (:mod:`vsgraph.authoring.workbook_layout`).
    """
    book = openpyxl.Workbook()
    readme = book.active
    assert isinstance(readme, Worksheet)  # a new workbook holds one sheet, a worksheet
    readme.title = _README
    for line in _readme():
        readme.append(line)
    readme["A1"].font = Font(bold=True)
    sheets = workbook_rows(model)
    ids = id_ranges({sheet: rows[0] for sheet, rows in sheets.items()})
    for sheet, rows in sheets.items():
        worksheet = book.create_sheet(sheet)
        for row in rows:
            worksheet.append(row)
        kind, parent, _ = SHEETS.get(sheet, (None, None, None))
        lay_out(worksheet, sheet, kind, parent, ids)
    book.properties.creator = "vsgraph"
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    write_file(path, book.save)


def write_csv_folder(model: PortfolioModel, path: Path | str) -> None:
    """Write ``model`` as a folder of CSV files, one per sheet, replaced all or none."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    write_files([(folder / f"{sheet}.csv", functools.partial(_write_csv, rows)) for sheet, rows in workbook_rows(model).items()])


def _write_csv(rows: list[list[Any]], out: BinaryIO) -> None:
    handle = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(handle)
    for row in rows:
        writer.writerow(["" if v is None else _csv_text(v) for v in row])
    handle.flush()
    handle.detach()  # the stream is the caller's to close


def _csv_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == value.min.time() else value.isoformat()
    return str(value)


def export_template(path: Path | str, format: str = "xlsx") -> None:
    """Write an empty workbook (README and headers only) for people to fill in, or with
    ``format="csv"`` a folder of CSV files holding the headers."""
    if format not in ("xlsx", "csv"):
        raise PublishError(f"unknown template format {format!r}; expected xlsx or csv")
    (write_workbook if format == "xlsx" else write_csv_folder)(PortfolioModel(base=""), path)
