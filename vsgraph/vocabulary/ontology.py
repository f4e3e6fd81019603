"""The vsgraph ontology, loaded from the files shipped with the package.

The umbrella file ``ontology/vsgraph.ttl`` imports one module per area. Imports are
resolved against a local catalog built from the shipped files: vsgraph never fetches an
ontology from the network, and an import it does not know is an error rather than a
silent gap.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from vsgraph.errors import InputError, ResourceError
from vsgraph.resources import resource_dir

ONTOLOGY_IRI = URIRef("https://w3id.org/vsgraph")
NAMESPACE = "https://w3id.org/vsgraph#"


def ontology_files() -> list[Path]:
    """Return the shipped ontology documents: the umbrella file first, then the modules."""
    root = resource_dir("ontology")
    umbrella = root / "vsgraph.ttl"
    if not umbrella.is_file():
        raise ResourceError(f"the ontology file {umbrella} is missing; reinstall vsgraph")
    return [umbrella, *sorted((root / "modules").glob("*.ttl"))]


@lru_cache(maxsize=1)
def _catalog() -> dict[URIRef, Graph]:
    """Map each shipped ontology IRI to the graph of the document that declares it."""
    catalog: dict[URIRef, Graph] = {}
    for path in ontology_files():
        document = Graph()
        try:
            document.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            raise ResourceError(f"the shipped ontology file {path} does not parse: {exc}") from exc
        for iri in document.subjects(RDF.type, OWL.Ontology):
            catalog[URIRef(str(iri))] = document
    return catalog


def known_ontologies() -> frozenset[URIRef]:
    """The ontology IRIs that vsgraph resolves locally."""
    return frozenset(_catalog())


def imports_closure(iri: URIRef, source: Path | str | None = None) -> Graph:
    """Return the union of ``iri`` and everything it imports, resolved from the catalog.

    ``source`` names the document that asked for the import, for the error message.
    """
    catalog = _catalog()
    closure = Graph()
    pending, seen = [URIRef(iri)], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        document = catalog.get(current)
        if document is None:
            raise InputError(
                f"owl:imports <{current}> is not an ontology vsgraph ships, and vsgraph never "
                "fetches ontologies from the network; load that ontology's file explicitly instead",
                path=source,
            )
        closure += document
        pending.extend(URIRef(str(o)) for o in document.objects(current, OWL.imports))
    return closure


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = imports_closure(ONTOLOGY_IRI)
    for prefix, namespace in _catalog()[ONTOLOGY_IRI].namespaces():
        graph.bind(prefix, namespace, override=True)
    return graph


def ontology_graph() -> Graph:
    """Return a fresh copy of the whole vsgraph ontology (umbrella and modules) as rdflib.

    A copy, so that callers may add to it without changing what other callers see.
    """
    copy = Graph()
    for prefix, namespace in ontology_namespaces():
        copy.bind(prefix, namespace, override=True)
    copy += _ontology()
    return copy


def ontology_namespaces() -> tuple[tuple[str, URIRef], ...]:
    """The prefixes the ontology binds (``vsg``, ``org``, ``prov``, ...), without copying it."""
    return tuple((prefix, URIRef(namespace)) for prefix, namespace in _ontology().namespaces())


def ontology_version() -> str:
    """The ``owl:versionInfo`` of the shipped ontology."""
    return str(_ontology().value(ONTOLOGY_IRI, OWL.versionInfo))
