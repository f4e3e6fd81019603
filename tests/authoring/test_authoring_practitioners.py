"""The practitioners' model through every authoring format: capabilities, value-stream stages,
platforms, streams that feed each other, parallel steps and rework, roles, teams of teams,
channels.

``tests/data/authoring/practitioners.yaml`` is the small bank of
``tests/data/queries/practitioners.ttl`` written in YAML, so the tests can hold the two to
each other: the same triples, the same answers to the catalog's questions (whose answers on
the Turtle bank ``test_practitioner_queries.py`` works out by hand). Workbooks, CSV folders
and the Python API are held to the YAML; bad input is refused at its line or cell.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

import vsgraph
from tests.support.answers import answer, local
from tests.support.paths import DATA as TEST_DATA
from tests.support.paths import ROOT
from vsgraph.authoring import (
    Membership,
    PortfolioBuilder,
    Step,
    ValueStreamStage,
    dump_yaml,
    read_portfolio,
    read_workbook,
    read_yaml,
    write_csv_folder,
    write_workbook,
)
from vsgraph.authoring.fields import KINDS, SHARE_KEYS, STREAM_EXTRAS
from vsgraph.authoring.spreadsheet import SHEETS
from vsgraph.authoring.vocabulary import channels, roles
from vsgraph.errors import AuthoringError
from vsgraph.query_catalog.queries import run_query
from vsgraph.resources import resource_dir
from vsgraph.vocabulary.namespace import VSG

DATA = TEST_DATA
BANK_YAML = DATA / "authoring" / "practitioners.yaml"
BANK_TTL = DATA / "queries" / "practitioners.ttl"
SCHEMA = resource_dir("schemas") / "portfolio.schema.json"
DOCS = ROOT / "docs" / "yaml-format.md"
#: Predicates the Turtle bank writes as integers and the authoring formats as decimals.
DECIMALS = (VSG.processTimeMinutes, VSG.waitTimeMinutes, VSG.reworkPercent, VSG.measuredLeadTimeMinutes)


def as_the_format_writes_it(graph: Graph) -> Graph:
    """``graph`` with the ids the authoring formats mint for triggers, values and value items,
    and minutes and percentages as decimals."""
    renamed = {}
    for predicate, suffix in ((VSG.hasTrigger, "trigger"), (VSG.deliversValue, "value"), (VSG.producesValueItem, "value")):
        for thing, part in graph.subject_objects(predicate):
            renamed[part] = URIRef(f"{thing}-{suffix}")
    result = Graph()
    for s, p, o in graph:
        if p in DECIMALS:
            o = Literal(str(o), datatype=XSD.decimal)
        result.add((renamed.get(s, s), p, renamed.get(o, o)))
    return result


@pytest.fixture(scope="module")
def bank() -> vsgraph.Portfolio:
    return vsgraph.load(BANK_YAML)


# --- YAML: the same bank as the Turtle fixture ---------------------------------------------


def test_the_yaml_bank_holds_the_triples_of_the_turtle_bank(bank: vsgraph.Portfolio) -> None:
    assert isomorphic(bank.graph, as_the_format_writes_it(vsgraph.load(BANK_TTL).graph))


QUESTIONS = [
    ("capability-map", {}),
    ("stream-connections", {}),
    ("role-holders", {}),
    ("teams-of-teams", {}),
    ("unrealised-capabilities", {}),
    ("steps-without-journey-stage", {}),
    ("streams-without-owner", {}),
    ("designed-flow-time", {}),
    ("end-to-end-flow", {"stream": "loan-origination"}),
    ("retirement-impact", {"developmentStream": "hosting-platform"}),
    ("value-chain", {}),
    ("customer-trace", {"customer": "borrower"}),
    ("orphan-solutions", {}),
]


@pytest.mark.parametrize(("question", "params"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_the_yaml_bank_answers_as_the_turtle_bank(question: str, params: dict[str, str]) -> None:
    expected = answer(BANK_TTL, "oxigraph", question, keep_labels=True, **params)
    assert expected, "a question the bank leaves unanswered tests nothing"
    assert answer(BANK_YAML, "oxigraph", question, keep_labels=True, **params) == expected


def test_value_stream_stages_of_the_yaml_bank() -> None:
    # (position, stage, aspect, detail): every key of a stage, and the steps carrying it out.
    assert answer(BANK_YAML, "oxigraph", "value-stream-stages", stream="loan-origination") == [
        (1, "stage-apply", "entranceCriterion", "The borrower asks for a loan"),
        (1, "stage-apply", "exitCriterion", "The application is complete"),
        (1, "stage-apply", "producesValueItem", "stage-apply-value"),
        (1, "stage-apply", "hasStakeholder", "borrower"),
        (1, "stage-apply", "hasStakeholder", "credit-team"),
        (1, "stage-apply", "servesJourneyStage", "apply"),
        (1, "stage-apply", "requiresCapability", "customer-onboarding"),
        (1, "stage-apply", "carriesOutValueStreamStage", "origination-step-1"),
        (2, "stage-decide", "exitCriterion", "The credit decision is recorded"),
        (2, "stage-decide", "producesValueItem", "stage-decide-value"),
        (2, "stage-decide", "hasStakeholder", "underwriter"),
        (2, "stage-decide", "servesJourneyStage", "get-decision"),
        (2, "stage-decide", "requiresCapability", "credit-risk-assessment"),
        (2, "stage-decide", "carriesOutValueStreamStage", "origination-step-2"),
        (2, "stage-decide", "carriesOutValueStreamStage", "origination-step-3"),
        (3, "stage-fund", "requiresCapability", "payments"),
        (3, "stage-fund", "carriesOutValueStreamStage", "origination-step-4"),
    ]


def test_the_cli_answers_from_the_yaml_bank(run_cli) -> None:
    result = run_cli("query", "teams-of-teams", BANK_YAML, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(row["trainLabel"], row["headcount"], row["teamLabel"]) for row in json.loads(result.output)] == [
        ("Planned solution train", None, None),
        ("Lending ART", 19, "Credit team"),
        ("Lending ART", 19, "Servicing team"),
    ]


def test_the_yaml_bank_follows_the_json_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load(BANK_YAML.read_text(encoding="utf-8")))) == []
    wrong = {"base": "https://example.org/", "teams": [{"id": "t", "name": "T", "kind": "tribe"}]}
    assert [e.message for e in validator.iter_errors(wrong)] == [
        "'tribe' is not one of ['team', 'team-of-teams', 'agile-release-train', 'solution-train']"
    ]


#: The JSON Schema definition of each kind of thing the readers know.
DEFINITIONS = {
    "organisation": "named",
    "team": "team",
    "person": "person",
    "membership": "membership",
    "role": "role",
    "channel": "named",
    "capability": "capability",
    "customer": "customer",
    "journey": "journey",
    "stage": "stage",
    "process": "realiser",
    "offering": "named",
    "solution": "realiser",
    "value stream": "value_stream",
    "value-stream stage": "value_stream_stage",
    "interaction": "interaction",
    "step": "step",
    "theme": "named",
    "objective": "objective",
    "key result": "key_result",
    "initiative": "initiative",
    "metric": "metric",
    "reading": "reading",
    "work item": "work_item",
    "state change": "state_change",
    "PI objective": "pi_objective",
    "budget period": "budget_period",
    "funding": "funding",
    "team cost": "team_cost",
    "direct cost": "direct_cost",
    "spending limit": "spending_limit",
    "capacity allocation": "capacity_allocation",
}


def test_the_schema_and_the_docs_know_every_key_the_readers_do() -> None:
    definitions = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    docs = DOCS.read_text(encoding="utf-8")
    assert set(DEFINITIONS) == set(KINDS)
    for kind, (_, converters, _) in KINDS.items():
        keys = [key for key in converters if not (kind == "offering" and key == "kind")]
        if kind == "value stream":
            keys += [*STREAM_EXTRAS, "value_stream_stages", "interactions", "steps"]
        if kind == "work item":
            keys.append("history")
        if kind == "capacity allocation":
            keys.append("shares")
        for key in keys:
            assert key in definitions[DEFINITIONS[kind]]["properties"], (kind, key)
            assert f"`{key}`" in docs, (kind, key)
    for sheet in SHEETS:
        assert f"`{sheet}`" in docs, sheet
    shares = definitions["capacity_allocation"]["properties"]["shares"]["properties"]
    for item_type in SHARE_KEYS:  # keys of a YAML allocation's shares, columns of its sheet
        assert item_type in shares and f"`{item_type}`" in docs, item_type


def test_the_schema_and_the_docs_name_every_role_and_channel_of_the_ontology() -> None:
    schema, docs = SCHEMA.read_text(encoding="utf-8"), DOCS.read_text(encoding="utf-8")
    for word in [*roles(), *channels()]:
        assert word in schema and f"`{word}`" in docs, word
    assert len(roles()) == 8 and len(channels()) == 6


# --- Reading graphs back, and the YAML written from them ------------------------------------


def test_the_turtle_bank_read_back_and_written_as_yaml_is_the_yaml_bank(bank: vsgraph.Portfolio, tmp_path: Path) -> None:
    model = read_portfolio(vsgraph.load(BANK_TTL))
    lending_art = next(team for team in model.teams if team.id == "lending-art")
    assert (lending_art.kind, lending_art.headcount) == ("agile-release-train", 19)
    ana = next(person for person in model.people if person.id == "ana")
    assert [(m.role, m.held_in) for m in ana.memberships] == [("value-stream-owner", None), ("underwriter", "credit-team")]
    path = tmp_path / "bank.yaml"
    path.write_text(dump_yaml(model), encoding="utf-8")
    assert isomorphic(vsgraph.load(path).graph, bank.graph)


# --- Spreadsheets -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_workbook_and_a_csv_folder_hold_the_yaml_bank(bank: vsgraph.Portfolio, tmp_path: Path, kind: str) -> None:
    model = read_yaml(BANK_YAML)
    target = tmp_path / ("bank.xlsx" if kind == "xlsx" else "bank")
    (write_workbook if kind == "xlsx" else write_csv_folder)(model, target)
    loaded = vsgraph.load(target)
    assert isomorphic(loaded.graph, bank.graph)
    assert answer(target, "oxigraph", "role-holders") == answer(BANK_YAML, "oxigraph", "role-holders")


def test_the_csv_folder_has_the_new_sheets_and_columns(tmp_path: Path) -> None:
    write_csv_folder(read_yaml(BANK_YAML), tmp_path)
    headers = {
        sheet: (tmp_path / f"{sheet}.csv").read_text(encoding="utf-8").splitlines()[0]
        for sheet in ("memberships", "value_stream_stages", "capabilities", "teams")
    }
    assert headers == {
        "memberships": "person,role,held_in,id",
        "value_stream_stages": "value_stream,name,entrance_criteria,exit_criteria,value_item,stakeholders,"
        "serves,requires,position,id",
        "capabilities": "id,name,description,level,parent",
        "teams": "id,name,unit_of,kind,headcount",
    }


def write_csv(folder: Path, tables: dict[str, list[list[object]]]) -> Path:
    """A CSV folder holding ``tables`` (sheet -> rows, header first)."""
    folder.mkdir(exist_ok=True)
    for sheet, rows in tables.items():
        with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


#: A small shop in CSV files, written by hand, with every new sheet and column.
SHOP_CSV = {
    "portfolio": [["base"], ["https://example.org/shop/"]],
    "organisation": [["id", "name"], ["shop", "Shop"]],
    "teams": [
        ["id", "name", "unit_of", "kind", "headcount"],
        ["shop-art", "Shop ART", "", "agile-release-train", "9"],
        ["tills", "Till team", "shop-art", "", "4"],
        ["cashiers", "Cashiers", "", "", ""],
    ],
    "people": [["id", "name"], ["ann", "Ann"]],
    "memberships": [["person", "role", "held_in"], ["ann", "value-stream-owner", ""], ["ann", "till-keeper", "cashiers"]],
    "roles": [["id", "name", "description"], ["till-keeper", "Till keeper", "Keeps the tills running"]],
    "customers": [["id", "name"], ["shopper", "Shopper"]],
    "journeys": [["id", "name", "customer"], ["shopping", "Shopping", "shopper"]],
    "stages": [["journey", "id", "name"], ["shopping", "pay-up", "Pay"]],
    "channels": [["id", "name"], ["kiosk", "Kiosk"]],
    "capabilities": [
        ["id", "name", "level", "parent"],
        ["selling", "Selling", "1", ""],
        ["payments", "Payments", "2", "selling"],
    ],
    "processes": [["id", "name", "realises"], ["tilling", "Tilling", "payments"]],
    "value_streams": [
        [
            "id",
            "name",
            "kind",
            "trigger",
            "value",
            "delivered_to",
            "owner",
            "hands_over_to",
            "triggers_stream",
            "realises",
            "measured_lead_time",
            "supports",
        ],
        ["restock", "Restock", "operational", "Stock runs low", "Full shelves", "shopper", "", "checkout", "", "", "", ""],
        ["checkout", "Check-out", "operational", "A full basket", "Paid", "shopper", "ann", "", "restock", "selling", "2h", ""],
        [
            "tills-platform",
            "Till platform",
            "development",
            "A till change",
            "Working tills",
            "checkout",
            "shop-art",
            "",
            "",
            "",
            "",
            "checkout",
        ],
    ],
    "value_stream_stages": [
        ["value_stream", "id", "name", "entrance_criteria", "exit_criteria", "value_item", "stakeholders", "serves", "requires"],
        [
            "checkout",
            "ring-up",
            "Ring up",
            "A basket, full\nA till, open",
            "Priced",
            "A priced basket",
            "shopper, till-keeper, team-coach",
            "pay-up",
            "payments",
        ],
    ],
    "interactions": [
        ["value_stream", "id", "name", "kind", "customer", "channels"],
        ["checkout", "till", "At the till", "service", "shopper", "branch, kiosk"],
    ],
    "steps": [
        ["value_stream", "name", "team", "carries_out", "serves", "preceded_by", "rework_percent", "sends_rework_to"],
        ["checkout", "Scan", "cashiers", "ring-up", "", "", "", ""],
        ["checkout", "Bag", "cashiers", "ring-up", "", "", "", ""],
        ["checkout", "Pay", "cashiers", "", "pay-up", "checkout-step-1, checkout-step-2", "5%", "checkout-step-1"],
        ["restock", "Fill", "cashiers", "", "", "", "", ""],
        ["tills-platform", "Release", "tills", "", "", "", "", ""],
    ],
}

RAW = "SELECT ?s ?p ?o WHERE { VALUES ?p { %s } ?s ?p ?o } ORDER BY ?s ?p ?o"


def triples(portfolio: vsgraph.Portfolio, *predicates: URIRef) -> list[tuple[object, ...]]:
    """The (subject, predicate, object) of ``predicates``, IRIs by their local name."""
    rows = portfolio.query(RAW % " ".join(p.n3() for p in predicates)).rows
    return [tuple(local(str(row[v])) for v in ("s", "p", "o")) for row in rows]


def test_a_hand_written_csv_folder_with_every_new_sheet_and_column(tmp_path: Path) -> None:
    folder = write_csv(tmp_path / "shop", SHOP_CSV)
    shop = vsgraph.load(folder)
    assert answer(folder, "oxigraph", "value-stream-stages", stream="checkout") == [
        (1, "ring-up", "entranceCriterion", "A basket, full"),  # one criterion per line, commas and all
        (1, "ring-up", "entranceCriterion", "A till, open"),
        (1, "ring-up", "exitCriterion", "Priced"),
        (1, "ring-up", "producesValueItem", "ring-up-value"),
        (1, "ring-up", "hasStakeholder", "shopper"),
        (1, "ring-up", "hasStakeholder", "till-keeper"),
        (1, "ring-up", "hasStakeholder", "TeamCoachRole"),  # vsgraph's role, by its word
        (1, "ring-up", "servesJourneyStage", "pay-up"),
        (1, "ring-up", "requiresCapability", "payments"),
        (1, "ring-up", "carriesOutValueStreamStage", "checkout-step-1"),
        (1, "ring-up", "carriesOutValueStreamStage", "checkout-step-2"),
    ]
    assert answer(folder, "oxigraph", "role-holders") == [
        ("ann", "till-keeper", "cashiers"),
        ("ann", "ValueStreamOwnerRole", "shop"),
    ]
    assert answer(folder, "oxigraph", "teams-of-teams") == [("shop-art", "AgileReleaseTrain", 9, "tills", 4)]
    assert answer(folder, "oxigraph", "stream-connections") == [
        ("checkout", "triggersStream", "restock"),
        ("restock", "handsOverTo", "checkout"),
    ]
    assert answer(folder, "oxigraph", "capability-map") == [
        ("selling", 1, "selling", None, "realizesCapability", "checkout"),
        ("selling", 2, "payments", "selling", "realizesCapability", "tilling"),
        ("selling", 2, "payments", "selling", "requiresCapability", "ring-up"),
    ]
    assert [(row[0], row[3], row[4]) for row in answer(folder, "oxigraph", "designed-flow-time")] == [
        ("checkout", False, 120),
        ("restock", True, None),
        ("tills-platform", True, None),
    ]
    assert triples(
        shop, VSG.throughChannel, VSG.precededBy, VSG.reworkPercent, VSG.sendsReworkTo, VSG.servesJourneyStage, VSG.supports
    ) == [
        ("checkout-step-3", "precededBy", "checkout-step-1"),
        ("checkout-step-3", "precededBy", "checkout-step-2"),
        ("checkout-step-3", "reworkPercent", "5"),
        ("checkout-step-3", "sendsReworkTo", "checkout-step-1"),
        ("checkout-step-3", "servesJourneyStage", "pay-up"),
        ("ring-up", "servesJourneyStage", "pay-up"),
        ("till", "throughChannel", "kiosk"),
        ("till", "throughChannel", "BranchChannel"),
        ("tills-platform", "supports", "checkout"),
    ]
    assert triples(shop, VSG.deliveredTo)[-1] == ("tills-platform-value", "deliveredTo", "checkout")


def test_a_workbook_cell_with_several_criteria_and_a_bad_stakeholder(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "portfolio"
    for sheet, rows in {
        "portfolio": SHOP_CSV["portfolio"],
        "value_streams": [["id", "name", "kind"], ["checkout", "Check-out", "operational"]],
        "value_stream_stages": [
            ["value_stream", "name", "exit_criteria", "stakeholders"],
            ["checkout", "Pay", "Paid\nBagged", "cashier"],
        ],
    }.items():
        sheet_ = book[sheet] if sheet in book.sheetnames else book.create_sheet(sheet)
        for row in rows:
            sheet_.append(row)
    book.save(tmp_path / "shop.xlsx")
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(tmp_path / "shop.xlsx")
    assert str(caught.value).startswith(
        f"{tmp_path / 'shop.xlsx'}: sheet 'value_stream_stages', row 2, column D (stakeholders): unknown customer, "
        "team, person, organisation or role 'cashier' in value-stream stage 'checkout-stage-1': name one of the "
        "portfolio's ids or one of vsgraph's: business-owner, "
    )
    book["value_stream_stages"]["D2"] = None
    book.save(tmp_path / "shop.xlsx")
    stages = read_workbook(tmp_path / "shop.xlsx").value_streams[0].value_stream_stages
    assert [stage.exit_criteria for stage in stages] == [["Paid", "Bagged"]]


def with_row(sheet: str, row: list[object], column: int | None = None, value: object = None) -> dict[str, list[list[object]]]:
    """``SHOP_CSV`` with ``row`` added to ``sheet`` (or, given ``column``, its first row's cell changed)."""
    tables = {name: [list(r) for r in rows] for name, rows in SHOP_CSV.items()}
    if column is None:
        tables[sheet].append(row)
    else:
        tables[sheet][1][column] = value
    return tables


@pytest.mark.parametrize(
    ("tables", "cell", "message"),
    [
        (
            with_row("memberships", ["ann", "boss", ""]),
            "sheet 'memberships', row 4, column B (role)",
            "unknown role 'boss' in a role of person 'ann': name one of the portfolio's ids or one of vsgraph's: ",
        ),
        (
            with_row("memberships", ["bob", "team-coach", ""]),
            "sheet 'memberships', row 4, column A (person)",
            "unknown person id 'bob' in sheet 'memberships'",
        ),
        (
            with_row("memberships", ["ann", "team-coach", "tilling"]),
            "sheet 'memberships', row 4, column C (held_in)",
            "'tilling' in the held_in of a role of person 'ann' is a process, not a team, team of teams or organisation",
        ),
        (
            with_row("value_stream_stages", [], 8, "pay"),
            "sheet 'value_stream_stages', row 2, column I (requires)",
            "unknown capability id 'pay' in value-stream stage 'ring-up'",
        ),
        (
            with_row("value_stream_stages", ["till", "x", "X"]),
            "sheet 'value_stream_stages', row 3, column A (value_stream)",
            "unknown value stream id 'till' in sheet 'value_stream_stages'",
        ),
        (
            with_row("steps", [], 5, "checkout-step-3"),
            "sheet 'steps', row 2, column F (preceded_by)",
            "step 'checkout-step-3' in the preceded_by of step 1 of value stream 'checkout' is at position 3: a step can "
            "only name earlier steps",
        ),
        (
            with_row("steps", [], 3, "pay-up"),
            "sheet 'steps', row 2, column D (carries_out)",
            "'pay-up' in step 1 of value stream 'checkout' is a stage, not a value-stream stage",
        ),
        (
            with_row("steps", [], 7, "restock-step-1"),
            "sheet 'steps', row 2, column H (sends_rework_to)",
            "'restock-step-1' in the sends_rework_to of step 1 of value stream 'checkout' belongs to value stream "
            "'restock', not to 'checkout'",
        ),
        (
            with_row("capabilities", [], 3, "sales"),
            "sheet 'capabilities', row 2, column D (parent)",
            "unknown capability id 'sales' in capability 'selling'",
        ),
        (
            with_row("processes", [], 2, "tills"),
            "sheet 'processes', row 2, column C (realises)",
            "'tills' in 'tilling' is a team, not a capability",
        ),
        (
            with_row("teams", ["bakers", "Bakers", "cashiers"]),
            "sheet 'teams', row 5, column C (unit_of)",
            "'cashiers' in the unit_of of team 'bakers' is a team, not an organisation or team of teams",
        ),
        (
            with_row("teams", [], 4, "-1"),
            "sheet 'teams', row 2, column E (headcount)",
            "the headcount of team 'shop-art' must be a whole number from 0, not -1",
        ),
        (
            with_row("interactions", [], 5, "pigeon"),
            "sheet 'interactions', row 2, column F (channels)",
            "unknown channel 'pigeon' in interaction 'till': name one of the portfolio's ids or one of vsgraph's: app, "
            "branch, chat, email, phone, web",
        ),
        (
            with_row("value_streams", [], 7, "restock"),
            "sheet 'value_streams', row 2, column H (hands_over_to)",
            "value stream 'restock' names itself in 'hands_over_to': a link between streams needs two streams",
        ),
        (
            with_row("value_streams", [], 10, "2 moons"),
            "sheet 'value_streams', row 2, column K (measured_lead_time)",
            "the measured_lead_time of a value stream '2 moons' has an unknown unit 'moons'",
        ),
        (
            with_row("roles", ["team-coach", "Coach"]),
            "sheet 'roles', row 3, column A (id)",
            "the role id 'team-coach' is the word for vsgraph's own role: use that, or another id",
        ),
    ],
)
def test_bad_csv_input_is_refused_at_its_cell(tmp_path: Path, tables, cell: str, message: str) -> None:
    folder = write_csv(tmp_path / "shop", tables)
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(folder)
    assert str(caught.value).startswith(f"{folder}: {cell}: {message}")


# --- YAML errors -------------------------------------------------------------------------------


SHOP_YAML = """\
base: https://example.org/shop/
organisation:
  id: shop
  name: Shop
teams:
- id: cashiers
  name: Cashiers
- id: supervisors
  name: Supervisors
people:
- id: ann
  name: Ann
capabilities:
- id: payments
  name: Payments
journeys:
- id: shopping
  name: Shopping
  stages:
  - id: pay-up
    name: Pay
value_streams:
- id: checkout
  name: Check-out
  kind: operational
  value_stream_stages:
  - id: ring-up
    name: Ring up
  steps:
  - name: Scan
  - name: Approve
  - name: Pay
- id: restock
  name: Restock
  kind: operational
  value_stream_stages:
  - id: fill
    name: Fill the shelf
  steps:
  - name: Fill
"""

#: The line of ``SHOP_YAML`` after which each case adds its lines, and the error it must give
#: at the last of them.
YAML_CASES = [
    ("  name: Payments", "  parent: retail", "key 'parent': unknown capability id 'retail' in capability 'payments'"),
    ("  name: Payments", "  parent: payments", "key 'parent': capability 'payments' is, through its parent, a part of itself"),
    ("  name: Payments", "  level: 0", "key 'level': the level of capability 'payments' must be a whole number from 1, not 0"),
    (
        "  name: Restock",
        "  realises: cashiers",
        "key 'realises': 'cashiers' in value stream 'restock' is a team, not a capability",
    ),
    (
        "    name: Ring up",
        "    requires: payment",
        "key 'requires': unknown capability id 'payment' in value-stream stage 'ring-up'",
    ),
    (
        "    name: Ring up",
        "    stakeholders: cashier",
        "key 'stakeholders': unknown customer, team, person, organisation or "
        "role 'cashier' in value-stream stage 'ring-up': name one of the portfolio's ids or one of vsgraph's: business-owner",
    ),
    (
        "    name: Ring up",
        "    serves: payments",
        "key 'serves': 'payments' in value-stream stage 'ring-up' is a capability, not a stage",
    ),
    (
        "    name: Ring up",
        "    entrance_criteria: {a: b}",
        "key 'entrance_criteria': the entrance_criteria of a value-stream stage must be a text or a list of texts, not a mapping",
    ),
    (
        "  - name: Scan",
        "    carries_out: fill",
        "key 'carries_out': 'fill' in step 1 of value stream 'checkout' belongs to value stream 'restock', not to 'checkout'",
    ),
    (
        "  - name: Scan",
        "    carries_out: ringup",
        "key 'carries_out': unknown value-stream stage id 'ringup' in step 1 of value stream 'checkout'",
    ),
    (
        "  - name: Approve",
        "    preceded_by: checkout-step-3",
        "key 'preceded_by': step 'checkout-step-3' in the preceded_by "
        "of step 2 of value stream 'checkout' is at position 3: a step can only name earlier steps",
    ),
    (
        "  - name: Approve",
        "    preceded_by: restock-step-1",
        "key 'preceded_by': 'restock-step-1' in the preceded_by of "
        "step 2 of value stream 'checkout' belongs to value stream 'restock', not to 'checkout'",
    ),
    (
        "  - name: Approve",
        "    preceded_by: [checkout-step-1, cashiers]",
        "key 'preceded_by': 'cashiers' in the preceded_by of step 2 of value stream 'checkout' is a team, not a step",
    ),
    (
        "  - name: Pay",
        "    sends_rework_to: checkout-step-3",
        "key 'sends_rework_to': step 'checkout-step-3' in the "
        "sends_rework_to of step 3 of value stream 'checkout' is at position 3: a step can only name earlier steps",
    ),
    (
        "  - name: Pay",
        "    rework_percent: 120",
        "key 'rework_percent': the rework percent of step 3 of value stream 'checkout' must be between 0 and 100, not 120",
    ),
    (
        "  name: Check-out",
        "  hands_over_to: checkout",
        "key 'hands_over_to': value stream 'checkout' names itself in 'hands_over_to': a link between streams needs two streams",
    ),
    (
        "  name: Check-out",
        "  triggers_stream: restocking",
        "key 'triggers_stream': unknown value stream id 'restocking' in value stream 'checkout'",
    ),
    (
        "  name: Check-out",
        "  measured_lead_time: 2 fortnights",
        "key 'measured_lead_time': the measured_lead_time of a "
        "value stream '2 fortnights' has an unknown unit 'fortnights': use min, h, d or w",
    ),
    (
        "  name: Restock",
        "  value: Full shelves\n  delivered_to: cashiers",
        "key 'delivered_to': 'cashiers' in the value of value stream 'restock' is a team, not a customer or value stream",
    ),
    (
        "  name: Check-out",
        "  interactions:\n  - id: till\n    name: At the till\n    kind: service\n    channels: pigeon",
        "key 'channels': unknown channel 'pigeon' in interaction 'till': name one of the portfolio's ids or one of "
        "vsgraph's: app, branch, chat, email, phone, web",
    ),
    (
        "  name: Supervisors",
        "  unit_of: cashiers",
        "key 'unit_of': 'cashiers' in the unit_of of team 'supervisors' is a team, not an organisation or team of teams",
    ),
    (
        "  name: Supervisors",
        "  kind: tribe",
        "key 'kind': the kind of a team must be one of agile-release-train, solution-train, team-of-teams, team, not 'tribe'",
    ),
    (
        "  name: Supervisors",
        "  headcount: -1",
        "key 'headcount': the headcount of team 'supervisors' must be a whole number from 0, not -1",
    ),
    (
        "  name: Ann",
        "  memberships:\n  - role: boss",
        "key 'role': unknown role 'boss' in a role of person 'ann': name one "
        "of the portfolio's ids or one of vsgraph's: business-owner, product-manager",
    ),
    (
        "  name: Ann",
        "  memberships:\n  - role: team-coach\n    held_in: payments",
        "key 'held_in': 'payments' in the "
        "held_in of a role of person 'ann' is a capability, not a team, team of teams or organisation",
    ),
    ("  name: Ann", "  memberships:\n  - held_in: cashiers", "missing 'role' for a membership"),
    (
        "  name: Payments",
        "channels:\n- name: Phone\n  id: phone",
        "key 'id': the channel id 'phone' is the word for vsgraph's own channel: use that, or another id",
    ),
]


@pytest.mark.parametrize(("anchor", "added", "message"), YAML_CASES, ids=[c[1].split(":")[0].strip(" -") for c in YAML_CASES])
def test_bad_yaml_input_is_refused_at_its_line(tmp_path: Path, anchor: str, added: str, message: str) -> None:
    lines = SHOP_YAML.splitlines()
    at = lines.index(anchor) + 1
    lines[at:at] = added.splitlines()
    path = tmp_path / "shop.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(path)
    line = at + len(added.splitlines())
    assert (caught.value.path, caught.value.line) == (path, line)
    assert str(caught.value).startswith(f"{path}:{line}: {message}")


def test_a_role_needs_a_place_when_the_portfolio_names_no_organisation(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(
        "base: https://example.org/shop/\npeople:\n- id: ann\n  name: Ann\n  memberships:\n  - role: team-coach\n",
        encoding="utf-8",
    )
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(path)
    assert str(caught.value) == (
        f"{path}:6: a role of person 'ann' needs 'held_in': the team, team of teams or organisation it is held in"
    )


def test_a_team_may_be_a_unit_of_a_train_that_is_a_unit_of_a_solution_train(tmp_path: Path) -> None:
    path = tmp_path / "trains.yaml"
    path.write_text(
        "base: https://example.org/t/\nteams:\n- {id: big, name: Big train, kind: solution-train}\n"
        "- {id: art, name: An ART, kind: agile-release-train, unit_of: big}\n"
        "- {id: team, name: A team, unit_of: art, headcount: 7}\n",
        encoding="utf-8",
    )
    assert answer(path, "oxigraph", "teams-of-teams") == [
        ("art", "AgileReleaseTrain", None, "team", 7),
        ("big", "SolutionTrain", None, "art", None),
    ]


# --- The Python API ----------------------------------------------------------------------------


def shop_builder() -> PortfolioBuilder:
    """A shop with a platform, a train, a role holder, stages, parallel steps and rework."""
    b = PortfolioBuilder(base="https://example.org/shop/")
    b.organisation("shop", "Shop")
    b.team("shop-art", "Shop ART", kind="agile-release-train", headcount=9)
    b.team("tills", "Till team", unit_of="shop-art", headcount=4)
    b.person("ann", "Ann", memberships=[Membership("till-keeper", held_in="tills"), Membership("value-stream-owner")])
    b.role("till-keeper", "Till keeper", description="Keeps the tills running")
    b.customer("shopper", "Shopper")
    b.channel("kiosk", "Kiosk")
    b.capability("selling", "Selling", level=1, description="Selling to shoppers")
    b.capability("payments", "Payments", level=2, parent="selling")
    b.solution("till-app", "Till app", realises="payments")
    b.operational_value_stream(
        "checkout",
        "Check-out",
        trigger="A full basket",
        value="Paid",
        delivered_to="shopper",
        realises="selling",
        measured_lead_time="1h",
        hands_over_to="restock",
        stages=[
            ValueStreamStage(
                "Pay", ["A basket"], ["Paid"], "A paid basket", ["shopper", "till-keeper"], requires=["payments"], id="pay"
            )
        ],
        steps=[
            Step("Scan", "tills", process_time=5, carries_out="pay"),
            Step("Weigh", "tills", process_time=10, preceded_by=["checkout-step-1"]),
            Step(
                "Pay",
                "tills",
                process_time=3,
                preceded_by=["checkout-step-1", "checkout-step-2"],
                rework_percent=Decimal("2.5"),
                sends_rework_to="checkout-step-1",
            ),
        ],
    )
    b.operational_value_stream("restock", "Restock", triggers_stream="checkout", steps=[Step("Fill", "tills")])
    b.development_value_stream(
        "platform", "Till platform", supports=["till-dev"], delivered_to="till-dev", value="Servers", steps=[Step("Run", "tills")]
    )
    b.development_value_stream(
        "till-dev", "Till development", supports="checkout", builds="till-app", steps=[Step("Build", "tills")]
    )
    return b


SHOP_AS_YAML = """\
base: https://example.org/shop/
organisation: {id: shop, name: Shop}
teams:
- {id: shop-art, name: Shop ART, kind: agile-release-train, headcount: 9}
- {id: tills, name: Till team, unit_of: shop-art, headcount: 4}
people:
- id: ann
  name: Ann
  memberships: [{role: till-keeper, held_in: tills}, {role: value-stream-owner}]
roles:
- {id: till-keeper, name: Till keeper, description: Keeps the tills running}
customers:
- {id: shopper, name: Shopper}
channels:
- {id: kiosk, name: Kiosk}
capabilities:
- {id: selling, name: Selling, level: 1, description: Selling to shoppers}
- {id: payments, name: Payments, level: 2, parent: selling}
solutions:
- {id: till-app, name: Till app, realises: payments}
value_streams:
- id: checkout
  name: Check-out
  kind: operational
  trigger: A full basket
  value: Paid
  delivered_to: shopper
  realises: selling
  measured_lead_time: 1h
  hands_over_to: restock
  value_stream_stages:
  - {id: pay, name: Pay, entrance_criteria: A basket, exit_criteria: Paid, value_item: A paid basket,
     stakeholders: [shopper, till-keeper], requires: payments}
  steps:
  - {name: Scan, team: tills, process_time: 5min, carries_out: pay}
  - {name: Weigh, team: tills, process_time: 10min, preceded_by: checkout-step-1}
  - {name: Pay, team: tills, process_time: 3min, preceded_by: [checkout-step-1, checkout-step-2],
     rework_percent: 2.5, sends_rework_to: checkout-step-1}
- {id: restock, name: Restock, kind: operational, triggers_stream: checkout, steps: [{name: Fill, team: tills}]}
- {id: platform, name: Till platform, kind: development, supports: till-dev, value: Servers, delivered_to: till-dev,
   steps: [{name: Run, team: tills}]}
- {id: till-dev, name: Till development, kind: development, supports: checkout, builds: till-app,
   steps: [{name: Build, team: tills}]}
"""


def test_the_python_api_and_yaml_give_the_same_shop(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(SHOP_AS_YAML, encoding="utf-8")
    built = shop_builder().portfolio()
    assert isomorphic(built.graph, vsgraph.load(path).graph)
    assert read_portfolio(built) == read_portfolio(vsgraph.load(path))


def test_the_python_api_builds_the_practitioners_model() -> None:
    shop = shop_builder().portfolio()
    # (stream, flow minutes, work minutes, serial): scan and weigh, then pay, on the longest path.
    assert [row[:4] for row in answer_of(shop, "designed-flow-time")] == [
        ("checkout", Decimal(18), Decimal(18), False),
        ("platform", 0, 0, True),
        ("restock", 0, 0, True),
        ("till-dev", 0, 0, True),
    ]
    assert answer_of(shop, "stream-connections") == [
        ("checkout", "handsOverTo", "restock"),
        ("restock", "triggersStream", "checkout"),
    ]
    assert answer_of(shop, "role-holders") == [("ann", "till-keeper", "tills"), ("ann", "ValueStreamOwnerRole", "shop")]
    assert triples(shop, VSG.reworkPercent, VSG.sendsReworkTo, VSG.supports) == [
        ("checkout-step-3", "reworkPercent", "2.5"),
        ("checkout-step-3", "sendsReworkTo", "checkout-step-1"),
        ("platform", "supports", "till-dev"),
        ("till-dev", "supports", "checkout"),
    ]
    descriptions = "SELECT ?s ?d WHERE { ?s <http://purl.org/dc/terms/description> ?d } ORDER BY ?s"
    assert [(str(r["s"]).rsplit("/", 1)[-1], str(r["d"])) for r in shop.query(descriptions).rows] == [
        ("selling", "Selling to shoppers"),
        ("till-keeper", "Keeps the tills running"),
    ]


def answer_of(portfolio: vsgraph.Portfolio, question: str) -> list[tuple[object, ...]]:
    """A catalog question's rows on a portfolio built in Python, as ``answer`` gives them."""
    table = run_query(portfolio, question, {})
    columns = [v for v in table.variables if not v.endswith("Label")]
    return [tuple(local(row[c]) for c in columns) for row in table.rows]


def test_a_metric_measures_a_stage_a_step_a_team_and_a_stream(tmp_path):
    """KPIs on anything measurable: the YAML names a journey stage, a step, a team and a
    stream; the portfolio states them and no rule finds anything to say about the metric."""
    data = yaml.safe_load((ROOT / "examples" / "grocery.yaml").read_text(encoding="utf-8"))
    data["metrics"].append(
        {
            "id": "everywhere",
            "name": "Measured everywhere",
            "measures": ["check-out", "ring-up", "store-staff", "checkout"],
            "unit": "percent",
            "target": 90,
            "direction": "higher-is-better",
            "aligned_with": "availability-98",
        }
    )
    path = tmp_path / "grocery.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    portfolio = vsgraph.load(path)
    metric = next(m for m in portfolio.graph.subjects(RDF.type, VSG.Metric) if str(m).endswith("everywhere"))
    measured = {str(o).rsplit("/", 1)[-1] for o in portfolio.graph.objects(metric, VSG.measures)}
    assert measured == {"check-out", "ring-up", "store-staff", "checkout"}
    findings = [f for f in portfolio.validate().findings if f.focus_node == metric]
    assert findings == []
    # The author's words come back: YAML -> graph -> YAML keeps what each metric measures.
    again = [m for m in read_portfolio(portfolio.graph).metrics if m.id == "everywhere"]
    assert sorted(again[0].measures) == sorted(["check-out", "ring-up", "store-staff", "checkout"])


def test_a_metric_of_a_reading_or_a_theme_is_refused_at_its_line(tmp_path):
    path = tmp_path / "grocery.yaml"
    text = (ROOT / "examples" / "grocery.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("  measures: checkout\n", "  measures: queue-under-3\n", 1), encoding="utf-8")
    with pytest.raises(vsgraph.InputError, match=r"value stream, stage, step, team, solution or capability") as caught:
        vsgraph.load(path)
    assert caught.value.line == text.splitlines().index("  measures: checkout") + 1
