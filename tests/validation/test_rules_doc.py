"""docs/rules.md is generated from the shapes and must not fall behind them."""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import RDF, SH

from vsgraph.validation.rules_doc import main, rules_markdown
from vsgraph.validation.validator import PORTFOLIO_SHAPE_FILES, shapes_graph

RULES = Path(__file__).parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date_with_the_shapes():
    """Fails after a change to shapes/*.ttl: run `python -m vsgraph.validation.rules_doc docs/rules.md`."""
    assert RULES.read_text(encoding="utf-8") == rules_markdown()


def test_every_rule_and_its_message_is_on_the_page():
    page = rules_markdown()
    graph = shapes_graph(PORTFOLIO_SHAPE_FILES)
    shapes = [*graph.subjects(RDF.type, SH.NodeShape)]
    constraints = [c for s in shapes for p in (SH.property, SH.sparql) for c in graph.objects(s, p)]
    assert len(constraints) > 50
    for node in [*shapes, *constraints]:
        assert f"`{node.n3(graph.namespace_manager)}`" in page
    for constraint in constraints:
        for message in graph.objects(constraint, SH.message):
            assert " ".join(str(message).split()) in page


def test_the_page_names_the_authors_key_and_the_meaning_of_conforms():
    page = rules_markdown()
    assert "- **customer-facing** (violation; key (column) `interactions`)" in page
    assert "- **measured by a metric** (warning; key (column) `measures (in metrics)`)" in page
    assert "A portfolio **conforms when no finding is a violation**" in page


def test_the_module_writes_the_page(tmp_path, capsys):
    assert main([str(tmp_path / "rules.md")]) == 0
    assert (tmp_path / "rules.md").read_text(encoding="utf-8") == rules_markdown()
