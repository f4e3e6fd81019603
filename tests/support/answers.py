"""Catalog answers in a form a test can compare: rows of local names, on either engine."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import vsgraph
from vsgraph.query_catalog.queries import run_query

#: The in-memory engines every catalog question is asked on.
ENGINES = ("oxigraph", "rdflib")


@cache
def portfolio(path: Path, engine: str) -> vsgraph.Portfolio:
    """Each fixture loaded once per engine; the tests only read them."""
    return vsgraph.load(path, engine=engine)


def local(value: object) -> object:
    """An IRI's last path segment or fragment, any other value as it is."""
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        return re.split(r"[/#]", value)[-1]
    return value


def answer(path: Path, engine: str, name: str, keep_labels: bool = False, **params: object) -> list[tuple]:
    table = run_query(portfolio(path, engine), name, params)
    columns = [v for v in table.variables if keep_labels or not v.endswith("Label")]
    return [tuple(local(row[column]) for column in columns) for row in table.rows]
