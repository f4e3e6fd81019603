"""``vsgraph reason`` names the nodes behind an inconsistency, not only HermiT's verdict."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

import vsgraph
from tests.support.paths import ROOT

CLASH = ROOT / "tests" / "data" / "reasoning" / "stream-both-kinds.ttl"
TILL = "https://example.org/clash/till-software"


def test_reason_names_the_stream_typed_both_operational_and_development(run_cli) -> None:
    result = run_cli("reason", CLASH)
    assert result.exit_code == 1
    assert TILL in result.output
    assert "Till software" in result.output
    assert "operational value stream" in result.output and "development value stream" in result.output
    # Only the stream at fault is named, not the well-typed ones beside it.
    assert "https://example.org/clash/checkout" not in result.output
    assert "https://example.org/clash/platform" not in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100


def test_the_fixture_is_consistent_without_the_clash(run_cli, tmp_path: Path) -> None:
    """The fixture's only fault is the double typing: without it, HermiT agrees."""
    graph = vsgraph.load(CLASH).graph
    graph.remove((URIRef(TILL), RDF.type, vsgraph.VSG.DevelopmentValueStream))
    fixed = tmp_path / "fixed.ttl"
    graph.serialize(fixed, format="turtle")
    assert run_cli("reason", fixed).exit_code == 0


def test_the_consistency_result_lists_the_nodes() -> None:
    result = vsgraph.load(CLASH).check_consistency()
    assert not result.consistent
    assert [clash.axiom for clash in result.clashes] == ["disjoint classes"]
    assert result.nodes == [URIRef(TILL)]
    assert TILL in result.explanation
