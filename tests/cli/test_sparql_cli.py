"""``vsgraph sparql`` declares vsgraph's prefixes, reports a syntax error in one line, and
still refuses to fetch: the guard sees the text with the declarations, as the engine does."""

from __future__ import annotations

import time

import pytest

import vsgraph
import vsgraph.engine.backends as backends
from vsgraph.query_catalog.queries import prefix_declarations, run_sparql, sparql_prefixes

ENGINES = ["oxigraph", "rdflib"]


def rows(output: str) -> list[str]:
    """The data lines of CSV output."""
    return output.splitlines()[1:]


@pytest.mark.parametrize("engine", ENGINES)
def test_undeclared_vsgraph_prefixes_are_declared(run_cli, grocery_path, engine) -> None:
    query = (
        "SELECT ?label WHERE { ?stream a vsg:OperationalValueStream ; rdfs:label ?label ; vsg:hasStep ?step . "
        "?step vsg:position ?position . FILTER (?position = xsd:integer('4')) } ORDER BY ?label"
    )
    result = run_cli("sparql", query, grocery_path, "--engine", engine, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert rows(result.output) == ["Shelf stocking"]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_prefix_the_task_names_is_declared(run_cli, grocery_path, engine) -> None:
    names = ["vsg", "rdfs", "rdf", "xsd", "skos", "org", "prov", "dcterms", "owl"]
    query = "SELECT * WHERE { " + " ".join(f"BIND ({name}:x AS ?{name})" for name in names) + " }"
    result = run_cli("sparql", query, grocery_path, "--engine", engine, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"vsg": "https://w3id.org/vsgraph#x"' in result.output
    assert '"dcterms": "http://purl.org/dc/terms/x"' in result.output
    assert set(names) <= set(sparql_prefixes())


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("keyword", ["PREFIX", "prefix", "Prefix"])
def test_a_prefix_the_query_declares_wins(run_cli, grocery_path, engine, keyword) -> None:
    query = f"{keyword} vsg: <https://example.org/elsewhere#>\nSELECT ?x WHERE {{ BIND (vsg:Step AS ?x) }}"
    result = run_cli("sparql", query, grocery_path, "--engine", engine, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert rows(result.output) == ["https://example.org/elsewhere#Step"]
    declarations = prefix_declarations(query)
    assert "PREFIX vsg:" not in declarations and "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in declarations


def test_nothing_is_added_to_a_query_that_declares_every_prefix() -> None:
    query = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sparql_prefixes().items()) + "ASK {}"
    assert prefix_declarations(query) == ""


def test_the_api_declares_prefixes_only_when_asked(grocery) -> None:
    query = "SELECT (COUNT(?step) AS ?n) WHERE { ?step a vsg:Step }"
    assert run_sparql(grocery, query, with_prefixes=True).table().rows == [{"n": 15}]
    with pytest.raises(vsgraph.QueryError, match="the prefix vsg: is not declared"):
        run_sparql(grocery, query)


# --- syntax errors ----------------------------------------------------------------------


def one_error_line(result) -> str:
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert len(lines[0]) < 250 and "\\u{" not in lines[0] and "..=" not in lines[0]
    return lines[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_syntax_error_is_one_line_with_the_line_and_column_of_the_text_given(run_cli, grocery_path, engine) -> None:
    query = "SELECT ?s\nWHERE {\n  ?s ?p ?o\n"  # the group is never closed
    line = one_error_line(run_cli("sparql", query, grocery_path, "--engine", engine))
    assert line.startswith("vsgraph: error: the SPARQL query is not valid: error at ")
    assert "error at 3:" in line or "error at 4:" in line  # where each engine stops: the end of the text


def test_oxigraph_grammar_dump_is_cut_to_what_was_expected(run_cli, grocery_path) -> None:
    line = one_error_line(run_cli("sparql", "SELECT ?s WHERE { ?s ?p ?o", grocery_path))
    expected = 'expected one of ",", ".", ";", "{", "{|", "}", "~"'
    assert line == f"vsgraph: error: the SPARQL query is not valid: error at 1:27: {expected}"


def test_an_undeclared_prefix_is_named_at_its_place(run_cli, grocery_path) -> None:
    line = one_error_line(run_cli("sparql", "SELECT ?s WHERE {\n  ?s foo:bar ?o }", grocery_path))
    assert line == "vsgraph: error: the SPARQL query is not valid: error at 2:13: the prefix foo: is not declared"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_syntax_error_in_a_query_file_counts_the_file_lines(run_cli, grocery_path, tmp_path, engine) -> None:
    """The declarations put before the text do not shift the line: the error is where the
    engine puts it in the text without them."""
    text = '# a comment\nSELECT ?s WHERE {\n  ?s <https://w3id.org/vsgraph#name> "no end .\n}\n'
    path = tmp_path / "broken.rq"
    path.write_text(text, encoding="utf-8")
    line = one_error_line(run_cli("sparql", path, grocery_path, "--engine", engine))
    with pytest.raises(vsgraph.QueryError) as undeclared:
        run_sparql(vsgraph.load(grocery_path, engine=engine), text)
    assert line == f"vsgraph: error: {undeclared.value}"
    assert "error at 3:" in line


# --- the fetch guard sees the declarations ----------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE {{ SERVICE <{u}> {{ ?s a vsg:Step }} }}",
        "SELECT * WHERE {{ ?s a vsg:Step . service silent <{u}> {{ ?s ?p ?o }} }}",
        "PREFIX x: <{u}>\nSELECT * WHERE {{ SERVICE x:here {{ ?s rdfs:label ?o }} }}",
        "SELECT * WHERE {{ # x\rSERVICE <{u}> {{ ?s a vsg:Step }}\n}}",
    ],
)
def test_service_is_still_refused_when_prefixes_are_declared(run_cli, grocery_path, listener, engine, query) -> None:
    result = run_cli("sparql", query.format(u=listener.url), grocery_path, "--engine", engine)
    assert result.exit_code == 2
    assert "SERVICE is refused" in result.output
    time.sleep(0.02)
    assert listener.connections == 0


def test_the_guard_sees_exactly_the_text_with_the_declarations(run_cli, grocery_path, monkeypatch) -> None:
    seen: list[str] = []
    guard = backends.refuse_fetching

    def spy(text: str) -> None:
        seen.append(text)
        guard(text)

    monkeypatch.setattr(backends, "refuse_fetching", spy)
    query = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a vsg:Step }"
    result = run_cli("sparql", query, grocery_path, "--format", "csv")
    assert result.exit_code == 0 and rows(result.output) == ["15"]
    assert seen == [prefix_declarations(query) + query]
    assert seen[0].startswith("PREFIX ") and seen[0].count("\n") == 1
