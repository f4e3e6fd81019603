"""Reading inputs into Oxigraph quads, with errors that name the file and line.

Every RDF file is parsed by Oxigraph, whichever engine holds the portfolio afterwards: it
is fast, it reports line numbers, and it leaves literals in the canonical form that the
rest of vsgraph relies on. YAML files, XLSX workbooks and CSV folders are read by
:mod:`vsgraph.authoring`, checked, and written as triples.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from vsgraph.errors import InputError
from vsgraph.formats import authoring_format, rdf_format
from vsgraph.jsonld import read_jsonld
from vsgraph.ontology import known_ontologies

_OWL_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")


def read_quads(path: Path | str, input_format: str | None = None) -> list[ox.Quad]:
    """Parse one input completely; raise :class:`InputError` and return nothing on error.

    The input is an RDF file, or a portfolio in an authoring format (YAML, XLSX, a CSV
    folder), which is checked and written as triples first.
    """
    path = Path(path)
    authored = authoring_format(path, input_format)
    if authored is not None:
        return _authored_quads(path, authored)
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


def _authored_quads(path: Path, fmt: str) -> list[ox.Quad]:
    """The triples of a YAML, XLSX or CSV-folder portfolio, as Oxigraph quads."""
    # Imported here: vsgraph.authoring builds Portfolio objects, and vsgraph.portfolio
    # imports this module.
    from vsgraph.authoring.sources import read_graph
    from vsgraph.terms import to_oxigraph

    return [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in read_graph(path, fmt)
    ]


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
