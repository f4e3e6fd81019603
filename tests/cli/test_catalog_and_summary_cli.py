"""``vsgraph query --list`` in every output format, and ``vsgraph summary`` in good English."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.support.examples import GROCERY_TRIPLES
from vsgraph.query_catalog.queries import catalog
from vsgraph.query_catalog.summary import SINGULAR, SUMMARY_KINDS, kind_name


def test_query_list_as_json_parses_and_holds_every_query(run_cli) -> None:
    result = run_cli("query", "--list", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert [entry["name"] for entry in listed] == [query.name for query in catalog()]
    low_quality = next(entry for entry in listed if entry["name"] == "low-quality-steps")
    assert low_quality["question"] == next(q.question for q in catalog() if q.name == "low-quality-steps")
    assert low_quality["parameters"][0] == {
        "name": "threshold",
        "type": "decimal",
        "required": False,
        "default": "80",
        "description": low_quality["parameters"][0]["description"],
    }
    stream_steps = next(entry for entry in listed if entry["name"] == "stream-steps")
    assert stream_steps["parameters"][0]["required"] is True and stream_steps["parameters"][0]["default"] is None


def test_query_list_format_may_come_first(run_cli) -> None:
    assert json.loads(run_cli("query", "--format", "json", "--list").output)[0]["name"] == catalog()[0].name


def test_query_list_as_csv_and_markdown(run_cli) -> None:
    rows = list(csv.DictReader(io.StringIO(run_cli("query", "--list", "--format", "csv").output)))
    assert [row["name"] for row in rows] == [query.name for query in catalog()]
    assert next(row for row in rows if row["name"] == "low-quality-steps")["parameters"] == "threshold (decimal, default 80)"
    markdown = run_cli("query", "--list", "--format", "markdown").output.splitlines()
    assert markdown[0] == "| name | title | question | tags | parameters |"
    assert len(markdown) == len(catalog()) + 2


def test_query_list_as_text_is_unchanged(run_cli) -> None:
    assert run_cli("query", "--list").output == run_cli("query", "--list", "--format", "table").output
    assert run_cli("query", "--list").output.startswith(f"{catalog()[0].name}: {catalog()[0].title}\n    ")


def test_query_without_a_name_is_a_usage_error(run_cli, grocery_path) -> None:
    result = run_cli("query")
    assert result.exit_code == 2
    assert "Missing argument 'NAME'" in result.output


def test_summary_says_one_of_a_kind_in_the_singular(run_cli, tmp_path) -> None:
    path = tmp_path / "one.ttl"
    path.write_text(
        "@prefix vsg: <https://w3id.org/vsgraph#> .\n<https://example.org/platform> a vsg:DevelopmentValueStream .\n",
        encoding="utf-8",
    )
    result = run_cli("summary", path)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "1 triple"
    assert "     1  development value stream" in lines
    assert "     0  operational value streams" in lines
    assert "     0  customers" in lines
    assert "1 development value streams" not in result.output


def test_summary_of_the_grocery_example_keeps_its_plurals(run_cli, grocery_path) -> None:
    lines = run_cli("summary", grocery_path).output.splitlines()
    assert lines[0] == f"{GROCERY_TRIPLES} triples"
    assert "     2  development value streams" in lines


@pytest.mark.parametrize("kind", list(SUMMARY_KINDS))
def test_every_kind_has_a_singular(kind) -> None:
    assert kind_name(kind, 1) == SINGULAR[kind] != kind
    assert kind_name(kind, 0) == kind_name(kind, 2) == kind
