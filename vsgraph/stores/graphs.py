"""Which named graph holds which portfolio, the same in an on-disk store and on a server.

A store shared by a portfolio team holds several portfolios side by side, one named graph
each, so that loading one replaces exactly that one. The graph is named
``urn:vsgraph:portfolio:<name>``: a URN, because the graph is vsgraph's bookkeeping rather
than a web resource, and it can never clash with the IRIs of the data inside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from vsgraph.errors import StoreError

#: The prefix of every portfolio's named graph.
GRAPH_PREFIX = "urn:vsgraph:portfolio:"
#: The prefix of the named graph beside each portfolio's that says where its things were
#: written (:mod:`vsgraph.stores.origins`).
ORIGINS_PREFIX = "urn:vsgraph:origins:"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def portfolio_graph(name: str) -> ox.NamedNode:
    """The named graph that holds the portfolio called ``name``."""
    if not _NAME.match(name):
        raise StoreError(
            f"{name!r} cannot name a portfolio: use letters, digits, '.', '_' and '-' (starting with a letter or digit)"
        )
    return ox.NamedNode(GRAPH_PREFIX + name)


def origins_graph(name: str) -> ox.NamedNode:
    """The named graph that says where the things of portfolio ``name`` were written."""
    portfolio_graph(name)  # the same names are allowed
    return ox.NamedNode(ORIGINS_PREFIX + name)


def portfolio_name(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | str) -> str | None:
    """The portfolio a named graph holds, or ``None`` for a graph vsgraph did not write."""
    iri = graph if isinstance(graph, str) else getattr(graph, "value", "")
    return iri[len(GRAPH_PREFIX) :] if iri.startswith(GRAPH_PREFIX) else None


def default_name(paths: list[Path | str]) -> str:
    """A portfolio's name when none is given: the first input's file name without extension."""
    if not paths:
        raise StoreError("nothing to load: name at least one file")
    return Path(paths[0]).stem
