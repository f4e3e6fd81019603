"""The portfolio-scale benchmark: vsgraph against the naive rdflib + pyshacl stack.

    python -m bench.run --sizes 10k,100k,1M --out bench/results.json

For each size it generates a synthetic portfolio (seeded, :mod:`bench.generator`) and runs,
each in its own subprocess so that peak memory (``ru_maxrss``) is that pipeline's alone:

* **vsgraph**: load into Oxigraph, full validation (SPARQL engine), the whole catalog at
  once (``vsgraph.run_queries``, which spreads the queries over the cores), then every
  catalog query again one by one, each timed on its own, Turtle export, JSON-LD export
  (compacted with the vsgraph context), and an incremental re-validation after editing
  one value stream;
* **naive**: rdflib ``Graph().parse``, ``pyshacl.validate`` with default options (the same
  shapes, the ontology as ``ont_graph``), rdflib's SPARQL engine for every catalog query,
  rdflib's Turtle and JSON-LD serializers. Each naive stage may take ``--naive-limit``
  seconds (the queries share one budget): a stage cut off is reported as a lower bound,
  so a million triples need not cost hours of pyshacl and rdflib SPARQL.

vsgraph forks workers (validation, the catalog, large exports), whose memory
``ru_maxrss`` does not count; one more vsgraph run per size, untimed, sums the PSS of the
process and its workers as it goes (:mod:`bench.memory`).

It prints one table (stage x size: seconds, ratio, peak memory, identical results) and
writes the same as JSON. "Identical" compares validation results as (focus node, path,
source shape), query answers row by row, and the two JSON-LD files as graphs; the vsgraph
findings are also checked against the generator's injected defects. Timings are not
asserted anywhere: the machine is shared, so the ratio against the naive stack measured in
the same run is what to track.

The vsgraph pipeline runs ``--repeat`` times (3 by default), each in a new process, and
each of its times is the median of those runs: on a shared two-core machine one run of the
same pipeline was seen to vary by a quarter, and the machine's pace by half within an hour.
So before each run a plain pyoxigraph load of the same file is timed too (the issue's
reference: about 3 s at a million triples where its targets were set), and the table gives
the end-to-end time as a multiple of it. The naive pipeline, minutes long, runs once.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generator import BASE, generate, iter_sizes, ovs_count_for_triples
from bench.memory import MemoryWatch

CATALOG_ARGUMENTS = {  # required parameters of catalog queries, bound to generated nodes
    "customer": f"{BASE}customer-0",
    "developmentStream": f"{BASE}dvs-0",
    "stream": f"{BASE}ovs-0",
}
#: The stages summed into the end-to-end time the issue's target is about.
END_TO_END = ("load", "validate", "queries", "export-turtle")
#: The naive stage a vsgraph stage is compared with, where their names differ: rdflib
#: answers the catalog one query at a time either way.
NAIVE_STAGE = {"queries-one-by-one": "queries"}


def _timed(stages: dict[str, float], name: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    stages[name] = time.perf_counter() - start
    return result


def _query_args(query: Any) -> dict[str, str]:
    return {p.name: CATALOG_ARGUMENTS[p.name] for p in query.parameters if p.required}


def _answers(table: Any) -> list[list[str]]:
    return sorted([["" if t is None else str(t) for t in row] for row in table.terms])


def run_vsgraph(path: Path, work_dir: Path) -> dict[str, Any]:
    """The vsgraph pipeline on one N-Triples file, timed."""
    return {**_vsgraph_pipeline(path, work_dir), "peak_mb": _peak_mb()}


def run_vsgraph_memory(path: Path, work_dir: Path) -> dict[str, Any]:
    """The vsgraph pipeline once more, untimed, its memory watched together with that of the
    workers it forks (:mod:`bench.memory`). Reading a process's PSS walks its page tables
    (26 ms at 1 GB), which would slow the timed runs."""
    with MemoryWatch() as memory:
        _vsgraph_pipeline(path, work_dir)
    return {"peak_mb_with_workers": memory.peak_mb}


def _vsgraph_pipeline(path: Path, work_dir: Path) -> dict[str, Any]:
    import vsgraph
    from vsgraph.validation.incremental import IncrementalValidator
    from vsgraph.vocabulary.namespace import VSG

    stages: dict[str, float] = {}
    portfolio = _timed(stages, "load", lambda: vsgraph.load(path))
    report = _timed(stages, "validate", lambda: vsgraph.validate(portfolio))
    catalog = vsgraph.catalog()
    # The whole catalog at once, as a user asking every question would (forked workers on a
    # large portfolio): the "queries" stage of the end-to-end time.
    tables = _timed(stages, "queries", lambda: vsgraph.run_queries(portfolio, [(q.name, _query_args(q)) for q in catalog]))
    at_once = [_answers(table) for table in tables]
    del tables  # the next pass starts with the memory the catalog run started with
    # Then each question on its own, timed, with the term caches as cold as they were above.
    _forget_converted_terms()
    answers, query_seconds = {}, {}
    for query in catalog:
        table = _timed(query_seconds, query.name, lambda q=query: vsgraph.run_query(portfolio, q.name, _query_args(q)))
        answers[query.name] = _answers(table)
    stages["queries-one-by-one"] = sum(query_seconds.values())
    catalog_identical = at_once == [answers[q.name] for q in catalog]
    # Without the provenance record: both pipelines serialise exactly the loaded graph.
    options = {"provenance": False}
    _timed(stages, "export-turtle", lambda: portfolio.export(work_dir / "vsgraph.ttl", **options))
    _timed(stages, "export-jsonld", lambda: portfolio.export(work_dir / "vsgraph.jsonld", **options))

    from rdflib import Literal, URIRef

    validator = IncrementalValidator(portfolio)  # its full validation is the "validate" stage again
    step = URIRef(f"{CATALOG_ARGUMENTS['stream']}-step-1")
    edit = {"removed": [(step, VSG.position, Literal(1))], "added": [(step, VSG.position, Literal(0))]}
    incremental = _timed(stages, "validate-incremental", lambda: validator.apply(**edit))
    return {
        "stages": stages,
        "query_seconds": query_seconds,
        "findings": list(_finding_keys(report.findings)),
        "incremental_identical": incremental.findings == vsgraph.validate(portfolio).findings,
        "catalog_identical": catalog_identical,
        "answers": answers,
    }


def _forget_converted_terms() -> None:
    """Empty vsgraph's caches of terms converted from Oxigraph, so that a pass over the
    catalog pays for its conversions as the first one did."""
    from vsgraph.engine import terms

    terms.to_rdflib.cache_clear()
    terms._TSV_TERMS.clear()


def run_reference(path: Path) -> dict[str, float]:
    """The machine's pace: a plain pyoxigraph load of the same file into a new store.

    The issue's targets were set where this took about 3 s at a million triples; timing it
    next to each vsgraph run tells how fast the machine is at that moment.
    """
    import pyoxigraph as ox

    start = time.perf_counter()
    ox.Store().load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return {"seconds": time.perf_counter() - start}


class StageTimeout(BaseException):
    """A naive stage ran out of time (a BaseException, so no library's ``except Exception`` eats it)."""


def _limited(stages: dict[str, float], unfinished: list[str], name: str, limit: float, work: Callable[[], Any]) -> Any:
    """Run one naive stage for at most ``limit`` seconds; on time-out record it unfinished.

    pyshacl and rdflib run in Python, so the alarm's exception interrupts them cleanly.
    """

    def alarm(signum: int, frame: Any) -> None:
        raise StageTimeout(name)

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, max(limit, 0.001))
    start = time.perf_counter()
    try:
        return work()
    except StageTimeout:
        unfinished.append(name)
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - start


def run_naive(path: Path, work_dir: Path, limit: float) -> dict[str, Any]:
    """The naive pipeline: plain rdflib, pyshacl with default options, rdflib SPARQL.

    Each stage gets at most ``limit`` seconds (the queries share one budget); a stage
    that runs out is listed in ``unfinished`` and its time is a lower bound.
    """
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    import vsgraph
    from vsgraph.engine.backends import RdflibBackend
    from vsgraph.resources import resource_dir
    from vsgraph.vocabulary.ontology import ontology_graph

    stages: dict[str, float] = {}
    unfinished: list[str] = []
    result: dict[str, Any] = {"stages": stages, "unfinished": unfinished, "query_seconds": {}, "answers": {}}
    graph = _limited(stages, unfinished, "load", limit, lambda: Graph().parse(path, format="nt"))
    if graph is None:
        unfinished += ["validate", "queries", "export-turtle", "export-jsonld"]
        return {**result, "findings": None, "peak_mb": _peak_mb()}
    shapes = Graph()
    for name in ("vsgraph-shapes.ttl", "vsgraph-recommended.ttl"):
        shapes.parse(resource_dir("shapes") / name)
    report = _limited(
        stages, unfinished, "validate", limit, lambda: pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology_graph())
    )
    findings = None
    if report is not None:
        results = report[1]
        findings = list(
            {
                (
                    str(results.value(r, SH.focusNode)),
                    _path_text(results, results.value(r, SH.resultPath)),
                    str(results.value(r, SH.sourceShape)),
                )
                for r in results.subjects(RDF.type, SH.ValidationResult)
            }
        )
    portfolio = vsgraph.Portfolio(RdflibBackend(graph))
    stages["queries"] = 0.0
    for query in vsgraph.catalog():
        remaining = limit - stages["queries"]
        table = _limited(
            result["query_seconds"],
            unfinished,
            query.name,
            remaining,
            lambda q=query: vsgraph.run_query(portfolio, q.name, _query_args(q)),
        )
        stages["queries"] += result["query_seconds"][query.name]
        if table is None:
            unfinished.remove(query.name)
            unfinished.append("queries")
            del result["query_seconds"][query.name]
            break
        result["answers"][query.name] = _answers(table)
    _limited(stages, unfinished, "export-turtle", limit, lambda: graph.serialize(work_dir / "naive.ttl", format="turtle"))
    context = json.loads((resource_dir("ontology") / "context.jsonld").read_text())
    _limited(
        stages,
        unfinished,
        "export-jsonld",
        limit,
        lambda: graph.serialize(work_dir / "naive.jsonld", format="json-ld", context=context["@context"]),
    )
    return {**result, "findings": findings, "peak_mb": _peak_mb()}


def _same_graph(a: Path, b: Path) -> bool:
    """Whether two RDF files hold the same triples (read by vsgraph, compared as N-Triples).

    Neither holds blank nodes (the generator makes none), so equal lines mean equal graphs.
    """
    import vsgraph

    return sorted(vsgraph.load(a).backend.ntriples().splitlines()) == sorted(vsgraph.load(b).backend.ntriples().splitlines())


def _finding_keys(findings: Any) -> set[tuple[str, str | None, str]]:
    from vsgraph.validation.findings import path_text

    return {(str(f.focus_node), path_text(f.path), str(f.source_shape)) for f in findings}


def _path_text(results: Any, node: Any) -> str | None:
    from rdflib.extras.shacl import parse_shacl_path

    from vsgraph.validation.findings import path_text

    return None if node is None else path_text(parse_shacl_path(results, node))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_subprocess(pipeline: str, path: Path, work_dir: Path, limit: float) -> dict[str, Any]:
    out = work_dir / f"{pipeline}.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--pipeline",
            pipeline,
            "--file",
            str(path),
            "--json",
            str(out),
            "--naive-limit",
            str(limit),
        ],
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(out.read_text())


def benchmark(
    sizes: list[int], skip_naive_above: int | None, seed: int = 42, naive_limit: float = 300.0, repeat: int = 3
) -> dict[str, Any]:
    """Run both pipelines at each size (triples) and compare them; vsgraph ``repeat`` times."""
    runs = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work_dir = Path(tmp)
            synthetic = generate(ovs_count_for_triples(size), seed=seed)
            path = synthetic.write(work_dir / "portfolio.nt")
            fast_runs = []
            for _ in range(repeat):
                # Just before each run, so that both see the machine in the same state.
                reference = _in_subprocess("reference", path, work_dir, naive_limit)["seconds"]
                fast_runs.append({**_in_subprocess("vsgraph", path, work_dir, naive_limit), "reference_load": reference})
            fast = {**_median_run(fast_runs), **_in_subprocess("vsgraph-memory", path, work_dir, naive_limit)}
            naive = None
            if skip_naive_above is None or size <= skip_naive_above:
                naive = _in_subprocess("naive", path, work_dir, naive_limit)
            jsonld_identical = None
            if naive is not None and "export-jsonld" not in naive["unfinished"]:
                jsonld_identical = _same_graph(work_dir / "vsgraph.jsonld", work_dir / "naive.jsonld")
        expected = list(set().union(*(d.expected_findings() for d in synthetic.defects)))
        runs.append(
            {
                "size": size,
                "triples": len(synthetic.lines),
                "defects": len(synthetic.defects),
                "vsgraph": {k: v for k, v in fast.items() if k not in ("answers", "findings")},
                "naive": None if naive is None else {k: v for k, v in naive.items() if k not in ("answers", "findings")},
                "findings_match_defects": _same(fast["findings"], expected),
                "validation_identical": None
                if naive is None or naive["findings"] is None
                else _same(fast["findings"], naive["findings"]),
                # Compared on the queries the naive pipeline answered in its time.
                "queries_identical": None
                if naive is None or not naive["answers"]
                else all(fast["answers"][name] == answer for name, answer in naive["answers"].items()),
                "queries_compared": 0 if naive is None else len(naive["answers"]),
                "jsonld_identical": jsonld_identical,
            }
        )
    return {"seed": seed, "naive_limit": naive_limit, "repeat": repeat, "runs": runs}


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Several runs of the vsgraph pipeline as one: the median of each stage, of each query,
    of the end-to-end sum (not the sum of the medians) and of its ratio to the reference
    load timed just before, the largest peak memory, and whether every run found the same
    answers and findings."""

    def median(times: list[dict[str, float]]) -> dict[str, float]:
        return {name: statistics.median(t[name] for t in times) for name in times[0]}

    first = runs[0]
    end_to_end = [sum(run["stages"][s] for s in END_TO_END) for run in runs]
    return {
        **first,
        "stages": median([run["stages"] for run in runs]),
        "query_seconds": median([run["query_seconds"] for run in runs]),
        "end_to_end": statistics.median(end_to_end),
        "end_to_end_runs": end_to_end,
        "reference_load": statistics.median(run["reference_load"] for run in runs),
        "end_to_end_per_reference_load": statistics.median(
            seconds / run["reference_load"] for seconds, run in zip(end_to_end, runs, strict=True)
        ),
        "peak_mb": max(run["peak_mb"] for run in runs),
        "incremental_identical": all(run["incremental_identical"] for run in runs),
        "catalog_identical": all(run["catalog_identical"] for run in runs),
        "runs_identical": all(run["answers"] == first["answers"] and _same(run["findings"], first["findings"]) for run in runs),
    }


def _same(a: list[Any], b: list[Any]) -> bool:
    """Equal lists of (focus, path, shape), in any order; a missing path is ``None``."""

    def key(item: Any) -> tuple[str, ...]:
        return tuple("" if x is None else str(x) for x in item)

    return sorted(map(key, a)) == sorted(map(key, b))


def table(results: dict[str, Any]) -> str:
    """The results as a text table: stage x size. ``>`` marks a naive stage that ran out of
    time, so its ratio is a lower bound (``>=``)."""
    lines = [f"{'stage':<22}{'size':>10}{'vsgraph s':>11}{'naive s':>10}{'ratio':>9}  identical"]
    for run in results["runs"]:
        fast = {**run["vsgraph"]["stages"], "end-to-end": run["vsgraph"]["end_to_end"]}
        naive = run["naive"] or {"stages": {}, "unfinished": []}
        other_stages = dict(naive["stages"])
        unfinished = set(naive["unfinished"])
        if other_stages:
            other_stages["end-to-end"] = sum(other_stages.get(s, 0.0) for s in END_TO_END)
            if unfinished & set(END_TO_END):
                unfinished.add("end-to-end")
        same = {
            "validate": run["validation_identical"],
            "queries": run["queries_identical"],
            "queries-one-by-one": run["queries_identical"],
            "export-jsonld": run.get("jsonld_identical"),
            "validate-incremental": run["vsgraph"]["incremental_identical"],
        }
        for stage, seconds in fast.items():
            other = other_stages.get(NAIVE_STAGE.get(stage, stage))
            bound = ">" if stage in unfinished else ""
            ratio = f"{'>=' if bound else ''}{other / seconds:.1f}x" if other and seconds else "-"
            naive_text = "skipped" if not run["naive"] else ("-" if other is None else f"{bound}{other:.2f}")
            flag = same.get(stage)
            lines.append(
                f"{stage:<22}{run['triples']:>10}{seconds:>11.2f}{naive_text:>10}{ratio:>9}  "
                f"{'-' if flag is None else str(flag).lower()}"
            )
        slowest = max(run["vsgraph"]["query_seconds"].items(), key=lambda item: item[1])
        naive_peak = "skipped" if not run["naive"] else f"{run['naive']['peak_mb']:.0f} MB"
        lines.append(f"{'peak memory':<22}{run['triples']:>10}{run['vsgraph']['peak_mb']:>8.0f} MB{naive_peak:>13}")
        if run["vsgraph"]["peak_mb_with_workers"] is not None:
            lines.append(f"  vsgraph with its forked workers (summed PSS): {run['vsgraph']['peak_mb_with_workers']:.0f} MB")
        runs = ", ".join(f"{seconds:.2f}" for seconds in run["vsgraph"]["end_to_end_runs"])
        lines.append(
            f"  slowest query {slowest[0]} {slowest[1]:.2f} s; findings = injected defects: "
            f"{str(run['findings_match_defects']).lower()}; queries compared: {run['queries_compared']}"
        )
        lines.append(
            f"  vsgraph end to end in each run: {runs} s (median above); same answers in every run: "
            f"{str(run['vsgraph']['runs_identical']).lower()}; whole catalog at once = one by one: "
            f"{str(run['vsgraph']['catalog_identical']).lower()}"
        )
        lines.append(
            f"  plain pyoxigraph load of the same file: {run['vsgraph']['reference_load']:.2f} s; "
            f"end to end = {run['vsgraph']['end_to_end_per_reference_load']:.1f}x that load"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="triple counts, e.g. 10k,100k,1M")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--skip-naive-above", help="run the naive pipeline only up to this size, e.g. 100k")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--naive-limit", type=float, default=300.0, help="seconds each naive stage may take before it is cut off (default 300)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the vsgraph pipeline; its times are their medians (default 3)"
    )
    parser.add_argument("--pipeline", choices=["vsgraph", "vsgraph-memory", "naive", "reference"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pipeline:  # one pipeline, in its own process (see _in_subprocess)
        if args.pipeline == "vsgraph":
            outcome = run_vsgraph(args.file, args.json.parent)
        elif args.pipeline == "vsgraph-memory":
            outcome = run_vsgraph_memory(args.file, args.json.parent)
        elif args.pipeline == "reference":
            outcome = run_reference(args.file)
        else:
            outcome = run_naive(args.file, args.json.parent, args.naive_limit)
        args.json.write_text(json.dumps(outcome))
        return
    skip = None if args.skip_naive_above is None else next(iter_sizes(args.skip_naive_above))
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    results = benchmark(list(iter_sizes(args.sizes)), skip, args.seed, args.naive_limit, args.repeat)
    print(table(results))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
