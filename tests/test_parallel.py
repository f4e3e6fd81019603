"""fork_map spreads work over forked workers: answers in order, errors raised here, large
answers handed back through files that do not outlive the call; run_killable runs one job
in a child killed at a time limit, offline if asked."""

from __future__ import annotations

import os
import socket
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from vsgraph.engine import parallel
from vsgraph.engine.parallel import fork_map, run_killable


def test_fork_map_runs_the_work_in_other_processes_and_keeps_the_order():
    answers = fork_map(lambda item: (item * item, os.getpid()), list(range(6)), 2)
    assert [square for square, _ in answers] == [0, 1, 4, 9, 16, 25]
    assert os.getpid() not in {pid for _, pid in answers}
    with pytest.raises(ZeroDivisionError):
        fork_map(lambda item: 1 // item, [1, 0], 2)


def test_fork_map_finishes_each_answer_in_this_process_in_order():
    finished = fork_map(lambda item: (item, os.getpid()), list(range(5)), 2,
                        lambda answer: (*answer, os.getpid()))
    assert [item for item, _, _ in finished] == [0, 1, 2, 3, 4]
    assert os.getpid() not in {worker for _, worker, _ in finished}
    assert {finisher for _, _, finisher in finished} == {os.getpid()}
    assert fork_map(lambda item: item + 1, [1, 2], 1, str) == ["2", "3"]


@pytest.fixture
def spool_records(tmp_path, monkeypatch):
    """Temporary files go to ``tmp_path``; the list fills with how each answer came back."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    records: list[bool] = []
    received = parallel._received

    def recording(answer):
        records.append(isinstance(answer, parallel._Spooled))
        return received(answer)

    monkeypatch.setattr(parallel, "_received", recording)
    return records


def test_fork_map_hands_large_answers_back_through_files_it_removes(tmp_path, spool_records):
    size = parallel._SPOOL_FROM
    answers = [b"\x00\n" * size, "é\t" * size, b"small", ("a", 1)]
    assert fork_map(lambda index: answers[index], range(len(answers)), 2) == answers
    assert spool_records == [True, True, False, False]
    assert list(tmp_path.iterdir()) == []


def test_a_failing_worker_leaves_no_spooled_answer_behind(tmp_path, spool_records):
    def work(item: int) -> bytes:
        if item == 3:
            raise ValueError("the fourth item is bad")
        return bytes(parallel._SPOOL_FROM)

    with pytest.raises(ValueError, match="fourth item"):
        fork_map(work, range(6), 2)
    assert list(tmp_path.iterdir()) == []


def test_fork_maps_from_two_threads_at_once_keep_their_own_work():
    """Regression: the work lived in module globals, so two fork_maps at once could swap it."""
    with ThreadPoolExecutor(2) as pool:
        squares = pool.submit(fork_map, lambda item: (time.sleep(0.05), item * item)[1], list(range(8)), 2)
        negatives = pool.submit(fork_map, lambda item: (time.sleep(0.05), -item)[1], list(range(8)), 2)
        assert squares.result() == [item * item for item in range(8)]
        assert negatives.result() == [-item for item in range(8)]


def test_run_killable_returns_raises_and_stops_at_the_time_limit():
    assert run_killable(lambda: os.getpid(), 30) != os.getpid()
    with pytest.raises(ValueError, match="bad"):
        run_killable(lambda: int("bad"), 30)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        run_killable(lambda: time.sleep(60), 0.5)
    assert time.monotonic() - started < 30


def test_an_offline_child_cannot_connect_anywhere():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def connect() -> str:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return "connected"
        except OSError as exc:
            return type(exc).__name__

    try:
        assert run_killable(connect, 30) == "connected"
        assert run_killable(connect, 30, offline=True) != "connected"
    finally:
        listener.close()
