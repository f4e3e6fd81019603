"""Fuzzing the readers: mutated bytes of every input format load, or fail with a documented error.

    python -m bench.fuzz --cases 10000 --seed 1

The seeds are the grocery example in every format vsgraph reads (:func:`write_seeds`). Each
case applies one to four random mutations to one seed (:class:`Case`): byte flips,
insertions of bytes and tokens that parsers treat specially (some repeated into very long
runs), truncation, deletion, and duplication of a slice (so that nesting and size grow). A
workbook is mutated inside the zip archive (one part's bytes) as well as in the archive's
own bytes; a CSV folder in one of its files.

Each case is loaded with :func:`vsgraph.load` by a long-lived worker process under a
1 GiB address-space limit, which reads cases one after another; a watchdog kills and
restarts a worker that passes the time cap (a hang) or dies (a crash). A case ends in one
of: loaded; a documented error (an :class:`~vsgraph.errors.InputError`, by class; it must
name the input and quote it only briefly, and the table says how many name no line or
cell); an undocumented exception (by type); a bomb (memory ran out); a hang; a crash. The
first case of each kind of failure is saved under ``--out``, input and traceback, for
reproduction. A smaller sample then runs ``vsgraph validate FILE`` in a fresh process: it
must exit 0, 1 or 2, with no traceback on stderr.

Cases are generated from ``--seed`` and their number alone (:func:`random_case`), so a
run is repeatable and one case can be rebuilt (``--only N``). The test suite runs the same
mutations through Hypothesis at a smaller scale (``tests/inputs/test_fuzz_readers.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import vsgraph
from vsgraph.authoring import read_yaml
from vsgraph.authoring.spreadsheet import write_csv_folder
from vsgraph.engine.parallel import available_cpus
from vsgraph.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
#: The seeds, by the format name ``--input-format`` takes, with the file name they get.
SEED_NAMES: dict[str, str] = {
    "yaml": "grocery.yaml",
    "turtle": "grocery.ttl",
    "xlsx": "grocery.xlsx",
    "ntriples": "grocery.nt",
    "nquads": "grocery.nq",
    "trig": "grocery.trig",
    "jsonld": "grocery.jsonld",
    "rdfxml": "grocery.rdf",
    "csv": "grocery-csv",
}
FORMATS = tuple(SEED_NAMES)
#: Bytes and tokens that parsers treat specially: NUL, bytes that are never UTF-8, quotes,
#: brackets, markup, YAML anchors and aliases, escapes, byte-order marks, long numbers.
TOKENS: tuple[bytes, ...] = (
    b"\0",
    b"\xff",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xe2\x82",
    b"\xf0\x9f\x98\x80",
    b'"',
    b"'",
    b'"""',
    b"`",
    b"\\",
    b"\\u",
    b"\\U0010FFFF",
    b"\n",
    b"\r",
    b"\t",
    b" ",
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&lol;",
    b"<!--",
    b"<![CDATA[",
    b"<?xml ?>",
    b'<!DOCTYPE r [<!ENTITY a "aaaa">]>',
    b"xmlns:a='a'",
    b"rdf:",
    b"_:b",
    b"^^",
    b"@",
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b",",
    b";",
    b".",
    b":",
    b"-",
    b"#",
    b"%",
    b"|",
    b"*",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"!!python/object ",
    b"? ",
    b"- ",
    b"---\n",
    b"@context",
    b'"@context": "x.jsonld"',
    b"@id",
    b"@type",
    b"@value",
    b"@graph",
    b"9",
    b"-1",
    b"1e999",
    b"1e999999999",
    b"0.0000000001",
    b"NaN",
    b"inf",
    b".inf",
    b"true",
    b"null",
    b"2026-02-30",
    b"=1/0",
    b"#DIV/0!",
    b"http://",
    b"file:///dev/zero",
)
#: Most cases take one or two mutations; a few pile up to four.
MUTATION_COUNTS = (1, 1, 1, 2, 2, 3, 4)
#: No mutation makes a case larger than this: growth is for nesting, long runs and zip
#: bombs (a workbook part is held to a compression ratio from a megabyte on), and inputs
#: that are merely big are the benchmark's business.
MAX_CASE_BYTES = 4 << 20
#: The same for the formats read in pure Python (PyYAML, the csv module and the checks of
#: every row), which take seconds per megabyte.
SLOW_CASE_BYTES = 1 << 20
#: How long an error message may be beside the path it names: every message that quotes
#: input quotes only a little of it (``InputLimits.max_quoted_chars``).
MESSAGE_CHARS = 1000
MEMORY = 1 << 30  # bytes of address space a worker may use
#: Seconds (of the clock, since a hang may use no processor) one case may take before it
#: counts as a hang: far beyond the slowest case, even on a busy machine.
TIMEOUT = 30.0
RESTART_EVERY = 1000  # cases a worker reads before a fresh one takes over


# --- mutations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Flip:
    """XOR one byte with ``mask``."""

    at: int
    mask: int

    def apply(self, data: bytes, cap: int) -> bytes:
        if not data:
            return data
        at = self.at % len(data)
        return data[:at] + bytes([data[at] ^ (self.mask or 1)]) + data[at + 1 :]


@dataclass(frozen=True)
class Insert:
    """Insert ``token`` repeated ``times`` times."""

    at: int
    token: bytes
    times: int = 1

    def apply(self, data: bytes, cap: int) -> bytes:
        at = self.at % (len(data) + 1)
        times = max(1, min(self.times, cap // max(len(self.token), 1)))
        return data[:at] + self.token * times + data[at:]


@dataclass(frozen=True)
class Truncate:
    """Cut the input at ``at``."""

    at: int

    def apply(self, data: bytes, cap: int) -> bytes:
        return data[: self.at % (len(data) + 1)]


@dataclass(frozen=True)
class Delete:
    """Remove ``length`` bytes from ``at``."""

    at: int
    length: int

    def apply(self, data: bytes, cap: int) -> bytes:
        at = self.at % (len(data) + 1)
        return data[:at] + data[at + self.length :]


@dataclass(frozen=True)
class Duplicate:
    """Copy ``length`` bytes from ``start`` and insert them ``times`` times at ``at``:
    repeated brackets or start tags make the input nest deeper, repeated records larger."""

    start: int
    length: int
    at: int
    times: int = 1

    def apply(self, data: bytes, cap: int) -> bytes:
        start = self.start % (len(data) + 1)
        piece = data[start : start + max(self.length, 1)]
        at = self.at % (len(data) + 1)
        times = max(1, min(self.times, (cap - len(data)) // max(len(piece), 1)))
        return data[:at] + piece * times + data[at:]


Mutation = Flip | Insert | Truncate | Delete | Duplicate


def mutate(data: bytes, mutations: Sequence[Mutation], cap: int = MAX_CASE_BYTES) -> bytes:
    """``data`` with ``mutations`` applied in order (positions wrap around its length),
    growing to ``cap`` bytes at most."""
    for mutation in mutations:
        data = mutation.apply(data, cap)
    return data[:cap]


# --- cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One fuzzed input: a seed format, the part of it mutated, and the mutations.

    ``member`` is ``None`` for the seed file's own bytes, a part of the zip archive for a
    workbook, or one file of a CSV folder (which is always mutated in a file).
    """

    fmt: str
    member: str | None
    mutations: tuple[Mutation, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "fmt": self.fmt,
            "member": self.member,
            "mutations": [
                {
                    "kind": type(m).__name__,
                    **{k: (v.decode("latin-1") if isinstance(v, bytes) else v) for k, v in asdict(m).items()},
                }
                for m in self.mutations
            ],
        }


def write_seeds(folder: Path) -> dict[str, Path]:
    """Write the grocery example in every format vsgraph reads into ``folder``.

    YAML, Turtle and XLSX are the shipped files; the other RDF formats are exported by
    vsgraph without a provenance record (JSON-LD with its context embedded, so that the
    document stands alone), and the CSV folder is written from the YAML's model.
    """
    folder.mkdir(parents=True, exist_ok=True)
    examples = ROOT / "examples"
    seeds = {fmt: folder / name for fmt, name in SEED_NAMES.items()}
    for fmt in ("yaml", "turtle", "xlsx"):
        shutil.copyfile(examples / SEED_NAMES[fmt], seeds[fmt])
    portfolio = vsgraph.load(examples / "grocery.yaml")
    for fmt in ("ntriples", "nquads", "trig", "rdfxml"):
        portfolio.export(seeds[fmt], provenance=False)
    portfolio.export(seeds["jsonld"], provenance=False, jsonld_context="embed")
    write_csv_folder(read_yaml(examples / "grocery.yaml"), seeds["csv"])
    return seeds


def members(fmt: str, seed: Path) -> list[str]:
    """The parts of a seed a case may mutate instead of its own bytes: a workbook's zip
    parts, or a CSV folder's files (a folder has no bytes of its own); none for a file."""
    if fmt == "csv":
        return sorted(file.name for file in seed.glob("*.csv"))
    if fmt == "xlsx":
        with zipfile.ZipFile(seed) as archive:
            return sorted(archive.namelist())
    return []


def seed_bytes(seed: Path, member: str | None) -> bytes:
    """The bytes a case mutates: the seed file, one part of a workbook, or one CSV file."""
    if member is None:
        return seed.read_bytes()
    if seed.is_dir():
        return (seed / member).read_bytes()
    with zipfile.ZipFile(seed) as archive:
        return archive.read(member)


def materialise(case: Case, seed: Path, folder: Path) -> Path:
    """Write the input of ``case`` into ``folder`` (replacing an earlier one); return its path."""
    target = folder / seed.name
    if target.is_dir():
        shutil.rmtree(target)
    cap = SLOW_CASE_BYTES if case.fmt in ("yaml", "csv") else MAX_CASE_BYTES
    data = mutate(seed_bytes(seed, case.member), case.mutations, cap)
    if seed.is_dir():
        shutil.copytree(seed, target)
        (target / str(case.member)).write_bytes(data)
    elif case.member is not None:
        _rezip(seed, target, case.member, data)
    else:
        target.write_bytes(data)
    return target


def _rezip(seed: Path, target: Path, member: str, data: bytes) -> None:
    """A copy of the archive ``seed`` whose part ``member`` holds ``data``."""
    with zipfile.ZipFile(seed) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, data if info.filename == member else source.read(info.filename))


def random_case(seed: int | str, number: int, seeds: dict[str, Path], parts: dict[str, list[str]]) -> Case:
    """Case ``number`` of the run seeded ``seed``: the formats take turns, a workbook is
    mutated in one of its parts seven times in ten, and the case's own random stream makes
    it rebuildable without the cases before it."""
    rng = random.Random(f"{seed}:{number}")
    fmt = FORMATS[number % len(FORMATS)]
    inside = parts[fmt] and (fmt != "xlsx" or rng.random() < 0.7)
    member = rng.choice(parts[fmt]) if inside else None
    size = len(seed_bytes(seeds[fmt], member))
    return Case(fmt, member, tuple(_random_mutation(rng, size) for _ in range(rng.choice(MUTATION_COUNTS))))


def _random_mutation(rng: random.Random, size: int) -> Mutation:
    at = rng.randrange(size + 1)
    kind = rng.choices(["flip", "insert", "truncate", "delete", "duplicate"], weights=[30, 30, 8, 10, 22])[0]
    if kind == "flip":
        return Flip(at, rng.randrange(1, 256))
    if kind == "insert":
        return Insert(at, rng.choice(TOKENS), _times(rng))
    if kind == "truncate":
        return Truncate(at)
    if kind == "delete":
        return Delete(at, rng.choice([1, 2, 8, 64, 1024]))
    return Duplicate(rng.randrange(size + 1), rng.choice([1, 2, 4, 16, 64, 256, 4096]), at, _times(rng))


def _times(rng: random.Random) -> int:
    """How often an insertion or duplication repeats: mostly once, sometimes a long run."""
    return rng.choice([1, 1, 1, 2, 3, 10, 100, 1000, 100_000])


# --- outcomes ------------------------------------------------------------------------


@dataclass
class Outcome:
    """What loading one case did."""

    #: loaded, documented, undocumented, bomb, hang or crash.
    kind: str
    #: The exception's class (or the signal that ended a crashed worker).
    type: str = ""
    message: str = ""
    #: For a documented error: whether it names the input (``path``), whether it also
    #: names a line or a cell, and how long its message is beside that path.
    located: bool = True
    pinned: bool = True
    chars: int = 0
    seconds: float = 0.0
    #: Processor seconds, all threads: unlike ``seconds``, not stretched by a busy machine.
    cpu: float = 0.0
    detail: str = ""


def outcome(path: Path) -> Outcome:
    """Load ``path`` as ``vsgraph.load`` does, in this process, and say what happened.

    Every exception counts, even those outside ``Exception`` (pyo3 raises Rust panics as
    ``PanicException``, a ``BaseException``); only an interrupt passes through.
    """
    started, cpu = time.monotonic(), time.process_time()
    try:
        vsgraph.load(path)
        result = Outcome("loaded")
    except InputError as exc:
        bomb = _bare_memory_error(exc)
        result = Outcome(
            "bomb" if bomb else "documented",
            type(exc).__name__,
            str(exc)[:500],
            located=_located(exc, path),
            pinned=exc.line is not None or bool(_CELL.search(str(exc))),
            chars=len(str(exc)) - len(str(exc.path or "")),
            detail=_trace(exc) if bomb else "",
        )
    except MemoryError as exc:
        result = Outcome("bomb", "MemoryError", str(exc)[:500], detail=_trace(exc))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        result = Outcome("undocumented", type(exc).__name__, str(exc)[:500], detail=_trace(exc))
    result.seconds, result.cpu = time.monotonic() - started, time.process_time() - cpu
    return result


#: How an error names a sheet's row or column (``vsgraph.authoring.spreadsheet``).
_CELL = re.compile(r": sheet '[^']*', (row|column) ")


def _located(error: Exception, path: Path) -> bool:
    """Whether ``error`` names the input (a CSV folder's error may name a file inside it)."""
    named = getattr(error, "path", None)
    return named is not None and (named == path or path in named.parents)


def _bare_memory_error(error: BaseException) -> bool:
    """Whether ``error`` was caused by the process running out of memory (a ``MemoryError``
    without a message; Oxigraph's refusal of an oversized token has one)."""
    cause = error.__cause__
    while cause is not None:
        if isinstance(cause, MemoryError) and not str(cause):
            return True
        cause = cause.__cause__
    return False


def _trace(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))[-8000:]


# --- the worker and its watchdog -----------------------------------------------------


def serve_cases() -> None:
    """The worker: read one path per line on stdin, answer one JSON outcome per line.

    Runs under :data:`MEMORY` of address space; the answers go to the original stdout, and
    anything the readers print goes to stderr, so that it cannot garble them.
    """
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout = sys.stderr
    for line in sys.stdin:
        answers.write(json.dumps(asdict(outcome(Path(line.rstrip("\n"))))) + "\n")
        answers.flush()


class Worker:
    """A worker process (:func:`serve_cases`) and its watchdog.

    A case that takes longer than ``timeout`` is a hang, and one whose worker dies is a
    crash: either way the worker is killed and the next case gets a fresh one.
    """

    def __init__(self, log: Path, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.served = 0
        self.buffer = b""

    def run(self, path: Path) -> Outcome:
        process = self._ready()
        assert process.stdin is not None
        started = time.monotonic()
        try:
            process.stdin.write(f"{path}\n".encode())
            process.stdin.flush()
            line = self._answer(process, started + self.timeout)
        except BrokenPipeError:
            line = None
        self.served += 1
        if line is not None:
            return Outcome(**json.loads(line))
        seconds = time.monotonic() - started
        if process.poll() is None:
            self.stop()
            return Outcome("hang", seconds=seconds, detail=f"still running after {self.timeout} s")
        code = process.returncode
        self.process = None
        name = signal.Signals(-code).name if code < 0 else f"exit {code}"
        return Outcome("crash", name, seconds=seconds, detail=f"the worker ended with {name}; its stderr is in {self.log}")

    def _ready(self) -> subprocess.Popen[bytes]:
        if self.process is not None and self.served >= RESTART_EVERY:
            self.stop()
        if self.process is None:
            with self.log.open("ab") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "bench.fuzz", "--worker"],
                    cwd=ROOT,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                )
            self.served = 0
            self.buffer = b""
        return self.process

    def _answer(self, process: subprocess.Popen[bytes], deadline: float) -> str | None:
        """The worker's next line, or ``None`` if it dies or passes ``deadline`` first."""
        assert process.stdout is not None
        descriptor = process.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([descriptor], [], [], left)[0]:
                return None
            chunk = os.read(descriptor, 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


# --- the runs ----------------------------------------------------------------------


#: Outcomes that are bugs, whatever the format.
PROBLEMS = ("undocumented", "hang", "bomb", "crash")


@dataclass
class Tally:
    """The outcomes of one format's cases."""

    cases: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    #: Documented errors by class, undocumented exceptions and crashes by type.
    errors: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    #: Documented errors that name no input, or quote too much of it (both bugs), and
    #: those that name the input but no line or cell in it.
    unlocated: int = 0
    long_messages: int = 0
    unpinned: int = 0
    #: The most processor and clock seconds one case took.
    slowest: float = 0.0
    longest: float = 0.0

    def add(self, result: Outcome) -> None:
        self.cases += 1
        self.outcomes[result.kind] += 1
        if result.kind == "documented":
            self.errors[result.type] += 1
            self.unlocated += not result.located
            self.long_messages += result.chars > MESSAGE_CHARS
            self.unpinned += not result.pinned
        elif result.kind == "undocumented":
            self.failures[result.type] += 1
        elif result.kind == "crash":
            self.failures[f"crash ({result.type})"] += 1
        self.slowest = max(self.slowest, result.cpu)
        self.longest = max(self.longest, result.seconds)

    def merge(self, other: Tally) -> None:
        self.cases += other.cases
        self.outcomes += other.outcomes
        self.errors += other.errors
        self.failures += other.failures
        self.unlocated += other.unlocated
        self.long_messages += other.long_messages
        self.unpinned += other.unpinned
        self.slowest = max(self.slowest, other.slowest)
        self.longest = max(self.longest, other.longest)

    def problems(self) -> int:
        return sum(self.outcomes[kind] for kind in PROBLEMS) + self.unlocated + self.long_messages


class Run:
    """The seeds of one run, the cases made from them, and where failures are saved."""

    def __init__(self, seed: int, work: Path, out: Path) -> None:
        self.seed = seed
        self.work = work
        self.out = out
        self.seeds = write_seeds(work / "seeds")
        self.parts = {fmt: members(fmt, path) for fmt, path in self.seeds.items()}
        self.saved: set[tuple[str, str, str]] = set()

    def case(self, number: int, folder: Path, stream: str = "") -> tuple[Case, Path]:
        """Case ``number`` (of the named stream of cases), written into ``folder``."""
        case = random_case(f"{stream}{self.seed}", number, self.seeds, self.parts)
        (folder / case.fmt).mkdir(parents=True, exist_ok=True)
        return case, materialise(case, self.seeds[case.fmt], folder / case.fmt)

    def keep(self, number: int, case: Case, path: Path, result: Outcome) -> None:
        """Save the first case of each kind of failure, with its outcome, for reproduction."""
        bad = result.kind not in ("loaded", "documented") or not result.located or result.chars > MESSAGE_CHARS
        key = (case.fmt, result.kind, result.type)
        if not bad or key in self.saved:
            return
        self.saved.add(key)
        what = re.sub(r"[^\w.]+", "-", f"{result.kind} {result.type}").strip("-")
        folder = self.out / f"{case.fmt}-{what}-case{number}"
        folder.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            shutil.copytree(path, folder / path.name, dirs_exist_ok=True)
        else:
            shutil.copyfile(path, folder / path.name)
        record = {"seed": self.seed, "number": number, "case": case.to_json(), "outcome": asdict(result)}
        (folder / "case.json").write_text(json.dumps(record, indent=1, ensure_ascii=False))
        print(f"case {number}: {case.fmt} {result.kind} {result.type}, saved in {folder}", file=sys.stderr)


def run_cases(run: Run, count: int, jobs: int) -> dict[str, Tally]:
    """Load ``count`` cases with ``jobs`` workers side by side; tally them by format."""
    tallies: dict[str, Tally] = defaultdict(Tally)

    def share(job: int) -> None:
        worker = Worker(run.out / f"worker-{job}.log")
        try:
            for number in range(job, count, jobs):
                case, path = run.case(number, run.work / f"job-{job}")
                result = worker.run(path)
                tallies[case.fmt].add(result)
                run.keep(number, case, path, result)
                if number and number % 1000 == 0:
                    print(f"{number} cases", file=sys.stderr)
        finally:
            worker.stop()

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(share, range(jobs)))
    return tallies


#: The program a CLI case runs: the ``vsgraph`` command, with its own error handling.
_CLI = "import sys; from vsgraph.cli import main; sys.argv[0] = 'vsgraph'; main()"
#: How ``vsgraph validate`` may end: it validated, it found problems, it could not read.
CLI_VERDICTS = ("exit 0", "exit 1", "exit 2")


def run_cli(run: Run, count: int, jobs: int) -> dict[str, Counter[str]]:
    """Run ``vsgraph validate`` on ``count`` cases (another stream of them), each in a fresh
    process under the memory cap: exit 0, 1 or 2 without a traceback, and one line on stderr
    for exit 2, is right; anything else is a failure, saved."""
    tallies: dict[str, Counter[str]] = defaultdict(Counter)

    def one(number: int) -> None:
        folder = run.work / f"cli-{number}"
        case, path = run.case(number, folder, stream="cli-")
        started = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-c", _CLI, "validate", str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=TIMEOUT * 3,
                preexec_fn=_limit_memory,
                check=False,
            )
            verdict, stderr = _cli_verdict(done.returncode, done.stderr), done.stderr
        except subprocess.TimeoutExpired:
            verdict, stderr = "hang", ""
        tallies[case.fmt][verdict] += 1
        if verdict not in CLI_VERDICTS:
            run.keep(number, case, path, Outcome("cli", verdict, stderr[-2000:], seconds=time.monotonic() - started))
        shutil.rmtree(folder)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, range(count)))
    return tallies


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _cli_verdict(code: int, stderr: str) -> str:
    """``exit 0``, ``exit 1`` or ``exit 2`` when the command behaved, else what went wrong."""
    if "Traceback" in stderr:
        return f"traceback (exit {code})"
    if code == 2 and len(stderr.strip().splitlines()) != 1:
        return "exit 2 in more than one line"
    return f"exit {code}"


# --- the tables ----------------------------------------------------------------------


def table(tallies: dict[str, Tally]) -> str:
    """The outcome table, one row per format and a total, in Markdown."""
    header = (
        "| format | cases | loaded | documented error | of which without line or cell | undocumented | hang "
        "| bomb | unlocated | long message | slowest: CPU s (clock s) |"
    )
    lines = [header, "| --- | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    total = Tally()
    for fmt in FORMATS:
        if fmt in tallies:
            lines.append(_row(fmt, tallies[fmt]))
            total.merge(tallies[fmt])
    lines.append(_row("all", total))
    return "\n".join(lines)


def _row(name: str, tally: Tally) -> str:
    def listed(counts: Counter[str]) -> str:
        return ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "0"

    cells = [
        name,
        tally.cases,
        tally.outcomes["loaded"],
        listed(tally.errors),
        tally.unpinned,
        listed(tally.failures),
        tally.outcomes["hang"],
        tally.outcomes["bomb"],
        tally.unlocated,
        tally.long_messages,
        f"{tally.slowest:.1f} ({tally.longest:.1f})",
    ]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def cli_table(tallies: dict[str, Counter[str]]) -> str:
    """The CLI sample's exit codes (and failures) by format, in Markdown."""
    verdicts = sorted({verdict for counts in tallies.values() for verdict in counts})
    lines = ["| format | cases | " + " | ".join(verdicts) + " |", "| --- |" + " ---: |" * (len(verdicts) + 1)]
    total: Counter[str] = Counter()
    for fmt in [*FORMATS, "all"]:
        counts = total if fmt == "all" else tallies.get(fmt, Counter())
        if counts:
            lines.append(f"| {fmt} | {sum(counts.values())} | " + " | ".join(str(counts[v]) for v in verdicts) + " |")
        total += counts if fmt != "all" else Counter()
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases in all, spread over the formats")
    parser.add_argument("--cli-cases", type=int, default=300, help="cases run through `vsgraph validate`")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--jobs", type=int, default=available_cpus(), help="workers loading cases side by side (default: one per CPU)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "fuzz", help="where failing cases are saved")
    parser.add_argument("--only", type=int, metavar="N", help="write case N into --out and load it here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        serve_cases()
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vsgraph-fuzz-") as work:
        run = Run(args.seed, Path(work), args.out)
        if args.only is not None:
            return _only(run, args.only)
        started = time.monotonic()
        tallies = run_cases(run, args.cases, args.jobs)
        middle = time.monotonic()
        print(f"{args.cases} cases, seed {args.seed}, {args.jobs} worker(s), in {middle - started:.0f} s\n")
        print(table(tallies) + "\n")
        cli = run_cli(run, args.cli_cases, args.jobs) if args.cli_cases else {}
        if cli:
            print(f"`vsgraph validate` on {args.cli_cases} cases, in {time.monotonic() - middle:.0f} s\n")
            print(cli_table(cli))
    failed = sum(t.problems() for t in tallies.values())
    failed += sum(n for counts in cli.values() for verdict, n in counts.items() if verdict not in CLI_VERDICTS)
    return 1 if failed else 0


def _only(run: Run, number: int) -> int:
    """Rebuild case ``number``, save its input under ``--out`` and load it in this process."""
    case, path = run.case(number, run.work / "only")
    target = run.out / f"case{number}" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        shutil.copytree(path, target, dirs_exist_ok=True)
    else:
        shutil.copyfile(path, target)
    print(json.dumps(case.to_json(), ensure_ascii=False)[:2000])
    result = outcome(target)
    print(f"{target}: {result.kind} {result.type} {result.message}\n{result.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
