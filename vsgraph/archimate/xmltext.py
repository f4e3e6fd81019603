"""XML written as text: escaping, and a document gathered piece by piece and written in chunks.

The exchange file is written line by line rather than built as an lxml tree and then
serialised: at portfolio scale the tree costs more than everything else the export does.
The text is the one lxml wrote (indentation by two spaces, double-quoted attributes, the
same escapes), so that an export's bytes do not depend on how it was written.

Escaping follows libxml2's serialiser: ``&``, ``<``, ``>`` and carriage return in text;
those, the double quote, tab and line feed in an attribute (so that a parser gives the
value back rather than normalising its white space). A character that XML 1.0 cannot hold
(the C0 controls but tab, line feed and carriage return; U+FFFE and U+FFFF) raises the
``ValueError`` lxml raises, since no escape can write it. :mod:`xml.sax.saxutils` is not
used: its ``quoteattr`` picks single quotes when a value holds a double one, and neither
of its functions refuses what XML cannot hold.
"""

from __future__ import annotations

import re
from typing import BinaryIO

#: Characters to escape in text, or that XML cannot hold.
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: How many pieces of text are joined and written at once.
_CHUNK = 1 << 14


def text(value: str) -> str:
    """``value`` as the content of an element."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    _refuse_incompatible(value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def attribute(value: str) -> str:
    """``value`` as the value of a double-quoted attribute."""
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    _refuse_incompatible(value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return value.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def _refuse_incompatible(value: str) -> None:
    if _INCOMPATIBLE.search(value):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")


class Document:
    """The text of a document, gathered piece by piece and written at the end, so that an
    error while writing it (a character XML cannot hold) leaves the output untouched."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        #: Add a piece of text.
        self.add = self.pieces.append

    def write(self, out: BinaryIO) -> None:
        """Write the document to ``out`` in UTF-8, a chunk of pieces at a time."""
        for start in range(0, len(self.pieces), _CHUNK):
            out.write("".join(self.pieces[start : start + _CHUNK]).encode())
