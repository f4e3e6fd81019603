"""Ontology documentation: pyLODE writes it offline, with the JSON-LD context beside it."""

from __future__ import annotations

import pytest
from rdflib.namespace import OWL, RDF

from vsgraph.errors import PublishError
from vsgraph.inputs.jsonld_contexts import context_path
from vsgraph.vocabulary.docs import documentation_graph, write_docs
from vsgraph.vocabulary.ontology import ONTOLOGY_IRI


def test_pylode_sees_one_ontology_the_umbrella():
    graph = documentation_graph()
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]
    assert (None, OWL.imports, None) not in graph


def test_cli_docs_writes_html_and_the_context_offline(run_cli, tmp_path, no_network):
    site = tmp_path / "site"
    result = run_cli("docs", "--to", site)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in site.iterdir()) == ["context.jsonld", "index.html"]
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>vsgraph: the value stream ontology</title>" in html
    for label in ("operational value stream", "development value stream", "percent complete and accurate"):
        assert label in html.lower(), label
    assert (site / "context.jsonld").read_bytes() == context_path().read_bytes()


def test_an_unwritable_directory_is_a_clear_error(tmp_path):
    occupied = tmp_path / "occupied"
    occupied.write_text("a file, not a directory", encoding="utf-8")
    with pytest.raises(PublishError, match="occupied is a file, not a folder"):
        write_docs(occupied)
