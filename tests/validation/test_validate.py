"""``vsgraph.validate`` and ``vsgraph validate``: the grocery example, a broken copy, engines, CLI."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, SH, XSD

import vsgraph
from tests.support.paths import DATA as TEST_DATA
from vsgraph import VSG, Severity

DATA = TEST_DATA
BROKEN = DATA / "grocery-broken.ttl"
GRO = Namespace("https://example.org/grocery/")
VSGSH = Namespace("https://w3id.org/vsgraph/shapes#")
V, W = Severity.VIOLATION, Severity.WARNING

#: Every finding the broken copy of the grocery example causes (see its BROKEN: comments).
BROKEN_FINDINGS = {
    (GRO.checkout, VSG.hasInteraction, None, V, VSGSH["OperationalValueStreamShape-hasInteraction"]),
    (GRO.checkout, None, GRO["household-shopper"], V, VSGSH.EnabledCustomerShape),
    (GRO["checkout-step-2"], VSG.waitTimeMinutes, Literal("-3", datatype=XSD.decimal), V, VSGSH["StepShape-waitTimeMinutes"]),
    (GRO["website-hosting"], VSG.hasStep, Literal(3), V, VSGSH.StepPositionsShape),
    (GRO["logistics-team"], RDFS.label, None, V, VSGSH["NamedThingShape-label"]),
    (GRO["on-shelf-availability"], VSG.hasDirection, None, V, VSGSH["MetricShape-hasDirection"]),
    (GRO["website-availability-2026-10"], VSG.readingDate, None, V, VSGSH["MetricReadingShape-readingDate"]),
    (GRO["website-up"], VSG.keyResultOf, None, V, VSGSH["KeyResultShape-keyResultOf"]),
    (GRO["weekly-promotions"], ~VSG.supports, None, W, VSGSH["SupportedOperationalValueStreamShape-supportedBy"]),
    (GRO["promotion-reach"], VSG.alignedWith, None, W, VSGSH["AlignedMetricShape-alignedWith"]),
    (GRO["reliable-store-tech"], VSG.belongsToTheme, None, W, VSGSH["ThemedObjectiveShape-belongsToTheme"]),
}


def _keys(report: vsgraph.ValidationReport) -> set[tuple]:
    return {(f.focus_node, f.path, f.value, f.severity, f.source_shape) for f in report.findings}


def test_the_grocery_example_conforms_without_findings(grocery):
    report = vsgraph.validate(grocery)
    assert report.conforms
    assert report.findings == []


def test_the_broken_grocery_copy_reports_exactly_the_expected_findings():
    report = vsgraph.validate(vsgraph.load(BROKEN))
    assert _keys(report) == BROKEN_FINDINGS
    assert not report.conforms
    assert (len(report.violations), len(report.warnings)) == (8, 3)


def test_findings_name_things_by_their_labels():
    report = vsgraph.validate(vsgraph.load(BROKEN))
    checkout = report.by_focus_node()[GRO.checkout]
    assert {f.focus_label for f in checkout} == {"Check-out"}
    assert {f.value_label for f in checkout} == {None, "Household shopper"}
    assert checkout[0].message == (
        "This operational value stream enables a stage of this customer's journey but never interacts with the customer directly."
    )


@pytest.mark.parametrize("path", [DATA / "grocery-broken.ttl", *sorted((DATA / "shapes").glob("*.ttl"))], ids=lambda p: p.name)
def test_every_engine_gives_identical_findings(path):
    on_oxigraph = vsgraph.validate(vsgraph.load(path, engine="oxigraph"))
    on_rdflib = vsgraph.validate(vsgraph.load(path, engine="rdflib"))
    assert on_oxigraph.to_json() == on_rdflib.to_json()
    assert on_oxigraph.findings


def test_inference_counts_what_a_development_stream_supports_as_operational(grocery):
    graph = Graph() + grocery.graph
    graph.add((GRO["website-hosting"], VSG.supports, GRO.kiosk))
    portfolio = vsgraph.Portfolio.from_graph(graph)

    plain = vsgraph.validate(portfolio)
    assert _keys(plain) == {(GRO["website-hosting"], VSG.supports, GRO.kiosk, V, VSGSH["DevelopmentValueStreamShape-supports"])}

    inferred = vsgraph.validate(portfolio, infer=True)
    shapes_on_kiosk = {f.source_shape for f in inferred.findings if f.focus_node == GRO.kiosk}
    assert VSGSH["ValueStreamShape-hasTrigger"] in shapes_on_kiosk  # now known to be a value stream
    assert not [f for f in inferred.findings if f.focus_node == GRO["website-hosting"]]


def test_the_turtle_report_is_a_standard_shacl_validation_report():
    report = vsgraph.validate(vsgraph.load(BROKEN))
    graph = Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    results = list(graph.objects(node, SH.result))
    assert len(results) == 11
    supported_by = [r for r in results if graph.value(r, SH.focusNode) == GRO["weekly-promotions"]]
    (path,) = [graph.value(r, SH.resultPath) for r in supported_by]
    assert graph.value(path, SH.inversePath) == VSG.supports


def test_an_unknown_validator_is_refused(grocery):
    with pytest.raises(ValueError, match="unknown validator 'fast'; choose 'sparql' or 'pyshacl'"):
        vsgraph.validate(grocery, validator="fast")


def test_the_old_name_of_the_validator_still_works_with_a_warning(grocery):
    with pytest.warns(DeprecationWarning, match="validator="):
        old = vsgraph.validate(grocery, engine="pyshacl")
    assert old.to_json() == vsgraph.validate(grocery, validator="pyshacl").to_json()


def test_the_cli_points_the_old_validator_option_to_the_new_one(run_cli, grocery_path):
    result = run_cli("validate", str(grocery_path), "--engine", "pyshacl")
    assert result.exit_code == 2
    assert "use --validator pyshacl" in result.output


@pytest.mark.parametrize("path", [BROKEN, *sorted((DATA / "shapes").glob("*.ttl"))], ids=lambda p: p.name)
def test_the_default_validator_reports_what_pyshacl_reports(path):
    portfolio = vsgraph.load(path)
    assert vsgraph.validate(portfolio).to_json() == vsgraph.validate(portfolio, validator="pyshacl").to_json()


# --- The command -----------------------------------------------------------------------


def test_validate_exits_0_on_a_conforming_portfolio(run_cli, grocery_path):
    result = run_cli("validate", grocery_path)
    assert result.exit_code == 0
    assert "0 violations, 0 warnings: the portfolio conforms" in result.output


def test_validate_exits_1_on_violations_and_groups_findings_by_label(run_cli):
    result = run_cli("validate", BROKEN)
    assert result.exit_code == 1
    assert "Check-out  <https://example.org/grocery/checkout>\n  violation  " in result.output
    assert "  warning    inverse of supports: No development value stream supports" in result.output
    assert result.output.endswith("8 violations, 3 warnings: the portfolio does not conform to the vsgraph rules.\n")


def test_the_library_writes_the_text_the_cli_prints(run_cli):
    report = vsgraph.validate(vsgraph.load(BROKEN))
    assert report.summary() == "8 violations, 3 warnings: the portfolio does not conform to the vsgraph rules."
    assert report.to_text().endswith(report.summary() + "\n")
    assert run_cli("validate", BROKEN).output == report.to_text()


def test_warnings_fail_only_with_strict(run_cli, grocery, tmp_path):
    graph = Graph() + grocery.graph
    graph.remove((GRO["promotion-reach"], VSG.alignedWith, None))
    only_warnings = tmp_path / "only-warnings.ttl"
    graph.serialize(only_warnings, format="turtle")
    relaxed = run_cli("validate", only_warnings)
    assert relaxed.exit_code == 0
    assert "0 violations, 1 warning: the portfolio conforms" in relaxed.output
    assert run_cli("validate", "--strict", only_warnings).exit_code == 1


def test_validate_exits_2_with_file_and_line_on_a_syntax_error(run_cli, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix vsg: <https://w3id.org/vsgraph#> .\n\n<a> vsg:hasStep .\n")
    result = run_cli("validate", bad)
    assert result.exit_code == 2
    assert f"{bad}:3" in result.output


def test_validate_json_output(run_cli):
    result = run_cli("validate", "--format", "json", BROKEN)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["conforms"], data["violations"], data["warnings"]) == (False, 8, 3)
    finding = next(f for f in data["findings"] if f["focusNode"] == str(GRO["weekly-promotions"]))
    assert finding == {
        "severity": "warning",
        "focusNode": "https://example.org/grocery/weekly-promotions",
        "focusLabel": "Weekly promotions",
        "path": "^<https://w3id.org/vsgraph#supports>",
        "value": None,
        "valueLabel": None,
        "message": "No development value stream supports this operational value stream: who builds "
        "and runs the technology it depends on?",
        "sourceShape": "https://w3id.org/vsgraph/shapes#SupportedOperationalValueStreamShape-supportedBy",
        "sourceConstraint": None,
        "constraintComponent": "http://www.w3.org/ns/shacl#MinCountConstraintComponent",
    }


def test_validate_turtle_output_and_infer_option(run_cli, grocery_path):
    result = run_cli("validate", "--infer", "--format", "turtle", grocery_path)
    assert result.exit_code == 0
    graph = Graph().parse(data=result.output, format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(True)
    assert SH.result not in set(graph.predicates())
