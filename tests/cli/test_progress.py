"""Progress on stderr: phases drawn on a terminal, nothing when stderr is not one or with --quiet."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from vsgraph.cli import progress


@pytest.fixture()
def fake_terminal(monkeypatch) -> io.StringIO:
    """Make stderr a terminal for the progress display, writing into a buffer."""
    buffer = io.StringIO()
    monkeypatch.setattr(progress, "stderr_console", lambda: Console(file=buffer, force_terminal=True, width=300))
    return buffer


def test_validate_reports_its_phases_on_a_terminal(run_cli, grocery_path, fake_terminal) -> None:
    result = run_cli("validate", grocery_path)
    assert result.exit_code == 0, result.output
    drawn = fake_terminal.getvalue()
    assert f"reading {grocery_path}" in drawn
    assert "checking the modelling rules (sparql)" in drawn
    assert "checking" not in result.output  # the answer itself is unchanged


def test_load_reports_each_file_then_the_store(run_cli, grocery_path, tmp_path, fake_terminal) -> None:
    second = tmp_path / "extra.ttl"
    second.write_text("<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> 'x' .\n", encoding="utf-8")
    result = run_cli("load", grocery_path, second, "--store", tmp_path / "store", "--name", "grocery")
    assert result.exit_code == 0, result.output
    drawn = fake_terminal.getvalue()
    assert f"reading {grocery_path} (1 of 2)" in drawn
    assert f"reading {second} (2 of 2)" in drawn
    assert "writing the store" in drawn
    assert "triples" in drawn  # the count of what has been read


def test_export_and_report_report_their_phases(run_cli, grocery_path, tmp_path, fake_terminal) -> None:
    assert run_cli("export", grocery_path, "--to", tmp_path / "g.ttl").exit_code == 0
    assert f"writing {tmp_path / 'g.ttl'}" in fake_terminal.getvalue()
    assert run_cli("report", grocery_path, "--out", tmp_path / "r.html").exit_code == 0
    assert "writing the report" in fake_terminal.getvalue()


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_draws_nothing(run_cli, grocery_path, tmp_path, fake_terminal, where) -> None:
    args = ["validate", str(grocery_path)]
    result = run_cli("--quiet", *args) if where == "before" else run_cli(*args, "--quiet")
    assert result.exit_code == 0, result.output
    store = ["load", str(grocery_path), "--store", str(tmp_path / "store")]
    assert (run_cli("-q", *store) if where == "before" else run_cli(*store, "-q")).exit_code == 0
    assert fake_terminal.getvalue() == ""


def test_nothing_extra_when_stderr_is_not_a_terminal(run_cli, grocery_path, tmp_path) -> None:
    """click's runner gives the command pipes: the output is exactly what it was without progress."""
    result = run_cli("validate", grocery_path)
    assert result.output == "0 violations, 0 warnings: the portfolio conforms to the vsgraph rules.\n"
    loaded = run_cli("load", grocery_path, "--store", tmp_path / "store")
    assert loaded.output.splitlines() == [loaded.output.strip()]
    assert loaded.output.startswith("loaded portfolio 'grocery'")


def test_phases_without_a_console_do_nothing() -> None:
    with progress.Phases(None) as phases:
        phases.start("reading")
        phases.count(5)
