"""An ArchiMate exchange file as vsgraph triples, and what could not be mapped.

Elements become nodes of the classes :mod:`vsgraph.archimate.classify` decides, named by
the ``vsgraph:iri`` property vsgraph writes, or else by the file's URI and the element's
identifier (``file:///models/bank.xml#id-42``), so that two loads of one file agree.
Names in every language become ``rdfs:label``, documentation ``dcterms:description``;
a property named like a vsgraph term (``vsg:processTimeMinutes``) becomes that
statement, typed as the ontology says, and any other property is kept under
:func:`~vsgraph.archimate.mapping.kept_property`. Relationships become the vsgraph
property of :data:`~vsgraph.archimate.mapping.LINKS` whose ArchiMate type and ends fit.

Nothing is dropped silently: elements of types vsgraph does not map and relationships that
fit no vsgraph property are kept, typed with their ArchiMate type in the
``https://w3id.org/vsgraph/archimate#`` namespace, in the named graph
:data:`~vsgraph.archimate.mapping.KEPT_GRAPH`, and counted by type in
:attr:`ArchimateImport.unmapped` (and in an :class:`UnmappedWarning`). The export writes
them back.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS

from vsgraph.archimate.classify import classify, positions
from vsgraph.archimate.mapping import (
    DESCRIPTION,
    ELEMENT_TYPES,
    IRI_PROPERTY,
    KEPT,
    KEPT_GRAPH,
    KEPT_SOURCE,
    KEPT_TARGET,
    KEPT_TYPE,
    LINKS,
    ORDER,
    PREDICATE_PROPERTY,
    RDF_TYPE,
    RDFS_LABEL,
    RESERVED_PROPERTIES,
    STAGE,
    STEP,
    XSD,
    Link,
    expand,
    kept_property,
    vsg,
)
from vsgraph.archimate.reader import Concept, ExchangeModel, read_exchange
from vsgraph.errors import InputError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits, quoted
from vsgraph.vocabulary.ontology import ontology_graph

_POSITION = vsg("position")
_INTEGER = ox.NamedNode(XSD + "integer")
_PLAIN = frozenset({XSD + "string", str(RDF.langString)})
_BRACKETED = re.compile(r"^<[^<>\s]+>$")
_DEFAULT = ox.DefaultGraph()


class UnmappedWarning(UserWarning):
    """An exchange file held concepts vsgraph keeps but does not map (counted by type)."""


@dataclass(frozen=True)
class ArchimateImport:
    """The statements of one exchange file, and the concepts kept unmapped, by ArchiMate type."""

    quads: list[ox.Quad]
    unmapped: Counter[str]


def read_archimate(
    path: Path | str, *, limits: InputLimits = DEFAULT_LIMITS, overrides: Mapping[str, str] | None = None
) -> ArchimateImport:
    """Read the exchange file at ``path`` as vsgraph statements (see the module's description).

    ``overrides`` maps element identifiers to the vsgraph class they become (``vsg:InternalCustomer``),
    over the rules of :mod:`vsgraph.archimate.classify`. Raises
    :class:`~vsgraph.errors.InputError` naming the file and line of what is wrong.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path=path)
    model = read_exchange(path, limits)
    result = _Importer(model, classify(model, overrides or {}), limits).run()
    if result.unmapped:
        counts = ", ".join(f"{count} {kind}" for kind, count in sorted(result.unmapped.items()))
        # Attributed to the file rather than to a line of vsgraph: the warning is about it.
        warnings.warn_explicit(
            UnmappedWarning(f"kept {sum(result.unmapped.values())} ArchiMate concepts vsgraph does not map ({counts})"),
            UnmappedWarning,
            str(path),
            0,
            module="vsgraph.archimate",
        )
    return result


@lru_cache(maxsize=1)
def _ontology_terms() -> tuple[frozenset[str], dict[str, str]]:
    """The ontology's object properties, and the datatype each datatype property ranges over."""
    graph = ontology_graph()
    objects = frozenset(str(term) for term in graph.subjects(RDF.type, OWL.ObjectProperty))
    ranges = {
        str(term): str(graph.value(term, RDFS.range))
        for term in graph.subjects(RDF.type, OWL.DatatypeProperty)
        if graph.value(term, RDFS.range) is not None
    }
    return objects | {RDF_TYPE}, ranges


class _Importer:
    def __init__(self, model: ExchangeModel, classes: dict[str, str | None], limits: InputLimits) -> None:
        self.model = model
        self.classes = classes
        self.limits = limits
        self.base = model.path.resolve().as_uri() + "#"
        self.quads: list[ox.Quad] = []
        self.unmapped: Counter[str] = Counter()
        self.iris = {identifier: self._iri_of(concept) for identifier, concept in model.elements.items()}
        self.links: dict[tuple[str, str, str], Link | None] = {}

    def run(self) -> ArchimateImport:
        kept = ox.NamedNode(KEPT_GRAPH)
        for identifier, concept in self.model.elements.items():
            cls = self.classes[identifier]
            graph = ox.DefaultGraph() if cls is not None else kept
            subject = self.iris[identifier]
            self._add(subject, RDF_TYPE, _named(cls if cls is not None else KEPT + concept.type), graph)
            if cls is None:
                self.unmapped[concept.type] += 1
            elif ELEMENT_TYPES.get(cls) != concept.type:
                self._add(subject, KEPT_TYPE, ox.Literal(concept.type), kept)
            self._describe(subject, concept, graph)
        linked: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for concept in self.model.relationships.values():
            statement = self._relate(concept)
            if statement is not None:
                predicate, subject_id, object_id = statement
                linked[predicate].append((subject_id, object_id))
        self._order(linked)
        return ArchimateImport(self.quads, self.unmapped)

    def _order(self, linked: dict[str, list[tuple[str, str]]]) -> None:
        """Steps of the stream whose stage they carry out, and positions for the stages and
        steps of a file that did not write them (vsgraph writes ``vsg:position``)."""
        stages_of: dict[str, list[str]] = defaultdict(list)
        stream_of: dict[str, str] = {}
        for stream, stage in linked[vsg("hasValueStreamStage")]:
            stages_of[stream].append(stage)
            stream_of.setdefault(stage, stream)
        steps_of: dict[str, list[str]] = defaultdict(list)
        for stream, step in linked[vsg("hasStep")]:
            steps_of[stream].append(step)
        for step, stage in linked[vsg("carriesOutValueStreamStage")]:
            parent = stream_of.get(stage)
            if parent is not None and step not in steps_of[parent]:
                steps_of[parent].append(step)
                self._add(self._end(parent), vsg("hasStep"), self._end(step))
        for groups in (stages_of, steps_of):
            for member, position in positions(self.model, self.classes, groups).items():
                element = self.model.elements.get(member)
                if element is not None and element.property("vsg:position") is None:
                    self._add(self.iris[member], _POSITION, ox.Literal(str(position), datatype=_INTEGER))

    def _relate(self, concept: Concept) -> tuple[str, str, str] | None:
        """Add the statement of one relationship; return its property, subject and object
        identifiers, if it maps to a vsgraph property."""
        source, target = self._end(concept.source), self._end(concept.target)
        named = concept.property(PREDICATE_PROPERTY)
        if named is not None:
            reverse = named.startswith("^")
            predicate = expand(named.removeprefix("^"))
            if predicate is None:
                raise InputError(f"{PREDICATE_PROPERTY} {named!r} names no property", path=self.model.path, line=concept.line)
            return self._state(predicate, concept, reverse)
        ends = (self.classes.get(concept.source), self.classes.get(concept.target))
        if concept.type in ORDER and ends[0] == ends[1] and ends[0] in (STAGE, STEP):
            return None  # the order of stages or steps, which their positions say
        link = self._link(concept)
        if link is not None:
            return self._state(link.predicate, concept, link.reverse)
        kept = ox.NamedNode(KEPT_GRAPH)
        subject = self._end(concept.identifier)
        self._add(subject, RDF_TYPE, ox.NamedNode(KEPT + concept.type), kept)
        self._add(subject, KEPT_SOURCE, source, kept)
        self._add(subject, KEPT_TARGET, target, kept)
        self._describe(subject, concept, kept)
        self.unmapped[concept.type] += 1
        return None

    def _state(self, predicate: str, concept: Concept, reverse: bool) -> tuple[str, str, str]:
        subject, obj = (concept.target, concept.source) if reverse else (concept.source, concept.target)
        self._add(self._end(subject), predicate, self._end(obj))
        return predicate, subject, obj

    def _link(self, concept: Concept) -> Link | None:
        source, target = self.classes.get(concept.source), self.classes.get(concept.target)
        if source is None or target is None:
            return None
        key = (concept.type, source, target)
        if key not in self.links:
            self.links[key] = next(
                (
                    link
                    for link in LINKS
                    if link.relationship == concept.type
                    and ((target, source) if link.reverse else (source, target)) in _pairs(link)
                ),
                None,
            )
        return self.links[key]

    def _describe(self, subject: ox.NamedNode, concept: Concept, graph: ox.NamedNode | ox.DefaultGraph) -> None:
        for predicate, texts in ((RDFS_LABEL, concept.names), (DESCRIPTION, concept.documentation)):
            for lang, text in texts:
                if text:
                    self._add(subject, predicate, _text(lang, text), graph)
        for prop in concept.properties:
            if prop.name in RESERVED_PROPERTIES:
                continue
            term = expand(prop.name)
            for lang, text in prop.values:
                if term is None:
                    self._add(subject, kept_property(prop.name), _text(lang, text), graph)
                else:
                    self._add(subject, term, self._value(term, lang, text, concept), graph)

    def _value(self, predicate: str, lang: str | None, text: str, concept: Concept) -> ox.NamedNode | ox.Literal:
        objects, ranges = _ontology_terms()
        if predicate in objects or _BRACKETED.match(text):
            iri = expand(text)
            if iri is None:
                raise InputError(
                    f"{concept.identifier}: the property {predicate} needs an IRI (vsg:Name or <IRI>), "
                    f"not {quoted(text, self.limits)}",
                    path=self.model.path,
                    line=concept.line,
                )
            return self._node(iri, concept)
        datatype = ranges.get(predicate)
        if datatype is not None and datatype not in _PLAIN:
            return ox.Literal(text, datatype=ox.NamedNode(datatype))
        return _text(lang, text)

    def _end(self, identifier: str) -> ox.NamedNode:
        """The node of an element, or of a relationship (which an association may join)."""
        if identifier in self.iris:
            return self.iris[identifier]
        return self._node(self.base + identifier, self.model.relationships[identifier])

    def _iri_of(self, concept: Concept) -> ox.NamedNode:
        named = concept.property(IRI_PROPERTY)
        iri = expand(named) if named is not None else None
        return self._node(iri if iri is not None else (named or self.base + concept.identifier), concept)

    def _node(self, iri: str, concept: Concept) -> ox.NamedNode:
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            message = f"{quoted(iri, self.limits)} is not a valid IRI: {exc}"
            raise InputError(message, path=self.model.path, line=concept.line) from exc

    def _add(
        self,
        subject: ox.NamedNode,
        predicate: str,
        obj: ox.NamedNode | ox.Literal,
        graph: ox.NamedNode | ox.DefaultGraph | None = None,
    ) -> None:
        if graph is None or graph == _DEFAULT:  # the three-term form is twice as fast to build
            self.quads.append(ox.Quad(subject, _named(predicate), obj))
        else:
            self.quads.append(ox.Quad(subject, _named(predicate), obj, graph))


@cache
def _pairs(link: Link) -> frozenset[tuple[str, str]]:
    return frozenset((d, r) for d in link.domain for r in link.range)


@lru_cache(maxsize=4096)
def _named(iri: str) -> ox.NamedNode:
    """The node of a predicate or class: a few dozen, met hundreds of thousands of times."""
    return ox.NamedNode(iri)


def _text(lang: str | None, text: str) -> ox.Literal:
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)
