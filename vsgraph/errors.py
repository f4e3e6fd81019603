"""The exceptions vsgraph raises.

Every error a user can cause derives from :class:`VsgraphError`, so that callers (and the
CLI) can catch one class. Errors from rdflib, pyoxigraph, pyshacl and owlready2 are
translated at the edge with ``raise ... from exc`` so that the message speaks of the user's
file or node, while the original stays available as ``__cause__``.
"""

from __future__ import annotations

from pathlib import Path


class VsgraphError(Exception):
    """Base class of every error vsgraph raises on purpose."""


class InputError(VsgraphError):
    """An input file cannot be read: it is missing, of an unknown format, or malformed.

    ``path`` and ``line`` (when known) point at the offending place.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.path = Path(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if line is not None:
                where += f":{line}"
            where += ": "
        super().__init__(f"{where}{message}")


class ResourceError(VsgraphError):
    """A file that ships with vsgraph (ontology, shapes, queries) cannot be found or read."""


class ReasoningError(VsgraphError):
    """The reasoner could not run (for example, no Java runtime for HermiT)."""


class QueryError(VsgraphError):
    """A SPARQL query cannot run: an unknown catalog name, a missing or ill-typed
    parameter, or a syntax error in the query text."""


class PublishError(VsgraphError):
    """An export or the ontology documentation could not be written (bad option, unwritable place)."""


class AuthoringError(InputError):
    """A portfolio description (Python, YAML or spreadsheet) is wrong.

    An unknown reference, an id used twice, a bad time unit, a missing name: the message
    says what is wrong in the portfolio's own words and, for a file, where (the file and
    line of a YAML key, or the sheet, row and column of a spreadsheet cell).
    """


class StoreError(VsgraphError):
    """A store cannot be used: an on-disk store that is missing, damaged or locked by
    another writer, a SPARQL server that cannot be reached or refuses a request."""


class RefusedError(QueryError):
    """A query or update asks for something vsgraph does not do unless allowed: fetching a
    URL (``SERVICE``, ``LOAD``; see :mod:`vsgraph.engine.fetch_guard`), or changing the store of a
    read-only endpoint."""


class LimitError(InputError):
    """An input passes one of the resource limits of :class:`vsgraph.limits.InputLimits`
    (nesting depth, literal size, workbook dimensions, YAML aliases, XML entities).

    Refused before the work is done, so a tiny hostile file can never cost gigabytes or
    minutes; the message names the limit and how to raise it.
    """


class MissingExtraError(VsgraphError, ImportError):
    """A feature needs a package that is an optional extra of vsgraph and is not installed
    (pandas for ``Table.to_pandas``, polars for ``Table.to_polars``).

    The message names the ``pip install`` command that adds it. It is also an
    :class:`ImportError`, so code that already guards the import of pandas catches it.
    """
