"""What the exchange file of a portfolio holds: its elements, relationships, properties and views.

Every node of a class :data:`~vsgraph.archimate.mapping.ELEMENT_TYPES` lists becomes an
element; every statement between two such nodes becomes a relationship, of the type
:data:`~vsgraph.archimate.mapping.LINKS` gives if ArchiMate 3.2 allows it between the two
element types (:mod:`vsgraph.archimate.rules`), else an association; the other
statements of a node become its properties. Concepts an import kept unmapped are
described as they were read. :mod:`vsgraph.archimate.writer` writes the result.

The model is read from the portfolio's N-Triples (:func:`vsgraph.engine.ntriples.statements`)
and kept by column, a dictionary per field keyed by element IRI, with relationships,
names and properties as tuples of strings: a large portfolio has hundreds of thousands of
them, and the garbage collector visits every object that holds others each time it runs,
but stops visiting a tuple of strings once it has seen it.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property
from operator import itemgetter
from typing import Final

from vsgraph.archimate import layout
from vsgraph.archimate.mapping import (
    CAPABILITY,
    CLASS_PROPERTY,
    DESCRIPTION,
    ELEMENT_TYPES,
    IRI_PROPERTY,
    KEPT,
    KEPT_SOURCE,
    KEPT_TARGET,
    KEPT_TYPE,
    LINKS,
    PREDICATE_PROPERTY,
    RDF_TYPE,
    RDFS_LABEL,
    RELATIONSHIP_TYPES,
    STAGE,
    STREAMS,
    XSD,
    Link,
    compact,
    is_name,
    kept_property_name,
    vsg,
)
from vsgraph.archimate.rules import allowed
from vsgraph.engine import ntriples

#: Names or documentation as written: flat, two items a text, its value and language
#: (``""`` for none); :func:`texts` pairs them.
Texts = tuple[str, ...]
#: Properties as written: flat, four items a property, its name, value, language (``""``
#: for none) and definition type; :func:`properties` groups them.
Props = tuple[str, ...]
#: A relationship as written: its identifier, type, source and target identifiers, names,
#: documentation and properties (indexed by :data:`IDENTIFIER` and the others). Flat
#: tuples all the way down: the collector needs a pass per level of nested tuples before
#: it stops visiting them, and meanwhile counts them towards its next full collection.
Relationship = tuple[str, str, str, str, Texts, Texts, Props]
IDENTIFIER: Final = 0
TYPE: Final = 1
SOURCE: Final = 2
TARGET: Final = 3
PROPERTIES: Final = 6
#: A view: its name, and the boxes of the elements it shows.
View = tuple[str, list[layout.Box]]

_NUMBERS = frozenset(XSD + name for name in ("decimal", "integer", "double", "float", "int", "long", "nonNegativeInteger"))
_PROPERTY_TYPES = {**{datatype: "number" for datatype in _NUMBERS}, XSD + "boolean": "boolean", XSD + "date": "date"}
_POSITION = vsg("position")
#: What a value-stream view shows beside its stages and steps, by the property that links it.
_SUPPORT = tuple(
    vsg(name)
    for name in (
        "runsOn",
        "buildsSolution",
        "hostsSolution",
        "realizesCapability",
        "deliversProductOrService",
        "deliversValue",
        "hasTrigger",
        "ownedBy",
    )
)
#: The classes of :data:`ELEMENT_TYPES` in its order (most specific first), and the place of each.
_ORDERED = list(ELEMENT_TYPES)
_RANK = {cls: index for index, cls in enumerate(_ORDERED)}
_LINKS_BY_PREDICATE: dict[str, list[Link]] = defaultdict(list)
for _row in LINKS:
    _LINKS_BY_PREDICATE[_row.predicate].append(_row)


class ExportModel:
    """The elements (by IRI, sorted) and relationships (by identifier) of a portfolio."""

    def __init__(self, statements: dict[str, tuple[tuple[str, str], ...]]) -> None:
        #: Each subject's predicates and objects (as N-Triples terms), in the order read.
        self.statements = statements
        #: The vsgraph class of each element (``None`` for a concept kept unmapped), which
        #: holds every element, and its ArchiMate type, identifier, names, documentation
        #: and properties.
        self.classes: dict[str, str | None] = {}
        self.types: dict[str, str] = {}
        self.identifiers: dict[str, str] = {}
        self.names: dict[str, Texts] = {}
        self.documentation: dict[str, Texts] = {}
        self.properties: dict[str, Props] = {}
        self.relationships: list[Relationship] = []
        self._used: set[str] = set()
        self._links: dict[tuple[str, str | None, str | None, str, str], Link | None] = {}
        kept_relationships: list[str] = []
        for iri in sorted(statements):
            cls, kept, kind = _classes(statements[iri])
            if cls is not None:
                self.classes[iri], self.types[iri] = cls, kind if kind is not None else ELEMENT_TYPES[cls]
            elif kept in RELATIONSHIP_TYPES:
                kept_relationships.append(iri)
            elif kept is not None:
                self.classes[iri], self.types[iri] = None, kept
        iri_properties = self._identify()
        for iri in self.classes:
            self._describe(iri, iri_properties.get(iri, ()))
        for iri in kept_relationships:
            self._kept_relationship(iri)
        self._order()
        self.relationships.sort(key=lambda relationship: relationship[IDENTIFIER])
        by_source = sorted(self.relationships, key=itemgetter(SOURCE))
        #: The relationships from each element, by its identifier.
        self.outgoing = {source: tuple(found) for source, found in itertools.groupby(by_source, key=itemgetter(SOURCE))}

    def _identify(self) -> dict[str, Props]:
        """Element identifiers: the fragment of an IRI an import made from a file's identifier,
        else one derived from the IRI; both valid XML IDs and stable across exports. Returns
        the ``vsgraph:iri`` property of the elements whose identifier is derived."""
        iri_properties: dict[str, Props] = {}
        for iri in self.classes:
            own = derived("id-", iri)
            self.identifiers[iri] = self._identifier_of(iri, own)
            if self.identifiers[iri] == own:
                iri_properties[iri] = (IRI_PROPERTY, f"<{iri}>", "", "string")
        return iri_properties

    def _identifier_of(self, iri: str, own: str | None = None) -> str:
        """The identifier an import read (the fragment of a file's IRI) if it is free, else
        one derived from the IRI (``own``, when already known)."""
        fragment = iri.partition("#")[2]
        imported = iri.startswith("file:") and is_name(fragment) and fragment not in self._used
        identifier = fragment if imported else own or derived("id-", iri)
        self._used.add(identifier)
        return identifier

    def _describe(self, iri: str, properties: Props) -> None:
        """An element's names, documentation and properties, and its relationships."""
        cls = self.classes[iri]
        names: list[str] = []
        documentation: list[str] = []
        described = list(properties)
        if cls is not None:
            described += (CLASS_PROPERTY, compact(cls), "", "string")
        skipped = (cls, KEPT + self.types[iri])  # the classes the element's type says
        # In the order of predicate and object as N-Triples writes it.
        for predicate, obj in sorted(self.statements[iri]):
            kind, value, language, datatype = ntriples.object_term(obj)
            if predicate == RDFS_LABEL and kind == ntriples.LITERAL:
                names += (value, language)
            elif predicate == DESCRIPTION and kind == ntriples.LITERAL:
                documentation += (value, language)
            elif kind == ntriples.IRI and value in self.classes and predicate != RDF_TYPE:
                self._relationship(iri, predicate, value)
            elif predicate != KEPT_TYPE and not (predicate == RDF_TYPE and value in skipped):
                described += _property(predicate, kind, value, language, datatype)
        self.names[iri], self.documentation[iri], self.properties[iri] = tuple(names), tuple(documentation), tuple(described)

    def _relationship(self, subject: str, predicate: str, obj: str) -> None:
        link = self._link(predicate, subject, obj)
        reverse = link is not None and link.reverse
        source, target = (obj, subject) if reverse else (subject, obj)
        kind = link.relationship if link is not None else "Association"
        identifier = derived("id-", f"{subject} {predicate} {obj}")
        properties = (PREDICATE_PROPERTY, ("^" if reverse else "") + compact(predicate), "", "string")
        self.relationships.append((identifier, kind, self.identifiers[source], self.identifiers[target], (), (), properties))

    def _link(self, predicate: str, subject: str, obj: str) -> Link | None:
        """The first link of ``predicate`` that fits both ends and that ArchiMate allows
        (the same few combinations of classes and types come again and again)."""
        key = (predicate, self.classes[subject], self.classes[obj], self.types[subject], self.types[obj])
        if key not in self._links:
            self._links[key] = _first_link(*key)
        return self._links[key]

    def _kept_relationship(self, iri: str) -> None:
        statements = self.statements[iri]
        ends = {predicate: _value(obj) for predicate, obj in statements if predicate in (KEPT_SOURCE, KEPT_TARGET)}
        source, target = self.identifiers.get(ends.get(KEPT_SOURCE, "")), self.identifiers.get(ends.get(KEPT_TARGET, ""))
        if source is None or target is None:
            return  # a relationship of a relationship: its end is not an element this file has
        kind = next(t[len(KEPT) :] for t in (_value(obj) for p, obj in statements if p == RDF_TYPE) if t.startswith(KEPT))
        names = tuple(item for p, obj in statements if p == RDFS_LABEL and _is_literal(obj) for item in _text_of(obj))
        documentation = tuple(item for p, obj in statements if p == DESCRIPTION and _is_literal(obj) for item in _text_of(obj))
        properties = tuple(
            item
            for predicate, obj in sorted(statements)
            if predicate not in (RDF_TYPE, RDFS_LABEL, DESCRIPTION, KEPT_SOURCE, KEPT_TARGET)
            for item in _property(predicate, *ntriples.object_term(obj))
        )
        self.relationships.append((self._identifier_of(iri), kind, source, target, names, documentation, properties))

    def _order(self) -> None:
        """How ArchiMate draws an order: a Flow from each stage of a stream to the next, and a
        Triggering from each step to the next, unless the stream's steps name their
        predecessors (then the ``vsg:precededBy`` relationships draw the flow)."""
        for stream, stages in self.stages.items():
            self._chain(stream, "Flow", stages)
            steps = self.ordered(self.objects(stream, vsg("hasStep")))
            if not any(self.objects(step, vsg("precededBy")) for step in steps):
                self._chain(stream, "Triggering", steps)

    def _chain(self, stream: str, kind: str, members: list[str]) -> None:
        for first, second in itertools.pairwise(members):
            if not allowed(kind, self.types[first], self.types[second]):
                continue  # an imported element of another type: its position still says the order
            identifier = derived("id-", f"{stream} {kind} {first} {second}")
            self.relationships.append((identifier, kind, self.identifiers[first], self.identifiers[second], (), (), ()))

    @cached_property
    def stages(self) -> dict[str, list[str]]:
        """The stages of each stream, in the order of their positions."""
        streams = [iri for iri, cls in self.classes.items() if cls in STREAMS]
        return {iri: self.ordered(self.objects(iri, vsg("hasValueStreamStage"))) for iri in streams}

    def objects(self, iri: str, predicate: str) -> list[str]:
        """The elements the node ``iri`` links to by ``predicate``, in the order read."""
        found = (_value(obj) for p, obj in self.statements[iri] if p == predicate)
        return [value for value in found if value in self.classes]

    def ordered(self, iris: list[str]) -> list[str]:
        """``iris`` once each, by their positions (those without one last), then by IRI."""

        def position(iri: str) -> tuple[float, str]:
            values = [_value(obj) for p, obj in self.statements[iri] if p == _POSITION and _is_literal(obj)]
            try:
                return (float(values[0]) if values else float("inf"), iri)
            except ValueError:
                return (float("inf"), iri)

        return sorted(dict.fromkeys(iris), key=position)

    def label(self, iri: str) -> str:
        """An element's English name, or any name, or its IRI."""
        names = list(texts(self.names[iri]))
        english = [value for value, language in names if language in ("", "en")]
        return (english or [value for value, _language in names] or [iri])[0]

    def property_definitions(self) -> dict[str, tuple[str, str]]:
        """The identifier and type of each property's definition, by property name."""
        kinds: dict[str, str] = {}
        for described in [*self.properties.values(), *(r[PROPERTIES] for r in self.relationships)]:
            for prop_name, _value_text, _lang, kind in properties(described):
                if prop_name not in kinds:
                    kinds[prop_name] = kind
        return {prop_name: (f"propid-{index}", kinds[prop_name]) for index, prop_name in enumerate(sorted(kinds), start=1)}

    def views(self) -> Iterator[View]:
        """A view per value stream, with its stages, steps, performers and support, and a
        capability map (:mod:`vsgraph.archimate.layout` places them), one at a time: a large
        portfolio has tens of thousands of boxes."""
        stages = self.stages
        supporters: dict[str, list[str]] = defaultdict(list)
        for iri, cls in self.classes.items():
            if cls == vsg("DevelopmentValueStream"):
                for supported in self.objects(iri, vsg("supports")):
                    supporters[supported].append(iri)
        for iri, stream_stages in stages.items():
            if self.classes[iri] == STAGE:
                continue
            steps = self.ordered(self.objects(iri, vsg("hasStep")))
            performers = [agent for step in steps for agent in self.objects(step, vsg("performedBy"))]
            required = [c for stage in stream_stages for c in self.objects(stage, vsg("requiresCapability"))]
            support = [obj for predicate in _SUPPORT for obj in self.objects(iri, predicate)] + supporters[iri] + required
            boxes = layout.rows([[iri], stream_stages, steps, performers, support])
            yield (f"Value stream: {self.label(iri)}", boxes)
        capabilities = sorted((iri for iri, cls in self.classes.items() if cls == CAPABILITY), key=self.label)
        if capabilities:
            parents = {iri: self.objects(iri, vsg("isSubCapabilityOf")) for iri in capabilities}
            children: dict[str, list[str]] = defaultdict(list)
            for child in capabilities:
                for parent in parents[child][:1]:
                    children[parent].append(child)
            roots = [iri for iri in capabilities if not parents[iri]]
            yield ("Capability map", layout.nested(roots, children))


def derived(prefix: str, text: str) -> str:
    """An identifier derived from ``text``: stable across exports, and a valid XML ID."""
    return prefix + hashlib.sha256(text.encode()).hexdigest()[:24]


def _classes(statements: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None, str | None]:
    """What a node's statements say it is: its class that :data:`ELEMENT_TYPES` lists first,
    the ArchiMate type of its first class in the namespace of what is kept unmapped, and
    its first :data:`~vsgraph.archimate.mapping.KEPT_TYPE` (the type to write it as)."""
    classes: list[str] = []
    kind = None
    for predicate, obj in statements:
        if predicate == RDF_TYPE and _is_iri(obj):
            classes.append(obj[1:-1])
        elif predicate == KEPT_TYPE and kind is None:
            kind = _value(obj)
    found = [_RANK[cls] for cls in classes if cls in _RANK]
    cls = _ORDERED[min(found)] if found else None
    kept = next((t[len(KEPT) :] for t in classes if t.startswith(KEPT)), None)
    return cls, kept, kind


def _first_link(predicate: str, subject: str | None, obj: str | None, subject_type: str, obj_type: str) -> Link | None:
    for link in _LINKS_BY_PREDICATE.get(predicate, ()):
        if subject in link.domain and obj in link.range:
            source, target = (obj_type, subject_type) if link.reverse else (subject_type, obj_type)
            if allowed(link.relationship, source, target):
                return link
    return None


def texts(flat: Texts) -> Iterator[tuple[str, str]]:
    """The value and language of each name or documentation in ``flat``."""
    items = iter(flat)
    return zip(items, items, strict=True)


def properties(flat: Props) -> Iterator[tuple[str, str, str, str]]:
    """The name, value, language and definition type of each property in ``flat``."""
    items = iter(flat)
    return zip(items, items, items, items, strict=True)


def _property(predicate: str, kind: str, value: str, language: str, datatype: str) -> tuple[str, str, str, str]:
    """A statement as an ArchiMate property: its name, value, language and definition type."""
    kept = kept_property_name(predicate)
    prop_name = kept if kept is not None else compact(predicate)
    if kind == ntriples.LITERAL:
        return (prop_name, value, language, _PROPERTY_TYPES.get(datatype, "string") if kept is None else "string")
    return (prop_name, compact(value) if kind == ntriples.IRI else f"_:{value}", "", "string")


def _is_iri(term: str) -> bool:
    return term[0] == "<" and term[1] != "<"


def _is_literal(term: str) -> bool:
    return term[0] == '"'


def _value(term: str) -> str:
    """An object's IRI, text or blank node label: what Oxigraph calls its value."""
    return term[1:-1] if _is_iri(term) else ntriples.object_term(term)[1]


def _text_of(term: str) -> tuple[str, str]:
    """A literal's text and language."""
    _kind, value, language, _datatype = ntriples.object_term(term)
    return (value, language)
