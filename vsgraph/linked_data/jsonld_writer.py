"""Writing compacted JSON-LD under the vsgraph context, fast enough for large portfolios.

A general JSON-LD compaction (rdflib's serializer, pyld) costs tens of seconds and
gigabytes at a million triples; Oxigraph's writer is fast but only writes expanded JSON-LD.
The shapes the vsgraph context produces are few, so this module compacts directly: it
walks triples sorted by subject, turns each subject into one node object, and uses a
short key only where the context's definition of that key reproduces the triple exactly
(right datatype, ``@id``/``@vocab`` reference, language map). Anything else is written
under the predicate's compact IRI with an explicit value, so the document always expands
back to the very same triples (the tests check that with pyld and with Oxigraph).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from typing import Any, TextIO

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)
_XSD_INTEGER = str(XSD.integer)
_XSD_BOOLEAN = str(XSD.boolean)
_LANGUAGE = "@language"
_NATIVE_INTEGER_LIMIT = 10**21  # JSON-LD turns larger native numbers into xsd:double


class _Term:
    """How a context key maps triples: its name, coercion kind and whether it is a @set."""

    __slots__ = ("always_array", "key", "kind")

    def __init__(self, key: str, kind: str, always_array: bool) -> None:
        self.key = key
        self.kind = kind  # "@id", "@vocab", "@language", a datatype IRI, or "" (plain strings)
        self.always_array = always_array


class Compactor:
    """Turns the triples of one subject into a node object under one JSON-LD context."""

    def __init__(self, context: dict[str, Any]) -> None:
        definitions = context["@context"]
        self._prefixes = sorted(
            (
                (iri, name)
                for name, iri in definitions.items()
                if isinstance(iri, str) and iri.endswith(("#", "/")) and ":" in iri
            ),
            key=lambda item: -len(item[0]),
        )
        self._names: dict[str, str] = {}
        self._terms: dict[str, _Term] = {}
        for name, definition in definitions.items():
            if isinstance(definition, str):
                if definition.startswith("@") or definition.endswith(("#", "/")):
                    continue
                iri = self._expand(definition)
                self._names[iri] = name
                self._terms[iri] = _Term(name, "", False)
            else:
                iri = self._expand(definition["@id"])
                if definition.get("@container") == _LANGUAGE:
                    kind = _LANGUAGE
                else:
                    coercion = definition.get("@type", "")
                    kind = coercion if coercion.startswith("@") or not coercion else self._expand(coercion)
                self._terms[iri] = _Term(name, kind, definition.get("@container") == "@set")
        self._compacted: dict[str, str] = {}

    def _expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        for iri, name in self._prefixes:
            if name == prefix:
                return iri + local
        return value

    def compact_iri(self, iri: str) -> str:
        """``prefix:local`` for an IRI under a context prefix, else the IRI itself."""
        compacted = self._compacted.get(iri)
        if compacted is None:
            compacted = iri
            for namespace, name in self._prefixes:
                local = iri[len(namespace) :]
                if iri.startswith(namespace) and local and not local.startswith("//"):
                    compacted = f"{name}:{local}"
                    break
            self._compacted[iri] = compacted
        return compacted

    def _vocab(self, term: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self._names.get(term.value) or self.compact_iri(term.value)

    def _explicit(self, term: Any) -> Any:
        """A value that expands to ``term`` under a key with no coercion."""
        if isinstance(term, ox.NamedNode):
            return {"id": term.value}
        if isinstance(term, ox.BlankNode):
            return {"id": f"_:{term.value}"}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return term.value
        if datatype == _XSD_INTEGER:
            native = _native_integer(term.value)
            if isinstance(native, int):
                return native
        if datatype == _XSD_BOOLEAN and term.value in ("true", "false"):
            return term.value == "true"
        return {"@value": term.value, "@type": self.compact_iri(datatype)}

    def _fitted(self, term: _Term, obj: Any) -> Any:
        """The value of ``obj`` under ``term``'s key, or ``None`` when the key cannot carry it."""
        kind = term.kind
        if isinstance(obj, ox.Literal):
            if obj.language or kind in ("@id", "@vocab", _LANGUAGE):
                return None
            datatype = obj.datatype.value
            if kind == datatype:
                return _native_integer(obj.value) if datatype == _XSD_INTEGER else obj.value
            return obj.value if not kind and datatype == _XSD_STRING else None
        if kind == "@id":
            return obj.value if isinstance(obj, ox.NamedNode) else f"_:{obj.value}"
        if kind == "@vocab":
            return self._vocab(obj)
        return None

    def node(self, subject: ox.NamedNode | ox.BlankNode, triples: Iterable[ox.Triple | ox.Quad]) -> dict[str, Any]:
        """The node object of ``subject`` holding ``triples`` (all about that subject)."""
        types: list[str] = []
        values: dict[str, list[Any]] = {}
        arrays: set[str] = set()
        languages: dict[str, dict[str, list[str]]] = {}
        for triple in triples:
            predicate, obj = triple.predicate.value, triple.object
            if predicate == _RDF_TYPE and isinstance(obj, ox.NamedNode):
                types.append(self._vocab(obj))
                continue
            term = self._terms.get(predicate)
            if term is not None:
                if term.kind == _LANGUAGE and isinstance(obj, ox.Literal) and obj.language:
                    languages.setdefault(term.key, {}).setdefault(obj.language, []).append(obj.value)
                    continue
                fitted = self._fitted(term, obj)
                if fitted is not None:
                    values.setdefault(term.key, []).append(fitted)
                    if term.always_array:
                        arrays.add(term.key)
                    continue
            values.setdefault(self.compact_iri(predicate), []).append(self._explicit(obj))
        node: dict[str, Any] = {"id": self._vocab(subject) if isinstance(subject, ox.BlankNode) else subject.value}
        if types:
            node["type"] = types[0] if len(types) == 1 else types
        for key, by_language in languages.items():
            values[key] = [{lang: texts[0] if len(texts) == 1 else texts for lang, texts in sorted(by_language.items())}]
        for key in sorted(values):
            items = values[key]
            node[key] = items if key in arrays or len(items) > 1 else items[0]
        return node


def _native_integer(lexical: str) -> Any:
    """The JSON number for a canonical xsd:integer lexical form, else the lexical form."""
    try:
        number = int(lexical)
    except ValueError:
        return lexical
    if str(number) != lexical or abs(number) >= _NATIVE_INTEGER_LIMIT:
        return lexical
    return number


def jsonld_nodes(triples: Iterable[ox.Triple | ox.Quad], context: dict[str, Any]) -> str:
    """The node objects of ``triples`` (sorted, so each subject's triples are adjacent) as
    members of a document's ``@graph``: indented, separated by commas, keys chosen from
    ``context``. Triples cut at a subject boundary give texts that :func:`write_jsonld`
    joins into the document the whole would give. Quads count as their triples (Oxigraph's
    parser reads N-Triples as quads in the default graph)."""
    compactor = Compactor(context)
    return ",\n".join(
        "    " + json.dumps(compactor.node(subject, group), indent=2, ensure_ascii=False).replace("\n", "\n    ")
        for subject, group in groupby(triples, key=lambda triple: triple.subject)
    )


def write_jsonld(nodes: Iterable[str], output: TextIO, context: dict[str, Any], reference: str | None) -> None:
    """Write a compacted JSON-LD document whose ``@graph`` holds ``nodes``, texts from
    :func:`jsonld_nodes` in subject order (an empty text holds no node).

    The document's ``@context`` is ``reference`` when given (a file beside it or the
    published IRI) and the full ``context`` otherwise.
    """
    header = json.dumps(reference if reference is not None else context["@context"], indent=2, ensure_ascii=False)
    output.write('{\n  "@context": ' + header.replace("\n", "\n  ") + ',\n  "@graph": [')
    separator = "\n"
    for text in nodes:
        if text:
            output.write(separator + text)
            separator = ",\n"
    output.write("\n  ]\n}\n")
