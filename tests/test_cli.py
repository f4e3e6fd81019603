"""The ``vsgraph`` command: version, help, and each command's exit codes."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF

import vsgraph


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0
    assert vsgraph.__version__ in result.output


def test_every_command_has_help_with_an_example(run_cli):
    for command in ("demo", "reason", "summary"):
        result = run_cli(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output, command


def test_summary_counts_the_grocery_example(run_cli, grocery_path):
    result = run_cli("summary", grocery_path)
    assert result.exit_code == 0
    assert "3  operational value streams" in result.output


def test_reason_exit_codes(run_cli, grocery_path, tmp_path):
    assert run_cli("reason", grocery_path).exit_code == 0

    clash = tmp_path / "clash.ttl"
    graph = vsgraph.load(grocery_path).graph
    graph.add((URIRef("https://example.org/grocery/checkout"), RDF.type, vsgraph.VSG.DevelopmentValueStream))
    graph.serialize(clash, format="turtle")
    inconsistent = run_cli("reason", clash)
    assert inconsistent.exit_code == 1
    assert "inconsistent" in inconsistent.output

    missing = run_cli("reason", tmp_path / "missing.ttl")
    assert missing.exit_code == 2
    assert "missing.ttl: no such file" in missing.output


def test_demo_runs_on_the_bundled_example(run_cli):
    result = run_cli("demo")
    assert result.exit_code == 0
    assert "consistent" in result.output
