"""Every place a portfolio can live gives the same answers; on-disk loads are atomic."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import vsgraph
from bench.generator import generate
from tests.stores_fixtures import OxigraphServer, oxigraph_server  # noqa: F401 (a fixture)
from vsgraph.errors import InputError, StoreError
from vsgraph.queries import catalog

#: Catalog questions the grocery example has no rows for.
EMPTY_ON_GROCERY = {"unmeasured-streams", "unsupported-operational-streams"}

STORE_KINDS = ("memory-oxigraph", "memory-rdflib", "on-disk", "remote")

#: Values for the catalog's required parameters, so that every question is asked.
PARAMETERS = {
    "customer-trace": {"customer": "household-shopper"},
    "retirement-impact": {"developmentStream": "pos-software"},
    "stream-steps": {"stream": "checkout"},
}


@pytest.fixture(scope="module", params=STORE_KINDS)
def stored(request: pytest.FixtureRequest, grocery_path: Path, tmp_path_factory: pytest.TempPathFactory) -> vsgraph.Portfolio:
    """The grocery example loaded into each kind of store, read back as a portfolio."""
    kind = request.param
    if kind == "memory-oxigraph":
        return vsgraph.load(grocery_path)
    if kind == "memory-rdflib":
        return vsgraph.load(grocery_path, engine="rdflib")
    if kind == "on-disk":
        store = vsgraph.DiskStore(tmp_path_factory.mktemp("disk"))
        store.load([grocery_path], name="grocery")
        return store.portfolio()
    server: OxigraphServer = request.getfixturevalue("oxigraph_server")
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(server.query, server.update))
    remote.load([grocery_path], name="grocery")
    return remote.portfolio()


def test_every_store_holds_the_same_triples(stored: vsgraph.Portfolio, grocery: vsgraph.Portfolio) -> None:
    assert len(stored) == len(grocery) == 422
    assert stored.graph.isomorphic(grocery.graph)


@pytest.mark.parametrize("name", [query.name for query in catalog()])
def test_every_catalog_question_has_the_same_answer_in_every_store(
    stored: vsgraph.Portfolio, grocery: vsgraph.Portfolio, name: str
) -> None:
    params = PARAMETERS.get(name, {})
    expected = grocery.run_query(name, params)
    answer = stored.run_query(name, params)
    assert answer.variables == expected.variables
    # Values, not lexical forms: rdflib's engine writes a computed decimal 10 as "10.0".
    assert answer.rows == expected.rows
    assert len(expected) > 0 or name in EMPTY_ON_GROCERY


def test_every_store_gives_the_same_validation_findings(stored: vsgraph.Portfolio, grocery: vsgraph.Portfolio, tmp_path: Path) -> None:
    assert stored.validate().to_dict() == grocery.validate().to_dict()


def test_asking_for_workers_never_forks_beside_an_on_disk_store(
    grocery_path: Path, grocery: vsgraph.Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = vsgraph.DiskStore(tmp_path / "disk")
    store.load([grocery_path], name="grocery")
    stored = store.portfolio()
    # A forked child would lose RocksDB's threads: the work stays in this process.
    monkeypatch.setattr(os, "fork", _no_fork)
    assert vsgraph.validate(stored, processes=2).to_dict() == grocery.validate().to_dict()
    asked = [(query.name, PARAMETERS.get(query.name, {})) for query in catalog()]
    assert [table.rows for table in vsgraph.run_queries(stored, asked, processes=2)] == [
        grocery.run_query(name, params).rows for name, params in asked
    ]


def _no_fork() -> int:
    raise AssertionError("forked beside an on-disk store")


def test_every_store_exports_the_same_bytes(stored: vsgraph.Portfolio, grocery: vsgraph.Portfolio, tmp_path: Path) -> None:
    # A store does not keep the files a portfolio came from, whose prefixes Turtle would use.
    ours = stored.export(tmp_path / "stored.ttl", provenance=False, sources=[])
    reference = grocery.export(tmp_path / "memory.ttl", provenance=False, sources=[])
    assert ours.statements == reference.statements == 422
    assert (tmp_path / "stored.ttl").read_bytes() == (tmp_path / "memory.ttl").read_bytes()


# The on-disk store.


def _snapshot(store: vsgraph.DiskStore) -> dict[str, set[str]]:
    """Each portfolio's triples as N-Triples lines: what 'unchanged' is checked against."""
    return {
        name: {str(triple) for triple in store.portfolio(name).backend.triples()}
        for name in store.portfolios()
    }


@pytest.fixture()
def disk(tmp_path: Path, grocery_path: Path) -> vsgraph.DiskStore:
    store = vsgraph.DiskStore(tmp_path / "store")
    store.load([grocery_path], name="grocery")
    return store


def test_a_store_holds_one_graph_per_portfolio_and_queries_their_union(disk: vsgraph.DiskStore, tmp_path: Path) -> None:
    small = generate(2).write(tmp_path / "synthetic.nt")
    result = disk.load([small])
    assert result.name == "synthetic"
    assert disk.portfolios() == ["grocery", "synthetic"]
    assert result.total == 422 + result.triples
    assert len(disk.portfolio()) == result.total
    assert len(disk.portfolio("grocery")) == 422
    assert len(disk.portfolio("synthetic")) == result.triples


def test_loading_a_portfolio_again_replaces_it(disk: vsgraph.DiskStore, tmp_path: Path) -> None:
    small = generate(2).write(tmp_path / "synthetic.nt")
    result = disk.load([small], name="grocery")
    assert disk.portfolios() == ["grocery"]
    assert len(disk.portfolio()) == result.triples == result.total


def test_a_load_that_fails_leaves_the_store_as_it_was(disk: vsgraph.DiskStore, tmp_path: Path, grocery_path: Path) -> None:
    before = _snapshot(disk)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="broken.ttl:1"):
        disk.load([grocery_path, broken], name="grocery")
    assert _snapshot(disk) == before


def test_only_one_process_writes_a_store_at_a_time(disk: vsgraph.DiskStore, grocery_path: Path) -> None:
    with disk.writer():
        with pytest.raises(StoreError, match="another process is writing"):
            vsgraph.DiskStore(disk.directory).load([grocery_path])


def test_old_generations_are_removed(disk: vsgraph.DiskStore, grocery_path: Path) -> None:
    for _ in range(3):
        disk.load([grocery_path], name="grocery")
    generations = sorted(p.name for p in (disk.directory / "generations").iterdir())
    assert generations == ["3", "4"]  # the current one and the one before it


def test_an_unknown_portfolio_or_a_missing_store_is_an_error(disk: vsgraph.DiskStore, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no portfolio called 'nope' \(portfolios: grocery\)"):
        disk.portfolio("nope")
    with pytest.raises(StoreError, match="not a vsgraph store"):
        vsgraph.DiskStore(tmp_path / "elsewhere").portfolio()


def test_a_load_killed_midway_leaves_the_store_unchanged_and_readable(
    disk: vsgraph.DiskStore, tmp_path: Path, grocery_path: Path
) -> None:
    before = _snapshot(disk)
    big = generate(1500).write(tmp_path / "big.nt")  # about 300,000 triples
    loader = subprocess.Popen(
        [sys.executable, "-c", "from vsgraph.cli import main; main()", "load", str(big), "--name", "grocery", "--store", str(disk.directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not any((disk.directory / "generations").glob(".staging-*")):
            assert loader.poll() is None, "the load ended before it could be killed"
            assert time.monotonic() < deadline, "the load never started writing"
            time.sleep(0.02)
        time.sleep(0.5)  # well into the bulk load
        assert loader.poll() is None, "the load ended before it could be killed"
        os.kill(loader.pid, signal.SIGKILL)
    finally:
        loader.kill()
        loader.wait(timeout=30)
    assert loader.returncode == -signal.SIGKILL
    assert _snapshot(vsgraph.DiskStore(disk.directory)) == before
    # The next load clears the abandoned staging store and works.
    disk.load([grocery_path], name="again")
    assert not any((disk.directory / "generations").glob(".staging-*"))
    assert disk.portfolios() == ["again", "grocery"]


# The CLI.


def test_cli_loads_into_a_store_and_every_command_reads_it(run_cli, grocery_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    loaded = run_cli("load", grocery_path, "--store", store)
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output == "loaded portfolio 'grocery': 422 triples (422 in the store)\n"
    answer = run_cli("query", "stream-steps", "--store", store, "--param", "stream=checkout", "--format", "json")
    assert answer.exit_code == 0, answer.output
    assert answer.output == run_cli("query", "stream-steps", grocery_path, "--param", "stream=checkout", "--format", "json").output
    summary = run_cli("summary", "--store", store, "--portfolio", "grocery")
    assert summary.output.startswith("422 triples\n")
    assert run_cli("validate", "--store", store).exit_code == 0


def test_cli_refuses_files_and_a_store_together(run_cli, grocery_path: Path, tmp_path: Path) -> None:
    run_cli("load", grocery_path, "--store", tmp_path / "store")
    result = run_cli("summary", grocery_path, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "give FILE... or a store (--store/--endpoint), not both" in result.output


def test_cli_needs_files_or_a_store(run_cli) -> None:
    result = run_cli("summary")
    assert result.exit_code == 2
    assert "name the portfolio's FILE... or use --store DIR or --endpoint URL" in result.output


def test_cli_load_needs_a_destination(run_cli, grocery_path: Path) -> None:
    result = run_cli("load", grocery_path)
    assert result.exit_code == 2
    assert "--store DIR or --endpoint URL" in result.output
