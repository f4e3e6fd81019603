"""Oxigraph server and Virtuoso give the same answers as the embedded engine.

The grocery example, the query tests' portfolio of edge cases (a stream that takes no
time, a metric with one reading...), the lean-budget fixture (funding, costs, guardrails,
work items) and a generated portfolio of about 8,000 triples (more
than Virtuoso takes in one update request) are loaded onto each server, then every catalog
question, the validation findings, the export, the report and the size are compared with
the same files loaded into the embedded Oxigraph engine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import vsgraph
import vsgraph.stores.remote
from bench.generator import BASE, generate
from tests.support.paths import DATA
from tests.support.servers import OxigraphServer
from tests.support.virtuoso import VirtuosoServer
from vsgraph.query_catalog.queries import catalog
from vsgraph.report.page import render_report

GAPS = DATA / "queries" / "gaps.ttl"
BUDGET = DATA / "budget" / "budget.ttl"
#: The fixture that starts each server.
SERVERS = ("oxigraph_server", "virtuoso_server")
PORTFOLIOS = ("grocery", "gaps", "budget", "synthetic")

#: Values for the catalog's required parameters in each portfolio, so that every question is asked.
PARAMETERS = {
    "grocery": {
        "customer-trace": {"customer": "household-shopper"},
        "retirement-impact": {"developmentStream": "pos-software"},
        "stream-steps": {"stream": "checkout"},
        "end-to-end-flow": {"stream": "checkout"},
        "value-stream-stages": {"stream": "checkout"},
    },
    "gaps": {
        "customer-trace": {"customer": "lonely"},
        "retirement-impact": {"developmentStream": "platform"},
        "stream-steps": {"stream": "lonely"},
        "end-to-end-flow": {"stream": "lonely"},
        "value-stream-stages": {"stream": "lonely"},
    },
    "budget": {
        "customer-trace": {"customer": "https://example.org/budget/checkout"},
        "retirement-impact": {"developmentStream": "tills"},
        "stream-steps": {"stream": "checkout"},
        "end-to-end-flow": {"stream": "checkout"},
        "value-stream-stages": {"stream": "checkout"},
    },
    "synthetic": {
        "customer-trace": {"customer": f"{BASE}customer-0"},
        "retirement-impact": {"developmentStream": f"{BASE}dvs-0"},
        "stream-steps": {"stream": f"{BASE}ovs-0"},
        "end-to-end-flow": {"stream": f"{BASE}ovs-0"},
        "value-stream-stages": {"stream": f"{BASE}ovs-0"},
    },
}


@pytest.fixture(scope="module")
def sources(grocery_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The files each portfolio is loaded from."""
    synthetic = generate(40).write(tmp_path_factory.mktemp("synthetic") / "synthetic.nt")
    return {"grocery": grocery_path, "gaps": GAPS, "budget": BUDGET, "synthetic": synthetic}


@pytest.fixture(scope="module")
def embedded(sources: dict[str, Path]) -> dict[str, vsgraph.Portfolio]:
    """Each portfolio in the embedded Oxigraph engine: the reference answers."""
    return {name: vsgraph.load(path) for name, path in sources.items()}


@pytest.fixture(scope="module", params=SERVERS, ids=("oxigraph", "virtuoso"))
def server(request: pytest.FixtureRequest, sources: dict[str, Path]) -> vsgraph.RemoteStore:
    """Each server, holding every portfolio."""
    running: OxigraphServer | VirtuosoServer = request.getfixturevalue(request.param)
    store = vsgraph.RemoteStore(vsgraph.SparqlClient(running.query, running.update))
    for name, path in sources.items():
        store.load([path], name=f"engines-{name}")
    return store


@pytest.fixture(scope="module", params=PORTFOLIOS)
def pair(
    request: pytest.FixtureRequest, server: vsgraph.RemoteStore, embedded: dict[str, vsgraph.Portfolio]
) -> tuple[str, vsgraph.Portfolio, vsgraph.Portfolio]:
    """A portfolio's name, its copy on the server and its embedded reference."""
    name = request.param
    return name, server.portfolio(f"engines-{name}"), embedded[name]


def test_the_server_holds_the_same_triples(pair: tuple[str, vsgraph.Portfolio, vsgraph.Portfolio]) -> None:
    _, remote, reference = pair
    assert len(remote) == len(reference)
    assert isomorphic(remote.graph, reference.graph)


@pytest.mark.parametrize("question", [query.name for query in catalog()])
def test_every_catalog_question_has_the_embedded_answer(
    pair: tuple[str, vsgraph.Portfolio, vsgraph.Portfolio], question: str
) -> None:
    name, remote, reference = pair
    params = PARAMETERS[name].get(question, {})
    expected = reference.run_query(question, params)
    answer = remote.run_query(question, params)
    assert answer.variables == expected.variables
    assert answer.rows == expected.rows


def test_validation_finds_the_same(pair: tuple[str, vsgraph.Portfolio, vsgraph.Portfolio]) -> None:
    _, remote, reference = pair
    assert remote.validate().to_dict() == reference.validate().to_dict()


def test_the_export_is_the_same_graph(pair: tuple[str, vsgraph.Portfolio, vsgraph.Portfolio], tmp_path: Path) -> None:
    _, remote, reference = pair
    remote.export(tmp_path / "remote.nt", provenance=False, sources=[])
    reference.export(tmp_path / "embedded.nt", provenance=False, sources=[])
    exported = [Graph().parse(tmp_path / f"{which}.nt", format="nt") for which in ("remote", "embedded")]
    assert len(exported[0]) == len(exported[1]) == len(reference)
    assert isomorphic(*exported)


def test_the_report_is_the_same(server: vsgraph.RemoteStore, embedded: dict[str, vsgraph.Portfolio]) -> None:
    # The report names the files a portfolio came from, which a server does not keep.
    def without_sources(html: str) -> str:
        return re.sub(r'<p class="meta">From [^<]*</p>', "", html)

    remote = render_report(server.portfolio("engines-grocery"))
    assert without_sources(remote) == without_sources(render_report(embedded["grocery"]))


def test_every_query_form_comes_back_as_itself(server: vsgraph.RemoteStore, embedded: dict[str, vsgraph.Portfolio]) -> None:
    """Virtuoso answers in the format the Accept header ranks first, whatever the form."""
    remote, reference = server.portfolio("engines-grocery"), embedded["grocery"]
    triples = "SELECT ?s ?p ?o WHERE { ?s a <https://w3id.org/vsgraph#Team> ; ?p ?o } ORDER BY ?s ?p ?o"
    assert remote.query(triples).rows == reference.query(triples).rows
    graph = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/vsgraph#Team> ; ?p ?o }"
    constructed = remote.query(graph)
    assert constructed.kind == "graph" and isomorphic(constructed.graph, reference.query(graph).graph)
    assert remote.query("DESCRIBE <https://example.org/grocery/checkout>").kind == "graph"
    assert remote.query("ASK { ?s a <https://w3id.org/vsgraph#Team> }").boolean is True
    assert remote.query("ASK { ?s a <https://w3id.org/vsgraph#Nothing> }").boolean is False


def test_virtuoso_takes_a_large_load_in_smaller_chunks_without_the_graph_store(
    virtuoso_server: VirtuosoServer, sources: dict[str, Path], embedded: dict[str, vsgraph.Portfolio]
) -> None:
    client = vsgraph.SparqlClient(virtuoso_server.query, virtuoso_server.update, graph_store=False)
    store = vsgraph.RemoteStore(client)
    result = store.load([sources["synthetic"]], name="engines-chunked")
    assert store.update_limit is not None  # refused with SP030, then halved
    assert result.triples == len(embedded["synthetic"])
    assert isomorphic(store.portfolio("engines-chunked").graph, embedded["synthetic"].graph)
