"""Fuzzing every reader: mutated bytes of each input format load, or fail with a located,
documented error.

Hypothesis mutates the grocery example in every format vsgraph reads, with the mutations
of ``bench/fuzz.py`` (byte flips, inserted tokens and long runs of them, truncation,
deletion, duplicated slices; a workbook inside its zip archive as well as in its raw bytes,
a CSV folder in one of its files). Every load must end in a portfolio or an
:class:`~vsgraph.errors.InputError` (``AuthoringError`` and ``LimitError`` included) that
names the input and quotes it only briefly: anything else is a bug, which Hypothesis then
shrinks. ``python -m bench.fuzz`` runs the same at scale, each load in a worker process
under memory and time caps; here each load runs in this process under a time cap only,
and the inputs stay small.

The regression tests below the property each guard a bug the fuzzing found, with its
minimal input in ``tests/data/hostile/fuzz/``.
"""

from __future__ import annotations

import faulthandler
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vsgraph
from bench.fuzz import (
    FORMATS,
    MESSAGE_CHARS,
    TOKENS,
    Case,
    Delete,
    Duplicate,
    Flip,
    Insert,
    Mutation,
    Truncate,
    Worker,
    materialise,
    members,
    seed_bytes,
    write_seeds,
)
from tests.support.paths import DATA
from vsgraph.errors import AuthoringError, InputError

HOSTILE = DATA / "hostile" / "fuzz"
#: Seconds one load may take here before it counts as a hang: far beyond any real one,
#: since the inputs stay within a few hundred kilobytes.
CASE_SECONDS = 15


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The grocery example in every format vsgraph reads."""
    return write_seeds(tmp_path_factory.mktemp("fuzz-seeds"))


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each example's input is written, one folder per format, replaced each time."""
    return tmp_path_factory.mktemp("fuzz-cases")


def mutations(size: int) -> st.SearchStrategy[Mutation]:
    """One mutation of ``size`` bytes: repeats stay short enough to keep inputs small."""
    at = st.integers(0, size)
    times = st.sampled_from([1, 2, 3, 50, 2_000])
    return st.one_of(
        st.builds(Flip, at, st.integers(1, 255)),
        st.builds(Insert, at, st.sampled_from(TOKENS), times),
        st.builds(Truncate, at),
        st.builds(Delete, at, st.integers(1, 1024)),
        st.builds(Duplicate, at, st.sampled_from([1, 2, 16, 64]), at, times),
    )


@st.composite
def cases(draw: st.DrawFn, fmt: str, seed: Path) -> Case:
    """A case of ``fmt``: a CSV folder is mutated in one of its files, a workbook in one of
    its parts or in the archive's own bytes."""
    parts = members(fmt, seed)
    if not parts:
        member = None
    elif fmt == "csv":
        member = draw(st.sampled_from(parts))
    else:
        member = draw(st.none() | st.sampled_from(parts))
    size = len(seed_bytes(seed, member))
    return Case(fmt, member, tuple(draw(st.lists(mutations(size), min_size=1, max_size=4))))


class _Hung(BaseException):
    """A load that passed :data:`CASE_SECONDS` (not an ``Exception``, so that no reader's
    own handler can mistake it for a parse error)."""


@contextmanager
def time_cap(seconds: float) -> Iterator[None]:
    """Interrupt a load that runs longer than ``seconds``; should one hang where Python
    cannot interrupt it (inside Oxigraph), end the whole run with a traceback of every
    thread after three times as long rather than let it hang forever."""

    def interrupt(signum: int, frame: object) -> None:
        raise _Hung(f"still loading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, previous)


def loads_or_fails_located(path: Path) -> None:
    """Load ``path``; an error must be an :class:`InputError` that names it (or, for a CSV
    folder, a file in it) and quotes the input briefly."""
    try:
        with time_cap(CASE_SECONDS):
            vsgraph.load(path)
    except InputError as error:
        assert error.path is not None and (error.path == path or path in error.path.parents), str(error)
        assert len(str(error)) - len(str(error.path)) <= MESSAGE_CHARS, str(error)[:2000]


def test_every_seed_loads_the_same_portfolio(seeds):
    """Fuzzing starts from valid inputs: each seed is the whole grocery example."""
    sizes = {fmt: len(vsgraph.load(path)) for fmt, path in seeds.items()}
    assert set(sizes.values()) == {len(vsgraph.load(seeds["yaml"]))}, sizes


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_mutated_input_loads_or_fails_with_a_located_error(seeds, workspace, fmt, data):
    case = data.draw(cases(fmt, seeds[fmt]), label="case")
    folder = workspace / fmt
    folder.mkdir(exist_ok=True)
    loads_or_fails_located(materialise(case, seeds[fmt], folder))


# --- what the fuzzing found -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "says"),
    [
        ("long-token.trig", 1, "not valid TriG: Parser error at line 1 between columns 1 and 2001: 999"),
        ("long-tag.rdf", 3, "not well-formed XML: Opening and ending tag mismatch: aaa"),
        ("long-iri.rdf", 4, "not valid RDF/XML: error while parsing IRI 'https://example.org/```"),
        ("long-text.rdf", 3, "not valid RDF/XML: Unexpected text event: '\ntext text"),
        ("long-import.ttl", None, "owl:imports <https://example.org/xxx"),
    ],
)
def test_an_error_quotes_a_long_token_only_briefly(name, line, says):
    """Regression: Oxigraph and libxml2 quote the offending token whole, and the message
    for a fuzzed Turtle file quoted all 400,000 characters of a repeated word."""
    path = HOSTILE / name
    with pytest.raises(InputError) as caught:
        vsgraph.load(path)
    message = str(caught.value)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert message.startswith(f"{path}{'' if line is None else f':{line}'}: {says}"), message[:300]
    assert "…" in message and len(message) - len(str(path)) < 450, message


_RDF_HEAD = (
    '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">\n'
)
_BAD_DESCRIPTION = (
    '<rdf:Description rdf:about="https://example.org/a">\n<ex:p rdf:resource="https://exa mple.org/"/>\n</rdf:Description>\n'
)
_BAD_TERM = '{\n"@id": "https://example.org/a",\n"@context": {"p": {"@id": "https://example.org/p", "@Jontainer": "@set"}}\n}\n'


@pytest.mark.parametrize(
    ("name", "text", "line", "says"),
    [
        ("once.rdf", _RDF_HEAD + _BAD_DESCRIPTION + "</rdf:RDF>\n", 4, "Invalid IRI code point"),
        ("twice.rdf", _RDF_HEAD + _BAD_DESCRIPTION * 2 + "</rdf:RDF>\n", None, "Invalid IRI code point"),
        ("term.jsonld", _BAD_TERM, 3, "not valid JSON-LD: Unexpected key in term definition '@Jontainer'"),
    ],
)
def test_an_oxigraph_error_without_a_position_names_the_line_of_the_text_it_quotes(tmp_path, name, text, line, says):
    """Oxigraph gives no position for RDF/XML and JSON-LD errors; the text it quotes is
    looked up, and a text found twice gets no line rather than a guessed one."""
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError, match=says) as caught:
        vsgraph.load(path)
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("encrypted-part.xlsx", "the workbook part 'xl/workbook.xml' is encrypted: save the workbook without a password"),
        (
            "unknown-compression.xlsx",
            (
                "the workbook part 'xl/workbook.xml' is packed with zip compression method 99, "
                "which cannot be unpacked: save the workbook again"
            ),
        ),
    ],
)
def test_a_workbook_part_that_zipfile_cannot_unpack_is_refused_by_name(name, says):
    """Regression: zipfile's RuntimeError (a part that needs a password) and
    NotImplementedError (an unknown compression method) ended in a traceback."""
    path = HOSTILE / name
    with pytest.raises(InputError) as caught:
        vsgraph.load(path)
    assert str(caught.value) == f"{path}: {says}"


@pytest.mark.parametrize("tag", ["e", "en-a", "a-b", "en-GB-a"])
def test_a_language_tag_that_oxigraph_refuses_is_refused_at_its_line(tmp_path, tag):
    """Regression: vsgraph's own check let these tags through, and Oxigraph's ValueError
    ended in a traceback when it built the first label."""
    path = HOSTILE / "one-letter-language.yaml"
    if tag != "e":
        path = tmp_path / "language.yaml"
        path.write_text((HOSTILE / "one-letter-language.yaml").read_text().replace("language: e", f"language: {tag}"))
    with pytest.raises(AuthoringError) as caught:
        vsgraph.load(path)
    assert str(caught.value) == f"{path}:2: key 'language': language '{tag}' is not a language tag such as en or en-GB"


def test_the_fuzz_runner_tells_loads_errors_and_hangs_apart(seeds, tmp_path):
    """``bench/fuzz.py``'s watchdog: a worker that passes its time cap is replaced."""
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://example.org/a> <https://example.org/p>\n")
    worker = Worker(tmp_path / "worker.log")
    try:
        assert worker.run(seeds["turtle"]).kind == "loaded"
        error = worker.run(broken)
        assert (error.kind, error.type, error.located, error.pinned) == ("documented", "InputError", True, True)
        worker.timeout = 0
        assert worker.run(seeds["turtle"]).kind == "hang"
        worker.timeout = 60
        assert worker.run(seeds["turtle"]).kind == "loaded"
    finally:
        worker.stop()
