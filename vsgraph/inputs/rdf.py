"""Reading inputs into Oxigraph quads, with errors that name the file and line.

Every RDF file is parsed by Oxigraph, whichever engine holds the portfolio afterwards: it
is fast, it reports line numbers, and it leaves literals in the canonical form that the
rest of vsgraph relies on. YAML files, XLSX workbooks and CSV folders are read by
:mod:`vsgraph.authoring`, checked, and written as triples.

Two RDF formats are checked before Oxigraph sees them, against the
:class:`~vsgraph.limits.InputLimits` of the load: JSON-LD is read, bounded and given its
contexts by :func:`vsgraph.inputs.jsonld_contexts.read_jsonld`, and RDF/XML passes a streaming
well-formedness check by lxml (:func:`check_xml`), because Oxigraph expands the XML
entities a file declares, forgives a truncated file and gives no line for an RDF/XML
error. ``-`` names standard input, as in rdfpipe and riot; its format must be named.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, TypedDict, cast

import pyoxigraph as ox
from lxml import etree

from vsgraph.engine.parallel import available_cpus
from vsgraph.errors import InputError, LimitError
from vsgraph.inputs.formats import ARCHIMATE_FORMAT, AUTHORING_FORMATS, RDF_FORMATS, authoring_format, rdf_format
from vsgraph.inputs.jsonld_contexts import read_jsonld
from vsgraph.limits import DEFAULT_LIMITS, InputLimits
from vsgraph.vocabulary.ontology import known_ontologies

#: The file name that stands for standard input.
STDIN = "-"
#: How messages name standard input.
STDIN_NAME = Path("<stdin>")

_OWL_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
#: Formats whose lenient parser reads what the strict one reads and only skips its checks
#: (of IRIs, chiefly), so that a lenient load of input the strict parser accepts is the
#: strict load. Left out: JSON-LD and RDF/XML, whose parsers do more than read statements
#: (expanding terms, resolving rdf:ID) and whose lenient modes are not documented as
#: merely skipping checks.
_CHECKABLE_BESIDE = frozenset({ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG})
#: lxml reads RDF/XML as data, never as instructions: no entity is expanded, no DTD is
#: loaded, nothing is fetched, and libxml2 keeps its own caps on depth and text size
#: (the ArchiMate reader uses the same options).
XML_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
#: libxml2 ends its messages with the position, which the error carries separately.
_XML_POSITION = re.compile(r"\s*,\s*line \d+, column \d+$")
#: The first text an Oxigraph message quotes, for finding its line.
_QUOTED = re.compile(r"'([^']{3,})'")
#: The largest file searched for the text an error quotes.
_LINE_SEARCH_BYTES = 64 << 20


class _Source(TypedDict, total=False):
    """Oxigraph's source argument: ``path``, or ``input`` (exactly one of them)."""

    #: A file Oxigraph reads itself.
    path: str
    #: The bytes of a checked input, or the stream of standard input.
    input: bytes | BinaryIO


@dataclass(frozen=True)
class _RdfInput:
    """One RDF input as Oxigraph reads it."""

    #: What messages call the input: its path, or :data:`STDIN_NAME`.
    name: Path
    format: ox.RdfFormat
    #: Oxigraph's source argument: ``{"path": ...}``, or ``{"input": ...}`` with the bytes
    #: of a checked input or the stream of standard input.
    source: _Source
    base_iri: str
    #: Whether Oxigraph's line numbers are the file's (not those of a rewritten text).
    own_lines: bool = True


def read_quads(path: Path | str, input_format: str | None = None, *, limits: InputLimits = DEFAULT_LIMITS) -> list[ox.Quad]:
    """Parse one input completely; raise :class:`InputError` and return nothing on error.

    The input is an RDF file, ``-`` for standard input (with ``input_format``), or a
    portfolio in an authoring format (YAML, XLSX, a CSV folder), which is checked and
    written as triples first. ``limits`` bound what the input may cost
    (:class:`~vsgraph.errors.LimitError` when passed).
    """
    authored = _authoring_format(path, input_format)
    if authored is not None:
        return _authored_quads(Path(path), authored, limits)
    rdf = _rdf_input(path, input_format, limits)
    with _reading(rdf, limits):
        quads = list(ox.parse(**rdf.source, format=rdf.format, base_iri=rdf.base_iri))
    _check_imports(quads, rdf.name, limits)
    return quads


def read_into_store(
    store: ox.Store,
    path: Path | str,
    input_format: str | None = None,
    *,
    limits: InputLimits = DEFAULT_LIMITS,
) -> None:
    """Load one input straight into an Oxigraph store, the fast path for large files.

    Oxigraph parses and inserts in Rust, without a Python object per triple (much faster
    than :func:`read_quads` at portfolio scale), and a second core checks the input
    meanwhile (:func:`_load`). On an error the store may hold part of the file, or
    statements the strict parser refused: load into a store you can throw away.
    """
    authored = _authoring_format(path, input_format)
    if authored == ARCHIMATE_FORMAT:
        _load_archimate(store, Path(path), limits)
        return
    if authored is not None:
        store.extend(_authored_quads(Path(path), authored, limits))
        return
    rdf = _rdf_input(path, input_format, limits)
    with _reading(rdf, limits):
        _load(store, rdf.source, rdf.format, rdf.base_iri)
    _check_imports(store.quads_for_pattern(None, _OWL_IMPORTS, None, None), rdf.name, limits)


def is_stdin(path: Path | str) -> bool:
    """Whether ``path`` names standard input (``-``)."""
    return str(path) == STDIN


def _load(store: ox.Store, source: _Source, fmt: ox.RdfFormat, base_iri: str) -> None:
    """Load ``source`` into ``store`` as Oxigraph's strict parser reads it, using two cores.

    Checking every IRI takes a large share of a strict load. Oxigraph's lenient load
    skips those checks, and it runs without the GIL, so a thread can meanwhile parse the
    same input strictly, keeping nothing: the load is kept only if that parse accepts the
    whole input, and otherwise fails with the strict parser's own error (at the first
    invalid statement, as a strict load would). ``bench/README.md`` has the figures.
    """
    if fmt not in _CHECKABLE_BESIDE or available_cpus() < 2 or "path" not in source:
        # A stream (standard input) is read once, strictly.
        store.load(**source, format=fmt, base_iri=base_iri)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vsgraph-strict-parse") as pool:
        strict = pool.submit(_parse_strictly, source, fmt, base_iri)
        try:
            store.load(**source, format=fmt, base_iri=base_iri, lenient=True)
        finally:
            # Raises the strict parser's error, which takes the place of any the lenient
            # load raised: that one may come later in the input, or not at all.
            strict.result()


def _parse_strictly(source: _Source, fmt: ox.RdfFormat, base_iri: str) -> None:
    deque(ox.parse(**source, format=fmt, base_iri=base_iri), maxlen=0)


def _authoring_format(path: Path | str, input_format: str | None) -> str | None:
    """The authoring format of ``path``, as :func:`authoring_format` tells; standard input
    holds RDF only, since the authoring readers read files."""
    if not is_stdin(path):
        return authoring_format(Path(path), input_format)
    if input_format in AUTHORING_FORMATS:
        raise InputError(
            f"standard input (-) can hold RDF ({', '.join(RDF_FORMATS)}), not {input_format}; "
            "save the portfolio to a file and name that file",
            path=STDIN_NAME,
        )
    return None


def _rdf_input(path: Path | str, input_format: str | None, limits: InputLimits) -> _RdfInput:
    """Find the format of an RDF input, read standard input, and check what Oxigraph
    should not be trusted with (JSON-LD and RDF/XML); see the module's docstring."""
    if is_stdin(path):
        return _stdin_input(input_format, limits)
    name = Path(path)
    _require_file(name)
    fmt = rdf_format(name, input_format)
    base_iri = name.resolve().as_uri()
    if fmt == ox.RdfFormat.JSON_LD:
        return _RdfInput(name, fmt, {"input": read_jsonld(name, limits=limits)}, base_iri, own_lines=False)
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml(name, None, limits)
    return _RdfInput(name, fmt, {"path": str(name)}, base_iri)


def _stdin_input(input_format: str | None, limits: InputLimits) -> _RdfInput:
    """Standard input, streamed to Oxigraph, or read whole for the formats checked first.

    Relative IRIs resolve against the working directory, as for a file there.
    """
    fmt = _stdin_format(input_format)
    base_iri = Path.cwd().as_uri() + "/"
    if fmt == ox.RdfFormat.JSON_LD:
        document = read_jsonld(STDIN_NAME, limits=limits, data=sys.stdin.buffer.read())
        return _RdfInput(STDIN_NAME, fmt, {"input": document}, base_iri, own_lines=False)
    if fmt == ox.RdfFormat.RDF_XML:
        data = sys.stdin.buffer.read()
        check_xml(STDIN_NAME, data, limits)
        return _RdfInput(STDIN_NAME, fmt, {"input": data}, base_iri)
    return _RdfInput(STDIN_NAME, fmt, {"input": sys.stdin.buffer}, base_iri)


def _stdin_format(input_format: str | None) -> ox.RdfFormat:
    if input_format is None:
        raise InputError(
            "standard input (-) has no extension to tell its format from; name it with "
            f"--input-format (input_format= in Python): one of {', '.join(RDF_FORMATS)}",
            path=STDIN_NAME,
        )
    return rdf_format(STDIN_NAME, input_format)


def _require_file(path: Path) -> None:
    try:
        found = path.is_file()
    except OSError as exc:  # a name too long for the file system, for one
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    if not found:
        raise InputError("no such file", path=path)


@contextmanager
def _reading(rdf: _RdfInput, limits: InputLimits) -> Iterator[None]:
    """Translate Oxigraph's parse errors into an :class:`InputError` naming file and line."""
    fmt = rdf.format.name
    try:
        yield
    except SyntaxError as exc:
        line = exc.lineno if rdf.own_lines else None
        if line is None:
            line = _line_quoted(exc.msg, rdf)
        raise InputError(f"not valid {fmt}: {_cut(exc.msg, limits)}", path=rdf.name, line=line) from exc
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot read as {fmt}: {_cut(str(exc), limits)}", path=rdf.name) from exc
    except MemoryError as exc:
        # Oxigraph refuses a single token (a literal, an IRI) larger than its buffer with a
        # MemoryError that says so; a bare one is the machine running out.
        raise LimitError(
            f"too large to read as {fmt}: {exc or 'out of memory'}; split very long literals "
            "or load the input on a machine with more memory",
            path=rdf.name,
        ) from exc


def check_xml(name: Path, data: bytes | None, limits: InputLimits) -> None:
    """Refuse RDF/XML that is not well-formed XML or passes ``limits``, with lxml's line.

    One streaming pass (:func:`_walk_xml`) whose memory does not grow with the file, run
    before Oxigraph reads anything: a DOCTYPE that declares entities (a few hundred bytes
    of nested entities expand to gigabytes in Oxigraph), a truncated or empty file, a NUL
    byte, elements nested deeper than ``limits.max_depth`` or a text longer than
    ``limits.max_literal_chars`` all stop the load here.
    """
    try:
        with _xml_stream(name, data) as stream:
            _walk_xml(etree.iterparse(stream, events=("start", "end"), **XML_OPTIONS), name, data, limits)
    except etree.XMLSyntaxError as exc:
        message = _cut(_XML_POSITION.sub("", exc.msg or "").strip(), limits)
        raise InputError(f"not well-formed XML: {message}", path=name, line=exc.lineno or None) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from exc


def _line_quoted(message: str, rdf: _RdfInput) -> int | None:
    """The line of the text an Oxigraph error without a position quotes (an IRI, a stray
    text, a JSON-LD key), when that text occurs exactly once in the input as written.

    Oxigraph gives no position for RDF/XML errors (the well-formedness errors of
    :func:`check_xml` have lxml's line), nor for JSON-LD ones, which it finds in the
    document with its contexts inlined. A text found more than once, or written with
    entities or escapes, would be a guess, so it gets no line; so does JSON-LD read from
    standard input, whose text as written is gone.
    """
    found = _QUOTED.search(message)
    data = rdf.source.get("input") if rdf.own_lines else None
    if found is None or not (isinstance(data, bytes) or rdf.name != STDIN_NAME):
        return None
    if not isinstance(data, bytes):
        with rdf.name.open("rb") as stream:
            data = stream.read(_LINE_SEARCH_BYTES + 1)
        if len(data) > _LINE_SEARCH_BYTES:
            return None
    quoted = found.group(1).encode()
    first = data.find(quoted)
    if first < 0 or data.find(quoted, first + 1) >= 0:
        return None
    first += len(quoted) - len(quoted.lstrip())  # a text's line is that of its first word
    return data.count(b"\n", 0, first) + 1


def _cut(message: str, limits: InputLimits) -> str:
    """A parser's message with its quote of the input cut to a few times
    ``limits.max_quoted_chars``.

    Oxigraph and libxml2 quote the offending token whole, and a token can be megabytes
    long (a run of digits, a tag name): the message must not be. Its head says where and
    its tail what is wrong, so the middle goes.
    """
    keep = limits.max_quoted_chars
    if len(message) <= 3 * keep:
        return message
    return f"{message[: 2 * keep]}…{message[-keep:]}"


@contextmanager
def _xml_stream(name: Path, data: bytes | None) -> Iterator[BinaryIO]:
    if data is not None:
        yield BytesIO(data)
        return
    with name.open("rb") as stream:
        yield stream


def _walk_xml(events: Iterable[tuple[str, etree._Element]], name: Path, data: bytes | None, limits: InputLimits) -> None:
    """Follow lxml's start and end events, refusing what passes ``limits``; every element
    is dropped once read, so that the tree never holds more than one branch."""
    depth = 0
    for event, element in events:
        if event == "start":
            depth += 1
            if depth == 1:
                _refuse_entities(element, name, data)
            if depth > limits.max_depth:
                raise LimitError(
                    f"XML elements nest deeper than {limits.max_depth} levels (raise InputLimits.max_depth to allow it)",
                    path=name,
                    line=_source_line(element),
                )
            continue
        depth -= 1
        text = element.text
        if text is not None and len(text) > limits.max_literal_chars:
            raise LimitError(
                f"a text of {len(text)} characters, longer than {limits.max_literal_chars} "
                "(raise InputLimits.max_literal_chars to allow it)",
                path=name,
                line=_source_line(element),
            )
        element.clear()
        if depth == 1:
            parent = element.getparent()
            assert parent is not None  # the element is a child of the root element
            while element.getprevious() is not None:
                del parent[0]


def _source_line(element: etree._Element) -> int | None:
    """The line of the input where lxml read ``element``, when it knows it."""
    # lxml-stubs declares sourceline as ``...`` and gives its type, Optional[int], in a comment only.
    return cast("int | None", element.sourceline)


def _refuse_entities(root: etree._Element, name: Path, data: bytes | None) -> None:
    """Refuse a DOCTYPE that declares entities: Oxigraph would expand them, however large
    they grow, and RDF/XML never needs them (an IRI can be written out)."""
    dtd = root.getroottree().docinfo.internalDTD
    # DocInfo.internalDTD is None when there is no DOCTYPE, whatever lxml-stubs says.
    entities = dtd.iterentities() if dtd is not None else []  # type: ignore[attr-defined]  # lxml-stubs' DTD lacks iterentities()
    declared = [entity.name for entity in entities]
    if declared:
        raise LimitError(
            f"the DOCTYPE declares XML entities ({', '.join(f'&{e};' for e in declared[:3])}"
            f"{', ...' if len(declared) > 3 else ''}), which vsgraph does not expand, since a few "
            "hundred bytes of them can expand to gigabytes; write out what they stand for "
            "and remove the DOCTYPE, or convert the file to Turtle",
            path=name,
            line=line_of(b"<!ENTITY", name, data),
        )


def line_of(marker: bytes, name: Path, data: bytes | None, scope: int = 1 << 20) -> int | None:
    """The line of the first ``marker`` in the first ``scope`` bytes of the input, for a
    message (XML declarations come before the root element, near the top)."""
    if data is None:
        with name.open("rb") as stream:
            data = stream.read(scope)
    offset = data.find(marker, 0, scope)
    return None if offset < 0 else data.count(b"\n", 0, offset) + 1


def _authored_quads(path: Path, fmt: str, limits: InputLimits) -> list[ox.Quad]:
    """The triples of a YAML, XLSX or CSV-folder portfolio, or of an ArchiMate exchange
    file, as Oxigraph quads."""
    # Imported here: vsgraph.authoring builds Portfolio objects, and vsgraph.portfolio
    # imports this module.
    from vsgraph.authoring.sources import read_graph
    from vsgraph.engine.terms import to_oxigraph_quad

    if fmt == ARCHIMATE_FORMAT:
        from vsgraph.archimate import read_archimate

        return read_archimate(path, limits=limits).quads
    return [to_oxigraph_quad(s, p, o) for s, p, o in read_graph(path, fmt, limits=limits)]


def _load_archimate(store: ox.Store, path: Path, limits: InputLimits) -> None:
    """An exchange file's statements handed to the store as the N-Quads text the import
    writes: Oxigraph parses and inserts them in one call, with no Python object per quad."""
    from vsgraph.archimate import read_archimate

    store.load(input=read_archimate(path, limits=limits).nquads, format=ox.RdfFormat.N_QUADS)
    _check_imports(store.quads_for_pattern(None, _OWL_IMPORTS, None, None), path, limits)


def _check_imports(quads: Iterable[ox.Quad], path: Path, limits: InputLimits) -> None:
    """Refuse ``owl:imports`` of ontologies vsgraph would have to fetch from the network."""
    known = {str(iri) for iri in known_ontologies()}
    for quad in quads:
        if quad.predicate != _OWL_IMPORTS:
            continue
        # A triple term names no ontology vsgraph ships, so it is refused like an unknown IRI.
        imported = str(quad.object) if isinstance(quad.object, ox.Triple) else quad.object.value
        if imported not in known:
            raise InputError(
                f"owl:imports <{_cut(imported, limits)}> would need a network fetch, which "
                "vsgraph never does; remove the import and load that ontology's file alongside this one",
                path=path,
            )


def bulk_load_into(
    store: ox.Store,
    path: Path | str,
    graph: ox.NamedNode,
    input_format: str | None = None,
    *,
    limits: InputLimits = DEFAULT_LIMITS,
) -> None:
    """Load one input into ``graph`` of an on-disk store with Oxigraph's bulk loader, checked
    as :func:`read_quads` checks it; the fast path of :class:`vsgraph.DiskStore`.

    The bulk loader writes index files straight from the parser, without a transaction or a
    Python object per triple, and parses strictly (every IRI checked), so no second parse is
    needed. Triple formats load from the file into ``graph``; the quads of dataset formats
    (N-Quads, TriG, JSON-LD) and of authoring formats pass through Python to be moved into
    ``graph``, whichever graph they name, since that graph is the whole portfolio. Each
    input's blank nodes are its own. On an error the store holds part of the input: load
    into a store you can throw away.
    """
    authored = _authoring_format(path, input_format)
    if authored is not None:
        quads: Iterable[ox.Quad] = _authored_quads(Path(path), authored, limits)
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
        return
    rdf = _rdf_input(path, input_format, limits)
    with _reading(rdf, limits):
        if rdf.format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD):
            quads = ox.parse(**rdf.source, format=rdf.format, base_iri=rdf.base_iri, rename_blank_nodes=True)
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
        else:
            store.bulk_load(**rdf.source, format=rdf.format, base_iri=rdf.base_iri, to_graph=graph)
    imports = list(store.quads_for_pattern(None, _OWL_IMPORTS, None, graph))
    if imports:  # checking reads the ontology's files: only when there is an import to check
        _check_imports(imports, rdf.name, limits)
