"""Parsing an exchange file into an lxml tree, refused exactly as RDF/XML is refused.

Every XML input passes the streaming check :func:`vsgraph.inputs.rdf.check_xml`: it refuses
a DOCTYPE that declares entities, elements nested deeper than ``InputLimits.max_depth``, a
text longer than ``InputLimits.max_literal_chars`` and anything that is not well-formed,
naming the line. That check walks the file from Python, event by event, and costs more
than lxml's parse of the same file, so an exchange file is parsed first, with the same
hardened options (no entity expanded, no DTD loaded, nothing fetched, libxml2's own caps
on depth and text size kept), and the tree is checked against the limits in C and in one
Python pass over its texts. Only when the parse fails or the tree breaks a rule is the
streaming check run: it then raises the very error (message and line, and of several
problems the first) it raises for RDF/XML, and that a check before the parse would have
raised. A file that breaks a limit is thus parsed whole before it is refused, which costs
what a valid file of its size costs: nothing is ever expanded, so a small file stays small.

A DOCTYPE of any kind is refused after that check: exchange files never need one, and an
external DTD is a fetch waiting to happen in the next tool that opens the file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from lxml import etree

from vsgraph.errors import InputError
from vsgraph.inputs.rdf import XML_OPTIONS, check_xml, line_of
from vsgraph.limits import InputLimits

#: The options of the parse: those of the RDF/XML check, and comments and processing
#: instructions left out (their text is no part of a name or a value).
_OPTIONS: dict[str, Any] = {**XML_OPTIONS, "remove_comments": True, "remove_pis": True}
#: How many levels one compiled path descends: libxml2 evaluates a path step by step, and
#: a path of thousands of steps would recurse as deeply.
_STEPS = 64


def parse_exchange(path: Path, limits: InputLimits) -> etree._ElementTree:
    """The tree of the file at ``path``, which passes :func:`~vsgraph.inputs.rdf.check_xml`
    and has no DOCTYPE; an :class:`~vsgraph.errors.InputError` with the line otherwise."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(**_OPTIONS))
    except etree.XMLSyntaxError as exc:
        check_xml(path, None, limits)  # raises the error a check before the parse would
        raise InputError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno or None) from exc
    except OSError as exc:
        check_xml(path, None, limits)
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    doctype = bool(getattr(tree.docinfo, "doctype", None))  # lxml-stubs' DocInfo lacks doctype
    if doctype or not _within(tree.getroot(), limits):
        # A tree that may break a rule: the check says which, and where. A text the parse
        # joined across a comment is longer than the check sees it, so the check may pass.
        check_xml(path, None, limits)
    if doctype:
        raise InputError(
            "the file has a DOCTYPE, which ArchiMate exchange files never need and vsgraph does "
            "not follow (an external DTD would be fetched by other tools); remove it",
            path=path,
            line=line_of(b"<!DOCTYPE", path, None),
        )
    return tree


def _within(root: etree._Element, limits: InputLimits) -> bool:
    """Whether no element nests deeper than the limits allow and no text is longer."""
    if limits.max_depth < 1 or _deeper(root, limits.max_depth):
        return False
    longest = limits.max_literal_chars
    for node in root.iter():
        text = node.text
        if text is not None and len(text) > longest:
            return False
    return True


def _deeper(root: etree._Element, depth: int) -> bool:
    """Whether an element lies more than ``depth`` levels down, the root being the first:
    libxml2 follows the path of child steps, a few dozen at a time."""
    frontier = [root]
    remaining = depth
    while remaining > 0 and frontier:
        steps = min(remaining, _STEPS)
        below = _children(steps)
        # A path of child steps selects elements only; its stubs type any XPath result.
        frontier = [node for start in frontier for node in cast("list[etree._Element]", below(start))]
        remaining -= steps
    return bool(frontier)


@lru_cache(maxsize=8)
def _children(steps: int) -> etree.XPath:
    """The elements ``steps`` levels below the context element."""
    return etree.XPath("/".join(["*"] * steps))
