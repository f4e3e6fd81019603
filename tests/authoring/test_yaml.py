"""The YAML format: the grocery example, its JSON Schema, errors with file, line and key."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from rdflib.compare import isomorphic

import vsgraph
from tests.support.examples import GROCERY_TRIPLES
from tests.support.paths import DATA as TEST_DATA
from vsgraph.authoring import dump_yaml, read_portfolio, read_yaml, write_graph
from vsgraph.errors import AuthoringError, InputError
from vsgraph.examples import example_path, turtle_from_yaml
from vsgraph.resources import resource_dir

DATA = TEST_DATA / "authoring"
SCHEMA = resource_dir("schemas") / "portfolio.schema.json"


@pytest.fixture(scope="module")
def grocery_yaml() -> Path:
    return example_path(suffix=".yaml")


def test_yaml_example_is_the_bundled_turtle(grocery_yaml, grocery):
    assert isomorphic(vsgraph.load(grocery_yaml).graph, grocery.graph)


def test_checked_in_turtle_is_up_to_date_with_the_yaml(grocery_yaml, grocery_path, tmp_path):
    regenerated = tmp_path / "grocery.ttl"
    regenerated.write_text(turtle_from_yaml(grocery_yaml), encoding="utf-8")
    assert isomorphic(vsgraph.load(regenerated).graph, vsgraph.load(grocery_path).graph)
    header = grocery_path.read_text(encoding="utf-8").splitlines()[:20]
    assert header[0] == "# The grocery portfolio: vsgraph's bundled example."
    assert "# Generated from grocery.yaml by `python -m vsgraph.examples`:" in header


def test_dumped_yaml_reads_back_to_the_same_graph(grocery, tmp_path):
    path = tmp_path / "again.yaml"
    path.write_text(dump_yaml(read_portfolio(grocery)), encoding="utf-8")
    assert isomorphic(vsgraph.load(path).graph, grocery.graph)
    assert "wait_time: 6.5min" in path.read_text(encoding="utf-8")


def test_yaml_examples_follow_the_json_schema(grocery_yaml):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    document = yaml.safe_load(grocery_yaml.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(json.loads(json.dumps(document, default=str)))) == []
    wrong = {"base": "https://example.org/", "teams": [{"id": "x"}]}
    assert [e.message for e in validator.iter_errors(wrong)] == ["'name' is a required property"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "unknown-team.yaml",
            "unknown-team.yaml:11: key 'team': unknown team or person id 'cashier' in step 1 of value stream 'checkout'",
        ),
        (
            "bad-unit.yaml",
            "bad-unit.yaml:9: key 'wait_time': the wait_time of a step "
            "'3 fortnights' has an unknown unit 'fortnights': use min, h, d or w",
        ),
        ("missing-name.yaml", "missing-name.yaml:5: missing 'name' for a team 'supervisors'"),
        (
            "unknown-key.yaml",
            "unknown-key.yaml:4: key 'nmae': unknown key 'nmae' for a team; expected one of id, name, unit_of, kind, headcount",
        ),
    ],
)
def test_authoring_errors_name_file_line_and_key(name, message):
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(DATA / name)
    assert str(caught.value) == str(DATA / message)


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(InputError) as caught:
        read_yaml(DATA / "broken.yaml")
    assert caught.value.line == 5
    assert str(caught.value).startswith(f"{DATA / 'broken.yaml'}:5: not valid YAML")


def test_a_bad_file_loads_nothing(grocery_yaml):
    with pytest.raises(AuthoringError):
        vsgraph.load([grocery_yaml, DATA / "unknown-team.yaml"])


def test_cli_reads_yaml_and_reports_its_errors(run_cli, grocery_yaml):
    assert run_cli("summary", grocery_yaml).exit_code == 0
    result = run_cli("summary", DATA / "unknown-team.yaml")
    assert result.exit_code == 2
    assert "unknown-team.yaml:11: key 'team': unknown team or person id 'cashier'" in result.output


def test_explicit_input_format_overrides_the_extension(tmp_path, grocery_yaml):
    copy = tmp_path / "grocery.txt"
    copy.write_text(grocery_yaml.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(vsgraph.load(copy, input_format="yaml")) == GROCERY_TRIPLES
    assert isomorphic(write_graph(read_yaml(copy)), write_graph(read_yaml(grocery_yaml)))


def test_a_duration_may_be_written_in_parts_as_the_report_writes_it(tmp_path):
    """``1h30min`` and ``1d 2h 20min`` (the report's own form) read as 90 and 1,580 minutes,
    and the JSON schema accepts them; a part without its unit is refused at its line."""
    text = example_path(suffix=".yaml").read_text(encoding="utf-8")
    path = tmp_path / "grocery.yaml"
    path.write_text(text.replace("    process_time: 4h\n", "    process_time: 1d 2h 20min\n", 1), encoding="utf-8")
    portfolio = vsgraph.load(path)
    values = {
        row["m"].toPython()
        for row in portfolio.query("SELECT ?m WHERE { ?s <https://w3id.org/vsgraph#processTimeMinutes> ?m }").rows
    }
    assert 1580 in values
    validator = jsonschema.Draft202012Validator(json.loads((resource_dir("schemas") / "portfolio.schema.json").read_text()))
    assert list(validator.iter_errors(json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str)))) == []
    path.write_text(text.replace("    process_time: 4h\n", "    process_time: 1h30\n", 1), encoding="utf-8")
    with pytest.raises(AuthoringError, match="has a number without a unit") as caught:
        vsgraph.load(path)
    assert caught.value.line == text.splitlines().index("    process_time: 4h") + 1
