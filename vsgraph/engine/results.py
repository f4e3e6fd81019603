"""The answer to a SPARQL query, the same whichever engine computed it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node

from vsgraph.errors import QueryError

if TYPE_CHECKING:
    from vsgraph.query_catalog.tables import Table


@dataclass(repr=False)
class QueryResult:
    """A SELECT table, an ASK answer or a CONSTRUCT/DESCRIBE graph, with rdflib terms.

    ``kind`` is ``"select"``, ``"ask"`` or ``"graph"``. ``rows`` maps each variable to its
    value as an rdflib term (``URIRef``, ``Literal``, ``BNode``), or ``None`` where it is
    unbound: every detail of the answer is kept (``Literal("4", datatype=XSD.decimal)`` is
    not ``4``). This is what :meth:`vsgraph.Portfolio.query` returns; :meth:`table` gives
    the same :class:`~vsgraph.query_catalog.tables.Table` that :func:`vsgraph.run_query`
    returns, with plain Python values (:attr:`Table.rows`), CSV, JSON and data frames.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def table(self) -> Table:
        """The rows of a SELECT answer as a :class:`~vsgraph.query_catalog.tables.Table`
        (``table.rows`` holds Python values; also ``to_csv()``, ``to_pandas()``, ...).

        An ASK or CONSTRUCT answer is no table: :class:`~vsgraph.errors.QueryError`.
        """
        from vsgraph.query_catalog.tables import Table

        if self.kind == "ask":
            raise QueryError("only a SELECT answer is a table; this ASK answer is a boolean (use .boolean)")
        if self.kind != "select":
            raise QueryError("only a SELECT answer is a table; this CONSTRUCT or DESCRIBE answer is a graph (use .graph)")
        return Table.from_result(self)

    def __repr__(self) -> str:
        if self.kind == "select":
            count = len(self.rows)
            return f"<QueryResult: select, {count} row{'s' * (count != 1)} of {', '.join(self.variables) or 'no columns'}>"
        if self.kind == "ask":
            return f"<QueryResult: ask, {'true' if self.boolean else 'false'}>"
        count = len(self.graph) if self.graph is not None else 0
        return f"<QueryResult: graph, {count} statement{'s' * (count != 1)}>"
