"""The vsgraph JSON-LD ``@context``, and reading JSON-LD without touching the network.

The context gives every vsgraph term a short key (``hasStep``, ``processTimeMinutes``),
aliases ``@id``/``@type`` as ``id``/``type`` and coerces values to the ontology's
datatypes, so that a compacted vsgraph document reads like plain JSON. It is generated
from the ontology (``python -m vsgraph.jsonld`` rewrites ``ontology/context.jsonld``; a
test fails when the shipped file drifts) and published as :data:`CONTEXT_IRI`.

JSON-LD lets a document pull its context from anywhere on the web. vsgraph never fetches:
:func:`read_jsonld` inlines the vsgraph context from the shipped file and contexts saved
beside the document, and refuses every other remote context with an :class:`InputError`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from vsgraph.errors import InputError, ResourceError
from vsgraph.ontology import NAMESPACE, ontology_graph
from vsgraph.resources import resource_dir

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
    for cls in [*own(OWL.Class), *own(OWL.NamedIndividual)]:
        terms[cls.removeprefix(NAMESPACE)] = f"vsg:{cls.removeprefix(NAMESPACE)}"
    for prop in own(OWL.ObjectProperty):
        kind = "@vocab" if set(ontology.objects(prop, RDFS.range)) & enumerations else "@id"
        terms[prop.removeprefix(NAMESPACE)] = _property_term(ontology, prop, kind)
    for prop in own(OWL.DatatypeProperty):
        datatype = ontology.value(prop, RDFS.range)
        kind = None if datatype in (None, XSD.string) else f"xsd:{datatype.removeprefix(str(XSD))}"
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


def read_jsonld(path: Path) -> bytes:
    """Return the JSON-LD document at ``path`` with every ``@context`` inlined locally.

    The vsgraph context (:data:`CONTEXT_IRI`) comes from the shipped file and relative or
    ``file:`` references from the disk, so the result parses with no document loader.
    Any other context (``http://``, ``https://``, ...) raises :class:`InputError` naming
    the file and the context: vsgraph never opens a network connection to read input.
    """
    document = _load_json(path, path)
    return json.dumps(_inline(document, path.parent, path, ())).encode("utf-8")


def _load_json(path: Path, source: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    except (OSError, UnicodeDecodeError) as exc:
        where = "" if path == source else f" (a context that {source.name} refers to)"
        raise InputError(f"cannot read{where}: {exc}", path=path) from exc


def _inline(node: Any, base: Path, source: Path, seen: tuple[Path, ...]) -> Any:
    """Walk a JSON-LD value and replace every context reference with its local content."""
    if isinstance(node, list):
        return [_inline(item, base, source, seen) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "@context":
            result[key] = _resolve_context(value, base, source, seen)
        elif key == "@import" and isinstance(value, str):
            imported = _resolve_context(value, base, source, seen)
            result.update({k: v for k, v in imported.items() if k not in node})
        else:
            result[key] = _inline(value, base, source, seen)
    return result


def _resolve_context(value: Any, base: Path, source: Path, seen: tuple[Path, ...]) -> Any:
    if isinstance(value, list):
        return [_resolve_context(item, base, source, seen) for item in value]
    if isinstance(value, dict):
        return _inline(value, base, source, seen)
    if not isinstance(value, str):
        return value
    if value == CONTEXT_IRI:
        return context_document()["@context"]
    local = _local_path(value, base)
    if local is None:
        raise InputError(
            f"the JSON-LD @context {value!r} is remote, and vsgraph never fetches anything from "
            f"the network; save that context beside the document and refer to it by file name, "
            f"or use the vsgraph context {CONTEXT_IRI}, which is resolved locally",
            path=source,
        )
    if local in seen:
        raise InputError(f"the JSON-LD context {local} includes itself", path=source)
    if not local.is_file():
        raise InputError(f"the JSON-LD @context {value!r} names {local}, which does not exist", path=source)
    loaded = _load_json(local, source)
    inner = loaded.get("@context") if isinstance(loaded, dict) else None
    if inner is None:
        raise InputError(f"the JSON-LD context {local} has no @context", path=source)
    return _resolve_context(inner, local.parent, source, (*seen, local))


def _local_path(reference: str, base: Path) -> Path | None:
    """The file a context reference names, or ``None`` when it is not on the local disk."""
    parts = urlsplit(reference)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        return Path(unquote(parts.path))
    if parts.scheme or parts.netloc:
        return None
    return base / unquote(parts.path)


if __name__ == "__main__":  # python -m vsgraph.jsonld: regenerate the shipped context
    context_path().write_text(context_text(generate_context()), encoding="utf-8")
