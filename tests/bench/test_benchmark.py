"""The benchmark script runs end to end at its smallest size (a smoke run, no timings asserted)."""

from __future__ import annotations

import json
import time

import vsgraph
from bench.compare import compare
from bench.compare import main as compare_main
from bench.memory import MemoryWatch
from bench.run import _median_run, main
from vsgraph.engine.parallel import fork_map

MB = 2**20


def test_the_benchmark_runs_both_pipelines_and_finds_identical_results(tmp_path, capsys):
    out = tmp_path / "results.json"
    main(["--sizes", "3k", "--repeat", "2", "--out", str(out)])
    (run,) = json.loads(out.read_text())["runs"]
    assert run["validation_identical"] and run["queries_identical"] and run["findings_match_defects"]
    assert run["jsonld_identical"] and run["queries_compared"] == len(vsgraph.catalog()) and run["naive"]["unfinished"] == []
    assert run["vsgraph"]["incremental_identical"] and run["vsgraph"]["runs_identical"]
    assert run["vsgraph"]["catalog_identical"]
    # How the median is taken is checked on known numbers below; here, that both runs were timed.
    assert len(run["vsgraph"]["end_to_end_runs"]) == 2 and all(s > 0 for s in run["vsgraph"]["end_to_end_runs"])
    assert 0 < run["vsgraph"]["reference_load"] < run["vsgraph"]["end_to_end"]
    stages = {"load", "validate", "queries", "export-turtle", "export-jsonld"}
    assert stages <= set(run["vsgraph"]["stages"]) and stages <= set(run["naive"]["stages"])
    timed = run["vsgraph"]["query_seconds"]
    assert set(timed) == {query.name for query in vsgraph.catalog()} and all(seconds > 0 for seconds in timed.values())
    assert run["vsgraph"]["peak_mb"] > 0 and run["naive"]["peak_mb"] > 0
    assert run["vsgraph"]["peak_mb_with_workers"] > 0
    printed = capsys.readouterr().out
    assert "validate-incremental" in printed and "end-to-end" in printed and "plain pyoxigraph load" in printed
    assert "queries-one-by-one" in printed and "whole catalog at once = one by one: true" in printed


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


def test_repeated_runs_report_medians_and_compare_findings_without_a_path():
    def run(seconds: float, findings: list) -> dict:
        stages = dict.fromkeys(("load", "validate", "queries", "export-turtle", "export-jsonld"), seconds)
        return {
            "stages": stages,
            "query_seconds": {"q": seconds},
            "answers": {"q": [["a"]]},
            "findings": findings,
            "peak_mb": 10 * seconds,
            "incremental_identical": True,
            "catalog_identical": seconds < 3,
            "reference_load": seconds / 2,
        }

    findings = [("urn:a", None, "urn:shape"), ("urn:a", "urn:p", "urn:shape")]
    merged = _median_run([run(1.0, findings), run(3.0, findings[::-1]), run(2.0, findings)])
    assert merged["stages"]["load"] == 2.0 and merged["query_seconds"] == {"q": 2.0}
    assert merged["end_to_end_runs"] == [4.0, 12.0, 8.0] and merged["end_to_end"] == 8.0
    assert merged["peak_mb"] == 30.0
    assert merged["runs_identical"] and not merged["catalog_identical"]
    assert merged["reference_load"] == 1.0 and merged["end_to_end_per_reference_load"] == 8.0
    unlike = _median_run([run(1.0, findings), run(1.0, findings[:1])])
    assert not unlike["runs_identical"] and unlike["catalog_identical"]


def test_memory_watch_adds_forked_workers_and_counts_shared_pages_once():
    with MemoryWatch(interval=0.01) as alone:
        time.sleep(0.1)
    inherited = b"x" * (300 * MB)  # shared by the workers, who only read it

    def hold(_: int) -> int:
        own = b"y" * (100 * MB)
        time.sleep(1.0)  # long enough for both workers to hold their memory at once
        return len(own) + len(inherited)

    with MemoryWatch(interval=0.01) as watched:
        fork_map(hold, [0, 1], 2)
    assert alone.peak_mb is not None and watched.peak_mb is not None
    added = watched.peak_mb - alone.peak_mb
    assert 300 + 2 * 100 - 50 < added < 300 + 2 * 100 + 150  # adding up RSS would count 900 MB more


def test_the_comparison_runs_a_revision_and_the_working_tree_on_the_same_portfolio(capsys):
    compare_main(["--base", "HEAD", "--size", "1k", "--rounds", "1", "--same-work"])
    printed = capsys.readouterr().out
    assert "HEAD -> working tree, the same rules and questions, 1,000 triples" in printed
    stages = {line.split()[0] for line in printed.splitlines()[2:-1]}
    assert {"load", "validate", "queries", "export-turtle", "export-jsonld", "validate-incremental"} <= stages
    assert printed.rstrip().endswith(f"same answers to the {len(vsgraph.catalog())} questions both catalogs hold: true")
    assert "same findings: true" in printed


def test_the_comparison_gives_medians_their_ratio_and_answers_that_differ():
    def run(seconds: float, answer: str, findings: list) -> dict:
        return {"stages": {"load": seconds}, "findings": findings, "answers": {"q": [[answer]], f"only-{answer}": []}}

    before = [run(1.0, "a", [["f", None, "s"]]), run(3.0, "a", [["f", None, "s"]]), run(2.5, "a", [["f", None, "s"]])]
    after = [run(5.0, "b", [["f", None, "s"]])]
    lines = compare(before, after).splitlines()
    assert lines[1].split() == ["load", "2.50", "5.00", "2.00x"]
    assert lines[-1] == "same findings: true; same answers to the 1 questions both catalogs hold: false"
    assert compare(before, [run(2.5, "a", [])]).splitlines()[-1].startswith("same findings: false; ")
