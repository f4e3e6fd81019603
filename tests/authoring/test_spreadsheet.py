"""Spreadsheets: the grocery workbook, CSV folders, the template, errors naming the cell."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from rdflib.compare import isomorphic

import vsgraph
from vsgraph.authoring import (
    export_template,
    read_workbook,
    read_yaml,
    write_csv_folder,
    write_graph,
)
from vsgraph.authoring.spreadsheet import SHEETS
from vsgraph.errors import AuthoringError, InputError, PublishError
from vsgraph.examples import example_path


def test_checked_in_workbook_is_up_to_date_with_the_yaml(grocery):
    workbook = example_path(suffix=".xlsx")
    assert read_workbook(workbook) == read_yaml(example_path(suffix=".yaml"))
    assert isomorphic(vsgraph.load(workbook).graph, grocery.graph)


def test_csv_folder_gives_the_same_graph(grocery, tmp_path):
    write_csv_folder(read_yaml(example_path(suffix=".yaml")), tmp_path / "grocery")
    assert (tmp_path / "grocery" / "steps.csv").read_text(encoding="utf-8").splitlines()[0] == (
        "value_stream,name,team,follows,process_time,wait_time,batch_size,pcta,position,id,"
        "carries_out,serves,preceded_by,rework_percent,sends_rework_to"
    )
    assert isomorphic(vsgraph.load(tmp_path / "grocery").graph, grocery.graph)


def test_workbooks_and_csv_folders_are_written_safely(tmp_path):
    """Through vsgraph.safe_write: never through a symbolic link, and a folder's files all or none."""
    kept = tmp_path / "kept.xlsx"
    kept.write_bytes(b"not mine")
    (tmp_path / "link.xlsx").symlink_to(kept)
    with pytest.raises(PublishError, match="symbolic link"):
        export_template(tmp_path / "link.xlsx")
    assert kept.read_bytes() == b"not mine"
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "teams.csv").write_text("old", encoding="utf-8")
    (folder / "steps.csv").symlink_to(kept)
    with pytest.raises(PublishError):
        write_csv_folder(read_yaml(example_path(suffix=".yaml")), folder)
    assert (folder / "teams.csv").read_text(encoding="utf-8") == "old" and kept.read_bytes() == b"not mine"


def test_template_has_a_readme_and_every_sheet_with_headers(tmp_path):
    export_template(tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(tmp_path / "template.xlsx")
    assert book.sheetnames == ["README", "portfolio", *SHEETS]
    assert [c.value for c in book["teams"][1]] == ["id", "name", "unit_of", "kind", "headcount"]
    assert book["teams"].max_row == 1
    with pytest.raises(AuthoringError, match=r"template\.xlsx: sheet 'portfolio': missing 'base'"):
        vsgraph.load(tmp_path / "template.xlsx")


def _csv_portfolio(folder: Path, steps: list[list[str]]) -> Path:
    folder.mkdir()
    tables = {
        "portfolio": [["base"], ["https://example.org/shop/"]],
        "teams": [["id", "name"], ["cashiers", "Cashiers"]],
        "value_streams": [["id", "name", "kind"], ["checkout", "Check-out", "operational"]],
        "steps": [["value_stream", "name", "team", "process_time"], *steps],
    }
    for sheet, rows in tables.items():
        with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def test_csv_portfolio_loads(tmp_path):
    folder = _csv_portfolio(
        tmp_path / "shop", [["checkout", "Scan", "cashiers", "4min"], ["checkout", "Pay", "cashiers", "1.5h"]]
    )
    portfolio = vsgraph.load(folder)
    minutes = sorted(str(o) for o in portfolio.graph.objects(None, vsgraph.VSG.processTimeMinutes))
    assert minutes == ["4", "90"]


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (
            [["checkout", "Scan", "cashier", "4min"]],
            "sheet 'steps', row 2, column C (team): unknown team or person id 'cashier' in step 1 of value stream 'checkout'",
        ),
        (
            [["checkout", "Scan", "cashiers", "4min"], ["checkout", "Pay", "cashiers", "4 ages"]],
            "sheet 'steps', row 3, column D (process_time): the process_time of a step '4 ages' "
            "has an unknown unit 'ages': use min, h, d or w",
        ),
        (
            [["check-out", "Scan", "cashiers", "4min"]],
            "sheet 'steps', row 2, column A (value_stream): unknown value stream id 'check-out' in sheet 'steps'",
        ),
        ([["checkout", "", "cashiers", "4min"]], "sheet 'steps', row 2: missing 'name' for a step"),
    ],
)
def test_errors_name_sheet_row_and_column(tmp_path, steps, message):
    folder = _csv_portfolio(tmp_path / "shop", steps)
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(folder)
    assert str(caught.value) == f"{folder}: {message}"


def test_unknown_column_in_a_workbook(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "portfolio"
    book.active.append(["base"])
    book.active.append(["https://example.org/shop/"])
    teams = book.create_sheet("teams")
    teams.append(["id", "nmae"])
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(tmp_path / "bad.xlsx")
    assert str(caught.value) == (
        f"{tmp_path / 'bad.xlsx'}: sheet 'teams', column B: unknown column 'nmae'; expected id, name, unit_of, kind, headcount"
    )


def test_not_a_workbook(tmp_path):
    (tmp_path / "fake.xlsx").write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match=r"fake\.xlsx: cannot read as an XLSX workbook"):
        vsgraph.load(tmp_path / "fake.xlsx")


def test_cli_reads_a_workbook(run_cli):
    result = run_cli("summary", example_path(suffix=".xlsx"))
    assert result.exit_code == 0
    assert isomorphic(
        write_graph(read_workbook(example_path(suffix=".xlsx"))), write_graph(read_yaml(example_path(suffix=".yaml")))
    )
