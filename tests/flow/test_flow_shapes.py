"""The flow rules (shapes/vsgraph-flow-shapes.ttl), tested as tests/validation/test_shapes.py
tests the others: one fixture per rule under tests/data/flow/shapes/ with nodes that follow
it ("good") and nodes that break it ("bad"), validated with every shape on both validators,
keeping the findings of the rule's shapes and comparing them exactly."""

from __future__ import annotations

from importlib.resources import files

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD

import vsgraph
from tests.support.paths import DATA
from vsgraph import VSG, Severity
from vsgraph.resources import resource_dir
from vsgraph.validation.validator import PORTFOLIO_SHAPE_FILES

SHAPES = DATA / "flow" / "shapes"
FLOW_SHAPES = "vsgraph-flow-shapes.ttl"
EX = Namespace("https://example.org/test/")
VSGSH = Namespace("https://w3id.org/vsgraph/shapes#")
V = Severity.VIOLATION


def expect(focus, path, shape, value=None, constraint=None):
    return (focus, path, value, V, shape, constraint)


WORK_ITEM = [
    VSGSH[f"WorkItemShape-{name}"]
    for name in ("workItemOf", "flowItemType", "trackerKey", "businessValue", "stateChanges", "createdAt", "latestStateChange")
]
CHANGE = [
    VSGSH[f"StateChangeShape-{name}"]
    for name in ("stateChangeOf", "changedAt", "toFlowState", "previousStateChange", "trackerStatus")
]
OBJECTIVE = [
    VSGSH[f"PIObjectiveShape-{name}"]
    for name in ("piObjectiveOf", "plannedBusinessValue", "actualBusinessValue", "committed", "dueAt")
]
CHAIN = VSGSH.StateChainShape
ENDS = VSGSH.WorkItemEndsShape

RULES = {
    1: (
        "flow-rule1-work-items.ttl",
        WORK_ITEM,
        {
            expect(EX["bad-empty"], VSG.workItemOf, WORK_ITEM[0]),
            expect(EX["bad-empty"], VSG.flowItemType, WORK_ITEM[1]),
            expect(EX["bad-empty"], ~VSG.stateChangeOf, WORK_ITEM[4]),
            expect(EX["bad-empty"], VSG.createdAt, WORK_ITEM[5]),
            expect(EX["bad-empty"], VSG.latestStateChange, WORK_ITEM[6]),
            expect(EX["bad-values"], VSG.createdAt, WORK_ITEM[5], value=Literal("2026-01-01")),
            expect(EX["bad-values"], VSG.latestStateChange, WORK_ITEM[6], value=EX.stream),
            expect(EX["bad-values"], VSG.workItemOf, WORK_ITEM[0], value=EX.step),
            expect(EX["bad-values"], VSG.flowItemType, WORK_ITEM[1], value=VSG.DoneState),
            expect(EX["bad-values"], VSG.trackerKey, WORK_ITEM[2]),
            expect(EX["bad-values"], VSG.businessValue, WORK_ITEM[3], value=Literal(-1)),
        },
    ),
    2: (
        "flow-rule2-state-changes.ttl",
        CHANGE,
        {
            expect(EX["bad-empty"], VSG.stateChangeOf, CHANGE[0]),
            expect(EX["bad-empty"], VSG.changedAt, CHANGE[1]),
            expect(EX["bad-empty"], VSG.toFlowState, CHANGE[2]),
            expect(EX["bad-values"], VSG.stateChangeOf, CHANGE[0], value=EX.stream),
            expect(EX["bad-values"], VSG.changedAt, CHANGE[1], value=Literal("2026-01-03", datatype=XSD.date)),
            expect(EX["bad-values"], VSG.toFlowState, CHANGE[2], value=VSG.FeatureItem),
            expect(EX["bad-values"], VSG.previousStateChange, CHANGE[3], value=EX.item),
            expect(EX["bad-values"], VSG.trackerStatus, CHANGE[4]),
        },
    ),
    3: (
        "flow-rule3-state-chain.ttl",
        [CHAIN],
        {
            expect(EX["bad-other-item"], VSG.previousStateChange, CHAIN, EX.good, VSGSH["StateChainShape-sameItem"]),
            expect(EX["bad-earlier"], VSG.previousStateChange, CHAIN, EX["other-created"], VSGSH["StateChainShape-notLater"]),
            expect(EX["bad-earlier"], VSG.previousStateChange, CHAIN, EX["other-created"], VSGSH["StateChainShape-noFork"]),
            expect(EX["bad-fork"], VSG.previousStateChange, CHAIN, EX["other-created"], VSGSH["StateChainShape-noFork"]),
            expect(
                EX["bad-no-zone"],
                VSG.changedAt,
                CHAIN,
                Literal("2026-01-05T09:00:00", datatype=XSD.dateTime),
                VSGSH["StateChainShape-timeZone"],
            ),
        },
    ),
    4: (
        "flow-rule4-pi-objectives.ttl",
        OBJECTIVE,
        {
            expect(EX["bad-empty"], VSG.piObjectiveOf, OBJECTIVE[0]),
            expect(EX["bad-empty"], VSG.plannedBusinessValue, OBJECTIVE[1]),
            expect(EX["bad-empty"], VSG.dueAt, OBJECTIVE[4]),
            expect(EX["bad-values"], VSG.piObjectiveOf, OBJECTIVE[0], value=EX.metric),
            expect(EX["bad-values"], VSG.plannedBusinessValue, OBJECTIVE[1], value=Literal(12)),
            expect(EX["bad-values"], VSG.actualBusinessValue, OBJECTIVE[2], value=Literal("six")),
            expect(EX["bad-values"], VSG.committed, OBJECTIVE[3], value=Literal("yes")),
            expect(EX["bad-values"], VSG.dueAt, OBJECTIVE[4], value=Literal("2026-03-27", datatype=XSD.date)),
        },
    ),
    5: (
        "flow-rule5-item-ends.ttl",
        [ENDS],
        {
            expect(EX["bad-stale"], VSG.latestStateChange, ENDS, EX["stale-1"], VSGSH["WorkItemEndsShape-latestLast"]),
            expect(
                EX["bad-stale"],
                VSG.createdAt,
                ENDS,
                # As written: rdflib would rewrite Z as +00:00.
                Literal("2026-01-02T09:00:00Z", datatype=XSD.dateTime, normalize=False),
                VSGSH["WorkItemEndsShape-createdFirst"],
            ),
            expect(EX["bad-foreign"], VSG.latestStateChange, ENDS, EX["good-2"], VSGSH["WorkItemEndsShape-latestOwn"]),
        },
    ),
}


def _key(finding: vsgraph.Finding) -> tuple:
    return (finding.focus_node, finding.path, finding.value, finding.severity, finding.source_shape, finding.source_constraint)


@pytest.mark.parametrize("validator", ["sparql", "pyshacl"])
@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule(rule, validator):
    fixture, shapes, expected = RULES[rule]
    report = vsgraph.validate(vsgraph.load(SHAPES / fixture), validator=validator)
    found = {_key(f) for f in report.findings if f.source_shape in shapes}
    assert found == expected
    good = {EX.good, EX["good-1"], EX["good-2"], EX["good-created"]}
    assert not {f.focus_node for f in report.findings if f.source_shape in shapes} & good


def test_imported_work_items_follow_every_flow_rule():
    portfolio = vsgraph.load(DATA / "flow" / "shop.ttl")
    from vsgraph import flow

    flow.add_work_items(
        portfolio,
        DATA / "flow" / "checkout-items.csv",
        stream="https://example.org/shop/checkout",
        mapping=flow.load_mapping(DATA / "flow" / "mapping.yaml"),
    )
    flow_shapes = _named_shapes(_shapes())
    for validator in ("sparql", "pyshacl"):
        report = vsgraph.validate(portfolio, validator=validator)
        assert [f for f in report.findings if f.source_shape in flow_shapes] == []


def _shapes() -> Graph:
    return Graph().parse(resource_dir("shapes") / FLOW_SHAPES)


def _named_shapes(graph: Graph) -> set[URIRef]:
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return {s for s in shapes if isinstance(s, URIRef)}


def test_the_flow_rules_are_part_of_validation():
    assert FLOW_SHAPES in PORTFOLIO_SHAPE_FILES


def test_the_flow_shapes_pass_shacl_shacl():
    meta = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"))
    conforms, _, text = pyshacl.validate(_shapes(), shacl_graph=meta)
    assert conforms, text


def test_every_flow_shape_is_named_described_and_a_violation_with_a_message():
    graph = _shapes()
    for shape in _named_shapes(graph):
        for predicate in (SH.name, SH.description):
            assert [v.language for v in graph.objects(shape, predicate)] == ["en"], (shape, predicate)
        assert graph.value(shape, SH.severity) == SH.Violation, shape
        if graph.value(shape, SH.property) is None and graph.value(shape, SH.sparql) is None:
            assert graph.value(shape, SH.message) is not None, shape
    for constraint in graph.subjects(RDF.type, SH.SPARQLConstraint):
        assert graph.value(constraint, SH.message) is not None, constraint


def test_every_reporting_flow_shape_has_a_rule_test():
    tested = {shape for _, shapes, _ in RULES.values() for shape in shapes}
    graph = _shapes()
    assert {s for s in _named_shapes(graph) if graph.value(s, SH.property) is None} == tested
