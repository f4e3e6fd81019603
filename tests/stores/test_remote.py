"""Portfolios on a real SPARQL 1.1 server (Oxigraph's own), through the CLI and the API."""

from __future__ import annotations

from pathlib import Path

import pytest

import vsgraph
import vsgraph.stores.remote
from bench.generator import generate
from tests.support.examples import GROCERY_TRIPLES
from tests.support.servers import OxigraphServer, free_port


def test_cli_loads_onto_a_server_and_queries_it(run_cli, oxigraph_server: OxigraphServer, grocery_path: Path) -> None:
    where = ("--endpoint", oxigraph_server.query)
    loaded = run_cli("load", grocery_path, "--name", "cli-grocery", *where, "--update-endpoint", oxigraph_server.update)
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output.startswith(f"loaded portfolio 'cli-grocery': {GROCERY_TRIPLES} triples")
    remote = run_cli("query", "hand-offs", *where, "--portfolio", "cli-grocery", "--format", "csv")
    local = run_cli("query", "hand-offs", grocery_path, "--format", "csv")
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output


def _no_staging_graph_left(remote: vsgraph.RemoteStore) -> bool:
    answer = remote.client.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:vsgraph:staging:')) }")
    return not bool(answer)


@pytest.fixture()
def synthetic(tmp_path: Path) -> Path:
    return generate(10).write(tmp_path / "synthetic.nt")


def test_a_load_too_large_for_one_request_is_staged_through_the_graph_store_and_moved(
    oxigraph_server: OxigraphServer, synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vsgraph.stores.remote, "ONE_REQUEST_TRIPLES", 500)
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query, oxigraph_server.update))
    assert remote.client.graph_store == oxigraph_server.query.replace("/query", "/store")
    staged: list[str] = []
    put_graph = remote.client.put_graph

    def recording_put_graph(graph: str, ntriples: bytes) -> bool:
        staged.append(graph)
        return put_graph(graph, ntriples)

    monkeypatch.setattr(remote.client, "put_graph", recording_put_graph)
    result = remote.load([synthetic], name="staged")
    assert len(staged) == 1 and staged[0].startswith("urn:vsgraph:staging:")
    assert len(remote.portfolio("staged")) == result.triples == len(vsgraph.load(synthetic))
    assert _no_staging_graph_left(remote)


def test_without_a_graph_store_a_large_load_goes_in_chunks(
    oxigraph_server: OxigraphServer, synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vsgraph.stores.remote, "ONE_REQUEST_TRIPLES", 500)
    monkeypatch.setattr(vsgraph.stores.remote, "CHUNK_TRIPLES", 500)
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query, oxigraph_server.update, graph_store=False))
    seen: list[int] = []
    result = remote.load([synthetic], name="chunked", progress=seen.append)
    assert len(seen) > 2 and seen[-1] == result.triples
    assert len(remote.portfolio("chunked")) == result.triples == len(vsgraph.load(synthetic))
    assert _no_staging_graph_left(remote)


def test_a_guessed_graph_store_the_server_refuses_falls_back_to_chunks(
    oxigraph_server: OxigraphServer, synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vsgraph.stores.remote, "ONE_REQUEST_TRIPLES", 500)
    monkeypatch.setattr(vsgraph.stores.remote, "_GRAPH_STORES", {"/update": "/no-graph-store-here"})
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query, oxigraph_server.update))
    result = remote.load([synthetic], name="fallback")
    assert remote.client.graph_store is None  # not guessed again
    assert len(remote.portfolio("fallback")) == result.triples
    assert _no_staging_graph_left(remote)


def test_a_graph_store_given_by_the_user_is_not_second_guessed(
    oxigraph_server: OxigraphServer, synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vsgraph.stores.remote, "ONE_REQUEST_TRIPLES", 500)
    wrong = oxigraph_server.query.replace("/query", "/no-graph-store-here")
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query, oxigraph_server.update, graph_store=wrong))
    with pytest.raises(vsgraph.StoreError, match="404"):
        remote.load([synthetic], name="refused")
    assert "refused" not in remote.portfolios()
    assert _no_staging_graph_left(remote)


def test_a_request_refused_as_too_large_is_split_in_halves(
    oxigraph_server: OxigraphServer, synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As Virtuoso refuses an INSERT DATA of more than a few thousand triples (SP030)."""
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query, oxigraph_server.update, graph_store=False))
    update = remote.client.update
    sizes: list[int] = []

    def refusing_large_updates(sparql: str) -> None:
        sizes.append(sparql.count("\n"))
        if sparql.count("\n") > 700:
            raise vsgraph.stores.remote.ServerRefusal("SP030: SPARQL compiler: memory exhausted", 400)
        update(sparql)

    monkeypatch.setattr(remote.client, "update", refusing_large_updates)
    result = remote.load([synthetic], name="halved")
    assert max(sizes) > 2000  # asked in one piece first, then in halves
    assert remote.update_limit is not None and remote.update_limit < 700
    assert len(remote.portfolio("halved")) == result.triples == len(vsgraph.load(synthetic))
    assert _no_staging_graph_left(remote)


def test_a_failed_move_leaves_the_old_portfolio_and_no_staging_graph(
    oxigraph_server: OxigraphServer, synthetic: Path, grocery_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query, oxigraph_server.update))
    remote.load([grocery_path], name="kept")
    monkeypatch.setattr(vsgraph.stores.remote, "ONE_REQUEST_TRIPLES", 500)
    update = remote.client.update

    def failing_move(sparql: str) -> None:
        if sparql.startswith("MOVE"):
            raise vsgraph.StoreError("the connection broke")
        update(sparql)

    monkeypatch.setattr(remote.client, "update", failing_move)
    with pytest.raises(vsgraph.StoreError, match="the connection broke"):
        remote.load([synthetic], name="kept")
    assert len(remote.portfolio("kept")) == GROCERY_TRIPLES
    assert _no_staging_graph_left(remote)


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


def test_an_answer_the_server_cut_short_is_an_error_not_a_smaller_portfolio(
    oxigraph_server: OxigraphServer, grocery_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Regression: Virtuoso's ResultSetMaxRows cuts CONSTRUCT answers silently."""
    store = vsgraph.RemoteStore(vsgraph.SparqlClient(oxigraph_server.query, oxigraph_server.update))
    store.load([grocery_path], name="cut")
    portfolio = store.portfolio("cut")
    assert len(list(portfolio.backend.triples())) == len(vsgraph.load(grocery_path))
    query = portfolio.backend.client.query

    def cut_short(sparql, graphs=(), *, graph=None):
        answer = query(sparql, graphs, graph=graph)
        return list(answer)[:100] if sparql.startswith("CONSTRUCT") else answer

    monkeypatch.setattr(portfolio.backend.client, "query", cut_short)
    with pytest.raises(vsgraph.StoreError, match="sent 100 of the portfolio's"):
        portfolio.export(tmp_path / "never-written.nt")
