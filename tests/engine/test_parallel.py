"""fork_map spreads work over forked workers: answers in order, errors raised here, large
answers handed back through files that do not outlive the call; a KillableWorker runs jobs
one at a time in a child killed at a time limit, offline if asked."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from vsgraph.engine import parallel
from vsgraph.engine.parallel import KillableWorker, fork_map


def test_fork_map_runs_the_work_in_other_processes_and_keeps_the_order():
    answers = fork_map(lambda item: (item * item, os.getpid()), list(range(6)), 2)
    assert [square for square, _ in answers] == [0, 1, 4, 9, 16, 25]
    assert os.getpid() not in {pid for _, pid in answers}
    with pytest.raises(ZeroDivisionError):
        fork_map(lambda item: 1 // item, [1, 0], 2)


def test_fork_map_finishes_each_answer_in_this_process_in_order():
    finished = fork_map(lambda item: (item, os.getpid()), list(range(5)), 2, lambda answer: (*answer, os.getpid()))
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


def _pid(state: object) -> int:
    return os.getpid()


def _bad(state: object) -> int:
    return int("bad")


def _sleep(state: object) -> None:
    time.sleep(60)


def _read(state: dict[str, int]) -> int:
    return state["value"]


def test_a_killable_worker_answers_job_after_job_in_one_child_and_stops_at_the_time_limit():
    worker: KillableWorker[object] = KillableWorker()
    state = object()
    try:
        child = worker.run(_pid, state, 30)
        assert child != os.getpid()
        assert worker.run(_pid, state, 30) == child
        with pytest.raises(ValueError, match="bad"):
            worker.run(_bad, state, 30)
        assert worker.run(_pid, state, 30) == child
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            worker.run(_sleep, state, 0.5)
        assert time.monotonic() - started < 30
        assert worker.run(_pid, state, 30) not in (child, os.getpid())
    finally:
        worker.stop()


def test_a_killable_worker_is_forked_anew_for_another_state_or_version():
    """The child sees the state as it was at the fork: a change must reach it by a new fork."""
    worker: KillableWorker[dict[str, int]] = KillableWorker()
    state = {"value": 1}
    try:
        assert worker.run(_read, state, 30, version=1) == 1
        state["value"] = 2
        assert worker.run(_read, state, 30, version=1) == 1
        assert worker.run(_read, state, 30, version=2) == 2
        assert worker.run(_read, {"value": 3}, 30, version=2) == 3
    finally:
        worker.stop()


def _connect(port: int) -> str:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        return "connected"
    except OSError as exc:
        return type(exc).__name__


def test_an_offline_child_cannot_connect_anywhere():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    online, offline = KillableWorker[int](), KillableWorker[int](offline=True)
    try:
        assert online.run(_connect, port, 30) == "connected"
        assert offline.run(_connect, port, 30) != "connected"
    finally:
        online.stop()
        offline.stop()
        listener.close()


def test_a_killable_workers_child_ends_when_its_parent_is_killed(tmp_path):
    """Regression: children of a killed endpoint held each other's pipes open and lived on."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys\n"
        "from vsgraph.engine.parallel import KillableWorker\n"
        "def pid(state):\n"
        "    return os.getpid()\n"
        "workers = [KillableWorker(), KillableWorker()]\n"
        "pids = [worker.run(pid, None, 30) for worker in workers]\n"
        "print(*pids, flush=True)\n"
        "os._exit(0)\n"  # no cleanup: as when the process is killed
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True)
    children = [int(pid) for pid in done.stdout.split()]
    assert len(children) == 2
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in children)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False
