"""Checking an on-disk store: is its current generation proven, and does it read whole?

A store can be damaged behind vsgraph's back: ``CURRENT`` deleted or overwritten, a file
of a generation truncated by a full disk or a bad copy. Queries would then fail halfway,
or (before vsgraph refused it) read an empty store. :func:`check_store` finds such damage
up front: it proves which generation is current, opens it and reads every quad through
each of Oxigraph's indexes (by subject, predicate and object, each with and without the
graph), so that a damaged block anywhere fails here rather than in the middle of a query;
the counts the indexes give must agree. When ``CURRENT`` cannot be trusted it checks
every generation instead, to show which one to point it at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from vsgraph.errors import StoreError
from vsgraph.stores.disk import STORE_FAILURES, DiskStore
from vsgraph.stores.graphs import portfolio_name


@dataclass(frozen=True)
class GenerationCheck:
    """One generation: its number, its portfolios' triple counts, and its problem if any."""

    number: int
    portfolios: dict[str, int] = field(default_factory=dict)
    problem: str | None = None


@dataclass(frozen=True)
class StoreCheck:
    """What :func:`check_store` found: the current generation (``None`` in an empty store
    or when it cannot be proven), the generations read, problems and notes."""

    directory: Path
    current: int | None
    generations: list[GenerationCheck]
    problems: list[str]
    notes: list[str]

    @property
    def ok(self) -> bool:
        """Whether the store's current generation is proven and reads whole."""
        return not self.problems


def check_store(store: DiskStore, generation: int | None = None) -> StoreCheck:
    """Check ``store``'s current generation, or the one numbered ``generation``.

    Raises :class:`StoreError` only when ``store.directory`` is not a store at all.
    """
    if not store.exists():
        store.open()  # raises the "not a vsgraph store" error
    current: int | None = None
    unproven: list[str] = []
    try:
        directory = store.current()
    except StoreError as exc:
        unproven.append(str(exc))
    else:
        current = int(directory.name) if directory is not None else None
    notes = [f"{name}: left by a load that was stopped; the next load removes it" for name in _staging(store)]
    if generation is not None:  # the question is that generation alone
        generations = [_check_generation(store, generation)]
        return StoreCheck(store.directory, current, generations, _problems(generations), unproven + notes)
    if unproven:  # every generation, to show which one CURRENT could name
        generations = [_check_generation(store, number) for number in store.generations()]
        return StoreCheck(store.directory, None, generations, unproven, notes)
    generations = [_check_generation(store, current)] if current is not None else []
    problems = _problems(generations)
    older = [number for number in store.generations() if current is not None and number < current]
    if problems and older:
        notes.append(
            f"generation {older[-1]} is held too: if `vsgraph store check --store {store.directory} --generation "
            f"{older[-1]}` finds it whole, `echo {older[-1]} > {store.directory / 'CURRENT'}` makes it current "
            "(without what was loaded since)"
        )
    return StoreCheck(store.directory, current, generations, problems, notes)


def _problems(generations: list[GenerationCheck]) -> list[str]:
    return [check.problem for check in generations if check.problem is not None]


def _staging(store: DiskStore) -> list[str]:
    return sorted(path.name for path in (store.directory / "generations").glob(".staging-*"))


def _check_generation(store: DiskStore, number: int) -> GenerationCheck:
    try:
        return GenerationCheck(number, _read_every_index(store.open(generation=number)))
    except StoreError as exc:
        return GenerationCheck(number, problem=str(exc))
    except STORE_FAILURES as exc:
        return GenerationCheck(number, problem=f"{store.directory / 'generations' / str(number)}: cannot be read: {exc}")
    except _Disagreement as exc:
        return GenerationCheck(number, problem=f"{store.directory / 'generations' / str(number)}: {exc}")


class _Disagreement(Exception):
    """Two of a store's indexes hold different numbers of quads for the same pattern."""


def _read_every_index(store: ox.Store) -> dict[str, int]:
    """Read every quad of ``store`` through each index; the portfolios' triple counts."""
    graphs: Counter[Any] = Counter()
    predicates: Counter[tuple[Any, Any]] = Counter()  # (predicate, graph)
    objects: Counter[tuple[Any, Any]] = Counter()  # (object, graph)
    for quad in store.quads_for_pattern(None, None, None, None):
        graphs[quad.graph_name] += 1
        predicates[quad.predicate, quad.graph_name] += 1
        objects[quad.object, quad.graph_name] += 1
    held = {*store.named_graphs(), *graphs}
    for graph in held:
        _agree(f"graph {graph}", graphs[graph], store.quads_for_pattern(None, None, None, graph))
    for (predicate, graph), count in predicates.items():
        _agree(f"predicate {predicate} in graph {graph}", count, store.quads_for_pattern(None, predicate, None, graph))
    for (obj, graph), count in objects.items():
        _agree(f"object {obj} in graph {graph}", count, store.quads_for_pattern(None, None, obj, graph))
    for predicate, count in _totals(predicates).items():
        _agree(f"predicate {predicate}", count, store.quads_for_pattern(None, predicate, None, None))
    for obj, count in _totals(objects).items():
        _agree(f"object {obj}", count, store.quads_for_pattern(None, None, obj, None))
    return dict(sorted((name, graphs[graph]) for graph in held if (name := portfolio_name(graph)) is not None))


def _totals(counts: Counter[tuple[Any, Any]]) -> Counter[Any]:
    """Counts by (term, graph) summed over the graphs."""
    totals: Counter[Any] = Counter()
    for (term, _), count in counts.items():
        totals[term] += count
    return totals


def _agree(what: str, expected: int, quads: Iterable[ox.Quad]) -> None:
    found = sum(1 for _ in quads)
    if found != expected:
        raise _Disagreement(f"the store's indexes disagree on {what}: {found} quads, not {expected}")
