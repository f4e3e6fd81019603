"""Which format an input is in, from its extension or an explicit name.

RDF files are parsed by Oxigraph; the authoring formats (a YAML file, an XLSX workbook, a
folder of CSV files) are read by :mod:`vsgraph.authoring` and written as triples.
"""

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

#: Authoring formats: read into a portfolio model first, then written as triples.
AUTHORING_FORMATS: tuple[str, ...] = ("yaml", "xlsx", "csv")

_EXTENSIONS: dict[str, str] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".xlsx": "xlsx",
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


def authoring_format(path: Path, explicit: str | None = None) -> str | None:
    """Return ``yaml``, ``xlsx`` or ``csv`` if ``path`` is in an authoring format, else None.

    A directory is a CSV folder unless another format is named.
    """
    name = explicit or ("csv" if _is_dir(path) else _EXTENSIONS.get(path.suffix.lower()))
    return name if name in AUTHORING_FORMATS else None


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder; a name the file system refuses (too long, say) is not
    one, and the reader that opens it says why."""
    try:
        return path.is_dir()
    except OSError:
        return False


def rdf_format(path: Path, explicit: str | None = None) -> ox.RdfFormat:
    """Return the format of ``path``: ``explicit`` when given, else the file's extension."""
    name = explicit or _EXTENSIONS.get(path.suffix.lower())
    if name is None:
        raise InputError(
            f"cannot tell the format from the extension {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(_EXTENSIONS))} or name the format "
            f"({', '.join([*RDF_FORMATS, *AUTHORING_FORMATS])})",
            path=path,
        )
    if name not in RDF_FORMATS:
        raise InputError(
            f"unknown format {name!r}; expected one of "
            f"{', '.join([*RDF_FORMATS, *AUTHORING_FORMATS])}",
            path=path,
        )
    return RDF_FORMATS[name]
