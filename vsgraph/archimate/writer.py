"""A portfolio as an ArchiMate exchange file that Archi (and other tools) open.

:class:`~vsgraph.archimate.export_model.ExportModel` decides what the file holds: an
element per node of a class :data:`~vsgraph.archimate.mapping.ELEMENT_TYPES` lists, a
relationship per statement between two of them (of a type ArchiMate 3.2 allows), the
other statements as properties, so vsgraph's numbers (process and wait minutes, %C&A,
metric targets and readings) travel with it, and a view per value stream and a capability
map. Each element carries ``vsgraph:class`` (and ``vsgraph:iri`` when its IRI is not the
file's own), each relationship ``vsgraph:predicate``, so that importing the export gives the
portfolio back. Concepts an import kept unmapped are written back as they were read.

Property values are the literal's lexical form, or an IRI as ``vsg:Name`` or ``<IRI>``;
a literal that itself looks like ``<...>`` is read back as an IRI (``docs/archimate.md``).
Output is deterministic: identifiers are derived from IRIs, everything is sorted.

This module writes the file as text, line by line (:mod:`vsgraph.archimate.xmltext`),
in the order of the XSD's sequences. Identifiers are written unescaped: each is derived
(a prefix and hexadecimal digits) or an XML name an import read, which holds nothing to
escape. Every other text is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from vsgraph.archimate import layout
from vsgraph.archimate.export_model import IDENTIFIER, TARGET, ExportModel, Props, Texts, derived, properties, texts
from vsgraph.archimate.mapping import EXCHANGE_NS, XSI_NS
from vsgraph.archimate.xmltext import Document, attribute, text
from vsgraph.engine import ntriples
from vsgraph.portfolio import Portfolio

_SCHEMA_LOCATION = f"{EXCHANGE_NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
_ROOT = (
    f'<model xmlns="{EXCHANGE_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{_SCHEMA_LOCATION}" identifier="id-vsgraph-model">\n'
)


@dataclass(frozen=True)
class ArchimateSummary:
    """What an exchange file holds: counts of elements, relationships and views."""

    elements: int
    relationships: int
    views: int


def write_archimate(portfolio: Portfolio, out: BinaryIO, *, name: str = "vsgraph portfolio") -> ArchimateSummary:
    """Write ``portfolio`` to the binary stream ``out`` as an exchange file (see the module)."""
    model = ExportModel(ntriples.statements(portfolio.backend.ntriples()))
    document = Document()
    views = _write(model, document, name)
    document.write(out)
    return ArchimateSummary(len(model.classes), len(model.relationships), views)


def _write(model: ExportModel, out: Document, name: str) -> int:
    """Write the exchange file of ``model`` (an empty block is left out: the XSD wants at
    least one child in each); return the number of views."""
    out.add(_DECLARATION)
    out.add(_ROOT)
    out.add(f'  <name xml:lang="en">{text(name)}</name>\n')
    definitions = model.property_definitions()
    if model.classes:
        out.add("  <elements>\n")
        for iri in model.classes:
            head = f'    <element identifier="{model.identifiers[iri]}" xsi:type="{attribute(model.types[iri])}"'
            names = model.names[iri] or ("", "")  # the XSD requires a name
            out.add(_concept(head, "element", names, model.documentation[iri], model.properties[iri], definitions))
        out.add("  </elements>\n")
    if model.relationships:
        out.add("  <relationships>\n")
        for identifier, kind, source, target, names, documentation, described in model.relationships:
            head = f'    <relationship identifier="{identifier}" xsi:type="{attribute(kind)}" source="{source}" target="{target}"'
            out.add(_concept(head, "relationship", names, documentation, described, definitions))
        out.add("  </relationships>\n")
    if definitions:
        out.add("  <propertyDefinitions>\n")
        for prop_name, (identifier, kind) in definitions.items():
            out.add(f'    <propertyDefinition identifier="{identifier}" type="{kind}">\n')
            out.add(f"      <name>{text(prop_name)}</name>\n")
            out.add("    </propertyDefinition>\n")
        out.add("  </propertyDefinitions>\n")
    count = 0
    for view_name, boxes in model.views():
        if not count:
            out.add("  <views>\n    <diagrams>\n")
        count += 1
        _view(model, out, view_name, boxes)
    if count:
        out.add("    </diagrams>\n  </views>\n")
    out.add("</model>\n")
    return count


def _concept(
    head: str,
    tag: str,
    names: Texts,
    documentation: Texts,
    described: Props,
    definitions: dict[str, tuple[str, str]],
) -> str:
    """An element or relationship; ``head`` is its start tag without the closing bracket."""
    if not (names or documentation or described):
        return f"{head}/>\n"
    parts = [head, ">\n"]
    if names:
        parts += [f"      {_text_element('name', value, language)}" for value, language in texts(names)]
    if documentation:
        parts += [f"      {_text_element('documentation', value, language)}" for value, language in texts(documentation)]
    if described:
        parts.append("      <properties>\n")
        for prop_name, value, language, _kind in properties(described):
            parts.append(
                f'        <property propertyDefinitionRef="{definitions[prop_name][0]}">\n'
                f"          {_text_element('value', value, language)}"
                "        </property>\n"
            )
        parts.append("      </properties>\n")
    parts.append(f"    </{tag}>\n")
    return "".join(parts)


def _text_element(tag: str, value: str, language: str) -> str:
    """An element of text (a name, a documentation, a value) in its language, and a line break."""
    if language:
        return f'<{tag} xml:lang="{attribute(language)}">{text(value)}</{tag}>\n'
    return f"<{tag}>{text(value)}</{tag}>\n"


def _view(model: ExportModel, out: Document, view_name: str, boxes: list[layout.Box]) -> None:
    """A view: a node per box (nested boxes nested), then a connection per relationship
    between two of its elements, unless the nesting draws it."""
    view_id = derived("view-", view_name + " ".join(box.element for box in boxes))
    out.add(f'      <view identifier="{view_id}" xsi:type="Diagram">\n')
    out.add(f'        <name xml:lang="en">{text(view_name)}</name>\n')
    placed: dict[str, str] = {}
    counter = itertools.count(1)

    def place(box: layout.Box, indent: str) -> None:
        node_id = f"{view_id}-n{next(counter)}"
        identifier = model.identifiers[box.element]
        head = (
            f'{indent}<node identifier="{node_id}" xsi:type="Element" elementRef="{identifier}" '
            f'x="{box.x}" y="{box.y}" w="{box.w}" h="{box.h}"'
        )
        placed[identifier] = node_id
        if not box.children:
            out.add(f"{head}/>\n")
            return
        out.add(f"{head}>\n")
        for child in box.children:
            place(child, indent + "  ")
        out.add(f"{indent}</node>\n")

    for box in boxes:
        place(box, "        ")
    nested = {model.identifiers[child.element] for box in boxes for child in _descendants(box)}
    shown = sorted(
        (relationship for source in placed for relationship in model.outgoing.get(source, ()) if relationship[TARGET] in placed),
        key=lambda relationship: relationship[IDENTIFIER],
    )
    for identifier, kind, source, target, *_rest in shown:
        if kind in ("Composition", "Aggregation") and target in nested:
            continue  # drawn by nesting the part inside the whole
        out.add(
            f'        <connection identifier="{view_id}-c{next(counter)}" xsi:type="Relationship" '
            f'relationshipRef="{identifier}" source="{placed[source]}" target="{placed[target]}"/>\n'
        )
    out.add("      </view>\n")


def _descendants(box: layout.Box) -> Iterator[layout.Box]:
    for child in box.children:
        yield child
        yield from _descendants(child)
