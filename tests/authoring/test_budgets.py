"""Lean budgets in the authoring formats: YAML, workbooks, CSV folders and the builder write
the statements of the budget module, and the budget questions agree with the Turtle fixture.

tests/data/authoring/budget.yaml writes tests/data/budget/budget.ttl by hand (its totals
worked out in tests/query_catalog/test_budget.py); only the capacity shares' IRIs differ,
since the writer mints them from their allocation.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

import vsgraph
from tests.support.answers import ENGINES, answer
from tests.support.paths import DATA
from vsgraph.authoring import PortfolioBuilder, dump_yaml, read_portfolio, read_yaml, write_workbook
from vsgraph.errors import AuthoringError
from vsgraph.resources import resource_dir
from vsgraph.vocabulary.namespace import VSG

BUD = "https://example.org/budget/"
BUDGET_YAML = DATA / "authoring" / "budget.yaml"
BUDGET_TTL = DATA / "budget" / "budget.ttl"
QUESTIONS = ("spend-vs-budget", "capacity-allocation", "cost-of-delay")
#: The classes of the budget module's records.
RECORDS = (VSG.BudgetPeriod, VSG.Funding, VSG.TeamCost, VSG.DirectCost, VSG.SpendingLimit, VSG.CapacityAllocation)


def budget_statements(graph: Graph) -> set[tuple]:
    """The statements of the budget module: its records', each capacity share as its
    allocation, type and percentage (share IRIs differ), and the streams' cost of delay.
    Numbers compare by value: the fixture writes ``1000000`` (xsd:integer), the formats an
    xsd:decimal, as the ontology's ranges say."""

    def value(term):
        return Decimal(str(term)) if isinstance(term, Literal) and term.datatype in (XSD.integer, XSD.decimal) else term

    records = {s for cls in RECORDS for s in graph.subjects(RDF.type, cls)}
    statements = {(s, p, value(o)) for s, p, o in graph if s in records and p != VSG.allocatesShare}
    statements |= {
        (allocation, graph.value(share, VSG.shareOfItemType), value(graph.value(share, VSG.sharePercent)))
        for allocation, share in graph.subject_objects(VSG.allocatesShare)
    }
    for predicate in (VSG.costOfDelayPerWeek, VSG.currency):
        statements |= {
            (s, predicate, value(o)) for s, o in graph.subject_objects(predicate) if (s, RDF.type, VSG.Step) not in graph
        }
    return statements


def line(path: Path, text: str) -> int:
    return next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in row)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "budget.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the fixture's statements and answers ------------------------------------------------------


def test_the_yaml_gives_the_budget_statements_of_the_turtle_fixture():
    written = budget_statements(vsgraph.load(BUDGET_YAML).graph)
    fixture = budget_statements(vsgraph.load(BUDGET_TTL).graph)
    assert written == fixture
    # Not agreeing on nothing: 2 periods, 5 fundings, 3 team costs, 4 direct costs,
    # 2 limits and 2 allocations (6 shares), 2 streams with a cost of delay.
    assert len({s for s, p, _ in written if p == RDF.type}) == 18
    assert (URIRef(BUD + "checkout"), VSG.currency, Literal("EUR")) in written  # written eur


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("question", QUESTIONS)
def test_the_budget_questions_answer_the_yaml_as_the_fixture(engine, question):
    assert answer(BUDGET_YAML, engine, question) == answer(BUDGET_TTL, engine, question)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_yaml_answers_are_the_hand_figures(engine):
    """The figures of tests/query_catalog/test_budget.py, so that agreeing is not agreeing
    on nothing: the till platform is over its limit, check-out's risks above their share."""
    spend = {row[:3]: row[3:] for row in answer(BUDGET_YAML, engine, "spend-vs-budget")}
    assert spend[("tills", "h1", "EUR")] == (500000, 520000, -20000, Decimal(104), 510000, True)
    assert spend[("checkout", "h1", "EUR")][:2] == (1200000, Decimal("299999.50"))
    allocation = answer(BUDGET_YAML, engine, "capacity-allocation")
    assert ("checkout-h1-allocation", "checkout", "h1", "RiskItem", 4, 1, Decimal(25), 5, Decimal(20)) in allocation
    assert answer(BUDGET_YAML, engine, "cost-of-delay")[0] == ("checkout", 12000, "EUR", 15120, Decimal("1.5"), Decimal(18000))


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_cli_answers_the_yaml_as_the_fixture(run_cli, question):
    from_yaml = run_cli("query", question, BUDGET_YAML, "--format", "json")
    from_turtle = run_cli("query", question, BUDGET_TTL, "--format", "json")
    assert from_yaml.exit_code == 0, from_yaml.output
    assert json.loads(from_yaml.output) == json.loads(from_turtle.output) != []


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["budget.xlsx", "budget"])
def test_yaml_to_a_workbook_or_csv_folder_and_back_keeps_every_statement(tmp_path, target):
    original = vsgraph.load(BUDGET_YAML)
    result = original.export(tmp_path / target, format=None if target.endswith(".xlsx") else "csv")
    assert result.left_out == 0
    back = tmp_path / "back.yaml"
    vsgraph.load(tmp_path / target).export(back)
    assert isomorphic(vsgraph.load(back).graph, original.graph)


def test_the_csv_folder_has_a_column_per_share_and_periods_as_dates(tmp_path):
    vsgraph.load(BUDGET_YAML).export(tmp_path / "budget", format="csv")
    allocations = (tmp_path / "budget" / "capacity_allocations.csv").read_text(encoding="utf-8").splitlines()
    assert allocations == ["value_stream,period,feature,defect,risk,debt,id", "checkout,h1,60,20,5,15,", "tills,h1,70,,,30,"]
    periods = (tmp_path / "budget" / "budget_periods.csv").read_text(encoding="utf-8").splitlines()
    assert periods[1] == "h1,First half of 2026,2026-01-01,2026-07-01"


def test_read_portfolio_leaves_out_the_ids_the_writer_mints():
    model = read_portfolio(vsgraph.load(BUDGET_YAML))
    assert [(limit.id, limit.value_stream, limit.amount) for limit in model.spending_limits] == [
        (None, "checkout", Decimal(1100000)),
        (None, "tills", Decimal(510000)),
    ]
    assert [f.id for f in model.fundings] == [
        "checkout-h1-extra",
        "checkout-h1-main",
        "checkout-h2",
        "tills-h1",
        "tills-h1-dollars",
    ]
    assert model.capacity_allocations[1].shares == {"feature": Decimal(70), "debt": Decimal(30)}
    assert model.budget_periods[0].end == datetime(2026, 7, 1, tzinfo=UTC)
    checkout = next(s for s in model.value_streams if s.id == "checkout")
    assert (checkout.cost_of_delay_per_week, checkout.currency) == (Decimal(12000), "EUR")
    written = yaml.safe_load(dump_yaml(model))
    assert written["budget_periods"][0] == {
        "id": "h1",
        "name": "First half of 2026",
        "start": date(2026, 1, 1),
        "end": date(2026, 7, 1),
    }
    assert written["capacity_allocations"][0]["shares"] == {"feature": 60, "defect": 20, "risk": 5, "debt": 15}


# --- the builder, statement by statement -----------------------------------------------------


def test_the_builder_writes_the_budget_vocabulary():
    b = PortfolioBuilder(base=BUD)
    b.team("web-team", "Web team", headcount=4)
    b.operational_value_stream("checkout", "Check-out", cost_of_delay_per_week=12000, currency="eur")
    b.budget_period("h1", "First half of 2026", date(2026, 1, 1), date(2026, 7, 1))
    b.funding("checkout", "h1", 1_000_000, "EUR")
    b.funding("checkout", "h1", "200000.00", "EUR", id="checkout-h1-extra")
    b.team_cost("web-team", "checkout", "h1", 50000.50, "EUR")
    b.direct_cost("checkout", "h1", 80000, "EUR", name="Till licences")
    b.spending_limit("checkout", "h1", 1_100_000, "Eur")
    b.capacity_allocation("checkout", "h1", {"feature": 60, "debt": "15"})
    graph = b.graph()

    def node(id_):
        return URIRef(BUD + id_)

    def number(text):
        return Literal(text, datatype=XSD.decimal)

    def at(text):
        return Literal(text, datatype=XSD.dateTime, normalize=False)

    checkout, h1, eur = node("checkout"), node("h1"), Literal("EUR")
    allocation = node("checkout-h1-allocation")
    expected = {
        (checkout, VSG.costOfDelayPerWeek, number("12000")),
        (checkout, VSG.currency, eur),
        (h1, RDF.type, VSG.BudgetPeriod),
        (h1, RDFS.label, Literal("First half of 2026", lang="en")),
        (h1, VSG.periodStart, at("2026-01-01T00:00:00Z")),
        (h1, VSG.periodEnd, at("2026-07-01T00:00:00Z")),
    }
    for id_, amount in (("checkout-h1-funding", "1000000"), ("checkout-h1-extra", "200000")):
        expected |= {
            (node(id_), RDF.type, VSG.Funding),
            (node(id_), VSG.fundsValueStream, checkout),
            (node(id_), VSG.forPeriod, h1),
            (node(id_), VSG.amount, number(amount)),
            (node(id_), VSG.currency, eur),
        }
    team_cost, direct_cost, limit = node("checkout-h1-web-team-cost"), node("checkout-h1-cost"), node("checkout-h1-limit")
    expected |= {
        (team_cost, RDF.type, VSG.TeamCost),
        (team_cost, VSG.costOfTeam, node("web-team")),
        (team_cost, VSG.chargedTo, checkout),
        (team_cost, VSG.forPeriod, h1),
        (team_cost, VSG.costPerPerson, number("50000.5")),
        (team_cost, VSG.currency, eur),
        (direct_cost, RDF.type, VSG.DirectCost),
        (direct_cost, RDFS.label, Literal("Till licences", lang="en")),
        (direct_cost, VSG.chargedTo, checkout),
        (direct_cost, VSG.forPeriod, h1),
        (direct_cost, VSG.amount, number("80000")),
        (direct_cost, VSG.currency, eur),
        (limit, RDF.type, VSG.SpendingLimit),
        (limit, VSG.guardsValueStream, checkout),
        (limit, VSG.forPeriod, h1),
        (limit, VSG.amount, number("1100000")),
        (limit, VSG.currency, eur),
        (allocation, RDF.type, VSG.CapacityAllocation),
        (allocation, VSG.guardsValueStream, checkout),
        (allocation, VSG.forPeriod, h1),
    }
    for item_type, cls, percent in (("feature", VSG.FeatureItem, "60"), ("debt", VSG.DebtItem, "15")):
        share = node(f"checkout-h1-allocation-{item_type}")
        expected |= {
            (allocation, VSG.allocatesShare, share),
            (share, RDF.type, VSG.CapacityShare),
            (share, VSG.shareOfItemType, cls),
            (share, VSG.sharePercent, number(percent)),
        }
    budget = {RDF.type, RDFS.label, *(p for p, _ in {(p, o) for _, p, o in expected})}
    nodes = {s for s, _, _ in expected}
    assert {(s, p, o) for s, p, o in graph if s in nodes and p in budget} - {
        (checkout, RDF.type, VSG.OperationalValueStream),
        (checkout, RDFS.label, Literal("Check-out", lang="en")),
    } == expected


def test_the_builder_refuses_a_cost_of_delay_without_a_currency():
    b = PortfolioBuilder(base=BUD)
    b.development_value_stream("tills", "Till platform", cost_of_delay_per_week=2500)
    with pytest.raises(AuthoringError, match="value stream 'tills' states a cost of delay per week but no 'currency'"):
        b.graph()


# --- bad input, located ------------------------------------------------------------------------

HEAD = """base: https://example.org/budget/
teams:
- {id: web-team, name: Web team, headcount: 4}
value_streams:
- {id: checkout, name: Check-out, kind: operational}
budget_periods:
- {id: h1, name: First half of 2026, start: 2026-01-01, end: 2026-07-01}
"""


@pytest.mark.parametrize(
    ("tail", "marker", "message"),
    [
        (
            "fundings:\n- {value_stream: checkout, period: h3, amount: 1, currency: EUR}\n",
            "period: h3",
            "key 'period': unknown budget period id 'h3' in a funding",
        ),
        (
            "spending_limits:\n- {value_stream: checkuot, period: h1, amount: 1, currency: EUR}\n",
            "checkuot",
            "key 'value_stream': unknown value stream id 'checkuot' in a spending limit",
        ),
        (
            "team_costs:\n- {team: web-tema, value_stream: checkout, period: h1, cost_per_person: 1, currency: EUR}\n",
            "web-tema",
            "key 'team': unknown team id 'web-tema' in a team cost",
        ),
        (
            "direct_costs:\n- {value_stream: checkout, period: h1, amount: 1, currency: EURO}\n",
            "EURO",
            "key 'currency': the currency of a direct cost must be an ISO 4217 currency code, three letters such as EUR, "
            "not 'EURO'",
        ),
        (
            "fundings:\n- value_stream: checkout\n  period: h1\n  amount: 1\n  currency: '€'\n",
            "currency: '€'",
            "must be an ISO 4217 currency code, three letters such as EUR, not '€'",
        ),
        (
            "capacity_allocations:\n- value_stream: checkout\n  period: h1\n  shares: {feature: 60, defect: 30, debt: 15}\n",
            "shares:",
            "key 'shares': the shares of capacity allocation 'checkout-h1-allocation' add up to 105 percent: "
            "together they can give at most 100",
        ),
        (
            "capacity_allocations:\n- value_stream: checkout\n  period: h1\n  shares:\n    feature: 120\n",
            "feature: 120",
            "key 'feature': the feature share of capacity allocation 'checkout-h1-allocation' must be between 0 and 100, not 120",
        ),
        (
            "capacity_allocations:\n- value_stream: checkout\n  period: h1\n  shares:\n    feature: 60\n    bugs: 10\n",
            "bugs: 10",
            "key 'bugs': a flow item type of a capacity allocation's shares must be one of feature, defect, risk, debt, "
            "not 'bugs'",
        ),
        (
            "capacity_allocations:\n- value_stream: checkout\n  period: h1\n  shares:\n    feature: 60\n    Feature: 10\n",
            "Feature: 10",
            "key 'Feature': the capacity allocation gives feature two shares: give each flow item type one share",
        ),
        (
            "capacity_allocations:\n- {value_stream: checkout, period: h1}\n",
            "- {value_stream: checkout, period: h1}",
            "capacity allocation 'checkout-h1-allocation' gives no flow item type a share",
        ),
        (
            "fundings:\n- {value_stream: checkout, period: h1, amount: 1, currency: EUR}\n"
            "- {value_stream: checkout, period: h1, amount: 2, currency: EUR}\n",
            "amount: 2",
            "value stream 'checkout' has two fundings for 'h1' without an id; give one of them an id",
        ),
        (
            "fundings:\n- {value_stream: checkout, period: h1, amount: 1}\n",
            "amount: 1}",
            "missing 'currency' for a funding",
        ),
    ],
    ids=[
        "unknown-period",
        "unknown-stream",
        "unknown-team",
        "currency-of-four-letters",
        "currency-sign",
        "shares-above-100",
        "share-above-100",
        "unknown-type",
        "type-twice",
        "no-shares",
        "two-default-ids",
        "no-currency",
    ],
)
def test_bad_budgets_name_the_line(tmp_path, tail, marker, message):
    path = write(tmp_path, HEAD + tail)
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(path)
    assert message in str(caught.value)
    assert caught.value.line == line(path, marker)


def test_a_cost_of_delay_without_a_currency_names_its_line(tmp_path):
    path = write(tmp_path, HEAD.replace("kind: operational}", "kind: operational, cost_of_delay_per_week: 100}"))
    with pytest.raises(
        AuthoringError, match="value stream 'checkout' states a cost of delay per week but no 'currency'"
    ) as caught:
        vsgraph.load(path)
    assert caught.value.line == line(path, "cost_of_delay_per_week")


def test_currency_codes_take_any_case_and_are_written_in_capitals(tmp_path):
    path = write(tmp_path, HEAD + "fundings:\n- {value_stream: checkout, period: h1, amount: 1, currency: ' usd '}\n")
    assert set(vsgraph.load(path).graph.objects(None, VSG.currency)) == {Literal("USD")}


def test_a_workbook_error_names_the_sheet_and_cell(tmp_path):
    workbook = tmp_path / "budget.xlsx"
    write_workbook(read_yaml(BUDGET_YAML), workbook)
    book = openpyxl.load_workbook(workbook)
    header = [cell.value for cell in book["fundings"][1]]
    assert header == ["value_stream", "period", "amount", "currency", "id"]
    book["fundings"]["D3"] = "euros"
    book["capacity_allocations"]["C2"] = 90  # feature 90 + defect 20 + risk 5 + debt 15
    book.save(workbook)
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(workbook)
    assert "sheet 'fundings', row 3, column D (currency)" in str(caught.value)
    assert "not 'euros'" in str(caught.value)
    book["fundings"]["D3"] = "EUR"
    book.save(workbook)
    with pytest.raises(AuthoringError, match=r"sheet 'capacity_allocations', row 2: the shares of .* add up to 130 percent"):
        vsgraph.load(workbook)


# --- validation findings in the author's words -----------------------------------------------


def test_findings_about_budgets_name_the_key_and_the_line(run_cli, tmp_path):
    text = BUDGET_YAML.read_text(encoding="utf-8")
    text = text.replace("period: h2, amount: 900000", "period: h2, amount: -900000")
    text = text.replace("start: 2026-07-01, end: 2027-01-01", "start: 2026-07-01, end: 2026-06-01")
    path = write(tmp_path, text)
    result = run_cli("validate", "--format", "json", path)
    findings = {(f["focusNode"], f["field"]): f for f in json.loads(result.output)["findings"]}
    amount = findings[(BUD + "checkout-h2", "amount")]
    assert (amount["severity"], amount["source"]) == ("violation", {"file": str(path), "line": line(path, "-900000")})
    end = findings[(BUD + "h2", "end")]
    assert (end["severity"], end["source"]) == ("violation", {"file": str(path), "line": line(path, "end: 2026-06-01")})
    headcount = findings[(BUD + "ghost-team", "headcount")]  # rule 40: a warning only
    assert (headcount["severity"], headcount["source"]["line"]) == ("warning", line(path, "id: ghost-team"))


def test_a_finding_about_a_workbook_budget_names_the_cell(tmp_path):
    workbook = tmp_path / "budget.xlsx"
    write_workbook(read_yaml(BUDGET_YAML), workbook)
    book = openpyxl.load_workbook(workbook)
    rows = [[cell.value for cell in row] for row in book["spending_limits"].iter_rows()]
    assert rows[1][:2] == ["checkout", "h1"]
    book["spending_limits"]["C2"] = -1
    book.save(workbook)
    report = vsgraph.validate(vsgraph.load(workbook))
    finding = next(f for f in report.findings if f.focus_node == URIRef(BUD + "checkout-h1-limit"))
    assert (finding.field, str(finding.source)) == ("amount", f"{workbook} spending_limits!C2")


# --- the template and the schema ---------------------------------------------------------------


def test_the_template_has_the_budget_sheets_with_their_dropdowns_and_notes(run_cli, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    assert run_cli("template", "--to", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    for sheet in ("budget_periods", "fundings", "team_costs", "direct_costs", "spending_limits", "capacity_allocations"):
        assert sheet in book.sheetnames

    def validations(sheet):
        return {
            book[sheet].cell(row=1, column=next(iter(rule.sqref.ranges)).min_col).value: rule
            for rule in book[sheet].data_validations.dataValidation
        }

    fundings = validations("fundings")
    assert (fundings["period"].formula1, fundings["period"].showErrorMessage) == ("budget_periods!$A$2:$A$1048576", True)
    assert (fundings["value_stream"].formula1, fundings["value_stream"].showErrorMessage) == (
        "value_streams!$A$2:$A$1048576",
        True,
    )
    assert "ISO 4217" in book["fundings"]["D1"].comment.text
    allocations = book["capacity_allocations"]
    assert [cell.value for cell in allocations[1]] == ["value_stream", "period", "feature", "defect", "risk", "debt", "id"]
    assert "the shares of a row add up to 100 at most" in allocations["C1"].comment.text


def test_the_json_schema_accepts_the_budgets_as_written_and_refuses_a_bad_currency():
    schema = json.loads((resource_dir("schemas") / "portfolio.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    written = dump_yaml(read_portfolio(vsgraph.load(BUDGET_YAML)))
    document = json.loads(json.dumps(yaml.safe_load(written), default=str))
    assert list(validator.iter_errors(document)) == []
    document["fundings"][0]["currency"] = "EURO"
    document["capacity_allocations"][0]["shares"]["bugs"] = 10
    assert sorted(e.message for e in validator.iter_errors(document)) == [
        "'EURO' does not match '^\\\\s*[A-Za-z]{3}\\\\s*$'",
        "Additional properties are not allowed ('bugs' was unexpected)",
    ]
