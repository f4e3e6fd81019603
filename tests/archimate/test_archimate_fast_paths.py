"""The fast paths of the ArchiMate import and export give what the slow ones gave.

The import parses an exchange file whole and checks the tree, running the streaming check
of RDF/XML (``check_xml``) only when something is wrong: its errors must be that check's,
message and line, whichever problem comes first. The import hands its statements to
Oxigraph as N-Quads text, and the export reads the portfolio's N-Triples line by line and
writes the XML as text: escapes must survive both ways, and the text must be the one lxml
would write.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from lxml import etree

import vsgraph
from vsgraph.archimate import read_archimate, write_archimate
from vsgraph.engine.ntriples import object_term, statements
from vsgraph.inputs.rdf import check_xml
from vsgraph.limits import DEFAULT_LIMITS, InputLimits

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">\n'
)
ELEMENT = '<elements><element identifier="a" xsi:type="ValueStream"><name>{}</name></element></elements>\n'
DEEP = "<x>" * 120 + "</x>" * 120

#: Files with one problem or several, the first of which the streaming check reports.
BROKEN = {
    "syntax": HEAD + ELEMENT.format("A") + "<broken\n</model>\n",
    "deep then syntax": HEAD + DEEP + "\n<y></z>\n</model>\n",
    "syntax then deep": HEAD + "<y></z>\n" + DEEP + "\n</model>\n",
    "long text": HEAD + ELEMENT.format("x" * 1_000_001) + "</model>\n",
    "long whitespace in a view": HEAD + "<views>" + " " * 1_000_001 + "<x/></views>\n</model>\n",
    "duplicate, then syntax": HEAD + '<elements><element identifier="a" xsi:type="Value"/>'
    '<element identifier="a" xsi:type="Value"/></elements>\n</model>\n<trailing/>',
    "entities, then syntax": '<?xml version="1.0"?>\n<!DOCTYPE model [\n<!ENTITY e "x">\n]>\n'
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><broken</model>',
    "not UTF-8": b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m">\n<name>Caf\xe9</name>\n</model>\n',
    "empty": "",
    "truncated": HEAD + ELEMENT.format("A"),
    "a root too deep": '<?xml version="1.0"?>\n<other>\n' + DEEP + "</other>\n",
}


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_errors_are_those_of_the_streaming_check(name: str, tmp_path: Path) -> None:
    path = write(tmp_path / "model.xml", BROKEN[name])
    with pytest.raises(vsgraph.InputError) as expected:
        check_xml(path, None, DEFAULT_LIMITS)
    with pytest.raises(vsgraph.InputError) as caught:
        read_archimate(path)
    assert type(caught.value) is type(expected.value)
    assert (str(caught.value), caught.value.line) == (str(expected.value), expected.value.line)


@pytest.mark.parametrize("max_depth", [0, 1, 3, 4, 5, 200])
def test_every_depth_limit_is_the_streaming_checks(max_depth: int, tmp_path: Path) -> None:
    path = write(tmp_path / "model.xml", HEAD + ELEMENT.format("A") + "</model>\n")
    limits = InputLimits(max_depth=max_depth)
    try:
        check_xml(path, None, limits)
    except vsgraph.LimitError as expected:
        with pytest.raises(vsgraph.LimitError) as caught:
            read_archimate(path, limits=limits)
        assert (str(caught.value), caught.value.line) == (str(expected), expected.line)
    else:
        assert len(read_archimate(path, limits=limits).quads) == 2


def test_a_text_split_by_a_comment_is_read_whole_as_before(tmp_path: Path) -> None:
    """The streaming check sees the text before the comment; the tree joins both halves.
    Neither half is too long, so the file is read, with the name whole."""
    path = write(tmp_path / "model.xml", HEAD + ELEMENT.format("x" * 600 + "<!-- c -->" + "y" * 600) + "</model>\n")
    quads = read_archimate(path, limits=InputLimits(max_literal_chars=1000)).quads
    assert [q.object.value for q in quads if q.object.value[0] == "x"] == ["x" * 600 + "y" * 600]


def test_an_internal_doctype_is_refused_after_the_check(tmp_path: Path) -> None:
    content = '<?xml version="1.0"?>\n<!DOCTYPE model [\n<!ATTLIST model foo CDATA "bar">\n]>\n' + HEAD.partition("\n")[2]
    path = write(tmp_path / "model.xml", content + ELEMENT.format("A") + "</model>\n")
    with pytest.raises(vsgraph.InputError, match="has a DOCTYPE") as caught:
        read_archimate(path)
    assert caught.value.line == 2


def test_only_what_the_format_places_is_read(tmp_path: Path) -> None:
    """Names, properties and values count as children of their concept, of its
    <properties> and of their property only, as lxml's child lists gave them."""
    path = write(
        tmp_path / "model.xml",
        HEAD + '<elements><element identifier="a" xsi:type="ValueStream"><name>A</name>'
        '<properties><property propertyDefinitionRef="p"><value>kept</value><name>not a name</name>'
        '<value><value>nested</value></value></property><extra><property propertyDefinitionRef="p">'
        "<value>not a property</value></property></extra></properties>"
        '<element identifier="inner" xsi:type="Capability"><name>not an element</name></element>'
        "<other><name>not a name</name></other><name>A2</name></element></elements>\n"
        '<propertyDefinitions><propertyDefinition identifier="p" type="string"><name>Note</name>'
        "</propertyDefinition></propertyDefinitions></model>\n",
    )
    texts = sorted(q.object.value for q in read_archimate(path).quads if isinstance(q.object, ox.Literal))
    assert texts == ["", "A", "A2", "kept"]  # the empty one: the outer <value> of "nested"


def test_a_bad_language_tag_names_the_line(tmp_path: Path) -> None:
    element = ELEMENT.replace("<name>", '<name xml:lang="en_GB">').format("A")
    path = write(tmp_path / "model.xml", HEAD + "\n" + element + "</model>\n")
    with pytest.raises(vsgraph.InputError, match="'en_GB' is not a language tag") as caught:
        read_archimate(path)
    assert caught.value.line == 4


TRICKY = [
    'quotes " and \\ backslashes',
    "lines\nand\r\nreturns\rand\ttabs",
    "markup <b>&amp;</b> ]]> 'single'",
    "unicode: café 😀 \u2028 line separator \x85 next line \x7f delete",
    "<https://looks.like/an/iri>",
]


def tricky_portfolio(tmp_path: Path) -> vsgraph.Portfolio:
    lines = ["<https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vsgraph#Team> ."]
    for index, value in enumerate(TRICKY):
        literal = ox.Literal(value, language="en-GB") if index % 2 else ox.Literal(value)
        lines.append(f"<https://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> {literal} .")
        lines.append(f"<https://example.org/s> <https://w3id.org/vsgraph#note{index}> {literal} .")
    return vsgraph.load(write(tmp_path / "tricky.nt", "\n".join(lines) + "\n"))


def test_escapes_survive_the_export_and_the_import(tmp_path: Path) -> None:
    portfolio = tricky_portfolio(tmp_path)
    path = tmp_path / "tricky.xml"
    portfolio.export(path, format="archimate")
    # A property whose literal reads <…> comes back as an IRI (docs/archimate.md); a name does not.
    note = b'<https://example.org/s> <https://w3id.org/vsgraph#note4> "<https://looks.like/an/iri>"'
    expected = {line.replace(note, note.replace(b'"', b"")) for line in portfolio.backend.ntriples().splitlines()}
    assert set(vsgraph.load(path).backend.ntriples().splitlines()) == expected


def test_the_text_is_the_one_lxml_writes(tmp_path: Path) -> None:
    """lxml reads the file and writes it back byte for byte: the same escapes, quotes and
    indentation, and every text as the portfolio has it."""
    out = io.BytesIO()
    write_archimate(tricky_portfolio(tmp_path), out)
    tree = etree.parse(io.BytesIO(out.getvalue()))
    assert etree.tostring(tree, encoding="UTF-8", xml_declaration=True, pretty_print=True) == out.getvalue()
    names = tree.xpath("//a:element/a:name/text()", namespaces={"a": "http://www.opengroup.org/xsd/archimate/3.0/"})
    assert sorted(names) == sorted(value for value in TRICKY if value)


def test_a_character_xml_cannot_hold_writes_nothing(tmp_path: Path) -> None:
    portfolio = vsgraph.load(
        write(
            tmp_path / "control.nt",
            "<https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vsgraph#Team> .\n"
            '<https://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> "bell \\u0007" .\n',
        )
    )
    out = io.BytesIO()
    with pytest.raises(ValueError, match="XML compatible"):
        write_archimate(portfolio, out)
    assert out.getvalue() == b""


@pytest.mark.parametrize(
    "term",
    [
        "<https://example.org/a?b=c&d='e'>",
        '"plain"',
        '"tagged"@en-gb',
        '"typed"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"esc\\"aped \\\\ \\n \\t \\u0001 \\U0001F600"',
        '"esc\\"aped"@fr',
        '"with \\" quote"^^<https://example.org/dt>',
        "_:b0",
    ],
)
def test_terms_read_back_as_oxigraph_reads_them(term: str) -> None:
    (triple,) = ox.parse(input=f"<urn:s> <urn:p> {term} .", format=ox.RdfFormat.N_TRIPLES)
    obj = triple.object
    kind, value, language, datatype = object_term(term)
    assert value == obj.value
    if isinstance(obj, ox.Literal):
        assert (kind, language, datatype) == ("literal", obj.language or "", obj.datatype.value)
    else:
        assert kind == ("iri" if isinstance(obj, ox.NamedNode) else "other")


def test_statements_split_lines_at_line_feeds_only() -> None:
    document = '<urn:s> <urn:p> "a\u2028b\x85c" .\n<urn:s> <urn:q> <urn:o> .\n_:b <urn:p> <urn:o> .\n'.encode()
    assert statements(document) == {"urn:s": (("urn:p", '"a\u2028b\x85c"'), ("urn:q", "<urn:o>"))}


@pytest.mark.parametrize(("levels", "refused"), [(138, False), (139, True)])
def test_depth_is_checked_below_the_depth_of_one_path(levels: int, refused: bool, tmp_path: Path) -> None:
    """The tree is searched a few dozen levels at a time: a limit past the first steps
    counts every level (the root and <views> make two more)."""
    path = write(tmp_path / "model.xml", HEAD + "<views>" + "<x>" * levels + "</x>" * levels + "</views>\n</model>\n")
    limits = InputLimits(max_depth=140)
    if not refused:
        check_xml(path, None, limits)
        assert read_archimate(path, limits=limits).quads == []
        return
    with pytest.raises(vsgraph.LimitError) as expected:
        check_xml(path, None, limits)
    with pytest.raises(vsgraph.LimitError) as caught:
        read_archimate(path, limits=limits)
    assert (str(caught.value), caught.value.line) == (str(expected.value), expected.value.line)
