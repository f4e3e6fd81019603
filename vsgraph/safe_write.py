"""Writing files so that nothing that was there before is ever lost.

Every file vsgraph writes (an export and its JSON-LD context, a store's ``CURRENT``
pointer) goes through :func:`write_files`:

* the destination is checked first, and refused with a :class:`PublishError` naming it,
  when replacing it would destroy something that is not a file vsgraph wrote: a symbolic
  link (it would become a regular file, the link lost, as ``--to /dev/stdout`` once
  replaced the system's ``/dev/stdout`` link), a device, FIFO, socket or folder, a
  read-only file (its mode has no write bit, or this process may not write it: root
  passes every permission check, so the mode is looked at too), or a path under a
  component that is a regular file;
* the new content goes to a temporary file in the destination's folder, which is flushed
  to disk and then renamed over the destination (``os.replace``, atomic), and the folder
  is synced too: a reader, a crash or a full disk sees the old file or the new one, never
  a mix, and a failed write leaves the old file as it was;
* several files (an export and the context beside it, the pages of a report) are replaced
  all or none: every temporary file is written and flushed before the first rename, and
  if a later rename fails the earlier destinations get their old content back from a
  hard-linked backup. They are flushed together, by one ``syncfs`` of the file system
  that holds them (on Linux; elsewhere one ``fsync`` a file): a flush a file costs a
  journal commit each, which for thousands of pages is most of the time spent writing.

:class:`Staging` is :func:`write_files` in its two halves, for a caller that writes the
temporary files in several processes (the pages of a large report, in forked workers)
and puts them in place from one.

Symbolic links are refused rather than written through: replacing the link's target
would write somewhere the command line does not name (possibly another folder, or a
device such as ``/dev/stdout``, which cannot be replaced atomically), and writing in place
would give up atomicity. Name the target itself, or write to a stream
(``vsgraph export --to -``).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from vsgraph.errors import PublishError

#: Writes a file's content to the binary stream it is given.
Writer = Callable[[BinaryIO], object]

# What a destination that is not a regular file is, for the error message.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def writer(content: bytes) -> Writer:
    """The writer of ``content``, as it is."""
    return lambda out: out.write(content)


def write_file(path: Path | str, write: Writer) -> None:
    """Replace ``path`` with what ``write`` writes, atomically (see the module's description)."""
    write_files([(Path(path), write)])


def write_files(files: Sequence[tuple[Path, Writer]]) -> None:
    """Replace every path of ``files`` with what its writer writes: all of them, or none.

    Raises :class:`PublishError` naming the path when a destination is refused or cannot
    be written; the destinations are then as they were.
    """
    with Staging([path for path, _ in files]) as staging:
        for path, write in files:
            staging.write(path, write)
        staging.publish()


class Staging:
    """Files written beside their destinations first, then put in place together.

    Creating it checks every destination (:func:`check_destination`) before anything is
    written. :meth:`write` writes one file's temporary file, in this process or in a
    forked child: the temporary names are chosen here, up front, so that nothing a child
    writes is unknown to this process. :meth:`publish` flushes them all to disk and
    renames them into place, all or none. Leaving the ``with`` block removes every
    temporary file still there, so that a failure anywhere leaves the destinations as
    they were and nothing beside them.
    """

    def __init__(self, paths: Sequence[Path]) -> None:
        for path in paths:
            check_destination(path)
        self._partials = {Path(path): _partial_name(Path(path)) for path in paths}

    def write(self, path: Path, write: Writer) -> None:
        """Write ``path``'s temporary file with ``write`` (not yet flushed: :meth:`publish` does that)."""
        partial = self._partials[path]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(partial, "xb") as out:
                write(out)
            if path.exists():
                shutil.copymode(path, partial)  # replacing a file keeps its permissions
        except OSError as exc:
            raise PublishError(f"{path}: cannot write: {exc.strerror or exc}") from exc

    def publish(self) -> None:
        """Flush every temporary file to disk, then rename each over its destination, then
        flush their folders; a failure before the last rename leaves every destination as
        it was."""
        staged = list(self._partials.items())
        _flush(staged)
        _swap(staged)
        for folder in dict.fromkeys(path.parent for path, _ in staged):
            try:
                fsync_directory(folder)
            except OSError as exc:
                raise PublishError(f"{folder}: written, but the folder cannot be flushed to disk: {exc.strerror or exc}") from exc

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None) -> None:
        for partial in self._partials.values():
            partial.unlink(missing_ok=True)


def check_destination(path: Path | str) -> None:
    """Raise :class:`PublishError` if replacing ``path`` could destroy something other than
    a regular, writable file (see the module's description)."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        _check_folders(path)  # a new file: the folders on its way must be folders
        return
    except OSError as exc:
        raise PublishError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(info.st_mode):
        raise PublishError(
            f"{path}: cannot write: it is a symbolic link (to {os.readlink(path)}), which vsgraph "
            "never replaces; name the file it points to instead (`vsgraph export --to -` writes to standard output)"
        )
    for is_kind, kind in _KINDS:
        if is_kind(info.st_mode):
            raise PublishError(f"{path}: cannot write: it is {kind}, not a regular file")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise PublishError(f"{path}: cannot write: the file is read-only; make it writable or choose another name")


def fsync_directory(directory: Path) -> None:
    """Flush a folder's entries to disk, so that a rename in it survives a crash."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _check_folders(path: Path) -> None:
    """Refuse a path under a component that exists but is not a folder."""
    for folder in path.parents:
        try:
            info = os.stat(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue  # created by the write, or under a file further up, which the loop reaches
        except OSError as exc:
            raise PublishError(f"{path}: cannot write: {folder}: {exc.strerror or exc}") from exc
        if not stat.S_ISDIR(info.st_mode):
            raise PublishError(f"{path}: cannot write: {folder} is a file, not a folder")
        return


def _partial_name(path: Path) -> Path:
    """A new temporary name beside ``path``, hidden and unique."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")


def _flush(staged: Sequence[tuple[Path, Path]]) -> None:
    """Flush the temporary files of ``staged`` (destination, temporary file) to disk: one
    by ``fsync``; several by one ``syncfs`` of each file system they are on, where the
    system has it (Linux), else each by ``fsync``."""
    if len(staged) > 1 and _syncfs is not None:
        folders = {os.stat(folder).st_dev: folder for folder in dict.fromkeys(path.parent for path, _ in staged)}
        for folder in folders.values():
            descriptor = os.open(folder, os.O_RDONLY)
            try:
                if _syncfs(descriptor) != 0:
                    code = ctypes.get_errno()
                    raise PublishError(f"{folder}: cannot write: the files cannot be flushed to disk: {os.strerror(code)}")
            finally:
                os.close(descriptor)
        return
    for path, partial in staged:
        try:
            descriptor = os.open(partial, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        except OSError as exc:
            raise PublishError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _load_syncfs() -> Callable[[int], int] | None:
    """The C library's ``syncfs`` (flush one file system), on Linux; ``None`` elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    syncfs: Callable[[int], int] | None = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    return syncfs


_syncfs = _load_syncfs()


def _swap(staged: Sequence[tuple[Path, Path]]) -> None:
    """Rename each temporary file over its destination; if one fails, put back the old
    content of those already replaced."""
    backups: dict[Path, Path | None] = {}  # destination -> its old content (None: it did not exist)
    try:
        if len(staged) > 1:
            for path, _ in staged:
                backups[path] = _backup(path)
        for index, (path, partial) in enumerate(staged):
            try:
                os.replace(partial, path)
            except OSError as exc:
                _restore([(done, backups[done]) for done, _ in staged[:index]])
                others = ", ".join(str(other) for other, _ in staged if other != path)
                kept = f" ({others} left as before)" if others else ""
                raise PublishError(f"{path}: cannot write: {exc.strerror or exc}{kept}") from exc
    finally:
        for backup in backups.values():
            if backup is not None:
                backup.unlink(missing_ok=True)


def _backup(path: Path) -> Path | None:
    """A second name for ``path``'s current content (a hard link, else a copy), or ``None``."""
    if not path.exists():
        return None
    backup = path.with_name(f".{path.name}.{uuid.uuid4().hex}.old")
    try:
        os.link(path, backup)
    except OSError:
        try:
            shutil.copy2(path, backup)  # a file system without hard links
        except OSError as exc:
            backup.unlink(missing_ok=True)
            raise PublishError(f"{path}: cannot keep a copy to restore on failure: {exc.strerror or exc}") from exc
    return backup


def _restore(replaced: Sequence[tuple[Path, Path | None]]) -> None:
    """Give the destinations already replaced their old content back (or remove new ones)."""
    for path, backup in reversed(replaced):
        if backup is None:
            path.unlink(missing_ok=True)
        else:
            os.replace(backup, path)
