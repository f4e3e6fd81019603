"""Writing files: a failure or a bad destination never loses what was there."""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import socket
import stat
import tempfile
from pathlib import Path

import pytest

from vsgraph import safe_write
from vsgraph.errors import PublishError
from vsgraph.safe_write import Staging, check_destination, write_file, write_files, writer


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_a_file_is_written_in_new_folders_and_replaced_keeping_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folders" / "out.txt"
    write_file(target, lambda out: out.write(b"first"))
    assert target.read_bytes() == b"first"
    target.chmod(0o640)
    write_file(target, lambda out: out.write(b"second"))
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _names(target.parent) == {"out.txt"}


def test_a_writer_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def fail(out):
        out.write(b"half")
        raise RuntimeError("the export broke")

    with pytest.raises(RuntimeError, match="the export broke"):
        write_file(target, fail)
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == {"out.txt"}


def test_links_devices_fifos_sockets_folders_and_read_only_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"kept")
    (tmp_path / "link").symlink_to(tmp_path / "file")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    (tmp_path / "read-only").write_bytes(b"kept")
    (tmp_path / "read-only").chmod(0o444)
    refusals = {
        tmp_path / "link": f"it is a symbolic link (to {tmp_path / 'file'})",
        tmp_path / "dangling": f"it is a symbolic link (to {tmp_path / 'nowhere'})",
        tmp_path / "fifo": "it is a FIFO (named pipe), not a regular file",
        tmp_path / "folder": "it is a folder, not a regular file",
        tmp_path / "read-only": "the file is read-only",
        tmp_path / "file" / "below.txt": f"{tmp_path / 'file'} is a file, not a folder",
        tmp_path / "file" / "deeper" / "below.txt": f"{tmp_path / 'file'} is a file, not a folder",
        Path("/dev/null"): "it is a character device, not a regular file",
    }
    for path, reason in refusals.items():
        with pytest.raises(PublishError) as refused:
            write_file(path, lambda out: out.write(b"new"))
        assert str(refused.value).startswith(f"{path}: cannot write: {reason}")
    assert (tmp_path / "link").is_symlink() and (tmp_path / "file").read_bytes() == b"kept"
    assert stat.S_ISFIFO(os.lstat(tmp_path / "fifo").st_mode)
    assert (tmp_path / "read-only").read_bytes() == b"kept"
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    assert _names(tmp_path) == {"file", "link", "dangling", "fifo", "folder", "read-only"}


def test_a_socket_is_refused() -> None:
    with tempfile.TemporaryDirectory() as folder:  # a short path: socket names are limited
        path = Path(folder) / "s"
        with socket.socket(socket.AF_UNIX) as listening:
            listening.bind(str(path))
            with pytest.raises(PublishError, match="it is a socket"):
                check_destination(path)
            assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_several_files_are_all_replaced_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "third"
    first.write_bytes(b"old first")
    second.write_bytes(b"old second")
    real_replace = os.replace

    def full_disk_at_the_third(source, destination):
        if Path(destination) == third:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", full_disk_at_the_third)
    with pytest.raises(PublishError) as refused:
        write_files(
            [
                (first, lambda out: out.write(b"new")),
                (second, lambda out: out.write(b"new")),
                (third, lambda out: out.write(b"new")),
            ]
        )
    assert str(refused.value) == f"{third}: cannot write: No space left on device ({first}, {second} left as before)"
    assert first.read_bytes() == b"old first" and second.read_bytes() == b"old second"
    assert _names(tmp_path) == {"first", "second"}  # the third did not exist, and still does not

    monkeypatch.setattr(os, "replace", real_replace)
    write_files([(first, lambda out: out.write(b"new")), (third, lambda out: out.write(b"new"))])
    assert first.read_bytes() == third.read_bytes() == b"new"
    assert _names(tmp_path) == {"first", "second", "third"}


def test_a_refused_destination_stops_every_file_before_any_is_written(tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.write_bytes(b"old")
    (tmp_path / "second").mkdir()
    with pytest.raises(PublishError, match="second: cannot write: it is a folder"):
        write_files([(first, lambda out: out.write(b"new")), (tmp_path / "second", lambda out: out.write(b"new"))])
    assert first.read_bytes() == b"old"
    assert _names(tmp_path) == {"first", "second"}


def test_without_hard_links_the_backup_is_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_bytes(b"old first")
    real_replace = os.replace

    def no_links(source, destination):
        raise OSError(errno.EPERM, "Operation not permitted")

    def refuse_the_second(source, destination):
        if Path(destination) == second:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, destination)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "replace", refuse_the_second)
    with pytest.raises(PublishError, match="second: cannot write: Input/output error"):
        write_files([(first, lambda out: out.write(b"new")), (second, lambda out: out.write(b"new"))])
    assert first.read_bytes() == b"old first"
    assert _names(tmp_path) == {"first"}


def test_several_files_are_flushed_by_one_syncfs_before_the_first_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [tmp_path / "a", tmp_path / "b", tmp_path / "below" / "c"]
    flushes: list[int] = []
    synced_files: list[int] = []

    def syncfs(descriptor: int) -> int:
        # every file is written, none is in place yet
        assert not any(path.exists() for path in files)
        assert len(list(tmp_path.rglob(".*.part"))) == len(files)
        flushes.append(descriptor)
        return 0

    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if not stat.S_ISDIR(os.fstat(descriptor).st_mode):
            synced_files.append(descriptor)
        real_fsync(descriptor)

    monkeypatch.setattr(safe_write, "_syncfs", syncfs)
    monkeypatch.setattr(os, "fsync", fsync)
    write_files([(path, lambda out: out.write(b"new")) for path in files])
    assert len(flushes) == 1 and synced_files == []  # one file system, one flush; only the folders synced
    assert all(path.read_bytes() == b"new" for path in files)


def test_without_syncfs_each_file_is_flushed_before_the_first_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [tmp_path / "a", tmp_path / "b"]
    flushed: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if not stat.S_ISDIR(os.fstat(descriptor).st_mode):
            assert not any(path.exists() for path in files)
            flushed.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        real_fsync(descriptor)

    monkeypatch.setattr(safe_write, "_syncfs", None)
    monkeypatch.setattr(os, "fsync", fsync)
    write_files([(path, lambda out: out.write(b"new")) for path in files])
    assert [Path(name).name.split(".")[1] for name in flushed] == ["a", "b"]


def test_a_failed_flush_leaves_every_destination_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_bytes(b"old")

    def failing(descriptor: int) -> int:
        ctypes.set_errno(errno.EIO)
        return -1

    monkeypatch.setattr(safe_write, "_syncfs", failing)
    with pytest.raises(PublishError, match="cannot be flushed to disk: Input/output error"):
        write_files([(first, lambda out: out.write(b"new")), (second, lambda out: out.write(b"new"))])
    assert first.read_bytes() == b"old"
    assert _names(tmp_path) == {"first"}


def test_files_staged_by_other_processes_are_put_in_place_together(tmp_path: Path) -> None:
    files = [tmp_path / "pages" / f"{index}.html" for index in range(4)]
    with Staging(files) as staging:
        children = [
            multiprocessing.get_context("fork").Process(target=staging.write, args=(path, writer(path.name.encode())))
            for path in files
        ]
        for child in children:
            child.start()
        for child in children:
            child.join()
        assert not any(path.exists() for path in files)
        staging.publish()
    assert [path.read_bytes() for path in files] == [path.name.encode() for path in files]
    assert _names(tmp_path / "pages") == {path.name for path in files}


def test_leaving_a_staging_without_publishing_removes_what_was_written(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="a page broke"), Staging([kept, tmp_path / "new"]) as staging:
        staging.write(kept, writer(b"new"))
        raise RuntimeError("a page broke")
    assert kept.read_bytes() == b"old"
    assert _names(tmp_path) == {"kept"}
