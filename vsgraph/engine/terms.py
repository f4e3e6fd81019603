"""Conversion of RDF terms between pyoxigraph and rdflib.

Oxigraph is vsgraph's engine and rdflib its Python face, so terms cross between them all
the time. Two details matter for correctness:

* Oxigraph gives plain literals the explicit datatype ``xsd:string``; rdflib does not treat
  ``Literal("a", datatype=XSD.string)`` as equal to ``Literal("a")``, which made pyshacl
  report spurious ``sh:in`` failures over oxrdflib. Plain literals therefore come back
  without a datatype.
* Oxigraph stores literals in canonical form (``"2018.0"^^xsd:decimal`` becomes ``2018``);
  converting from Oxigraph keeps that form, so both faces of a portfolio are isomorphic.

Query answers are converted in bulk (:func:`tsv_rows`): catalog queries return tens
of thousands of rows at portfolio scale, and handing each term from Rust to Python one at
a time cost more than answering the query.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """The rdflib term equal to an Oxigraph term, uncached (callers cache as they need)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        # normalize=False: Oxigraph's lexical forms are canonical already, and rdflib's
        # normalisation would only write a string back as the same string (a third of the
        # cost of building a label).
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


@lru_cache(maxsize=1 << 18)
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Return the rdflib term equal to an Oxigraph term.

    Cached: triples repeat the same IRIs and labels many times, and building an rdflib
    ``Literal`` (which parses its lexical form) costs several µs; rdflib terms are
    immutable, so sharing them is safe. Query answers have their own cache, keyed by text.
    """
    return _rdflib_term(term)


#: rdflib terms by their text in a SPARQL TSV answer, shared by all answers (bounded).
_TSV_TERMS: dict[bytes, Node] = {}
_TSV_TERMS_LIMIT = 1 << 18
_TSV_TERMS_LOCK = threading.Lock()


def solution_rows(solutions: ox.QuerySolutions) -> tuple[list[str], list[dict[str, Node | None]]]:
    """The variables and rows of a SELECT answer, as rdflib terms (``None`` where unbound).

    Oxigraph writes the whole answer as SPARQL TSV in Rust (see :func:`tsv_rows`), which
    is much cheaper than converting each solution's terms from Python.
    """
    return tsv_rows(written(solutions.serialize(format=ox.QueryResultsFormat.TSV)))


def written(document: bytes | None) -> bytes:
    """What an Oxigraph ``serialize`` or ``dump`` called without an output returns: the
    document it wrote (its stubs say ``bytes | None``, ``None`` being for an output given)."""
    assert document is not None, "Oxigraph returns the document when given no output"
    return document


def tsv_rows(document: bytes) -> tuple[list[str], list[dict[str, Node | None]]]:
    """The variables and rows of a SELECT answer that Oxigraph wrote as SPARQL TSV.

    Each distinct cell is converted once. TSV cells are Turtle terms: IRIs and unescaped
    language-tagged strings are read directly, any other cell by Oxigraph's Turtle parser,
    so escapes and number forms are never decoded by hand.
    """
    header, _, body = document.partition(b"\n")
    variables = [name[1:] for name in header.decode().split("\t")] if header else []
    return variables, _rows(variables, body)


def _rows(variables: list[str], body: bytes) -> list[dict[str, Node | None]]:
    """The rows of a TSV answer's body, a line (ending in a line break) a row.

    The cells go through C-level passes over one flat list (split, set difference with
    the cache, lookup by ``map``), never a Python loop a cell, which the benchmark found
    markedly faster at a million triples. Oxigraph escapes tabs and line breaks inside
    terms, so the cells of a row never spill into the next.
    """
    count = body.count(b"\n")
    if not variables:
        return [{} for _ in range(count)]
    cells = body[:-1].replace(b"\n", b"\t").split(b"\t") if count else []
    if len(cells) != count * len(variables):
        raise ValueError(f"a SPARQL TSV answer of {len(variables)} columns has {len(cells)} cells in {count} rows")
    distinct = set(cells)
    distinct.discard(b"")  # an unbound variable
    with _TSV_TERMS_LOCK:
        unseen = distinct.difference(_TSV_TERMS)
        if len(_TSV_TERMS) + len(unseen) > _TSV_TERMS_LIMIT:
            _TSV_TERMS.clear()
            unseen = distinct
        _TSV_TERMS.update(_converted_cells(list(unseen)))
        terms = list(map(_TSV_TERMS.get, cells))
    # zip(*[iterator] * n) reads the flat list n cells at a time: one tuple a row.
    return [dict(zip(variables, row, strict=True)) for row in zip(*[iter(terms)] * len(variables), strict=True)]


def _converted_cells(cells: list[bytes]) -> Iterator[tuple[bytes, Node]]:
    """Each TSV cell with its rdflib term.

    The two commonest kinds are read directly. An IRI cell is the IRI between angle
    brackets (Oxigraph writes IRIs unescaped). A language-tagged string without a backslash
    has nothing escaped, so its text is what lies between the quotes; labels are such
    strings, and reading them directly is markedly faster than the parser. Other literals
    and blank nodes are read by Oxigraph's Turtle parser.
    """
    others = []
    for cell in cells:
        if cell.startswith(b"<"):
            yield cell, URIRef(cell[1:-1].decode())
            continue
        if cell.startswith(b'"') and b"\\" not in cell:
            text, tagged, language = cell[1:].rpartition(b'"@')
            if tagged and b"--" not in language:  # not with a base direction, which rdflib lacks
                yield cell, Literal(text.decode(), lang=language.decode(), normalize=False)
                continue
        others.append(cell)
    document = b"".join(b"<urn:vsgraph:cell> <urn:vsgraph:is> " + cell + b" .\n" for cell in others)
    parsed = ox.parse(input=document, format=ox.RdfFormat.TURTLE)
    for cell, triple in zip(others, parsed, strict=True):
        yield cell, _rdflib_term(triple.object)


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


def to_oxigraph_triple(s: Node, p: Node, o: Node) -> ox.Triple:
    """Return the Oxigraph triple equal to an rdflib triple (``TypeError`` for a literal
    subject or a predicate that is not an IRI, which Oxigraph refuses too)."""
    return ox.Triple(_oxigraph_subject(s), _oxigraph_predicate(p), to_oxigraph(o))


def to_oxigraph_quad(s: Node, p: Node, o: Node) -> ox.Quad:
    """Return the Oxigraph quad, in the default graph, equal to an rdflib triple."""
    return ox.Quad(_oxigraph_subject(s), _oxigraph_predicate(p), to_oxigraph(o))


def _oxigraph_subject(term: Node) -> ox.NamedNode | ox.BlankNode:
    subject = to_oxigraph(term)
    if isinstance(subject, ox.Literal):
        raise TypeError(f"a literal cannot be the subject of a triple: {term!r}")
    return subject


def _oxigraph_predicate(term: Node) -> ox.NamedNode:
    predicate = to_oxigraph(term)
    if not isinstance(predicate, ox.NamedNode):
        raise TypeError(f"only an IRI can be the predicate of a triple: {term!r}")
    return predicate
