"""The bundled example's size, counted by rdflib rather than by vsgraph, so that a test of
what vsgraph loads or stores does not compare vsgraph with itself."""

from __future__ import annotations

from rdflib import Graph

from vsgraph.examples import example_path

#: The statements of the grocery example.
GROCERY_TRIPLES = len(Graph().parse(example_path(), format="turtle"))
