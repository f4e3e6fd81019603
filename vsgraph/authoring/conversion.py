"""Writing any portfolio as YAML, an XLSX workbook or a folder of CSV files.

Whatever a portfolio was loaded from (Turtle, YAML, a workbook), it is read back into a
:class:`~vsgraph.authoring.model.PortfolioModel` (:func:`read_portfolio`) and written by
the format's own writer, so converting YAML to a workbook and back gives the same graph.
The model is written to triples first as a check: a graph whose things cannot be said in
the authoring formats is refused with the writer's own message rather than half
written, and statements the formats have no key for (provenance, say) are counted,
so the caller can say what was left out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from vsgraph.authoring.reader import read_portfolio
from vsgraph.authoring.spreadsheet import write_csv_folder, write_workbook
from vsgraph.authoring.writer import write_graph
from vsgraph.authoring.yaml_io import dump_yaml
from vsgraph.errors import PublishError
from vsgraph.linked_data.export import ExportResult
from vsgraph.portfolio import Portfolio
from vsgraph.safe_write import write_file

#: The authoring formats a portfolio can be written in.
AUTHORING_OUTPUTS = ("yaml", "xlsx", "csv")
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}


@dataclass(frozen=True)
class AuthoredExport(ExportResult):
    """What a conversion wrote; ``left_out`` counts the statements of the portfolio that
    the authoring formats have no key for."""

    left_out: int = 0


def authoring_output(destination: Path | str, output_format: str | None = None) -> str | None:
    """The authoring format to write ``destination`` in, or ``None`` for another format.

    ``output_format`` wins when given; otherwise ``.yaml``/``.yml`` is YAML, ``.xlsx`` a
    workbook, and a folder (a name ending in ``/``, or a folder that exists and has no
    extension) a CSV folder.
    """
    if output_format is not None:
        return output_format if output_format in AUTHORING_OUTPUTS else None
    text = os.fspath(destination)
    if text.endswith(("/", os.sep)):
        return "csv"
    suffix = Path(text).suffix.lower()
    # A folder that exists is a CSV folder only without an extension: a folder in the way
    # of grocery.ttl is an error of the linked-data export, not a place to write CSV into.
    if not suffix and Path(text).is_dir():
        return "csv"
    return _SUFFIXES.get(suffix)


def write_authored(portfolio: Portfolio | Graph, destination: Path | str, output_format: str) -> AuthoredExport:
    """Write ``portfolio`` to ``destination`` in ``output_format`` (yaml, xlsx or csv),
    replacing it atomically (a CSV folder's files all or none: :mod:`vsgraph.safe_write`)."""
    if output_format not in AUTHORING_OUTPUTS:
        raise PublishError(f"unknown authoring format {output_format!r}; expected one of {', '.join(AUTHORING_OUTPUTS)}")
    graph = portfolio.graph if isinstance(portfolio, Portfolio) else portfolio
    model = read_portfolio(graph)
    written = write_graph(model)
    left_out = sum(1 for triple in graph if triple not in written)
    path = Path(destination)
    if output_format == "yaml":
        text = dump_yaml(model).encode("utf-8")
        write_file(path, lambda out: out.write(text))
    elif output_format == "xlsx":
        write_workbook(model, path)
    else:
        write_csv_folder(model, path)
    return AuthoredExport(paths=[path], format=output_format, statements=len(written), left_out=left_out)
