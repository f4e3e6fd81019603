"""Linked-data export: every format round-trips, independent parsers agree, output is stable."""

from __future__ import annotations

import errno
import hashlib
import importlib
import io
import json
import os
import stat
import time
from base64 import urlsafe_b64encode
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, XSD

import vsgraph
from vsgraph.engine.parallel import FORK_FROM, Work
from vsgraph.errors import InputError, PublishError
from vsgraph.inputs.jsonld_contexts import CONTEXT_IRI, context_document, context_path, generate_context
from vsgraph.linked_data.export import CONTEXT_FILE_NAME, DATA_GRAPH, PROVENANCE_GRAPH, export

MOMENT = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)
EXTENSIONS = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf", "trig": ".trig", "nquads": ".nq"}
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig", "nquads": "nquads"}
GRO = "https://example.org/grocery/"


def _ox_dataset(quads) -> ox.Dataset:
    """All triples in the default graph, blank nodes canonicalised, for comparing graphs."""
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def _local_loader(url, options=None):
    """A pyld document loader that serves local files and refuses everything else."""
    if not url.startswith("file://"):
        raise AssertionError(f"pyld tried to load {url}")
    document = json.loads(Path(url.removeprefix("file://")).read_text(encoding="utf-8"))
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}


@pytest.mark.parametrize("name", list(EXTENSIONS))
def test_every_format_round_trips_through_vsgraph_rdflib_and_oxigraph(name, grocery, grocery_path, tmp_path, no_network):
    out = tmp_path / f"grocery{EXTENSIONS[name]}"
    result = export(grocery, out, provenance=False, jsonld_context="embed")
    assert result.format == name and result.paths == [out] and result.statements == len(grocery)

    assert isomorphic(vsgraph.load(out).graph, grocery.graph)
    reparsed = Dataset() if name in ("trig", "nquads") else Graph()
    reparsed.parse(out, format=RDFLIB_FORMATS[name])
    merged = Graph()
    for triple in (
        reparsed.triples((None, None, None))
        if name not in ("trig", "nquads")
        else ((s, p, o) for s, p, o, _ in reparsed.quads((None, None, None, None)))
    ):
        merged.add(triple)
    assert isomorphic(merged, grocery.graph)
    oxigraph_view = _ox_dataset(ox.parse(path=str(out), format=ox.RdfFormat.from_extension(out.suffix[1:])))
    assert oxigraph_view == _ox_dataset(grocery.backend.store)


def test_pyld_expands_the_jsonld_with_the_context_beside_it_to_the_source_graph(grocery, tmp_path, no_network):
    out = tmp_path / "grocery.jsonld"
    paths = export(grocery, out, provenance=False).paths
    assert paths == [out, tmp_path / CONTEXT_FILE_NAME]
    assert (tmp_path / CONTEXT_FILE_NAME).read_bytes() == context_path().read_bytes()

    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["@context"] == CONTEXT_FILE_NAME
    nquads = pyld.to_rdf(document, {"base": out.as_uri(), "format": "application/n-quads", "documentLoader": _local_loader})
    expanded = ox.parse(input=nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert _ox_dataset(expanded) == _ox_dataset(grocery.backend.store)


def test_compacted_jsonld_reads_like_plain_json(grocery, tmp_path):
    out = tmp_path / "grocery.jsonld"
    export(grocery, out, provenance=False)
    nodes = {node["id"]: node for node in json.loads(out.read_text(encoding="utf-8"))["@graph"]}

    assert nodes[GRO + "weekly-promotions-step-1"] == {
        "id": GRO + "weekly-promotions-step-1",
        "type": "Step",
        "followsProcess": [GRO + "campaign-management"],
        "label": {"en": "Plan the week's promotions"},
        "percentCompleteAccurate": "80",
        "performedBy": [GRO + "marketing-team"],
        "position": 1,
        "processTimeMinutes": "240",
        "waitTimeMinutes": "2880",
    }
    metric = nodes[GRO + "checkout-queue-time"]
    assert metric["hasDirection"] == "LowerIsBetter"
    assert metric["hasFocus"] == ["CustomerValueFocus", "FlowFocus"]
    assert metric["unit"] == "minutes" and metric["targetValue"] == "3"
    assert nodes[GRO + "checkout-queue-time-2026-09"]["readingDate"] == "2026-09-30T00:00:00"


def test_two_exports_are_byte_identical_whatever_the_engine(grocery_path, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(MOMENT.timestamp())))
    for name, extension in EXTENSIONS.items():
        first = export(vsgraph.load(grocery_path), tmp_path / f"a{extension}", sources=[grocery_path], with_ontology=True)
        second = export(
            vsgraph.load(grocery_path, engine="rdflib"), tmp_path / f"b{extension}", sources=[grocery_path], with_ontology=True
        )
        assert first.paths[0].read_bytes() == second.paths[0].read_bytes(), name


def test_blank_nodes_get_the_same_labels_in_every_export(tmp_path):
    source = tmp_path / "blank.ttl"
    source.write_text(
        "@prefix vsg: <https://w3id.org/vsgraph#> .\n"
        "<https://example.org/m> vsg:hasReading [ vsg:readingValue 1.50 ] , [ vsg:readingValue 2.0 ] .\n",
        encoding="utf-8",
    )
    texts = {export(vsgraph.load(source), tmp_path / f"{i}.nt", provenance=False).paths[0].read_text() for i in range(3)}
    assert texts == {
        "<https://example.org/m> <https://w3id.org/vsgraph#hasReading> _:c14n0 .\n"
        "<https://example.org/m> <https://w3id.org/vsgraph#hasReading> _:c14n1 .\n"
        '_:c14n0 <https://w3id.org/vsgraph#readingValue> "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
        '_:c14n1 <https://w3id.org/vsgraph#readingValue> "2"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    }


def test_named_graphs_keep_data_ontology_and_provenance_apart(grocery, grocery_path, tmp_path):
    out = tmp_path / "grocery.trig"
    export(grocery, out, with_ontology=True, sources=[grocery_path], generated_at=MOMENT)
    dataset = Dataset()
    dataset.parse(out, format="trig")
    version_iri = URIRef(f"https://w3id.org/vsgraph/{vsgraph.ontology_version()}")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == {DATA_GRAPH, PROVENANCE_GRAPH, str(version_iri)}
    assert isomorphic(dataset.graph(URIRef(DATA_GRAPH)), grocery.graph)
    assert isomorphic(dataset.graph(version_iri), vsgraph.ontology_graph())

    record = dataset.graph(URIRef(PROVENANCE_GRAPH))
    digest = urlsafe_b64encode(hashlib.sha256(grocery_path.read_bytes()).digest()).decode().rstrip("=")
    source = URIRef(f"ni:///sha-256;{digest}")
    activity = record.value(URIRef(DATA_GRAPH), PROV.wasGeneratedBy)
    agent = URIRef(f"https://pypi.org/project/vsgraph/{vsgraph.__version__}/")
    when = Literal("2026-11-25T12:30:00Z", datatype=XSD.dateTime)
    assert str(activity).startswith("urn:uuid:")
    assert set(record.objects(activity, PROV.used)) == {source, version_iri}
    assert (activity, PROV.wasAssociatedWith, agent) in record
    assert (agent, RDF.type, PROV.SoftwareAgent) in record
    assert (URIRef(DATA_GRAPH), PROV.generatedAtTime, when) in record
    assert (URIRef(DATA_GRAPH), PROV.wasDerivedFrom, source) in record
    assert record.value(source, RDFS.label) == Literal(grocery_path.name)
    assert str(grocery_path.parent) not in out.read_text(encoding="utf-8")


def test_triple_formats_merge_the_provenance_with_the_data(grocery, grocery_path, tmp_path):
    out = tmp_path / "grocery.ttl"
    export(grocery, out, sources=[grocery_path], generated_at=MOMENT)
    merged = vsgraph.load(out).graph
    record = {t for t in merged if t not in grocery.graph}
    assert len(merged) == len(grocery) + len(record)
    assert {s for s, _, _ in record} >= {URIRef(DATA_GRAPH), URIRef(PROVENANCE_GRAPH)}
    assert all(p.startswith(str(PROV)) or p in (RDF.type, RDFS.label) or "versionInfo" in p for _, p, _ in record)
    assert "@prefix gro: <https://example.org/grocery/> ." in out.read_text(encoding="utf-8")


def test_oxigraph_writes_canonical_literals_so_engines_agree(tmp_path):
    source = tmp_path / "years.ttl"
    source.write_text(
        '<https://example.org/t> <https://w3id.org/vsgraph#targetValue> "2018.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
        encoding="utf-8",
    )
    out = tmp_path / "years.nt"
    export(vsgraph.load(source, engine="rdflib"), out, provenance=False)
    assert '"2018"^^<http://www.w3.org/2001/XMLSchema#decimal>' in out.read_text(encoding="utf-8")
    assert isomorphic(vsgraph.load(out, engine="rdflib").graph, vsgraph.load(source).graph)


@pytest.mark.parametrize("mode", ["file", "embed", "iri"])
def test_every_context_mode_loads_back_without_the_network(mode, grocery, tmp_path, no_network):
    out = tmp_path / "grocery.jsonld"
    export(grocery, out, provenance=False, jsonld_context=mode)
    written = json.loads(out.read_text(encoding="utf-8"))["@context"]
    expected = {"file": CONTEXT_FILE_NAME, "embed": context_document()["@context"], "iri": CONTEXT_IRI}[mode]
    assert written == expected
    assert isomorphic(vsgraph.load(out).graph, grocery.graph)


def test_a_remote_context_is_refused_without_touching_the_network(tmp_path, no_network, run_cli):
    document = tmp_path / "remote.jsonld"
    document.write_text(
        json.dumps({"@context": "https://example.org/context.jsonld", "@id": "https://example.org/a", "label": "A"}),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        vsgraph.load(document)
    assert refused.value.path == document
    assert "'https://example.org/context.jsonld' is remote" in str(refused.value)
    assert "never fetches" in str(refused.value)

    failed = run_cli("summary", document)
    assert failed.exit_code == 2
    assert "remote.jsonld: the JSON-LD @context" in failed.output


def test_remote_contexts_hidden_in_local_or_scoped_contexts_are_refused(tmp_path, no_network):
    (tmp_path / "local.jsonld").write_text(
        json.dumps({"@context": {"@import": "http://example.org/imported.jsonld"}}), encoding="utf-8"
    )
    via_file = tmp_path / "via-file.jsonld"
    via_file.write_text(json.dumps({"@context": ["local.jsonld"], "@id": "https://example.org/a"}), encoding="utf-8")
    scoped = tmp_path / "scoped.jsonld"
    scoped.write_text(
        json.dumps({"@context": {"p": {"@id": "https://example.org/p", "@context": "http://example.org/s"}}}),
        encoding="utf-8",
    )
    for path, remote in ((via_file, "http://example.org/imported.jsonld"), (scoped, "http://example.org/s")):
        with pytest.raises(InputError, match=f"'{remote}' is remote") as refused:
            vsgraph.load(path)
        assert refused.value.path == path


def test_the_shipped_context_is_generated_from_the_ontology():
    assert context_document() == generate_context()


def test_bad_options_and_unwritable_places_are_clear_errors(grocery, tmp_path):
    with pytest.raises(InputError, match="cannot tell the format"):
        export(grocery, tmp_path / "grocery.txt")
    with pytest.raises(PublishError, match="unknown JSON-LD context mode"):
        export(grocery, tmp_path / "grocery.jsonld", jsonld_context="inline")
    (tmp_path / "taken.ttl").mkdir()
    with pytest.raises(PublishError, match=r"taken\.ttl: cannot write"):
        export(grocery, tmp_path / "taken.ttl")
    assert [p.name for p in tmp_path.iterdir()] == ["taken.ttl"]  # no partial file left behind


def test_cli_export(run_cli, grocery_path, tmp_path):
    out = tmp_path / "grocery.data"
    result = run_cli(
        "export", grocery_path, "--to", out, "--format", "nquads", "--with-ontology", "--timestamp", "2026-11-25T12:30:00Z"
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    text = out.read_text(encoding="utf-8")
    assert '"2026-11-25T12:30:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in text
    assert f"<{DATA_GRAPH}> ." in text and f"<{PROVENANCE_GRAPH}> ." in text

    bare = tmp_path / "bare.ttl"
    assert run_cli("export", grocery_path, "--to", bare, "--no-provenance").exit_code == 0
    assert isomorphic(vsgraph.load(bare).graph, vsgraph.load(grocery_path).graph)

    refused = run_cli("export", grocery_path, "--to", tmp_path / "x.txt")
    assert refused.exit_code == 2 and "x.txt: cannot tell the format" in refused.output
    bad_time = run_cli("export", grocery_path, "--to", bare, "--timestamp", "yesterday")
    assert bad_time.exit_code == 2 and "yesterday" in bad_time.output


@pytest.mark.parametrize(
    ("suffix", "threshold", "read_as"),
    [
        ("ttl", Work.TURTLE_EXPORT, "turtle"),
        ("jsonld", Work.JSONLD_EXPORT, "json-ld"),
    ],
)
def test_a_large_export_is_written_in_parts_on_several_cores_into_the_same_file(
    suffix, threshold, read_as, tmp_path, monkeypatch, no_network
):
    """Above a size, Turtle and JSON-LD are written in forked parts that start at a new
    subject; the file is byte for byte the one a single process writes."""
    import vsgraph.engine.parallel as parallel
    from bench.generator import generate

    export_module = importlib.import_module("vsgraph.linked_data.export")  # vsgraph.linked_data.export is also the function

    portfolio = vsgraph.load(generate(20, seed=3).write(tmp_path / "generated.nt"))
    options = {"provenance": False, "jsonld_context": "embed"}
    whole = export(portfolio, tmp_path / f"whole.{suffix}", **options).paths[0].read_bytes()
    parts_written = []

    def recording_fork_map(work, items, processes):
        parts_written.append(len(items))
        return parallel.fork_map(work, items, processes)

    monkeypatch.setitem(FORK_FROM, threshold, 1)
    monkeypatch.setattr(export_module, "fork_map", recording_fork_map)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 7)
    parted = export(portfolio, tmp_path / f"parted.{suffix}", **options).paths[0]
    assert parts_written == [7]
    assert parted.read_bytes() == whole
    if suffix == "ttl":
        assert whole.count(b"@prefix vsg:") == 1
    else:
        assert len(json.loads(whole)["@graph"]) == len(set(portfolio.graph.subjects()))
    assert isomorphic(Graph().parse(parted, format=read_as), portfolio.graph)

    # More parts asked for than there are subjects: the parts that would be empty are dropped.
    tiny = tmp_path / "tiny.nt"
    tiny.write_text("<urn:a> <urn:p> <urn:o> .\n<urn:a> <urn:q> <urn:o> .\n<urn:b> <urn:p> <urn:o> .\n")
    tiny_parted = export(vsgraph.load(tiny), tmp_path / f"tiny.{suffix}", provenance=False).paths[0].read_bytes()
    monkeypatch.setitem(FORK_FROM, threshold, 10**9)
    assert tiny_parted == export(vsgraph.load(tiny), tmp_path / f"tiny1.{suffix}", provenance=False).paths[0].read_bytes()
    assert parts_written == [7, 2, 1]  # two subjects, two parts; then one process


def test_only_large_work_on_a_store_in_this_process_is_forked(tmp_path, grocery):
    from vsgraph.engine.backends import OxigraphBackend, RdflibBackend
    from vsgraph.engine.parallel import available_cpus, processes_for

    in_memory = grocery.backend
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(FORK_FROM, Work.VALIDATION, 10)
        assert processes_for(in_memory, Work.VALIDATION, size=lambda: 10) == available_cpus()
        assert processes_for(in_memory, Work.VALIDATION, size=lambda: 9) == 1
        assert processes_for(in_memory, Work.VALIDATION, requested=3, size=lambda: 9) == 3
        assert processes_for(OxigraphBackend(ox.Store(), forkable=False), Work.VALIDATION, size=lambda: 10) == 1
        assert processes_for(RdflibBackend(Graph()), Work.VALIDATION, size=lambda: 10) == 1
        # By default, the size is the portfolio's statements.
        patch.setitem(FORK_FROM, Work.VALIDATION, len(grocery))
        assert processes_for(in_memory, Work.VALIDATION) == available_cpus()
        patch.setitem(FORK_FROM, Work.VALIDATION, len(grocery) + 1)
        assert processes_for(in_memory, Work.VALIDATION) == 1


# Writing safely: nothing that was at the destination is lost.


def test_an_export_refuses_a_symbolic_link_and_keeps_it(run_cli, grocery_path, tmp_path):
    target = tmp_path / "target.ttl"
    target.write_text("the old export\n", encoding="utf-8")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    result = run_cli("export", grocery_path, "--to", link)
    assert result.exit_code == 2
    assert f"{link}: cannot write: it is a symbolic link (to {target})" in result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "the old export\n"


def test_an_export_refuses_a_fifo_a_device_and_a_folder_on_the_way(run_cli, grocery_path, tmp_path):
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    refused = run_cli("export", grocery_path, "--to", fifo)
    assert refused.exit_code == 2 and f"{fifo}: cannot write: it is a FIFO (named pipe)" in refused.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    # /dev/null, only ever refused here (the FIFO's check above fails first if refusals are
    # gone): as root, replacing it would break the machine.
    refused = run_cli("export", grocery_path, "--to", "/dev/null", "--format", "turtle")
    assert refused.exit_code == 2 and "/dev/null: cannot write: it is a character device" in refused.output
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)

    (tmp_path / "plain").write_text("a file\n", encoding="utf-8")
    under = tmp_path / "plain" / "sub" / "grocery.ttl"
    refused = run_cli("export", grocery_path, "--to", under)
    assert refused.exit_code == 2 and f"{tmp_path / 'plain'} is a file, not a folder" in refused.output
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "a file\n"


def test_an_export_leaves_a_read_only_file_untouched(run_cli, grocery_path, tmp_path):
    kept = tmp_path / "kept.ttl"
    kept.write_text("read only\n", encoding="utf-8")
    kept.chmod(0o444)  # root may write it anyway: the mode is what counts
    result = run_cli("export", grocery_path, "--to", kept)
    assert result.exit_code == 2 and f"{kept}: cannot write: the file is read-only" in result.output
    assert kept.read_text(encoding="utf-8") == "read only\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.ttl"]


def test_a_jsonld_export_and_its_context_are_replaced_together_or_not_at_all(grocery, tmp_path):
    out = tmp_path / "grocery.jsonld"
    out.write_bytes(b"the old export")
    (tmp_path / CONTEXT_FILE_NAME).mkdir()  # the context cannot be written there
    with pytest.raises(PublishError, match=f"{CONTEXT_FILE_NAME}: cannot write: it is a folder"):
        export(grocery, out, provenance=False)
    assert out.read_bytes() == b"the old export"
    assert {p.name for p in tmp_path.iterdir()} == {"grocery.jsonld", CONTEXT_FILE_NAME}


def test_a_jsonld_export_whose_context_fails_late_puts_the_old_export_back(grocery, tmp_path, monkeypatch):
    out = tmp_path / "grocery.jsonld"
    out.write_bytes(b"the old export")
    context = tmp_path / CONTEXT_FILE_NAME
    context.write_bytes(b"the old context")
    real_replace = os.replace

    def refuse_the_context(source, destination):
        if Path(destination) == context:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", refuse_the_context)
    with pytest.raises(PublishError, match=f"{CONTEXT_FILE_NAME}: cannot write: No space left on device"):
        export(grocery, out, provenance=False)
    assert out.read_bytes() == b"the old export" and context.read_bytes() == b"the old context"
    assert {p.name for p in tmp_path.iterdir()} == {CONTEXT_FILE_NAME, "grocery.jsonld"}  # no temporary file left


@pytest.mark.parametrize("name", ["turtle", "jsonld", "nquads"])
def test_export_to_standard_output_writes_what_a_file_export_writes(name, run_cli, grocery_path, tmp_path):
    when = ("--timestamp", "2026-11-25T12:30:00Z")
    to_file = run_cli("export", grocery_path, "--to", tmp_path / f"g{EXTENSIONS[name]}", "--jsonld-context", "embed", *when)
    assert to_file.exit_code == 0, to_file.output
    to_stdout = run_cli("export", grocery_path, "--to", "-", "--format", name, *when)
    assert to_stdout.exit_code == 0, to_stdout.output
    assert to_stdout.stdout_bytes == (tmp_path / f"g{EXTENSIONS[name]}").read_bytes()
    assert "wrote standard output" in to_stdout.stderr


def test_export_to_standard_output_needs_a_format_and_no_context_file(run_cli, grocery_path):
    no_format = run_cli("export", grocery_path, "--to", "-")
    assert no_format.exit_code == 2 and "--to - needs --format" in no_format.output
    context_file = run_cli("export", grocery_path, "--to", "-", "--format", "jsonld", "--jsonld-context", "file")
    assert context_file.exit_code == 2 and "--to - cannot take --jsonld-context file" in context_file.output
    assert no_format.stdout_bytes == context_file.stdout_bytes == b""


def test_the_api_exports_to_a_binary_stream(grocery, tmp_path):
    stream = io.BytesIO()
    result = export(grocery, stream, format="ntriples", provenance=False)
    assert result.paths == [] and result.statements == len(grocery)
    assert stream.getvalue() == export(grocery, tmp_path / "g.nt", provenance=False).paths[0].read_bytes()
    with pytest.raises(PublishError, match="say which format"):
        export(grocery, io.BytesIO(), provenance=False)
    with pytest.raises(PublishError, match="cannot have its context in a file"):
        export(grocery, io.BytesIO(), format="jsonld")


# Canonical blank-node labels: bounded.


def _chain(path: Path, links: int) -> Path:
    """A chain of blank nodes that only their neighbours tell apart."""
    lines = ["<https://example.org/head> <https://example.org/next> _:b0 ."]
    lines += [f"_:b{i} <https://example.org/next> _:b{i + 1} ." for i in range(links - 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_short_chain_of_look_alike_blank_nodes_gets_canonical_labels(tmp_path):
    source = _chain(tmp_path / "chain.nt", 50)
    texts = {export(vsgraph.load(source), tmp_path / f"{i}.nt", provenance=False).paths[0].read_bytes() for i in range(2)}
    assert len(texts) == 1
    assert b"<https://example.org/head> <https://example.org/next> _:c14n" in texts.pop()


def test_a_long_chain_of_look_alike_blank_nodes_is_refused_before_the_work(run_cli, tmp_path):
    """RDFC-1.0's work grows with the cube of such a chain's length: a few thousand links
    would hold the export for hours. The refusal comes at once, and names the link."""
    source = _chain(tmp_path / "chain.nt", 5_000)
    started = time.monotonic()
    result = run_cli("export", source, "--to", tmp_path / "chain.ttl")
    assert result.exit_code == 2
    assert "cannot give the export's blank nodes canonical labels in reasonable time" in result.output
    assert (
        "4998 blank nodes look alike" in result.output
    )  # the first and the last stand out and "<https://example.org/next>" in result.output
    assert time.monotonic() - started < 20
    assert not (tmp_path / "chain.ttl").exists()


def test_a_small_clique_of_blank_nodes_is_refused_too(tmp_path):
    """Look-alike neighbours make RDFC-1.0 try every order of them: exponential work."""
    source = tmp_path / "clique.nt"
    source.write_text(
        "".join(f"_:n{i} <https://example.org/knows> _:n{j} .\n" for i in range(12) for j in range(12) if i != j),
        encoding="utf-8",
    )
    with pytest.raises(PublishError, match="12 blank nodes look alike"):
        export(vsgraph.load(source), tmp_path / "clique.nt.out", format="ntriples", provenance=False)
