"""How a written workbook looks to the person who fills it in.

Every sheet vsgraph writes, the empty template and a converted portfolio alike, gets a
bold header row that stays in view, columns as wide as what they hold, a note on each
header cell saying what the column means (:mod:`vsgraph.authoring.columns`) and dropdowns:
the words a vocabulary column takes, and the ids of the sheet a reference column names.
Nothing here is read back: the readers take the cells' values only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vsgraph.authoring.columns import REFERENCES, SEVERAL_WORDS, STRICT_REFERENCES, WORDS, note

#: The last row of a sheet in Excel: dropdowns cover every row below the header.
_LAST_ROW = 1_048_576
#: Column widths, in characters: never narrower than a short word, never wider than a screen's share.
_NARROWEST, _WIDEST = 8, 60
#: The size of a header note, in points: wide enough for two sentences on a few lines.
_NOTE_WIDTH, _NOTE_HEIGHT = 320, 110


def lay_out(worksheet: Worksheet, sheet: str, kind: str | None, parent: str | None, ids: dict[str, str]) -> None:
    """Give ``worksheet`` (sheet ``sheet``, of things of ``kind`` in child sheets named
    after ``parent``) its bold frozen header, widths, notes and dropdowns. ``ids`` gives
    for each sheet the range of its id column (``teams!$A$2:$A$1048576``)."""
    header = [cell.value for cell in worksheet[1]]
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(header, start=1):
        if not isinstance(column, str):
            continue
        cell = worksheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        text = note(sheet, column, kind) + (" Required." if column == parent else "")
        cell.comment = Comment(text, "vsgraph", width=_NOTE_WIDTH, height=_NOTE_HEIGHT)
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = _width(worksheet, index)
        dropdown = _dropdown(sheet, column, ids)
        if dropdown is not None:
            dropdown.add(f"{letter}2:{letter}{_LAST_ROW}")
            worksheet.add_data_validation(dropdown)


def id_ranges(headers: dict[str, Sequence[Any]]) -> dict[str, str]:
    """For each sheet with an ``id`` column (its header in ``headers``), the range of its ids."""
    ranges = {}
    for sheet, header in headers.items():
        if "id" in header:
            letter = get_column_letter(list(header).index("id") + 1)
            ranges[sheet] = f"{sheet}!${letter}$2:${letter}${_LAST_ROW}"
    return ranges


def _width(worksheet: Worksheet, index: int) -> float:
    """The width that shows the column's longest line (a cell's lines counted apart)."""
    longest = max(
        (len(line) for (value,) in worksheet.iter_rows(min_col=index, max_col=index, values_only=True) for line in _lines(value)),
        default=0,
    )
    return min(max(longest + 2, _NARROWEST), _WIDEST)


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    return str(value).splitlines() or [""]


def _dropdown(sheet: str, column: str, ids: dict[str, str]) -> DataValidation | None:
    """The dropdown of a column: its words, or the ids of the sheet it names. A column that
    may hold something else too (several words or ids, a person where a team is usual)
    suggests without refusing; the reader checks every value either way."""
    words = WORDS.get((sheet, column))
    if words is not None:
        strict = (sheet, column) not in SEVERAL_WORDS
        return DataValidation(type="list", formula1=f'"{",".join(words)}"', allow_blank=True, showErrorMessage=strict)
    target = REFERENCES.get(column)
    if target is None or target not in ids:
        return None
    strict = column in STRICT_REFERENCES
    return DataValidation(type="list", formula1=ids[target], allow_blank=True, showErrorMessage=strict)
