"""HTML documentation of the vsgraph ontology (pyLODE), published with the JSON-LD context.

pyLODE documents one ``owl:Ontology``; the shipped ontology is an umbrella with one module
per area, so the modules' headers and the umbrella's imports are left out of the graph
pyLODE sees, and every term is documented under the umbrella ontology. pyLODE reads only
the graph it is given and its bundled background ontologies: nothing is fetched.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from vsgraph.errors import PublishError
from vsgraph.inputs.jsonld_contexts import context_path
from vsgraph.safe_write import write_files
from vsgraph.vocabulary.ontology import ONTOLOGY_IRI, ontology_graph

#: The files :func:`write_docs` writes into its directory.
DOCS_FILES = ("index.html", "context.jsonld")


def documentation_graph() -> Graph:
    """The ontology as pyLODE should see it: one ``owl:Ontology``, the umbrella."""
    graph = ontology_graph()
    for module in [m for m in graph.subjects(RDF.type, OWL.Ontology) if m != ONTOLOGY_IRI]:
        graph.remove((module, None, None))
    graph.remove((ONTOLOGY_IRI, OWL.imports, None))
    return graph


def write_docs(directory: Path | str) -> list[Path]:
    """Write ``index.html`` (the ontology's documentation) and ``context.jsonld`` into ``directory``."""
    from pylode import OntPub  # imported here: pyLODE loads its background ontologies on import

    directory = Path(directory)
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)  # pyLODE logs its start-up chatter at INFO on the root logger
    try:
        html = OntPub(ontology=documentation_graph(), sort_subjects=True).make_html()
    except Exception as exc:  # pyLODE raises bare exceptions of many kinds for what it cannot document
        raise PublishError(f"pyLODE could not document the vsgraph ontology: {exc}") from exc
    finally:
        logging.disable(previous)
    paths = [directory / name for name in DOCS_FILES]
    context = context_path().read_bytes()
    write_files([(paths[0], lambda out: out.write(html.encode("utf-8"))), (paths[1], lambda out: out.write(context))])
    return paths
