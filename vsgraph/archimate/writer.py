"""A portfolio as an ArchiMate exchange file that Archi (and other tools) open.

Every node of a class :data:`~vsgraph.archimate.mapping.ELEMENT_TYPES` lists becomes an
element; every statement between two such nodes becomes a relationship, of the type
:data:`~vsgraph.archimate.mapping.LINKS` gives if ArchiMate 3.2 allows it between the two
element types (:mod:`vsgraph.archimate.rules`), else an association; the other
statements of a node become its properties, so vsgraph's numbers (process and wait
minutes, %C&A, metric targets and readings) travel with it. Each element carries
``vsgraph:class`` (and ``vsgraph:iri`` when its IRI is not the file's own), each
relationship ``vsgraph:predicate``, so that importing the export gives the portfolio back.
Concepts an import kept unmapped are written back as they were read.

Property values are the literal's lexical form, or an IRI as ``vsg:Name`` or ``<IRI>``;
a literal that itself looks like ``<...>`` is read back as an IRI (``docs/archimate.md``).
Output is deterministic: identifiers are derived from IRIs, everything is sorted.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

import pyoxigraph as ox
from lxml import etree

from vsgraph.archimate import layout
from vsgraph.archimate.mapping import (
    CAPABILITY,
    CLASS_PROPERTY,
    DESCRIPTION,
    ELEMENT_TYPES,
    EXCHANGE_NS,
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
    XML_LANG,
    XSD,
    XSI_NS,
    Link,
    compact,
    is_name,
    kept_property_name,
    vsg,
)
from vsgraph.archimate.rules import allowed
from vsgraph.portfolio import Portfolio

_SCHEMA_LOCATION = f"{EXCHANGE_NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
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
_LINKS_BY_PREDICATE: dict[str, list[Link]] = defaultdict(list)
for _row in LINKS:
    _LINKS_BY_PREDICATE[_row.predicate].append(_row)


#: A property as written: its name, value, language and definition type.
_Prop = tuple[str, str, str | None, str]


@dataclass
class _Element:
    iri: str
    cls: str | None
    type: str
    names: list[ox.Literal] = field(default_factory=list)
    documentation: list[ox.Literal] = field(default_factory=list)
    properties: list[_Prop] = field(default_factory=list)
    identifier: str = ""


@dataclass(frozen=True)
class _Relationship:
    identifier: str
    type: str
    source: str
    target: str
    names: tuple[ox.Literal, ...] = ()
    documentation: tuple[ox.Literal, ...] = ()
    properties: tuple[_Prop, ...] = ()


@dataclass(frozen=True)
class ArchimateSummary:
    """What an exchange file holds: counts of elements, relationships and views."""

    elements: int
    relationships: int
    views: int


def write_archimate(portfolio: Portfolio, out: BinaryIO, *, name: str = "vsgraph portfolio") -> ArchimateSummary:
    """Write ``portfolio`` to the binary stream ``out`` as an exchange file (see the module)."""
    model = _Model(ox.parse(input=portfolio.backend.ntriples(), format=ox.RdfFormat.N_TRIPLES, lenient=True))
    root = model.document(name)
    etree.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return ArchimateSummary(len(model.elements), len(model.relationships), model.view_count)


class _Model:
    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        statements: dict[str, list[tuple[str, ox.NamedNode | ox.Literal | ox.BlankNode]]] = defaultdict(list)
        for triple in triples:
            if isinstance(triple.subject, ox.NamedNode):
                statements[triple.subject.value].append((triple.predicate.value, triple.object))  # type: ignore[arg-type]
        self.statements = statements
        self.elements: dict[str, _Element] = {}
        self.used: set[str] = set()
        kept_relationships: list[str] = []
        for iri in sorted(statements):
            types = [obj.value for predicate, obj in statements[iri] if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode)]
            cls = next((candidate for candidate in ELEMENT_TYPES if candidate in types), None)
            kept = next((t[len(KEPT) :] for t in types if t.startswith(KEPT)), None)
            if cls is not None:
                kind = next((obj.value for p, obj in statements[iri] if p == KEPT_TYPE), ELEMENT_TYPES[cls])
                self.elements[iri] = _Element(iri, cls, kind)
            elif kept in RELATIONSHIP_TYPES:
                kept_relationships.append(iri)
            elif kept is not None:
                self.elements[iri] = _Element(iri, None, kept)
        self._identify()
        self.relationships: list[_Relationship] = []
        self.outgoing: dict[str, list[_Relationship]] = defaultdict(list)
        for element in self.elements.values():
            self._describe(element)
        identifiers = {element.iri: element.identifier for element in self.elements.values()}
        for iri in kept_relationships:
            self._kept_relationship(iri, identifiers)
        self._order()
        self.relationships.sort(key=lambda r: r.identifier)
        self.view_count = 0

    def _identify(self) -> None:
        """Element identifiers: the fragment of an IRI an import made from a file's identifier,
        else one derived from the IRI; both valid XML IDs and stable across exports."""
        for element in self.elements.values():
            element.identifier = self._identifier_of(element.iri)
            if element.identifier == _derived("id-", element.iri):
                element.properties.append((IRI_PROPERTY, f"<{element.iri}>", None, "string"))

    def _identifier_of(self, iri: str) -> str:
        """The identifier an import read (the fragment of a file's IRI) if it is free, else
        one derived from the IRI."""
        fragment = iri.partition("#")[2]
        imported = iri.startswith("file:") and is_name(fragment) and fragment not in self.used
        identifier = fragment if imported else _derived("id-", iri)
        self.used.add(identifier)
        return identifier

    def _describe(self, element: _Element) -> None:
        if element.cls is not None:
            element.properties.append((CLASS_PROPERTY, compact(element.cls), None, "string"))
        for predicate, obj in sorted(self.statements[element.iri], key=lambda s: (s[0], str(s[1]))):
            if predicate == RDFS_LABEL and isinstance(obj, ox.Literal):
                element.names.append(obj)
            elif predicate == DESCRIPTION and isinstance(obj, ox.Literal):
                element.documentation.append(obj)
            elif isinstance(obj, ox.NamedNode) and obj.value in self.elements and predicate != RDF_TYPE:
                self._relationship(element, predicate, self.elements[obj.value])
            elif predicate != KEPT_TYPE and not (predicate == RDF_TYPE and obj.value in (element.cls, KEPT + element.type)):
                element.properties.append(_property(predicate, obj))

    def _relationship(self, subject: _Element, predicate: str, obj: _Element) -> None:
        link = self._link(predicate, subject, obj)
        source, target = (obj, subject) if link is not None and link.reverse else (subject, obj)
        kind = link.relationship if link is not None else "Association"
        marker = "^" if link is not None and link.reverse else ""
        self._add(
            _Relationship(
                _derived("id-", f"{subject.iri} {predicate} {obj.iri}"),
                kind,
                source.identifier,
                target.identifier,
                properties=((PREDICATE_PROPERTY, marker + compact(predicate), None, "string"),),
            )
        )

    def _link(self, predicate: str, subject: _Element, obj: _Element) -> Link | None:
        """The first link of ``predicate`` that fits both ends and that ArchiMate allows."""
        for link in _LINKS_BY_PREDICATE.get(predicate, ()):
            if subject.cls in link.domain and obj.cls in link.range:
                source, target = (obj, subject) if link.reverse else (subject, obj)
                if allowed(link.relationship, source.type, target.type):
                    return link
        return None

    def _kept_relationship(self, iri: str, identifiers: dict[str, str]) -> None:
        ends = {predicate: obj.value for predicate, obj in self.statements[iri] if predicate in (KEPT_SOURCE, KEPT_TARGET)}
        source, target = identifiers.get(ends.get(KEPT_SOURCE, "")), identifiers.get(ends.get(KEPT_TARGET, ""))
        if source is None or target is None:
            return  # a relationship of a relationship: its end is not an element this file has
        statements = self.statements[iri]
        kind = next(obj.value[len(KEPT) :] for p, obj in statements if p == RDF_TYPE and obj.value.startswith(KEPT))
        names = tuple(obj for p, obj in statements if p == RDFS_LABEL and isinstance(obj, ox.Literal))
        documentation = tuple(obj for p, obj in statements if p == DESCRIPTION and isinstance(obj, ox.Literal))
        properties = tuple(
            _property(predicate, obj)
            for predicate, obj in sorted(self.statements[iri], key=lambda s: (s[0], str(s[1])))
            if predicate not in (RDF_TYPE, RDFS_LABEL, DESCRIPTION, KEPT_SOURCE, KEPT_TARGET)
        )
        self._add(_Relationship(self._identifier_of(iri), kind, source, target, names, documentation, properties))

    def _order(self) -> None:
        """How ArchiMate draws an order: a Flow from each stage of a stream to the next, and a
        Triggering from each step to the next, unless the stream's steps name their
        predecessors (then the ``vsg:precededBy`` relationships draw the flow)."""
        for stream, stages in self.stages().items():
            self._chain(stream, "Flow", stages)
            steps = self._ordered(self._objects(stream, vsg("hasStep")))
            if not any(self._objects(step, vsg("precededBy")) for step in steps):
                self._chain(stream, "Triggering", steps)

    def _chain(self, stream: str, kind: str, members: list[str]) -> None:
        for first, second in itertools.pairwise(members):
            if not allowed(kind, self.elements[first].type, self.elements[second].type):
                continue  # an imported element of another type: its position still says the order
            self._add(
                _Relationship(
                    _derived("id-", f"{stream} {kind} {first} {second}"),
                    kind,
                    self.elements[first].identifier,
                    self.elements[second].identifier,
                )
            )

    def _add(self, relationship: _Relationship) -> None:
        self.relationships.append(relationship)
        self.outgoing[relationship.source].append(relationship)

    def stages(self) -> dict[str, list[str]]:
        """The stages of each stream, in the order of their positions."""
        return {
            iri: self._ordered(self._objects(iri, vsg("hasValueStreamStage")))
            for iri, element in self.elements.items()
            if element.cls in STREAMS
        }

    def _objects(self, iri: str, predicate: str) -> list[str]:
        return [obj.value for p, obj in self.statements[iri] if p == predicate and obj.value in self.elements]

    def _ordered(self, iris: list[str]) -> list[str]:
        def position(iri: str) -> tuple[float, str]:
            values = [obj.value for p, obj in self.statements[iri] if p == _POSITION and isinstance(obj, ox.Literal)]
            try:
                return (float(values[0]) if values else float("inf"), iri)
            except ValueError:
                return (float("inf"), iri)

        return sorted(dict.fromkeys(iris), key=position)

    def document(self, name: str) -> etree._Element:
        root = etree.Element(f"{{{EXCHANGE_NS}}}model", nsmap={None: EXCHANGE_NS, "xsi": XSI_NS})  # type: ignore[dict-item]
        root.set(f"{{{XSI_NS}}}schemaLocation", _SCHEMA_LOCATION)
        root.set("identifier", "id-vsgraph-model")
        _sub(root, "name", name, "en")
        definitions = self._property_definitions()
        # The XSD wants at least one child in each block: an empty block is left out.
        if self.elements:
            elements = _sub(root, "elements")
            for element in self.elements.values():
                node = _concept(elements, "element", element.identifier, element.type)
                _names(node, element.names, required=True)
                _texts(node, "documentation", element.documentation)
                _properties(node, element.properties, definitions)
        if self.relationships:
            relationships = _sub(root, "relationships")
            for relationship in self.relationships:
                node = _concept(relationships, "relationship", relationship.identifier, relationship.type)
                node.set("source", relationship.source)
                node.set("target", relationship.target)
                _names(node, relationship.names, required=False)
                _texts(node, "documentation", relationship.documentation)
                _properties(node, relationship.properties, definitions)
        if definitions:
            block = _sub(root, "propertyDefinitions")
            for prop_name, (identifier, kind) in definitions.items():
                definition = _sub(block, "propertyDefinition")
                definition.set("identifier", identifier)
                definition.set("type", kind)
                _sub(definition, "name", prop_name)
        views = self._views()
        self.view_count = len(views)
        if views:
            diagrams = _sub(_sub(root, "views"), "diagrams")
            for view_name, boxes in views:
                self._view(diagrams, view_name, boxes)
        return root

    def _property_definitions(self) -> dict[str, tuple[str, str]]:
        kinds: dict[str, str] = {}
        for properties in [e.properties for e in self.elements.values()] + [list(r.properties) for r in self.relationships]:
            for prop_name, _value, _lang, kind in properties:
                kinds.setdefault(prop_name, kind)
        return {prop_name: (f"propid-{index}", kinds[prop_name]) for index, prop_name in enumerate(sorted(kinds), start=1)}

    def _views(self) -> list[tuple[str, list[layout.Box]]]:
        views: list[tuple[str, list[layout.Box]]] = []
        stages = self.stages()
        supporters: dict[str, list[str]] = defaultdict(list)
        for iri, element in self.elements.items():
            if element.cls == vsg("DevelopmentValueStream"):
                for supported in self._objects(iri, vsg("supports")):
                    supporters[supported].append(iri)
        for iri, stream_stages in stages.items():
            if self.elements[iri].cls == STAGE:
                continue
            steps = self._ordered(self._objects(iri, vsg("hasStep")))
            performers = [agent for step in steps for agent in self._objects(step, vsg("performedBy"))]
            required = [c for stage in stream_stages for c in self._objects(stage, vsg("requiresCapability"))]
            support = [obj for predicate in _SUPPORT for obj in self._objects(iri, predicate)] + supporters[iri] + required
            boxes = layout.rows([[iri], stream_stages, steps, performers, support])
            views.append((f"Value stream: {_label(self.elements[iri])}", boxes))
        capabilities = sorted(
            (iri for iri, element in self.elements.items() if element.cls == CAPABILITY), key=lambda i: _label(self.elements[i])
        )
        if capabilities:
            parents = {iri: self._objects(iri, vsg("isSubCapabilityOf")) for iri in capabilities}
            children: dict[str, list[str]] = defaultdict(list)
            for child in capabilities:
                for parent in parents[child][:1]:
                    children[parent].append(child)
            roots = [iri for iri in capabilities if not parents[iri]]
            views.append(("Capability map", layout.nested(roots, children)))
        return views

    def _view(self, diagrams: etree._Element, view_name: str, boxes: list[layout.Box]) -> None:
        view_id = _derived("view-", view_name + " ".join(box.element for box in boxes))
        view = _concept(diagrams, "view", view_id, "Diagram")
        _sub(view, "name", view_name, "en")
        placed: dict[str, str] = {}
        counter = iter(range(1, 1 << 30))

        def place(parent: etree._Element, box: layout.Box) -> None:
            node_id = f"{view_id}-n{next(counter)}"
            element = self.elements[box.element]
            node = _concept(parent, "node", node_id, "Element")
            node.set("elementRef", element.identifier)
            for attribute, value in (("x", box.x), ("y", box.y), ("w", box.w), ("h", box.h)):
                node.set(attribute, str(value))
            placed[element.identifier] = node_id
            for child in box.children:
                place(node, child)

        for box in boxes:
            place(view, box)
        nested = {self.elements[child.element].identifier for box in boxes for child in _descendants(box)}
        shown = sorted(
            (relationship for source in placed for relationship in self.outgoing[source] if relationship.target in placed),
            key=lambda relationship: relationship.identifier,
        )
        for relationship in shown:
            if relationship.type in ("Composition", "Aggregation") and relationship.target in nested:
                continue  # drawn by nesting the part inside the whole
            connection = _concept(view, "connection", f"{view_id}-c{next(counter)}", "Relationship")
            connection.set("relationshipRef", relationship.identifier)
            connection.set("source", placed[relationship.source])
            connection.set("target", placed[relationship.target])


def _descendants(box: layout.Box) -> Iterable[layout.Box]:
    for child in box.children:
        yield child
        yield from _descendants(child)


def _property(predicate: str, obj: ox.NamedNode | ox.Literal | ox.BlankNode) -> _Prop:
    """A statement as an ArchiMate property: its name, value, language and definition type."""
    kept = kept_property_name(predicate)
    prop_name = kept if kept is not None else compact(predicate)
    if isinstance(obj, ox.Literal):
        kind = _PROPERTY_TYPES.get(obj.datatype.value, "string") if kept is None else "string"
        return (prop_name, obj.value, obj.language, kind)
    return (prop_name, compact(obj.value) if isinstance(obj, ox.NamedNode) else f"_:{obj.value}", None, "string")


def _label(element: _Element) -> str:
    english = [name.value for name in element.names if name.language in (None, "en")]
    return (english or [name.value for name in element.names] or [element.iri])[0]


def _derived(prefix: str, text: str) -> str:
    return prefix + hashlib.sha256(text.encode()).hexdigest()[:24]


def _sub(parent: etree._Element, tag: str, text: str | None = None, lang: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, f"{{{EXCHANGE_NS}}}{tag}")
    if text is not None:
        node.text = text
    if lang:
        node.set(XML_LANG, lang)
    return node


def _concept(parent: etree._Element, tag: str, identifier: str, kind: str) -> etree._Element:
    node = _sub(parent, tag)
    node.set("identifier", identifier)
    node.set(f"{{{XSI_NS}}}type", kind)
    return node


def _names(node: etree._Element, names: Sequence[ox.Literal], *, required: bool) -> None:
    if not names and required:
        _sub(node, "name", "")
    _texts(node, "name", names)


def _texts(node: etree._Element, tag: str, texts: Sequence[ox.Literal]) -> None:
    for text in texts:
        _sub(node, tag, text.value, text.language)


def _properties(node: etree._Element, properties: Sequence[_Prop], definitions: dict[str, tuple[str, str]]) -> None:
    if not properties:
        return
    block = _sub(node, "properties")
    for prop_name, value, lang, _kind in properties:
        prop = _sub(block, "property")
        prop.set("propertyDefinitionRef", definitions[prop_name][0])
        _sub(prop, "value", value, lang)
