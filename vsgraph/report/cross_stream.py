"""The cross-stream flow's content: value streams that feed or support one another.

Which streams hand their work over to or trigger which comes from the catalog's
``stream-connections``; which development streams support other development streams (a
platform under a platform) from ``platform-support``; each stream's measured lead time
from ``designed-flow-time``, and its designed flow time is that of its critical path, as on
its value-stream map. The support of operational streams is the portfolio map's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from vsgraph.report.data import DEVELOPMENT, OPERATIONAL, Answers, streams_by_iri
from vsgraph.vocabulary.namespace import VSG

#: The catalog questions the cross-stream flow is drawn from (see :func:`vsgraph.report.data.gather`).
CROSS_STREAM_QUESTIONS = ("stream-connections", "platform-support", "designed-flow-time")
HANDS_OVER = "hands its work over to"
TRIGGERS = "triggers"
SUPPORTS = "supports"


@dataclass(frozen=True)
class FlowStreamView:
    """A stream of the cross-stream flow: its kind (``None`` when it is typed as neither),
    the flow time of its critical path and the lead time measured."""

    iri: str
    label: str
    kind: str | None
    flow_minutes: Decimal | None
    measured_minutes: Decimal | None


@dataclass(frozen=True)
class LinkView:
    """One stream feeding or supporting another: ``kind`` is :data:`HANDS_OVER`,
    :data:`TRIGGERS` or :data:`SUPPORTS`."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class CrossStreamView:
    """The streams that take part in a link (operational first, then development, each by
    IRI) and the links between them."""

    streams: tuple[FlowStreamView, ...]
    links: tuple[LinkView, ...]


def cross_stream_view(answers: Answers) -> CrossStreamView:
    """The hand-overs, triggers and support between development streams.

    ``answers`` must hold those of :data:`CROSS_STREAM_QUESTIONS`.
    """
    kinds = {str(VSG.handsOverTo): HANDS_OVER, str(VSG.triggersStream): TRIGGERS}
    links = [LinkView(row["stream"], row["nextStream"], kinds[row["link"]]) for row in answers.rows["stream-connections"]]
    links += [LinkView(row["developmentStream"], row["supportedStream"], SUPPORTS) for row in answers.rows["platform-support"]]
    known = streams_by_iri(answers)
    measured = {row["stream"]: row["measuredLeadTimeMinutes"] for row in answers.rows["designed-flow-time"]}
    linked = {iri for link in links for iri in (link.source, link.target)}
    answers.label.prefetch(URIRef(iri) for iri in linked if iri not in known)
    order = {OPERATIONAL: 0, DEVELOPMENT: 1}
    kinds = {iri: entry["kind"] for iri, entry in known.items()}
    streams = []
    for iri in sorted(linked, key=lambda iri: (order.get(kinds.get(iri, ""), len(order)), iri)):
        entry = known.get(iri, {})
        path = answers.critical_paths.get(iri)
        streams.append(
            FlowStreamView(
                iri=iri,
                label=entry.get("label") or answers.label(URIRef(iri)),
                kind=entry.get("kind"),
                flow_minutes=path.flow_minutes if path else None,
                measured_minutes=measured.get(iri),
            )
        )
    return CrossStreamView(tuple(streams), tuple(links))
