"""The capability map's content: capabilities in their tree, what realises each, what needs it.

The tree, the realisers and the value-stream stages that require each capability come from
the catalog's ``capability-map`` question; whether a capability is a gap from
``unrealised-capabilities``, so that the map flags exactly what ``vsgraph query`` lists:
a capability nothing realises, neither itself nor through a capability beneath it (BIZBOK's
broad capabilities are rarely realised directly).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from vsgraph.report.data import Answers, append_new
from vsgraph.vocabulary.namespace import VSG

#: The catalog questions the capability map is drawn from (see :func:`vsgraph.report.data.gather`).
CAPABILITY_QUESTIONS = ("capability-map", "unrealised-capabilities")
#: How the map and the list of gaps word an unrealised capability.
UNREALISED_GAP = "nothing realises it or a capability beneath it"


@dataclass(frozen=True)
class CapabilityView:
    """A capability with the names of what realises it (streams, processes, solutions), the
    value-stream stages that require it, whether that is a gap, and its sub-capabilities."""

    iri: str
    label: str
    level: int | None
    realised_by: tuple[str, ...]
    required_by: tuple[str, ...]
    unrealised: bool
    children: tuple[CapabilityView, ...]


def capability_tree(answers: Answers) -> list[CapabilityView]:
    """The capabilities without a parent, each with the tree beneath it, by label.

    ``answers`` must hold those of :data:`CAPABILITY_QUESTIONS`. Bad data the validation
    rules report still draws: a capability with several parents hangs under the first by
    IRI, and capabilities no tree reaches (a loop of parents) start trees of their own, the
    first by label first.
    """
    label = answers.label
    found: dict[str, dict[str, Any]] = {}
    for row in answers.rows["capability-map"]:
        entry = found.setdefault(
            row["capability"], {"level": row["level"], "parents": set(), "realised_by": [], "required_by": []}
        )
        if row["parent"] is not None:
            entry["parents"].add(row["parent"])
        if row["relation"] is not None:
            side = "realised_by" if row["relation"] == str(VSG.realizesCapability) else "required_by"
            append_new(entry[side], row["element"])
    gaps = {row["capability"] for row in answers.rows["unrealised-capabilities"]}
    # Every box is named by its preferred label, whatever label the answer gives: looked up in one batch.
    label.prefetch(term for name in CAPABILITY_QUESTIONS for row in answers.tables[name].terms for term in row.values())
    labels = {iri: label(URIRef(iri)) for iri in found}
    children: dict[str | None, list[str]] = {}
    for iri, entry in found.items():
        parent = min(entry["parents"], default=None)
        children.setdefault(parent if parent in found else None, []).append(iri)
    placed: set[str] = set()

    def tree(iri: str) -> CapabilityView:
        placed.add(iri)
        entry = found[iri]
        below = [child for child in _by_label(children.get(iri, ()), labels) if child not in placed]
        return CapabilityView(
            iri=iri,
            label=labels[iri],
            level=entry["level"],
            realised_by=tuple(label(URIRef(element)) for element in entry["realised_by"]),
            required_by=tuple(label(URIRef(stage)) for stage in entry["required_by"]),
            unrealised=iri in gaps,
            children=tuple(tree(child) for child in below),
        )

    roots = [tree(iri) for iri in _by_label(children.get(None, ()), labels)]
    for iri in _by_label(found, labels):
        if iri not in placed:
            roots.append(tree(iri))
    return roots


def unrealised(capabilities: Iterable[CapabilityView]) -> list[CapabilityView]:
    """The gaps of the map, in its order (depth first)."""
    gaps = []
    for capability in capabilities:
        if capability.unrealised:
            gaps.append(capability)
        gaps += unrealised(capability.children)
    return gaps


def _by_label(iris: Iterable[str], labels: dict[str, str]) -> list[str]:
    return sorted(iris, key=lambda iri: (labels[iri].casefold(), iri))
