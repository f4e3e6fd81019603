"""The synthetic portfolio generator behind the benchmark is deterministic and well-formed."""

from __future__ import annotations

from collections import Counter

from rdflib.namespace import RDF

import vsgraph
from bench.generator import DEFECT_KINDS, generate, iter_sizes, ovs_count_for_triples
from vsgraph import VSG


def test_same_seed_same_triples_other_seed_other_triples():
    assert generate(60, seed=7).lines == generate(60, seed=7).lines
    assert generate(60, seed=7).lines != generate(60, seed=8).lines


def test_size_grows_with_the_number_of_operational_streams():
    small, large = len(generate(50).lines), len(generate(100).lines)
    assert 1.8 < large / small < 2.2


def test_generated_portfolio_has_the_promised_shape(tmp_path):
    portfolio = vsgraph.load(generate(40, seed=3).write(tmp_path / "synthetic.nt"))
    graph = portfolio.graph
    assert len(set(graph.subjects(RDF.type, VSG.OperationalValueStream))) == 40
    for journey in graph.subjects(RDF.type, VSG.CustomerJourney):
        assert 4 <= len(list(graph.objects(journey, VSG.hasStage))) <= 8
    for dvs in graph.subjects(RDF.type, VSG.DevelopmentValueStream):
        assert 1 <= len(list(graph.objects(dvs, VSG.supports))) <= 4
    for stream in graph.subjects(RDF.type, VSG.OperationalValueStream):
        assert 5 <= len(list(graph.objects(stream, VSG.hasStep))) <= 10
        assert 2 <= len(list(graph.subjects(VSG.measures, stream))) <= 3


def test_defects_are_injected_at_about_two_percent_and_recorded(tmp_path):
    synthetic = generate(2000, seed=1)
    streams = 2000 + sum(1 for line in synthetic.lines if "DevelopmentValueStream>" in line)
    assert 0.01 < len(synthetic.defects) / streams < 0.04
    assert set(Counter(d.kind for d in synthetic.defects)) <= set(DEFECT_KINDS)
    subjects = {line.split(" ", 1)[0].strip("<>") for line in synthetic.lines}
    for defect in synthetic.defects:
        assert defect.focus in subjects, defect


def test_the_generated_portfolio_is_consistent_with_the_ontology(tmp_path):
    portfolio = vsgraph.load(generate(20, seed=5).write(tmp_path / "synthetic.nt"))
    assert vsgraph.check_consistency(portfolio).consistent


def test_size_specs_parse():
    assert list(iter_sizes("10k, 100k,1M")) == [10_000, 100_000, 1_000_000]


def test_streams_needed_for_a_triple_count_is_close():
    streams = ovs_count_for_triples(40_000)
    assert 0.9 < len(generate(streams).lines) / 40_000 < 1.1


def test_the_injected_defects_are_exactly_the_findings_validation_reports(tmp_path):
    synthetic = generate(600, seed=2)
    assert {d.kind for d in synthetic.defects} == set(DEFECT_KINDS)  # every kind, at this seed
    report = vsgraph.validate(vsgraph.load(synthetic.write(tmp_path / "synthetic.nt")))
    found = [(str(f.focus_node), None if f.path is None else str(f.path), str(f.source_shape)) for f in report.findings]
    expected = set().union(*(defect.expected_findings() for defect in synthetic.defects))
    assert len(found) == len(set(found)) and set(found) == expected
