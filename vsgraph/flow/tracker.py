"""Work items from a tracker's CSV export of status transitions, as triples.

The export has a header row and one row per status transition, the issue's own fields
repeated on each of its rows: the shape of a Jira changelog report (Jira's REST changelog,
or an app's "status history" export, flattened to CSV). Column names are matched ignoring
case and spaces; each column has a few accepted names:

============================  ========  ===================================================
column (other names)          needed    what
============================  ========  ===================================================
Issue key (Key)               yes       the tracker's key, e.g. ``SHOP-12``
Issue Type (Type)             yes       mapped to a flow item type (``Story`` → feature)
Created                       yes       when the issue was created: its first state change
From Status (From)            no        the status left; on an issue's first transition, the
                                        status it was created in (else it starts as new)
To Status (To, Status)        yes       the status entered, mapped to a flow state
Changed (Transition Date,     yes       when the transition happened
Date, Timestamp)
Summary                       no        the item's name (``rdfs:label``)
Business Value                no        a number (``vsg:businessValue``)
============================  ========  ===================================================

An issue that never moved has one row with *To Status* and *Changed* empty. Timestamps
are ISO 8601 (``2026-03-02T09:30:00+01:00``, ``2026-03-02 09:30``, ``2026-03-02``) or
Jira's ``02/Mar/26 9:30 AM``; one without a time zone is read in the mapping's time zone
and all are written in UTC. An issue's transitions are ordered by time, rows at the same
time in the order of the file. Every state change but the creation names the one before it
(``vsg:previousStateChange``); the item names its creation time (``vsg:createdAt``) and its
latest change (``vsg:latestStateChange``), as trackers export them, so that the flow
metrics need not search the chains for its ends.

Bad input raises :class:`~vsgraph.errors.InputError` naming the file, the line and the
row: a missing column, a status or issue type the mapping lacks, a timestamp that is not
one, a transition before the issue's creation; :class:`~vsgraph.errors.LimitError` past
:class:`~vsgraph.limits.InputLimits` (rows, columns, characters in a value, digits).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, XSD

from vsgraph.authoring.files import csv_records
from vsgraph.engine import ntriples
from vsgraph.engine.backends import graph_from_oxigraph
from vsgraph.errors import InputError, LimitError
from vsgraph.flow.mapping import FLOW_ITEM_TYPES, FLOW_STATES, FlowMapping
from vsgraph.limits import DEFAULT_LIMITS, InputLimits, quoted
from vsgraph.vocabulary.namespace import VSG

#: Each column's accepted names (normalised: lower case, no spaces or underscores).
COLUMNS: dict[str, tuple[str, ...]] = {
    "key": ("issuekey", "key", "issue"),
    "type": ("issuetype", "type"),
    "created": ("created",),
    "from": ("fromstatus", "from"),
    "to": ("tostatus", "to", "status"),
    "at": ("changed", "transitiondate", "date", "timestamp"),
    "summary": ("summary",),
    "value": ("businessvalue",),
}
#: The columns an export must have.
REQUIRED = ("key", "type", "created", "to", "at")
_NAMES = {"key": "Issue key", "type": "Issue Type", "created": "Created", "to": "To Status", "at": "Changed"}
_JIRA_FORMATS = ("%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%Y %H:%M")
_ABSOLUTE_IRI = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)[^\s<>\"{}|^`\\]+$")


@dataclass
class _Transition:
    row: int
    line: int
    at: datetime
    status: str
    flow: str
    #: The status left, when the export names it, and its flow state.
    source: tuple[str, str] | None


@dataclass
class _Item:
    key: str
    row: int
    line: int
    issue_type: str
    flow_type: str
    created: datetime
    summary: str
    value: Decimal | None
    transitions: list[_Transition] = field(default_factory=list)


def read_work_items(
    path: Path | str,
    *,
    stream: str,
    mapping: FlowMapping | None = None,
    base: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Graph:
    """The work items of a tracker's CSV export, delivered by the value stream ``stream`` (an
    IRI), as an rdflib graph to add to a portfolio (``portfolio.add_graph``).

    ``mapping`` maps the tracker's states and issue types (the built-in defaults when
    ``None``; see :func:`vsgraph.flow.load_mapping`). Each item's IRI is ``base`` followed by
    its key, ``base`` being ``STREAM/work-items/`` unless given; its state changes are the
    item's IRI followed by ``/change-0`` (the creation), ``/change-1``...
    """
    document = work_item_statements(path, stream=stream, mapping=mapping, base=base, limits=limits)
    # Read by Oxigraph, as every portfolio is: rdflib's own parser would rewrite the times'
    # Z as +00:00, and the graph would differ from what add_work_items adds.
    return graph_from_oxigraph(quad.triple for quad in ox.parse(input=document, format=ox.RdfFormat.N_TRIPLES))


def _read_items(path: Path, mapping: FlowMapping, limits: InputLimits) -> dict[str, _Item]:
    items: dict[str, _Item] = {}
    records = csv_records(path, limits)
    if not records:
        raise InputError(
            "the file is empty; expected a header row with Issue key, Issue Type, Created, To Status, Changed",
            path=path,
            line=1,
        )
    columns = _columns(records[0][2], path, limits)
    for number, line, record in records[1:]:
        if any(cell.strip() for cell in record):
            _add_row(items, _Row(record, columns, number - 1, line, path, mapping, limits))
    return items


def _columns(header: list[str], path: Path, limits: InputLimits) -> dict[str, int]:
    if len(header) > limits.max_columns:
        raise LimitError(f"more than {limits.max_columns} columns (raise InputLimits.max_columns to allow it)", path=path, line=1)
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        plain = re.sub(r"[\s_]+", "", name.lstrip("\ufeff")).casefold()
        for column, names in COLUMNS.items():
            if plain in names and column not in found:
                found[column] = index
    missing = [_NAMES[column] for column in REQUIRED if column not in found]
    if missing:
        raise InputError(
            f"the header row has no column {', '.join(map(repr, missing))}; a work-item export has the columns "
            "Issue key, Issue Type, Created, To Status and Changed (and optionally From Status, Summary, Business Value)",
            path=path,
            line=1,
        )
    return found


class _Row:
    """One record of the export, read cell by cell with errors that name its row."""

    def __init__(
        self,
        record: list[str],
        columns: dict[str, int],
        row: int,
        line: int,
        path: Path,
        mapping: FlowMapping,
        limits: InputLimits,
    ) -> None:
        self.record, self.columns, self.row, self.line = record, columns, row, line
        self.path, self.mapping, self.limits = path, mapping, limits

    def cell(self, column: str) -> str:
        index = self.columns.get(column)
        return self.record[index].strip() if index is not None and index < len(self.record) else ""

    def fail(self, message: str) -> InputError:
        return InputError(f"row {self.row}: {message}", path=self.path, line=self.line)

    def required(self, column: str) -> str:
        value = self.cell(column)
        if not value:
            raise self.fail(f"the {_NAMES[column]} is empty")
        return value

    def time(self, column: str) -> datetime:
        return _timestamp(self.required(column), self)

    def state(self, status: str) -> str:
        flow = self.mapping.flow_state(status)
        if flow is None:
            raise self.fail(
                f"the status {quoted(status, self.limits)} is not in the mapping; map it to one of "
                f"{', '.join(FLOW_STATES)} in a mapping file (states:)"
            )
        return flow

    def value(self) -> Decimal | None:
        text = self.cell("value")
        if not text:
            return None
        if len(text) > self.limits.max_number_digits:
            raise LimitError(
                f"row {self.row}: a Business Value of more than {self.limits.max_number_digits} characters",
                path=self.path,
                line=self.line,
            )
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise self.fail(f"the Business Value {quoted(text, self.limits)} is not a number")
        return number


def _add_row(items: dict[str, _Item], row: _Row) -> None:
    key = row.required("key")
    item = items.get(key)
    if item is None:
        issue_type = row.required("type")
        flow_type = row.mapping.flow_item_type(issue_type)
        if flow_type is None:
            raise row.fail(
                f"the issue type {quoted(issue_type, row.limits)} is not in the mapping; map it to one of "
                f"{', '.join(FLOW_ITEM_TYPES)} in a mapping file (item_types:)"
            )
        item = _Item(key, row.row, row.line, issue_type, flow_type, row.time("created"), row.cell("summary"), row.value())
        items[key] = item
    status, at = row.cell("to"), row.cell("at")
    if not status and not at:
        return  # an issue that never moved
    if not status:
        raise row.fail("the To Status is empty but the transition has a time")
    source = row.cell("from")
    transition = _Transition(
        row.row,
        row.line,
        _timestamp(row.required("at"), row),
        status,
        row.state(status),
        (source, row.state(source)) if source else None,
    )
    if transition.at < item.created:
        raise row.fail(
            f"this transition of {quoted(key, row.limits)} happens before the issue was created ({item.created.isoformat()})"
        )
    item.transitions.append(transition)


def _timestamp(text: str, row: _Row) -> datetime:
    value: datetime | None = None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        for pattern in _JIRA_FORMATS:
            try:
                value = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if value is None:
        raise row.fail(
            f"{quoted(text, row.limits)} is not a date and time; "
            "write 2026-03-02T09:30:00+01:00, 2026-03-02 09:30 or 02/Mar/26 9:30 AM"
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=row.mapping.time_zone)
    return value.astimezone(UTC)


def work_item_statements(
    path: Path | str,
    *,
    stream: str,
    mapping: FlowMapping | None = None,
    base: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> str:
    """The work items of a tracker's CSV export as an N-Triples document (see
    :func:`read_work_items`), which a store parses at once: a year of a large train's items
    is millions of statements, too many to build as Python objects one by one."""
    path = Path(path)
    mapping = mapping or FlowMapping()
    _check_iri(stream, "the value stream must be a full IRI such as https://example.org/shop/checkout")
    base = base if base is not None else stream.rstrip("/#") + "/work-items/"
    _check_iri(base, "the base of the items' IRIs must be a full IRI")
    return "".join(_statements(_read_items(path, mapping, limits), stream, base))


def _check_iri(iri: str, requirement: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise InputError(f"{requirement}, not {quoted(iri)}") from None
    if not _ABSOLUTE_IRI.match(iri):
        raise InputError(f"{requirement}, not {quoted(iri)}")


_TYPE, _WORK_ITEM, _STATE_CHANGE = (
    ntriples.iri(str(RDF.type)),
    ntriples.iri(str(VSG.WorkItem)),
    ntriples.iri(str(VSG.StateChange)),
)
_LABEL = ntriples.iri(str(RDFS.label))
_WORK_ITEM_OF, _FLOW_ITEM_TYPE, _TRACKER_KEY, _BUSINESS_VALUE, _CREATED_AT, _LATEST = (
    ntriples.iri(str(term))
    for term in (VSG.workItemOf, VSG.flowItemType, VSG.trackerKey, VSG.businessValue, VSG.createdAt, VSG.latestStateChange)
)
_STATE_CHANGE_OF, _CHANGED_AT, _TO_FLOW_STATE, _TRACKER_STATUS, _PREVIOUS = (
    ntriples.iri(str(term))
    for term in (VSG.stateChangeOf, VSG.changedAt, VSG.toFlowState, VSG.trackerStatus, VSG.previousStateChange)
)
_TYPES: dict[str, str] = {name: ntriples.iri(str(term)) for name, term in FLOW_ITEM_TYPES.items()}
_STATES: dict[str, str] = {name: ntriples.iri(str(term)) for name, term in FLOW_STATES.items()}


def _statements(items: dict[str, _Item], stream: str, base: str) -> Iterator[str]:
    """Lines of N-Triples: each item, then its changes in the order of its chain."""
    stream_term = ntriples.iri(stream)
    for item in items.values():
        iri = base + quote(item.key, safe="-._~")
        subject = ntriples.iri(iri)
        yield f"{subject} {_TYPE} {_WORK_ITEM} .\n"
        yield f"{subject} {_WORK_ITEM_OF} {stream_term} .\n"
        yield f"{subject} {_FLOW_ITEM_TYPE} {_TYPES[item.flow_type]} .\n"
        yield f"{subject} {_TRACKER_KEY} {ntriples.literal(item.key)} .\n"
        if item.summary:
            yield f"{subject} {_LABEL} {ntriples.literal(item.summary, 'en')} .\n"
        if item.value is not None:
            yield f"{subject} {_BUSINESS_VALUE} {ntriples.typed(format(item.value, 'f'), str(XSD.decimal))} .\n"
        yield f"{subject} {_CREATED_AT} {_date_time(item.created)} .\n"
        transitions = _ordered(item.transitions)
        status, flow = (transitions[0].source if transitions else None) or ("", "new")
        changes = [(item.created, status, flow), *((t.at, t.status, t.flow) for t in transitions)]
        previous = ""
        for number, (at, tracker_status, flow_state) in enumerate(changes):
            change = ntriples.iri(f"{iri}/change-{number}")
            yield f"{change} {_TYPE} {_STATE_CHANGE} .\n"
            yield f"{change} {_STATE_CHANGE_OF} {subject} .\n"
            yield f"{change} {_CHANGED_AT} {_date_time(at)} .\n"
            yield f"{change} {_TO_FLOW_STATE} {_STATES[flow_state]} .\n"
            if tracker_status:
                yield f"{change} {_TRACKER_STATUS} {ntriples.literal(tracker_status)} .\n"
            if previous:
                yield f"{change} {_PREVIOUS} {previous} .\n"
            previous = change
        yield f"{subject} {_LATEST} {previous} .\n"


def _date_time(at: datetime) -> str:
    return ntriples.typed(at.strftime("%Y-%m-%dT%H:%M:%SZ"), str(XSD.dateTime))


def _ordered(transitions: list[_Transition]) -> list[_Transition]:
    """By time; transitions at the same time in the order of the file (a stable sort)."""
    return sorted(transitions, key=lambda transition: transition.at)
