"""Validation findings in the author's words: the key (column) written, and where."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from vsgraph.authoring import read_yaml, write_csv_folder, write_workbook
from vsgraph.authoring.sources import read_graph

DATA = Path(__file__).parents[1] / "data" / "authoring"
WARNINGS_ONLY = DATA / "warnings-only.yaml"
VIOLATIONS = DATA / "violations.yaml"


def _line(path: Path, text: str) -> int:
    """The line of ``path`` on which ``text`` first appears."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def _json(run_cli, *args) -> dict:
    result = run_cli("validate", "--format", "json", *args)
    return json.loads(result.output)


def _by_field(data: dict) -> dict[str, dict]:
    return {f["field"]: f for f in data["findings"]}


def test_yaml_findings_name_the_key_and_the_line(run_cli):
    result = run_cli("validate", WARNINGS_ONLY)
    assert result.exit_code == 0
    stream_line = _line(WARNINGS_ONLY, "- id: checkout")
    assert f"Check-out  <https://example.org/corner-shop/checkout>  {WARNINGS_ONLY}:{stream_line}" in result.output
    assert "  warning    measures (in metrics): No metric measures this value stream" in result.output
    assert "  warning    enables: This operational value stream enables no stage" in result.output
    assert "  warning    supports (in value_streams): No development value stream supports" in result.output
    assert "inverse of" not in result.output


def test_a_finding_about_a_written_key_points_at_its_line(run_cli):
    data = _by_field(_json(run_cli, VIOLATIONS))
    assert data["interactions"]["source"] == {"file": str(VIOLATIONS), "line": _line(VIOLATIONS, "interactions:")}
    assert data["interactions"]["path"] == "https://w3id.org/vsgraph#hasInteraction"
    stream = {"file": str(VIOLATIONS), "line": _line(VIOLATIONS, "- id: returns")}
    assert data["trigger"]["source"] == stream  # not written: the stream's own line
    assert data["delivered_to"]["source"] == stream
    assert data["delivered_to"]["severity"] == "violation"


def test_workbook_findings_name_the_column_and_the_cell(run_cli, tmp_path):
    workbook = tmp_path / "shop.xlsx"
    write_workbook(read_yaml(VIOLATIONS), workbook)
    sheet = openpyxl.load_workbook(workbook)["value_streams"]
    header = [cell.value for cell in sheet[1]]
    (row,) = [cell.row for cell in sheet["A"] if cell.value == "returns"]
    data = _by_field(_json(run_cli, workbook))
    trigger = f"{openpyxl.utils.get_column_letter(header.index('trigger') + 1)}{row}"
    assert data["trigger"]["source"] == {"file": str(workbook), "cell": f"value_streams!{trigger}"}
    assert data["measures (in metrics)"]["source"] == {"file": str(workbook), "cell": f"value_streams!{row}:{row}"}
    text = run_cli("validate", workbook).output
    assert f"Returns  <https://example.org/corner-shop/returns>  {workbook} value_streams!{row}:{row}" in text
    assert "  violation  trigger: This value stream has no trigger" in text
    assert f"[{workbook} value_streams!{trigger}]" in text


def test_csv_findings_name_the_file_and_line(run_cli, tmp_path):
    folder = tmp_path / "shop"
    write_csv_folder(read_yaml(VIOLATIONS), folder)
    streams = folder / "value_streams.csv"
    data = _by_field(_json(run_cli, folder))
    assert data["trigger"]["source"] == {"file": str(streams), "line": _line(streams, "returns,")}
    interaction = _by_field(_json(run_cli, folder))["interactions"]
    assert interaction["source"]["file"] == str(streams)


def test_rdf_inputs_keep_the_ontology_words(run_cli, tmp_path):
    turtle = tmp_path / "shop.ttl"
    turtle.write_bytes(read_graph(VIOLATIONS, "yaml").serialize(format="turtle", encoding="utf-8"))
    result = run_cli("validate", turtle)
    assert "inverse of measures: No metric measures" in result.output
    assert "has interaction: This operational value stream" in result.output
    assert str(VIOLATIONS) not in result.output
    for finding in _json(run_cli, turtle)["findings"]:
        assert "field" not in finding and "source" not in finding


def test_conforms_means_no_violation_in_every_format(run_cli):
    """A portfolio with warnings only conforms in the text, the JSON and the Turtle report."""
    text = run_cli("validate", WARNINGS_ONLY)
    assert text.exit_code == 0
    assert "0 violations, 3 warnings: the portfolio conforms" in text.output
    data = _json(run_cli, WARNINGS_ONLY)
    assert (data["conforms"], data["violations"], data["warnings"]) == (True, 0, 3)
    turtle = run_cli("validate", "--format", "turtle", WARNINGS_ONLY)
    assert turtle.exit_code == 0
    graph = Graph().parse(data=turtle.output, format="turtle")
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(True)
    assert len(list(graph.objects(report, SH.result))) == 3  # the warnings are still reported
    assert run_cli("validate", "--strict", WARNINGS_ONLY).exit_code == 1


def test_a_report_with_violations_does_not_conform_in_any_format(run_cli):
    assert run_cli("validate", VIOLATIONS).exit_code == 1
    assert _json(run_cli, VIOLATIONS)["conforms"] is False
    graph = Graph().parse(data=run_cli("validate", "--format", "turtle", VIOLATIONS).output, format="turtle")
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
