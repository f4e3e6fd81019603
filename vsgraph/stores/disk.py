"""A portfolio store on disk whose loads are atomic and run at bulk-load speed.

Oxigraph's bulk loader is fast (a million triples in seconds) but not atomic: a failure
leaves part of the data written. Its transactional path is atomic but an order of
magnitude slower, and so is dropping a large graph. A :class:`DiskStore` gets both
properties by never changing a store that readers see ("stage, then swap")::

    DIR/
      CURRENT              the number of the current generation, replaced atomically
      generations/7/       an Oxigraph store: one named graph per portfolio
      generations/.staging-<uuid>/   a load in progress
      .lock                held by the one process that writes

A load writes a fresh staging store holding what the current generation holds outside
the portfolio it loads, plus the new data, which Oxigraph's bulk loader parses strictly as
it writes (:func:`vsgraph.inputs.rdf.bulk_load_into`): an error in any input changes nothing.
The rest comes the cheaper of two ways. When the portfolio replaced is small next to the
rest, the staging store starts as a copy of the current generation's files, with the old
portfolio removed; otherwise it starts empty and every other quad is bulk-copied into it
after the new data. Then the staging store is renamed to the next generation and
``CURRENT`` is replaced (write, fsync, rename, fsync the directory). A failure or a SIGKILL
at any point before that rename leaves the old generation current and untouched; the next
load removes the abandoned staging store. Generations share no file, so that damage to
one leaves the one before it whole.
Readers open the current generation read-only. The generation before the current one is
kept, so that a reader that opened it just before a load can finish; older ones are
deleted by the next load. Removing a portfolio writes a new generation the same way.

A store that cannot prove which generation is current (``CURRENT`` lost or garbled while
generations exist) refuses to open, with a :class:`StoreError` that says how to recover:
read as empty, it would let the next load delete the generations as stale. A damaged
generation (a truncated or corrupt file) is a :class:`StoreError` naming the file, never
a traceback; :mod:`vsgraph.stores.check` reads a whole store to find such damage.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from vsgraph.authoring.model import Location
from vsgraph.engine.backends import OxigraphBackend
from vsgraph.errors import PublishError, StoreError
from vsgraph.inputs.rdf import bulk_load_into
from vsgraph.limits import DEFAULT_LIMITS, quoted
from vsgraph.portfolio import Portfolio, read_authored
from vsgraph.safe_write import check_destination, fsync_directory, write_file
from vsgraph.stores.graphs import ORIGINS_PREFIX, default_name, origins_graph, portfolio_graph, portfolio_name
from vsgraph.stores.origins import WRITTEN_AT, origin_quads, read_origins

#: How many quads of the current generation are bulk-copied at a time. The bulk loader
#: sorts what it is given in memory, so the copy's memory stays that of one chunk; a
#: load's progress is reported after each.
COPY_CHUNK = 250_000
#: The largest portfolio a load replaces by removing it from a copy of the current
#: generation's files; a larger one is left behind by bulk-copying everything else
#: instead, since a removal is one transaction, held in memory until it commits.
REMOVE_AT_MOST = 100_000
#: How many quads bulk-copying costs as much time as removing one (transactionally) does.
REMOVAL_COST = 2

Progress = Callable[[int], None]
#: What puts a load's new portfolio into the staging store.
Fill = Callable[[ox.Store], None]

#: What pyoxigraph raises for a store it cannot open or read: an I/O error, or RocksDB's
#: "Corruption: ..." (a truncated or garbled file), which arrives as a RuntimeError.
STORE_FAILURES = (OSError, RuntimeError)


@dataclass(frozen=True)
class LoadResult:
    """What a load did: the portfolio's name, its triples and the store's total after it."""

    name: str
    triples: int
    total: int


class DiskStore:
    """An on-disk store of portfolios in ``directory`` (see the module's description)."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self._generations = self.directory / "generations"
        self._pointer = self.directory / "CURRENT"

    def exists(self) -> bool:
        """Whether ``directory`` holds a store (possibly still empty)."""
        return self._generations.is_dir()

    def current(self) -> Path | None:
        """The directory of the current generation, or ``None`` before the first load.

        Raises :class:`StoreError` (saying how to recover) when ``CURRENT`` is missing
        while generations exist, or does not name one of them: which one is current
        cannot be proven then, and guessing could serve or delete the wrong one.
        """
        try:
            text = self._pointer.read_bytes().decode("ascii", errors="replace").strip()
        except FileNotFoundError:
            if self.generations():
                raise StoreError(self._unproven(f"{self._pointer} is missing")) from None
            return None  # nothing was loaded yet
        except OSError as exc:
            raise StoreError(self._unproven(f"{self._pointer} cannot be read ({exc.strerror or exc})")) from exc
        if text.isascii() and text.isdigit() and (self._generations / text).is_dir():
            return self._generations / text
        raise StoreError(self._unproven(f"{self._pointer} holds {quoted(text)}, which names no generation of this store"))

    def _unproven(self, problem: str) -> str:
        """The message of a store whose current generation cannot be proven: what to do."""
        numbers = self.generations()
        if not numbers:
            return (
                f"{self.directory}: cannot tell which generation is current: {problem}, and the store "
                f"holds no generation; remove {self._pointer} to start again with an empty store"
            )
        held = ", ".join(map(str, numbers))
        return (
            f"{self.directory}: cannot tell which generation is current: {problem} (generations held: "
            f"{held}); nothing was read or changed. To recover, check a generation with "
            f"`vsgraph store check --store {self.directory} --generation {numbers[-1]}` and, if it is "
            f"the one to keep, write its number into {self._pointer}: `echo {numbers[-1]} > {self._pointer}`"
        )

    def generations(self) -> list[int]:
        """The numbers of the generations the store holds, oldest first."""
        try:
            return sorted(int(p.name) for p in self._generations.iterdir() if p.name.isascii() and p.name.isdigit())
        except FileNotFoundError:
            return []

    def open(self, *, writable: bool = False, generation: int | None = None) -> ox.Store:
        """The current generation's Oxigraph store (or the one numbered ``generation``),
        read-only unless ``writable``.

        Only one process may hold a generation writable (see :meth:`writer`, which it must
        hold); loads write new generations and never this one. A store nothing was loaded
        into gets an empty first generation to write to, so that what is written is kept.
        """
        if not self.exists():
            raise StoreError(
                f"{self.directory}: not a vsgraph store (create one with `vsgraph load FILE... --store {self.directory}`)"
            )
        if generation is None:
            directory = self.current()
            if directory is None and writable:
                self._write_generation(None, None, None)
                directory = self.current()
            if directory is None:
                return ox.Store()  # an empty store: nothing was loaded yet
        else:
            directory = self._generations / str(generation)
            if generation not in self.generations():
                held = ", ".join(map(str, self.generations())) or "none"
                raise StoreError(f"{self.directory}: no generation {generation} (generations held: {held})")
        try:
            return ox.Store(str(directory)) if writable else ox.Store.read_only(str(directory))
        except STORE_FAILURES as exc:
            raise StoreError(
                f"{directory}: cannot open this generation of the store: {exc} "
                f"(`vsgraph store check --store {self.directory}` says how to recover)"
            ) from exc

    def portfolios(self) -> list[str]:
        """The names of the portfolios the store holds, sorted."""
        return portfolio_names(self.open())

    def portfolio(self, name: str | None = None, *, store: ox.Store | None = None) -> Portfolio:
        """The portfolio called ``name``, or all of them as one graph (the union)."""
        store = store if store is not None else self.open()
        names = portfolio_names(store)
        if name is not None and name not in names:
            held = ", ".join(names) or "none yet"
            raise StoreError(f"{self.directory}: no portfolio called {name!r} (portfolios: {held})")
        chosen = [name] if name is not None else names
        portfolio = Portfolio(OxigraphBackend(store, [portfolio_graph(n) for n in chosen]))
        try:
            portfolio.origins = read_origins(
                quad for n in chosen for quad in store.quads_for_pattern(None, WRITTEN_AT, None, origins_graph(n))
            )
        except STORE_FAILURES as exc:
            raise StoreError(f"{self.current()}: cannot read this generation of the store: {exc}") from exc
        return portfolio

    def load(
        self,
        paths: Sequence[Path | str],
        *,
        name: str | None = None,
        input_format: str | None = None,
        progress: Progress | None = None,
    ) -> LoadResult:
        """Add the portfolio read from ``paths``, or replace the one called ``name``, atomically.

        ``name`` defaults to the first file's name without its extension. ``progress`` is
        called with the number of quads the new generation holds so far: after each input,
        and every :data:`COPY_CHUNK` while the other portfolios are copied.
        """
        paths = list(paths)
        name = name if name is not None else default_name(paths)
        graph = portfolio_graph(name)

        def fill(store: ox.Store) -> None:
            origins: dict[Node, Mapping[str, Location]] = {}
            for path in paths:
                authored = read_authored(path, input_format, DEFAULT_LIMITS)
                if authored is None:
                    bulk_load_into(store, path, graph, input_format)
                else:
                    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in authored[0])
                    origins.update(authored[1])
                if progress is not None:
                    progress(len(store))
            store.bulk_extend(origin_quads(origins, origins_graph(name)))

        with self.writer():
            triples, total = self._write_generation(graph, fill, progress)
        return LoadResult(name, triples, total)

    def remove(self, name: str) -> LoadResult:
        """Remove the portfolio called ``name``, atomically (by a new generation without it);
        the result counts the triples removed and those left in the store."""
        graph = portfolio_graph(name)
        with self.writer():
            store = self.open()
            try:
                held = store.contains_named_graph(graph)
                removed = _size(store, graph) if held else 0
            except STORE_FAILURES as exc:
                raise StoreError(f"{self.current()}: cannot read this generation of the store: {exc}") from exc
            if not held:
                names = ", ".join(portfolio_names(store)) or "none"
                raise StoreError(f"{self.directory}: no portfolio called {name!r} (portfolios: {names})")
            del store
            _, total = self._write_generation(graph, None, None)
        return LoadResult(name, removed, total)

    def _write_generation(self, graph: ox.NamedNode | None, fill: Fill | None, progress: Progress | None) -> tuple[int, int]:
        """Make current a new generation holding what the current one holds outside
        ``graph``, plus what ``fill`` puts into ``graph``; return how many quads ``graph``
        and the whole generation hold. The writer lock must be held."""
        current = self.current()
        previous = self.open()
        _check_pointer(self._pointer)  # before the work, not only after it
        staging = self._generations / f".staging-{uuid.uuid4().hex}"
        try:
            counts = _stage(staging, previous, current, graph, fill, progress)
            del previous
            generation = self._generations / str(self._next_number())
            os.rename(staging, generation)
            fsync_directory(self._generations)
            _replace_pointer(self._pointer, generation.name)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._remove_old_generations(int(generation.name))
        return counts

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the store's writer lock: one load (or writable server) at a time."""
        self._generations.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".lock", "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreError(f"{self.directory}: another process is writing this store; try again when it is done") from exc
            try:
                for stale in self._generations.glob(".staging-*"):
                    shutil.rmtree(stale, ignore_errors=True)  # left by a load that was killed
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _next_number(self) -> int:
        numbers = self.generations()
        return numbers[-1] + 1 if numbers else 1

    def _remove_old_generations(self, current: int) -> None:
        """Delete the generations older than the one before ``current``, which was just
        made current: no reader can open them any more."""
        for number in self.generations():
            if number < current - 1:
                shutil.rmtree(self._generations / str(number), ignore_errors=True)


def portfolio_names(store: ox.Store) -> list[str]:
    """The names of the portfolios an Oxigraph store holds, sorted."""
    return sorted(name for graph in store.named_graphs() if (name := portfolio_name(graph)) is not None)


def _stage(
    directory: Path,
    previous: ox.Store,
    generation: Path | None,
    graph: ox.NamedNode | None,
    fill: Fill | None,
    progress: Progress | None,
) -> tuple[int, int]:
    """Write at ``directory`` a store holding every quad of ``previous`` (the generation at
    ``generation``) outside ``graph``, plus what ``fill`` puts into ``graph``; return how
    many quads ``graph`` and the store hold.

    When ``graph`` holds little next to the rest, the store starts as a copy of the
    previous generation's files with ``graph`` removed, which costs little however
    large the other portfolios are. Otherwise it starts empty and every other quad is
    bulk-copied after ``fill``, so that an input's error comes before that longer work.
    """
    carried = generation if generation is not None and _removal_is_cheaper(previous, graph, generation) else None
    store = _start(directory, carried, graph)
    if fill is not None:
        fill(store)
    try:
        if carried is None:
            _copy_quads(_other_quads(previous, graph, generation), store, progress)
        store.flush()
        counts = (_size(store, graph) if graph is not None else 0), _portfolio_quads(store)
    except STORE_FAILURES as exc:
        raise StoreError(f"{directory.parent.parent}: cannot write the store: {exc}") from exc
    del store  # closes the database before its directory is renamed
    return counts


def _start(directory: Path, carried: Path | None, graph: ox.NamedNode | None) -> ox.Store:
    """A new store at ``directory``: empty, or a copy of the generation at ``carried``
    without ``graph``."""
    if carried is not None:
        _copy_files(carried, directory)
    try:
        store = ox.Store(str(directory))
        if carried is not None and graph is not None:
            for replaced in _with_origins(graph):
                if store.contains_named_graph(replaced):
                    store.remove_graph(replaced)
    except STORE_FAILURES as exc:
        raise StoreError(f"{directory.parent.parent}: cannot write the store: {exc}") from exc
    return store


def _removal_is_cheaper(store: ox.Store, graph: ox.NamedNode | None, generation: Path) -> bool:
    """Whether removing ``graph`` from a copy of ``store`` costs less than bulk-copying
    everything else (see :data:`REMOVE_AT_MOST` and :data:`REMOVAL_COST`); copying the
    files costs little next to either."""
    try:
        held = graph is not None and store.contains_named_graph(graph)
        replaced = _size(store, graph, at_most=REMOVE_AT_MOST + 1) if graph is not None and held else 0
        return replaced <= REMOVE_AT_MOST and REMOVAL_COST * replaced <= len(store) - replaced
    except STORE_FAILURES as exc:
        raise StoreError(f"{generation}: cannot read this generation of the store: {exc}") from exc


def _copy_files(generation: Path, directory: Path) -> None:
    """Copy the generation at ``generation`` to ``directory``, file by file, each on disk
    before the copy is opened.

    The writer lock keeps the generation still meanwhile (readers open it read-only). Not
    Oxigraph's backup: it hard-links the table files, so that damage to one generation's
    file would damage the other's, and it leaves out what an update server wrote that is
    still only in the write-ahead log.
    """
    try:
        shutil.copytree(generation, directory, copy_function=_copy_file)
        fsync_directory(directory)
    except OSError as exc:
        raise StoreError(f"{generation}: cannot copy this generation of the store: {exc}") from exc


def _copy_file(source: str, target: str) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb") as written:
        os.fsync(written.fileno())


def _size(store: ox.Store, graph: ox.NamedNode, *, at_most: int | None = None) -> int:
    """How many quads ``graph`` holds (counting stops at ``at_most``), counted by Oxigraph
    rather than through a Python object per quad."""
    limit = "" if at_most is None else f" LIMIT {at_most}"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT * WHERE {{ ?s ?p ?o }}{limit} }}"
    solutions = store.query(query, default_graph=graph)
    assert isinstance(solutions, ox.QuerySolutions), "a SELECT query is answered with solutions"
    return int(next(solutions)["n"].value)


def _with_origins(graph: ox.NamedNode) -> list[ox.NamedNode]:
    """A portfolio's graph and the graph of its origins, which a load or a removal replaces
    together."""
    name = portfolio_name(graph)
    return [graph] if name is None else [graph, origins_graph(name)]


def _portfolio_quads(store: ox.Store) -> int:
    """How many quads ``store`` holds outside the graphs of origins: the statements the
    portfolios (and anything else) hold, as a load reports them."""
    kept = sum(
        _size(store, g) for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(ORIGINS_PREFIX)
    )
    return len(store) - kept


def _other_quads(store: ox.Store, graph: ox.NamedNode | None, generation: Path | None) -> Iterator[ox.Quad]:
    """Every quad of ``store`` outside ``graph`` (and its origins), the default graph's
    too; damage found while reading is a StoreError."""
    replaced = _with_origins(graph) if graph is not None else []
    try:
        others: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [g for g in store.named_graphs() if g not in replaced]
        for other in [*others, ox.DefaultGraph()]:
            yield from store.quads_for_pattern(None, None, None, other)
    except STORE_FAILURES as exc:
        raise StoreError(f"{generation}: cannot read this generation of the store: {exc}") from exc


def _copy_quads(quads: Iterator[ox.Quad], store: ox.Store, progress: Progress | None) -> None:
    """Bulk-load ``quads`` into ``store``, :data:`COPY_CHUNK` at a time."""
    done = len(store) if progress is not None else 0
    while chunk := list(islice(quads, COPY_CHUNK)):
        store.bulk_extend(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done)


def _check_pointer(pointer: Path) -> None:
    """Refuse a ``CURRENT`` that cannot be replaced safely (a link, a read-only file...)."""
    try:
        check_destination(pointer)
    except PublishError as exc:
        raise StoreError(f"cannot change which generation is current: {exc}") from exc


def _replace_pointer(pointer: Path, generation: str) -> None:
    """Make ``generation`` current: readers see the old pointer or the new one, never a mix."""
    try:
        write_file(pointer, lambda out: out.write(f"{generation}\n".encode("ascii")))
    except PublishError as exc:
        raise StoreError(f"cannot make generation {generation} current: {exc}") from exc
