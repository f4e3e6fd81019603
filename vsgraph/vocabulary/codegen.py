"""Generate ``vsgraph/vocabulary/namespace.py``, the Python constants for the ontology's terms.

Run ``python -m vsgraph.vocabulary.codegen`` after changing the ontology; a test regenerates the
module in memory and fails when the committed file has drifted from the ontology.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SKOS

from vsgraph.safe_write import write_file
from vsgraph.vocabulary.ontology import NAMESPACE, ontology_graph

NAMESPACE_MODULE = Path(__file__).resolve().parent / "namespace.py"

_SECTIONS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Individuals", OWL.NamedIndividual),
)

_HEADER = '''"""Python constants for the terms of the vsgraph ontology.

Generated from the ontology by ``python -m vsgraph.vocabulary.codegen``; do not edit by hand.
Accessing a name the ontology does not define raises ``AttributeError``.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class VSG(DefinedNamespace):
    """The vsgraph ontology, ``https://w3id.org/vsgraph#``."""

    _fail = True
    _NS = Namespace("https://w3id.org/vsgraph#")
'''


def render_namespace_module() -> str:
    """Return the source text of ``namespace.py`` for the shipped ontology."""
    graph = ontology_graph()
    lines = [_HEADER.rstrip("\n")]
    for title, rdf_type in _SECTIONS:
        terms = sorted(str(s) for s in graph.subjects(RDF.type, rdf_type) if str(s).startswith(NAMESPACE))
        if not terms:
            continue
        lines.append(f"\n    # {title}")
        for iri in terms:
            name = iri[len(NAMESPACE) :]
            definition = str(graph.value(URIRef(iri), SKOS.definition) or "")
            for comment in textwrap.wrap(definition, width=84):
                lines.append(f"    # {comment}")
            lines.append(f"    {name}: URIRef")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the namespace module next to this file."""
    text = render_namespace_module().encode("utf-8")
    write_file(NAMESPACE_MODULE, lambda out: out.write(text))
    print(f"wrote {NAMESPACE_MODULE.name}")


if __name__ == "__main__":
    main()
