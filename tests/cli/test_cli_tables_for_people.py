"""Answers printed for people: labels, the ontology's words, human durations, 100 columns."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef, namespace

import vsgraph
from vsgraph.cli.tables import PIPE_WIDTH, draw, for_people, header_words, local_name, render_for_people
from vsgraph.durations import WorkingTime
from vsgraph.query_catalog.queries import run_query
from vsgraph.query_catalog.tables import Table

WIDE_QUERIES = [
    ("missed-targets",),
    ("strategy-tree",),
    ("customer-trace", "--param", "customer=household-shopper"),
]


def _widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


@pytest.mark.parametrize("args", WIDE_QUERIES, ids=lambda args: args[0])
def test_query_output_fits_100_columns(run_cli, grocery_path, args) -> None:
    result = run_cli("query", args[0], grocery_path, *args[1:])
    assert result.exit_code == 0, result.output
    assert _widest(result.output) <= PIPE_WIDTH
    assert "https://" not in result.output


def test_missed_targets_shows_labels_and_the_ontologys_words(run_cli, grocery_path) -> None:
    output = run_cli("query", "missed-targets", grocery_path).output
    assert "lower is better" in output and "higher is better" in output
    assert "LowerIsBetter" not in output
    # The metric's label replaces its IRI; the stream (no label column) is named by its label.
    assert "Check-out" in output and "checkout-queue-time" not in output
    header = output.splitlines()[:3]
    assert not any("metricLabel" in line or "metric label" in line for line in header)


def test_customer_trace_names_streams_and_teams(run_cli, grocery_path) -> None:
    output = run_cli("query", "customer-trace", grocery_path, "--param", "customer=household-shopper").output
    for name in ("Weekly promotions", "Store website hosting", "Web operations", "Point-of-sale developers"):
        assert name in output


def test_minutes_are_working_days_hours_and_minutes_as_in_the_report(run_cli, grocery_path) -> None:
    output = run_cli("query", "flow-efficiency", grocery_path).output
    assert "5d 2h 20min" in output  # 2540 minutes of shelf stocking, 8-hour days
    assert "47d 6h" in output and "22920" not in output  # 22920 minutes of point-of-sale software
    assert output.splitlines()[-1] == "(d is a working day of 8h)"


def test_the_length_of_the_working_day_is_an_option(run_cli, grocery_path) -> None:
    output = run_cli("query", "flow-efficiency", grocery_path, "--hours-per-day", "24").output
    assert "15d 22h" in output and "1d 18h 20min" in output  # elapsed days
    assert output.splitlines()[-1] == "(d is a working day of 24h)"
    half = run_cli("query", "flow-efficiency", grocery_path, "--hours-per-day", "7.5").output
    assert "5d 4h 50min" in half and half.splitlines()[-1] == "(d is a working day of 7.5h)"  # 2540 = 5 x 450 + 290


def test_a_table_without_durations_says_nothing_of_days(run_cli, grocery_path) -> None:
    assert "working day" not in run_cli("query", "hand-offs", grocery_path).output


def test_iris_shows_the_iris(run_cli, grocery_path) -> None:
    output = run_cli("query", "hand-offs", grocery_path, "--iris").output
    assert "https://example.org/grocery/shelf-stocking" in output
    assert output.splitlines()[0].split() == ["stream", "streamLabel", "handOffs"]
    wide = run_cli("query", "missed-targets", grocery_path, "--iris").output
    assert "https://" in wide and _widest(wide) <= PIPE_WIDTH


def test_iris_keeps_whole_iris_when_there_is_room(grocery) -> None:
    text = render_for_people(run_query(grocery, "hand-offs"), grocery, iris=True, width=200)
    assert "https://example.org/grocery/shelf-stocking" in text
    assert "streamLabel" in text


@pytest.mark.parametrize("output_format", ["csv", "json", "markdown"])
@pytest.mark.parametrize("name", ["missed-targets", "strategy-tree", "flow-efficiency"])
def test_machine_formats_are_unchanged(run_cli, grocery_path, grocery, name, output_format) -> None:
    result = run_cli("query", name, grocery_path, "--format", output_format)
    assert result.exit_code == 0
    assert result.output == run_query(grocery, name).render(output_format)


def test_sparql_machine_formats_keep_iris(run_cli, grocery_path) -> None:
    query = "SELECT ?metric ?direction WHERE { ?metric vsg:hasDirection ?direction } ORDER BY ?metric"
    rows = json.loads(run_cli("sparql", query, grocery_path, "--format", "json").output)
    assert rows[0]["direction"].startswith("https://w3id.org/vsgraph#")


def test_sparql_table_is_for_people(run_cli, grocery_path) -> None:
    query = "SELECT ?metric ?direction WHERE { ?metric vsg:hasDirection ?direction } ORDER BY ?metric"
    output = run_cli("sparql", query, grocery_path).output
    assert "lower is better" in output and "https://" not in output
    assert "https://w3id.org/vsgraph#LowerIsBetter" in run_cli("sparql", query, grocery_path, "--iris").output


def test_demo_fits_100_columns(run_cli, tmp_path, monkeypatch) -> None:
    """Every line fits, the lines naming files too when their paths are short (they are not wrapped)."""
    monkeypatch.chdir(tmp_path)
    result = run_cli("demo", "--out", "out")
    assert result.exit_code == 0, result.output
    assert _widest(result.output) <= PIPE_WIDTH
    assert "lower is better" in result.output
    assert "https://w3id.org/vsgraph#" not in result.output


def test_a_table_with_too_many_columns_prints_a_block_per_row() -> None:
    variables = [f"column{i}" for i in range(30)]
    table = Table(variables, [{name: Literal(f"value {name}") for name in variables}])
    text = draw(for_people(table, None), 100)
    assert _widest(text) <= 100
    assert "value column29" in text


def test_long_words_are_folded_not_cut() -> None:
    iri = URIRef("https://example.org/" + "q" * 300)
    table = Table(["thing", "note"], [{"thing": iri, "note": Literal("y " * 200)}])
    text = draw(for_people(table, None, iris=True), 60)
    assert _widest(text) <= 60
    assert "".join(text.split()).count("q") == 300


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        ("22920", "47d 6h"),
        ("2540", "5d 2h 20min"),
        ("15.5", "15.5min"),
        ("0", "0min"),
        ("480", "1d"),
        ("60", "1h"),
        ("P1D", "P1D"),
    ],
)
def test_a_duration_cell(minutes: str, text: str) -> None:
    datatype = namespace.XSD.decimal if minutes[0].isdigit() else None
    table = Table(["waitMinutes"], [{"waitMinutes": Literal(minutes, datatype=datatype)}])
    assert for_people(table, None, working=WorkingTime()).rows == [[text]]


def test_header_words_and_local_names() -> None:
    assert header_words("flowTimeMinutes") == "flow time"
    assert header_words("keyResult") == "key result"
    assert header_words("position") == "position"
    assert local_name(URIRef("https://w3id.org/vsgraph#LowerIsBetter")) == "LowerIsBetter"
    assert local_name(URIRef("https://example.org/grocery/checkout")) == "checkout"


def test_an_iri_without_a_label_shows_its_local_name() -> None:
    portfolio = vsgraph.Portfolio.empty()
    table = Table(["thing"], [{"thing": URIRef("https://example.org/unlabelled/thing-7")}])
    text = render_for_people(table, portfolio, width=100)
    assert "thing-7" in text and "https://" not in text
