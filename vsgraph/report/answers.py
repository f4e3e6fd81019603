"""The main catalog questions, and their answers as HTML tables that name things by label.

``vsgraph demo`` prints these answers and the report shows them, so both take the list
from here. In the report an IRI cell shows the thing's label (with the IRI as a tooltip),
and a ``...Label`` column is dropped when the column it labels is shown.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from html import escape

from rdflib import Literal, URIRef

from vsgraph.durations import EIGHT_HOUR_DAYS, WorkingTime
from vsgraph.engine.labels import Labeller
from vsgraph.query_catalog.queries import catalog
from vsgraph.query_catalog.tables import Table, cell_text

#: Columns whose numbers are minutes end with this; the report shows them as durations.
MINUTES_SUFFIX = "Minutes"

#: The catalog tag of the six questions that identify operational value streams.
IDENTIFY_OVS_TAG = "identify-ovs"
#: The portfolio questions answered after those six.
PORTFOLIO_QUESTIONS = (
    "stages-without-stream",
    "unsupported-operational-streams",
    "flow-efficiency",
    "hand-offs",
    "bottlenecks",
    "missed-targets",
    "alignment-gaps",
)


def main_questions() -> list[str]:
    """The names of the main questions: the six that identify OVSs, then the portfolio ones."""
    return [query.name for query in catalog() if IDENTIFY_OVS_TAG in query.tags] + list(PORTFOLIO_QUESTIONS)


def table_html(table: Table, label: Labeller, working: WorkingTime = EIGHT_HOUR_DAYS) -> str:
    """A query's answer as an HTML table; every cell is escaped, minutes are shown as
    durations in ``working`` time (the minutes in the cell's tooltip)."""
    columns = [name for name in table.variables if not (name.endswith("Label") and name.removesuffix("Label") in table.variables)]
    if not table.terms:
        return '<p class="empty">No rows: nothing to report.</p>'
    head = "".join(f"<th>{escape(name)}</th>" for name in columns)
    body = []
    for row in table.terms:
        cells = []
        for name in columns:
            term = row.get(name)
            if isinstance(term, URIRef):
                cells.append(f'<td title="{escape(str(term))}">{escape(label(term))}</td>')
            elif name.endswith(MINUTES_SUFFIX) and isinstance(term, Literal) and _is_number(term):
                cells.append(f'<td title="{escape(str(term))} min">{escape(working.duration(Decimal(str(term))))}</td>')
            else:
                cells.append(f"<td>{escape(cell_text(term))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _is_number(term: Literal) -> bool:
    try:
        return Decimal(str(term)).is_finite()
    except InvalidOperation:
        return False
