"""Where the author wrote a thing: a YAML file's line, a workbook cell, a CSV file's line.

An error while reading names its place in the reader's own words (``sheet 'steps', row
4, column F``); a validation finding, found long after the file was read, points the
author back at the same place in a form other tools read too: ``portfolio.yaml:12``,
``portfolio.xlsx steps!F4``, ``portfolio/steps.csv:4``. The readers give every key of
every thing an :class:`Origin` (in its :class:`~vsgraph.authoring.model.Location`), the
writer keeps them by the IRI it mints (:data:`SourceMap`), and a loaded portfolio carries
them to validation without reading the file again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter
from rdflib.term import Node

if TYPE_CHECKING:
    from vsgraph.authoring.model import Location


@dataclass(frozen=True)
class Origin:
    """A place in an authored file: ``line`` of a YAML or CSV file, or a workbook ``sheet``'s
    ``row`` (and ``column``, counted from 1, when the place is one cell)."""

    file: Path
    line: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: int | None = None

    @property
    def cell(self) -> str | None:
        """The workbook reference: ``steps!F4`` for a cell, ``steps!4:4`` for a whole row."""
        if self.sheet is None or self.row is None:
            return None
        if self.column is None:
            return f"{self.sheet}!{self.row}:{self.row}"
        return f"{self.sheet}!{get_column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.file} {self.cell}"
        return f"{self.file}:{self.line}" if self.line is not None else str(self.file)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``file`` always, ``line`` or ``cell`` where known."""
        data: dict[str, Any] = {"file": str(self.file)}
        if self.line is not None:
            data["line"] = self.line
        if self.cell is not None:
            data["cell"] = self.cell
        return data


#: For each node the writer minted from an authored file: where each of its keys was
#: written, and the thing as a whole under ``""`` (a thing's ``where``).
SourceMap = Mapping[Node, Mapping[str, "Location"]]


def origin_of(where: Mapping[str, Location], key: str | None = None) -> Origin | None:
    """Where ``key`` of a thing was written, else where the thing was; ``None`` for a thing
    that came from no file (the Python API)."""
    for place in (where.get(key) if key else None, where.get("")):
        if place is not None and place.origin is not None:
            return place.origin
    return None
