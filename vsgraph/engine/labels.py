"""What to call a node when showing it to a person: its label, not its IRI.

Reports and listings name things the way the portfolio's authors named them, with their
English ``rdfs:label``. A node without a label (a metric reading, say) falls back to a
compact ``prefix:name`` where a prefix is bound, else to its IRI, so that it can still be
found in the source file.

A portfolio's labels are asked of its own engine with SPARQL (:meth:`Labeller.for_portfolio`),
never read from ``portfolio.graph``: that rdflib copy of the whole store costs seconds and
gigabytes at a million triples, only to name the nodes a report or a validation shows.
The look-ups go in batches (:meth:`Labeller.prefetch`), many nodes to a query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from vsgraph.vocabulary.ontology import ontology_graph

if TYPE_CHECKING:
    from vsgraph.portfolio import Portfolio

#: Where labels are found: given some IRIs and blank nodes, the labels of those that have any.
LabelLookup = Callable[[Sequence[Node]], Mapping[Node, Sequence[Literal]]]

#: How many IRIs go into one ``VALUES`` list of a label query.
_BATCH = 2000


class Labeller:
    """Name nodes from a few label sources, in order (say, the portfolio, then the ontology).

    A source is an rdflib graph or a :data:`LabelLookup`. Compact names use the prefixes
    of the graphs among the sources.
    """

    def __init__(self, sources: Sequence[Graph | LabelLookup]) -> None:
        self._lookups = [_graph_lookup(source) if isinstance(source, Graph) else source for source in sources]
        self._graphs = [source for source in sources if isinstance(source, Graph)]
        self._cache: dict[Node, str] = {}

    @classmethod
    def for_portfolio(cls, portfolio: Portfolio) -> Labeller:
        """Labels from the portfolio's engine (SPARQL), then from the ontology for vocabulary terms.

        Compact names use the ontology's prefixes, the ones ``portfolio.graph`` binds.
        """
        return cls([_sparql_lookup(portfolio), _vocabulary()])

    @classmethod
    def for_people(cls, portfolio: Portfolio | None) -> Labeller:
        """Labels from the portfolio's engine, then from the ontology, then an IRI's
        :func:`local_name`: a name a person reads, never an IRI (the CLI's tables)."""
        sources: list[LabelLookup | Graph] = [] if portfolio is None else [_sparql_lookup(portfolio)]
        return cls([*sources, _vocabulary(), _local_names])

    def __call__(self, node: Node) -> str:
        """The English label of ``node``, another label, a compact name or its text."""
        if not isinstance(node, (URIRef, BNode)):
            return str(node)
        if node not in self._cache:
            self.prefetch([node])
        return self._cache[node]

    def prefetch(self, nodes: Iterable[Node | None]) -> None:
        """Find the names of many nodes at once: one batched look-up per source, not one per node.

        Literals and ``None`` among ``nodes`` are skipped: a literal names itself.
        """
        unnamed = {node for node in nodes if isinstance(node, (URIRef, BNode)) and node not in self._cache}
        wanted = sorted(unnamed, key=str)
        for lookup in self._lookups:
            if not wanted:
                return
            found = lookup(wanted)
            for node, labels in found.items():
                self._cache[node] = _preferred(labels)
            wanted = [node for node in wanted if node not in found]
        for node in wanted:
            self._cache[node] = self._unlabelled(node)

    def _unlabelled(self, node: URIRef | BNode) -> str:
        """The name of a node without a label: a compact name, else its IRI or ``_:id``."""
        if isinstance(node, BNode):
            return f"_:{node}"
        for graph in self._graphs:
            try:
                return graph.namespace_manager.curie(node, generate=False)
            except (KeyError, ValueError):
                continue
        return str(node)


def _preferred(labels: Sequence[Literal]) -> str:
    """The first English label in alphabetical order, else the first of any language."""
    english = [str(label) for label in labels if (label.language or "").lower().startswith("en")]
    return min(english) if english else min(str(label) for label in labels)


def _graph_lookup(graph: Graph) -> LabelLookup:
    def lookup(nodes: Sequence[Node]) -> dict[Node, list[Literal]]:
        found = {node: [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)] for node in nodes}
        return {node: labels for node, labels in found.items() if labels}

    return lookup


def _sparql_lookup(portfolio: Portfolio) -> LabelLookup:
    """Labels asked of the portfolio's engine, ``_BATCH`` IRIs to a query.

    Only IRIs are asked about: SPARQL cannot name a stored blank node.
    """

    def lookup(nodes: Sequence[Node]) -> dict[Node, list[Literal]]:
        iris = [node for node in nodes if isinstance(node, URIRef)]
        found: dict[Node, list[Literal]] = {}
        for start in range(0, len(iris), _BATCH):
            values = " ".join(iri.n3() for iri in iris[start : start + _BATCH])
            query = f"SELECT ?node ?label WHERE {{ VALUES ?node {{ {values} }} ?node <{RDFS.label}> ?label }}"
            for row in portfolio.query(query).rows:
                node, label = row["node"], row["label"]
                if node is not None and isinstance(label, Literal):
                    found.setdefault(node, []).append(label)
        return found

    return lookup


@lru_cache(maxsize=1)
def _vocabulary() -> Graph:
    """The ontology, which labels vocabulary terms (``vsg:OperationalValueStream``); read only."""
    return ontology_graph()


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/`` (the whole IRI if that is empty)."""
    name = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return name or iri


def _local_names(nodes: Sequence[Node]) -> dict[Node, list[Literal]]:
    return {node: [Literal(local_name(str(node)))] for node in nodes if isinstance(node, URIRef)}
