"""Consistency checking with the HermiT OWL 2 DL reasoner, through owlready2.

SHACL checks the shape of the data; the reasoner checks its meaning against the
ontology's axioms: a node that is both an operational and a development value stream, a
step that is also a metric, a metric with two directions. HermiT runs on Java, so a Java
runtime must be installed (the README's setup commands install one).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph
from rdflib.namespace import OWL

from vsgraph.errors import ReasoningError
from vsgraph.portfolio import Portfolio


@dataclass(frozen=True)
class ConsistencyResult:
    """Whether a portfolio and the ontology can both be true, and HermiT's words if not."""

    consistent: bool
    explanation: str = ""


def check_consistency(portfolio: Portfolio) -> ConsistencyResult:
    """Run HermiT over the ontology plus the portfolio and report whether they are consistent."""
    if shutil.which("java") is None:
        raise ReasoningError(
            "the HermiT reasoner needs a Java runtime and none is on PATH; "
            "install one (Debian: apt-get install default-jre-headless)"
        )
    graph = portfolio.graph_with_ontology()
    return _run_hermit(graph)


def _run_hermit(graph: Graph) -> ConsistencyResult:
    # owlready2 would try to fetch imported ontologies; the closure is already merged.
    graph.remove((None, OWL.imports, None))
    with tempfile.TemporaryDirectory(prefix="vsgraph-hermit-") as workdir:
        document = Path(workdir) / "portfolio.nt"
        graph.serialize(document, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            ontology = world.get_ontology(document.as_uri()).load()
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ConsistencyResult(False, str(exc).strip() or "HermiT found the ontology inconsistent")
        except owlready2.OwlReadyJavaError as exc:
            raise ReasoningError(f"HermiT failed: {str(exc).strip()[:2000]}") from exc
        finally:
            world.close()
    return ConsistencyResult(True)
