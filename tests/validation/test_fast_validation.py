"""The SPARQL validation engine gives pyshacl's findings; incremental validation a full one's."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

import vsgraph
from bench.generator import generate
from tests.support.paths import DATA as TEST_DATA
from vsgraph import VSG
from vsgraph.errors import ResourceError
from vsgraph.validation.incremental import IncrementalValidator
from vsgraph.validation.shacl_sparql import compile_shapes
from vsgraph.validation.validator import shapes_graph
from vsgraph.vocabulary.ontology import ontology_graph

DATA = TEST_DATA
SYN = Namespace("https://example.org/synthetic/")
FIXTURES = [DATA / "grocery-broken.ttl", *sorted((DATA / "shapes").glob("*.ttl"))]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A generated portfolio (~6k triples) with injected defects."""
    portfolio = generate(30, seed=4)
    return portfolio, tmp_path_factory.mktemp("synthetic") / "synthetic.nt"


def _both(portfolio: vsgraph.Portfolio) -> tuple[vsgraph.ValidationReport, vsgraph.ValidationReport]:
    return vsgraph.validate(portfolio, validator="sparql"), vsgraph.validate(portfolio, validator="pyshacl")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_sparql_and_pyshacl_give_identical_findings_on_every_fixture(path):
    fast, reference = _both(vsgraph.load(path))
    assert fast.findings == reference.findings
    assert fast.findings  # each fixture breaks some rule


def test_identical_findings_on_the_grocery_example(grocery):
    fast, reference = _both(grocery)
    assert fast.findings == reference.findings == []


def test_identical_findings_on_a_generated_portfolio(synthetic):
    generated, path = synthetic
    fast, reference = _both(vsgraph.load(generated.write(path)))
    assert fast.findings == reference.findings
    assert len(fast.findings) == len(generated.defects) + sum(d.kind == "ovs-without-interaction" for d in generated.defects)


def test_forked_workers_give_the_findings_of_one_process(synthetic):
    generated, path = synthetic
    portfolio = vsgraph.load(generated.write(path))
    forked = vsgraph.validate(portfolio, processes=2)
    assert forked.findings == vsgraph.validate(portfolio, processes=1).findings
    assert len(forked.findings) >= len(generated.defects)


def test_an_rdflib_portfolio_is_validated_on_a_copy_in_oxigraph():
    path = DATA / "shapes" / "rule06-step.ttl"
    on_rdflib = vsgraph.validate(vsgraph.load(path, engine="rdflib"), validator="sparql")
    assert on_rdflib.findings == vsgraph.validate(vsgraph.load(path), validator="pyshacl").findings


def test_focus_limits_the_report_to_those_nodes():
    portfolio = vsgraph.load(DATA / "grocery-broken.ttl")
    checkout = URIRef("https://example.org/grocery/checkout")
    for validator in ("sparql", "pyshacl"):
        report = vsgraph.validate(portfolio, validator=validator, focus=[checkout])
        assert {f.focus_node for f in report.findings} == {checkout}
        assert len(report.findings) == 2


def test_a_subclass_declared_in_the_portfolio_counts_for_targets_and_classes():
    graph = Graph().parse(DATA / "shapes" / "rule09-key-result.ttl")
    ex = Namespace("https://example.org/test/")
    graph.add((ex.Stretch, RDFS.subClassOf, VSG.KeyResult))
    graph.add((ex["stretch-goal"], RDFS.label, Literal("Stretch goal", lang="en")))
    graph.add((ex["stretch-goal"], RDF.type, ex.Stretch))
    fast, reference = _both(vsgraph.Portfolio.from_graph(graph))
    assert fast.findings == reference.findings
    assert ex["stretch-goal"] in {f.focus_node for f in fast.findings}


def test_an_unsupported_constraint_component_is_refused_loudly():
    shapes = Graph() + shapes_graph()
    shape = URIRef("https://w3id.org/vsgraph/shapes#StepShape-position")
    shapes.add((shape, SH.pattern, Literal("^[0-9]+$")))
    with pytest.raises(ResourceError, match="shacl#pattern, which the SPARQL validation engine does not translate"):
        compile_shapes(shapes, ontology_graph())


def test_every_check_knows_how_far_it_reads():
    checks = compile_shapes(shapes_graph(), ontology_graph())
    reach = {(str(c.source_shape).split("#")[1], str(c.component).split("#")[1]): c.reach for c in checks}
    assert reach[("StepShape-position", "MinCountConstraintComponent")] == 0
    assert reach[("OperationalValueStreamShape-hasInteraction", "QualifiedMinCountConstraintComponent")] == 2
    assert reach[("EnabledCustomerShape", "SPARQLConstraintComponent")] == 2
    assert max(reach.values()) == 2


# --- Incremental validation ------------------------------------------------------------


def test_incremental_validation_after_editing_one_stream_equals_a_full_one(synthetic):
    generated, path = synthetic
    portfolio = vsgraph.load(generated.write(path))
    validator = IncrementalValidator(portfolio)
    before = set(validator.report.findings)
    ovs = SYN["ovs-3"]
    step = SYN["ovs-3-step-2"]
    report = validator.apply(
        removed=[(ovs, VSG.hasInteraction, SYN["ovs-3-interaction"]), (step, VSG.position, Literal(2))],
        added=[(step, VSG.position, Literal(1)), (ovs, RDFS.label, Literal("Zweiter Name", lang="de"))],
    )
    assert report.findings == vsgraph.validate(portfolio).findings
    assert {(f.focus_node, f.source_shape.split("#")[1]) for f in set(report.findings) - before} == {
        (ovs, "OperationalValueStreamShape-hasInteraction"),
        (ovs, "EnabledCustomerShape"),
        (ovs, "StepPositionsShape"),
    }
    assert ovs in validator.last_affected and len(validator.last_affected) < len(portfolio) / 20

    repaired = validator.apply(
        removed=[(step, VSG.position, Literal(1))],
        added=[(step, VSG.position, Literal(2)), (ovs, VSG.hasInteraction, SYN["ovs-3-interaction"])],
    )
    assert set(repaired.findings) == before
    assert repaired.findings == vsgraph.validate(portfolio).findings


# --- The command -----------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_the_validate_command_takes_the_engine(run_cli, engine):
    result = run_cli("validate", "--validator", engine, "--format", "json", DATA / "grocery-broken.ttl")
    assert result.exit_code == 1
    assert '"violations": 8' in result.output and '"warnings": 3' in result.output
