"""The benchmark script runs end to end at its smallest size (a smoke run, no timings asserted)."""

from __future__ import annotations

import json

import vsgraph
from bench.run import main


def test_the_benchmark_runs_both_pipelines_and_finds_identical_results(tmp_path, capsys):
    out = tmp_path / "results.json"
    main(["--sizes", "3k", "--repeat", "2", "--out", str(out)])
    (run,) = json.loads(out.read_text())["runs"]
    assert run["validation_identical"] and run["queries_identical"] and run["findings_match_defects"]
    assert run["jsonld_identical"] and run["queries_compared"] == len(vsgraph.catalog()) and run["naive"]["unfinished"] == []
    assert run["vsgraph"]["incremental_identical"] and run["vsgraph"]["runs_identical"]
    each_run = run["vsgraph"]["end_to_end_runs"]
    assert len(each_run) == 2 and min(each_run) <= run["vsgraph"]["end_to_end"] <= max(each_run)
    stages = {"load", "validate", "queries", "export-turtle", "export-jsonld"}
    assert stages <= set(run["vsgraph"]["stages"]) and stages <= set(run["naive"]["stages"])
    assert run["vsgraph"]["peak_mb"] > 0 and run["naive"]["peak_mb"] > 0
    printed = capsys.readouterr().out
    assert "validate-incremental" in printed and "end-to-end" in printed


def test_the_naive_pipeline_can_be_skipped_above_a_size(tmp_path, capsys):
    out = tmp_path / "results.json"
    main(["--sizes", "2k", "--skip-naive-above", "1k", "--repeat", "1", "--out", str(out)])
    (run,) = json.loads(out.read_text())["runs"]
    assert run["naive"] is None and run["validation_identical"] is None
    assert "skipped" in capsys.readouterr().out


def test_a_naive_stage_that_runs_out_of_time_is_a_lower_bound(tmp_path, capsys):
    out = tmp_path / "results.json"
    main(["--sizes", "2k", "--naive-limit", "0.001", "--repeat", "1", "--out", str(out)])
    (run,) = json.loads(out.read_text())["runs"]
    assert set(run["naive"]["unfinished"]) == {"load", "validate", "queries", "export-turtle", "export-jsonld"}
    assert run["validation_identical"] is None and run["queries_identical"] is None and run["jsonld_identical"] is None
    printed = capsys.readouterr().out
    assert ">=" in printed and "queries compared: 0" in printed
