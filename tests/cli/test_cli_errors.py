"""The command line's error edge: one line on stderr, exit 2 for what the user can fix, exit 3
for a bug, and never a traceback."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from tests.support.examples import GROCERY_TRIPLES
from tests.support.paths import DATA
from vsgraph.cli import main
from vsgraph.errors import ResourceError

HOSTILE = DATA / "hostile" / "rdf"


def command_module(name: str) -> ModuleType:
    """The module of a command (``vsgraph.cli.summary`` names the command itself)."""
    return importlib.import_module(f"vsgraph.cli.{name}")


def invoke(*args: object, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False)


def error_line(result: Result, code: int = 2) -> str:
    """The one line a failed run printed on stderr."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_the_help_documents_every_exit_code():
    text = invoke("--help").output
    for code in ("0 success", "1 a problem", "2 the command could not", "3 an internal error"):
        assert code in " ".join(text.split())


def test_a_bug_exits_3_asking_for_a_report(monkeypatch, grocery_path):
    def broken(_portfolio):
        raise RuntimeError("the summary broke")

    monkeypatch.setattr(command_module("summary"), "summarize", broken)
    line = error_line(invoke("summary", grocery_path), code=3)
    assert line.startswith("vsgraph: internal error (RuntimeError: the summary broke)")
    assert "bug in vsgraph" in line and "report" in line


def test_a_bug_in_an_option_callback_exits_3_too(monkeypatch):
    def broken():
        raise KeyError("catalog")

    monkeypatch.setattr(command_module("query"), "catalog", broken)
    assert "internal error (KeyError" in error_line(invoke("query", "--list"), code=3)


def test_an_error_in_an_option_callback_exits_2(monkeypatch):
    def missing():
        raise ResourceError("the query catalog is missing")

    monkeypatch.setattr(command_module("query"), "catalog", missing)
    assert error_line(invoke("query", "--list")) == "vsgraph: error: the query catalog is missing"


def test_an_os_error_naming_a_file_exits_2_naming_it(monkeypatch, grocery_path):
    """Regression: `--to afile/out.ttl` under a regular file ended in a traceback."""

    def refused(_portfolio):
        raise NotADirectoryError(20, "Not a directory", "afile/out.ttl")

    monkeypatch.setattr(command_module("summary"), "summarize", refused)
    assert error_line(invoke("summary", grocery_path)) == "vsgraph: error: afile/out.ttl: Not a directory"


def test_exporting_under_a_regular_file_exits_2(tmp_path, grocery_path):
    afile = tmp_path / "afile"
    afile.write_text("")
    assert "afile" in error_line(invoke("export", grocery_path, "--to", afile / "out.ttl"))


def test_a_multi_line_message_is_printed_on_one_line(monkeypatch, grocery_path):
    def refused(_portfolio):
        raise ResourceError("first\nsecond\n")

    monkeypatch.setattr(command_module("summary"), "summarize", refused)
    assert error_line(invoke("summary", grocery_path)) == "vsgraph: error: first second"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("billion-laughs.rdf", "billion-laughs.rdf:3: the DOCTYPE declares XML entities"),
        ("truncated.rdf", "truncated.rdf:7: not well-formed XML: Premature end of data"),
        ("latin1.ttl", "latin1.ttl:3: not valid Turtle"),
        ("long-integer.jsonld", "long-integer.jsonld:3: a number of 5000 digits"),
    ],
)
def test_hostile_files_exit_2_with_file_and_line(name, says):
    assert says in error_line(invoke("validate", HOSTILE / name))


# --- sparql: the query argument --------------------------------------------------------


def test_a_query_text_longer_than_a_file_name_is_run_as_a_query(grocery_path):
    """Regression: a query over 255 characters was looked up as a path: `File name too long`."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } #" + "x" * 300
    result = invoke("sparql", query, grocery_path, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output == f"n\n{GROCERY_TRIPLES}\n"


def test_a_query_file_that_is_not_utf8_is_refused_with_its_line(tmp_path, grocery_path):
    """Regression: a Latin-1 query file ended in a UnicodeDecodeError traceback."""
    query = tmp_path / "latin1.rq"
    query.write_bytes('SELECT * WHERE {\n  ?s ?p "café"\n}\n'.encode("latin-1"))
    line = error_line(invoke("sparql", query, grocery_path))
    assert f"{query}:2: the query file is not UTF-8 text" in line


def test_query_text_that_is_not_utf8_is_refused(grocery_path):
    """Undecodable bytes on a command line reach Python as lone surrogates."""
    line = error_line(invoke("sparql", 'SELECT * WHERE { ?s ?p "\udcff" }', grocery_path))
    assert "the query text is not valid UTF-8" in line


def test_a_missing_query_file_is_named(grocery_path):
    assert error_line(invoke("sparql", "no-such-query.rq", grocery_path)) == (
        "vsgraph: error: no-such-query.rq: no such query file"
    )


# --- query: parameters ------------------------------------------------------------------


def test_a_decimal_too_long_to_write_out_is_a_bad_parameter(grocery_path):
    """Regression: `threshold=1e999999999999999999` ended in a MemoryError traceback."""
    line = error_line(invoke("query", "low-quality-steps", grocery_path, "--param", "threshold=1e999999999999999999"))
    assert "parameter 'threshold'" in line and "more than 100 digits" in line


def test_an_iri_with_a_space_is_a_bad_parameter_not_a_bad_query(grocery_path):
    """Regression: it was reported as an invalid SPARQL query."""
    line = error_line(invoke("query", "stream-steps", grocery_path, "--param", "stream=vsg:a b"))
    assert "parameter 'stream': 'vsg:a b' is not a valid IRI" in line
    assert "SPARQL query is not valid" not in line


def test_a_parameter_given_twice_is_refused(grocery_path):
    """Regression: the last value was silently kept."""
    result = invoke("query", "low-quality-steps", grocery_path, "--param", "threshold=1", "--param", "threshold=99")
    assert result.exit_code == 2
    assert "Error: --param threshold given twice" in result.stderr
    assert "Traceback" not in result.output


def test_a_parameter_that_is_not_utf8_is_refused(grocery_path):
    line = error_line(invoke("query", "stream-steps", grocery_path, "--param", "stream=\udcff"))
    assert "parameter 'stream'" in line and "UTF-8" in line


# --- standard input ---------------------------------------------------------------------


def test_dash_reads_the_portfolio_from_standard_input(grocery_path):
    result = invoke("summary", "-", "--input-format", "turtle", stdin=Path(grocery_path).with_suffix(".ttl").read_bytes())
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{GROCERY_TRIPLES} triples\n")


def test_dash_without_a_format_is_refused_with_the_fix():
    line = error_line(invoke("summary", "-", stdin=b""))
    assert line.startswith("vsgraph: error: <stdin>: ") and "--input-format" in line


def test_standard_input_is_checked_like_a_file():
    line = error_line(invoke("summary", "-", "--input-format", "rdfxml", stdin=(HOSTILE / "billion-laughs.rdf").read_bytes()))
    assert line.startswith("vsgraph: error: <stdin>:3: the DOCTYPE declares XML entities")


def test_an_ill_typed_literal_is_a_finding_without_a_logged_traceback(tmp_path: Path) -> None:
    """Regression: rdflib logged a warning with a traceback on stderr while the findings were made."""
    source = tmp_path / "ill-typed.ttl"
    source.write_text(
        "@prefix vsg: <https://w3id.org/vsgraph#> .\n"
        '<urn:x:s> a vsg:Step ; vsg:percentCompleteAccurate "8h"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-c", "from vsgraph.cli import main; main()", "validate", str(source)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
