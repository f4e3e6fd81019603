"""No fetch by any spelling: SERVICE and LOAD are refused wherever SPARQL runs.

Every spelling below once reached, or could reach, Oxigraph's HTTP client. Each is sent
through the API (both engines), ``vsgraph sparql`` and the endpoint, with a loopback
listener as the URL: the listener must see no connection. A differential test then
builds many spellings at random and runs whatever the guard accepts on the engine itself.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vsgraph
from tests.support.listener import Listener
from tests.support.servers import fetch, start_endpoint, stop_endpoint
from vsgraph.engine.fetch_guard import refuse_fetching
from vsgraph.errors import QueryError, RefusedError
from vsgraph.server import Dataset, EndpointServer, Limits

#: Queries that name the listener (``{u}``) in every way found to reach, or nearly reach, a fetch.
QUERIES = {
    "plain": "SELECT * WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "lower case, silent": "SELECT * WHERE {{ service silent <{u}> {{ ?s ?p ?o }} }}",
    "comment ended by CR": "SELECT ?s WHERE {{ # x\rSERVICE <{u}> {{ ?s ?p ?o }}\n}}",
    "comment ended by CRLF": "SELECT ?s WHERE {{ # x\r\nSERVICE <{u}> {{ ?s ?p ?o }} }}",
    "form feed": "SELECT ?s WHERE {{ # x\f\nSERVICE\f<{u}> {{ ?s ?p ?o }} }}",
    "\\u escape": "SELECT * WHERE {{ \\u0053ERVICE <{u}> {{ ?s ?p ?o }} }}",
    "\\U escape": "SELECT * WHERE {{ \\U00000073ervice <{u}> {{ ?s ?p ?o }} }}",
    "escaped quotes around it": 'SELECT * WHERE {{ BIND("\\u0022 AS ?x) SERVICE <{u}> {{ ?s ?p ?o }} BIND(\\u0022" AS ?y) }}',
    "prefixed name": "PREFIX x: <{u}> SELECT * WHERE {{ SERVICE x:here {{ ?s ?p ?o }} }}",
    "keyword glued to a name": "PREFIX : <{u}> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "no spaces": "SELECT * WHERE {{ SERVICE<{u}>{{?s ?p ?o}} }}",
    "variable": "SELECT * WHERE {{ BIND(<{u}> AS ?where) SERVICE ?where {{ ?s ?p ?o }} }}",
    "after a number": "SELECT * WHERE {{ ?s ?p 5SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "after true": "SELECT * WHERE {{ ?s ?p trueSERVICE <{u}> {{ ?s ?p ?o }} }}",
    "after a dot": "SELECT * WHERE {{ ?s ?p ?o .SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "subquery": "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }} }}",
    "EXISTS": "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{u}> {{ ?s ?q ?v }} }} }}",
    "OPTIONAL": "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{u}> {{ ?s ?q ?v }} }} }}",
    "GRAPH": "SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }}",
    "MINUS": "SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{u}> {{ ?s ?q ?v }} }} }}",
    "ASK": "ASK {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
}

UPDATES = {
    "LOAD": "LOAD <{u}>",
    "LOAD SILENT INTO": "LOAD SILENT <{u}data.ttl> INTO GRAPH <urn:x:g>",
    "LOAD after a comment ended by CR": "# x\rLOAD <{u}>",
    "LOAD after another operation": "CLEAR SILENT GRAPH <urn:x:g> ; load <{u}>",
    "SERVICE in WHERE": "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SERVICE with USING": "INSERT {{ ?s ?p ?o }} USING <urn:x:g> WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SERVICE with WITH": "WITH <urn:x:g> DELETE {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
}

HARMLESS = [
    "ASK { <https://example.org/SERVICE/LOAD> ?p ?o }",
    "SELECT ?service WHERE { ?service ?p 'SERVICE <http://127.0.0.1:9/> { }' }",
    "PREFIX vsg: <https://w3id.org/vsgraph#> SELECT ?x WHERE { ?x vsg:deliversProductOrService ?y }",
    "SELECT ?s WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
    'SELECT ?s WHERE { ?s ?p """a long\nSERVICE <http://127.0.0.1:9/> {} string""" }',
]


@pytest.fixture(scope="module")
def data_path(tmp_path_factory: pytest.TempPathFactory, grocery_path: Path) -> Path:
    """The grocery example plus a triple whose object is 5 and one whose object is true, so
    that the patterns ``?s ?p 5`` and ``?s ?p true`` in the spellings above match."""
    grocery = vsgraph.load(grocery_path)
    path = tmp_path_factory.mktemp("guard") / "data.nt"
    extra = (
        b'<urn:x:s> <urn:x:p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        b'<urn:x:s> <urn:x:p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
    )
    path.write_bytes(grocery.backend.ntriples() + extra)
    return path


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_api_refuses_every_spelling_of_service(name: str, engine: str, listener: Listener, data_path: Path) -> None:
    portfolio = vsgraph.load(data_path, engine=engine)
    before = listener.connections
    with pytest.raises(RefusedError, match="SERVICE is refused"):
        portfolio.query(QUERIES[name].format(u=listener.url))
    assert listener.settled_count() == before


@pytest.mark.parametrize("name", ["plain", "comment ended by CR", "keyword glued to a name", "after a number", "no spaces"])
def test_vsgraph_sparql_refuses_service_with_exit_2(name: str, listener: Listener, data_path: Path, run_cli) -> None:
    before = listener.connections
    result = run_cli("sparql", QUERIES[name].format(u=listener.url), data_path)
    assert result.exit_code == 2
    assert "SERVICE is refused" in result.output and "Traceback" not in result.output
    assert listener.settled_count() == before


@pytest.fixture(scope="module")
def endpoint(data_path: Path) -> Iterator[EndpointServer]:
    server = start_endpoint(Dataset(vsgraph.load(data_path)), limits=Limits(seconds=5.0), update_token="s3cret")
    try:
        yield server
    finally:
        stop_endpoint(server)


def _post(endpoint: EndpointServer, route: str, field: str, text: str) -> tuple[int, bytes]:
    status, _, body = fetch(
        endpoint.url + route,
        data=urllib.parse.urlencode({field: text}).encode(),
        headers={"Authorization": "Bearer s3cret"},
    )
    return status, body


@pytest.mark.parametrize("name", list(QUERIES))
def test_the_endpoint_refuses_every_spelling_of_service(name: str, listener: Listener, endpoint: EndpointServer) -> None:
    before = listener.connections
    status, body = _post(endpoint, "sparql", "query", QUERIES[name].format(u=listener.url))
    assert (status, body.startswith(b"SERVICE is refused")) == (403, True)
    assert listener.settled_count() == before


@pytest.mark.parametrize("name", list(UPDATES))
def test_the_endpoint_refuses_every_spelling_of_load_and_service_in_updates(
    name: str, listener: Listener, endpoint: EndpointServer
) -> None:
    before = listener.connections
    status, body = _post(endpoint, "update", "update", UPDATES[name].format(u=listener.url))
    assert status == 403 and b"is refused" in body
    assert listener.settled_count() == before


@pytest.mark.parametrize("text", HARMLESS)
def test_a_query_that_merely_mentions_service_is_answered(text: str, endpoint: EndpointServer) -> None:
    status, _ = _post(endpoint, "sparql", "query", text)
    assert status == 200


def test_a_caller_may_opt_in_to_federation(listener: Listener, data_path: Path, run_cli) -> None:
    query = QUERIES["plain"].format(u=listener.url)
    before = listener.connections
    with pytest.raises(OSError):  # the listener hangs up without an answer
        vsgraph.load(data_path).query(query, allow_fetch=True)
    assert listener.settled_count() == before + 1  # the engine really fetched: the guard was what stopped it
    result = run_cli("sparql", query, data_path, "--allow-service")
    assert result.exit_code != 0 and "is refused" not in result.output
    assert listener.settled_count() == before + 2


# The differential test: spellings built at random; whatever the guard accepts, the engine
# must not fetch.

_SEPARATORS = [" ", "\n", "\r", "\t", "", "# c\r", "# c\n", "# c\r\n", "\f", "\\u0020"]
_KEYWORDS = [
    "SERVICE",
    "service",
    "SeRvIcE",
    "\\u0053ERVICE",
    "\\u0073ervice",
    "SERVIC",
    "SERVICES",
    "?service",
    "ex:service",
    "'SERVICE'",
    "<urn:x:SERVICE>",
]
_BEFORE = ["", "?s ?p ?o .", "?s ?p 5", "?s ?p true", "{ }", "FILTER(true)"]
_TARGETS = ["<{u}>", "ex:", ":", "?where"]
_WRAPPERS = [
    "{}",
    "OPTIONAL {{ {} }}",
    "{{ SELECT * WHERE {{ {} }} }}",
    "FILTER EXISTS {{ {} }}",
    "GRAPH ?g {{ {} }}",
    "MINUS {{ {} }}",
]


@st.composite
def spellings(draw: st.DrawFn, url: str) -> str:
    separator = st.sampled_from(_SEPARATORS)
    pattern = (
        draw(st.sampled_from(_BEFORE))
        + draw(separator)
        + draw(st.sampled_from(_KEYWORDS))
        + draw(separator)
        + draw(st.sampled_from(["", "SILENT "]))
        + draw(st.sampled_from(_TARGETS)).format(u=url)
        + draw(separator)
        + "{ ?s ?p ?o }"
    )
    body = draw(st.sampled_from(_WRAPPERS)).format(pattern)
    return f"PREFIX ex: <{url}> PREFIX : <{url}>{draw(separator)}SELECT * WHERE {{ BIND(<{url}> AS ?where) {body} }}"


_DIFFERENTIAL_LISTENER = Listener()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=spellings(_DIFFERENTIAL_LISTENER.url))
def test_whatever_the_guard_accepts_the_engine_cannot_fetch(text: str) -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal(5)))
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal(True)))
    try:
        refuse_fetching(text)
    except RefusedError:
        return
    before = _DIFFERENTIAL_LISTENER.connections
    try:
        answer = store.query(text)
        list(answer) if isinstance(answer, ox.QuerySolutions) else None
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    assert _DIFFERENTIAL_LISTENER.settled_count() == before, text


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_from_names_a_graph_and_fetches_nothing(engine: str, listener: Listener, data_path: Path) -> None:
    portfolio = vsgraph.load(data_path, engine=engine)
    before = listener.connections
    query = f"SELECT (COUNT(*) AS ?n) FROM <{listener.url}> WHERE {{ ?s ?p ?o }}"
    if engine == "oxigraph":
        assert int(portfolio.query(query).rows[0]["n"]) == 0  # a graph of that name is not in the portfolio
    else:
        with pytest.raises(QueryError, match="cannot answer FROM"):  # rdflib would ignore it, or fetch the URL
            portfolio.query(query)
    assert listener.settled_count() == before
