"""Where each thing of a stored portfolio was written, kept beside it in the store.

Validating a portfolio read from its YAML file or workbook names each finding's key and its
line or cell (:mod:`vsgraph.authoring.origins`). A store holds statements, so without more
a portfolio loaded from YAML and validated later from the store would speak RDF again ("has
trigger", no file). So a load keeps the places too: in a named graph of its own beside the
portfolio's, ``urn:vsgraph:origins:<name>``, one statement per thing whose object is the
places of its keys as JSON (``{"trigger": {"file": "shop.yaml", "line": 12}}``). No query
reads that graph (queries read the portfolios' graphs only), a load of the same name
replaces it with the portfolio, and removing the portfolio removes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from vsgraph.authoring.model import Location
from vsgraph.authoring.origins import Origin, SourceMap

#: The predicate of the statement that holds a thing's places.
WRITTEN_AT = ox.NamedNode("urn:vsgraph:writtenAt")
_FIELDS = ("line", "sheet", "row", "column")


def origin_quads(origins: SourceMap, graph: ox.NamedNode) -> list[ox.Quad]:
    """The statements that keep ``origins`` in ``graph``: one per thing with a place in a file."""
    quads = []
    for node, keys in origins.items():
        places = {key: _encoded(where.origin) for key, where in keys.items() if where.origin is not None}
        if places and isinstance(node, URIRef):
            quads.append(ox.Quad(ox.NamedNode(str(node)), WRITTEN_AT, ox.Literal(json.dumps(places, sort_keys=True)), graph))
    return quads


def read_origins(quads: Iterable[ox.Quad]) -> dict[Node, Mapping[str, Location]]:
    """The places kept by :func:`origin_quads`; a statement that is not vsgraph's JSON
    about a thing named by an IRI (written by someone else) is passed over."""
    origins: dict[Node, Mapping[str, Location]] = {}
    for quad in quads:
        thing, text = quad.subject, quad.object
        if not (isinstance(thing, ox.NamedNode) and isinstance(text, ox.Literal)):
            continue
        try:
            places = json.loads(text.value)
            origins[URIRef(thing.value)] = {key: Location(cell=_decoded(place)) for key, place in places.items()}
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
    return origins


def _encoded(origin: Origin) -> dict[str, Any]:
    encoded: dict[str, Any] = {"file": str(origin.file)}
    encoded.update({field: getattr(origin, field) for field in _FIELDS if getattr(origin, field) is not None})
    return encoded


def _decoded(place: Mapping[str, Any]) -> Origin:
    return Origin(Path(place["file"]), **{field: place[field] for field in _FIELDS if field in place})
