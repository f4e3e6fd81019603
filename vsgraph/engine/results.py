"""The answer to a SPARQL query, the same whichever engine computed it."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.term import Node


@dataclass
class QueryResult:
    """A SELECT table, an ASK answer or a CONSTRUCT/DESCRIBE graph, with rdflib terms.

    ``rows`` maps each variable to its value, or ``None`` where it is unbound.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
