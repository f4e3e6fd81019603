"""Hostile RDF: every malformed or oversized input is refused with a located error, quickly.

Bombs run in a child process whose address space is capped, so that a regression fails
the test instead of exhausting the machine. Small fixture files live in
``tests/data/hostile/rdf/``; large inputs are generated into ``tmp_path``.
"""

from __future__ import annotations

import io
import json
import random
import resource
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic

import vsgraph
from tests.support.paths import DATA
from vsgraph.errors import InputError, LimitError
from vsgraph.inputs.rdf import read_into_store, read_quads
from vsgraph.limits import InputLimits

HOSTILE = DATA / "hostile" / "rdf"
RDF_OPEN = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">\n'


def run_limited(*args: str, memory: int = 1 << 30, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``vsgraph ARGS...`` in a child process with ``memory`` bytes of address space."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    program = "import sys; from vsgraph.cli import main; sys.argv[0] = 'vsgraph'; main()"
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap,
        check=False,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for text in expected:
        assert text in lines[0]


def nested_rdfxml(levels: int) -> str:
    """RDF/XML whose node and property elements nest ``2 * levels + 1`` deep."""
    body = "<rdf:Description><ex:p>" * levels + "x" + "</ex:p></rdf:Description>" * levels
    return f'<?xml version="1.0"?>\n{RDF_OPEN}{body}\n</rdf:RDF>\n'


# --- RDF/XML --------------------------------------------------------------------------


def test_an_xml_entity_bomb_is_refused_before_anything_expands_it():
    """Regression: Oxigraph expanded a 972-byte file's entities to gigabytes."""
    bomb = HOSTILE / "billion-laughs.rdf"
    done = run_limited("validate", str(bomb))
    assert_one_line_error(done, f"{bomb}:3:", "declares XML entities", "&lol0;")


@pytest.mark.parametrize(
    ("name", "error", "line", "says"),
    [
        ("billion-laughs.rdf", LimitError, 3, "declares XML entities"),
        ("external-entity.rdf", LimitError, 3, "&secret;"),
        ("truncated.rdf", InputError, 7, "Premature end of data"),
        ("nul-byte.rdf", InputError, 4, "Char 0x0"),
        ("empty.rdf", InputError, None, "no element found"),
    ],
)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_malformed_rdfxml_is_refused_with_its_line(name, error, line, says, engine):
    """Regression: a truncated, empty or NUL-carrying file loaded silently, and no RDF/XML
    error had a line number."""
    path = HOSTILE / name
    with pytest.raises(error, match=says) as caught:
        vsgraph.load(path, engine=engine)
    assert caught.value.path == path
    assert caught.value.line == line


def test_every_truncation_of_an_rdfxml_portfolio_is_refused(grocery, tmp_path):
    """Regression: 6 of 40 random truncations loaded, one with 26 of 441 statements."""
    whole = ox.serialize(_quads(grocery), format=ox.RdfFormat.RDF_XML)
    cuts = random.Random(20240601).sample(range(1, len(whole) - len(b"</rdf:RDF>\n")), 40)
    for number, cut in enumerate(cuts):
        path = tmp_path / f"cut-{number}.rdf"
        path.write_bytes(whole[:cut])
        with pytest.raises(InputError) as caught:
            vsgraph.load(path)
        assert caught.value.path == path and caught.value.line is not None, cut


def _quads(portfolio: vsgraph.Portfolio) -> list[ox.Quad]:
    return list(ox.parse(input=portfolio.graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES))


def test_rdfxml_nested_thirty_thousand_deep_is_refused_at_once(tmp_path):
    """Regression: Oxigraph took 6-12 s on it."""
    deep = tmp_path / "deep.rdf"
    deep.write_text(nested_rdfxml(15_000))
    done = run_limited("summary", str(deep), timeout=20)
    assert_one_line_error(done, f"{deep}:3:", "nest deeper than 100 levels", "InputLimits.max_depth")


def test_rdfxml_nesting_is_held_to_the_limits_given(tmp_path):
    path = tmp_path / "nested.rdf"
    path.write_text(nested_rdfxml(60))  # 121 elements deep, under the root
    with pytest.raises(LimitError, match="deeper than 100") as caught:
        vsgraph.load(path)
    assert caught.value.line == 3
    assert len(vsgraph.load(path, limits=InputLimits(max_depth=200))) == 60


def test_a_long_rdfxml_literal_is_held_to_the_limits_given(tmp_path):
    path = tmp_path / "long.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n{RDF_OPEN}<rdf:Description rdf:about="https://example.org/a">\n'
        f"<ex:p>{'x' * 50}</ex:p></rdf:Description>\n</rdf:RDF>\n"
    )
    with pytest.raises(LimitError, match="max_literal_chars") as caught:
        vsgraph.load(path, limits=InputLimits(max_literal_chars=40))
    assert caught.value.line == 4
    assert len(vsgraph.load(path)) == 1


def test_a_doctype_without_entities_is_read():
    portfolio = vsgraph.load(HOSTILE / "public-doctype.rdf")
    assert len(portfolio) == 1


def test_rdfxml_still_loads_exactly_what_oxigraph_reads(grocery, tmp_path):
    path = tmp_path / "grocery.rdf"
    path.write_bytes(ox.serialize(_quads(grocery), format=ox.RdfFormat.RDF_XML))
    assert isomorphic(vsgraph.load(path).graph, grocery.graph)


# --- JSON-LD --------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [500, 100_000])
def test_deeply_nested_jsonld_is_refused_with_its_line(tmp_path, levels):
    """Regression: 500 levels of nesting ended in a RecursionError traceback."""
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "https://example.org/a",\n' + '"https://example.org/p": {' * levels + "}" * levels + "}")
    with pytest.raises(LimitError, match="nest deeper than 100 levels") as caught:
        vsgraph.load(path)
    assert caught.value.path == path
    assert caught.value.line == 2


def test_deeply_nested_jsonld_lists_are_refused(tmp_path):
    path = tmp_path / "lists.jsonld"
    path.write_text('{"@id": "https://example.org/a", "https://example.org/p": ' + "[" * 500 + '"x"' + "]" * 500 + "}")
    with pytest.raises(LimitError, match="nest deeper"):
        vsgraph.load(path)


def test_a_seventeen_megabyte_jsonld_literal_is_refused_naming_the_file(tmp_path):
    """Regression: one valid 17 MiB literal ended in a MemoryError traceback."""
    path = tmp_path / "big.jsonld"
    path.write_text(json.dumps({"@id": "https://example.org/a", "https://example.org/p": "a" * (17 << 20)}, indent=1))
    with pytest.raises(LimitError, match=r"InputLimits\.max_literal_chars") as caught:
        vsgraph.load(path)
    assert caught.value.path == path
    assert caught.value.line == 3


def test_a_context_named_at_every_node_is_refused_before_it_multiplies(tmp_path):
    """Regression: a 250 KB document naming a 180 KB context at each of 3,000 nodes took
    35 s and 3.5 GB, inlined once per node."""
    context = {"@context": {f"t{i}": f"https://example.org/t{i}" for i in range(5_000)}}
    (tmp_path / "context.jsonld").write_text(json.dumps(context))
    nodes = [{"@context": "context.jsonld", "@id": f"https://example.org/n{i}", "t1": "v"} for i in range(60)]
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps({"@graph": nodes}))
    with pytest.raises(LimitError, match="max_inlined_context_chars") as caught:
        vsgraph.load(path)
    assert caught.value.path == path
    assert len(vsgraph.load(path, limits=InputLimits(max_inlined_context_chars=20_000_000))) == 60


def test_a_context_named_twice_is_read_once_and_inlined_twice(tmp_path):
    (tmp_path / "context.jsonld").write_text('{"@context": {"says": "https://example.org/says"}}')
    path = tmp_path / "doc.jsonld"
    path.write_text(
        json.dumps(
            {
                "@graph": [
                    {"@context": "context.jsonld", "@id": "https://example.org/a", "says": "hello"},
                    {"@context": "context.jsonld", "@id": "https://example.org/b", "says": "bye"},
                ]
            }
        )
    )
    assert len(vsgraph.load(path)) == 2


@pytest.mark.parametrize(
    ("name", "error", "line", "says"),
    [
        ("latin1.jsonld", InputError, 3, "not UTF-8"),
        ("long-integer.jsonld", LimitError, 3, "InputLimits.max_number_digits"),
    ],
)
def test_jsonld_that_python_would_choke_on_is_refused_with_its_line(name, error, line, says):
    path = HOSTILE / name
    with pytest.raises(error, match=says) as caught:
        vsgraph.load(path)
    assert (caught.value.path, caught.value.line) == (path, line)


# --- line-based formats ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "line"), [("latin1.ttl", 3), ("latin1.nt", 2)])
def test_text_that_is_not_utf8_is_refused_with_its_line(name, line):
    path = HOSTILE / name
    with pytest.raises(InputError, match="UTF-8") as caught:
        vsgraph.load(path)
    assert (caught.value.path, caught.value.line) == (path, line)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_literal_larger_than_oxigraphs_buffer_is_a_limit_error_naming_the_file(tmp_path, engine):
    """Regression: Oxigraph's MemoryError reached the user as a traceback."""
    path = tmp_path / "big.nt"
    path.write_text(f'<https://example.org/a> <https://example.org/p> "{"a" * (17 << 20)}" .\n')
    with pytest.raises(LimitError, match="too large to read as N-Triples") as caught:
        vsgraph.load(path, engine=engine)
    assert caught.value.path == path


# --- standard input and the limits argument -------------------------------------------


@pytest.fixture()
def stdin(monkeypatch):
    """Feed bytes to ``sys.stdin``."""

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    return feed


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_dash_reads_standard_input_in_the_named_format(stdin, monkeypatch, tmp_path, engine):
    """Relative IRIs resolve against the working directory, as for a file there."""
    monkeypatch.chdir(tmp_path)
    stdin(b"<relative> <https://example.org/p> <https://example.org/o> .\n")
    portfolio = vsgraph.load("-", input_format="turtle", engine=engine)
    assert [row["s"] for row in portfolio.query("SELECT ?s { ?s ?p ?o }").rows] == [URIRef(f"{tmp_path.as_uri()}/relative")]


@pytest.mark.parametrize(
    ("paths", "input_format", "says"),
    [
        (["-"], None, "--input-format"),
        (["-", "-"], "turtle", "more than once"),
        (["-"], "yaml", "save the portfolio to a file"),
    ],
)
def test_standard_input_needs_one_rdf_format(stdin, paths, input_format, says):
    stdin(b"")
    with pytest.raises(InputError, match=says) as caught:
        vsgraph.load(paths, input_format=input_format)
    assert str(caught.value).startswith("<stdin>: ")


@pytest.mark.parametrize(("name", "fmt"), [("billion-laughs.rdf", "rdfxml"), ("latin1.jsonld", "jsonld")])
def test_standard_input_is_checked_as_a_file_is(stdin, name, fmt):
    stdin((HOSTILE / name).read_bytes())
    with pytest.raises(InputError) as caught:
        vsgraph.load("-", input_format=fmt)
    assert str(caught.value.path) == "<stdin>" and caught.value.line == 3


def test_every_entry_point_takes_the_limits(tmp_path):
    strict = InputLimits(max_depth=1)
    jsonld = tmp_path / "nested.jsonld"
    jsonld.write_text('{"@id": "https://example.org/a", "https://example.org/p": {"@value": "x"}}')
    for call in (
        lambda: vsgraph.load(jsonld, limits=strict),
        lambda: vsgraph.load(jsonld, engine="rdflib", limits=strict),
        lambda: vsgraph.Portfolio.empty().add_file(jsonld, limits=strict),
        lambda: read_quads(jsonld, limits=strict),
        lambda: read_into_store(ox.Store(), jsonld, limits=strict),
    ):
        with pytest.raises(LimitError, match="deeper than 1 levels"):
            call()
    assert len(read_quads(jsonld)) == 1
