"""How the report gathers its data: catalog answers in one ``run_queries`` call and every
stream's steps in one query, labels by SPARQL in batches, and never the rdflib copy of the
portfolio (``portfolio.graph``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

import vsgraph
import vsgraph.query_catalog.queries
import vsgraph.report.site
from bench.generator import generate
from tests.support.paths import DATA
from vsgraph import VSG
from vsgraph.engine.labels import Labeller
from vsgraph.portfolio import Portfolio
from vsgraph.report import render_report
from vsgraph.report.data import gather, stream_views
from vsgraph.report.page import SINGLE_PAGE_QUESTIONS
from vsgraph.report.steps import STEPS_OF_EVERY_STREAM, steps_by_stream
from vsgraph.vocabulary.ontology import ontology_graph

EX = "https://example.org/labels/"
BANK = DATA / "queries" / "practitioners.ttl"


@pytest.fixture()
def no_rdflib_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make building ``portfolio.graph`` fail, as a test of who asks for it."""

    def refuse(self: Portfolio) -> Graph:
        raise AssertionError("portfolio.graph was built")

    monkeypatch.setattr(Portfolio, "graph", property(refuse))


@pytest.fixture(scope="module")
def generated_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(12).write(tmp_path_factory.mktemp("generated") / "generated.nt")


@pytest.mark.parametrize("source, stream", [("grocery", "checkout"), ("generated", "ovs-1")])
def test_the_report_and_diagrams_never_build_the_rdflib_copy(
    no_rdflib_copy: None, grocery_path: Path, generated_path: Path, source: str, stream: str
) -> None:
    portfolio = vsgraph.load(grocery_path if source == "grocery" else generated_path)
    assert f'id="map-{stream}"' in render_report(portfolio)
    assert vsgraph.value_stream_map(portfolio, stream).startswith("<svg")
    assert vsgraph.portfolio_map(portfolio).startswith("<svg")
    assert vsgraph.mermaid(portfolio).startswith("flowchart")
    vsgraph.report.capability_map(portfolio)
    vsgraph.report.cross_stream_flow(portfolio)


@pytest.mark.parametrize("layout", ["single", "folder"])
def test_the_report_asks_the_catalog_once_and_every_streams_steps_in_one_query(
    monkeypatch: pytest.MonkeyPatch, generated_path: Path, tmp_path: Path, layout: str
) -> None:
    calls: list[list] = []
    steps_queries: list[str] = []
    original, original_query = vsgraph.query_catalog.queries.run_queries, Portfolio.query

    def counted(portfolio, requests, **options):
        calls.append(list(requests))
        return original(portfolio, calls[-1], **options)

    def refused(*args, **kwargs):
        raise AssertionError("the report asked one catalog question on its own")

    def query(self: Portfolio, sparql: str, bindings=None, **options):
        if sparql == STEPS_OF_EVERY_STREAM:
            steps_queries.append(sparql)
        return original_query(self, sparql, bindings, **options)

    monkeypatch.setattr(vsgraph.query_catalog.queries, "run_queries", counted)
    monkeypatch.setattr(vsgraph.query_catalog.queries, "run_query", refused)
    monkeypatch.setattr(Portfolio, "query", query)
    portfolio = vsgraph.load(generated_path)
    vsgraph.write_report(portfolio, tmp_path / "report.html", layout=layout)
    assert len(calls) == 1 and len(steps_queries) == 1
    questions = calls[0]
    assert all(isinstance(request, str) for request in questions) and len(questions) == len(set(questions))
    assert "stream-steps" not in questions
    # the folder leaves out the whole-portfolio drawings, and does not ask for what only they show
    assert set(questions) & set(SINGLE_PAGE_QUESTIONS) == (set() if layout == "folder" else set(SINGLE_PAGE_QUESTIONS))


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("source", ["grocery", "generated", BANK])
def test_the_steps_of_every_stream_are_those_stream_steps_gives_each(
    grocery_path: Path, generated_path: Path, source, engine: str
) -> None:
    path = {"grocery": grocery_path, "generated": generated_path}.get(source, source)
    portfolio = vsgraph.load(path, engine=engine)
    streams = sorted({row["stream"] for row in portfolio.run_query("value-streams").rows})
    together = steps_by_stream(portfolio, streams)
    assert list(together) == streams
    for stream in streams:
        alone = portfolio.run_query("stream-steps", {"stream": stream})
        assert together[stream].variables == alone.variables
        assert together[stream].terms == alone.terms and alone.terms
    # one stream's steps alone, as a diagram of that stream asks for them
    assert steps_by_stream(portfolio, streams[:1])[streams[0]].terms == together[streams[0]].terms


@pytest.mark.parametrize("layout", ["single", "folder"])
@pytest.mark.parametrize("source", ["generated", BANK])
def test_the_report_looks_labels_up_in_batches_never_one_by_one(
    monkeypatch: pytest.MonkeyPatch, generated_path: Path, tmp_path: Path, source, layout: str
) -> None:
    """Only the labels the views show are looked up, in a few batches: a label the
    batches missed would be looked up on its own, a query per node."""
    alone: list[object] = []
    original = Labeller.prefetch

    def prefetch(self: Labeller, nodes) -> None:
        nodes = list(nodes)
        if len(nodes) == 1 and nodes[0] not in self._cache:
            alone.append(nodes[0])
        original(self, nodes)

    monkeypatch.setattr(Labeller, "prefetch", prefetch)
    monkeypatch.setattr(vsgraph.report.site, "available_cpus", lambda: 1)  # every page in this process
    portfolio = vsgraph.load(generated_path if source == "generated" else source)
    vsgraph.write_report(portfolio, tmp_path / "report.html", layout=layout)
    assert alone == []


def test_the_streams_are_picked_in_the_maps_order_before_their_steps_are_asked(grocery_path: Path) -> None:
    offered: list[list[str]] = []

    def checkout_only(streams: list[str]) -> list[str]:
        offered.append(streams)
        return [stream for stream in streams if stream.endswith("/checkout")]

    answers = gather(vsgraph.load(grocery_path), pick=checkout_only)
    assert [stream.rsplit("/", 1)[1] for stream in offered[0]] == [
        "checkout",
        "shelf-stocking",
        "weekly-promotions",
        "pos-software",
        "website-hosting",
    ]
    assert list(answers.steps) == ["https://example.org/grocery/checkout"]


@pytest.mark.parametrize("source", ["grocery", BANK])
def test_maps_of_streams_in_series_show_the_figures_of_flow_efficiency(grocery_path: Path, source) -> None:
    """The critical path changes nothing for steps in series; with branches it shortens the flow."""
    answers = gather(vsgraph.load(grocery_path if source == "grocery" else source), ["flow-efficiency"])
    efficiency = {row["stream"]: row for row in answers.tables["flow-efficiency"].rows}
    views = stream_views(answers)
    serial = [view for view in views if not view.linked]
    assert serial and (
        source == "grocery" or {view.local_name for view in serial} == {"collections", "loan-servicing", "data-platform"}
    )
    for view in serial:
        row = efficiency[view.iri]
        assert (view.flow_minutes, view.work_minutes, view.wait_minutes, view.flow_efficiency_percent) == (
            row["flowTimeMinutes"],
            row["workTimeMinutes"],
            row["waitTimeMinutes"],
            row["flowEfficiencyPercent"],
        )
        assert all(step.on_critical_path and not step.follows for step in view.steps)
    for view in views:
        assert view.flow_minutes <= efficiency[view.iri]["flowTimeMinutes"]


# --- the labeller ----------------------------------------------------------------------------


def labelled_portfolio() -> Portfolio:
    graph = Graph()
    graph.add((URIRef(EX + "bilingual"), RDFS.label, Literal("Zweisprachig", lang="de")))
    graph.add((URIRef(EX + "bilingual"), RDFS.label, Literal("Bilingual", lang="en")))
    graph.add((URIRef(EX + "german"), RDFS.label, Literal("Nur Deutsch", lang="de")))
    graph.add((URIRef(EX + "plain"), RDFS.label, Literal("Plain")))
    graph.add((URIRef(EX + "unlabelled"), RDF.type, VSG.Metric))
    return Portfolio.from_graph(graph)


def test_labels_english_first_then_any_then_a_compact_name_then_the_iri(no_rdflib_copy: None) -> None:
    label = Labeller.for_portfolio(labelled_portfolio())
    assert label(URIRef(EX + "bilingual")) == "Bilingual"
    assert label(URIRef(EX + "german")) == "Nur Deutsch"
    assert label(URIRef(EX + "plain")) == "Plain"
    assert label(URIRef(EX + "unlabelled")) == EX + "unlabelled"
    assert label(URIRef("http://www.w3.org/2001/XMLSchema#decimal")) == "xsd:decimal"
    assert label(VSG.OperationalValueStream) == "operational value stream"
    assert label(BNode("b1")) == "_:b1"
    assert label(Literal("42")) == "42"


def test_labels_are_fetched_in_batches_not_node_by_node(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = Graph()
    nodes = [URIRef(f"{EX}thing-{index}") for index in range(2500)]
    for node in nodes:
        graph.add((node, RDFS.label, Literal(f"Thing {node.rsplit('-', 1)[1]}")))
    portfolio = Portfolio.from_graph(graph)
    queries: list[str] = []
    original = Portfolio.query

    def counted(self: Portfolio, sparql: str, bindings=None):
        queries.append(sparql)
        return original(self, sparql, bindings)

    monkeypatch.setattr(Portfolio, "query", counted)
    label = Labeller.for_portfolio(portfolio)
    label.prefetch(nodes)
    assert len(queries) == 2
    assert [label(node) for node in nodes[:2]] == ["Thing 0", "Thing 1"]
    assert len(queries) == 2


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_portfolio_labels_match_a_labeller_over_the_rdflib_copy(grocery_path: Path, engine: str) -> None:
    portfolio = vsgraph.load(grocery_path, engine=engine)
    graph = portfolio.graph
    nodes = {node for triple in graph for node in triple if isinstance(node, URIRef)}
    by_sparql, by_graph = Labeller.for_portfolio(portfolio), Labeller([graph, ontology_graph()])
    by_sparql.prefetch(nodes)
    assert {node: by_sparql(node) for node in nodes} == {node: by_graph(node) for node in nodes}
