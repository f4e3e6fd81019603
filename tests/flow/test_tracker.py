"""Reading a tracker's CSV export: the triples it makes, the mapping, and bad input named
by file, line and row (never a traceback)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

import vsgraph
from tests.support.paths import DATA
from vsgraph import VSG
from vsgraph.errors import InputError, LimitError
from vsgraph.flow import FlowMapping, add_work_items, load_mapping, read_work_items
from vsgraph.limits import InputLimits

FLOW = DATA / "flow"
STREAM = "https://example.org/shop/checkout"
ITEM = URIRef(STREAM + "/work-items/A-5")
HEADER = "Issue key,Issue Type,Created,From Status,To Status,Changed\n"


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_item_becomes_a_work_item_with_a_chain_of_state_changes():
    graph = read_work_items(FLOW / "checkout-items.csv", stream=STREAM, mapping=load_mapping(FLOW / "mapping.yaml"))
    assert (ITEM, RDF.type, VSG.WorkItem) in graph
    assert graph.value(ITEM, VSG.workItemOf) == URIRef(STREAM)
    assert graph.value(ITEM, VSG.flowItemType) == VSG.FeatureItem
    assert graph.value(ITEM, VSG.trackerKey) == Literal("A-5")
    assert graph.value(ITEM, RDFS.label) == Literal("Loyalty points at the till", lang="en")
    assert graph.value(ITEM, VSG.businessValue).toPython() == 5
    changes = [URIRef(f"{ITEM}/change-{n}") for n in range(6)]
    # created (in To Do, the From Status of its earliest transition), then the rows by time
    assert [str(graph.value(c, VSG.toFlowState)).split("#")[1] for c in changes] == [
        "NewState",
        "ActiveState",
        "DoneState",
        "WaitingState",
        "ActiveState",
        "DoneState",
    ]
    assert [graph.value(c, VSG.trackerStatus) for c in changes[:4]] == [
        Literal(s) for s in ("To Do", "In Progress", "Done", "Reopened")
    ]
    assert graph.value(changes[0], VSG.previousStateChange) is None
    assert all(graph.value(later, VSG.previousStateChange) == earlier for earlier, later in itertools.pairwise(changes))
    assert graph.value(changes[3], VSG.changedAt) == Literal("2026-01-16T00:00:00Z", datatype=XSD.dateTime, normalize=False)
    # The ends of the chain, stated on the item as trackers export them.
    assert graph.value(ITEM, VSG.latestStateChange) == changes[-1]
    assert graph.value(ITEM, VSG.createdAt) == graph.value(changes[0], VSG.changedAt)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_add_work_items_adds_what_read_work_items_reads(engine):
    """The bulk path (N-Triples text into the engine) and the rdflib graph agree."""
    mapping = load_mapping(FLOW / "mapping.yaml")
    graph = read_work_items(FLOW / "checkout-items.csv", stream=STREAM, mapping=mapping)
    portfolio = vsgraph.Portfolio.empty(engine)
    added = add_work_items(portfolio, FLOW / "checkout-items.csv", stream=STREAM, mapping=mapping)
    assert added == len(graph) == len(portfolio)
    assert isomorphic(portfolio.graph, graph)


def test_timestamps_in_every_accepted_form_end_up_in_utc():
    graph = read_work_items(FLOW / "checkout-items.csv", stream=STREAM, mapping=load_mapping(FLOW / "mapping.yaml"))
    item = STREAM + "/work-items/"
    # Jira's 05/Jan/26 12:00 AM, and 13:00+01:00
    assert graph.value(URIRef(item + "A-3/change-0"), VSG.changedAt).toPython().isoformat() == "2026-01-05T00:00:00+00:00"
    assert graph.value(URIRef(item + "A-6/change-1"), VSG.changedAt).toPython().isoformat() == "2026-01-15T12:00:00+00:00"


def test_a_time_zone_in_the_mapping_applies_to_times_without_one(tmp_path):
    export = write(tmp_path, HEADER + "X-1,Bug,2026-01-01 09:00,,In Progress,2026-01-02 09:00\n")
    mapping = load_mapping(write(tmp_path, 'timezone: "+02:00"\n', "mapping.yaml"))
    graph = read_work_items(export, stream=STREAM, mapping=mapping)
    change = URIRef(STREAM + "/work-items/X-1/change-1")
    assert graph.value(change, VSG.changedAt).toPython().isoformat() == "2026-01-02T07:00:00+00:00"


def test_names_match_ignoring_case_and_spaces(tmp_path):
    export = write(tmp_path, HEADER + "X-1,  bug ,2026-01-01,,in   progress,2026-01-02\n")
    graph = read_work_items(export, stream=STREAM)
    assert graph.value(URIRef(STREAM + "/work-items/X-1"), VSG.flowItemType) == VSG.DefectItem


def test_the_defaults_cover_jira():
    mapping = FlowMapping()
    assert [mapping.flow_state(s) for s in ("To Do", "In Progress", "Done", "Blocked", "Waiting for review", "Won't Do")] == [
        "new",
        "active",
        "done",
        "waiting",
        "waiting",
        "canceled",
    ]
    assert [mapping.flow_item_type(t) for t in ("Story", "Feature", "Bug", "Vulnerability", "Technical Debt")] == [
        "feature",
        "feature",
        "defect",
        "risk",
        "debt",
    ]


def test_a_mapping_without_defaults_knows_only_its_names(tmp_path):
    mapping = load_mapping(write(tmp_path, "defaults: false\nstates: {Doing: active}\nitem_types: {Ticket: feature}\n", "m.yaml"))
    assert mapping.flow_state("Doing") == "active" and mapping.flow_state("In Progress") is None


# --- bad input ---------------------------------------------------------------------------


def test_an_unknown_state_names_file_line_and_row(tmp_path):
    export = write(tmp_path, HEADER + "X-1,Bug,2026-01-01,,In Progress,2026-01-02\nX-1,Bug,2026-01-01,,Parked,2026-01-03\n")
    with pytest.raises(InputError, match=r"export\.csv:3: row 2: the status 'Parked' is not in the mapping") as caught:
        read_work_items(export, stream=STREAM)
    assert caught.value.path == export and caught.value.line == 3


def test_an_unknown_issue_type_names_the_row(tmp_path):
    export = write(tmp_path, HEADER + "X-1,Spike,2026-01-01,,In Progress,2026-01-02\n")
    with pytest.raises(InputError, match=r"export\.csv:2: row 1: the issue type 'Spike' is not in the mapping"):
        read_work_items(export, stream=STREAM)


def test_a_bad_timestamp_names_the_row(tmp_path):
    export = write(tmp_path, HEADER + "X-1,Bug,2026-01-01,,In Progress,2026-01-02\nX-1,Bug,2026-01-01,,Done,yesterday\n")
    with pytest.raises(InputError, match=r"export\.csv:3: row 2: 'yesterday' is not a date and time"):
        read_work_items(export, stream=STREAM)


def test_a_missing_column_names_the_header(tmp_path):
    export = write(tmp_path, "Issue key,Issue Type,To Status,Changed\nX-1,Bug,Done,2026-01-02\n")
    with pytest.raises(InputError, match=r"export\.csv:1: the header row has no column 'Created'"):
        read_work_items(export, stream=STREAM)


def test_a_transition_before_the_creation_is_refused(tmp_path):
    export = write(tmp_path, HEADER + "X-1,Bug,2026-01-05,,In Progress,2026-01-02\n")
    with pytest.raises(InputError, match=r"row 1: this transition of 'X-1' happens before the issue was created"):
        read_work_items(export, stream=STREAM)


def test_an_empty_cell_that_is_needed_names_the_row(tmp_path):
    export = write(tmp_path, HEADER + "X-1,Bug,,,In Progress,2026-01-02\n")
    with pytest.raises(InputError, match=r"export\.csv:2: row 1: the Created is empty"):
        read_work_items(export, stream=STREAM)
    export = write(tmp_path, HEADER + "X-1,Bug,2026-01-01,,,2026-01-02\n")
    with pytest.raises(InputError, match=r"row 1: the To Status is empty"):
        read_work_items(export, stream=STREAM)


def test_a_bad_business_value_names_the_row(tmp_path):
    export = write(tmp_path, "Issue key,Issue Type,Created,To Status,Changed,Business Value\nX-1,Bug,2026-01-01,,,lots\n")
    with pytest.raises(InputError, match=r"row 1: the Business Value 'lots' is not a number"):
        read_work_items(export, stream=STREAM)


def test_limits_bound_the_rows(tmp_path):
    export = write(tmp_path, HEADER + "X-1,Bug,2026-01-01,,,\n" * 3)
    with pytest.raises(LimitError, match=r"more than 2 rows"):
        read_work_items(export, stream=STREAM, limits=InputLimits(max_rows=2))


def test_a_stream_that_is_not_an_iri_is_refused():
    with pytest.raises(InputError, match="must be a full IRI"):
        read_work_items(FLOW / "payments-items.csv", stream="checkout")


@pytest.mark.parametrize("base", ["https://example.org/items with space/", "https://exa mple.org/"])
def test_a_base_no_store_accepts_is_refused_before_reading(base):
    with pytest.raises(InputError, match="base of the items' IRIs must be a full IRI"):
        add_work_items(vsgraph.Portfolio.empty(), FLOW / "payments-items.csv", stream=STREAM, base=base)


def test_a_missing_export_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_work_items(tmp_path / "missing.csv", stream=STREAM)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("states: {Doing: busy}\n", "maps to 'busy', not one of new, waiting"),
        ("colours: {}\n", "unknown key 'colours'"),
        ("states: [a, b]\n", "'states' maps each tracker name"),
        ("timezone: Mars\n", "is not an offset"),
        ("states: {a: &x active, b: *x}\n", "aliases are refused"),
        ("states: {a: [\n", "not valid YAML or JSON"),
    ],
)
def test_a_bad_mapping_file_is_named(tmp_path, text, message):
    with pytest.raises(InputError, match=message) as caught:
        load_mapping(write(tmp_path, text, "mapping.yaml"))
    assert "mapping.yaml" in str(caught.value)
