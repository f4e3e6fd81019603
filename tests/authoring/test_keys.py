"""The tables that speak of the graph in the author's words: keys, notes, dropdowns."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.paths import InvPath, SequencePath

from vsgraph.authoring.columns import REFERENCES, WORDS, note
from vsgraph.authoring.keys import KEYS, author_field
from vsgraph.authoring.sources import read_graph
from vsgraph.authoring.spreadsheet import SHEETS, columns
from vsgraph.examples import example_path
from vsgraph.vocabulary.namespace import VSG

PRACTITIONERS = Path(__file__).parents[1] / "data" / "authoring" / "practitioners.yaml"
WORK_ITEMS = Path(__file__).parents[1] / "data" / "authoring" / "shop-flow.yaml"
BUDGETS = Path(__file__).parents[1] / "data" / "authoring" / "budget.yaml"


@pytest.mark.parametrize(
    "source",
    [example_path(suffix=".yaml"), PRACTITIONERS, WORK_ITEMS, BUDGETS],
    ids=["grocery", "practitioners", "work-items", "budgets"],
)
def test_every_property_the_writer_produces_has_an_author_key(source):
    written = {p for _, p, _ in read_graph(source, "yaml")}
    assert written - set(KEYS) == set()


def test_paths_in_the_authors_words():
    assert author_field(VSG.hasInteraction) == "interactions"
    assert author_field(VSG.deliversValue) == "delivered_to"
    assert author_field(InvPath(VSG.measures)) == "measures (in metrics)"
    assert author_field(SequencePath(VSG.hasInteraction, VSG.withCustomer)) == "interactions.customer"
    assert author_field(URIRef("https://example.org/unknown")) is None


@pytest.mark.parametrize("sheet", ["portfolio", *SHEETS])
def test_every_column_has_a_note(sheet):
    kind = SHEETS[sheet][0] if sheet in SHEETS else None
    for column in columns(sheet):
        assert note(sheet, column, kind).endswith("."), (sheet, column)


def test_dropdowns_name_real_sheets_and_columns():
    assert set(REFERENCES.values()) <= set(SHEETS)
    for sheet, column in WORDS:
        assert column in columns(sheet), (sheet, column)
