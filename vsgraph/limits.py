"""The resource limits that bound what one input can cost, decided up front.

A tiny file must never cost gigabytes or minutes: a YAML alias bomb, an XML entity bomb,
a workbook that claims a million rows, a literal of hundreds of megabytes. Every reader
checks its input against these limits and raises a located
:class:`~vsgraph.errors.InputError` (a :class:`~vsgraph.errors.LimitError`) when one is
passed, instead of trying. The defaults fit any real portfolio with room to spare
(``docs/limits.md`` lists them with the reasoning); a caller with a larger one passes
its own :class:`InputLimits` to :func:`vsgraph.load`.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass


@dataclass(frozen=True)
class InputLimits:
    """What one input may hold before vsgraph refuses to read it."""

    #: How deeply YAML mappings and lists, JSON-LD objects and XML elements may nest.
    max_depth: int = 100
    #: The largest single literal (a name, a description, a cell) in characters.
    max_literal_chars: int = 1_000_000
    #: YAML anchors referenced by aliases: refused outright when ``False``, since an alias
    #: re-reads its anchor and a few hundred bytes of aliases can expand to gigabytes.
    allow_yaml_aliases: bool = False
    #: The digits of a number written in YAML, CSV or a spreadsheet cell.
    max_number_digits: int = 100
    #: Rows and columns of one sheet in a workbook, and rows of one CSV file.
    max_rows: int = 1_000_000
    max_columns: int = 200
    #: The largest uncompressed part of an XLSX workbook (a sheet, the shared strings).
    max_workbook_part_bytes: int = 512 * 1024 * 1024
    #: How much of an offending value an error message quotes.
    max_quoted_chars: int = 80
    #: The characters of local JSON-LD contexts inlined into one document, counted at every
    #: reference: a context named by each of many nodes is copied once per node.
    max_inlined_context_chars: int = 10_000_000
    #: How many times its packed size one part of an XLSX workbook may unpack to (parts
    #: under a megabyte are exempt): real sheets stay far below, zip bombs far above.
    max_workbook_compression_ratio: int = 100


#: The limits every reader uses unless told otherwise.
DEFAULT_LIMITS = InputLimits()


def quoted(value: object, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """``repr(value)`` cut to ``limits.max_quoted_chars``, for an error message.

    A message that quotes a value in full can itself be the bomb (a tiny YAML alias bomb
    once produced a message of hundreds of megabytes), so every message that quotes user
    input goes through here. :mod:`reprlib` cuts while it writes: a huge list or mapping is
    never written out in full first.
    """
    if isinstance(value, str):
        text = repr(value[: limits.max_quoted_chars + 1])
    else:
        shortener = reprlib.Repr()
        shortener.maxother = shortener.maxlong = limits.max_quoted_chars
        shortener.maxlist = shortener.maxdict = shortener.maxtuple = shortener.maxset = 4
        text = shortener.repr(value)
    if len(text) > limits.max_quoted_chars:
        return text[: limits.max_quoted_chars] + "…"
    return text
