"""Parameters are bound with a VALUES block in the outermost group, on every engine."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

import vsgraph
from vsgraph.engine.bindings import bind_values
from vsgraph.errors import QueryError


def test_values_goes_after_where_not_into_a_construct_template():
    sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    bound = bind_values(sparql, {"s": URIRef("https://example.org/a")})
    assert bound.startswith("CONSTRUCT { ?s ?p ?o } WHERE {\n  VALUES (?s) { (<https://example.org/a>) }")


def test_braces_and_where_inside_strings_iris_and_comments_are_ignored():
    sparql = '# where { not here\nPREFIX ex: <https://example.org/where#x>\nSELECT ("where {" AS ?t) ?s { ?s ?p ?o }'
    bound = bind_values(sparql, {"s": Literal(3)})
    assert bound.endswith('{\n  VALUES (?s) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) }\n ?s ?p ?o }')


def test_strings_are_escaped_so_a_value_cannot_change_the_query(grocery):
    hostile = Literal('x" } ; DROP ALL ; { "')
    result = grocery.query("SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }", {"label": hostile})
    assert result.rows == []


def test_bad_variable_names_are_refused():
    with pytest.raises(QueryError):
        bind_values("SELECT * { ?s ?p ?o }", {"s) } DROP ALL": Literal(1)})


@pytest.mark.parametrize(
    ("term", "says"),
    [(URIRef("https://example.org/a b"), "cannot be written in SPARQL"), (Literal("\udcff"), "is not valid UTF-8")],
)
def test_a_term_sparql_cannot_hold_is_refused_naming_its_variable(grocery, term, says):
    """Regression: rdflib's bare Exception read as an invalid query, or a UnicodeEncodeError escaped."""
    with pytest.raises(QueryError, match=f"value for \\?s {says}"):
        grocery.query("SELECT * WHERE { ?s ?p ?o }", {"s": term})


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"threshold": "1e999999999999999999"}, "more than 100 digits"),
        ({"threshold": 10**200}, "more than 100 digits"),
        ({"threshold": "9" * 5000}, "more than 100 digits"),
    ],
)
def test_numbers_too_long_to_write_out_are_bad_parameters(grocery, params, says):
    """Regression: `threshold=1e999999999999999999` ended in a MemoryError."""
    with pytest.raises(QueryError, match=f"parameter 'threshold': .*{says}"):
        grocery.run_query("low-quality-steps", params)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("vsg:a b", "is not a valid IRI"),
        (URIRef("https://example.org/a b"), "is not a valid IRI"),
        ("\udcff", "not valid UTF-8"),
        ("x" * 5000, "no IRI in the portfolio ends with 'x{79}…;"),
    ],
)
def test_iri_parameters_sparql_cannot_hold_are_bad_parameters(grocery, value, says):
    with pytest.raises(QueryError, match=f"parameter 'stream': .*{says}"):
        grocery.run_query("stream-steps", stream=value)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_bound_variable_need_not_be_projected(grocery_path, engine):
    portfolio = vsgraph.load(grocery_path, engine=engine)
    sparql = """PREFIX vsg: <https://w3id.org/vsgraph#>
    SELECT (COUNT(?step) AS ?steps) WHERE { ?stream vsg:hasStep ?step }"""
    result = portfolio.query(sparql, {"stream": URIRef("https://example.org/grocery/checkout")})
    assert int(result.rows[0]["steps"]) == 3
