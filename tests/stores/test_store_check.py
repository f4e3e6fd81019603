"""``vsgraph store``: check a store, list its portfolios, remove one."""

from __future__ import annotations

from pathlib import Path

import pytest

import vsgraph
from tests.support.examples import GROCERY_TRIPLES
from vsgraph.stores.check import check_store


@pytest.fixture()
def store(tmp_path: Path, grocery_path: Path) -> vsgraph.DiskStore:
    """A store with two generations: 1 holds grocery; 2 (current) holds grocery and second."""
    disk = vsgraph.DiskStore(tmp_path / "store")
    disk.load([grocery_path], name="grocery")
    disk.load([grocery_path], name="second")
    return disk


def _garble_every_table(generation: Path) -> None:
    """Flip bytes inside each table file, keeping its size: it opens, but reads fail."""
    for table in generation.glob("*.sst"):
        data = bytearray(table.read_bytes())
        for index in range(40, len(data) - 80):
            data[index] ^= 0x55
        table.write_bytes(bytes(data))


def test_a_sound_store_checks_ok(store: vsgraph.DiskStore, run_cli) -> None:
    result = run_cli("store", "check", "--store", store.directory)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{store.directory}: OK: generation 2\n"
        f"  generation 2 (current): reads whole: grocery ({GROCERY_TRIPLES} triples), second ({GROCERY_TRIPLES} triples)\n"
    )


def test_an_empty_store_checks_ok(tmp_path: Path, run_cli) -> None:
    (tmp_path / "store" / "generations").mkdir(parents=True)
    result = run_cli("store", "check", "--store", tmp_path / "store")
    assert result.exit_code == 0 and "OK: empty (nothing loaded yet)" in result.output


def test_a_store_whose_tables_are_garbled_fails_the_check(store: vsgraph.DiskStore, run_cli) -> None:
    _garble_every_table(store.directory / "generations" / "2")
    result = run_cli("store", "check", "--store", store.directory)
    assert result.exit_code == 2
    assert result.output.startswith(f"{store.directory}: damaged\n  problem: {store.directory / 'generations' / '2'}")
    assert ".sst" in result.output and "generation 2 (current): damaged" in result.output
    assert f"--generation 1` finds it whole, `echo 1 > {store.directory / 'CURRENT'}`" in result.output
    older = run_cli("store", "check", "--store", store.directory, "--generation", "1")
    assert older.exit_code == 0 and f"generation 1: reads whole: grocery ({GROCERY_TRIPLES} triples)" in older.output


def test_a_truncated_table_fails_the_check(store: vsgraph.DiskStore) -> None:
    table = max((store.directory / "generations" / "2").glob("*.sst"), key=lambda path: path.stat().st_size)
    table.write_bytes(table.read_bytes()[:100])
    report = check_store(store)
    assert not report.ok and table.name in report.problems[0]


def test_a_lost_pointer_fails_the_check_and_shows_every_generation(store: vsgraph.DiskStore, run_cli) -> None:
    (store.directory / "CURRENT").unlink()
    result = run_cli("store", "check", "--store", store.directory)
    assert result.exit_code == 2
    assert "problem: " in result.output and "CURRENT is missing" in result.output
    assert f"  generation 1: reads whole: grocery ({GROCERY_TRIPLES} triples)\n" in result.output
    assert (
        f"  generation 2: reads whole: grocery ({GROCERY_TRIPLES} triples), second ({GROCERY_TRIPLES} triples)\n" in result.output
    )
    assert store.generations() == [1, 2]


def test_a_folder_that_is_no_store_is_an_error(tmp_path: Path, run_cli) -> None:
    result = run_cli("store", "check", "--store", tmp_path / "nothing")
    assert result.exit_code == 2 and "not a vsgraph store" in result.output


def test_store_list_and_remove(store: vsgraph.DiskStore, run_cli) -> None:
    listed = run_cli("store", "list", "--store", store.directory)
    assert listed.exit_code == 0 and listed.stdout == f"grocery\t{GROCERY_TRIPLES} triples\nsecond\t{GROCERY_TRIPLES} triples\n"
    removed = run_cli("store", "remove", "grocery", "--store", store.directory)
    assert removed.exit_code == 0
    assert removed.output == f"removed portfolio 'grocery': {GROCERY_TRIPLES} triples ({GROCERY_TRIPLES} left in the store)\n"
    assert run_cli("store", "list", "--store", store.directory).stdout == f"second\t{GROCERY_TRIPLES} triples\n"
    unknown = run_cli("store", "remove", "grocery", "--store", store.directory)
    assert unknown.exit_code == 2 and "no portfolio called 'grocery' (portfolios: second)" in unknown.output
    assert run_cli("store", "check", "--store", store.directory).exit_code == 0
