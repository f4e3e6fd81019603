"""Reading RDF files into Oxigraph quads, with errors that name the file and line.

Every RDF file is parsed by Oxigraph, whichever engine holds the portfolio afterwards: it
is fast, it reports line numbers, and it leaves literals in the canonical form that the
rest of vsgraph relies on.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from vsgraph.errors import InputError
from vsgraph.formats import rdf_format
from vsgraph.jsonld import read_jsonld
from vsgraph.ontology import known_ontologies

_OWL_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")


def read_quads(path: Path | str, input_format: str | None = None) -> list[ox.Quad]:
    """Parse one RDF file completely; raise :class:`InputError` and return nothing on error."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path=path)
    fmt = rdf_format(path, input_format)
    try:
        # JSON-LD is read with its contexts inlined from local files; remote ones are refused.
        source = {"input": read_jsonld(path)} if fmt == ox.RdfFormat.JSON_LD else {"path": str(path)}
        quads = list(ox.parse(**source, format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise InputError(f"not valid {fmt.name}: {exc.msg}", path=path, line=exc.lineno) from exc
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot read as {fmt.name}: {exc}", path=path) from exc
    _check_imports(quads, path)
    return quads


def _check_imports(quads: list[ox.Quad], path: Path) -> None:
    """Refuse ``owl:imports`` of ontologies vsgraph would have to fetch from the network."""
    known = {str(iri) for iri in known_ontologies()}
    for quad in quads:
        if quad.predicate == _OWL_IMPORTS and quad.object.value not in known:
            raise InputError(
                f"owl:imports <{quad.object.value}> would need a network fetch, which vsgraph "
                "never does; remove the import and load that ontology's file alongside this one",
                path=path,
            )
