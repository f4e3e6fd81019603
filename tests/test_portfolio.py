"""Loading portfolios: both engines, the rdflib face, and clean errors on bad input."""

from __future__ import annotations

import gc
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

import vsgraph
from bench.generator import generate
from vsgraph import VSG
from vsgraph.inputs.formats import rdf_format
from vsgraph.query_catalog.summary import summarize

GRO = "https://example.org/grocery/"


def test_grocery_example_is_consistent_with_the_ontology(grocery):
    assert vsgraph.check_consistency(grocery).consistent


def test_grocery_example_models_the_whole_domain(grocery):
    counts = summarize(grocery)
    assert counts["customers"] == 2
    assert counts["journey stages"] == 4
    assert counts["operational value streams"] == 3
    assert counts["development value streams"] == 2
    assert counts["metrics"] == 5
    assert (URIRef(GRO + "store-operations"), RDF.type, VSG.InternalCustomer) in grocery.graph


def test_both_engines_hold_the_same_graph(grocery_path):
    on_oxigraph = vsgraph.load(grocery_path)
    on_rdflib = vsgraph.load(grocery_path, engine="rdflib")
    assert on_rdflib.engine == "rdflib"
    assert isomorphic(on_oxigraph.graph, on_rdflib.graph)


def test_same_sparql_answer_on_both_engines(grocery_path):
    sparql = "SELECT ?s WHERE { ?s a ?kind } ORDER BY ?s"
    kind = {"kind": VSG.OperationalValueStream}
    answers = [vsgraph.load(grocery_path, engine=e).query(sparql, kind).rows for e in ("oxigraph", "rdflib")]
    assert answers[0] == answers[1]
    assert [row["s"] for row in answers[0]] == [URIRef(GRO + n) for n in ("checkout", "shelf-stocking", "weekly-promotions")]


def test_query_answers_keep_every_kind_of_term(tmp_path):
    """Answers are read in bulk from Oxigraph's TSV: escapes, numbers, blank nodes survive."""
    path = tmp_path / "terms.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '_:b1 <urn:p> "tab\\there \\"quoted\\" back\\\\slash\\nnew line"@en-GB , "é 😀" , -5 , 12.50 , '
        'true , "1.0e3"^^xsd:double , "x"^^xsd:decimal , <urn:o> , <https://example.org/café?q=\'1\'&r=%202#f> .\n',
        encoding="utf-8",
    )
    portfolio = vsgraph.load(path)
    rows = portfolio.query("SELECT ?s ?o ?unbound WHERE { ?s <urn:p> ?o }").rows
    assert {row["o"] for row in rows} == {
        Literal('tab\there "quoted" back\\slash\nnew line', lang="en-gb"),
        Literal("é 😀"),
        Literal("-5", datatype=XSD.integer),
        Literal("12.5", datatype=XSD.decimal),
        Literal("true", datatype=XSD.boolean),
        Literal("1000", datatype=XSD.double, normalize=False),  # Oxigraph's canonical form
        Literal("x", datatype=XSD.decimal),
        URIRef("urn:o"),
        URIRef("https://example.org/café?q='1'&r=%202#f"),
    }
    assert len({row["s"] for row in rows}) == 1 and all(row["unbound"] is None for row in rows)
    assert portfolio.query("SELECT * WHERE { }").rows == [{}]


def test_language_tagged_strings_come_back_as_rdflib_reads_them(tmp_path):
    """Unescaped language-tagged strings are read from the answer directly, the others by
    Oxigraph's parser: both must give the terms rdflib itself reads from the file."""
    path = tmp_path / "labels.ttl"
    path.write_text(
        '<urn:s> <urn:p> "Caisse rapide"@fr-CA , "é 😀 \\"quoted\\""@pt-BR , "a@b \'c\'"@EN , '
        '"tab\\there"@en , "x"@de-1996 , "no tag" , "1"^^<urn:type> .\n',
        encoding="utf-8",
    )
    sparql = "SELECT ?o WHERE { ?s ?p ?o }"
    on_oxigraph, on_rdflib = (vsgraph.load(path, engine=e) for e in ("oxigraph", "rdflib"))
    objects = [row["o"] for row in on_oxigraph.query(sparql).rows]
    expected = [row["o"] for row in on_rdflib.query(sparql).rows]
    assert sorted(map(_exact, objects)) == sorted(map(_exact, expected))
    assert len(objects) == 7


def _exact(term):
    return (type(term).__name__, str(term), term.language, term.datatype)


def test_answers_stay_right_when_the_term_cache_is_full(grocery_path, monkeypatch):
    """Answers share a bounded cache of terms; emptying it midway must not change them."""
    monkeypatch.setattr("vsgraph.engine.terms._TSV_TERMS", {})
    monkeypatch.setattr("vsgraph.engine.terms._TSV_TERMS_LIMIT", 40)
    on_oxigraph, on_rdflib = (vsgraph.load(grocery_path, engine=e) for e in ("oxigraph", "rdflib"))
    for sparql in (
        "SELECT ?kind WHERE { ?s a ?kind }",
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
        "SELECT ?s ?label ?none WHERE { ?s a ?kind OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }",
    ):
        rows = on_oxigraph.query(sparql).rows
        assert Counter(map(_row_key, rows)) == Counter(map(_row_key, on_rdflib.query(sparql).rows)), sparql
        assert len(rows) > 40


def _row_key(row):
    return tuple(sorted((name, term.n3() if term is not None else None) for name, term in row.items()))


def test_answering_leaves_the_cycle_collector_as_it_found_it(grocery):
    """Rows are built with the collector paused; it runs again afterwards, unless the caller
    had paused it."""
    assert gc.isenabled()
    assert grocery.query("SELECT ?s WHERE { ?s ?p ?o }").rows and gc.isenabled()
    gc.disable()
    try:
        assert grocery.query("SELECT ?s WHERE { ?s ?p ?o }").rows and not gc.isenabled()
    finally:
        gc.enable()


def test_plain_literals_come_back_plain_not_xsd_string(grocery):
    """Regression: Oxigraph types plain literals xsd:string, which broke rdflib equality."""
    units = set(grocery.graph.objects(URIRef(GRO + "checkout-queue-time"), VSG.unit))
    assert units == {Literal("minutes")}
    assert all(u.datatype is None for u in units)


def test_decimals_are_canonical(grocery):
    target = grocery.graph.value(URIRef(GRO + "checkout-queue-time"), VSG.targetValue)
    assert target == Literal("3", datatype=XSD.decimal)


def test_syntax_error_names_file_and_line_and_loads_nothing(tmp_path, grocery_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e ;; .\n")
    with pytest.raises(vsgraph.InputError) as caught:
        vsgraph.load([grocery_path, bad])
    assert caught.value.path == bad
    assert caught.value.line == 3
    assert f"{bad}:3:" in str(caught.value)


@pytest.fixture()
def two_cpus(monkeypatch):
    """Load as on two cores or more (a lenient load with a strict parse beside it), whatever
    this machine has."""
    monkeypatch.setattr("vsgraph.inputs.rdf.available_cpus", lambda: 2)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "bad.nt",
            "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
            "<https://example.org/a> <https://example.org/b> <https://example.org/c d> .\n",
        ),
        (
            "bad.nq",
            "<https://example.org/a> <https://example.org/b> <https://example.org/c> <https://example.org/g> .\n"
            "<https://example.org/a> <https://example.org/b> <https://example.org/c|d> <https://example.org/g> .\n",
        ),
        ("bad.ttl", "@prefix ex: <https://example.org/> .\nex:a ex:b <https://example.org/{c}> .\n"),
        ("bad.trig", "@prefix ex: <https://example.org/> .\nex:g { ex:a ex:b <https://example.org/c d> }\n"),
        # The lenient load would first fail on line 3; the strict parser's error comes first.
        (
            "late.nt",
            "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
            "<https://example.org/a> <https://example.org/b> <https://example.org/c d> .\n"
            "<https://example.org/a> <https://example.org/b> .\n",
        ),
    ],
)
def test_an_invalid_iri_is_refused_with_its_line_although_the_store_loads_without_iri_checks(tmp_path, two_cpus, name, text):
    bad = tmp_path / name
    bad.write_text(text)
    with pytest.raises(vsgraph.InputError, match="Invalid IRI code point") as caught:
        vsgraph.load(bad)
    assert caught.value.path == bad
    assert caught.value.line == 2


def test_a_load_holds_exactly_what_oxigraphs_strict_parser_reads(tmp_path, two_cpus, grocery_path):
    relative = tmp_path / "relative.ttl"
    relative.write_text(
        "@base <https://example.org/grocery/> .\n@prefix ex: <https://example.org/> .\n"
        '<checkout> ex:next <../tills#main> ; ex:note "caf\\u00e9"@fr , [ ex:size 12.50 ] .\n'
        "<#self> ex:seeAlso <?q=1> .\n",
        encoding="utf-8",
    )
    synthetic = generate(30, seed=5).write(tmp_path / "synthetic.nt")
    for path in (grocery_path, relative, synthetic):
        strict = ox.Store()
        strict.load(path=str(path), format=rdf_format(path), base_iri=path.resolve().as_uri())
        assert _canonical(vsgraph.load(path).backend.store) == _canonical(strict), path


def _canonical(store: ox.Store) -> list[str]:
    """A store's statements with canonical blank node labels, sorted."""
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(map(str, dataset))


def test_unknown_extension_is_refused_with_the_fix(tmp_path):
    odd = tmp_path / "portfolio.data"
    odd.write_text("")
    with pytest.raises(vsgraph.InputError, match="cannot tell the format"):
        vsgraph.load(odd)
    assert len(vsgraph.load(odd, input_format="turtle")) == 0


def test_owl_imports_of_an_unknown_ontology_is_refused(tmp_path):
    doc = tmp_path / "imports.ttl"
    doc.write_text(
        "<https://example.org/p> a <http://www.w3.org/2002/07/owl#Ontology> ;\n"
        "  <http://www.w3.org/2002/07/owl#imports> <https://example.org/elsewhere> .\n"
    )
    with pytest.raises(vsgraph.InputError, match="never does"):
        vsgraph.load(doc)


def test_owl_imports_of_vsgraph_itself_is_resolved_locally(tmp_path):
    doc = tmp_path / "imports.ttl"
    doc.write_text(
        "<https://example.org/p> a <http://www.w3.org/2002/07/owl#Ontology> ;\n"
        "  <http://www.w3.org/2002/07/owl#imports> <https://w3id.org/vsgraph> .\n"
    )
    assert len(vsgraph.load(doc)) == 2


def test_graph_with_ontology_holds_both(grocery):
    combined = grocery.graph_with_ontology()
    assert (VSG.Metric, RDFS.label, Literal("metric", lang="en")) in combined
    assert len(combined) > len(grocery.graph)


def test_load_validate_query_export_are_one_call_each(grocery_path, tmp_path):
    portfolio = vsgraph.load(grocery_path)
    assert portfolio.sources == [grocery_path]
    assert portfolio.validate().conforms
    assert portfolio.check_consistency().consistent
    gaps = portfolio.run_query("stages-without-stream")
    assert [row["stage"] for row in gaps.rows] == [GRO + "travel"]
    written = portfolio.export(tmp_path / "grocery.nt")
    exported = written.paths[0].read_text(encoding="utf-8")
    assert '"grocery.ttl"' in exported, "the provenance record names the source file"
