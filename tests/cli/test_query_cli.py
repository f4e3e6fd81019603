"""``vsgraph query`` and ``vsgraph sparql`` end to end: output formats, errors and exit codes."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, URIRef

from tests.support.paths import ROOT
from vsgraph.query_catalog.queries import catalog

QUERIES = ROOT / "queries"


def test_list_shows_every_query_with_its_question_and_parameters(run_cli) -> None:
    result = run_cli("query", "--list")
    assert result.exit_code == 0
    for query in catalog():
        assert f"{query.name}: {query.title}\n    {query.question}\n" in result.output
    assert "    --param threshold=... (decimal, default 80): steps whose percent" in result.output
    assert "    --param stream=... (iri, required): the value stream" in result.output


def test_query_prints_an_aligned_table(run_cli, grocery_path) -> None:
    result = run_cli("query", "hand-offs", grocery_path, "--iris")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["stream", "streamLabel", "handOffs"]
    assert set(lines[1]) == {"-", " "}
    assert re.split(r"\s{2,}", lines[2]) == ["https://example.org/grocery/shelf-stocking", "Shelf stocking", "3"]
    assert len(lines) == 7


def test_query_with_a_parameter_as_csv(run_cli, grocery_path) -> None:
    result = run_cli("query", "low-quality-steps", grocery_path, "--param", "threshold=65", "--format", "csv")
    assert result.exit_code == 0
    assert result.output == (
        "stream,step,stepLabel,percentCompleteAccurate\n"
        "https://example.org/grocery/shelf-stocking,https://example.org/grocery/shelf-stocking-step-2,"
        "Order replenishment,60\n"
    )


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_as_json_on_either_engine(run_cli, grocery_path, engine) -> None:
    result = run_cli(
        "query",
        "retirement-impact",
        grocery_path,
        "--engine",
        engine,
        "--param",
        "developmentStream=website-hosting",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [(row["operationalStreamLabel"], row["lastSupport"], row["stageLabel"]) for row in rows] == [
        ("Check-out", True, "Check out"),
        ("Shelf stocking", True, "Shop"),
        ("Weekly promotions", True, "Choose a store"),
    ]


def test_query_as_markdown(run_cli, grocery_path) -> None:
    result = run_cli("query", "unsupported-operational-streams", grocery_path, "--format", "markdown")
    assert result.exit_code == 0
    assert result.output == "| stream | streamLabel |\n| --- | --- |\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "handoffs"], "there is no query called 'handoffs'; did you mean hand-offs?"),
        (["query", "stream-steps"], "query 'stream-steps' needs the parameter 'stream' (iri)"),
        (["query", "low-quality-steps", "--param", "threshold=high"], "expected a decimal number"),
        (["query", "widely-supporting-development-streams", "--param", "n=two"], "expected an integer"),
        (["query", "hand-offs", "--param", "team=cashiers"], "query 'hand-offs' has no parameter 'team'"),
        (["sparql", "SELEC ?x WHERE { ?x ?p ?o }"], "the SPARQL query is not valid: error at 1:1"),
        (["sparql", "SELECT * WHERE { ?x ?p ?o }", "--backend", "rdflib", "--format", "xml"], "Invalid value for '--format'"),
    ],
)
def test_errors_end_with_exit_code_2(run_cli, grocery_path, args, message) -> None:
    result = run_cli(*args[:2], grocery_path, *args[2:])
    assert result.exit_code == 2
    assert message in result.output


def test_a_param_without_equals_is_a_usage_error(run_cli, grocery_path) -> None:
    result = run_cli("query", "low-quality-steps", grocery_path, "--param", "threshold")
    assert result.exit_code == 2
    assert "'threshold' is not KEY=VALUE" in result.output


def test_rdflib_syntax_errors_are_reported_too(run_cli, grocery_path) -> None:
    result = run_cli("sparql", "SELECT ?x WHERE { ?x foo:bar ?o }", grocery_path, "--engine", "rdflib")
    assert result.exit_code == 2
    assert "vsgraph: error: the SPARQL query is not valid: Unknown namespace prefix : foo" in result.output


def test_sparql_runs_a_query_file_as_csv(run_cli, grocery_path) -> None:
    result = run_cli("sparql", QUERIES / "unmeasured-streams.rq", grocery_path, "--format", "csv")
    assert result.exit_code == 0
    assert result.output == "stream,streamLabel,kind\n"


def test_sparql_select_text(run_cli, grocery_path) -> None:
    sparql = "SELECT ?node WHERE { ?node <https://w3id.org/vsgraph#position> 4 } ORDER BY ?node"
    result = run_cli("sparql", sparql, grocery_path, "--format", "csv")
    assert result.exit_code == 0
    assert result.output == ("node\nhttps://example.org/grocery/check-out\nhttps://example.org/grocery/shelf-stocking-step-4\n")


def test_sparql_ask(run_cli, grocery_path) -> None:
    travel = "ASK { ?stream <https://w3id.org/vsgraph#enablesStage> <https://example.org/grocery/travel> }"
    assert run_cli("sparql", travel, grocery_path).output == "false\n"
    assert run_cli("sparql", travel.replace("travel", "shop"), grocery_path, "--format", "json").output == '{"boolean": true}\n'


def test_sparql_construct_prints_turtle_or_json_ld(run_cli, grocery_path) -> None:
    sparql = (
        "CONSTRUCT { ?stream <https://example.org/runs> ?solution } "
        "WHERE { ?stream <https://w3id.org/vsgraph#runsOn> <https://example.org/grocery/till-software> . "
        "BIND(<https://example.org/grocery/till-software> AS ?solution) }"
    )
    turtle = run_cli("sparql", sparql, grocery_path)
    assert turtle.exit_code == 0
    runs = set(Graph().parse(data=turtle.output, format="turtle").subjects(URIRef("https://example.org/runs")))
    assert runs == {URIRef("https://example.org/grocery/checkout"), URIRef("https://example.org/grocery/shelf-stocking")}
    as_json = json.loads(run_cli("sparql", sparql, grocery_path, "--format", "json").output)
    assert sorted(node["@id"] for node in as_json) == [
        "https://example.org/grocery/checkout",
        "https://example.org/grocery/shelf-stocking",
    ]
    assert run_cli("sparql", sparql, grocery_path, "--format", "csv").exit_code == 2
