"""Spreadsheets: an XLSX workbook, or a folder of CSV files, one sheet per kind of thing.

People who map value streams in workshops keep them in spreadsheets, so vsgraph reads
them directly. A workbook and a CSV folder hold the same sheets with the same columns
(``steps.csv`` is the ``steps`` sheet); the columns are the keys of the YAML format, and a
child sheet (``stages``, ``steps``, ``interactions``, ``readings``) names its parent in
its first column. Errors name the sheet, row and column. :func:`export_template` writes
an empty workbook to fill in.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from vsgraph.authoring.fields import KINDS, STREAM_EXTRAS, make, text
from vsgraph.authoring.model import Location, PortfolioModel, Trigger, Value
from vsgraph.authoring.units import format_minutes, normalised
from vsgraph.errors import AuthoringError, InputError

#: Sheet name -> (kind of thing, parent column or None, the model list it fills).
SHEETS: dict[str, tuple[str, str | None, str]] = {
    "organisation": ("organisation", None, "organisation"),
    "teams": ("team", None, "teams"),
    "people": ("person", None, "people"),
    "customers": ("customer", None, "customers"),
    "journeys": ("journey", None, "journeys"),
    "stages": ("stage", "journey", "stages"),
    "processes": ("process", None, "processes"),
    "products": ("offering", None, "offerings"),
    "services": ("offering", None, "offerings"),
    "solutions": ("solution", None, "solutions"),
    "value_streams": ("value stream", None, "value_streams"),
    "interactions": ("interaction", "value_stream", "interactions"),
    "steps": ("step", "value_stream", "steps"),
    "themes": ("theme", None, "themes"),
    "objectives": ("objective", None, "objectives"),
    "key_results": ("key result", None, "key_results"),
    "initiatives": ("initiative", None, "initiatives"),
    "metrics": ("metric", None, "metrics"),
    "readings": ("reading", "metric", "readings"),
}
_PORTFOLIO_SHEET = "portfolio"
_PORTFOLIO_COLUMNS = ("base", "language")
_README = "README"


def columns(sheet: str) -> list[str]:
    """The columns of a sheet, in order."""
    if sheet == _PORTFOLIO_SHEET:
        return list(_PORTFOLIO_COLUMNS)
    kind, parent, _ = SHEETS[sheet]
    keys = [k for k in KINDS[kind][1] if not (kind == "offering" and k == "kind")]
    if kind == "value stream":
        keys[3:3] = list(STREAM_EXTRAS)
    return ([parent] if parent else []) + keys


#: sheet -> [(row number, {column: value}, {column: location})]
Rows = dict[str, list[tuple[int, dict[str, Any], dict[str, Location]]]]


def read_workbook(path: Path | str) -> PortfolioModel:
    """Read a portfolio from an XLSX workbook."""
    path = Path(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise InputError(f"cannot read as an XLSX workbook: {exc}", path=path) from exc
    try:
        tables = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    finally:
        book.close()
    return _build(path, tables)


def read_csv_folder(path: Path | str) -> PortfolioModel:
    """Read a portfolio from a folder of CSV files named after the sheets (``steps.csv``)."""
    path = Path(path)
    tables = {}
    for file in sorted(path.glob("*.csv")):
        with file.open(newline="", encoding="utf-8-sig") as handle:
            tables[file.stem] = [tuple(row) for row in csv.reader(handle)]
    if not tables:
        raise InputError("the folder holds no CSV files (expected portfolio.csv, teams.csv, ...)",
                         path=path)  # fmt: skip
    return _build(path, tables)


def _build(path: Path, tables: dict[str, list[tuple[Any, ...]]]) -> PortfolioModel:
    rows: Rows = {}
    for sheet, table in tables.items():
        if sheet == _README:
            continue
        if sheet not in SHEETS and sheet != _PORTFOLIO_SHEET:
            raise InputError(f"unknown sheet {sheet!r}; expected {', '.join(_all_sheets())}",
                             path=path)  # fmt: skip
        rows[sheet] = list(_records(path, sheet, table))
    return _Builder(path, rows).model()


def _all_sheets() -> list[str]:
    return [_PORTFOLIO_SHEET, *SHEETS]


def _cell(sheet: str, row: int, column: int | None = None, key: str = "") -> str:
    place = f"sheet {sheet!r}, row {row}"
    return place + (f", column {get_column_letter(column)} ({key})" if column else "")


def _records(path: Path, sheet: str, table: list[tuple[Any, ...]]) -> Iterator[tuple[int, dict[str, Any], dict[str, Location]]]:  # noqa: E501
    """Yield (row number, {column: value}, {column: location}) for each non-empty row."""
    if not table:
        return
    header = [str(h).strip() if h is not None else "" for h in table[0]]
    known = columns(sheet)
    for index, name in enumerate(header, start=1):
        if name and name not in known:
            raise Location(path, None, f"sheet {sheet!r}, column {get_column_letter(index)}").error(
                f"unknown column {name!r}; expected {', '.join(known)}")
    for number, values in enumerate(table[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        record = {header[i]: v for i, v in enumerate(values) if i < len(header) and header[i]}
        where = {header[i]: Location(path, None, _cell(sheet, number, i + 1, header[i]))
                 for i in range(len(header)) if header[i]}  # fmt: skip
        where[""] = Location(path, None, _cell(sheet, number))
        yield number, record, where


class _Builder:
    def __init__(self, path: Path, rows: Rows) -> None:
        self.path = path
        self.rows = rows

    def model(self) -> PortfolioModel:
        settings = self.rows.get(_PORTFOLIO_SHEET, [])
        if not settings or not settings[0][1].get("base"):
            raise Location(self.path, None, f"sheet {_PORTFOLIO_SHEET!r}").error(
                "missing 'base': the IRI every id is minted under, in the 'base' column")
        _, record, where = settings[0]
        try:
            model = PortfolioModel(base=text(record["base"], "base"),
                                   language=text(record.get("language") or "en", "language"))
        except AuthoringError as exc:
            raise where["base"].error(str(exc)) from None
        parents: dict[str, dict[str, Any]] = {"journey": {}, "value_stream": {}, "metric": {}}
        for sheet, (kind, parent, target) in SHEETS.items():
            for _, record, where in self.rows.get(sheet, []):
                if parent:
                    self.child(parents, sheet, kind, parent, target, record, where)
                    continue
                if kind == "offering":
                    record = {**record, "kind": sheet[:-1]}
                extra = tuple(STREAM_EXTRAS) if kind == "value stream" else ()
                thing = make(kind, record, where, extra)
                if kind == "value stream":
                    self.stream_extras(thing, record, where)
                if kind in ("journey", "value stream", "metric"):
                    parents[kind.replace(" ", "_")][thing.id] = thing
                if target == "organisation":
                    model.organisation = thing
                else:
                    getattr(model, target).append(thing)
        return model

    def child(self, parents, sheet, kind, parent, target, record, where) -> None:  # type: ignore[no-untyped-def]
        owner_id = record.pop(parent, None)
        if owner_id in (None, ""):
            raise where[""].error(f"missing {parent!r}: which {parent.replace('_', ' ')} "
                                  f"this {kind} belongs to")  # fmt: skip
        owner = parents[parent].get(str(owner_id).strip())
        if owner is None:
            raise where[parent].error(f"unknown {parent.replace('_', ' ')} id {owner_id!r} "
                                      f"in sheet {sheet!r}")  # fmt: skip
        getattr(owner, target).append(make(kind, record, where))

    @staticmethod
    def stream_extras(stream: Any, record: dict[str, Any], where: dict[str, Location]) -> None:
        values = {}
        for key, convert in STREAM_EXTRAS.items():
            if record.get(key) not in (None, ""):
                try:
                    values[key] = convert(record[key], f"the {key} of value stream {stream.id!r}")
                except AuthoringError as exc:
                    raise where[key].error(str(exc)) from None
        if "trigger" in values:
            stream.trigger = Trigger(values["trigger"], where={"": where["trigger"]})
        if values.get("delivered_to") and "value" not in values:
            raise where["delivered_to"].error(
                f"'delivered_to' of value stream {stream.id!r} needs a 'value' to deliver")
        if "value" in values:
            stream.value = Value(values["value"], values.get("delivered_to", []),
                                 where={"": where["value"], "delivered_to": where["delivered_to"]})


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
                values[parent] = owner.id  # type: ignore[index]
            rows.append([_cell_value(values.get(key)) for key in header])
        sheets[sheet] = rows
    return sheets


def _things(model, sheet, kind, parent, target):  # type: ignore[no-untyped-def]
    if target == "organisation":
        return [(None, model.organisation)] if model.organisation else []
    if parent:
        owners = {"journey": model.journeys, "value_stream": model.value_streams,
                  "metric": model.metrics}[parent]  # fmt: skip
        return [(o, t) for o in owners for t in getattr(o, target)]
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
    for key in ("process_time", "wait_time"):
        if values.get(key) is not None:
            values[key] = format_minutes(values[key])
    return values


def _cell_value(value: Any) -> Any:
    if value is None or value is False or isinstance(value, (list, tuple)) and not value:
        return None
    if value is True:
        return "yes"
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, Decimal):
        value = normalised(value)
        return int(value) if value == value.to_integral_value() else float(value)
    return value


_README_TEXT = [
    ["vsgraph portfolio workbook"],
    ["One sheet per kind of thing; the columns are the keys of vsgraph's YAML format "
     "(docs/yaml-format.md). Things refer to each other by id."],
    ["Fill in 'portfolio' first: 'base' is the IRI every id is minted under."],
    ["Lists of ids go in one cell, separated by commas. Times take units: 30min, 2h, 1.5d, 1w."],
    ["stages, interactions, steps and readings name their journey, value stream or metric "
     "in their first column; rows keep their order."],
    ["Load it with: vsgraph summary portfolio.xlsx"],
]


def write_workbook(model: PortfolioModel, path: Path | str) -> None:
    """Write ``model`` as an XLSX workbook, with a README sheet first."""
    book = openpyxl.Workbook()
    readme = book.active
    readme.title = _README
    for line in _README_TEXT:
        readme.append(line)
    for sheet, rows in workbook_rows(model).items():
        worksheet = book.create_sheet(sheet)
        for row in rows:
            worksheet.append(row)
        worksheet.freeze_panes = "A2"
    book.properties.creator = "vsgraph"
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    book.save(path)


def write_csv_folder(model: PortfolioModel, path: Path | str) -> None:
    """Write ``model`` as a folder of CSV files, one per sheet."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for sheet, rows in workbook_rows(model).items():
        with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow(["" if v is None else _csv_text(v) for v in row])


def _csv_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == value.min.time() else value.isoformat()
    return str(value)


def export_template(path: Path | str) -> None:
    """Write an empty workbook (README and headers only) for people to fill in."""
    write_workbook(PortfolioModel(base=""), path)
