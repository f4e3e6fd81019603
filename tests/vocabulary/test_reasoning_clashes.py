"""What find_clashes names behind each kind of contradiction HermiT reports."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib import namespace as ns

import vsgraph
from vsgraph.vocabulary.reasoning import check_consistency, find_clashes

EX = "https://example.org/test/"
VSG = vsgraph.VSG
RDF = ns.RDF

CASES = {
    "disjoint by type": (
        [
            (URIRef(EX + "both"), RDF.type, VSG.OperationalValueStream),
            (URIRef(EX + "both"), RDF.type, VSG.DevelopmentValueStream),
        ],
        "disjoint classes",
        [EX + "both"],
    ),
    "disjoint through a property's domain": (
        [(URIRef(EX + "dvs"), RDF.type, VSG.DevelopmentValueStream), (URIRef(EX + "dvs"), VSG.precededBy, URIRef(EX + "x"))],
        "disjoint classes",
        [EX + "dvs"],
    ),
    "irreflexive": (
        [(URIRef(EX + "step"), RDF.type, VSG.Step), (URIRef(EX + "step"), VSG.precededBy, URIRef(EX + "step"))],
        "irreflexive property",
        [EX + "step"],
    ),
    "asymmetric": (
        [(URIRef(EX + "a"), VSG.precededBy, URIRef(EX + "b")), (URIRef(EX + "b"), VSG.precededBy, URIRef(EX + "a"))],
        "asymmetric property",
        [EX + "a", EX + "b"],
    ),
    "functional, two different individuals": (
        [
            (URIRef(EX + "m"), RDF.type, VSG.Metric),
            (URIRef(EX + "m"), VSG.hasDirection, VSG.LowerIsBetter),
            (URIRef(EX + "m"), VSG.hasDirection, VSG.HigherIsBetter),
        ],
        "functional property",
        [EX + "m"],
    ),
    "functional, two numbers": (
        [
            (URIRef(EX + "s"), RDF.type, VSG.Step),
            (URIRef(EX + "s"), VSG.processTimeMinutes, Literal("8", datatype=ns.XSD.decimal)),
            (URIRef(EX + "s"), VSG.processTimeMinutes, Literal("9", datatype=ns.XSD.decimal)),
        ],
        "functional property",
        [EX + "s"],
    ),
}


def _portfolio(triples) -> vsgraph.Portfolio:
    graph = vsgraph.Portfolio.empty().graph
    for triple in triples:
        graph.add(triple)
    return vsgraph.Portfolio.from_graph(graph)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hermit_and_the_clash_found_agree(name: str) -> None:
    triples, axiom, nodes = CASES[name]
    result = check_consistency(_portfolio(triples))
    assert not result.consistent
    assert [clash.axiom for clash in result.clashes] == [axiom]
    assert [str(node) for node in result.nodes] == nodes


def test_two_equal_numbers_are_one_value() -> None:
    triples = [
        (URIRef(EX + "s"), RDF.type, VSG.Step),
        (URIRef(EX + "s"), VSG.processTimeMinutes, Literal("8", datatype=ns.XSD.decimal)),
        (URIRef(EX + "s"), VSG.processTimeMinutes, Literal("8.0", datatype=ns.XSD.decimal)),
    ]
    portfolio = _portfolio(triples)
    assert check_consistency(portfolio).consistent
    assert find_clashes(portfolio.graph_with_ontology()) == []


def test_an_ill_typed_literal_is_named_without_crashing_owlready2() -> None:
    literal = Literal("8h", datatype=ns.XSD.decimal)
    result = check_consistency(
        _portfolio([(URIRef(EX + "s"), RDF.type, VSG.Step), (URIRef(EX + "s"), VSG.waitTimeMinutes, literal)])
    )
    assert not result.consistent
    assert [clash.axiom for clash in result.clashes] == ["ill-typed literal"]
    assert '"8h"' in result.explanation and "xsd:decimal" in result.explanation


def test_the_grocery_example_has_no_clash(grocery) -> None:
    assert find_clashes(grocery.graph_with_ontology()) == []
