"""Work items and PI objectives in the authoring formats: YAML, workbooks, CSV folders and the
builder give the statements the tracker import gives, and the flow metrics agree.

tests/data/authoring/shop-flow.yaml writes the check-out items of
tests/data/flow/checkout-items.csv (their histories by hand in tests/flow/test_metrics.py)
and the PI objectives of tests/data/flow/shop.ttl. It writes A-5's history out of order and
gives A-5 and A-7 only a ``created`` for their creation, so those two creations have no
tracker status (the export says To Do); everything else is the same statement for statement.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

import vsgraph
from tests.support.answers import ENGINES
from tests.support.paths import DATA
from vsgraph import flow
from vsgraph.authoring import PortfolioBuilder, StateChange, dump_yaml, read_portfolio, read_yaml, write_workbook
from vsgraph.errors import AuthoringError
from vsgraph.resources import resource_dir
from vsgraph.validation.validator import shapes_graph
from vsgraph.vocabulary.namespace import VSG

SHOP = "https://example.org/shop/"
CHECKOUT = SHOP + "checkout"
ITEMS_YAML = DATA / "authoring" / "shop-flow.yaml"
FLOW = DATA / "flow"
P1 = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC))
P2 = (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 1, 29, tzinfo=UTC))


def tracker_import(engine: str = "oxigraph") -> vsgraph.Portfolio:
    """shop.ttl with the check-out export imported under the YAML's base, so items share IRIs."""
    portfolio = vsgraph.load(FLOW / "shop.ttl", engine=engine)
    mapping = flow.load_mapping(FLOW / "mapping.yaml")
    flow.add_work_items(portfolio, FLOW / "checkout-items.csv", stream=CHECKOUT, mapping=mapping, base=SHOP)
    return portfolio


def flow_statements(graph: Graph, tracker: bool = False) -> set[tuple]:
    """The statements about work items and state changes; the tracker's change IRIs
    (``A-1/change-0``) renamed to the ids the authoring formats mint (``A-1-change-0``)."""
    nodes = {s for cls in (VSG.WorkItem, VSG.StateChange) for s in graph.subjects(RDF.type, cls)}

    def renamed(term):
        return URIRef(str(term).replace("/change-", "-change-")) if tracker and isinstance(term, URIRef) else term

    return {(renamed(s), p, renamed(o)) for s, p, o in graph if s in nodes}


def line(path: Path, text: str) -> int:
    return next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in row)


# --- the same items as the tracker import -------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_the_yaml_items_give_the_flow_metrics_of_the_tracker_export(engine):
    written, imported = vsgraph.load(ITEMS_YAML, engine=engine), tracker_import(engine)
    metrics = flow.flow_metrics(written, [P1, P2])
    assert metrics == flow.flow_metrics(imported, [P1, P2])
    assert flow.item_flows(written, "2026-01-01", "2026-02-01") == flow.item_flows(imported, "2026-01-01", "2026-02-01")
    # Hand figures of tests/flow/test_metrics.py, so that agreeing is not agreeing on nothing.
    checkout = {row.start: row for row in metrics if row.stream == CHECKOUT}
    assert checkout[P1[0]].completed_items == (SHOP + "A-1", SHOP + "A-2")
    assert checkout[P2[0]].velocity == 3
    assert checkout[P2[0]].flow_time_total == timedelta(days=8 + 15 + 4.5)
    predictability = checkout[P1[0]].predictability
    assert predictability is not None
    assert (predictability.planned_business_value, predictability.actual_business_value) == (15, 14)


def test_the_yaml_items_are_the_tracker_statements_but_two_creation_statuses():
    written = flow_statements(vsgraph.load(ITEMS_YAML).graph)
    imported = flow_statements(tracker_import().graph, tracker=True)
    assert imported - written == {
        (URIRef(SHOP + "A-5-change-0"), VSG.trackerStatus, Literal("To Do")),
        (URIRef(SHOP + "A-7-change-0"), VSG.trackerStatus, Literal("To Do")),
    }
    assert written - imported == set()


def test_the_flow_rules_find_nothing_in_the_yaml_items():
    flow_shapes = set(shapes_graph(("vsgraph-flow-shapes.ttl",)).subjects())
    report = vsgraph.validate(vsgraph.load(ITEMS_YAML))
    assert [f for f in report.findings if f.source_shape in flow_shapes] == []
    assert len(report.findings) > 0  # the streams themselves break other rules: the check ran


# --- the builder, statement by statement ---------------------------------------------------


def test_the_builder_writes_the_flow_vocabulary_ordered_by_time():
    b = PortfolioBuilder(base=SHOP)
    b.development_value_stream("checkout", "Check-out software")
    plus_one = timezone(timedelta(hours=1))
    b.work_item(
        "shop-12",
        "Pay by phone",
        "checkout",
        type="feature",
        tracker_key="SHOP-12",
        business_value=8,
        created=datetime(2026, 1, 1, 9, 0),  # no zone: UTC; no change then: a creation into new
        history=[
            StateChange("done", datetime(2026, 1, 5, 16, 30, tzinfo=UTC), status="Done"),
            StateChange("active", datetime(2026, 1, 2, 10, 0, tzinfo=plus_one), status="In Progress"),
            StateChange("waiting", datetime(2026, 1, 5, 16, 30, tzinfo=UTC), status="Blocked"),  # tie: after done
        ],
    )
    b.pi_objective("pi1", "Pay by phone at every till", "checkout", planned_business_value=8, due=datetime(2026, 3, 27))
    graph = b.graph()
    item = URIRef(SHOP + "shop-12")
    c0, c1, c2, c3 = (URIRef(f"{SHOP}shop-12-change-{n}") for n in range(4))

    def at(text):
        return Literal(text, datatype=XSD.dateTime, normalize=False)

    expected = {
        (item, RDF.type, VSG.WorkItem),
        (item, RDFS.label, Literal("Pay by phone", lang="en")),
        (item, VSG.workItemOf, URIRef(CHECKOUT)),
        (item, VSG.flowItemType, VSG.FeatureItem),
        (item, VSG.trackerKey, Literal("SHOP-12")),
        (item, VSG.businessValue, Literal("8", datatype=XSD.decimal)),
        (item, VSG.createdAt, at("2026-01-01T09:00:00Z")),
        (item, VSG.latestStateChange, c3),
        (c0, RDF.type, VSG.StateChange),
        (c0, VSG.stateChangeOf, item),
        (c0, VSG.changedAt, at("2026-01-01T09:00:00Z")),
        (c0, VSG.toFlowState, VSG.NewState),
        (c1, RDF.type, VSG.StateChange),
        (c1, VSG.stateChangeOf, item),
        (c1, VSG.changedAt, at("2026-01-02T09:00:00Z")),
        (c1, VSG.toFlowState, VSG.ActiveState),
        (c1, VSG.trackerStatus, Literal("In Progress")),
        (c1, VSG.previousStateChange, c0),
        (c2, RDF.type, VSG.StateChange),
        (c2, VSG.stateChangeOf, item),
        (c2, VSG.changedAt, at("2026-01-05T16:30:00Z")),
        (c2, VSG.toFlowState, VSG.DoneState),
        (c2, VSG.trackerStatus, Literal("Done")),
        (c2, VSG.previousStateChange, c1),
        (c3, RDF.type, VSG.StateChange),
        (c3, VSG.stateChangeOf, item),
        (c3, VSG.changedAt, at("2026-01-05T16:30:00Z")),
        (c3, VSG.toFlowState, VSG.WaitingState),
        (c3, VSG.trackerStatus, Literal("Blocked")),
        (c3, VSG.previousStateChange, c2),
    }
    assert {t for t in graph if t[0] in (item, c0, c1, c2, c3)} == expected
    objective = URIRef(SHOP + "pi1")
    assert {(p, o) for _, p, o in graph.triples((objective, None, None))} == {
        (RDF.type, VSG.PIObjective),
        (RDFS.label, Literal("Pay by phone at every till", lang="en")),
        (VSG.piObjectiveOf, URIRef(CHECKOUT)),
        (VSG.plannedBusinessValue, Literal("8", datatype=XSD.decimal)),
        (VSG.dueAt, at("2026-03-27T00:00:00Z")),  # a date: its midnight UTC
    }


def test_the_json_schema_accepts_the_items_as_written_and_refuses_an_unknown_state():
    """The schema lists the words as vsgraph writes them (lower case), for editors to offer."""
    schema = json.loads((resource_dir("schemas") / "portfolio.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    written = dump_yaml(read_portfolio(vsgraph.load(ITEMS_YAML)))
    document = json.loads(json.dumps(yaml.safe_load(written), default=str))
    assert list(validator.iter_errors(document)) == []
    document["work_items"][0]["history"][0]["state"] = "parked"
    assert [e.message for e in validator.iter_errors(document)] == [
        "'parked' is not one of ['new', 'waiting', 'active', 'done', 'canceled']"
    ]


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["shop.xlsx", "shop"])
def test_yaml_to_a_workbook_or_csv_folder_and_back_keeps_every_statement(tmp_path, target):
    original = vsgraph.load(ITEMS_YAML)
    result = original.export(tmp_path / target, format=None if target.endswith(".xlsx") else "csv")
    assert result.left_out == 0
    back = tmp_path / "back.yaml"
    vsgraph.load(tmp_path / target).export(back)
    assert isomorphic(vsgraph.load(back).graph, original.graph)


def test_the_cli_converts_the_items_to_a_workbook_with_a_row_per_change(run_cli, tmp_path):
    workbook = tmp_path / "shop.xlsx"
    result = run_cli("export", ITEMS_YAML, "--to", workbook)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(workbook)
    rows = [[cell.value for cell in row] for row in book["state_changes"].iter_rows()]
    assert rows[0] == ["work_item", "state", "at", "status", "id"]
    # A-5 in time order, its creation (from 'created') first and without a status.
    assert [row[:4] for row in rows if row[0] == "A-5"] == [
        ["A-5", "new", "2026-01-01T00:00:00Z", None],
        ["A-5", "active", "2026-01-06T00:00:00Z", "In Progress"],
        ["A-5", "done", "2026-01-12T00:00:00Z", "Done"],
        ["A-5", "waiting", "2026-01-16T00:00:00Z", "Reopened"],
        ["A-5", "active", "2026-01-19T00:00:00Z", "In Progress"],
        ["A-5", "done", "2026-01-21T00:00:00Z", "Done"],
    ]
    objectives = {row[0].value: [c.value for c in row] for row in book["pi_objectives"].iter_rows(min_row=2)}
    header = [cell.value for cell in book["pi_objectives"][1]]
    assert dict(zip(header, objectives["o3"], strict=True))["committed"] == "no"
    assert dict(zip(header, objectives["o2"], strict=True))["committed"] is None


def test_imported_items_exported_to_yaml_keep_their_iris_and_metrics(tmp_path):
    imported = vsgraph.load(FLOW / "shop.ttl")
    flow.add_work_items(imported, FLOW / "checkout-items.csv", stream=CHECKOUT, mapping=flow.load_mapping(FLOW / "mapping.yaml"))
    path = tmp_path / "shop.yaml"
    imported.export(path)
    model = read_yaml(path)
    assert model.base == SHOP  # the import's own namespaces do not outvote the portfolio's
    first = model.work_items[0]
    assert (first.id, first.history[0].id) == (CHECKOUT + "/work-items/A-1", CHECKOUT + "/work-items/A-1/change-0")
    again = vsgraph.load(path)
    assert flow_statements(again.graph) == flow_statements(imported.graph)
    assert flow.flow_metrics(again, [P1, P2]) == flow.flow_metrics(imported, [P1, P2])


def test_read_portfolio_gives_the_history_in_chain_order_with_the_creation_first():
    model = read_portfolio(vsgraph.load(ITEMS_YAML))
    items = {item.id: item for item in model.work_items}
    a5 = items["A-5"]
    assert a5.created is None  # the creation is in the history
    assert [(c.state, c.at.day if c.at else None, c.status) for c in a5.history] == [
        ("new", 1, None),
        ("active", 6, "In Progress"),
        ("done", 12, "Done"),
        ("waiting", 16, "Reopened"),
        ("active", 19, "In Progress"),
        ("done", 21, "Done"),
    ]
    assert [(c.state, c.status) for c in items["A-1"].history[2:]] == [("active", "In Review"), ("done", "Done")]
    objectives = {o.id: o for o in model.pi_objectives}
    assert (objectives["o2"].committed, objectives["o3"].committed, objectives["o5"].actual_business_value) == (
        None,
        False,
        None,
    )


# --- bad input, located ------------------------------------------------------------------------

HEAD = """base: https://example.org/shop/
value_streams:
- {id: checkout, name: Check-out, kind: development}
work_items:
- id: A-1
  value_stream: checkout
  type: feature
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("tail", "marker", "message"),
    [
        (
            "  history:\n  - {state: parked, at: 2026-01-01T00:00:00Z}\n",
            "state: parked",
            "key 'state': the state of a state change must be one of new, waiting, active, done, canceled, not 'parked'",
        ),
        (
            "  history:\n  - {state: new, at: first thing monday}\n",
            "first thing monday",
            "must be a date and time like 2026-01-05T09:30:00Z, not 'first thing monday'",
        ),
        (
            "  created: 2026-01-03T00:00:00Z\n  history:\n  - {state: active, at: 2026-01-02T00:00:00Z}\n",
            "state: active",
            "this state change of work item 'A-1' happens before the item was created (2026-01-03T00:00:00Z)",
        ),
    ],
    ids=["unknown-state", "not-a-time", "before-created"],
)
def test_bad_history_names_the_line(tmp_path, tail, marker, message):
    path = write(tmp_path, HEAD + tail)
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(path)
    assert caught.value.line == line(path, marker)
    assert message in str(caught.value)


def test_an_item_of_an_unknown_stream_names_the_line(tmp_path):
    path = write(tmp_path, HEAD.replace("value_stream: checkout", "value_stream: checkuot") + "  created: 2026-01-01\n")
    with pytest.raises(AuthoringError, match="unknown value stream id 'checkuot' in work item 'A-1'") as caught:
        vsgraph.load(path)
    assert caught.value.line == line(path, "checkuot")


def test_an_item_without_created_or_history_is_refused(tmp_path):
    path = write(tmp_path, HEAD)
    with pytest.raises(AuthoringError, match="work item 'A-1' needs 'created' or a 'history'") as caught:
        vsgraph.load(path)
    assert caught.value.line == line(path, "- id: A-1")


def test_a_time_without_a_zone_is_utc_and_words_take_any_case(tmp_path):
    path = write(
        tmp_path,
        HEAD.replace("type: feature", "type: FEATURE")
        + "  history:\n  - {state: New, at: '2026-01-05 09:30'}\n  - {state: DONE, at: 2026-01-06T10:30:00+01:00}\n",
    )
    graph = vsgraph.load(path).graph
    times = sorted(str(o) for o in graph.objects(None, VSG.changedAt))
    assert times == ["2026-01-05T09:30:00Z", "2026-01-06T09:30:00Z"]
    assert set(graph.objects(None, VSG.flowItemType)) == {VSG.FeatureItem}


def test_a_workbook_error_names_the_sheet_and_cell(tmp_path):
    workbook = tmp_path / "shop.xlsx"
    write_workbook(read_yaml(ITEMS_YAML), workbook)
    book = openpyxl.load_workbook(workbook)
    sheet = book["state_changes"]
    sheet["B3"] = "parked"
    book.save(workbook)
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(workbook)
    assert "sheet 'state_changes', row 3, column B (state)" in str(caught.value)
    assert "not 'parked'" in str(caught.value)


# --- validation findings in the author's words -----------------------------------------------


def test_findings_about_items_and_objectives_name_the_key_and_the_line(run_cli, tmp_path):
    text = ITEMS_YAML.read_text(encoding="utf-8")
    text = text.replace("  business_value: 13\n", "  business_value: -1\n")
    text = text.replace("  planned_business_value: 4\n", "  planned_business_value: 12\n")
    path = write(tmp_path, text)
    result = run_cli("validate", "--format", "json", path)
    findings = {f["field"]: f for f in json.loads(result.output)["findings"] if f.get("field")}
    assert findings["business_value"]["focusNode"] == SHOP + "A-8"
    assert findings["business_value"]["source"] == {"file": str(path), "line": line(path, "business_value: -1")}
    assert findings["planned_business_value"]["focusNode"] == SHOP + "o6"
    assert findings["planned_business_value"]["source"] == {"file": str(path), "line": line(path, "planned_business_value: 12")}


def test_the_template_offers_the_flow_words_and_work_item_ids(run_cli, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    assert run_cli("template", "--to", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    for sheet in ("work_items", "state_changes", "pi_objectives"):
        assert sheet in book.sheetnames
    dropdowns = {
        book["state_changes"].cell(row=1, column=next(iter(rule.sqref.ranges)).min_col).value: (
            rule.formula1,
            rule.showErrorMessage,
        )
        for rule in book["state_changes"].data_validations.dataValidation
    }
    assert dropdowns["state"] == ('"new,waiting,active,done,canceled"', True)
    assert dropdowns["work_item"] == ("work_items!$A$2:$A$1048576", True)
    note = book["state_changes"]["C1"].comment.text
    assert re.search(r"without a time zone it is UTC", note)
