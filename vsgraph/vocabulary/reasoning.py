"""Consistency checking with the HermiT OWL 2 DL reasoner, through owlready2.

SHACL checks the shape of the data; the reasoner checks its meaning against the
ontology's axioms: a node that is both an operational and a development value stream, a
step that is also a metric, a metric with two directions. HermiT runs on Java, so a Java
runtime must be installed (the README says how to install one).

HermiT says only *that* the portfolio is inconsistent, not where. When it does, vsgraph
looks for the nodes behind it (:func:`find_clashes`): it checks the ontology's axioms that
a portfolio can break one node or one pair of statements at a time, and names each
node that breaks one:

* disjoint classes (``owl:disjointWith``, ``owl:AllDisjointClasses``): a node whose
  classes include two disjoint ones, its classes being those it is typed with, those its
  statements give it through the domain and range of their properties (a subject of
  ``vsg:precededBy`` is a step), and every superclass of those. Exact for these axioms;
* irreflexive properties (a step preceded by itself) and asymmetric ones (two steps
  preceding each other), with their sub-properties;
* functional properties with two different values: two literals of different values, or
  two individuals the ontology declares different (a metric both higher and lower is
  better);
* ill-typed literals (``"8h"^^xsd:decimal``), which OWL 2 counts as a contradiction.

What these checks do not see (a clash that needs a chain of several inferences, through
existential restrictions or class unions) is reported as HermiT's bare verdict, saying
that no node was found.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from vsgraph.errors import ReasoningError
from vsgraph.portfolio import Portfolio


@dataclass(frozen=True)
class Clash:
    """One contradiction between the portfolio and the ontology: the nodes it concerns, the
    kind of axiom broken and what is wrong, in words that name the nodes."""

    nodes: tuple[Node, ...]
    axiom: str
    message: str


@dataclass(frozen=True)
class ConsistencyResult:
    """Whether a portfolio and the ontology can both be true; if not, HermiT's words and the
    clashes found behind them (:func:`find_clashes`), which ``explanation`` lists."""

    consistent: bool
    explanation: str = ""
    clashes: tuple[Clash, ...] = ()

    @property
    def nodes(self) -> list[Node]:
        """The nodes the clashes concern, each once, in order."""
        return list(dict.fromkeys(node for clash in self.clashes for node in clash.nodes))


def check_consistency(portfolio: Portfolio) -> ConsistencyResult:
    """Run HermiT over the ontology plus the portfolio and report whether they are consistent."""
    if shutil.which(owlready2.JAVA_EXE) is None:
        # One line that a user of the wheel can act on: the Debian setup script is not theirs.
        raise ReasoningError(
            "the HermiT reasoner needs Java and there is no 'java' on PATH: install a Java runtime, 8 or newer "
            "(Debian/Ubuntu: sudo apt-get install default-jre-headless; macOS: brew install openjdk; "
            "others: https://adoptium.net)"
        )
    graph = portfolio.graph_with_ontology()
    ill_typed = list(_Explainer(graph).ill_typed())
    if ill_typed:
        # OWL 2 holds an ill-typed literal a contradiction; owlready2 cannot even read one.
        return ConsistencyResult(False, "; ".join(clash.message for clash in ill_typed), tuple(ill_typed))
    result = _run_hermit(graph)
    if result.consistent:
        return result
    clashes = tuple(find_clashes(graph))
    if not clashes:
        return ConsistencyResult(
            False,
            f"{result.explanation}; vsgraph's checks of disjoint classes, irreflexive, asymmetric and "
            "functional properties and literal types name no node, so the contradiction follows "
            "from several statements together",
        )
    return ConsistencyResult(False, "; ".join(clash.message for clash in clashes), clashes)


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


#: Datatypes whose ranges are data, not classes: a property with one of these as its range
#: types nothing.
_DATA_NAMESPACES = (str(XSD), str(RDF), str(RDFS.Literal))


def find_clashes(graph: Graph) -> list[Clash]:
    """The contradictions between the data in ``graph`` and the ontology's axioms it holds that
    one node (or a pair of statements) can show: see this module's description."""
    explainer = _Explainer(graph)
    clashes = [
        *explainer.disjoint_classes(),
        *explainer.irreflexive(),
        *explainer.asymmetric(),
        *explainer.functional(),
        *explainer.ill_typed(),
    ]
    return list({clash.message: clash for clash in clashes}.values())


class _Explainer:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._superclasses = _closure(graph, (RDFS.subClassOf,), (OWL.equivalentClass,))
        self._superproperties = _closure(graph, (RDFS.subPropertyOf,), (OWL.equivalentProperty,))
        self._subproperties: dict[Node, set[Node]] = defaultdict(set)
        for prop, supers in self._superproperties.items():
            for parent in supers:
                self._subproperties[parent].add(prop)

    # -- naming ---------------------------------------------------------------------

    def name(self, node: Node) -> str:
        """A node as people find it: its IRI (or compact name) and its label."""
        if isinstance(node, Literal):
            return f'"{node}"'
        if isinstance(node, BNode):
            return f"_:{node}"
        label = self._label(node)
        return f"{node} ({label})" if label else str(node)

    def term(self, node: Node) -> str:
        """A vocabulary term: its label, else its compact name."""
        label = self._label(node)
        if label:
            return label
        try:
            return self.graph.namespace_manager.curie(str(node), generate=False)
        except (KeyError, ValueError):
            return str(node)

    def _label(self, node: Node) -> str:
        labels = [label for label in self.graph.objects(node, RDFS.label) if isinstance(label, Literal)]
        english = [str(label) for label in labels if (label.language or "").lower().startswith("en")]
        return min(english) if english else (min(str(label) for label in labels) if labels else "")

    def properties(self, prop: Node) -> set[Node]:
        """``prop`` and its sub-properties."""
        return {prop} | self._subproperties.get(prop, set())

    # -- the checks -----------------------------------------------------------------

    def disjoint_classes(self) -> Iterator[Clash]:
        pairs = self._disjoint_pairs()
        if not pairs:
            return
        wanted = {cls for pair in pairs for cls in pair}
        for node, classes in self._classes(wanted).items():
            for first, second in pairs:
                if first in classes and second in classes:
                    yield Clash(
                        (node,),
                        "disjoint classes",
                        f"{self.name(node)} is both {self._class(first, classes[first])} and "
                        f"{self._class(second, classes[second])}, which the ontology declares disjoint",
                    )

    def _class(self, cls: Node, why: str) -> str:
        """``an operational value stream`` or ``a step (as the subject of vsg:precededBy)``."""
        term = self.term(cls)
        article = "an" if term[:1].lower() in "aeiou" else "a"
        return f"{article} {term}" + ("" if why == f"typed {self._curie(cls)}" else f" ({why})")

    def _disjoint_pairs(self) -> list[tuple[Node, Node]]:
        pairs: set[tuple[Node, Node]] = set()
        for first, second in self.graph.subject_objects(OWL.disjointWith):
            pairs.add(_ordered(first, second))
        for axiom in self.graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = self.graph.value(axiom, OWL.members)
            if members is None:
                continue
            for first, second in itertools.combinations(list(Collection(self.graph, members)), 2):
                pairs.add(_ordered(first, second))
        return sorted(pairs, key=lambda pair: (str(pair[0]), str(pair[1])))

    def _classes(self, wanted: set[Node]) -> dict[Node, dict[Node, str]]:
        """For each node, the classes among ``wanted`` it belongs to, each with why."""
        domains: dict[Node, list[Node]] = defaultdict(list)
        ranges: dict[Node, list[Node]] = defaultdict(list)
        for prop, cls in self.graph.subject_objects(RDFS.domain):
            if isinstance(cls, URIRef):
                for sub in self.properties(prop):
                    domains[sub].append(cls)
        for prop, cls in self.graph.subject_objects(RDFS.range):
            if isinstance(cls, URIRef) and not str(cls).startswith(_DATA_NAMESPACES):
                for sub in self.properties(prop):
                    ranges[sub].append(cls)
        found: dict[Node, dict[Node, str]] = defaultdict(dict)

        def add(node: Node, cls: Node, why: str) -> None:
            for parent in self._superclasses.get(cls, {cls}) | {cls}:
                if parent in wanted and parent not in found[node]:
                    found[node][parent] = why

        for subject, prop, value in self.graph:
            if prop == RDF.type:
                if isinstance(value, URIRef):
                    add(subject, value, f"typed {self._curie(value)}")
                continue
            for cls in domains.get(prop, ()):
                add(subject, cls, f"as the subject of {self._curie(prop)}")
            if not isinstance(value, Literal):
                for cls in ranges.get(prop, ()):
                    add(value, cls, f"as the object of {self._curie(prop)}")
        return found

    def _curie(self, node: Node) -> str:
        try:
            return self.graph.namespace_manager.curie(str(node), generate=False)
        except (KeyError, ValueError):
            return f"<{node}>"

    def irreflexive(self) -> Iterator[Clash]:
        for prop in sorted(set(self.graph.subjects(RDF.type, OWL.IrreflexiveProperty)), key=str):
            for sub in sorted(self.properties(prop), key=str):
                for node, value in self.graph.subject_objects(sub):
                    if node == value:
                        yield Clash(
                            (node,),
                            "irreflexive property",
                            f"{self.name(node)} {self._curie(sub)} itself, which the ontology forbids "
                            f"({self._curie(prop)} is irreflexive)",
                        )

    def asymmetric(self) -> Iterator[Clash]:
        for prop in sorted(set(self.graph.subjects(RDF.type, OWL.AsymmetricProperty)), key=str):
            subs = self.properties(prop)
            links = {(node, value) for sub in subs for node, value in self.graph.subject_objects(sub) if node != value}
            for node, value in sorted(links, key=lambda link: (str(link[0]), str(link[1]))):
                if (value, node) in links and str(node) < str(value):
                    yield Clash(
                        (node, value),
                        "asymmetric property",
                        f"{self.name(node)} and {self.name(value)} are each {self._curie(prop)} the other, "
                        f"which the ontology forbids ({self._curie(prop)} is asymmetric)",
                    )

    def functional(self) -> Iterator[Clash]:
        different = self._different_individuals()
        for prop in sorted(set(self.graph.subjects(RDF.type, OWL.FunctionalProperty)), key=str):
            values: dict[Node, list[Node]] = defaultdict(list)
            for sub in self.properties(prop):
                for node, value in self.graph.subject_objects(sub):
                    values[node].append(value)
            for node, given in sorted(values.items(), key=lambda item: str(item[0])):
                if len(given) < 2:
                    continue
                clash = next((pair for pair in itertools.combinations(given, 2) if _distinct(*pair, different)), None)
                if clash is not None:
                    yield Clash(
                        (node,),
                        "functional property",
                        f"{self.name(node)} has two values of {self._curie(prop)}, {self.name(clash[0])} and "
                        f"{self.name(clash[1])}, where the ontology allows one ({self._curie(prop)} is functional)",
                    )

    def _different_individuals(self) -> set[tuple[Node, Node]]:
        different: set[tuple[Node, Node]] = set()
        for first, second in self.graph.subject_objects(OWL.differentFrom):
            different.add(_ordered(first, second))
        for axiom in self.graph.subjects(RDF.type, OWL.AllDifferent):
            members = self.graph.value(axiom, OWL.distinctMembers) or self.graph.value(axiom, OWL.members)
            if members is None:
                continue
            for first, second in itertools.combinations(list(Collection(self.graph, members)), 2):
                different.add(_ordered(first, second))
        return different

    def ill_typed(self) -> Iterator[Clash]:
        for node, prop, value in sorted(self.graph, key=lambda triple: (str(triple[0]), str(triple[1]))):
            if isinstance(value, Literal) and value.ill_typed:
                yield Clash(
                    (node,),
                    "ill-typed literal",
                    f"{self.name(node)} has {self._curie(prop)} {self.name(value)}, which is not a valid "
                    f"{self._curie(value.datatype) if value.datatype is not None else 'literal'}",
                )


def _ordered(first: Node, second: Node) -> tuple[Node, Node]:
    return (first, second) if str(first) <= str(second) else (second, first)


def _distinct(first: Node, second: Node, different: set[tuple[Node, Node]]) -> bool:
    """Whether two values of a functional property contradict each other: two literals of
    different values, or two individuals declared different."""
    if isinstance(first, Literal) and isinstance(second, Literal):
        if first.ill_typed or second.ill_typed:
            return False  # reported as ill-typed
        try:
            return not first.eq(second)
        except TypeError:
            return first != second
    return _ordered(first, second) in different


def _closure(graph: Graph, directed: Iterable[URIRef], both_ways: Iterable[URIRef]) -> dict[Node, set[Node]]:
    """For each IRI that has any, the IRIs above it through ``directed`` (and ``both_ways``), itself excluded."""
    edges: dict[Node, set[Node]] = defaultdict(set)
    for predicate in directed:
        for child, parent in graph.subject_objects(predicate):
            if isinstance(child, URIRef) and isinstance(parent, URIRef):
                edges[child].add(parent)
    for predicate in both_ways:
        for first, second in graph.subject_objects(predicate):
            if isinstance(first, URIRef) and isinstance(second, URIRef):
                edges[first].add(second)
                edges[second].add(first)
    closure: dict[Node, set[Node]] = {}
    for start in edges:
        seen: set[Node] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        seen.discard(start)
        closure[start] = seen
    return closure
