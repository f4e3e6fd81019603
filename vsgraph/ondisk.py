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

A load parses every input first (an error changes nothing), bulk-loads the other
portfolios of the current generation plus the new data into a fresh staging store,
renames it to the next generation and then replaces ``CURRENT`` (write, fsync, rename,
fsync the directory). A failure or a SIGKILL at any point before that rename leaves the
old generation current and untouched; the next load removes the abandoned staging store.
Readers open the current generation read-only. The generation before the current one is
kept, so that a reader that opened it just before a load can finish; older ones are
deleted by the next load. Removing a portfolio writes a new generation the same way.

A store that cannot prove which generation is current (``CURRENT`` lost or garbled while
generations exist) refuses to open, with a :class:`StoreError` that says how to recover:
read as empty, it would let the next load delete the generations as stale. A damaged
generation (a truncated or corrupt file) is a :class:`StoreError` naming the file, never
a traceback; :mod:`vsgraph.store_check` reads a whole store to find such damage.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from vsgraph.backends import OxigraphBackend
from vsgraph.errors import PublishError, StoreError
from vsgraph.graphs import default_name, portfolio_graph, portfolio_name
from vsgraph.limits import quoted
from vsgraph.parsing import read_quads
from vsgraph.portfolio import Portfolio
from vsgraph.safe_write import check_destination, fsync_directory, write_file

#: How many quads pass between two calls of a load's progress callback.
PROGRESS_EVERY = 100_000

Progress = Callable[[int], None]

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
                self._write_generation(None, [], None)
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
        graphs = [portfolio_graph(n) for n in ([name] if name is not None else names)]
        return Portfolio(OxigraphBackend(store, graphs))

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
        called with the number of quads written so far, every :data:`PROGRESS_EVERY`.
        """
        paths = list(paths)
        name = name if name is not None else default_name(paths)
        graph = portfolio_graph(name)
        parsed = [read_quads(path, input_format) for path in paths]  # every error before any write
        new = [ox.Quad(q.subject, q.predicate, q.object, graph) for quads in parsed for q in quads]
        with self.writer():
            total = self._write_generation(graph, new, progress)
        return LoadResult(name, len(set(new)), total)

    def remove(self, name: str) -> LoadResult:
        """Remove the portfolio called ``name``, atomically (by a new generation without it);
        the result counts the triples removed and those left in the store."""
        graph = portfolio_graph(name)
        with self.writer():
            store = self.open()
            try:
                held = store.contains_named_graph(graph)
                removed = sum(1 for _ in store.quads_for_pattern(None, None, None, graph)) if held else 0
            except STORE_FAILURES as exc:
                raise StoreError(f"{self.current()}: cannot read this generation of the store: {exc}") from exc
            if not held:
                names = ", ".join(portfolio_names(store)) or "none"
                raise StoreError(f"{self.directory}: no portfolio called {name!r} (portfolios: {names})")
            del store
            total = self._write_generation(graph, [], None)
        return LoadResult(name, removed, total)

    def _write_generation(self, graph: ox.NamedNode | None, new: Iterable[ox.Quad], progress: Progress | None) -> int:
        """Make current a new generation holding the current one's portfolios but ``graph``,
        plus ``new``; return how many quads it holds. The writer lock must be held."""
        current = self.current()
        previous = self.open()
        _check_pointer(self._pointer)  # before the work, not only after it
        staging = self._generations / f".staging-{uuid.uuid4().hex}"
        try:
            total = _bulk_write(staging, chain(_other_quads(previous, graph, current), new), progress)
            del previous
            generation = self._generations / str(self._next_number())
            os.rename(staging, generation)
            fsync_directory(self._generations)
            _replace_pointer(self._pointer, generation.name)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._remove_old_generations(int(generation.name))
        return total

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


def _other_quads(store: ox.Store, graph: ox.NamedNode | None, generation: Path | None) -> Iterator[ox.Quad]:
    """Every quad of ``store`` outside ``graph``; damage found while reading is a StoreError."""
    try:
        for other in store.named_graphs():
            if other != graph:
                yield from store.quads_for_pattern(None, None, None, other)
    except STORE_FAILURES as exc:
        raise StoreError(f"{generation}: cannot read this generation of the store: {exc}") from exc


def _bulk_write(directory: Path, quads: Iterable[ox.Quad], progress: Progress | None) -> int:
    """Bulk-load ``quads`` into a new store at ``directory``; return how many it holds."""
    try:
        store = ox.Store(str(directory))
        store.bulk_extend(_counted(quads, progress) if progress is not None else quads)
        store.flush()
        total = len(store)
    except STORE_FAILURES as exc:
        raise StoreError(f"{directory.parent.parent}: cannot write the store: {exc}") from exc
    del store  # closes the database before its directory is renamed
    return total


def _counted(quads: Iterable[ox.Quad], progress: Progress) -> Iterator[ox.Quad]:
    count = 0
    for count, quad in enumerate(quads, 1):
        if count % PROGRESS_EVERY == 0:
            progress(count)
        yield quad
    progress(count)


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
