"""A generated portfolio of about a thousand value streams and its report, shared by the
tests of the folder layout and the browser test (generating and reporting it once)."""

from __future__ import annotations

from pathlib import Path

import pytest

import vsgraph
from bench.generator import generate

#: Operational streams of the generated portfolio: with the development streams that
#: support them, 994 value streams (about 140k triples).
GENERATED_STREAMS = 710


@pytest.fixture(scope="session")
def generated_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``index.html`` of the report of the generated portfolio, written with the
    default layout (by size: a folder)."""
    folder = tmp_path_factory.mktemp("generated")
    portfolio = vsgraph.load(generate(GENERATED_STREAMS).write(folder / "portfolio.nt"))
    return vsgraph.write_report(portfolio, folder / "report.html")
