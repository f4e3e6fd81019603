"""The designed flow time along each stream's critical path (vsgraph.query_catalog.critical_path),
worked out by hand from ``tests/data/queries/critical-path.ttl`` and the practitioners' bank,
the same on both engines, and the catalog question it is computed from."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF

import vsgraph
from tests.support.answers import ENGINES, answer, portfolio
from tests.support.paths import DATA as TEST_DATA
from vsgraph import VSG
from vsgraph.query_catalog.critical_path import critical_paths, critical_paths_from

DATA = TEST_DATA / "queries"
FLOW = DATA / "critical-path.ttl"
BANK = DATA / "practitioners.ttl"
EX = Namespace("https://example.org/flow/")
D = Decimal


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def paths(path: Path, engine: str) -> dict[str, tuple]:
    """(steps, flow, work, wait, efficiency, linked, ignored links) by stream, in local names."""
    return {
        local(stream): (
            [local(step) for step in found.steps],
            found.flow_minutes,
            found.work_minutes,
            found.wait_minutes,
            found.flow_efficiency_percent,
            found.linked,
            [(local(step), local(before)) for step, before in found.ignored_links],
        )
        for stream, found in critical_paths(portfolio(path, engine)).items()
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_the_critical_path_of_each_stream(engine: str) -> None:
    assert paths(FLOW, engine) == {
        # in series: every step, the sum; missing minutes count as 0
        "serial": (["serial-1", "serial-2", "serial-3"], 65, 30, 35, D("46.2"), False, []),
        # a -> b -> d is 22 minutes, a -> c -> d 52
        "fork-join": (["a", "c", "d"], 52, 31, 21, D("59.6"), True, []),
        # step 1 is a branch of its own (60 minutes), longer than 2 -> 3 (40)
        "branches": (["branches-1"], 60, 10, 50, D("16.7"), True, []),
        # rework is not designed flow
        "rework": (["rework-1", "rework-2", "rework-3"], 60, 30, 30, D(50), False, []),
        # no time, no efficiency; the path still runs through both steps
        "no-minutes": (["no-minutes-1", "no-minutes-2"], 0, 0, 0, None, True, []),
        # bad data: the link that breaks the order (and closes the cycle) is left out
        "backwards": (["backwards-1", "backwards-2", "backwards-3"], 35, 35, 0, D(100), True, [("backwards-1", "backwards-3")]),
        # its only link goes to another stream: left out, so the steps run in series
        "foreign": (["foreign-1", "foreign-2"], 20, 20, 0, D(100), False, [("foreign-2", "serial-1")]),
        # equal positions and a step without one: only 5 follows 1; the others are branches
        "tangled": (
            ["tangled-1", "tangled-5"],
            11,
            11,
            0,
            D(100),
            True,
            [("tangled-2", "tangled-3"), ("tangled-3", "tangled-2"), ("tangled-4", "tangled-1")],
        ),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_the_bank_streams_branch_and_join(engine: str) -> None:
    found = paths(BANK, engine)
    # origination: 1 -> 3 -> 4 (440 minutes) beats 1 -> 2 -> 4 (290); the sum would be 590
    assert found["loan-origination"] == (
        ["origination-step-1", "origination-step-3", "origination-step-4"],
        440,
        110,
        330,
        D(25),
        True,
        [],
    )
    # the hosting platform's step 2 is a branch of its own, shorter than 1 -> 3
    assert found["hosting-platform"][:2] == (["hosting-platform-step-1", "hosting-platform-step-3"], 550)
    # predecessors named in one chain: the sum
    assert found["lending-platform"][:2] == (["lending-platform-step-1", "lending-platform-step-2"], 4380)


@pytest.mark.parametrize("source", [FLOW, BANK, "grocery"])
@pytest.mark.parametrize("engine", ENGINES)
def test_streams_in_series_take_the_sum_as_the_catalog_does(grocery_path: Path, source, engine: str) -> None:
    """designed-flow-time's sum and flow-efficiency's figures, wherever the steps run in series."""
    path = grocery_path if source == "grocery" else source
    found = critical_paths(portfolio(path, engine))
    designed = {row["stream"]: row for row in portfolio(path, engine).run_query("designed-flow-time").rows}
    efficiency = {row["stream"]: row for row in portfolio(path, engine).run_query("flow-efficiency").rows}
    serial = [stream for stream, row in designed.items() if row["serial"]]
    assert serial
    for stream in serial:
        totals = efficiency[stream]
        assert (found[stream].flow_minutes, found[stream].work_minutes) == (
            designed[stream]["flowTimeMinutes"],
            designed[stream]["workTimeMinutes"],
        )
        assert (found[stream].wait_minutes, found[stream].flow_efficiency_percent) == (
            totals["waitTimeMinutes"],
            totals["flowEfficiencyPercent"],
        )


def test_both_engines_give_identical_paths(grocery_path: Path) -> None:
    for path in (FLOW, BANK, grocery_path):
        assert critical_paths(portfolio(path, "oxigraph")) == critical_paths(portfolio(path, "rdflib"))


def test_a_stream_without_steps_has_no_path_and_an_empty_portfolio_none() -> None:
    assert "https://example.org/flow/empty" not in critical_paths(portfolio(FLOW, "oxigraph"))
    assert critical_paths(vsgraph.Portfolio.empty()) == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_values_that_are_not_numbers_count_as_missing(engine: str) -> None:
    """Text where a number belongs, and a step with two process times, as validation reports them."""
    graph = Graph()
    graph.add((EX.odd, VSG.hasStep, EX["odd-1"]))
    graph.add((EX["odd-1"], VSG.position, Literal("one")))
    graph.add((EX["odd-1"], VSG.processTimeMinutes, Literal("ten")))
    graph.add((EX["odd-1"], VSG.precededBy, EX["odd-2"]))
    for step, position, minutes in (("odd-2", 2, (20, 10)), ("odd-3", 3, (5,))):
        graph.add((EX[step], RDF.type, VSG.Step))
        graph.add((EX.odd, VSG.hasStep, EX[step]))
        graph.add((EX[step], VSG.position, Literal(position)))
        for value in minutes:
            graph.add((EX[step], VSG.processTimeMinutes, Literal(value)))
    found = critical_paths(vsgraph.Portfolio.from_graph(graph, engine=engine))[str(EX.odd)]
    # step 1 has no position: it comes last, its link is left out, and it takes no time;
    # step 2 counts with its lower process time
    assert [local(step) for step in found.steps] == ["odd-2", "odd-3", "odd-1"]
    assert (found.flow_minutes, found.linked, found.ignored_links) == (15, False, ((str(EX["odd-1"]), str(EX["odd-2"])),))


def test_a_long_chain_is_walked_without_recursion() -> None:
    """A hundred thousand linked steps, each joining the two before it: one pass over them."""
    steps = 100_000

    def row(n: int, predecessor: int | None) -> dict[str, object]:
        return {
            "stream": "s",
            "step": f"step-{n:06}",
            "position": n,
            "processTimeMinutes": 1,
            "waitTimeMinutes": None,
            "predecessor": None if predecessor is None else f"step-{predecessor:06}",
        }

    rows = [row(0, None), row(1, 0)] + [row(n, n - back) for n in range(2, steps) for back in (1, 2)]
    found = critical_paths_from(rows)["s"]
    assert (found.flow_minutes, len(found.steps), found.steps[-1]) == (steps, steps, f"step-{steps - 1:06}")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_catalog_question_lists_each_step_with_the_steps_it_follows(engine: str) -> None:
    rows = answer(FLOW, engine, "step-precedence")
    # (stream, step, position, process, wait, predecessor), minutes unbound when missing
    assert rows[8:15] == [
        ("fork-join", "a", 1, 10, 0, None),
        ("fork-join", "b", 2, 5, 5, "a"),
        ("fork-join", "c", 3, 20, 20, "a"),
        ("fork-join", "d", 4, 1, 1, "b"),
        ("fork-join", "d", 4, 1, 1, "c"),
        ("no-minutes", "no-minutes-1", 1, None, None, None),
        ("no-minutes", "no-minutes-2", 2, None, None, "no-minutes-1"),
    ]
    # links listed as stated, whatever stream or position they lead to; no position first
    assert ("foreign", "foreign-2", 2, 10, 0, "serial-1") in rows
    assert rows[-5:-3] == [("tangled", "tangled-4", None, 10, None, "tangled-1"), ("tangled", "tangled-1", 1, 10, None, None)]
    assert len(rows) == 26


@pytest.mark.parametrize("engine", ENGINES)
def test_a_portfolio_gives_its_critical_paths_and_in_series_they_are_the_designed_flow_time(grocery_path, engine):
    """Grocery's streams name no predecessors: each path is every step, its time the query's sum."""
    found = vsgraph.load(grocery_path, engine=engine).critical_paths()
    designed = {row["stream"]: row for row in vsgraph.run_query(portfolio(grocery_path, engine), "designed-flow-time").rows}
    assert set(found) == set(designed) and len(found) == 5
    for stream, path in found.items():
        assert path.flow_minutes == designed[stream]["flowTimeMinutes"] and not path.linked
        assert path.work_minutes == designed[stream]["workTimeMinutes"]
    assert [local(step) for step in found["https://example.org/grocery/checkout"].steps] == [
        "checkout-step-1",
        "checkout-step-2",
        "checkout-step-3",
    ]
