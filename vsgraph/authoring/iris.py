"""Minting IRIs from readable ids, and reading ids back from IRIs.

An id such as ``checkout`` becomes ``<base>checkout``; things that belong to another get
ids derived from their owner's (``checkout-step-1``, ``checkout-stage-1``,
``checkout-trigger``, ``checkout-value``, ``checkout-queue-time-2026-09``,
``alex-morgan-membership-1``, ``shop-12-change-0``), and budget records ids derived from
the stream and period they are about (``checkout-h1-funding``), so the same description
always yields the same IRIs. An
id that is already an absolute IRI (it has a scheme, such as ``https:``) is used as it is,
which lets graphs from elsewhere round-trip. Such ids, and bases, are checked with
Oxigraph's own IRI parser, so that anything accepted here can be stored.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from vsgraph.authoring.model import shown
from vsgraph.errors import AuthoringError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits
from vsgraph.vocabulary.namespace import VSG

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def check_id(value: object, what: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """Return ``value`` if it is a usable id, else raise an error naming ``what``."""
    if not isinstance(value, str) or not value:
        raise AuthoringError(f"{what} must be a non-empty id, not {shown(value, limits)}")
    if not (_ID.fullmatch(value) or (_ABSOLUTE.fullmatch(value) and _is_iri(value))):
        raise AuthoringError(
            f"{what} {shown(value, limits)} is not a valid id: use letters, digits, '-', '_' and '.', or a full IRI"
        )
    return value


def check_base(value: str, what: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """Return ``value`` if ids can be appended to it: an absolute IRI ending in / or #."""
    if not (_ABSOLUTE.fullmatch(value) and _is_iri(value)):
        raise AuthoringError(
            f"{what} {shown(value, limits)} is not an absolute IRI: write one such as https://example.org/my-portfolio/"
        )
    if not value.endswith(("/", "#")):
        raise AuthoringError(f"{what} {shown(value, limits)} must end in '/' or '#', so that each id makes a new IRI under it")
    return value


def _is_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def mint(base: str, id_: str) -> URIRef:
    """Return the IRI of the thing with this id."""
    return URIRef(id_ if _ABSOLUTE.match(id_) else base + id_)


def id_of(base: str, iri: Node) -> str:
    """Return the id of an IRI: the part after ``base``, or the whole IRI (or the text of
    another term, such as a blank node that a graph put where an IRI belongs)."""
    text = str(iri)
    rest = text[len(base) :]
    return rest if text.startswith(base) and _ID.match(rest) else text


def step_id(stream_id: str, position: int) -> str:
    return f"{stream_id}-step-{position}"


def stage_id(stream_id: str, position: int) -> str:
    """The id of a value-stream stage (``checkout-stage-1``), not of a journey's stage."""
    return f"{stream_id}-stage-{position}"


def membership_id(person_id: str, number: int) -> str:
    return f"{person_id}-membership-{number}"


def trigger_id(stream_id: str) -> str:
    return f"{stream_id}-trigger"


def value_id(stream_id: str) -> str:
    return f"{stream_id}-value"


def reading_id(metric_id: str, date: datetime) -> str:
    return f"{metric_id}-{date:%Y-%m}"


def change_id(item_id: str, number: int) -> str:
    """The id of a work item's state change, ``number`` its place in the item's history
    (0 the creation)."""
    return f"{item_id}-change-{number}"


def budget_id(stream_id: str, period_id: str, record: str) -> str:
    """The id of a stream's budget record for a period: ``checkout-h1-funding``, ``-limit``,
    ``-allocation``, ``-cost`` (a direct cost) or ``-<team id>-cost`` (a team cost)."""
    return f"{stream_id}-{period_id}-{record}"


def share_id(allocation_id: str, item_type: str) -> str:
    """The id of a capacity allocation's share for one flow item type (``...-feature``)."""
    return f"{allocation_id}-{item_type}"


def guess_base(graph: Graph) -> str:
    """Return the namespace most typed subjects of ``graph`` share (up to a '/' or '#').

    Work items and their state changes are left out: a tracker's import mints them under
    the stream (``.../checkout/work-items/SHOP-1/change-0``), and a year of them would
    outvote the portfolio's own things.
    """
    minted_elsewhere = {*graph.subjects(RDF.type, VSG.WorkItem), *graph.subjects(RDF.type, VSG.StateChange)}
    namespaces = Counter(
        re.sub(r"[^/#]*$", "", str(s))
        for s in set(graph.subjects(RDF.type, None))
        if isinstance(s, URIRef) and s not in minted_elsewhere
    )
    if not namespaces:
        return "urn:vsgraph:"
    return namespaces.most_common(1)[0][0]
