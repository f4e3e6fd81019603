"""Exporting ArchiMate exchange files: the structure the exchange XSD requires (the XSD
itself is The Open Group's, all rights reserved, so it is not bundled: see
docs/archimate.md), only relationships ArchiMate 3.2 allows, vsgraph's numbers as
properties, the views, and the round trips both ways, through the API and the CLI."""

from __future__ import annotations

import io
import itertools
import re
import warnings
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from rdflib import URIRef
from rdflib.namespace import RDFS

import vsgraph
from bench.generator import generate
from tests.support.paths import DATA as TEST_DATA
from vsgraph.archimate import UnmappedWarning, write_archimate
from vsgraph.archimate.rules import LETTERS, allowed

DATA = TEST_DATA / "archimate"
NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
A = {"a": NS}
NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")
#: The element types of ArchiMate 3.2 (the XSD's ElementTypeEnum, minus junctions).
ELEMENT_TYPES = {
    "BusinessActor",
    "BusinessRole",
    "BusinessCollaboration",
    "BusinessInterface",
    "BusinessProcess",
    "BusinessFunction",
    "BusinessInteraction",
    "BusinessEvent",
    "BusinessService",
    "BusinessObject",
    "Contract",
    "Representation",
    "Product",
    "ApplicationComponent",
    "ApplicationCollaboration",
    "ApplicationInterface",
    "ApplicationFunction",
    "ApplicationInteraction",
    "ApplicationProcess",
    "ApplicationEvent",
    "ApplicationService",
    "DataObject",
    "Node",
    "Device",
    "SystemSoftware",
    "TechnologyCollaboration",
    "TechnologyInterface",
    "Path",
    "CommunicationNetwork",
    "TechnologyFunction",
    "TechnologyProcess",
    "TechnologyInteraction",
    "TechnologyEvent",
    "TechnologyService",
    "Artifact",
    "Equipment",
    "Facility",
    "DistributionNetwork",
    "Material",
    "Stakeholder",
    "Driver",
    "Assessment",
    "Goal",
    "Outcome",
    "Principle",
    "Requirement",
    "Constraint",
    "Meaning",
    "Value",
    "Resource",
    "Capability",
    "ValueStream",
    "CourseOfAction",
    "WorkPackage",
    "Deliverable",
    "ImplementationEvent",
    "Plateau",
    "Gap",
    "Grouping",
    "Location",
}


def exported(portfolio: vsgraph.Portfolio) -> etree._ElementTree:
    out = io.BytesIO()
    write_archimate(portfolio, out)
    return etree.parse(io.BytesIO(out.getvalue()))


def triples(portfolio: vsgraph.Portfolio) -> set[bytes]:
    return set(portfolio.backend.ntriples().splitlines())


@pytest.fixture(scope="module")
def grocery_tree(grocery: vsgraph.Portfolio) -> etree._ElementTree:
    return exported(grocery)


def check_structure(tree: etree._ElementTree, kept: frozenset[str] = frozenset()) -> None:
    """What the exchange XSD requires of a model, its elements, relationships, property
    definitions and views, in the order its sequences fix; every relationship but those
    ``kept`` as another tool wrote them is one ArchiMate 3.2 allows."""
    root = tree.getroot()
    assert root.tag == f"{{{NS}}}model" and NCNAME.match(root.get("identifier"))
    order = [
        "name",
        "documentation",
        "metadata",
        "properties",
        "elements",
        "relationships",
        "organizations",
        "propertyDefinitions",
        "views",
    ]
    children = [etree.QName(child).localname for child in root]
    assert children[0] == "name" and children == sorted(children, key=order.index)
    identifiers = Counter(tree.xpath("//@identifier"))
    assert not [i for i, count in identifiers.items() if count > 1], "identifiers are unique"
    assert all(NCNAME.match(identifier) for identifier in identifiers), "identifiers are xs:ID"
    elements = {e.get("identifier"): e.get(XSI_TYPE) for e in tree.xpath("/a:model/a:elements/a:element", namespaces=A)}
    for element in tree.xpath("/a:model/a:elements/a:element", namespaces=A):
        assert element.get(XSI_TYPE) in ELEMENT_TYPES
        assert element.xpath("a:name", namespaces=A), "an element has a name"
        assert [etree.QName(c).localname for c in element] == sorted(
            (etree.QName(c).localname for c in element), key=["name", "documentation", "properties"].index
        )
    relationships = {}
    for relationship in tree.xpath("/a:model/a:relationships/a:relationship", namespaces=A):
        kind, source, target = relationship.get(XSI_TYPE), relationship.get("source"), relationship.get("target")
        assert kind in LETTERS and source in elements and target in elements
        if relationship.get("identifier") not in kept:
            assert allowed(kind, elements[source], elements[target]), (kind, elements[source], elements[target])
        relationships[relationship.get("identifier")] = (source, target)
    definitions = set(tree.xpath("//a:propertyDefinitions/a:propertyDefinition/@identifier", namespaces=A))
    for definition in tree.xpath("//a:propertyDefinition", namespaces=A):
        assert definition.get("type") in {"string", "boolean", "currency", "date", "time", "number"}
        assert definition.xpath("a:name", namespaces=A)
    assert set(tree.xpath("//a:property/@propertyDefinitionRef", namespaces=A)) <= definitions
    for view in tree.xpath("//a:views/a:diagrams/a:view", namespaces=A):
        assert view.get(XSI_TYPE) == "Diagram" and view.xpath("a:name", namespaces=A)
        shown = {}
        for node in view.xpath(".//a:node", namespaces=A):
            assert node.get(XSI_TYPE) == "Element" and node.get("elementRef") in elements
            assert all(int(node.get(a)) >= 0 for a in ("x", "y", "w", "h"))
            shown[node.get("identifier")] = node.get("elementRef")
        for connection in view.xpath("a:connection", namespaces=A):
            ends = relationships[connection.get("relationshipRef")]
            assert (shown[connection.get("source")], shown[connection.get("target")]) == ends


def test_the_grocery_export_has_the_structure_the_xsd_requires(grocery_tree: etree._ElementTree) -> None:
    check_structure(grocery_tree)


def test_a_generated_portfolio_export_has_the_structure_the_xsd_requires(tmp_path: Path) -> None:
    check_structure(exported(vsgraph.load(generate(15).write(tmp_path / "g.nt"))))


def test_the_structure_check_can_fail(grocery_tree: etree._ElementTree) -> None:
    broken = etree.fromstring(etree.tostring(grocery_tree))
    relationship = broken.find(f"{{{NS}}}relationships/{{{NS}}}relationship")
    relationship.set("target", "id-nothing")
    with pytest.raises(AssertionError):
        check_structure(etree.ElementTree(broken))


def test_only_allowed_relationships_and_the_table_says_no_where_archimate_does() -> None:
    assert allowed("Composition", "ValueStream", "ValueStream")
    assert allowed("Realization", "BusinessProcess", "ValueStream")
    assert not allowed("Realization", "ValueStream", "Capability")  # a stream cannot realise a capability in 3.2
    assert not allowed("Serving", "ApplicationComponent", "ValueStream")
    assert not allowed("Composition", "ValueStream", "BusinessProcess")
    assert allowed("Association", "Value", "BusinessActor")


def test_vsgraph_numbers_are_properties(grocery: vsgraph.Portfolio, grocery_tree: etree._ElementTree) -> None:
    names = {d.get("identifier"): d.findtext(f"{{{NS}}}name") for d in grocery_tree.xpath("//a:propertyDefinition", namespaces=A)}
    kinds = {d.findtext(f"{{{NS}}}name"): d.get("type") for d in grocery_tree.xpath("//a:propertyDefinition", namespaces=A)}
    for term in ("vsg:processTimeMinutes", "vsg:waitTimeMinutes", "vsg:percentCompleteAccurate", "vsg:targetValue"):
        assert kinds[term] == "number"
    rows = grocery.graph.query(
        "SELECT ?label ?minutes WHERE { ?step a vsg:Step ; rdfs:label ?label ; vsg:processTimeMinutes ?minutes }"
    )
    for label, minutes in rows:
        element = grocery_tree.xpath("//a:element[a:name=$label]", namespaces=A, label=str(label))[0]
        values = {
            names[p.get("propertyDefinitionRef")]: p.findtext(f"{{{NS}}}value")
            for p in element.xpath(".//a:property", namespaces=A)
        }
        assert float(values["vsg:processTimeMinutes"]) == float(minutes)


def test_one_view_per_value_stream_and_a_capability_map(grocery: vsgraph.Portfolio, grocery_tree: etree._ElementTree) -> None:
    streams = {
        str(label)
        for (label,) in grocery.graph.query(
            "SELECT ?label WHERE { ?s a ?c ; rdfs:label ?label . "
            "VALUES ?c { vsg:OperationalValueStream vsg:DevelopmentValueStream } }"
        )
    }
    views = grocery_tree.xpath("//a:view/a:name/text()", namespaces=A)
    assert sorted(views) == sorted([f"Value stream: {name}" for name in streams] + ["Capability map"])
    capabilities = len(grocery.graph.query("SELECT ?c WHERE { ?c a vsg:Capability }"))
    capability_map = grocery_tree.xpath("//a:view[a:name='Capability map']", namespaces=A)[0]
    assert len(capability_map.xpath(".//a:node", namespaces=A)) == capabilities


def test_a_stream_view_shows_stages_steps_performers_and_support(
    grocery: vsgraph.Portfolio, grocery_tree: etree._ElementTree
) -> None:
    view = grocery_tree.xpath("//a:view[a:name='Value stream: Check-out']", namespaces=A)[0]
    names = {e.get("identifier"): e.findtext(f"{{{NS}}}name") for e in grocery_tree.xpath("//a:element", namespaces=A)}
    rows: dict[int, list[tuple[int, str]]] = {}
    for node in view.xpath("a:node", namespaces=A):
        rows.setdefault(int(node.get("y")), []).append((int(node.get("x")), names[node.get("elementRef")]))
    by_row = [[name for _, name in sorted(row)] for _, row in sorted(rows.items())]
    query = """SELECT ?label WHERE {{ gro:checkout {path} ?x . ?x rdfs:label ?label ; vsg:position ?p }} ORDER BY ?p"""
    prefix = "PREFIX gro: <https://example.org/grocery/> "
    stages = [str(r[0]) for r in grocery.graph.query(prefix + query.format(path="vsg:hasValueStreamStage"))]
    steps = [str(r[0]) for r in grocery.graph.query(prefix + query.format(path="vsg:hasStep"))]

    def labels(path: str) -> set[str]:
        found = grocery.graph.query(prefix + f"SELECT ?label WHERE {{ gro:checkout {path}/rdfs:label ?label }}")
        return {str(r[0]) for r in found}

    performers, solutions = labels("vsg:hasStep/vsg:performedBy"), labels("vsg:runsOn")
    assert by_row[0] == [str(grocery.graph.value(URIRef("https://example.org/grocery/checkout"), RDFS.label))]
    assert by_row[1] == stages and by_row[2] == steps
    assert set(by_row[3]) == performers - set(by_row[0])
    assert solutions and solutions <= set(by_row[4])
    # Readable: boxes of a row do not overlap.
    for row in rows.values():
        xs = sorted(x for x, _ in row)
        assert all(b - a >= 140 for a, b in itertools.pairwise(xs))


def test_import_of_the_export_gives_the_grocery_portfolio_back(grocery: vsgraph.Portfolio, tmp_path: Path) -> None:
    path = tmp_path / "grocery.xml"
    grocery.export(path, format="archimate")
    assert triples(vsgraph.load(path)) == triples(grocery)


def test_import_of_the_export_gives_a_generated_portfolio_back(tmp_path: Path) -> None:
    portfolio = vsgraph.load(generate(25, seed=7).write(tmp_path / "g.nt"))
    path = tmp_path / "g.xml"
    portfolio.export(path, format="archimate")
    assert triples(vsgraph.load(path)) == triples(portfolio)


def test_the_round_trip_check_can_fail(grocery: vsgraph.Portfolio, tmp_path: Path) -> None:
    path = tmp_path / "grocery.xml"
    grocery.export(path, format="archimate")
    tree = etree.parse(str(path))
    tree.xpath("//a:element/a:name", namespaces=A)[0].text = "Renamed in Archi"
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    assert triples(vsgraph.load(path)) != triples(grocery)


@pytest.mark.parametrize("name", ["archi.xml", "sparx-cp1252.xml", "nolang.xml"])
def test_export_of_the_import_keeps_the_files_elements_and_relationships(name: str, tmp_path: Path) -> None:
    source = etree.parse(str(DATA / name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmappedWarning)
        portfolio = vsgraph.load(DATA / name)
    again = exported(portfolio)
    check_structure(again, kept=frozenset(source.xpath("//a:relationship/@identifier", namespaces=A)))

    def elements(tree: etree._ElementTree) -> dict[str, tuple[str, set[tuple[str | None, str]]]]:
        return {
            e.get("identifier"): (
                e.get(XSI_TYPE),
                {(n.get("{http://www.w3.org/XML/1998/namespace}lang"), n.text) for n in e.xpath("a:name", namespaces=A)},
            )
            for e in tree.xpath("//a:elements/a:element", namespaces=A)
        }

    assert elements(again) == elements(source)
    ends = {(r.get("source"), r.get("target")) for r in again.xpath("//a:relationship", namespaces=A)}
    kinds = {r.get("identifier"): r.get(XSI_TYPE) for r in again.xpath("//a:relationship", namespaces=A)}
    for relationship in source.xpath("//a:relationship", namespaces=A):
        assert (relationship.get("source"), relationship.get("target")) in ends, relationship.get("identifier")
        if relationship.get("identifier") in kinds:  # kept unmapped: written back as it was
            assert kinds[relationship.get("identifier")] == relationship.get(XSI_TYPE)


def test_the_cli_exports_archimate(run_cli, grocery_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "grocery.xml"
    result = run_cli("export", grocery_path, "--to", target, "--format", "archimate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {target} (archimate, ")
    check_structure(etree.parse(str(target)))
    # To standard output as well, the same bytes.
    result = run_cli("export", grocery_path, "--to", "-", "--format", "archimate")
    assert result.exit_code == 0
    assert result.stdout_bytes == target.read_bytes()


def test_the_export_is_written_atomically(grocery_path: Path, tmp_path: Path, run_cli) -> None:
    """Through vsgraph.safe_write: a link is refused rather than written through."""
    real = tmp_path / "real.xml"
    real.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.xml"
    link.symlink_to(real)
    result = run_cli("export", grocery_path, "--to", link, "--format", "archimate")
    assert result.exit_code == 2
    assert real.read_text(encoding="utf-8") == "keep me"


def test_the_benchmark_runs_and_checks_the_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    from bench.archimate import main

    with warnings.catch_warnings():
        warnings.simplefilter("error", UnmappedWarning)  # a generated portfolio maps completely
        main(["--elements", "300", "--rounds", "1"])
    output = capsys.readouterr().out
    assert "import gives the same triples back: True" in output
    assert int(output.split()[0]) >= 300
    assert "| archimate-import |" in output and "| archimate-export |" in output


def test_an_empty_portfolio_writes_no_empty_blocks() -> None:
    tree = exported(vsgraph.Portfolio.empty())
    check_structure(tree)
    assert [etree.QName(child).localname for child in tree.getroot()] == ["name"]
