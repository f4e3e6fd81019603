"""Portfolios on a real SPARQL 1.1 server (Oxigraph's own), through the CLI and the API."""

from __future__ import annotations

from pathlib import Path

import pytest

import vsgraph
import vsgraph.remote
from bench.generator import generate
from tests.stores_fixtures import OxigraphServer, free_port, oxigraph_server  # noqa: F401 (a fixture)


def test_cli_loads_onto_a_server_and_queries_it(run_cli, oxigraph_server: OxigraphServer, grocery_path: Path) -> None:
    where = ("--endpoint", oxigraph_server.query)
    loaded = run_cli("load", grocery_path, "--name", "cli-grocery", *where, "--update-endpoint", oxigraph_server.update)
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output.startswith("loaded portfolio 'cli-grocery': 422 triples")
    remote = run_cli("query", "hand-offs", *where, "--portfolio", "cli-grocery", "--format", "csv")
    local = run_cli("query", "hand-offs", grocery_path, "--format", "csv")
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output


def test_a_large_load_is_staged_and_moved_in_one_step(
    oxigraph_server: OxigraphServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vsgraph.remote, "CHUNK_TRIPLES", 500)  # several chunks from a small file
    synthetic = generate(10).write(tmp_path / "synthetic.nt")
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query, oxigraph_server.update))
    seen: list[int] = []
    result = remote.load([synthetic], name="staged", progress=seen.append)
    assert len(seen) > 2 and seen[-1] == result.triples
    assert len(remote.portfolio("staged")) == result.triples == len(vsgraph.load(synthetic))
    leftovers = remote.client.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:vsgraph:staging:')) }")
    assert not bool(leftovers)


def test_loading_needs_the_update_url(oxigraph_server: OxigraphServer, grocery_path: Path) -> None:
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query))
    with pytest.raises(vsgraph.StoreError, match="needs the server's update URL"):
        remote.load([grocery_path])


def test_an_unreachable_server_is_a_clean_error(run_cli) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run_cli("summary", "--endpoint", url)
    assert result.exit_code == 2
    assert f"vsgraph: error: {url}: cannot reach the SPARQL server" in result.output


def test_a_bad_query_on_a_server_is_a_query_error(oxigraph_server: OxigraphServer) -> None:
    portfolio = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query)).portfolio()
    with pytest.raises(vsgraph.QueryError, match="400"):
        vsgraph.run_sparql(portfolio, "SELECT * WHERE { ?s ?p }")
