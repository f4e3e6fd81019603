"""Each value stream's designed flow time along its critical path, from the catalog's answer.

Plain SPARQL 1.1 cannot find a longest path (it has no recursion with aggregation), so the
catalog question ``step-precedence`` lists the network of steps and this module walks it,
once per stream, in time linear in its steps and links once they are sorted by position:
portfolios of a hundred thousand triples and more are walked as they are queried.

The semantics are those of ``docs/ontology.md``: while no step of a stream names
predecessors (``vsg:precededBy``), the steps run in series in the order of their positions
and the flow time is the sum of their process and wait minutes; once any step names
predecessors, a step that names none starts a branch of its own, and the flow time is the
longest path of process + wait minutes through the links. Missing minutes count as 0, as
in ``designed-flow-time``. Rework (``vsg:sendsReworkTo``) is not part of the designed
flow: the ontology says it lengthens the real lead time beyond the designed flow time.

Bad data does not stop the walk. A link counts only when both steps are in the same stream,
both have a position and the predecessor's is lower, which is what the modelling rules
require (rule 25). Any other link (to another stream, to a later or equal position, to or
from a step without a position) is left out, listed in :attr:`CriticalPath.ignored_links`,
and reported by validation; a stream whose only links break the order runs in series.
Since every link kept goes to a lower position, no cycle can remain. A step stated with
several positions or minutes counts with the first its rows give (the lowest); a value that
is not a number counts as missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.queries import run_query
from vsgraph.query_catalog.tables import decimal_value

#: The catalog question the critical paths are computed from.
PRECEDENCE_QUESTION = "step-precedence"


@dataclass(frozen=True)
class CriticalPath:
    """A stream's critical path: its steps in order and the minutes along it.

    ``links`` are the ``(step, predecessor)`` links named with ``vsg:precededBy`` that keep
    the order, ``ignored_links`` those left out because they break it, both sorted. With
    links the path follows them and may leave steps out; without, the steps run in series,
    the path is every step by position and the flow time the sum of their minutes.
    """

    stream: str
    steps: tuple[str, ...]
    flow_minutes: Decimal
    work_minutes: Decimal
    wait_minutes: Decimal
    links: tuple[tuple[str, str], ...]
    ignored_links: tuple[tuple[str, str], ...]

    @property
    def linked(self) -> bool:
        """Whether the steps name predecessors, so that they may run in parallel branches."""
        return bool(self.links)

    @property
    def flow_efficiency_percent(self) -> Decimal | None:
        """Work on the critical path as a percentage of the flow time, to one decimal place
        rounded half up, as ``flow-efficiency`` rounds it; ``None`` when the stream takes
        no time."""
        if not self.flow_minutes:
            return None
        return (1000 * self.work_minutes / self.flow_minutes).to_integral_value(ROUND_HALF_UP) / 10


def critical_paths(portfolio: Portfolio) -> dict[str, CriticalPath]:
    """Every value stream's critical path, by stream IRI in IRI order; a stream without
    steps has none."""
    return critical_paths_from(run_query(portfolio, PRECEDENCE_QUESTION).rows)


def critical_paths_from(rows: Iterable[Mapping[str, Any]]) -> dict[str, CriticalPath]:
    """The critical paths of the streams in the rows of a ``step-precedence`` answer, for
    callers that ask it together with other questions (the report, through ``run_queries``)."""
    networks: dict[str, _Network] = {}
    for row in rows:
        networks.setdefault(row["stream"], _Network()).add(row)
    return {stream: network.critical_path(stream) for stream, network in networks.items()}


@dataclass(frozen=True)
class _Step:
    position: Decimal | None
    process: Decimal
    wait: Decimal


class _Network:
    """One stream's steps and the predecessors they name, as the rows state them."""

    def __init__(self) -> None:
        self.steps: dict[str, _Step] = {}
        self.named: dict[str, list[str]] = {}

    def add(self, row: Mapping[str, Any]) -> None:
        step = row["step"]
        if step not in self.steps:
            self.steps[step] = _Step(
                decimal_value(row["position"]),
                decimal_value(row["processTimeMinutes"]) or Decimal(0),
                decimal_value(row["waitTimeMinutes"]) or Decimal(0),
            )
        predecessors = self.named.setdefault(step, [])
        if row["predecessor"] is not None and row["predecessor"] not in predecessors:
            predecessors.append(row["predecessor"])

    def critical_path(self, stream: str) -> CriticalPath:
        """The longest path, walking the steps in position order; in series, one chain."""
        order = sorted(self.steps, key=self._place)
        rank = {step: index for index, step in enumerate(order)}
        named, ignored = self._links()
        links = named or {later: [earlier] for earlier, later in pairwise(order)}
        finish: dict[str, Decimal] = {}
        via: dict[str, str | None] = {}
        for step in order:
            before = _latest(links.get(step, ()), finish, rank)
            via[step] = before
            own = self.steps[step]
            finish[step] = own.process + own.wait + (finish[before] if before is not None else 0)
        path: list[str] = []
        end = _latest(order, finish, rank)
        while end is not None:
            path.append(end)
            end = via[end]
        path.reverse()
        work = sum((self.steps[step].process for step in path), Decimal(0))
        wait = sum((self.steps[step].wait for step in path), Decimal(0))
        kept = sorted((step, before) for step, predecessors in named.items() for before in predecessors)
        return CriticalPath(stream, tuple(path), work + wait, work, wait, tuple(kept), tuple(sorted(ignored)))

    def _place(self, step: str) -> tuple[bool, Decimal, str]:
        """Steps by position, then by IRI; steps without a position (bad data) last."""
        position = self.steps[step].position
        return (position is None, Decimal(0) if position is None else position, step)

    def _links(self) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
        """The named links that keep the order, by step, and the ``(step, predecessor)``
        links that break it."""
        kept: dict[str, list[str]] = {}
        ignored = []
        for step, predecessors in self.named.items():
            for predecessor in predecessors:
                if self._earlier(predecessor, step):
                    kept.setdefault(step, []).append(predecessor)
                else:
                    ignored.append((step, predecessor))
        return kept, ignored

    def _earlier(self, predecessor: str, step: str) -> bool:
        """Whether ``predecessor`` is a step of this stream at a lower position than ``step``."""
        if predecessor not in self.steps:
            return False
        before, after = self.steps[predecessor].position, self.steps[step].position
        return before is not None and after is not None and before < after


def _latest(steps: Iterable[str], finish: Mapping[str, Decimal], rank: Mapping[str, int]) -> str | None:
    """The step that finishes last; of steps finishing together, the later in position
    order, so that a path runs on through steps that take no time."""
    return max(steps, key=lambda step: (finish[step], rank[step]), default=None)
