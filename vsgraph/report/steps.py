"""Every value stream's steps in one SPARQL answer, split by stream.

The catalog's ``stream-steps`` answers for one stream at a time. A report of thousands of
streams asking it once per stream spends most of that time in the round trips and in
turning thousands of small answers into rows, each with cold caches. This query is
``stream-steps`` without its parameter: the same pattern and the same columns, with the
stream as one more, in the same order within each stream (by position, step and
performer). :func:`steps_by_stream` splits it into the tables ``stream-steps`` gives, one
per stream; a test checks that they agree. It lives here, not in the catalog, because it
is how the report reads, not a question a person asks.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef
from rdflib.term import Node

from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.tables import Table

#: ``stream-steps`` for every stream at once: its pattern, the stream as a column.
STEPS_OF_EVERY_STREAM = """PREFIX vsg: <https://w3id.org/vsgraph#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?stream ?position ?step ?stepLabel ?performer ?processTimeMinutes ?waitTimeMinutes ?percentCompleteAccurate
WHERE {
  ?stream vsg:hasStep ?step .
  OPTIONAL { ?step vsg:position ?position }
  OPTIONAL { ?step rdfs:label ?stepLabel }
  OPTIONAL { ?step vsg:performedBy ?performer }
  OPTIONAL { ?step vsg:processTimeMinutes ?processTimeMinutes }
  OPTIONAL { ?step vsg:waitTimeMinutes ?waitTimeMinutes }
  OPTIONAL { ?step vsg:percentCompleteAccurate ?percentCompleteAccurate }
}
ORDER BY ?position ?step ?performer
"""

#: The columns of ``stream-steps``: those of the query above less the stream.
STEP_COLUMNS = ["position", "step", "stepLabel", "performer", "processTimeMinutes", "waitTimeMinutes", "percentCompleteAccurate"]


def steps_by_stream(portfolio: Portfolio, streams: Sequence[str]) -> dict[str, Table]:
    """The answer of ``stream-steps`` for each of ``streams``, in their order, from one query.

    One stream is bound by the engine, so that its map asks for its own steps only.
    """
    bindings = {"stream": URIRef(streams[0])} if len(streams) == 1 else None
    terms: dict[str, list[dict[str, Node | None]]] = {stream: [] for stream in streams}
    answer = portfolio.query(STEPS_OF_EVERY_STREAM, bindings) if streams else None
    for row in answer.rows if answer is not None else ():
        rows = terms.get(str(row.pop("stream")))
        if rows is not None:
            rows.append(row)
    return {stream: Table(list(STEP_COLUMNS), rows) for stream, rows in terms.items()}
