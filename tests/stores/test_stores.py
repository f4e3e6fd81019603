"""Every place a portfolio can live gives the same answers; on-disk loads are atomic."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

import vsgraph
from bench.generator import generate
from tests.support.examples import GROCERY_TRIPLES
from tests.support.servers import OxigraphServer
from vsgraph.errors import InputError, StoreError
from vsgraph.query_catalog.queries import catalog
from vsgraph.stores import disk as ondisk

#: Catalog questions the grocery example has no rows for.
EMPTY_ON_GROCERY = {
    "unmeasured-streams",
    "unsupported-operational-streams",
    # Gaps of the practitioners' model that the grocery example does not have.
    "steps-without-journey-stage",
    "streams-without-owner",
    "unrealised-capabilities",
    # Work items, which the grocery example does not record (tests/flow has its own).
    "flow-distribution",
    "flow-item-history",
    "flow-load",
    "flow-predictability",
    "flow-velocity",
    # Lean budgets, which the grocery example does not record (tests/query_catalog has its own).
    "capacity-allocation",
    "cost-of-delay",
    "spend-vs-budget",
}

STORE_KINDS = ("memory-oxigraph", "memory-rdflib", "on-disk", "remote")

#: Values for the catalog's required parameters, so that every question is asked.
PARAMETERS = {
    "customer-trace": {"customer": "household-shopper"},
    "retirement-impact": {"developmentStream": "pos-software"},
    "stream-steps": {"stream": "checkout"},
    "end-to-end-flow": {"stream": "checkout"},
    "value-stream-stages": {"stream": "checkout"},
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
    assert len(stored) == len(grocery) == GROCERY_TRIPLES
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


def test_every_store_gives_the_same_validation_findings(
    stored: vsgraph.Portfolio, grocery: vsgraph.Portfolio, tmp_path: Path
) -> None:
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
    assert ours.statements == reference.statements == GROCERY_TRIPLES
    assert (tmp_path / "stored.ttl").read_bytes() == (tmp_path / "memory.ttl").read_bytes()


# The on-disk store.


def _snapshot(store: vsgraph.DiskStore) -> dict[str, set[str]]:
    """Each portfolio's triples as N-Triples lines: what 'unchanged' is checked against."""
    return {name: {str(triple) for triple in store.portfolio(name).backend.triples()} for name in store.portfolios()}


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
    assert result.total == GROCERY_TRIPLES + result.triples
    assert len(disk.portfolio()) == result.total
    assert len(disk.portfolio("grocery")) == GROCERY_TRIPLES
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
    with pytest.raises(InputError, match=r"broken\.ttl:1"):
        disk.load([grocery_path, broken], name="grocery")
    assert _snapshot(disk) == before


def test_only_one_process_writes_a_store_at_a_time(disk: vsgraph.DiskStore, grocery_path: Path) -> None:
    with disk.writer(), pytest.raises(StoreError, match="another process is writing"):
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


@pytest.mark.parametrize("name", ["grocery", "big"], ids=["replacing-it", "beside-it"])
def test_a_load_killed_midway_leaves_the_store_unchanged_and_readable(
    disk: vsgraph.DiskStore, tmp_path: Path, grocery_path: Path, name: str
) -> None:
    """Killed while it bulk-loads: into an empty staging store (replacing the only
    portfolio), or into a copy of the current generation (adding one beside it)."""
    before = _snapshot(disk)
    big = generate(1500).write(tmp_path / "big.nt")  # about 300,000 triples
    loader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from vsgraph.cli import main; main()",
            "load",
            str(big),
            "--name",
            name,
            "--store",
            str(disk.directory),
        ],
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


#: Inputs every command refuses, so an on-disk load too: (file, content, what the error says).
REFUSED = {
    "invalid-iri-nt": (
        "invalid.nt",
        '<https://example.org/a> <https://example.org/b> "fine" .\n<https://example.org/a b> <https://example.org/b> "c" .\n',
        "invalid.nt:2: not valid N-Triples",
    ),
    "invalid-iri-ttl": (
        "invalid.ttl",
        '<https://example.org/a> <https://example.org/b> "fine" .\n<https://example.org/a b> <https://example.org/b> "c" .\n',
        "invalid.ttl:2: not valid Turtle",
    ),
    "import": (
        "importing.ttl",
        "<https://example.org/o> <http://www.w3.org/2002/07/owl#imports> <https://example.org/elsewhere> .\n",
        "owl:imports <https://example.org/elsewhere> would need a network fetch",
    ),
    "xml-entities": (
        "entities.rdf",
        (
            '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY e "x">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        ),
        "entities.rdf:2: the DOCTYPE declares XML entities",
    ),
    "remote-context": (
        "remote.jsonld",
        '{"@context": "https://example.org/context.jsonld", "@id": "https://example.org/a"}',
        "is remote, and vsgraph never fetches anything",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_an_input_any_command_refuses_is_refused_and_changes_nothing(
    disk: vsgraph.DiskStore, tmp_path: Path, grocery_path: Path, case: str
) -> None:
    file_name, content, message = REFUSED[case]
    refused = tmp_path / file_name
    refused.write_text(content, encoding="utf-8")
    before = _snapshot(disk)
    for name in ("grocery", "new"):  # replacing a portfolio, or adding one
        with pytest.raises(InputError, match=re.escape(message)):
            disk.load([grocery_path, refused], name=name)
    assert _snapshot(disk) == before and disk.generations() == [1]


DATASETS = {
    "nq": '<https://example.org/a> <https://example.org/b> "named" <https://example.org/g> .\n'
    '<https://example.org/a> <https://example.org/b> "default" .\n',
    "trig": '<https://example.org/g> { <https://example.org/a> <https://example.org/b> "named" }\n'
    '<https://example.org/a> <https://example.org/b> "default" .\n',
    "jsonld": '[{"@id": "https://example.org/g", "@graph": [{"@id": "https://example.org/a", "https://example.org/b": "named"}]},'
    ' {"@id": "https://example.org/a", "https://example.org/b": "default"}]',
}


@pytest.mark.parametrize("extension", sorted(DATASETS))
def test_every_graph_of_a_dataset_file_loads_into_its_portfolio(disk: vsgraph.DiskStore, tmp_path: Path, extension: str) -> None:
    dataset = tmp_path / f"dataset.{extension}"
    dataset.write_text(DATASETS[extension], encoding="utf-8")
    result = disk.load([dataset])
    assert (result.name, result.triples, result.total) == ("dataset", 2, GROCERY_TRIPLES + 2)
    assert disk.portfolios() == ["dataset", "grocery"]
    assert _snapshot(disk)["dataset"] == {
        '<https://example.org/a> <https://example.org/b> "named"',
        '<https://example.org/a> <https://example.org/b> "default"',
    }


def test_every_rdf_format_loads_the_same_portfolio(tmp_path: Path, grocery_path: Path) -> None:
    exported = vsgraph.load(grocery_path)
    store = vsgraph.DiskStore(tmp_path / "store")
    for extension in ("ttl", "nt", "nq", "trig", "jsonld", "rdf"):
        path = tmp_path / f"grocery.{extension}"
        exported.export(path, provenance=False)
        store.load([path], name=extension)
    snapshot = _snapshot(store)
    assert len(snapshot["ttl"]) == GROCERY_TRIPLES and all(triples == snapshot["ttl"] for triples in snapshot.values())


def test_every_authoring_format_loads_the_same_portfolio(tmp_path: Path, grocery_path: Path) -> None:
    store = vsgraph.DiskStore(tmp_path / "store")
    for path in (grocery_path, grocery_path.with_suffix(".yaml"), grocery_path.with_suffix(".xlsx")):
        store.load([path], name=path.suffix[1:])
    snapshot = _snapshot(store)
    assert len(snapshot["ttl"]) == GROCERY_TRIPLES and snapshot["yaml"] == snapshot["xlsx"] == snapshot["ttl"]


@pytest.mark.parametrize("remove_at_most", [0, ondisk.REMOVE_AT_MOST], ids=["by-copying-the-others", "by-copying-files"])
def test_both_ways_of_keeping_the_other_portfolios_give_the_same_store(
    disk: vsgraph.DiskStore, tmp_path: Path, grocery_path: Path, monkeypatch: pytest.MonkeyPatch, remove_at_most: int
) -> None:
    # Large enough next to grocery that removing grocery is the cheaper way.
    others = disk.load([generate(6).write(tmp_path / "synthetic.nt")]).triples + 1
    assert others >= ondisk.REMOVAL_COST * GROCERY_TRIPLES
    outside = ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"), ox.Literal("c"))
    with disk.writer():
        # What an update server adds outside the portfolios, still only in the write-ahead log.
        writable = disk.open(writable=True)
        writable.add(outside)
        del writable
    before = _snapshot(disk)
    monkeypatch.setattr(ondisk, "REMOVE_AT_MOST", remove_at_most)
    copy_files, copied = ondisk._copy_files, []

    def spy(generation: Path, directory: Path) -> None:
        copied.append(directory)
        copy_files(generation, directory)

    monkeypatch.setattr(ondisk, "_copy_files", spy)
    seen: list[int] = []
    result = disk.load([grocery_path], name="grocery", progress=seen.append)
    assert len(copied) == (1 if remove_at_most else 0)
    assert _snapshot(disk) == before
    assert list(disk.open().quads_for_pattern(None, None, None, ox.DefaultGraph())) == [outside]
    assert (result.triples, result.total) == (GROCERY_TRIPLES, GROCERY_TRIPLES + others)
    assert seen and seen[-1] == result.total == len(disk.open())
    # Generations share no file: damage to one leaves the one before it whole.
    assert all(path.stat().st_nlink == 1 for path in _current_generation(disk).iterdir() if path.is_file())


# The CLI.


def test_cli_loads_into_a_store_and_every_command_reads_it(run_cli, grocery_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    loaded = run_cli("load", grocery_path, "--store", store)
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output == f"loaded portfolio 'grocery': {GROCERY_TRIPLES} triples ({GROCERY_TRIPLES} in the store)\n"
    answer = run_cli("query", "stream-steps", "--store", store, "--param", "stream=checkout", "--format", "json")
    assert answer.exit_code == 0, answer.output
    assert (
        answer.output == run_cli("query", "stream-steps", grocery_path, "--param", "stream=checkout", "--format", "json").output
    )
    summary = run_cli("summary", "--store", store, "--portfolio", "grocery")
    assert summary.output.startswith(f"{GROCERY_TRIPLES} triples\n")
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


# A store that cannot prove its current generation, or is damaged, refuses to open.


@pytest.fixture()
def two_generations(disk: vsgraph.DiskStore, grocery_path: Path) -> vsgraph.DiskStore:
    disk.load([grocery_path], name="second")
    assert disk.generations() == [1, 2]
    return disk


def test_a_store_that_lost_its_current_pointer_refuses_to_open_and_keeps_every_generation(
    two_generations: vsgraph.DiskStore, grocery_path: Path, run_cli
) -> None:
    store = two_generations
    (store.directory / "CURRENT").unlink()
    with pytest.raises(StoreError) as refused:
        store.portfolio()
    message = str(refused.value)
    assert "cannot tell which generation is current" in message and "CURRENT is missing" in message
    assert f"echo 2 > {store.directory / 'CURRENT'}" in message and "vsgraph store check" in message
    # The next load would once have read the store as empty and deleted generation 1.
    with pytest.raises(StoreError, match="cannot tell which generation is current"):
        store.load([grocery_path], name="third")
    assert store.generations() == [1, 2]
    failed = run_cli("summary", "--store", store.directory)
    assert failed.exit_code == 2 and "CURRENT is missing" in failed.output
    # Recovering as the message says gives the store back.
    (store.directory / "CURRENT").write_text("2\n", encoding="ascii")
    assert store.portfolios() == ["grocery", "second"]


@pytest.mark.parametrize("content", [b"\xff\xfe", b"banana\n", b"7\n", b"", "²".encode()])
def test_a_garbled_current_pointer_is_refused_with_how_to_recover(
    two_generations: vsgraph.DiskStore, content: bytes, run_cli
) -> None:
    store = two_generations
    (store.directory / "CURRENT").write_bytes(content)
    with pytest.raises(StoreError, match=r"which names no generation of this store \(generations held: 1, 2\)"):
        store.portfolios()
    failed = run_cli("query", "hand-offs", "--store", store.directory)
    assert failed.exit_code == 2 and "echo 2 >" in failed.output
    assert store.generations() == [1, 2]


def _current_generation(store: vsgraph.DiskStore) -> Path:
    current = store.current()
    assert current is not None
    return current


def test_a_truncated_table_file_is_an_error_naming_it(disk: vsgraph.DiskStore, run_cli) -> None:
    table = max(_current_generation(disk).glob("*.sst"), key=lambda path: path.stat().st_size)
    with open(table, "r+b") as out:
        out.truncate(100)
    with pytest.raises(StoreError, match=f"cannot open this generation of the store: .*{table.name}"):
        disk.portfolio()
    failed = run_cli("summary", "--store", disk.directory)
    assert failed.exit_code == 2 and str(table) in failed.output and "Traceback" not in failed.output


def test_an_empty_manifest_is_an_error_naming_it(disk: vsgraph.DiskStore, grocery_path: Path, run_cli) -> None:
    (manifest,) = _current_generation(disk).glob("MANIFEST-*")
    manifest.write_bytes(b"")
    with pytest.raises(StoreError, match=f"{manifest}"):
        disk.portfolios()
    failed = run_cli("load", grocery_path, "--name", "more", "--store", disk.directory)
    assert failed.exit_code == 2 and str(manifest) in failed.output
    assert disk.generations() == [1]


def test_a_new_store_may_be_an_empty_folder_or_none(tmp_path: Path, grocery_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "missing"):
        assert vsgraph.DiskStore(folder).load([grocery_path]).total == GROCERY_TRIPLES


def test_removing_a_portfolio_writes_a_new_generation_without_it(two_generations: vsgraph.DiskStore) -> None:
    store = two_generations
    result = store.remove("grocery")
    assert (result.name, result.triples, result.total) == ("grocery", GROCERY_TRIPLES, GROCERY_TRIPLES)
    assert store.portfolios() == ["second"]
    assert store.generations() == [2, 3]
    with pytest.raises(StoreError, match=r"no portfolio called 'grocery' \(portfolios: second\)"):
        store.remove("grocery")
    assert store.generations() == [2, 3]


def test_a_read_only_current_pointer_stops_a_load_before_it_writes(disk: vsgraph.DiskStore, grocery_path: Path) -> None:
    (disk.directory / "CURRENT").chmod(0o444)
    with pytest.raises(
        StoreError, match=r"cannot change which generation is current: .*CURRENT: cannot write: the file is read-only"
    ):
        disk.load([grocery_path], name="more")
    assert disk.generations() == [1] and disk.portfolios() == ["grocery"]
    assert not any((disk.directory / "generations").glob(".staging-*"))


def test_what_a_writer_adds_to_a_new_store_is_kept(tmp_path: Path) -> None:
    store = vsgraph.DiskStore(tmp_path / "store")
    quad = ox.Quad(
        ox.NamedNode("https://example.org/a"),
        ox.NamedNode("https://example.org/b"),
        ox.Literal("c"),
        ox.NamedNode("urn:vsgraph:portfolio:added"),
    )
    with store.writer():
        writable = store.open(writable=True)  # an update server's store, before any load
        writable.add(quad)
        writable.flush()
        del writable
    assert store.generations() == [1]
    assert list(store.open().quads_for_pattern(None, None, None, None)) == [quad]
    assert store.portfolios() == ["added"]
