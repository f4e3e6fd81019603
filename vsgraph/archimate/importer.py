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
from vsgraph.archimate.reader import (
    DOCUMENTATION,
    IDENTIFIER,
    LINE,
    NAMES,
    PROPERTIES,
    SOURCE,
    TARGET,
    TYPE,
    Concept,
    ExchangeModel,
    first_value,
    read_exchange,
    texts,
    values,
)
from vsgraph.engine import ntriples
from vsgraph.errors import InputError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits, quoted
from vsgraph.vocabulary.ontology import ontology_graph

_POSITION = vsg("position")
_INTEGER = XSD + "integer"
_PLAIN = frozenset({XSD + "string", str(RDF.langString)})
_BRACKETED = re.compile(r"^<[^<>\s]+>$")
#: How a line of N-Quads ends in the default graph, and in the graph of what is kept unmapped.
_DEFAULT = " .\n"
_KEPT = f" <{KEPT_GRAPH}> .\n"
_TYPE_TERM, _LABEL_TERM, _DESCRIPTION_TERM = (ntriples.iri(term) for term in (RDF_TYPE, RDFS_LABEL, DESCRIPTION))


class UnmappedWarning(UserWarning):
    """An exchange file held concepts vsgraph keeps but does not map (counted by type)."""


@dataclass(frozen=True)
class ArchimateImport:
    """The statements of one exchange file, and the concepts kept unmapped, by ArchiMate type.

    ``nquads`` is the statements as N-Quads text, which a store loads in one call without a
    Python object per statement; :attr:`quads` parses it for callers that want the objects.
    """

    nquads: str
    unmapped: Counter[str]

    @property
    def quads(self) -> list[ox.Quad]:
        """The statements as Oxigraph quads, in the file's order."""
        return list(ox.parse(input=self.nquads, format=ox.RdfFormat.N_QUADS))


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
    """The statements of one file, written as lines of N-Quads and parsed by Oxigraph at
    once (:mod:`vsgraph.engine.ntriples`): every IRI the file gives is checked as it
    is met, so that a bad one is an error with its line."""

    def __init__(self, model: ExchangeModel, classes: dict[str, str | None], limits: InputLimits) -> None:
        self.model = model
        self.classes = classes
        self.limits = limits
        self.base = model.path.resolve().as_uri() + "#"
        self.lines: list[str] = []
        self.unmapped: Counter[str] = Counter()
        self.iris = {identifier: self._iri_of(concept) for identifier, concept in model.elements.items()}
        self.links: dict[tuple[str, str, str], Link | None] = {}
        self.ontology = _ontology_terms()

    def run(self) -> ArchimateImport:
        for identifier, concept in self.model.elements.items():
            cls = self.classes[identifier]
            kind = concept[TYPE]
            graph = _DEFAULT if cls is not None else _KEPT
            subject = self.iris[identifier]
            self._add(subject, _TYPE_TERM, self._term(cls if cls is not None else KEPT + kind, concept), graph)
            if cls is None:
                self.unmapped[kind] += 1
            elif ELEMENT_TYPES.get(cls) != kind:
                self._add(subject, ntriples.iri(KEPT_TYPE), ntriples.literal(kind), _KEPT)
            self._describe(subject, concept, graph)
        linked: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for concept in self.model.relationships.values():
            statement = self._relate(concept)
            if statement is not None:
                predicate, subject_id, object_id = statement
                linked[predicate].append((subject_id, object_id))
        self._order(linked)
        return ArchimateImport("".join(self.lines), self.unmapped)

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
                self._add(self._end(parent), ntriples.iri(vsg("hasStep")), self._end(step))
        position_term = ntriples.iri(_POSITION)
        for placed in positions(self.model, self.classes, stages_of, steps_of):
            for member, position in placed.items():
                element = self.model.elements.get(member)
                if element is not None and first_value(element, "vsg:position") is None:
                    self._add(self.iris[member], position_term, ntriples.typed(str(position), _INTEGER))

    def _relate(self, concept: Concept) -> tuple[str, str, str] | None:
        """Add the statement of one relationship; return its property, subject and object
        identifiers, if it maps to a vsgraph property."""
        source, target = self._end(concept[SOURCE]), self._end(concept[TARGET])
        named = first_value(concept, PREDICATE_PROPERTY)
        if named is not None:
            reverse = named.startswith("^")
            predicate = expand(named.removeprefix("^"))
            if predicate is None:
                raise InputError(f"{PREDICATE_PROPERTY} {named!r} names no property", path=self.model.path, line=concept[LINE])
            return self._state(predicate, concept, (source, target), reverse)
        ends = (self.classes.get(concept[SOURCE]), self.classes.get(concept[TARGET]))
        if concept[TYPE] in ORDER and ends[0] == ends[1] and ends[0] in (STAGE, STEP):
            return None  # the order of stages or steps, which their positions say
        link = self._link(concept)
        if link is not None:
            return self._state(link.predicate, concept, (source, target), link.reverse)
        subject = self._end(concept[IDENTIFIER])
        self._add(subject, _TYPE_TERM, self._term(KEPT + concept[TYPE], concept), _KEPT)
        self._add(subject, ntriples.iri(KEPT_SOURCE), source, _KEPT)
        self._add(subject, ntriples.iri(KEPT_TARGET), target, _KEPT)
        self._describe(subject, concept, _KEPT)
        self.unmapped[concept[TYPE]] += 1
        return None

    def _state(self, predicate: str, concept: Concept, ends: tuple[str, str], reverse: bool) -> tuple[str, str, str]:
        """Add the statement a relationship maps to; ``ends`` are the terms of its source and target."""
        source, target = ends
        if reverse:
            self._add(target, self._term(predicate, concept), source)
            return predicate, concept[TARGET], concept[SOURCE]
        self._add(source, self._term(predicate, concept), target)
        return predicate, concept[SOURCE], concept[TARGET]

    def _link(self, concept: Concept) -> Link | None:
        source, target = self.classes.get(concept[SOURCE]), self.classes.get(concept[TARGET])
        if source is None or target is None:
            return None
        key = (concept[TYPE], source, target)
        if key not in self.links:
            self.links[key] = next(
                (
                    link
                    for link in LINKS
                    if link.relationship == concept[TYPE]
                    and ((target, source) if link.reverse else (source, target)) in _pairs(link)
                ),
                None,
            )
        return self.links[key]

    def _describe(self, subject: str, concept: Concept, graph: str) -> None:
        for predicate, flat in ((_LABEL_TERM, concept[NAMES]), (_DESCRIPTION_TERM, concept[DOCUMENTATION])):
            for lang, text in texts(flat):
                if text:
                    self._add(subject, predicate, self._text(lang, text, concept), graph)
        for name, lang, text in values(concept[PROPERTIES]):
            if name in RESERVED_PROPERTIES:
                continue
            term = expand(name)
            if term is None:
                self._add(subject, ntriples.iri(kept_property(name)), self._text(lang, text, concept), graph)
            else:
                self._add(subject, self._term(term, concept), self._value(term, lang, text, concept), graph)

    def _value(self, predicate: str, lang: str, text: str, concept: Concept) -> str:
        objects, ranges = self.ontology
        if predicate in objects or _BRACKETED.match(text):
            iri = expand(text)
            if iri is None:
                raise InputError(
                    f"{concept[IDENTIFIER]}: the property {predicate} needs an IRI (vsg:Name or <IRI>), "
                    f"not {quoted(text, self.limits)}",
                    path=self.model.path,
                    line=concept[LINE],
                )
            return self._term(iri, concept)
        datatype = ranges.get(predicate)
        if datatype is not None and datatype not in _PLAIN:
            return ntriples.typed(text, datatype)
        return self._text(lang, text, concept)

    def _text(self, lang: str, text: str, concept: Concept) -> str:
        """A literal in the language ``lang`` (none if empty)."""
        if lang:
            try:
                lang = ntriples.checked_language(lang)
            except ValueError as exc:
                message = f"{quoted(lang, self.limits)} is not a language tag: {exc}"
                raise InputError(message, path=self.model.path, line=concept[LINE]) from exc
        return ntriples.literal(text, lang)

    def _end(self, identifier: str) -> str:
        """The node of an element, or of a relationship (which an association may join)."""
        if identifier in self.iris:
            return self.iris[identifier]
        return self._node(self.base + identifier, self.model.relationships[identifier])

    def _iri_of(self, concept: Concept) -> str:
        named = first_value(concept, IRI_PROPERTY)
        iri = expand(named) if named is not None else None
        return self._node(iri if iri is not None else (named or self.base + concept[IDENTIFIER]), concept)

    def _node(self, iri: str, concept: Concept) -> str:
        """The term of a node the file names, checked."""
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            message = f"{quoted(iri, self.limits)} is not a valid IRI: {exc}"
            raise InputError(message, path=self.model.path, line=concept[LINE]) from exc
        return ntriples.iri(iri)

    def _term(self, iri: str, concept: Concept) -> str:
        """The term of a class, predicate or value: a few dozen, met again and again."""
        try:
            return ntriples.checked_iri(iri)
        except ValueError as exc:
            message = f"{quoted(iri, self.limits)} is not a valid IRI: {exc}"
            raise InputError(message, path=self.model.path, line=concept[LINE]) from exc

    def _add(self, subject: str, predicate: str, obj: str, graph: str = _DEFAULT) -> None:
        self.lines.append(f"{subject} {predicate} {obj}{graph}")


@cache
def _pairs(link: Link) -> frozenset[tuple[str, str]]:
    return frozenset((d, r) for d in link.domain for r in link.range)
