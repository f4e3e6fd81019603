"""The engine interface: every engine answers the same calls with the same results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import vsgraph
from tests.support.servers import OxigraphServer
from vsgraph.engine.backends import Backend
from vsgraph.engine.parallel import Work, processes_for
from vsgraph.engine.terms import tsv_rows
from vsgraph.stores.remote import RemoteStore, SparqlClient

CHECKOUT = ox.NamedNode("https://example.org/grocery/checkout")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
LABELS = "SELECT ?label WHERE { <https://example.org/grocery/checkout> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


@pytest.fixture(params=["oxigraph", "rdflib", "remote"])
def portfolio(request: pytest.FixtureRequest, grocery_path: Path) -> Iterator[vsgraph.Portfolio]:
    """The grocery example on each engine: in memory (two engines) and on a SPARQL server."""
    if request.param != "remote":
        yield vsgraph.load(grocery_path, engine=request.param)
        return
    server: OxigraphServer = request.getfixturevalue("oxigraph_server")
    store = RemoteStore(SparqlClient(server.query, server.update))
    store.load([grocery_path], name="backends")
    yield store.portfolio("backends")


def test_every_engine_removes_what_it_is_asked_to(portfolio: vsgraph.Portfolio, grocery: vsgraph.Portfolio) -> None:
    backend: Backend = portfolio.backend
    label = next(iter(grocery.backend.store.quads_for_pattern(CHECKOUT, LABEL, None))).triple
    assert len(backend) == len(grocery) and backend.holds_at_least(len(grocery))
    backend.remove([label])
    assert len(backend) == len(grocery) - 1 and not backend.holds_at_least(len(grocery))
    assert portfolio.query(LABELS).rows == []


def test_every_engine_writes_the_same_tsv(portfolio: vsgraph.Portfolio, grocery: vsgraph.Portfolio) -> None:
    query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label"
    assert tsv_rows(portfolio.backend.select_tsv(query)) == tsv_rows(grocery.backend.select_tsv(query))


def test_only_an_engine_in_this_process_memory_is_forked(portfolio: vsgraph.Portfolio) -> None:
    forkable = portfolio.engine == "oxigraph"
    assert portfolio.backend.forkable is forkable
    assert (processes_for(portfolio.backend, Work.VALIDATION, requested=2) == 2) is forkable
