"""Exporting a portfolio as linked data, byte for byte the same each time.

One call, :func:`export`, writes Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads.
What makes the output deterministic, so that exported portfolios diff well in git:

* statements are written sorted by their N-Triples form (hence grouped by subject), and
  Oxigraph's writers keep that order (compacted JSON-LD is written by
  :mod:`vsgraph.linked_data.jsonld_writer` from the same order);
* blank nodes (the ontology's lists, any in the data) are relabelled by W3C RDF Dataset
  Canonicalization (RDFC-1.0, :mod:`vsgraph.linked_data.canonical`, which refuses up front the rare
  graphs that would take too long), and the provenance record uses no blank nodes at all;
* literals are in Oxigraph's canonical form (``"2018.0"^^xsd:decimal`` is written
  ``2018``), so the export parses back isomorphic whichever engine reads it;
* the only moving part is the time in the provenance record: pass ``generated_at``, set
  ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) or leave provenance out.

Files are written by :mod:`vsgraph.safe_write`: a link, a device or a read-only file is
refused rather than replaced, and a JSON-LD export and its context file are replaced
together or not at all. A binary stream (standard output) can be the destination too.

Named graphs, in TriG and N-Quads (triple formats merge them; so does JSON-LD, which web
developers read as one list of nodes):

* :data:`DATA_GRAPH`, the portfolio's own triples;
* the ontology's version IRI (``https://w3id.org/vsgraph/0.1.0``), with ``with_ontology``;
* :data:`PROVENANCE_GRAPH`, the PROV-O record (:mod:`vsgraph.linked_data.provenance`).
"""

from __future__ import annotations

import bisect
import hashlib
import io
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal, TypeVar

import pyoxigraph as ox
from rdflib.namespace import OWL
from rdflib.term import Node

import vsgraph
from vsgraph.engine.backends import ntriples_of
from vsgraph.engine.parallel import Work, fork_map, processes_for
from vsgraph.engine.terms import to_oxigraph_quad, written
from vsgraph.errors import InputError, PublishError
from vsgraph.inputs.formats import ARCHIMATE_FORMAT, RDF_FORMATS, rdf_format
from vsgraph.inputs.jsonld_contexts import CONTEXT_IRI, PREFIXES, context_document, context_path
from vsgraph.inputs.rdf import is_stdin
from vsgraph.linked_data.canonical import canonical_documents
from vsgraph.linked_data.jsonld_writer import jsonld_nodes, write_jsonld
from vsgraph.linked_data.provenance import Source, provenance_triples
from vsgraph.portfolio import Portfolio
from vsgraph.safe_write import Writer, check_destination, write_files
from vsgraph.vocabulary.ontology import ONTOLOGY_IRI, ontology_graph

#: The named graph that holds the portfolio's data in TriG and N-Quads exports.
DATA_GRAPH = "https://w3id.org/vsgraph/graph/portfolio"
#: The named graph that holds the export's provenance record.
PROVENANCE_GRAPH = "https://w3id.org/vsgraph/graph/provenance"
#: The file name of the JSON-LD context written beside a JSON-LD export.
CONTEXT_FILE_NAME = "vsgraph-context.jsonld"

#: How a JSON-LD export refers to the vsgraph context: a copy written beside it (``file``),
#: the whole context inside the document (``embed``), or the published IRI (``iri``).
ContextMode = Literal["file", "embed", "iri"]
CONTEXT_MODES: tuple[str, ...] = ("file", "embed", "iri")

# The formats that keep named graphs apart; JSON-LD could too, but is written as one list
# of nodes, which is what a web developer expects to read.
_QUAD_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)

Part = TypeVar("Part")


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the files (the export first; none for a stream), its format
    and statement count."""

    paths: list[Path]
    format: str
    statements: int


def export(
    portfolio: Portfolio,
    destination: Path | str | BinaryIO,
    *,
    format: str | None = None,
    with_ontology: bool = False,
    provenance: bool = True,
    sources: Sequence[Path | str] = (),
    generated_at: datetime | None = None,
    jsonld_context: ContextMode = "file",
) -> ExportResult:
    """Write ``portfolio`` to ``destination`` as linked data.

    ``format`` is one of turtle, ntriples, jsonld, rdfxml, trig, nquads (default: from the
    destination's extension). ``with_ontology`` adds the whole vsgraph ontology;
    ``provenance`` (on by default) adds a PROV-O record naming ``sources`` (the files the
    portfolio was loaded from; their prefixes are also used in Turtle, TriG and RDF/XML)
    and the time ``generated_at`` (default: ``SOURCE_DATE_EPOCH`` if set, else now).
    ``jsonld_context`` says how JSON-LD refers to the vsgraph context (see
    :data:`CONTEXT_MODES`).

    ``destination`` is a file, replaced only once it is completely written (a link, a
    device or a read-only file is refused: :mod:`vsgraph.safe_write`), or a binary stream
    such as ``sys.stdout.buffer``, which needs ``format`` and cannot take a context file.

    ``format="archimate"`` writes an ArchiMate exchange file instead (:mod:`vsgraph.archimate`,
    ``docs/archimate.md``), and ``format="yaml"``, ``"xlsx"`` or ``"csv"`` (or a ``.yaml`` or
    ``.xlsx`` file, or a folder, as ``destination``) the portfolio in that authoring format
    (:mod:`vsgraph.authoring.conversion`); the other options are about linked data and do not
    apply.
    """
    if format == ARCHIMATE_FORMAT:
        return _export_archimate(portfolio, destination)
    if isinstance(destination, (str, os.PathLike)):
        # Imported here: the conversion builds on ExportResult, defined in this module.
        from vsgraph.authoring.conversion import authoring_output, write_authored

        authored = authoring_output(destination, format)
        if authored is not None:
            return write_authored(portfolio, destination, authored)
    if jsonld_context not in CONTEXT_MODES:
        raise PublishError(f"unknown JSON-LD context mode {jsonld_context!r}; expected one of {', '.join(CONTEXT_MODES)}")
    if isinstance(destination, (str, os.PathLike)):
        destination = Path(destination)
        fmt = rdf_format(destination, format)
        files = [destination]
        if fmt == ox.RdfFormat.JSON_LD and jsonld_context == "file":
            if destination.name == CONTEXT_FILE_NAME:
                raise PublishError(f"{destination}: this name is taken by the JSON-LD context written beside the export")
            files.append(destination.parent / CONTEXT_FILE_NAME)
        for path in files:
            check_destination(path)  # before the work, not only after it
    else:
        fmt = _stream_format(format, jsonld_context)
        files = []
    graphs = _graphs(portfolio, with_ontology)
    if provenance:
        graphs[PROVENANCE_GRAPH] = _sorted_lines(
            ntriples_of(
                provenance_triples(
                    generated=DATA_GRAPH,
                    record=PROVENANCE_GRAPH,
                    data_digest=hashlib.sha256(b"".join(graphs[DATA_GRAPH])).hexdigest(),
                    # Standard input was read by the load: nothing is left to digest.
                    sources=[Source.of(path) for path in sources if not is_stdin(path)],
                    generated_at=_moment(generated_at),
                    version=vsgraph.__version__,
                    ontology=_ontology_version_iri() if with_ontology else None,
                )
            )
        )
    if fmt in _QUAD_FORMATS:
        # "<s> <p> <o> .\n" becomes "<s> <p> <o> <graph> .\n".
        lines = [line[:-2] + f"<{name}> .\n".encode() for name, graph in graphs.items() for line in graph]
        statement_format = ox.RdfFormat.N_QUADS
    else:
        lines = _merged(graphs.values())
        statement_format = ox.RdfFormat.N_TRIPLES
    write = _writer(portfolio, fmt, statement_format, lines, sources, jsonld_context)
    if isinstance(destination, Path):
        # The JSON-LD context beside the export, if any, is replaced with it or not at all.
        write_files([(files[0], write), *((beside, _write_context) for beside in files[1:])])
    else:
        _write_stream(destination, write)
    name = next(key for key, value in RDF_FORMATS.items() if value == fmt)
    return ExportResult(files, name, len(lines))


def _export_archimate(portfolio: Portfolio, destination: Path | str | BinaryIO) -> ExportResult:
    """The ArchiMate export, written as atomically as the others; its count is of elements
    and relationships."""
    from vsgraph.archimate import write_archimate  # imported here: it imports this package's Portfolio

    counts = []

    def write(out: BinaryIO) -> None:
        counts.append(write_archimate(portfolio, out))

    if isinstance(destination, (str, os.PathLike)):
        destination = Path(destination)
        check_destination(destination)
        write_files([(destination, write)])
        paths = [destination]
    else:
        _write_stream(destination, write)
        paths = []
    return ExportResult(paths, ARCHIMATE_FORMAT, counts[0].elements + counts[0].relationships)


def _stream_format(format: str | None, jsonld_context: ContextMode) -> ox.RdfFormat:
    """The format of an export to a stream, which has no extension to tell it."""
    if format is None:
        raise PublishError(f"say which format to write to a stream: one of {', '.join(RDF_FORMATS)}")
    if format not in RDF_FORMATS:
        raise PublishError(f"unknown format {format!r}; expected one of {', '.join(RDF_FORMATS)}")
    if RDF_FORMATS[format] == ox.RdfFormat.JSON_LD and jsonld_context == "file":
        raise PublishError("a JSON-LD export to a stream cannot have its context in a file beside it: embed it or use its IRI")
    return RDF_FORMATS[format]


def _write_context(out: BinaryIO) -> None:
    out.write(context_path().read_bytes())


def _write_stream(stream: BinaryIO, write: Writer) -> None:
    try:
        write(stream)
        stream.flush()
    except OSError as exc:
        name = getattr(stream, "name", "the output stream")
        raise PublishError(f"{name}: cannot write: {exc.strerror or exc}") from exc


def _writer(
    portfolio: Portfolio,
    fmt: ox.RdfFormat,
    statement_format: ox.RdfFormat,
    lines: list[bytes],
    sources: Sequence[Path | str],
    jsonld_context: ContextMode,
) -> Writer:
    """What writes the sorted statement ``lines`` in ``fmt`` to a binary stream."""
    # The sorted lines are already the N-Triples/N-Quads export; other writers re-read them
    # and keep their order. Oxigraph wrote those lines itself, so they are parsed leniently,
    # without re-checking every IRI, which takes a large share of a strict parse.
    if fmt == statement_format:
        return lambda out: out.writelines(lines)
    if fmt == ox.RdfFormat.JSON_LD:
        reference = {"file": CONTEXT_FILE_NAME, "embed": None, "iri": CONTEXT_IRI}[jsonld_context]
        processes = processes_for(portfolio.backend, Work.JSONLD_EXPORT, size=lambda: len(lines))
        context = context_document()
        nodes = _in_parts(lines, processes, lambda part: jsonld_nodes(_reparse(part, statement_format), context))
        return lambda out: _write_jsonld(nodes, out, context, reference)
    if fmt == ox.RdfFormat.TURTLE:
        processes = processes_for(portfolio.backend, Work.TURTLE_EXPORT, size=lambda: len(lines))
        prefixes = _prefixes(sources)
        first, *others = _in_parts(
            lines,
            processes,
            lambda part: written(ox.serialize(_reparse(part, statement_format), format=fmt, prefixes=prefixes)),
        )
        # Every part but the first repeats the @prefix lines Oxigraph writes first.
        documents = [first, *map(_without_prefix_lines, others)]
        return lambda out: out.writelines(documents)
    prefixes = _prefixes(sources)
    statements = _reparse(b"".join(lines), statement_format)
    return lambda out: ox.serialize(statements, out, fmt, prefixes=prefixes)


def _graphs(portfolio: Portfolio, with_ontology: bool) -> dict[str, list[bytes]]:
    """The data (and ontology) graphs as sorted N-Triples lines, blank nodes canonicalised."""
    documents = {DATA_GRAPH: portfolio.backend.ntriples()}
    if with_ontology:
        canonical = ox.Store()  # puts the ontology's literals in canonical form, like the data's
        canonical.extend(_oxigraph_quads(ontology_graph()))
        documents[_ontology_version_iri()] = written(canonical.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
    if any(b"_:" in document for document in documents.values()):  # cheap pre-check
        documents = canonical_documents(documents)
    return {name: _sorted_lines(document) for name, document in documents.items()}


def _oxigraph_quads(graph: Iterable[tuple[Node, Node, Node]]) -> Iterable[ox.Quad]:
    return (to_oxigraph_quad(s, p, o) for s, p, o in graph)


def _sorted_lines(ntriples: bytes) -> list[bytes]:
    """The lines of an N-Triples document, sorted: statements grouped by subject.

    Sorting bytes is sorting by code point (UTF-8 keeps that order), and Oxigraph escapes
    line breaks inside literals, so every line is one statement.
    """
    lines = ntriples.splitlines(keepends=True)
    lines.sort()
    return lines


def _merged(graphs: Iterable[list[bytes]]) -> list[bytes]:
    """Sorted lists of N-Triples lines as one sorted list, each statement once.

    Only the small graphs (provenance, ontology) are searched for statements the largest
    one already has; a set of a million lines would cost more than the rest of the merge.
    """
    largest, *others = sorted(graphs, key=len, reverse=True)
    extra = dict.fromkeys(line for lines in others for line in lines if not _holds(largest, line))
    if not extra:
        return largest
    merged = largest + list(extra)
    merged.sort()  # timsort merges the sorted runs in linear time
    return merged


def _holds(lines: list[bytes], line: bytes) -> bool:
    index = bisect.bisect_left(lines, line)
    return index < len(lines) and lines[index] == line


def _reparse(ntriples: bytes, fmt: ox.RdfFormat) -> Iterable[ox.Quad]:
    """Statements that Oxigraph serialised itself, read back without re-checking them
    (as quads, in the default graph for N-Triples, as Oxigraph's parser gives every format)."""
    return ox.parse(input=ntriples, format=fmt, lenient=True)


def _in_parts(lines: list[bytes], processes: int, write: Callable[[bytes], Part]) -> list[Part]:
    """``write`` applied to sorted N-Triples ``lines`` cut into ``processes`` parts, each part
    starting at a new subject, in forked workers; the parts' outputs in order.

    Turtle and compacted JSON-LD write each subject's statements together, so the parts'
    outputs, joined, are the document of the whole (tests check that byte for byte). Each
    part is joined into one document before the workers start: a worker that read the
    lines one by one would copy every memory page they sit on, to count its references.
    JSON-LD, written in Python, gains most; Oxigraph writes Turtle fast, so forking and
    sending the parts back eat most of what the second core saves (``bench/README.md``).
    """
    starts = [0]
    for part in range(1, processes):
        start = min(max(len(lines) * part // processes, starts[-1] + 1), len(lines))
        while start < len(lines) and _subject(lines[start]) == _subject(lines[start - 1]):
            start += 1
        starts.append(start)
    bounds = [(start, end) for start, end in zip(starts, [*starts[1:], len(lines)], strict=True) if start < end] or [(0, 0)]
    parts = [b"".join(lines[start:end]) for start, end in bounds]
    return fork_map(lambda index: write(parts[index]), range(len(parts)), len(parts))


def _subject(line: bytes) -> bytes:
    """The subject of an N-Triples line (an IRI or blank node: no space inside)."""
    return line[: line.index(b" ")]


def _without_prefix_lines(turtle: bytes) -> bytes:
    """A Turtle document without its leading ``@prefix`` lines (a statement never starts with @)."""
    start = 0
    while turtle.startswith(b"@prefix ", start):
        start = turtle.index(b"\n", start) + 1
    return turtle[start:]


def _ontology_version_iri() -> str:
    return str(ontology_graph().value(ONTOLOGY_IRI, OWL.versionIRI))


def _moment(generated_at: datetime | None) -> datetime:
    """The export's time: the one given, else ``SOURCE_DATE_EPOCH``, else now."""
    if generated_at is not None:
        return generated_at
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise PublishError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from exc


def _prefixes(sources: Sequence[Path | str]) -> dict[str, str]:
    """vsgraph's prefixes, then those the sources declare (the first binding of a name wins)."""
    prefixes = dict(PREFIXES)
    for source in sources:
        path = Path(source)
        try:
            parser = ox.parse(path=str(path), format=rdf_format(path), base_iri=path.resolve().as_uri())
            next(parser, None)  # prefixes declared before the first statement are enough
        except (InputError, SyntaxError, ValueError, OSError):
            continue  # not an RDF file (a YAML or XLSX portfolio): it declares no prefixes
        for name, namespace in parser.prefixes.items():
            if name and name not in prefixes and namespace not in prefixes.values():
                prefixes[name] = namespace
    return prefixes


def _write_jsonld(nodes: Iterable[str], out: BinaryIO, context: dict[str, Any], reference: str | None) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    write_jsonld(nodes, text, context, reference)
    text.flush()
    text.detach()
