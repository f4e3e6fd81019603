"""Reading a portfolio from any authoring format into a model or a graph.

The one dispatch from a format name (``yaml``, ``xlsx``, ``csv``) to its reader, used by
the loader (:func:`vsgraph.load`, which keeps where each thing was written for the
validation findings) and by the example generator.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from vsgraph.authoring.model import PortfolioModel
from vsgraph.authoring.origins import SourceMap
from vsgraph.authoring.spreadsheet import read_csv_folder, read_workbook
from vsgraph.authoring.writer import write_graph, write_graph_and_sources
from vsgraph.authoring.yaml_io import read_yaml
from vsgraph.errors import InputError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits

_READERS = {"yaml": read_yaml, "xlsx": read_workbook, "csv": read_csv_folder}


def read_model(path: Path | str, fmt: str, *, limits: InputLimits = DEFAULT_LIMITS) -> PortfolioModel:
    """Read the portfolio at ``path`` in format ``fmt`` (not yet checked), within ``limits``."""
    path = Path(path)
    exists = path.is_dir() if fmt == "csv" else path.is_file()
    if not exists:
        raise InputError("no such folder" if fmt == "csv" else "no such file", path=path)
    return _READERS[fmt](path, limits=limits)


def read_graph(path: Path | str, fmt: str, *, limits: InputLimits = DEFAULT_LIMITS) -> Graph:
    """Read and check the portfolio at ``path`` within ``limits``; return its triples."""
    return write_graph(read_model(path, fmt, limits=limits), limits=limits)


def read_graph_and_sources(path: Path | str, fmt: str, *, limits: InputLimits = DEFAULT_LIMITS) -> tuple[Graph, SourceMap]:
    """As :func:`read_graph`, with where each node's keys were written in the file."""
    return write_graph_and_sources(read_model(path, fmt, limits=limits), limits=limits)
