"""``help(vsgraph)`` prints the API, and nothing else: no warnings, no log lines.

It once printed some three hundred lines of rdflib warnings: pydoc walked the ``VSG``
namespace class, whose ``__dir__`` (rdflib's ``DefinedNamespace``) lists full IRIs rather
than attribute names.
"""

from __future__ import annotations

import logging
import pydoc
import subprocess
import sys
import warnings

import vsgraph
from tests.support.paths import ROOT


def test_help_renders_without_warnings_or_log_lines(caplog) -> None:
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG):
        warnings.simplefilter("always")
        text = pydoc.render_doc(vsgraph)
    assert [str(warning.message) for warning in caught] == []
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert "does not look like a valid URI" not in text
    for name in ("load", "run_query", "Portfolio", "Table", "QueryResult", "ValidationReport"):
        assert name in text


def test_help_in_a_fresh_interpreter_writes_nothing_to_stderr() -> None:
    """A new process, so that no earlier lookup hides a warning behind rdflib's caches."""
    script = "import pydoc, vsgraph; pydoc.render_doc(vsgraph); help(vsgraph)"
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PAGER": "cat", "PATH": "/usr/bin:/bin", "TERM": "dumb"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Portfolio" in done.stdout


def test_vsg_is_still_there() -> None:
    from vsgraph import VSG

    assert vsgraph.VSG is VSG
    assert str(VSG.Step) == "https://w3id.org/vsgraph#Step"
    assert "VSG" in vsgraph.__all__
