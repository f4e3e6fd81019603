"""Reading an ArchiMate exchange file into plain Python objects, safely, with lines.

The file passes the same well-formedness and limits check as RDF/XML before it is
parsed (:func:`vsgraph.inputs.rdf.check_xml`: no entity is expanded, nothing is fetched,
nesting and text sizes are bounded), and is then parsed by lxml with the same hardened
options. A DOCTYPE of any kind is refused: exchange files never need one, and an external
DTD is a fetch waiting to happen in the next tool that opens the file. The encoding is the
one the XML declaration names (Sparx EA writes windows-1252), as XML requires.

Every error is an :class:`~vsgraph.errors.InputError` naming the file and the line of the
offending element: an element of no type, an identifier used twice, a relationship or
property that refers to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from vsgraph.archimate.mapping import EXCHANGE_NS, XML_LANG, XSI_NS
from vsgraph.errors import InputError
from vsgraph.inputs.rdf import XML_OPTIONS, check_xml, line_of
from vsgraph.limits import InputLimits, quoted

_TYPE = f"{{{XSI_NS}}}type"
_NAME, _DOCUMENTATION, _PROPERTIES, _PROPERTY, _VALUE = (
    f"{{{EXCHANGE_NS}}}{tag}" for tag in ("name", "documentation", "properties", "property", "value")
)

#: Text in a language (``None`` when the file names none).
LangText = tuple[str | None, str]


class Property(NamedTuple):
    """One property of a concept: the definition's name and type, and its values (a tuple,
    not a dataclass: hundreds of thousands are made, and a frozen dataclass is slow to build)."""

    name: str
    type: str
    values: tuple[LangText, ...]


@dataclass
class Concept:
    """An element or a relationship as the file states it."""

    identifier: str
    type: str
    line: int
    names: list[LangText] = field(default_factory=list)
    documentation: list[LangText] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)
    #: The identifiers of a relationship's ends (empty for an element).
    source: str = ""
    target: str = ""

    def property(self, name: str) -> str | None:
        """The first value of the property ``name``, if the concept has one."""
        for prop in self.properties:
            if prop.name == name and prop.values:
                return prop.values[0][1]
        return None


@dataclass
class ExchangeModel:
    """The elements and relationships of one exchange file, in the file's order."""

    path: Path
    elements: dict[str, Concept]
    relationships: dict[str, Concept]


def read_exchange(path: Path, limits: InputLimits) -> ExchangeModel:
    """Parse the exchange file at ``path`` (see the module's description for the checks)."""
    check_xml(path, None, limits)
    options: dict[str, Any] = {**XML_OPTIONS, "remove_comments": True, "remove_pis": True}
    parser = etree.XMLParser(**options)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:  # the check above has read the same bytes
        raise InputError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno or None) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    if getattr(tree.docinfo, "doctype", None):
        raise InputError(
            "the file has a DOCTYPE, which ArchiMate exchange files never need and vsgraph does "
            "not follow (an external DTD would be fetched by other tools); remove it",
            path=path,
            line=line_of(b"<!DOCTYPE", path, None),
        )
    root = tree.getroot()
    if root.tag != f"{{{EXCHANGE_NS}}}model":
        raise InputError(
            f"not an ArchiMate exchange file: the root element is {quoted(root.tag, limits)}, "
            f"not <model> in the namespace {EXCHANGE_NS}",
            path=path,
            line=_line(root),
        )
    return _Reader(path, limits).model(root)


class _Reader:
    def __init__(self, path: Path, limits: InputLimits) -> None:
        self.path = path
        self.limits = limits
        self.definitions: dict[str, tuple[str, str]] = {}
        self.seen: set[str] = set()

    def model(self, root: etree._Element) -> ExchangeModel:
        for definition in root.iterfind(_q("propertyDefinitions/propertyDefinition")):
            identifier = self._identifier(definition)
            names = [_text(child) for child in definition if child.tag == _NAME]
            self.definitions[identifier] = (names[0][1] if names else identifier, definition.get("type", "string"))
        elements = {concept.identifier: concept for concept in map(self._concept, root.iterfind(_q("elements/element")))}
        relationships: dict[str, Concept] = {}
        for node in root.iterfind(_q("relationships/relationship")):
            concept = self._concept(node)
            concept.source, concept.target = self._end(node, "source"), self._end(node, "target")
            relationships[concept.identifier] = concept
        for concept in relationships.values():
            for end in (concept.source, concept.target):
                if end not in elements and end not in relationships:
                    raise InputError(
                        f"relationship {quoted(concept.identifier, self.limits)} refers to "
                        f"{quoted(end, self.limits)}, which is no element or relationship of the file",
                        path=self.path,
                        line=concept.line,
                    )
        return ExchangeModel(self.path, elements, relationships)

    def _concept(self, node: etree._Element) -> Concept:
        identifier = self._identifier(node)
        kind = node.get(_TYPE)
        if not kind:
            raise InputError(f"{quoted(identifier, self.limits)} has no xsi:type", path=self.path, line=_line(node))
        # A prefixed type names the same ArchiMate type. One pass over the children: at
        # portfolio scale, a search per kind of child costs more than the parse.
        concept = Concept(identifier, kind.rpartition(":")[2], _line(node) or 0)
        for child in node:
            tag = child.tag
            if tag == _NAME:
                concept.names.append(_text(child))
            elif tag == _DOCUMENTATION:
                concept.documentation.append(_text(child))
            elif tag == _PROPERTIES:
                concept.properties.extend(self._property(prop) for prop in child if prop.tag == _PROPERTY)
        return concept

    def _identifier(self, node: etree._Element) -> str:
        identifier = node.get("identifier")
        if not identifier:
            raise InputError(f"<{etree.QName(node).localname}> without an identifier", path=self.path, line=_line(node))
        if identifier in self.seen:
            message = f"the identifier {quoted(identifier, self.limits)} is used twice"
            raise InputError(message, path=self.path, line=_line(node))
        self.seen.add(identifier)
        return identifier

    def _end(self, node: etree._Element, attribute: str) -> str:
        end = node.get(attribute)
        if not end:
            raise InputError(f"a relationship without a {attribute}", path=self.path, line=_line(node))
        return end

    def _property(self, node: etree._Element) -> Property:
        reference = node.get("propertyDefinitionRef")
        if reference not in self.definitions:
            raise InputError(
                f"a property refers to the property definition {quoted(reference, self.limits)}, which the file does not define",
                path=self.path,
                line=_line(node),
            )
        name, kind = self.definitions[reference]
        return Property(name, kind, tuple(_text(value) for value in node if value.tag == _VALUE))


def _q(path: str) -> str:
    """An ElementPath in the exchange namespace."""
    return "/".join(f"{{{EXCHANGE_NS}}}{step}" for step in path.split("/"))


def _line(node: etree._Element) -> int | None:
    """The line lxml read ``node`` on (its stubs type it loosely)."""
    line = node.sourceline
    return line if isinstance(line, int) else None


def _text(node: etree._Element) -> LangText:
    return (node.get(XML_LANG), node.text or "")
