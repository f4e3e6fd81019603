"""The provenance record of an export, in W3C PROV-O.

An export says what generated it (an export activity associated with vsgraph, a
``prov:SoftwareAgent`` with its version), from which sources and when. Everything in the
record gets a deterministic IRI, never a blank node, so that the same export made twice is
byte-identical:

* a source is named by its content, ``ni:///sha-256;...`` (RFC 6920), and labelled with
  its file name only: an absolute path would leak the exporting machine's layout;
* the activity is ``urn:uuid:`` + a name-based UUID (RFC 4122, version 5) of the exported
  data's digest, the sources, the time and the vsgraph version;
* the agent is vsgraph's release page on PyPI, which names that version of the software.
"""

from __future__ import annotations

import hashlib
import uuid
from base64 import urlsafe_b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from vsgraph.errors import InputError

_PROV = "http://www.w3.org/ns/prov#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
_DATE_TIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


def _prov(name: str) -> ox.NamedNode:
    return ox.NamedNode(_PROV + name)


@dataclass(frozen=True)
class Source:
    """One input of an export: its file (or folder) name and the SHA-256 of its content."""

    name: str
    digest: bytes

    @classmethod
    def of(cls, path: Path | str) -> Source:
        """Read ``path`` (a file, or a folder such as a CSV portfolio) and digest its content."""
        path = Path(path)
        sha = hashlib.sha256()
        try:
            if path.is_dir():
                for member in sorted(p for p in path.rglob("*") if p.is_file()):
                    sha.update(member.relative_to(path).as_posix().encode("utf-8") + b"\0")
                    sha.update(member.read_bytes())
            else:
                sha.update(path.read_bytes())
        except OSError as exc:
            raise InputError(f"cannot read this source to record its provenance: {exc}", path=path) from exc
        return cls(path.name, sha.digest())

    @property
    def iri(self) -> str:
        """The source's content-derived IRI, ``ni:///sha-256;<base64url digest>``."""
        return "ni:///sha-256;" + urlsafe_b64encode(self.digest).decode("ascii").rstrip("=")


def timestamp_literal(moment: datetime) -> ox.Literal:
    """``moment`` as a canonical UTC ``xsd:dateTime`` to the second (naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ox.Literal(text, datatype=_DATE_TIME)


def provenance_triples(
    *,
    generated: str,
    record: str,
    data_digest: str,
    sources: Sequence[Source],
    generated_at: datetime,
    version: str,
    ontology: str | None = None,
) -> list[ox.Triple]:
    """The PROV-O record of one export.

    ``generated`` is the IRI of the exported portfolio data (its named graph), ``record``
    that of the record itself (a ``prov:Bundle``); ``data_digest`` identifies the exported
    data; ``ontology`` is the ontology version IRI when the export includes the ontology.
    """
    when = timestamp_literal(generated_at)
    agent = ox.NamedNode(f"https://pypi.org/project/vsgraph/{version}/")
    seed = "\n".join([agent.value, data_digest, when.value, ontology or "", *sorted(s.iri for s in sources)])
    activity = ox.NamedNode(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}")
    data, bundle = ox.NamedNode(generated), ox.NamedNode(record)
    triples = [
        ox.Triple(activity, _RDF_TYPE, _prov("Activity")),
        ox.Triple(activity, _LABEL, ox.Literal("vsgraph export")),
        ox.Triple(activity, _prov("startedAtTime"), when),
        ox.Triple(activity, _prov("endedAtTime"), when),
        ox.Triple(activity, _prov("wasAssociatedWith"), agent),
        ox.Triple(agent, _RDF_TYPE, _prov("SoftwareAgent")),
        ox.Triple(agent, _LABEL, ox.Literal(f"vsgraph {version}")),
        ox.Triple(agent, _VERSION_INFO, ox.Literal(version)),
        ox.Triple(data, _RDF_TYPE, _prov("Entity")),
        ox.Triple(data, _prov("wasGeneratedBy"), activity),
        ox.Triple(data, _prov("generatedAtTime"), when),
        ox.Triple(data, _prov("wasAttributedTo"), agent),
        ox.Triple(bundle, _RDF_TYPE, _prov("Bundle")),
        ox.Triple(bundle, _prov("wasGeneratedBy"), activity),
        ox.Triple(bundle, _prov("generatedAtTime"), when),
    ]
    for source in sources:
        node = ox.NamedNode(source.iri)
        triples += [
            ox.Triple(node, _RDF_TYPE, _prov("Entity")),
            ox.Triple(node, _LABEL, ox.Literal(source.name)),
            ox.Triple(activity, _prov("used"), node),
            ox.Triple(data, _prov("wasDerivedFrom"), node),
        ]
    if ontology is not None:
        node = ox.NamedNode(ontology)
        triples += [ox.Triple(node, _RDF_TYPE, _prov("Entity")), ox.Triple(activity, _prov("used"), node)]
    return triples
