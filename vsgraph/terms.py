"""Conversion of RDF terms between pyoxigraph and rdflib.

Oxigraph is vsgraph's engine and rdflib its Python face, so terms cross between them all
the time. Two details matter for correctness:

* Oxigraph gives plain literals the explicit datatype ``xsd:string``; rdflib does not treat
  ``Literal("a", datatype=XSD.string)`` as equal to ``Literal("a")``, which made pyshacl
  report spurious ``sh:in`` failures over oxrdflib. Plain literals therefore come back
  without a datatype.
* Oxigraph stores literals in canonical form (``"2018.0"^^xsd:decimal`` becomes ``2018``);
  converting from Oxigraph keeps that form, so both faces of a portfolio are isomorphic.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@lru_cache(maxsize=1 << 18)
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Return the rdflib term equal to an Oxigraph term.

    Cached: query results repeat the same IRIs and labels many times, and building an
    rdflib ``Literal`` (which parses its lexical form) costs about 12 µs; rdflib terms are
    immutable, so sharing them is safe.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Return the Oxigraph term equal to an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _RDF_LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")
