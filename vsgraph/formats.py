"""Which RDF format a file is in, from its extension or an explicit name."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from vsgraph.errors import InputError

#: Format names accepted by ``--input-format`` and ``format=``, with their Oxigraph format.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

_EXTENSIONS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}


def rdf_format(path: Path, explicit: str | None = None) -> ox.RdfFormat:
    """Return the format of ``path``: ``explicit`` when given, else the file's extension."""
    name = explicit or _EXTENSIONS.get(path.suffix.lower())
    if name is None:
        raise InputError(
            f"cannot tell the format from the extension {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(_EXTENSIONS))} or name the format "
            f"({', '.join(RDF_FORMATS)})",
            path=path,
        )
    if name not in RDF_FORMATS:
        raise InputError(
            f"unknown format {name!r}; expected one of {', '.join(RDF_FORMATS)}", path=path
        )
    return RDF_FORMATS[name]
