"""Reading an ArchiMate exchange file into plain Python records, with lines.

:func:`~vsgraph.archimate.document.parse_exchange` parses the file safely (the same checks
and errors as RDF/XML, and no DOCTYPE); this module reads its property definitions,
elements and relationships. The encoding is the one the XML declaration names (Sparx EA
writes windows-1252), as XML requires.

Every error is an :class:`~vsgraph.errors.InputError` naming the file and the line of the
offending element: an element of no type, an identifier used twice, a relationship or
property that refers to nothing.

The records are flat tuples of strings, not dataclasses: a large file has hundreds of
thousands of names, properties and values, and a tuple of strings is quick to build and
soon left alone by the garbage collector, which otherwise revisits every record each time
it runs (and needs a pass per level of nested tuples before it leaves them alone).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from lxml import etree

from vsgraph.archimate.document import parse_exchange
from vsgraph.archimate.mapping import EXCHANGE_NS, XML_LANG, XSI_NS
from vsgraph.errors import InputError
from vsgraph.limits import InputLimits, quoted

_TYPE = f"{{{XSI_NS}}}type"
_MODEL, _ELEMENTS, _ELEMENT, _RELATIONSHIPS, _RELATIONSHIP = (
    f"{{{EXCHANGE_NS}}}{tag}" for tag in ("model", "elements", "element", "relationships", "relationship")
)
_NAME, _DOCUMENTATION, _PROPERTIES, _PROPERTY, _VALUE = (
    f"{{{EXCHANGE_NS}}}{tag}" for tag in ("name", "documentation", "properties", "property", "value")
)
_DEFINITIONS, _DEFINITION = (f"{{{EXCHANGE_NS}}}{tag}" for tag in ("propertyDefinitions", "propertyDefinition"))

#: An element or a relationship as the file states it, as one flat tuple (see
#: :data:`IDENTIFIER` and the other indexes): identifier, ArchiMate type, line, names,
#: documentation, properties, and a relationship's source and target (empty for an element).
Concept = tuple[str, str, int, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str]
#: The indexes of a :data:`Concept`'s fields. Names and documentation are flat tuples of
#: language and text, two items a text (:func:`texts`); properties of property name,
#: language and value, three items a value (:func:`values`). A language the file does not
#: name is ``""``. A property without a value states nothing, so none is kept.
IDENTIFIER: Final = 0
TYPE: Final = 1
LINE: Final = 2
NAMES: Final = 3
DOCUMENTATION: Final = 4
PROPERTIES: Final = 5
SOURCE: Final = 6
TARGET: Final = 7


def texts(flat: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """The language and text of each name or documentation of a concept."""
    items = iter(flat)
    return zip(items, items, strict=True)


def values(flat: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    """The property name, language and text of each property value of a concept."""
    items = iter(flat)
    return zip(items, items, items, strict=True)


def first_value(concept: Concept, name: str) -> str | None:
    """The first value of the property ``name``, if the concept has one."""
    properties = concept[PROPERTIES]
    for index in range(0, len(properties), 3):
        if properties[index] == name:
            return properties[index + 2]
    return None


@dataclass
class ExchangeModel:
    """The elements and relationships of one exchange file, in the file's order."""

    path: Path
    elements: dict[str, Concept]
    relationships: dict[str, Concept]


def read_exchange(path: Path, limits: InputLimits) -> ExchangeModel:
    """Parse the exchange file at ``path`` (see the module's description for the checks)."""
    root = parse_exchange(path, limits).getroot()
    if root.tag != _MODEL:
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
        #: The name of each property definition (the type is not kept: values are read as text).
        self.definitions: dict[str, str] = {}
        self.seen: set[str] = set()

    def model(self, root: etree._Element) -> ExchangeModel:
        for block in root.iterchildren(_DEFINITIONS):
            for definition in block.iterchildren(_DEFINITION):
                identifier = self._identifier(definition)
                names = [child.text or "" for child in definition.iterchildren(_NAME)]
                self.definitions[identifier] = names[0] if names else identifier
        elements: dict[str, Concept] = {}
        for block in root.iterchildren(_ELEMENTS):
            self._block(block, _ELEMENT, elements)
        relationships: dict[str, Concept] = {}
        for block in root.iterchildren(_RELATIONSHIPS):
            self._block(block, _RELATIONSHIP, relationships)
        for concept in relationships.values():
            for end in (concept[SOURCE], concept[TARGET]):
                if end not in elements and end not in relationships:
                    raise InputError(
                        f"relationship {quoted(concept[IDENTIFIER], self.limits)} refers to "
                        f"{quoted(end, self.limits)}, which is no element or relationship of the file",
                        path=self.path,
                        line=concept[LINE],
                    )
        return ExchangeModel(self.path, elements, relationships)

    def _block(self, block: etree._Element, tag: str, concepts: dict[str, Concept]) -> None:
        """Read the concepts of one ``<elements>`` or ``<relationships>`` block (``tag`` names
        its children) into ``concepts``.

        One pass over the concepts and the names, documentation, properties and values
        below them, in the file's order (lxml finds them in C): a Python loop a concept
        costs more than the rest. Each counts only where the format puts it, as a child of
        the block, of the concept, of its ``<properties>``, or of the property being read;
        the checks and errors come in the order of a concept-by-concept reading.
        """
        node: etree._Element | None = None  # the concept being read
        reading: etree._Element | None = None  # the property whose values are being read
        head = ("", "", 0)  # the identifier, type and line of the concept being read
        names: list[str] = []
        documentation: list[str] = []
        properties: list[str] = []
        name = ""  # the name of the property being read
        definitions = self.definitions
        for child in block.iter(tag, _NAME, _DOCUMENTATION, _PROPERTY, _VALUE):
            parent = child.getparent()
            kind = child.tag
            if kind == _VALUE:
                if parent is reading:
                    properties += (name, child.get(XML_LANG) or "", child.text or "")
            elif parent is node:
                if kind == _NAME:
                    names += (child.get(XML_LANG) or "", child.text or "")
                elif kind == _DOCUMENTATION:
                    documentation += (child.get(XML_LANG) or "", child.text or "")
            elif kind == tag:
                if parent is block:
                    if node is not None:
                        self._finish(node, head, names, documentation, properties, concepts)
                    node, reading, head = child, None, self._head(child)
                    names, documentation, properties = [], [], []
            elif kind == _PROPERTY and node is not None and parent is not None:
                if parent.tag == _PROPERTIES and parent.getparent() is node:
                    defined = definitions.get(child.get("propertyDefinitionRef", ""))
                    if defined is None:
                        raise self._undefined(child)
                    name, reading = defined, child
        if node is not None:
            self._finish(node, head, names, documentation, properties, concepts)

    def _head(self, node: etree._Element) -> tuple[str, str, int]:
        """The identifier, ArchiMate type and line of a concept."""
        identifier = self._identifier(node)
        kind = node.get(_TYPE)
        if not kind:
            raise InputError(f"{quoted(identifier, self.limits)} has no xsi:type", path=self.path, line=_line(node))
        # A prefixed type names the same ArchiMate type.
        return identifier, kind.rpartition(":")[2], _line(node) or 0

    def _finish(
        self,
        node: etree._Element,
        head: tuple[str, str, int],
        names: list[str],
        documentation: list[str],
        properties: list[str],
        concepts: dict[str, Concept],
    ) -> None:
        """Add the concept read from ``node`` to ``concepts``, and free its subtree."""
        ends = (self._end(node, "source"), self._end(node, "target")) if node.tag == _RELATIONSHIP else ("", "")
        # Freed now rather than with the whole tree: the tree shrinks as the records grow, and
        # the C allocator is not left with a million freed nodes to sort through at once.
        node.clear()
        concepts[head[0]] = (*head, tuple(names), tuple(documentation), tuple(properties), *ends)

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

    def _undefined(self, node: etree._Element) -> InputError:
        """The error of a property whose definition the file does not have."""
        reference = node.get("propertyDefinitionRef")
        return InputError(
            f"a property refers to the property definition {quoted(reference, self.limits)}, which the file does not define",
            path=self.path,
            line=_line(node),
        )


def _line(node: etree._Element) -> int | None:
    """The line lxml read ``node`` on (its stubs type it loosely)."""
    line = node.sourceline
    return line if isinstance(line, int) else None
