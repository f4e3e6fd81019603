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
    for command in ("demo", "reason", "summary", "validate", "query", "sparql", "export", "docs"):
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


def test_demo_runs_the_main_job_on_the_bundled_example(run_cli, tmp_path):
    result = run_cli("demo", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert "0 violations, 0 warnings" in result.output
    assert "HermiT: consistent" in result.output
    assert "Which journey stages are enabled by no operational value stream?" in result.output
    assert "Travel to the store" in result.output
    for name in ("grocery.ttl", "grocery.jsonld", "grocery.trig", "vsgraph-context.jsonld"):
        assert (tmp_path / name).stat().st_size > 0, name
        assert str(tmp_path / name) in result.output


def test_the_command_list_shows_what_each_command_does():
    """Regression: click cut summaries after 'FILE...' (it reads the dots as a sentence end)."""
    import inspect

    from vsgraph.cli import main

    for name, command in main.commands.items():
        first_paragraph = " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())
        assert command.get_short_help_str(limit=300) == first_paragraph, name
