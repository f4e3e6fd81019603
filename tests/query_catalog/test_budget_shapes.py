"""The budget rules 35-40 and rule 8's widened metric target, each with nodes that follow
it and nodes that break it, on both validators (vsgraph's SPARQL one and pyshacl).

The findings compared are exactly those of the budget shapes (focus node, path, value,
severity, source shape, source constraint), as ``tests/validation/test_shapes.py`` does for
the other rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD

import vsgraph
from tests.support.paths import DATA
from vsgraph import VSG, Severity
from vsgraph.resources import resource_dir

EX = Namespace("https://example.org/test/")
VSGSH = Namespace("https://w3id.org/vsgraph/shapes#")
RULES = DATA / "budget" / "budget-rules.ttl"
BUDGET = DATA / "budget" / "budget.ttl"
V, W = Severity.VIOLATION, Severity.WARNING
#: Every shape of rules 35-40 that reports findings itself (the node shapes that only group
#: property shapes report through those).
BUDGET_SHAPES = {
    VSGSH[name]
    for name in (
        "BudgetPeriodOrderShape",
        "BudgetPeriodShape-periodStart",
        "BudgetPeriodShape-periodEnd",
        "FundingShape-fundsValueStream",
        "FundingShape-forPeriod",
        "FundingShape-amount",
        "FundingShape-currency",
        "CurrencyCodeShape",
        "CostShape-chargedTo",
        "CostShape-forPeriod",
        "CostShape-currency",
        "TeamCostShape-costOfTeam",
        "TeamCostShape-costPerPerson",
        "DirectCostShape-amount",
        "GuardrailShape-guardsValueStream",
        "GuardrailShape-forPeriod",
        "SpendingLimitShape-amount",
        "SpendingLimitShape-currency",
        "CapacitySharesShape",
        "CapacityAllocationShape-allocatesShare",
        "CapacityShareShape-shareOfItemType",
        "CapacityShareShape-sharePercent",
        "CostOfDelayShape-costOfDelayPerWeek",
        "CostOfDelayShape-currency",
        "CostedTeamShape-headcount",
    )
}


def _key(finding: vsgraph.Finding) -> tuple:
    # A literal by its text and datatype: rdflib compares date-times by more than those.
    value = finding.value
    shown = (str(value), value.datatype) if isinstance(value, Literal) else value
    return (finding.focus_node, finding.path, shown, finding.severity, finding.source_shape, finding.source_constraint)


def _literal(text: str, datatype: URIRef | None = None) -> tuple[str, URIRef | None]:
    return (text, datatype)


@pytest.mark.parametrize("validator", ["sparql", "pyshacl"])
def test_each_budget_rule_finds_exactly_the_bad_nodes(validator: str) -> None:
    report = vsgraph.validate(vsgraph.load(RULES), validator=validator)
    found = {_key(f) for f in report.findings if f.source_shape in BUDGET_SHAPES}
    assert found == {
        (
            EX["bad-period-backwards"],
            VSG.periodEnd,
            _literal("2026-01-01T00:00:00Z", XSD.dateTime),
            V,
            VSGSH.BudgetPeriodOrderShape,
            VSGSH["BudgetPeriodOrderShape-endAfterStart"],
        ),
        (EX["bad-period-open"], VSG.periodEnd, None, V, VSGSH["BudgetPeriodShape-periodEnd"], None),
        (EX["bad-funding-of-a-team"], VSG.fundsValueStream, EX.team, V, VSGSH["FundingShape-fundsValueStream"], None),
        (EX["bad-funding-negative"], VSG.amount, _literal("-10", XSD.integer), V, VSGSH["FundingShape-amount"], None),
        (
            EX["bad-funding-in-euros"],
            VSG.currency,
            _literal("euros"),
            V,
            VSGSH.CurrencyCodeShape,
            VSGSH["CurrencyCodeShape-iso4217"],
        ),
        (EX["bad-funding-without-period"], VSG.forPeriod, None, V, VSGSH["FundingShape-forPeriod"], None),
        (EX["bad-team-cost-without-rate"], VSG.costPerPerson, None, V, VSGSH["TeamCostShape-costPerPerson"], None),
        (EX["bad-direct-cost-of-nothing"], VSG.chargedTo, None, V, VSGSH["CostShape-chargedTo"], None),
        (
            EX["bad-allocation-over-all"],
            VSG.allocatesShare,
            _literal("150", XSD.integer),
            V,
            VSGSH.CapacitySharesShape,
            VSGSH["CapacitySharesShape-atMostAll"],
        ),
        (
            EX["bad-allocation-twice-debt"],
            VSG.allocatesShare,
            VSG.DebtItem,
            V,
            VSGSH.CapacitySharesShape,
            VSGSH["CapacitySharesShape-oneSharePerType"],
        ),
        (EX["bad-share-of-stories"], VSG.shareOfItemType, EX.stories, V, VSGSH["CapacityShareShape-shareOfItemType"], None),
        (
            EX["bad-share-of-stories"],
            VSG.sharePercent,
            _literal("101", XSD.integer),
            V,
            VSGSH["CapacityShareShape-sharePercent"],
            None,
        ),
        (EX["bad-limit-without-amount"], VSG.amount, None, V, VSGSH["SpendingLimitShape-amount"], None),
        (EX["bad-delay-without-currency"], VSG.currency, None, V, VSGSH["CostOfDelayShape-currency"], None),
        (EX["bad-team-without-headcount"], VSG.headcount, None, W, VSGSH["CostedTeamShape-headcount"], None),
    }
    assert BUDGET_SHAPES == _reporting_budget_shapes()
    good = {EX.good, EX["good-1"], EX["good-2"], EX["good-reading"], EX["good-person"], EX.period}
    assert not {f.focus_node for f in report.findings if f.source_shape in BUDGET_SHAPES} & good


def test_the_budget_fixture_breaks_only_the_headcount_recommendation() -> None:
    report = vsgraph.validate(vsgraph.load(BUDGET))
    budget_findings = {(f.focus_node, f.severity) for f in report.findings if f.source_shape in BUDGET_SHAPES}
    assert budget_findings == {(Namespace("https://example.org/budget/")["ghost-team"], W)}


MEASURABLE = """
@prefix ex: <https://example.org/test/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix vsg: <https://w3id.org/vsgraph#> .
ex:stream a vsg:OperationalValueStream .
ex:apply a vsg:JourneyStage .
ex:approve a vsg:ValueStreamStage .
ex:step a vsg:Step .
ex:train a vsg:AgileReleaseTrain .
ex:app a vsg:Solution .
ex:lending a vsg:Capability .
ex:objective a vsg:Objective .
ex:good a vsg:Metric ; vsg:measures ex:stream , ex:apply , ex:approve , ex:step , ex:train , ex:app , ex:lending .
ex:bad-objective a vsg:Metric ; vsg:measures ex:objective .
ex:bad-nothing a vsg:Metric .
"""


@pytest.mark.parametrize("validator", ["sparql", "pyshacl"])
def test_a_metric_may_measure_any_measurable_thing_and_nothing_else(validator: str, tmp_path: Path) -> None:
    path = tmp_path / "measurable.ttl"
    path.write_text(MEASURABLE, encoding="utf-8")
    report = vsgraph.validate(vsgraph.load(path), validator=validator)
    shape = VSGSH["MetricShape-measures"]
    assert {_key(f) for f in report.findings if f.source_shape == shape} == {
        (EX["bad-objective"], VSG.measures, EX.objective, V, shape, None),
        (EX["bad-nothing"], VSG.measures, None, V, shape, None),
    }
    message = next(f.message for f in report.findings if f.source_shape == shape)
    assert "a value stream, a stage of a stream or of a journey, a step, a team, a solution or a capability" in message


def _reporting_budget_shapes() -> set[URIRef]:
    """The named shapes of the budget rules without property shapes of their own."""
    graph = Graph()
    for name in ("vsgraph-shapes.ttl", "vsgraph-recommended.ttl"):
        graph.parse(resource_dir("shapes") / name)
    budget = (
        "BudgetPeriod",
        "BudgetPeriodOrder",
        "Funding",
        "CurrencyCode",
        "Cost",
        "TeamCost",
        "DirectCost",
        "Guardrail",
        "SpendingLimit",
        "CapacityAllocation",
        "CapacityShares",
        "CapacityShare",
        "CostOfDelay",
        "CostedTeam",
    )
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return {
        shape
        for shape in shapes
        if isinstance(shape, URIRef)
        and str(shape).removeprefix(str(VSGSH)).split("-")[0] in {f"{kind}Shape" for kind in budget}
        and graph.value(shape, SH.property) is None
    }
