"""Importing ArchiMate exchange files: every mapped type and relationship, the three
flavours of file (Archi's, Sparx EA's windows-1252 with EAID_ identifiers, one without
xml:lang), what is kept unmapped, and the format's detection, through the public API and
the CLI."""

from __future__ import annotations

import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from lxml import etree
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS

import vsgraph
from tests.support.paths import DATA as TEST_DATA
from tests.support.paths import ROOT
from vsgraph.archimate import UnmappedWarning, read_archimate
from vsgraph.archimate.mapping import KEPT, KEPT_GRAPH, kept_property
from vsgraph.inputs.formats import authoring_format

DATA = TEST_DATA / "archimate"
VSG = Namespace("https://w3id.org/vsgraph#")
ARCHI = DATA / "archi.xml"
GROCERY = ROOT / "examples" / "grocery.yaml"
EXCHANGE = "http://www.opengroup.org/xsd/archimate/3.0/"


def node(path: Path, identifier: str) -> URIRef:
    return URIRef(path.resolve().as_uri() + "#" + identifier)


@pytest.fixture(scope="module")
def archi() -> vsgraph.Portfolio:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmappedWarning)
        return vsgraph.load(ARCHI)


@pytest.mark.parametrize(
    ("identifier", "cls"),
    [
        ("id-vs-checkout", VSG.OperationalValueStream),
        ("id-vs-shelf", VSG.OperationalValueStream),
        ("id-vs-pos", VSG.DevelopmentValueStream),  # serves another value stream
        ("id-st-ring", VSG.ValueStreamStage),  # composed into a stream
        ("id-st-pay", VSG.ValueStreamStage),  # aggregated by a stream
        ("id-cap-pay", VSG.Capability),
        ("id-bp-scan", VSG.Step),  # a process that realises a stage
        ("id-bf-payment", VSG.Step),  # a function that realises a stage
        ("id-bp-release", VSG.Process),
        ("id-act-shopper", VSG.ExternalCustomer),  # a value is associated with it
        ("id-act-storeops", VSG.InternalCustomer),  # served, and a unit of another actor
        ("id-act-cashiers", VSG.Team),
        ("id-act-freshmart", VSG.Team),
        ("id-sh-regulator", VSG.ExternalCustomer),  # a stakeholder
        ("id-role-supervisor", ORG.Role),
        ("id-ac-till", VSG.Solution),
        ("id-node-host", VSG.Solution),
        ("id-ss-os", VSG.Solution),
        ("id-prod-groceries", VSG.Product),
        ("id-bs-support", VSG.Service),
        ("id-as-payments", VSG.Service),
        ("id-val-checkout", VSG.Value),
        ("id-goal-effortless", VSG.Objective),
        ("id-out-queue", VSG.KeyResult),
        ("id-wp-selfcheckout", VSG.Initiative),
        ("id-ev-basket", VSG.Trigger),
    ],
)
def test_every_mapped_element_type(archi: vsgraph.Portfolio, identifier: str, cls: URIRef) -> None:
    assert set(archi.graph.objects(node(ARCHI, identifier), RDF.type)) == {cls}


@pytest.mark.parametrize(
    ("subject", "predicate", "obj", "relationship"),
    [
        ("id-vs-checkout", VSG.hasValueStreamStage, "id-st-ring", "Composition"),
        ("id-vs-checkout", VSG.hasValueStreamStage, "id-st-pay", "Aggregation"),
        ("id-vs-pos", VSG.supports, "id-vs-checkout", "Serving"),
        ("id-vs-shelf", VSG.handsOverTo, "id-vs-checkout", "Flow"),
        ("id-vs-checkout", VSG.triggersStream, "id-vs-shelf", "Triggering"),
        ("id-cap-pay", VSG.isSubCapabilityOf, "id-cap-retail", "Composition"),
        ("id-st-pay", VSG.requiresCapability, "id-cap-pay", "Serving"),
        ("id-bp-scan", VSG.carriesOutValueStreamStage, "id-st-ring", "Realization"),
        ("id-bp-release", VSG.realizesCapability, "id-cap-pay", "Realization"),
        ("id-ac-till", VSG.realizesCapability, "id-cap-pay", "Realization"),
        ("id-bp-scan", VSG.performedBy, "id-act-cashiers", "Assignment"),
        ("id-bf-payment", VSG.performedBy, "id-role-supervisor", "Assignment"),
        ("id-vs-checkout", VSG.ownedBy, "id-act-cashiers", "Association"),
        ("id-vs-checkout", VSG.deliversValue, "id-val-checkout", "Association"),
        ("id-val-checkout", VSG.deliveredTo, "id-act-shopper", "Association"),
        ("id-act-storeops", ORG.unitOf, "id-act-freshmart", "Aggregation"),
        ("id-vs-checkout", VSG.runsOn, "id-ac-till", "Association"),
        ("id-vs-pos", VSG.buildsSolution, "id-node-host", "Association"),
        ("id-vs-checkout", VSG.deliversProductOrService, "id-prod-groceries", "Association"),
        ("id-vs-checkout", VSG.deliversProductOrService, "id-as-payments", "Association"),
        ("id-out-queue", VSG.keyResultOf, "id-goal-effortless", "Influence"),
        ("id-wp-selfcheckout", VSG.touchesValueStream, "id-vs-checkout", "Realization"),
        ("id-vs-checkout", VSG.hasTrigger, "id-ev-basket", "Association"),
    ],
)
def test_every_mapped_relationship(
    archi: vsgraph.Portfolio, subject: str, predicate: URIRef, obj: str, relationship: str
) -> None:
    assert (node(ARCHI, subject), predicate, node(ARCHI, obj)) in archi.graph, relationship


def test_stages_and_steps_are_ordered_by_flow_and_triggering(archi: vsgraph.Portfolio) -> None:
    ordered = ("id-st-ring", "id-st-pay", "id-bp-scan", "id-bf-payment")
    position = {s: archi.graph.value(node(ARCHI, s), VSG.position) for s in ordered}
    assert position == {"id-st-ring": Literal(1), "id-st-pay": Literal(2), "id-bp-scan": Literal(1), "id-bf-payment": Literal(2)}
    # A step that realises a stage is a step of that stage's stream.
    steps = set(archi.graph.objects(node(ARCHI, "id-vs-checkout"), VSG.hasStep))
    assert steps == {node(ARCHI, "id-bp-scan"), node(ARCHI, "id-bf-payment")}


def test_stage_order_follows_the_relationships_not_the_file(tmp_path: Path) -> None:
    path = DATA / "nolang.xml"
    portfolio = vsgraph.load(path)
    order = sorted(
        (int(portfolio.graph.value(stage, VSG.position)), str(portfolio.graph.value(stage, RDFS.label)))
        for stage in portfolio.graph.objects(node(path, "loan-origination"), VSG.hasValueStreamStage)
    )
    # The file lists sign, qualify, decide; Flow and Triggering say qualify, decide, sign.
    assert [label for _, label in order] == ["Qualify the applicant", "Decide", "Sign"]


def test_names_in_every_language_documentation_and_properties(archi: vsgraph.Portfolio) -> None:
    checkout = node(ARCHI, "id-vs-checkout")
    assert set(archi.graph.objects(checkout, RDFS.label)) == {Literal("Check-out", lang="en"), Literal("Kasse", lang="de")}
    assert archi.graph.value(checkout, DCTERMS.description) == Literal("From a full basket to a paid one.", lang="en")
    # A property named like a vsgraph term is that term, typed as the ontology says.
    assert archi.graph.value(checkout, VSG.measuredLeadTimeMinutes) == Literal(
        "20", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    )
    # Any other property is kept under its own name.
    assert archi.graph.value(checkout, URIRef(kept_property("Owner team"))) == Literal("Store operations", lang="en")


def test_unmapped_concepts_are_kept_typed_and_counted() -> None:
    counts = r"kept 6 ArchiMate concepts .*1 Access, 1 Association, 1 DataObject, 1 Location, 2 Serving"
    with pytest.warns(UnmappedWarning, match=counts):
        result = read_archimate(ARCHI)
    assert result.unmapped == {"Access": 1, "Association": 1, "DataObject": 1, "Location": 1, "Serving": 2}
    kept = [quad for quad in result.quads if quad.graph_name == ox.NamedNode(KEPT_GRAPH)]
    kept_types = {quad.object.value for quad in kept if quad.predicate.value == str(RDF.type)}
    assert kept_types == {KEPT + kind for kind in result.unmapped}
    # Nothing else is in that graph, and what is there keeps its name and properties.
    location = node(ARCHI, "id-loc-store")
    assert {(q.predicate.value, q.object.value) for q in kept if q.subject.value == str(location)} == {
        (str(RDF.type), KEPT + "Location"),
        (str(RDFS.label), "Store 12"),
        (kept_property("Address"), "Main Street 1"),
    }


def test_every_element_and_relationship_is_mapped_or_kept() -> None:
    """Counting from the file: no element and no relationship goes missing."""
    from lxml import etree

    tree = etree.parse(str(ARCHI))
    ns = {"a": "http://www.opengroup.org/xsd/archimate/3.0/"}
    element_ids = tree.xpath("//a:elements/a:element/@identifier", namespaces=ns)
    relationships = tree.xpath("//a:relationships/a:relationship", namespaces=ns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmappedWarning)
        result = read_archimate(ARCHI)
    typed = {quad.subject.value for quad in result.quads if quad.predicate.value == str(RDF.type)}
    assert {str(node(ARCHI, identifier)) for identifier in element_ids} <= typed
    statements = {(q.subject.value, q.object.value) for q in result.quads}
    statements |= {(obj, subject) for subject, obj in statements}
    for relationship in relationships:
        ends = (str(node(ARCHI, relationship.get("source"))), str(node(ARCHI, relationship.get("target"))))
        identifier = str(node(ARCHI, relationship.get("identifier")))
        ordering = relationship.get("{http://www.w3.org/2001/XMLSchema-instance}type") in ("Flow", "Triggering")
        assert ends in statements or identifier in typed or ordering, relationship.get("identifier")


def test_sparx_windows_1252_with_eaid_identifiers() -> None:
    path = DATA / "sparx-cp1252.xml"
    assert b"\x92" in path.read_bytes()  # the file really is windows-1252, not UTF-8
    portfolio = vsgraph.load(path)
    stream = node(path, "EAID_11111111_AAAA_4aaa_8AAA_111111111111")
    assert (stream, RDF.type, VSG.OperationalValueStream) in portfolio.graph
    assert Literal("Servir le café", lang="fr") in set(portfolio.graph.objects(stream, RDFS.label))
    assert portfolio.graph.value(stream, DCTERMS.description) == Literal(
        "The guest\u2019s order, from till to cup \u2013 priced in \u20ac.", lang="en"
    )
    customer = node(path, "EAID_44444444_DDDD_4ddd_8DDD_444444444444")
    assert portfolio.graph.value(customer, RDF.type) == VSG.ExternalCustomer
    assert portfolio.graph.value(customer, RDFS.label) == Literal("Client pressé", lang="fr")


def test_names_without_a_language_are_plain_literals() -> None:
    path = DATA / "nolang.xml"
    portfolio = vsgraph.load(path)
    assert portfolio.graph.value(node(path, "loan-origination"), RDFS.label) == Literal("Loan origination")
    assert portfolio.graph.value(node(path, "borrower"), RDF.type) == VSG.ExternalCustomer


def test_the_imported_portfolio_conforms_to_the_modelling_rules() -> None:
    """A stream with stages and a customer, as a modeller draws it, is a valid portfolio
    for what vsgraph can know (the rules that need steps or interactions aside)."""
    report = vsgraph.load(DATA / "nolang.xml").validate()
    paths = {str(finding.path) for finding in report.findings}
    assert str(VSG.position) not in paths and str(VSG.hasValueStreamStage) not in paths


def test_overrides_decide_over_the_rules() -> None:
    overrides = {"id-vs-shelf": "vsg:DevelopmentValueStream", "id-act-cashiers": "<https://w3id.org/vsgraph#InternalCustomer>"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmappedWarning)
        result = read_archimate(ARCHI, overrides=overrides)
    types = {(q.subject.value, q.object.value) for q in result.quads if q.predicate.value == str(RDF.type)}
    assert (str(node(ARCHI, "id-vs-shelf")), str(VSG.DevelopmentValueStream)) in types
    assert (str(node(ARCHI, "id-act-cashiers")), str(VSG.InternalCustomer)) in types


def test_an_override_of_an_unknown_element_is_refused() -> None:
    with pytest.raises(vsgraph.InputError, match="no element of the file"):
        read_archimate(ARCHI, overrides={"id-nothing": "vsg:Team"})


def test_the_vsgraph_class_property_overrides_the_rules(tmp_path: Path) -> None:
    text = (DATA / "nolang.xml").read_text(encoding="utf-8")
    text = text.replace(
        '<element identifier="borrower" xsi:type="BusinessActor"><name>Borrower</name></element>',
        '<element identifier="borrower" xsi:type="BusinessActor"><name>Borrower</name>'
        '<properties><property propertyDefinitionRef="p1"><value>vsg:InternalCustomer</value></property></properties></element>',
    ).replace(
        "</relationships>",
        '</relationships><propertyDefinitions><propertyDefinition identifier="p1" type="string">'
        "<name>vsgraph:class</name></propertyDefinition></propertyDefinitions>",
    )
    path = tmp_path / "override.xml"
    path.write_text(text, encoding="utf-8")
    assert vsgraph.load(path).graph.value(node(path, "borrower"), RDF.type) == VSG.InternalCustomer


def test_the_callers_override_wins_over_the_vsgraph_class_property(tmp_path: Path) -> None:
    """An exported file names every element's class; a caller can still read one otherwise."""
    exported = tmp_path / "grocery.xml"
    grocery = vsgraph.load(GROCERY)
    grocery.export(exported, format="archimate")
    stream = next(iter(grocery.graph.subjects(RDF.type, VSG.OperationalValueStream)))
    label = str(grocery.graph.value(stream, RDFS.label))
    names = etree.parse(str(exported)).iterfind(f"{{{EXCHANGE}}}elements/{{{EXCHANGE}}}element/{{{EXCHANGE}}}name")
    identifier = next(name.getparent().get("identifier") for name in names if name.text == label)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmappedWarning)
        result = read_archimate(exported, overrides={identifier: "vsg:DevelopmentValueStream"})
    types = {q.object.value for q in result.quads if q.subject.value == str(stream) and q.predicate.value == str(RDF.type)}
    assert types == {str(VSG.DevelopmentValueStream)}


def test_format_detection_by_content_and_by_name(tmp_path: Path) -> None:
    assert authoring_format(ARCHI) == "archimate"
    # The same bytes under another extension need the format named.
    renamed = tmp_path / "model.exchange"
    renamed.write_bytes(ARCHI.read_bytes())
    assert authoring_format(renamed, "archimate") == "archimate"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmappedWarning)
        assert len(vsgraph.load(renamed, input_format="archimate")) == len(vsgraph.load(ARCHI))
    # An RDF/XML file with the .xml extension is still RDF/XML.
    rdfxml = tmp_path / "data.xml"
    rdfxml.write_text('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', encoding="utf-8")
    assert authoring_format(rdfxml) is None


def test_the_cli_reads_exchange_files(run_cli) -> None:
    result = run_cli("summary", DATA / "nolang.xml")
    assert result.exit_code == 0, result.output
    assert "1  operational value stream\n" in result.output
    result = run_cli("query", "flow-efficiency", DATA / "archi.xml", "--input-format", "archimate")
    assert result.exit_code == 0, result.output


def test_standard_input_cannot_hold_an_exchange_file(run_cli) -> None:
    result = run_cli("summary", "-", "--input-format", "archimate")
    assert result.exit_code == 2
    assert "standard input" in result.output
