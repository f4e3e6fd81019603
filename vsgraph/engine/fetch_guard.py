"""Refuse SPARQL that would make the engine fetch a URL (``SERVICE``, ``LOAD``).

Oxigraph and rdflib both act as HTTP clients for ``SERVICE <url>`` in a query and
``LOAD <url>`` in an update, which turns any place that runs user SPARQL into a proxy into
the network it runs in. vsgraph refuses both unless the caller opts in.

The decision must hold for what the engine will execute, not for another parser's reading
of the text: an earlier guard parsed queries with rdflib, which ends a ``#`` comment only at
a line feed while Oxigraph also ends it at a carriage return, so a ``SERVICE`` hidden
behind ``# x\\r`` was invisible to the guard and executed by Oxigraph. So this check does
not parse at all. It removes only what can never hold a keyword (comments, strings, IRIs,
variables, prefixed names), each by the narrowest reading any engine could give it, and
refuses if what remains contains ``service`` or ``load`` anywhere, even inside a longer
word (a PEG parser may read ``5SERVICE`` or ``trueSERVICE`` as two tokens). Where the
engines could differ the check takes the reading that exposes more text:

* a comment ends at the first line break of any kind (``\\r``, ``\\n``, form feed, ...);
* ``\\u``/``\\U`` escapes are decoded before tokenising, as the SPARQL grammar says, and the
  text is checked both decoded and as given, so an engine that decodes and one that does
  not are both covered;
* a quote or ``<`` that does not open a well-formed string or IRI is ordinary text;
* a prefixed name is skipped only when its prefix holds no keyword (``SERVICE:x`` can be
  read as ``SERVICE`` followed by ``:x``).

The price is a rare refusal of a harmless query (``ex:a.service``, ``5loads``), never a
fetch. The check is linear in the length of the text.
"""

from __future__ import annotations

import re

from vsgraph.errors import RefusedError

#: The keywords that make an engine fetch, in a query (SERVICE) or an update (both).
_FETCHING = re.compile(r"service|load", re.IGNORECASE)

#: Everything that cannot hold a keyword, by the narrowest reading, and the words left over.
_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\r\n\f\v\x85\u2028\u2029]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'
               |"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$][A-Za-z0-9_]+)
    | (?P<name>(?<![A-Za-z0-9_.:-])(?P<prefix>[A-Za-z][A-Za-z0-9_-]*)?:[A-Za-z0-9_-]*)
    | (?P<word>[A-Za-z]+)
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def refuse_fetching(text: str) -> None:
    """Raise :class:`~vsgraph.errors.RefusedError` if ``text`` could make an engine fetch a URL.

    ``text`` is a SPARQL query or update, exactly as it will be handed to the engine.
    """
    for reading in (text, _decode_escapes(text)):
        keyword = _fetching_keyword(reading)
        if keyword is not None:
            raise RefusedError(
                f"{keyword.upper()} is refused: vsgraph never fetches a URL named in a query or an update "
                "unless you allow it (the API's allow_fetch=True, the command line's --allow-service)"
            )


def names_a_dataset(text: str) -> bool:
    """Whether the query has a ``FROM`` or ``FROM NAMED`` clause of its own.

    A spurious yes (``from`` as a word in an odd place) only means the query is answered
    from the dataset it names, as Oxigraph would read it anyway.
    """
    return any(match.group("word") and match.group("word").lower() == "from" for match in _TOKENS.finditer(text))


def _fetching_keyword(text: str) -> str | None:
    for match in _TOKENS.finditer(text):
        word = match.group("word") or match.group("prefix")
        if word:
            found = _FETCHING.search(word)
            if found:
                return found.group(0)
    return None


def _decode_escapes(text: str) -> str:
    """The text with ``\\uXXXX`` and ``\\UXXXXXXXX`` replaced by their characters."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(decode, text)
