"""The vsgraph JSON-LD ``@context``, and reading JSON-LD without touching the network.

The context gives every vsgraph term a short key (``hasStep``, ``processTimeMinutes``),
aliases ``@id``/``@type`` as ``id``/``type`` and coerces values to the ontology's
datatypes, so that a compacted vsgraph document reads like plain JSON. It is generated
from the ontology (``python -m vsgraph.inputs.jsonld_contexts`` rewrites ``ontology/context.jsonld``; a
test fails when the shipped file drifts) and published as :data:`CONTEXT_IRI`.

JSON-LD lets a document pull its context from anywhere on the web. vsgraph never fetches:
:func:`read_jsonld` inlines the vsgraph context from the shipped file and contexts saved
beside the document, and refuses every other remote context with an :class:`InputError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from vsgraph.errors import InputError, LimitError, ResourceError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits, quoted
from vsgraph.resources import resource_dir
from vsgraph.safe_write import write_file
from vsgraph.vocabulary.ontology import NAMESPACE, ontology_graph

#: Where the vsgraph context is published; documents that name it get the shipped copy.
CONTEXT_IRI = "https://w3id.org/vsgraph/context.jsonld"

#: The prefixes every vsgraph JSON-LD document (and Turtle export) can use.
PREFIXES: dict[str, str] = {
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": str(OWL),
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vsg": NAMESPACE,
    "xsd": str(XSD),
}

# Terms from the vocabularies vsgraph reuses that portfolios use all the time.
_REUSED_TERMS: dict[str, Any] = {
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "description": {"@id": "dcterms:description", "@container": "@language"},
    "memberOf": {"@id": "org:memberOf", "@type": "@id", "@container": "@set"},
    "unitOf": {"@id": "org:unitOf", "@type": "@id", "@container": "@set"},
    "Organization": "org:Organization",
    "Person": "prov:Person",
}


def context_path() -> Path:
    """The shipped context file, ``ontology/context.jsonld``."""
    path = resource_dir("ontology") / "context.jsonld"
    if not path.is_file():
        raise ResourceError(f"the JSON-LD context {path} is missing; reinstall vsgraph")
    return path


@lru_cache(maxsize=1)
def _shipped_context() -> str:
    return context_path().read_text(encoding="utf-8")


def context_document() -> dict[str, Any]:
    """The shipped context document, ``{"@context": {...}}`` (a fresh copy)."""
    return json.loads(_shipped_context())


def generate_context() -> dict[str, Any]:
    """Build the context document from the ontology, in a fixed order.

    Object properties become ``@id`` references, or ``@vocab`` references (so that
    ``"hasDirection": "LowerIsBetter"`` works) when their range is a class of named
    individuals; datatype properties are coerced to their range; properties that are
    not functional always hold arrays (``@set``), so JSON consumers see one shape.
    """
    ontology = ontology_graph()
    terms: dict[str, Any] = {}

    def own(kind: URIRef) -> list[URIRef]:
        return sorted(
            (s for s in set(ontology.subjects(RDF.type, kind)) if isinstance(s, URIRef) and s.startswith(NAMESPACE)),
            key=str,
        )

    enumerations = {
        cls for ind in own(OWL.NamedIndividual) for cls in ontology.objects(ind, RDF.type) if cls != OWL.NamedIndividual
    }
    kind: str | None
    for cls in [*own(OWL.Class), *own(OWL.NamedIndividual)]:
        terms[cls.removeprefix(NAMESPACE)] = f"vsg:{cls.removeprefix(NAMESPACE)}"
    for prop in own(OWL.ObjectProperty):
        kind = "@vocab" if set(ontology.objects(prop, RDFS.range)) & enumerations else "@id"
        terms[prop.removeprefix(NAMESPACE)] = _property_term(ontology, prop, kind)
    for prop in own(OWL.DatatypeProperty):
        datatype = ontology.value(prop, RDFS.range)
        kind = None if datatype is None or datatype == XSD.string else f"xsd:{str(datatype).removeprefix(str(XSD))}"
        terms[prop.removeprefix(NAMESPACE)] = _property_term(ontology, prop, kind)
    ordered = dict(sorted(terms.items(), key=lambda item: (item[0].lower(), item[0])))
    return {"@context": {"id": "@id", "type": "@type", **PREFIXES, **_REUSED_TERMS, **ordered}}


def _property_term(ontology: Any, prop: URIRef, kind: str | None) -> Any:
    term: dict[str, str] = {"@id": f"vsg:{prop.removeprefix(NAMESPACE)}"}
    if kind is not None:
        term["@type"] = kind
    if (prop, RDF.type, OWL.FunctionalProperty) not in ontology:
        term["@container"] = "@set"
    return term if len(term) > 1 else term["@id"]


def context_text(document: dict[str, Any]) -> str:
    """The context document as the shipped file spells it (two-space indent, final newline)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read_jsonld(path: Path, *, limits: InputLimits = DEFAULT_LIMITS, data: bytes | None = None) -> bytes:
    """Return the JSON-LD document at ``path`` with every ``@context`` inlined locally.

    The vsgraph context (:data:`CONTEXT_IRI`) comes from the shipped file and relative or
    ``file:`` references from the disk, so the result parses with no document loader.
    Any other context (``http://``, ``https://``, ...) raises :class:`InputError` naming
    the file and the context: vsgraph never opens a network connection to read input.

    The document and its contexts are held to ``limits`` (nesting depth, string length)
    before anything walks them, so that no document can exhaust the stack or the memory.
    ``data``, when given, is the document itself (read from standard input): ``path`` then
    only names it, and relative contexts are looked up from the working directory.
    """
    document = _load_json(path, path, limits, data)
    inlined = _Inliner(path, limits).node(document, path.parent, ())
    try:
        return json.dumps(inlined).encode("utf-8")
    except RecursionError as exc:  # contexts within contexts, each within the limit
        raise LimitError("nests deeper than JSON can be written once its contexts are inlined", path=path) from exc


def _load_json(path: Path, source: Path, limits: InputLimits, data: bytes | None = None) -> Any:
    """Parse the JSON at ``path`` (or ``data``) and check it against ``limits``."""
    text = _json_text(path, source, data)
    try:
        document = json.loads(text, parse_int=_Integer(limits))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    except RecursionError as exc:
        raise _excess_error(_too_deep(limits), text, path, limits) from exc
    except _LongNumberError as exc:
        raise LimitError(
            f"a number of {len(exc.digits)} digits, more than {limits.max_number_digits} "
            "(raise InputLimits.max_number_digits to allow it)",
            path=path,
            line=text.count("\n", 0, max(text.find(exc.digits), 0)) + 1,
        ) from exc
    excess = _excess(document, limits)
    if excess is not None:
        raise _excess_error(excess, text, path, limits)
    return document


class _LongNumberError(ValueError):
    """A JSON integer with more digits than the limits allow (``digits``, as written)."""

    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


class _Integer:
    """Reads a JSON integer, refusing one longer than ``max_number_digits`` before Python
    converts it (which takes time quadratic in its length)."""

    def __init__(self, limits: InputLimits) -> None:
        self.limit = limits.max_number_digits

    def __call__(self, digits: str) -> int:
        if len(digits.lstrip("-")) > self.limit:
            raise _LongNumberError(digits)
        return int(digits)


def _json_text(path: Path, source: Path, data: bytes | None) -> str:
    try:
        raw = path.read_bytes() if data is None else data
    except OSError as exc:
        where = "" if path == source else f" (a context that {source.name} refers to)"
        raise InputError(f"cannot read{where}: {exc.strerror or exc}", path=path) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"not UTF-8 text: {exc.reason} (byte {raw[exc.start]:#04x})", path=path, line=line) from exc


def _excess(document: Any, limits: InputLimits) -> str | None:
    """What in a parsed JSON document passes ``limits``, or ``None``.

    A walk with its own stack rather than Python's: it runs before anything recursive does.
    """
    if isinstance(document, str) and len(document) > limits.max_literal_chars:
        return _too_long(len(document), limits)
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            for key in node:
                if len(key) > limits.max_literal_chars:
                    return _too_long(len(key), limits)
            values: Iterable[Any] = node.values()
        elif isinstance(node, list):
            values = node
        else:
            continue
        for value in values:
            if isinstance(value, (dict, list)):
                if depth >= limits.max_depth:
                    return _too_deep(limits)
                stack.append((value, depth + 1))
            elif isinstance(value, str) and len(value) > limits.max_literal_chars:
                return _too_long(len(value), limits)
    return None


def _too_deep(limits: InputLimits) -> str:
    return f"JSON objects and arrays nest deeper than {limits.max_depth} levels (raise InputLimits.max_depth to allow it)"


def _too_long(length: int, limits: InputLimits) -> str:
    return (
        f"a string of {length} characters, longer than {limits.max_literal_chars} "
        "(raise InputLimits.max_literal_chars to allow it)"
    )


#: A JSON string or bracket, for finding the line of what :func:`_excess` found.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _excess_error(message: str, text: str, path: Path, limits: InputLimits) -> LimitError:
    """A :class:`LimitError` at the line of the first bracket or string past ``limits``.

    Parsed JSON keeps no line numbers, so the text is scanned again; only for a document
    already refused, where the scan's cost does not matter.
    """
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("]", "}"):
            depth -= 1
            continue
        if token in ("[", "{"):
            depth += 1
            past = depth > limits.max_depth
        else:
            past = len(token) - 2 > limits.max_literal_chars and len(json.loads(token)) > limits.max_literal_chars
        if past:
            return LimitError(message, path=path, line=text.count("\n", 0, match.start()) + 1)
    return LimitError(message, path=path)


class _Inliner:
    """Replaces every ``@context`` reference in a JSON-LD document with its local content.

    Each context is read and resolved once per document and shared by every reference to
    it, and what is inlined is counted at every reference against
    ``limits.max_inlined_context_chars``: the output holds a copy per reference, so a
    context named by each of many nodes would otherwise multiply the document's size.
    """

    def __init__(self, source: Path, limits: InputLimits) -> None:
        self.source = source
        self.limits = limits
        self.inlined = 0
        self.resolved: dict[Path | str, tuple[Any, int]] = {}

    def node(self, node: Any, base: Path, seen: tuple[Path, ...]) -> Any:
        """Walk a JSON-LD value and replace every context reference with its local content."""
        if isinstance(node, list):
            return [self.node(item, base, seen) for item in node]
        if not isinstance(node, dict):
            return node
        result = {}
        for key, value in node.items():
            if key == "@context":
                result[key] = self.context(value, base, seen)
            elif key == "@import" and isinstance(value, str):
                imported = self.context(value, base, seen)
                result.update({k: v for k, v in imported.items() if k not in node})
            else:
                result[key] = self.node(value, base, seen)
        return result

    def context(self, value: Any, base: Path, seen: tuple[Path, ...]) -> Any:
        """The content of a context value: inline, a list, or a reference to resolve."""
        if isinstance(value, list):
            return [self.context(item, base, seen) for item in value]
        if isinstance(value, dict):
            return self.node(value, base, seen)
        if not isinstance(value, str):
            return value
        if value == CONTEXT_IRI:
            return self._reuse(CONTEXT_IRI, self._shipped)
        local = self._local_file(value, base, seen)
        return self._reuse(local, lambda: self._file(local, seen))

    def _reuse(self, key: Path | str, resolve: Callable[[], Any]) -> Any:
        """The resolved context ``key``, resolved on first use; every use is counted."""
        if key in self.resolved:
            content, size = self.resolved[key]
            self._spend(size)
            return content
        before = self.inlined
        content = resolve()
        self.resolved[key] = (content, self.inlined - before)
        return content

    def _shipped(self) -> Any:
        self._spend(len(_shipped_context()))
        return context_document()["@context"]

    def _file(self, local: Path, seen: tuple[Path, ...]) -> Any:
        if len(seen) >= self.limits.max_depth:
            raise LimitError(
                f"JSON-LD contexts include each other more than {self.limits.max_depth} deep "
                "(raise InputLimits.max_depth to allow it)",
                path=self.source,
            )
        self._spend(local.stat().st_size)
        loaded = _load_json(local, self.source, self.limits)
        inner = loaded.get("@context") if isinstance(loaded, dict) else None
        if inner is None:
            raise InputError(f"the JSON-LD context {local} has no @context", path=self.source)
        return self.context(inner, local.parent, (*seen, local))

    def _local_file(self, value: str, base: Path, seen: tuple[Path, ...]) -> Path:
        """The local file a context reference names; a remote context is refused."""
        local = _local_path(value, base)
        if local is None:
            raise InputError(
                f"the JSON-LD @context {quoted(value)} is remote, and vsgraph never fetches anything from "
                f"the network; save that context beside the document and refer to it by file name, "
                f"or use the vsgraph context {CONTEXT_IRI}, which is resolved locally",
                path=self.source,
            )
        if local in seen:
            raise InputError(f"the JSON-LD context {local} includes itself", path=self.source)
        if not _is_file(local):
            raise InputError(
                f"the JSON-LD @context {quoted(value)} names {quoted(str(local))}, which is not a file",
                path=self.source,
            )
        return local

    def _spend(self, chars: int) -> None:
        self.inlined += chars
        if self.inlined > self.limits.max_inlined_context_chars:
            raise LimitError(
                f"its JSON-LD contexts, inlined at every reference, come to more than "
                f"{self.limits.max_inlined_context_chars} characters; name each context once, "
                "at the top (or raise InputLimits.max_inlined_context_chars to allow it)",
                path=self.source,
            )


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a regular file; a name the file system refuses is not one."""
    try:
        return path.is_file()
    except OSError:
        return False


def _local_path(reference: str, base: Path) -> Path | None:
    """The file a context reference names, or ``None`` when it is not on the local disk."""
    parts = urlsplit(reference)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        return Path(unquote(parts.path))
    if parts.scheme or parts.netloc:
        return None
    return base / unquote(parts.path)


if __name__ == "__main__":  # python -m vsgraph.inputs.jsonld_contexts: regenerate the shipped context
    shipped = context_text(generate_context()).encode("utf-8")
    write_file(context_path(), lambda out: out.write(shipped))
