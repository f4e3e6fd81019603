"""The vocabulary words are read whatever their case, in YAML, workbooks and CSV folders."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from rdflib.compare import isomorphic

import vsgraph
from vsgraph.authoring import read_yaml, write_csv_folder, write_workbook
from vsgraph.errors import AuthoringError

LOWER = """\
base: https://example.org/shop/
teams:
- id: art
  name: Store technology ART
  kind: agile-release-train
value_streams:
- id: checkout
  name: Check-out
  kind: operational
  interactions:
  - id: pay
    name: Pay
    kind: self-service
metrics:
- id: queue
  name: Queue time
  direction: lower-is-better
  focus: [flow, quality]
initiatives:
- id: tills
  name: New tills
  status: active
"""
#: The same portfolio as people type it.
SHOUTED = (
    LOWER.replace("kind: agile-release-train", "kind: Agile-Release-Train")
    .replace("kind: operational", "kind: Operational")
    .replace("kind: self-service", "kind: SELF-SERVICE")
    .replace("direction: lower-is-better", "direction: Lower-Is-Better")
    .replace("[flow, quality]", "[Flow, QUALITY]")
    .replace("status: active", "status: Active")
)


@pytest.fixture()
def reference(tmp_path) -> vsgraph.Portfolio:
    (tmp_path / "lower.yaml").write_text(LOWER, encoding="utf-8")
    return vsgraph.load(tmp_path / "lower.yaml")


def test_yaml_words_in_any_case(tmp_path, reference):
    (tmp_path / "shouted.yaml").write_text(SHOUTED, encoding="utf-8")
    assert isomorphic(vsgraph.load(tmp_path / "shouted.yaml").graph, reference.graph)


def test_workbook_words_in_any_case(tmp_path, reference):
    path = tmp_path / "shop.xlsx"
    write_workbook(read_yaml(tmp_path / "lower.yaml"), path)
    book = openpyxl.load_workbook(path)
    for sheet, column, word in (("value_streams", "C", "OPERATIONAL"), ("teams", "D", "Agile-Release-Train")):
        assert book[sheet][f"{column}1"].value == "kind"
        book[sheet][f"{column}2"] = word
    book.save(path)
    assert isomorphic(vsgraph.load(path).graph, reference.graph)


def test_csv_words_in_any_case(tmp_path, reference):
    folder = tmp_path / "shop"
    write_csv_folder(read_yaml(tmp_path / "lower.yaml"), folder)
    metrics = folder / "metrics.csv"
    rows = list(csv.reader(metrics.open(encoding="utf-8", newline="")))
    rows[1][rows[0].index("direction")] = "Lower-Is-Better"
    rows[1][rows[0].index("focus")] = "FLOW, Quality"
    with metrics.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert isomorphic(vsgraph.load(folder).graph, reference.graph)


def test_a_word_that_is_none_of_them_is_still_refused(tmp_path):
    (tmp_path / "bad.yaml").write_text(LOWER.replace("status: active", "status: Activ"), encoding="utf-8")
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(tmp_path / "bad.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 'bad.yaml'}:22: key 'status': the status of a initiative must be one of "
        "planned, active, completed, not 'Activ'"
    )
