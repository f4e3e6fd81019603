"""A key result's baseline, target, unit, direction, baseline date and deadline in every
authoring format (YAML, XLSX, CSV, the builder), and the errors bad ones give."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from rdflib import Literal, Namespace
from rdflib.namespace import XSD

import vsgraph
from vsgraph import VSG
from vsgraph.authoring import PortfolioBuilder, dump_yaml, read_portfolio, read_workbook, read_yaml, write_csv_folder, write_graph
from vsgraph.authoring.spreadsheet import write_workbook
from vsgraph.errors import AuthoringError

SHOP = Namespace("https://example.org/shop/")

YAML = """\
base: https://example.org/shop/
themes:
- id: grow
  name: Grow
objectives:
- id: fast
  name: Fast check-out
  theme: grow
key_results:
- id: queue
  name: Queue under 3 minutes
  objective: fast
  baseline: 6
  target: 3
  unit: minutes
  direction: lower-is-better
  baseline_date: 2026-07-01
  deadline: 2027-01-01
"""


def _yaml(tmp_path: Path, text: str, name: str = "shop.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _expected_triples() -> set[tuple]:
    return {
        (SHOP.queue, VSG.baselineValue, Literal(Decimal(6))),
        (SHOP.queue, VSG.targetValue, Literal(Decimal(3))),
        (SHOP.queue, VSG.unit, Literal("minutes")),
        (SHOP.queue, VSG.hasDirection, VSG.LowerIsBetter),
        (SHOP.queue, VSG.baselineDate, Literal("2026-07-01T00:00:00", datatype=XSD.dateTime)),
        (SHOP.queue, VSG.deadline, Literal("2027-01-01T00:00:00", datatype=XSD.dateTime)),
    }


def test_yaml_keys_become_triples_and_come_back(tmp_path: Path) -> None:
    portfolio = vsgraph.load(_yaml(tmp_path, YAML))
    assert _expected_triples() <= set(portfolio.graph)
    model = read_portfolio(portfolio)
    (queue,) = model.key_results
    assert (queue.baseline, queue.target, queue.unit, queue.direction) == (6, 3, "minutes", "lower-is-better")
    assert (queue.baseline_date, queue.deadline) == (datetime(2026, 7, 1), datetime(2027, 1, 1))
    dumped = dump_yaml(model)
    assert "  baseline: 6\n  target: 3\n  unit: minutes\n  direction: lower-is-better\n" in dumped
    assert "  baseline_date: 2026-07-01\n  deadline: 2027-01-01\n" in dumped
    again = vsgraph.load(_yaml(tmp_path, dumped, "again.yaml"))
    assert set(again.graph) == set(portfolio.graph)


def test_the_workbook_and_csv_folder_carry_the_keys(tmp_path: Path) -> None:
    model = read_yaml(_yaml(tmp_path, YAML))
    write_workbook(model, tmp_path / "shop.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "shop.xlsx")["key_results"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["id", "name", "objective", "baseline", "target", "unit", "direction", "baseline_date", "deadline"]
    assert read_workbook(tmp_path / "shop.xlsx") == model
    write_csv_folder(model, tmp_path / "csv")
    with (tmp_path / "csv" / "key_results.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == [
        "queue",
        "Queue under 3 minutes",
        "fast",
        "6",
        "3",
        "minutes",
        "lower-is-better",
        "2026-07-01",
        "2027-01-01",
    ]
    assert _expected_triples() <= set(vsgraph.load(tmp_path / "csv").graph)


def test_the_builder_takes_the_keys() -> None:
    builder = PortfolioBuilder("https://example.org/shop/")
    builder.theme("grow", "Grow")
    builder.objective("fast", "Fast check-out", "grow")
    builder.key_result(
        "queue",
        "Queue under 3 minutes",
        "fast",
        baseline=6,
        target=3,
        unit="minutes",
        direction="lower-is-better",
        baseline_date=datetime(2026, 7, 1).date(),
        deadline=datetime(2027, 1, 1),
    )
    assert _expected_triples() <= set(write_graph(builder.model))
    with pytest.raises(AuthoringError, match="the target of key result 'flat' equals its baseline"):
        builder.key_result("flat", "Flat", "fast", baseline=5, target=5)


def test_a_target_equal_to_the_baseline_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _yaml(tmp_path, YAML.replace("  target: 3\n", "  target: 6.0\n"))
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(path)
    assert str(caught.value) == (
        f"{path}:14: key 'target': the target of key result 'queue' equals its baseline (6.0): "
        "progress from the baseline to the target cannot be measured"
    )


def test_a_deadline_that_is_not_a_date_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _yaml(tmp_path, YAML.replace("  deadline: 2027-01-01\n", "  deadline: next spring\n"))
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(path)
    assert str(caught.value) == (
        f"{path}:18: key 'deadline': the deadline of a key result must be a date like 2026-09-30, not 'next spring'"
    )


def test_a_bad_deadline_in_a_csv_folder_names_its_cell(tmp_path: Path) -> None:
    model = read_yaml(_yaml(tmp_path, YAML))
    folder = tmp_path / "csv"
    write_csv_folder(model, folder)
    sheet = folder / "key_results.csv"
    rows = list(csv.reader(sheet.open(encoding="utf-8")))
    rows[1][8] = "soon"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(folder)
    assert str(caught.value) == (
        f"{folder}: sheet 'key_results', row 2, column I (deadline): "
        "the deadline of a key result must be a date like 2026-09-30, not 'soon'"
    )
