"""`vsgraph template`: the workbook a portfolio is filled into, without Python."""

from __future__ import annotations

import openpyxl
import pytest
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

import vsgraph
from vsgraph.authoring import read_workbook, read_yaml, write_workbook
from vsgraph.authoring.spreadsheet import SHEETS, columns
from vsgraph.authoring.vocabulary import DIRECTIONS, STREAM_KINDS, TEAM_KINDS
from vsgraph.examples import example_path


@pytest.fixture()
def template(run_cli, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    result = run_cli("template", "--to", path)
    assert result.exit_code == 0, result.output
    assert f"wrote {path}" in result.output
    return path


def _validations(sheet) -> dict[str, tuple[str, bool]]:
    """The dropdowns of a sheet by the header of the column they cover: (list, refuses others)."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        for cells in rule.sqref.ranges:
            assert (cells.min_row, cells.max_row) == (2, 1_048_576)
            found[sheet.cell(row=1, column=cells.min_col).value] = (rule.formula1, bool(rule.showErrorMessage))
    return found


def test_every_header_is_bold_frozen_noted_and_wide_enough(template):
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["README", "portfolio", *SHEETS]
    for name in ["portfolio", *SHEETS]:
        sheet = book[name]
        header = [cell.value for cell in sheet[1]]
        assert header == columns(name)
        assert sheet.freeze_panes == "A2"
        for cell in sheet[1]:
            assert cell.font.b, f"{name}!{cell.coordinate} is not bold"
            assert cell.comment is not None and len(cell.comment.text) > 20, f"{name}!{cell.coordinate} has no note"
            assert sheet.column_dimensions[cell.column_letter].width >= len(cell.value)


def test_notes_say_the_allowed_words_and_what_is_required(template):
    book = openpyxl.load_workbook(template)
    kind = book["value_streams"]["C1"]
    assert kind.value == "kind"
    assert "operational, development" in kind.comment.text and "Required." in kind.comment.text
    assert "30min" in book["steps"]["E1"].comment.text  # process_time: a duration and its units
    assert "0 to 100" in book["steps"]["H1"].comment.text  # pcta


def test_vocabulary_columns_offer_exactly_the_words_the_reader_accepts(template):
    book = openpyxl.load_workbook(template)
    assert _validations(book["teams"])["kind"] == (f'"{",".join(TEAM_KINDS)}"', True)
    assert _validations(book["value_streams"])["kind"] == (f'"{",".join(STREAM_KINDS)}"', True)
    assert _validations(book["metrics"])["direction"] == (f'"{",".join(DIRECTIONS)}"', True)
    assert _validations(book["initiatives"])["status"][1] is True
    focus, refuses = _validations(book["metrics"])["focus"]
    assert "flow" in focus and not refuses  # several words per cell: a suggestion


def test_reference_columns_list_the_ids_of_the_sheet_they_name(template):
    book = openpyxl.load_workbook(template)
    steps = _validations(book["steps"])
    assert steps["value_stream"] == ("value_streams!$A$2:$A$1048576", True)
    assert steps["team"] == ("teams!$A$2:$A$1048576", False)  # a person may perform a step too
    assert steps["follows"] == ("processes!$A$2:$A$1048576", True)
    assert _validations(book["interactions"])["stage"][0] == "stages!$B$2:$B$1048576"  # stages: journey, id, ...
    assert _validations(book["key_results"])["objective"] == ("objectives!$A$2:$A$1048576", True)


def test_a_filled_in_template_reads_back(template):
    """Filled in as a person would (openpyxl standing in for Excel): every sheet is read,
    the capitalised word and the percentage cell included."""
    book = openpyxl.load_workbook(template)
    book["portfolio"].append(["https://example.org/shop/", "en"])
    book["teams"].append(["cashiers", "Cashiers"])
    book["customers"].append(["shopper", "Shopper"])
    book["value_streams"].append(["checkout", "Check-out", "Operational"])
    book["steps"].append(["checkout", "Scan", "cashiers", None, "4min", None, None, 0.9])
    book["steps"]["H2"].number_format = "0%"
    book.save(template)
    graph = vsgraph.load(template).graph
    checkout = vsgraph.VSG.OperationalValueStream
    assert [str(s) for s in graph.subjects(RDF.type, checkout)] == ["https://example.org/shop/checkout"]
    assert [str(v) for v in graph.objects(None, vsgraph.VSG.percentCompleteAccurate)] == ["90"]


def test_written_workbooks_get_the_same_layout_and_still_round_trip(tmp_path, grocery):
    path = tmp_path / "grocery.xlsx"
    write_workbook(read_yaml(example_path(suffix=".yaml")), path)
    assert read_workbook(path) == read_yaml(example_path(suffix=".yaml"))
    assert isomorphic(vsgraph.load(path).graph, grocery.graph)
    steps = openpyxl.load_workbook(path)["steps"]
    assert steps["A1"].font.b and steps.freeze_panes == "A2" and steps["A1"].comment is not None
    longest = max(len(str(cell.value)) for cell in steps["B"] if cell.value)
    assert steps.column_dimensions["B"].width >= longest


def test_a_csv_template_is_a_folder_of_headers(run_cli, tmp_path):
    result = run_cli("template", "--to", f"{tmp_path / 'shop'}/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "shop" / "steps.csv").read_text(encoding="utf-8").splitlines() == [",".join(columns("steps"))]


def test_a_name_that_is_no_workbook_or_folder_is_refused(run_cli, tmp_path):
    result = run_cli("template", "--to", tmp_path / "portfolio.yaml")
    assert result.exit_code == 2
    assert "name a .xlsx workbook or a folder ending in /" in result.output
    assert not (tmp_path / "portfolio.yaml").exists()
