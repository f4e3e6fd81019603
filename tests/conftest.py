"""Shared fixtures: the bundled example, fixture files and a way to run the CLI."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import vsgraph
from vsgraph.cli import main
from vsgraph.examples import example_path

#: Fixtures every test may use: servers to test against and a listener that must see no
#: fetch (each started only when a test asks).
pytest_plugins = ["tests.support.servers", "tests.support.virtuoso", "tests.support.listener"]


@pytest.fixture(scope="session")
def grocery_path() -> Path:
    return example_path()


@pytest.fixture(scope="session")
def grocery(grocery_path: Path) -> vsgraph.Portfolio:
    """The grocery example on the default (Oxigraph) engine. Do not modify it."""
    return vsgraph.load(grocery_path)


@pytest.fixture()
def run_cli():
    """Run ``vsgraph`` with arguments and return click's result (exit code and output)."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture()
def no_network(monkeypatch):
    """Fail the test if anything opens a network connection."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a network connection was attempted: {args[1:]}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
