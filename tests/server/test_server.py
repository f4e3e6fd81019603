"""vsgraph's own endpoint, exercised by real SPARQL clients over loopback HTTP."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

import vsgraph
from tests.support.examples import GROCERY_TRIPLES
from tests.support.servers import COUNT, fetch, start_endpoint, stop_endpoint, wait_until_answering
from vsgraph.server import Dataset, EndpointServer

CHECKOUT = "https://example.org/grocery/checkout"


def test_sparqlwrapper_gets_select_answers_in_every_results_format(endpoint: EndpointServer) -> None:
    client = SPARQLWrapper(endpoint.url + "sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == f"{GROCERY_TRIPLES}"
    client.setReturnFormat(XML)
    assert client.query().convert().getElementsByTagName("literal")[0].firstChild.data == f"{GROCERY_TRIPLES}"
    client.setReturnFormat(CSV)
    assert client.query().convert() == f"n\r\n{GROCERY_TRIPLES}\r\n".encode()
    client.setReturnFormat(TSV)
    assert client.query().convert() == f"?n\n{GROCERY_TRIPLES}\n".encode()  # TSV writes an integer in its Turtle short form


def test_sparqlwrapper_posts_ask_queries(endpoint: EndpointServer) -> None:
    client = SPARQLWrapper(endpoint.url + "sparql")
    client.setMethod("POST")
    client.setReturnFormat(JSON)
    client.setQuery(f"ASK {{ <{CHECKOUT}> ?p ?o }}")
    assert client.query().convert() == {"head": {}, "boolean": True}


def test_rdflib_sparqlstore_reads_the_portfolio(endpoint: EndpointServer, grocery: vsgraph.Portfolio) -> None:
    remote = Graph(SPARQLStore(endpoint.url + "sparql"))
    rows = list(remote.query(f"SELECT ?label WHERE {{ <{CHECKOUT}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"))
    assert [str(row[0]) for row in rows] == ["Check-out"]
    described = remote.query(f"CONSTRUCT {{ <{CHECKOUT}> ?p ?o }} WHERE {{ <{CHECKOUT}> ?p ?o }}").graph
    expected = set(grocery.graph.triples((URIRef(CHECKOUT), None, None)))
    assert set(described) == expected and len(expected) > 5


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        (None, "text/turtle", "turtle"),
    ],
)
def test_construct_answers_are_negotiated(
    endpoint: EndpointServer, grocery: vsgraph.Portfolio, accept, media_type, rdflib_format
) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    status, content_type, body = fetch(endpoint.url + "sparql?" + urllib.parse.urlencode({"query": query}), accept=accept)
    assert (status, content_type) == (200, media_type)
    assert Graph().parse(data=body, format=rdflib_format).isomorphic(grocery.graph)


def test_a_direct_post_is_answered(endpoint: EndpointServer) -> None:
    status, content_type, body = fetch(
        endpoint.url + "sparql", data=COUNT.encode(), accept="text/csv", headers={"Content-Type": "application/sparql-query"}
    )
    assert (status, content_type, body) == (200, "text/csv", f"n\r\n{GROCERY_TRIPLES}\r\n".encode())


def test_an_unacceptable_format_is_refused_with_406(endpoint: EndpointServer) -> None:
    status, _, _ = fetch(endpoint.url + "sparql?" + urllib.parse.urlencode({"query": COUNT}), accept="image/png")
    assert status == 406


def test_the_catalog_is_served_as_named_endpoints(endpoint: EndpointServer, grocery: vsgraph.Portfolio) -> None:
    status, content_type, body = fetch(endpoint.url + "queries/stream-steps?stream=checkout", accept="application/json")
    assert (status, content_type) == (200, "application/json")
    assert body.decode() == grocery.run_query("stream-steps", {"stream": "checkout"}).render("json")
    status, _, body = fetch(endpoint.url + "queries/stream-steps")
    assert status == 400 and b"needs the parameter 'stream'" in body
    assert fetch(endpoint.url + "queries/no-such-question")[0] == 404
    status, _, body = fetch(endpoint.url + "queries")
    assert "stream-steps" in [entry["name"] for entry in json.loads(body)]


def test_validation_is_served_as_json_and_turtle(endpoint: EndpointServer, grocery: vsgraph.Portfolio) -> None:
    status, _, body = fetch(endpoint.url + "validate", accept="application/json")
    assert status == 200 and json.loads(body) == grocery.validate().to_dict()
    status, content_type, body = fetch(endpoint.url + "validate", accept="text/turtle")
    assert (status, content_type) == (200, "text/turtle")
    assert Graph().parse(data=body, format="turtle").isomorphic(grocery.validate().to_graph())


def test_an_entity_iri_is_dereferenced(endpoint: EndpointServer, grocery: vsgraph.Portfolio) -> None:
    # The endpoint was started with the base https://example.org/: /grocery/checkout is the checkout stream.
    status, content_type, body = fetch(endpoint.url + "grocery/checkout", accept="text/turtle")
    assert (status, content_type) == (200, "text/turtle")
    described = Graph().parse(data=body, format="turtle")
    assert set(grocery.graph.triples((URIRef(CHECKOUT), None, None))) <= set(described)
    assert set(grocery.graph.triples((None, None, URIRef(CHECKOUT)))) <= set(described)
    status, content_type, body = fetch(
        endpoint.url + "resource?iri=" + urllib.parse.quote(CHECKOUT, safe=""), accept="text/html,application/xhtml+xml,*/*;q=0.8"
    )
    assert (status, content_type) == (200, "text/html")
    assert b"<h1>https://example.org/grocery/checkout</h1>" in body and b"Check-out" in body
    assert fetch(endpoint.url + "grocery/nowhere")[0] == 404


def test_the_query_page_loads_nothing_from_elsewhere(endpoint: EndpointServer) -> None:
    status, content_type, body = fetch(endpoint.url, accept="text/html")
    assert (status, content_type) == (200, "text/html")
    page = body.decode()
    assert "<form" in page and "fetch('sparql'" in page and "stream-steps" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_an_update_needs_the_token(endpoint: EndpointServer) -> None:
    update = urllib.parse.urlencode({"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}).encode()
    status, _, _ = fetch(endpoint.url + "update", data=update)
    assert status == 401
    status, _, _ = fetch(endpoint.url + "update", data=update, headers={"Authorization": "Bearer wrong"})
    assert status == 403
    assert (
        fetch(endpoint.url + "sparql?" + urllib.parse.urlencode({"query": "ASK { <urn:x:a> ?p ?o }"}), accept="application/json")[
            2
        ]
        == b'{"head":{},"boolean":false}'
    )


def test_an_update_with_the_token_is_applied(grocery_path: Path) -> None:
    server = start_endpoint(Dataset(vsgraph.load(grocery_path)), update_token="s3cret")
    try:

        def ask() -> bytes:
            query = urllib.parse.urlencode({"query": "ASK { <urn:x:a> ?p ?o }"})
            return fetch(server.url + "sparql?" + query, accept="application/json")[2]

        assert ask() == b'{"head":{},"boolean":false}'  # the workers now hold the store as it was
        update = urllib.parse.urlencode({"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}).encode()
        assert fetch(server.url + "update", data=update, headers={"Authorization": "Bearer s3cret"})[0] == 204
        assert ask() == b'{"head":{},"boolean":true}'
    finally:
        stop_endpoint(server)


def test_a_server_without_a_token_is_read_only(grocery_path: Path) -> None:
    server = start_endpoint(Dataset(vsgraph.load(grocery_path)))
    try:
        update = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
        status, _, body = fetch(server.url + "update", data=update, headers={"Authorization": "Bearer anything"})
        assert status == 403 and b"read-only" in body
    finally:
        stop_endpoint(server)


@pytest.mark.parametrize(
    ("path", "field", "text"),
    [
        ("sparql", "query", "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?q ?v } } }"),
        ("sparql", "query", "SELECT * WHERE { service\n<http://127.0.0.1:9/> { ?s ?p ?o } }"),
        ("update", "update", "LOAD <http://127.0.0.1:9/data.ttl>"),
        ("update", "update", "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
    ],
)
def test_anything_that_fetches_a_url_is_refused(endpoint: EndpointServer, path: str, field: str, text: str) -> None:
    status, _, body = fetch(
        endpoint.url + path, data=urllib.parse.urlencode({field: text}).encode(), headers={"Authorization": "Bearer s3cret"}
    )
    assert status == 403
    assert b"is refused: vsgraph never fetches a URL" in body


def test_an_iri_that_mentions_service_is_not_refused(endpoint: EndpointServer) -> None:
    query = "ASK { <https://example.org/SERVICE/LOAD> ?p ?o }"
    assert fetch(endpoint.url + "sparql?" + urllib.parse.urlencode({"query": query}), accept="application/json")[0] == 200


def test_a_long_query_is_cut_off_by_the_time_limit(endpoint: EndpointServer) -> None:
    cross_product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # the example's size cubed: rows to count
    status, _, body = fetch(endpoint.url + "sparql?" + urllib.parse.urlencode({"query": cross_product}))
    assert status == 503
    assert b"ran longer than 3 s" in body
    assert fetch(endpoint.url + "sparql?" + urllib.parse.urlencode({"query": COUNT}))[0] == 200  # still serving


def test_a_huge_answer_is_refused_by_the_size_limit(endpoint: EndpointServer) -> None:
    big = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 178,084 rows: far more than 1 MB
    status, _, body = fetch(endpoint.url + "sparql?" + urllib.parse.urlencode({"query": big}), accept="application/json")
    assert status == 413
    assert b"larger than 1,000,000 bytes" in body


def test_a_served_store_follows_loads(tmp_path: Path, grocery_path: Path) -> None:
    store = vsgraph.DiskStore(tmp_path / "store")
    store.load([grocery_path], name="one")
    server = start_endpoint(Dataset(disk=store))
    try:
        ask = lambda: fetch(server.url + "sparql?" + urllib.parse.urlencode({"query": COUNT}), accept="text/csv")[2]  # noqa: E731
        assert ask() == f"n\r\n{GROCERY_TRIPLES}\r\n".encode()
        store.load([grocery_path], name="two")
        assert ask() == f"n\r\n{2 * GROCERY_TRIPLES}\r\n".encode()  # the same triples in two portfolios' graphs
    finally:
        stop_endpoint(server)


def test_cli_serve_binds_to_loopback_and_answers(grocery_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", "from vsgraph.cli import main; main()", "serve", str(grocery_path), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        match = re.search(r"serving on (http://127\.0\.0\.1:\d+/) \(read-only\)", banner)
        assert match, banner
        wait_until_answering(match.group(1), None)
        status, _, body = fetch(match.group(1) + "sparql?" + urllib.parse.urlencode({"query": COUNT}), accept="text/csv")
        assert (status, body) == (200, f"n\r\n{GROCERY_TRIPLES}\r\n".encode())
    finally:
        process.terminate()
        process.wait(timeout=30)
