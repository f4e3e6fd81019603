"""What to call a node when showing it to a person: its label, not its IRI.

Reports and listings name things the way the portfolio's authors named them, with their
English ``rdfs:label``. A node without a label (a metric reading, say) falls back to a
compact ``prefix:name`` where a prefix is bound, else to its IRI, so that it can still be
found in the source file.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node


class Labeller:
    """Look labels up in a few graphs, in order (say, the portfolio, then the ontology)."""

    def __init__(self, graphs: Sequence[Graph]) -> None:
        self.graphs = list(graphs)
        self._cache: dict[Node, str] = {}

    def __call__(self, node: Node) -> str:
        """The English label of ``node``, another label, a compact name or its text."""
        if node not in self._cache:
            self._cache[node] = self._find(node)
        return self._cache[node]

    def _find(self, node: Node) -> str:
        if isinstance(node, Literal):
            return str(node)
        for graph in self.graphs:
            labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
            if labels:
                english = sorted(str(o) for o in labels if (o.language or "").lower().startswith("en"))
                return english[0] if english else sorted(str(o) for o in labels)[0]
        if isinstance(node, URIRef):
            for graph in self.graphs:
                try:
                    return graph.namespace_manager.curie(node, generate=False)
                except (KeyError, ValueError):
                    continue
            return str(node)
        if isinstance(node, BNode):
            return f"_:{node}"
        return str(node)
