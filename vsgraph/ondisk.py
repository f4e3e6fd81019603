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
deleted by the next load.
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
from vsgraph.errors import StoreError
from vsgraph.graphs import default_name, portfolio_graph, portfolio_name
from vsgraph.parsing import read_quads
from vsgraph.portfolio import Portfolio

#: How many quads pass between two calls of a load's progress callback.
PROGRESS_EVERY = 100_000

Progress = Callable[[int], None]


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
        """The directory of the current generation, or ``None`` before the first load."""
        if not self._pointer.exists():
            return None
        text = self._pointer.read_text(encoding="ascii").strip()
        generation = self._generations / text
        if not text.isdigit() or not generation.is_dir():
            raise StoreError(f"{self.directory}: CURRENT names generation {text!r}, which does not exist")
        return generation

    def open(self, *, writable: bool = False) -> ox.Store:
        """The current generation's Oxigraph store, read-only unless ``writable``.

        Only one process may hold a generation writable (see :meth:`writer`); loads write
        new generations and never this one.
        """
        if not self.exists():
            raise StoreError(
                f"{self.directory}: not a vsgraph store (create one with `vsgraph load FILE... --store {self.directory}`)"
            )
        generation = self.current()
        if generation is None:
            return ox.Store()  # an empty store: nothing was loaded yet
        try:
            return ox.Store(str(generation)) if writable else ox.Store.read_only(str(generation))
        except OSError as exc:
            raise StoreError(f"{self.directory}: cannot open the store: {exc}") from exc

    def portfolios(self) -> list[str]:
        """The names of the portfolios the store holds, sorted."""
        return _portfolio_names(self.open())

    def portfolio(self, name: str | None = None, *, store: ox.Store | None = None) -> Portfolio:
        """The portfolio called ``name``, or all of them as one graph (the union)."""
        store = store if store is not None else self.open()
        names = _portfolio_names(store)
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
            previous = self.open()
            kept = (
                quad
                for other in previous.named_graphs()
                if other != graph
                for quad in previous.quads_for_pattern(None, None, None, other)
            )
            staging = self._generations / f".staging-{uuid.uuid4().hex}"
            try:
                total = _bulk_write(staging, chain(kept, new), progress)
                del previous
                generation = self._generations / str(self._next_number())
                os.rename(staging, generation)
                _fsync_directory(self._generations)
                _replace_atomically(self._pointer, f"{generation.name}\n")
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            self._remove_old_generations()
        return LoadResult(name, len(set(new)), total)

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

    def _numbers(self) -> list[int]:
        return sorted(int(p.name) for p in self._generations.iterdir() if p.name.isdigit())

    def _next_number(self) -> int:
        numbers = self._numbers()
        return numbers[-1] + 1 if numbers else 1

    def _remove_old_generations(self) -> None:
        current = self.current()
        assert current is not None
        for number in self._numbers():
            if number < int(current.name) - 1:
                shutil.rmtree(self._generations / str(number), ignore_errors=True)


def _portfolio_names(store: ox.Store) -> list[str]:
    return sorted(name for graph in store.named_graphs() if (name := portfolio_name(graph)) is not None)


def _bulk_write(directory: Path, quads: Iterable[ox.Quad], progress: Progress | None) -> int:
    """Bulk-load ``quads`` into a new store at ``directory``; return how many it holds."""
    try:
        store = ox.Store(str(directory))
        store.bulk_extend(_counted(quads, progress) if progress is not None else quads)
        store.flush()
        total = len(store)
    except OSError as exc:
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


def _replace_atomically(path: Path, text: str) -> None:
    """Replace a small file so that readers see the old or the new content, never a mix."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    with open(partial, "w", encoding="ascii") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
