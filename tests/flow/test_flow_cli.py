"""``vsgraph flow import`` and ``vsgraph flow metrics``."""

from __future__ import annotations

import json

from rdflib import Graph

from tests.support.paths import DATA

FLOW = DATA / "flow"
CHECKOUT = "https://example.org/shop/checkout"


def test_import_writes_turtle(run_cli, tmp_path):
    out = tmp_path / "items.ttl"
    result = run_cli(
        "flow", "import", FLOW / "checkout-items.csv", "--stream", CHECKOUT, "--mapping", FLOW / "mapping.yaml", "-o", out
    )
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(out)) > 100


def test_metrics_of_files_and_an_export(run_cli, tmp_path):
    items = tmp_path / "items.ttl"
    run_cli("flow", "import", FLOW / "checkout-items.csv", "--stream", CHECKOUT, "--mapping", FLOW / "mapping.yaml", "-o", items)
    result = run_cli(
        "flow",
        "metrics",
        FLOW / "shop.ttl",
        items,
        "--work-items",
        f"{FLOW / 'payments-items.csv'}=https://example.org/shop/payments",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-29",
        "--days",
        "14",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["stream"].rsplit("/", 1)[1], r["start"][:10], r["velocity"]) for r in rows] == [
        ("checkout", "2026-01-01", 2),
        ("checkout", "2026-01-15", 3),
        ("payments", "2026-01-01", 1),
        ("payments", "2026-01-15", 0),
    ]
    assert rows[1]["flowEfficiencyPercent"] == 60 and rows[0]["predictabilityBand"] == "within"
    assert rows[1]["flowTimeDays"] == round(27.5 / 3, 2)


def test_bad_input_is_one_line_and_exit_2(run_cli, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("Issue key,Issue Type,Created,To Status,Changed\nX-1,Bug,2026-01-01,Parked,2026-01-02\n", encoding="utf-8")
    result = run_cli("flow", "import", export, "--stream", CHECKOUT)
    assert result.exit_code == 2
    assert "export.csv:2: row 1: the status 'Parked' is not in the mapping" in result.output
    assert "Traceback" not in result.output


def test_a_bad_window_is_exit_2(run_cli):
    result = run_cli("flow", "metrics", FLOW / "shop.ttl", "--from", "2026-02-01", "--to", "2026-01-01")
    assert (result.exit_code == 2 and "does not come after" in result.output) or "before it starts" in result.output
