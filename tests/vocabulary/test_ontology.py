"""The ontology is tested like code: it parses, is labelled, consistent and OWL 2 DL."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import vsgraph
from tests.support.paths import ROOT
from vsgraph.vocabulary.codegen import NAMESPACE_MODULE, render_namespace_module
from vsgraph.vocabulary.ontology import NAMESPACE, ONTOLOGY_IRI, ontology_graph
from vsgraph.vocabulary.reasoning import check_consistency

OWLAPI_JARS = Path("/usr/share/java")
PROFILE_CHECK = ROOT / "tests" / "tools" / "Owl2DlProfileCheck.java"


def vsg_terms(graph):
    return sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)})


def test_the_five_core_classes_exist():
    graph = ontology_graph()
    for name in ("Customer", "JourneyStage", "OperationalValueStream", "DevelopmentValueStream", "Metric"):
        assert (URIRef(NAMESPACE + name), RDF.type, OWL.Class) in graph, name


def test_every_term_has_one_english_label_and_one_definition():
    graph = ontology_graph()
    terms = vsg_terms(graph)
    assert len(terms) > 60
    for term in terms:
        labels = [o for o in graph.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        definitions = list(graph.objects(term, SKOS.definition))
        assert len(labels) == 1, f"{term} has {len(labels)} English labels"
        assert len(definitions) == 1, f"{term} has {len(definitions)} definitions"
        assert str(definitions[0]).endswith("."), f"{term}'s definition is not a full sentence"
        assert graph.value(term, RDFS.isDefinedBy) is not None, f"{term} has no rdfs:isDefinedBy"


def test_ovs_and_dvs_are_disjoint_value_streams():
    graph = ontology_graph()
    ovs, dvs = URIRef(NAMESPACE + "OperationalValueStream"), URIRef(NAMESPACE + "DevelopmentValueStream")
    assert (ovs, OWL.disjointWith, dvs) in graph
    assert (ovs, RDFS.subClassOf, URIRef(NAMESPACE + "ValueStream")) in graph
    assert (dvs, RDFS.subClassOf, URIRef(NAMESPACE + "ValueStream")) in graph


def test_version_lives_in_pyproject_and_the_ontology_agrees():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    graph = ontology_graph()
    assert str(graph.value(ONTOLOGY_IRI, OWL.versionInfo)) == version
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    assert vsgraph.__version__ == version


def test_generated_namespace_module_matches_the_ontology():
    """Regenerate ``vsgraph/vocabulary/namespace.py`` in memory: fails when someone forgot to run codegen."""
    assert NAMESPACE_MODULE.read_text(encoding="utf-8") == render_namespace_module(), (
        "vsgraph/vocabulary/namespace.py is out of date: run `python -m vsgraph.vocabulary.codegen`"
    )


def test_namespace_refuses_terms_the_ontology_does_not_define():
    assert vsgraph.VSG.OperationalValueStream == URIRef(NAMESPACE + "OperationalValueStream")
    with pytest.raises(AttributeError):
        vsgraph.VSG.OperationalValueStreem  # noqa: B018 - the typo is the test


def test_ontology_alone_is_consistent_under_hermit():
    assert check_consistency(vsgraph.Portfolio.empty()).consistent


def test_a_node_both_ovs_and_dvs_makes_the_data_inconsistent():
    data = vsgraph.Portfolio.empty()
    node = URIRef("https://example.org/test/both")
    graph = data.graph
    graph.add((node, RDF.type, vsgraph.VSG.OperationalValueStream))
    graph.add((node, RDF.type, vsgraph.VSG.DevelopmentValueStream))
    result = check_consistency(vsgraph.Portfolio.from_graph(graph))
    assert not result.consistent


def test_ontology_is_within_the_owl2_dl_profile(tmp_path):
    """The OWL API's own OWL 2 DL profile checker (Debian's libowlapi-java) finds no violation."""
    assert shutil.which("java"), "no Java runtime: run scripts/setup.sh"
    assert (OWLAPI_JARS / "owlapi-distribution.jar").exists(), "no OWL API: run scripts/setup.sh"
    graph = ontology_graph()
    graph.remove((None, OWL.imports, None))  # the closure is merged already
    document = tmp_path / "vsgraph.owl"
    graph.serialize(document, format="xml")
    check = subprocess.run(
        ["java", "-cp", f"{OWLAPI_JARS}/*", str(PROFILE_CHECK), str(document)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    violations = [line for line in check.stdout.splitlines() if not line.startswith("axioms:")]
    assert check.returncode == 0 and not violations, "\n".join(violations) or check.stderr[-2000:]


def test_profile_checker_catches_a_violation(tmp_path):
    """Guards the test above: a datatype outside OWL 2's datatype map (xsd:duration) is reported."""
    graph = ontology_graph()
    graph.remove((None, OWL.imports, None))
    graph.set((vsgraph.VSG.waitTimeMinutes, RDFS.range, URIRef("http://www.w3.org/2001/XMLSchema#duration")))
    document = tmp_path / "broken.owl"
    graph.serialize(document, format="xml")
    check = subprocess.run(
        ["java", "-cp", f"{OWLAPI_JARS}/*", str(PROFILE_CHECK), str(document)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 1
    assert "duration" in check.stdout


# --- issue 21: the practitioners' model ---------------------------------------------------

EX = "https://example.org/test/"
PRACTITIONERS = ROOT / "tests" / "data" / "queries" / "practitioners.ttl"
ORG = "http://www.w3.org/ns/org#"


def test_the_umbrella_imports_the_capability_and_people_modules():
    graph = ontology_graph()
    imported = set(graph.objects(ONTOLOGY_IRI, OWL.imports))
    for module in ("customer", "value-stream", "organisation", "people", "capability", "measurement"):
        assert URIRef(f"https://w3id.org/vsgraph/module/{module}") in imported, module
    assert graph.value(vsgraph.VSG.Capability, RDFS.isDefinedBy) == URIRef("https://w3id.org/vsgraph/module/capability")
    assert graph.value(vsgraph.VSG.AgileReleaseTrain, RDFS.isDefinedBy) == URIRef("https://w3id.org/vsgraph/module/people")


def test_supports_ranges_over_every_value_stream_and_is_irreflexive():
    graph = ontology_graph()
    assert graph.value(vsgraph.VSG.supports, RDFS.range) == vsgraph.VSG.ValueStream
    assert (vsgraph.VSG.supports, RDF.type, OWL.IrreflexiveProperty) in graph
    assert (vsgraph.VSG.supports, RDF.type, OWL.TransitiveProperty) not in graph  # chains are followed by queries


def test_a_team_of_teams_is_an_organisation_a_team_can_be_a_unit_of():
    """``unit_of: lending-art``: ORG's org:unitOf points at an org:Organization, which an ART now is."""
    graph = ontology_graph()
    above = set(graph.transitive_objects(vsgraph.VSG.AgileReleaseTrain, RDFS.subClassOf))
    assert {vsgraph.VSG.TeamOfTeams, vsgraph.VSG.Team, URIRef(ORG + "OrganizationalUnit"), URIRef(ORG + "Organization")} <= above


def test_roles_are_org_roles():
    graph = ontology_graph()
    role = URIRef(ORG + "Role")
    assert {vsgraph.VSG.ValueStreamOwnerRole, vsgraph.VSG.ReleaseTrainEngineerRole, vsgraph.VSG.ProductManagerRole} <= set(
        graph.subjects(RDF.type, role)
    )


def test_the_practitioners_fixture_is_consistent_under_hermit():
    """A development stream supporting a development stream (a platform) was inconsistent before issue 21."""
    assert check_consistency(vsgraph.load(PRACTITIONERS)).consistent


def _with(*triples):
    data = vsgraph.Portfolio.empty()
    graph = data.graph
    for s, p, o in triples:
        graph.add((s, p, o))
    return vsgraph.Portfolio.from_graph(graph)


def test_a_development_stream_supporting_another_is_consistent():
    platform, product = URIRef(EX + "platform"), URIRef(EX + "product")
    assert check_consistency(
        _with(
            (platform, RDF.type, vsgraph.VSG.DevelopmentValueStream),
            (product, RDF.type, vsgraph.VSG.DevelopmentValueStream),
            (platform, vsgraph.VSG.supports, product),
        )
    ).consistent


CONTRADICTIONS = {
    "a step preceded by itself": [
        (URIRef(EX + "step"), RDF.type, vsgraph.VSG.Step),
        (URIRef(EX + "step"), vsgraph.VSG.precededBy, URIRef(EX + "step")),
    ],
    "two steps preceding each other": [
        (URIRef(EX + "a"), vsgraph.VSG.precededBy, URIRef(EX + "b")),
        (URIRef(EX + "b"), vsgraph.VSG.precededBy, URIRef(EX + "a")),
    ],
    "a stream supporting itself": [
        (URIRef(EX + "platform"), RDF.type, vsgraph.VSG.DevelopmentValueStream),
        (URIRef(EX + "platform"), vsgraph.VSG.supports, URIRef(EX + "platform")),
    ],
    "a stream handing over to itself": [
        (URIRef(EX + "stream"), vsgraph.VSG.handsOverTo, URIRef(EX + "stream")),
    ],
    "a capability its own parent": [
        (URIRef(EX + "capability"), vsgraph.VSG.isSubCapabilityOf, URIRef(EX + "capability")),
    ],
    "a train both an Agile Release Train and a Solution Train": [
        (URIRef(EX + "train"), RDF.type, vsgraph.VSG.AgileReleaseTrain),
        (URIRef(EX + "train"), RDF.type, vsgraph.VSG.SolutionTrain),
    ],
    "a value-stream stage that is also a step": [
        (URIRef(EX + "stage"), RDF.type, vsgraph.VSG.ValueStreamStage),
        (URIRef(EX + "stage"), RDF.type, vsgraph.VSG.Step),
    ],
}


@pytest.mark.parametrize("name", sorted(CONTRADICTIONS))
def test_a_contradiction_makes_the_data_inconsistent(name):
    assert not check_consistency(_with(*CONTRADICTIONS[name])).consistent
