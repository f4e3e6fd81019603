"""A portfolio loaded into a store from its YAML file or workbook keeps where its things
were written: validated from the store, its findings name the author's key and the line or
cell, as when the file itself is validated (vsgraph.stores.origins)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import vsgraph
from tests.support.paths import DATA
from vsgraph.stores.graphs import origins_graph, portfolio_graph

YAML = DATA / "authoring" / "budget.yaml"
TURTLE = DATA / "budget" / "budget.ttl"


def _worded(report: vsgraph.ValidationReport) -> list[dict]:
    """The findings that name the author's key, with that key and where it was written."""
    return [finding for finding in report.to_dict()["findings"] if "field" in finding]


def test_findings_from_the_disk_store_name_the_key_and_the_line(tmp_path: Path) -> None:
    store = vsgraph.DiskStore(tmp_path / "store")
    result = store.load([YAML], name="budget")
    expected = vsgraph.load(YAML).validate()
    assert result.total == result.triples == len(vsgraph.load(YAML))  # the places are not counted as statements
    stored = store.portfolio("budget").validate()
    assert stored.to_dict() == expected.to_dict()
    trigger = next(finding for finding in _worded(stored) if finding["field"] == "trigger")
    assert trigger["source"] == {"file": str(YAML), "line": 16}


def test_a_reload_from_turtle_or_a_removal_leaves_no_old_places(tmp_path: Path, run_cli) -> None:
    store = vsgraph.DiskStore(tmp_path / "store")
    store.load([YAML], name="budget")
    store.load([TURTLE], name="budget")
    assert _worded(store.portfolio("budget").validate()) == []
    store.load([YAML], name="budget")
    assert _worded(store.portfolio("budget").validate())
    assert run_cli("store", "remove", "budget", "--store", store.directory).exit_code == 0
    assert not store.open().contains_named_graph(origins_graph("budget"))


def test_the_places_reach_the_command_line(tmp_path: Path, run_cli) -> None:
    assert run_cli("load", YAML, "--store", tmp_path / "store").exit_code == 0
    output = run_cli("validate", "--store", tmp_path / "store").output
    assert f"{YAML}:16" in output and "  violation  trigger: " in output


def test_a_statement_of_places_vsgraph_did_not_write_is_passed_over(tmp_path: Path) -> None:
    store = vsgraph.DiskStore(tmp_path / "store")
    store.load([YAML], name="budget")
    with store.writer():
        writable = store.open(writable=True)
        thing = ox.NamedNode("https://example.org/budget/checkout")
        written_at = ox.NamedNode("urn:vsgraph:writtenAt")
        for quad in list(writable.quads_for_pattern(thing, written_at, None, origins_graph("budget"))):
            writable.remove(quad)
        writable.add(ox.Quad(thing, written_at, ox.Literal("not JSON"), origins_graph("budget")))
        del writable
    findings = store.portfolio("budget").validate().to_dict()["findings"]
    assert not any("field" in finding for finding in findings if finding["focusNode"] == str(thing))


@pytest.fixture(scope="module", params=("oxigraph_server", "virtuoso_server"), ids=("oxigraph", "virtuoso"))
def server(request: pytest.FixtureRequest) -> vsgraph.RemoteStore:
    running = request.getfixturevalue(request.param)
    return vsgraph.RemoteStore(vsgraph.SparqlClient(running.query, running.update))


def test_findings_from_a_server_name_the_key_and_the_line(server: vsgraph.RemoteStore) -> None:
    try:
        server.load([YAML], name="origins-budget")
        assert server.portfolio("origins-budget").validate().to_dict() == vsgraph.load(YAML).validate().to_dict()
        server.load([TURTLE], name="origins-budget")
        assert _worded(server.portfolio("origins-budget").validate()) == []
    finally:  # Virtuoso serves the whole session: leave it as it was
        for graph in (portfolio_graph("origins-budget"), origins_graph("origins-budget")):
            server.client.update(f"DROP SILENT GRAPH <{graph.value}>")
