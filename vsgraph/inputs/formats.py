"""Which format an input is in, from its extension, its first bytes or an explicit name.

RDF files are parsed by Oxigraph; the authoring formats (a YAML file, an XLSX workbook, a
folder of CSV files) are read by :mod:`vsgraph.authoring` and written as triples, and an
ArchiMate exchange file by :mod:`vsgraph.archimate`. A ``.xml`` file is RDF/XML unless
its root element is an exchange file's ``<model>``.
"""

from __future__ import annotations

import re
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

#: The ArchiMate Model Exchange File Format (``docs/archimate.md``).
ARCHIMATE_FORMAT = "archimate"
#: Formats vsgraph reads itself and writes as triples: the authoring formats, read into a
#: portfolio model first, and ArchiMate exchange files.
AUTHORING_FORMATS: tuple[str, ...] = ("yaml", "xlsx", "csv", ARCHIMATE_FORMAT)
#: The root element of an exchange file, as its first bytes show it (any ASCII-compatible
#: encoding: the namespace is ASCII).
_EXCHANGE_ROOT = re.compile(
    rb"<(?:[\w.-]+:)?model\b[^>]*?xmlns(?::[\w.-]+)?\s*=\s*[\"']http://www\.opengroup\.org/xsd/archimate/3\.0/[\"']"
)
#: How much of a ``.xml`` file is looked at to tell an exchange file from RDF/XML.
_SNIFF_BYTES = 4096

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

    A directory is a CSV folder unless another format is named; a ``.xml`` file whose root
    is an ArchiMate exchange ``<model>`` is ``archimate``.
    """
    name = explicit or ("csv" if _is_dir(path) else _EXTENSIONS.get(path.suffix.lower()))
    if explicit is None and name == "rdfxml" and path.suffix.lower() == ".xml" and _is_exchange_file(path):
        return ARCHIMATE_FORMAT
    return name if name in AUTHORING_FORMATS else None


def _is_exchange_file(path: Path) -> bool:
    """Whether the first bytes of ``path`` open an ArchiMate exchange file's root element; a
    file that cannot be read is not one, and the reader that opens it says why."""
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError:
        return False
    return _EXCHANGE_ROOT.search(head) is not None


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
            f"unknown format {name!r}; expected one of {', '.join([*RDF_FORMATS, *AUTHORING_FORMATS])}",
            path=path,
        )
    return RDF_FORMATS[name]
