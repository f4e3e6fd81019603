"""RDF terms as N-Triples text, written and read back, for moving statements in bulk.

A large exchange file, or a tracker's export of a year of work items, states hundreds of
thousands of statements. Building one Oxigraph object per term and statement from Python
costs more than writing each statement as a line of N-Triples or N-Quads and letting
Oxigraph parse the whole document at once, and reading a portfolio's N-Triples dump line
by line costs less than having Oxigraph build an object per triple. This module writes and
reads the few shapes of term involved.

Writing: an IRI is written between angle brackets as it is, so it must be one Oxigraph
accepts (:func:`checked_iri`); a literal's text is escaped as N-Triples requires (quote,
backslash, line feed, carriage return). Reading (:func:`statements`): the lines Oxigraph
writes are ``subject predicate object .`` with single spaces and IRIs unescaped; an IRI
and a literal without a backslash are read directly, and any other literal by Oxigraph's
own parser, so that escapes are never decoded by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

_ESCAPED = re.compile(r'["\\\n\r]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"}
#: The kinds of object :func:`object_term` tells apart.
IRI, LITERAL, OTHER = "iri", "literal", "other"


def iri(value: str) -> str:
    """An IRI that Oxigraph accepts (:func:`checked_iri`) as an N-Triples term."""
    return f"<{value}>"


@lru_cache(maxsize=4096)
def checked_iri(value: str) -> str:
    """The N-Triples term of an IRI, or ``ValueError`` if Oxigraph would refuse it; for the
    few dozen classes and predicates met again and again."""
    return iri(ox.NamedNode(value).value)


def literal(text: str, language: str = "") -> str:
    """A plain literal, or one in ``language`` (which :func:`checked_language` accepts)."""
    if _ESCAPED.search(text):
        text = _ESCAPED.sub(lambda found: _ESCAPES[found.group()], text)
    return f'"{text}"@{language}' if language else f'"{text}"'


def typed(text: str, datatype: str) -> str:
    """A literal of the datatype IRI ``datatype``."""
    return f"{literal(text)}^^<{datatype}>"


@lru_cache(maxsize=1024)
def checked_language(language: str) -> str:
    """``language`` if it is a language tag Oxigraph accepts, else ``ValueError``."""
    ox.Literal("", language=language)
    return language


def statements(document: bytes) -> dict[str, tuple[tuple[str, str], ...]]:
    """The statements of an N-Triples document Oxigraph wrote, by subject IRI: each one's
    predicate IRI and object, in the document's order. The object is an N-Triples term
    (:func:`object_term` reads it); statements about blank nodes are left out.

    A store writes a subject's statements one after the other, so they are gathered a run
    at a time into a tuple, which the garbage collector soon stops visiting (it would visit
    a list per subject every time it runs); a subject met again adds its next run."""
    by_subject: dict[str, tuple[tuple[str, str], ...]] = {}
    subject = ""
    run: list[tuple[str, str]] = []
    # Lines end in a line feed only: str.splitlines would also split a literal holding a
    # line or paragraph separator, which N-Triples leaves unescaped.
    for line in document.decode().split("\n"):
        if not line:
            continue
        term, predicate, rest = line.split(" ", 2)
        if term != subject:
            _add_run(by_subject, subject, run)
            subject, run = term, []
        run.append((predicate[1:-1], rest[:-2]))
    _add_run(by_subject, subject, run)
    return by_subject


def _add_run(by_subject: dict[str, tuple[tuple[str, str], ...]], subject: str, run: list[tuple[str, str]]) -> None:
    """Add the statements of a run about the N-Triples term ``subject``, if it is an IRI."""
    if run and subject[0] == "<":
        iri = subject[1:-1]
        by_subject[iri] = by_subject.get(iri, ()) + tuple(run)


def object_term(term: str) -> tuple[str, str, str, str]:
    """What an object :func:`statements` gives is: its kind (:data:`IRI`, :data:`LITERAL`,
    or :data:`OTHER` for a blank node), its IRI, text or blank node label, and a literal's
    language and datatype IRI (``""`` when it has none)."""
    if term[0] == "<" and term[1] != "<":
        return IRI, term[1:-1], "", ""
    if term[0] == '"' and "\\" not in term:
        end = term.rindex('"')
        suffix = term[end + 1 :]
        if not suffix:
            return LITERAL, term[1:end], "", _XSD_STRING
        if suffix[0] == "@":
            return LITERAL, term[1:end], suffix[1:], _RDF_LANG_STRING
        return LITERAL, term[1:end], "", suffix[3:-1]
    return _parsed(term)


def _parsed(term: str) -> tuple[str, str, str, str]:
    """Any other term, read by Oxigraph's N-Triples parser."""
    (triple,) = ox.parse(input=f"<urn:s> <urn:p> {term} .", format=ox.RdfFormat.N_TRIPLES)
    obj = triple.object
    if isinstance(obj, ox.Literal):
        return LITERAL, obj.value, obj.language or "", obj.datatype.value
    if isinstance(obj, ox.NamedNode):
        return IRI, obj.value, "", ""
    if isinstance(obj, ox.BlankNode):
        return OTHER, obj.value, "", ""
    return OTHER, str(obj), "", ""


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
