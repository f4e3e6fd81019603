"""``docs/rules.md``, written from the shapes: every rule vsgraph checks a portfolio with.

Authors learn the rules from this page rather than by failing validation. Each rule is
named by its shape (the ``sourceShape`` of a finding in ``vsgraph validate --format
json``), with its severity, its description, the message a finding prints and the YAML
key or sheet column it is about (:mod:`vsgraph.authoring.keys`). A test regenerates the
page and fails when it differs from the checked-in one.

Run ``python -m vsgraph.validation.rules_doc docs/rules.md`` after changing ``shapes/``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from vsgraph.authoring.keys import LISTS, author_field
from vsgraph.safe_write import write_file
from vsgraph.validation.validator import PORTFOLIO_SHAPE_FILES, shapes_graph
from vsgraph.vocabulary.namespace import VSG

#: What each shapes file holds, as the page's section titles.
_FILES = {
    "vsgraph-shapes.ttl": "Rules (violations)",
    "vsgraph-flow-shapes.ttl": "Flow rules (tracker data)",
    "vsgraph-recommended.ttl": "Recommendations (warnings)",
}
#: ``BIND (vsg:hasStep AS ?path)``: the path a SPARQL constraint reports its findings on.
_BOUND_PATH = re.compile(r"BIND\s*\(\s*vsg:(\w+)\s+AS\s+\?path\s*\)")

_HEADER = """# vsgraph's modelling rules

<!-- Generated from shapes/*.ttl by `python -m vsgraph.validation.rules_doc docs/rules.md`:
edit the shapes and regenerate; a test fails while this page is out of date. -->

`vsgraph validate` checks a portfolio against these rules, each a SHACL shape shipped in
`shapes/`. A rule is named here as it is in a finding: by its shape (`sourceShape` in
`--format json`; the `vsgsh:` prefix is `https://w3id.org/vsgraph/shapes#`). For a
portfolio written in YAML or a spreadsheet, a finding names the key (sheet column) below
and the file and line (or sheet and cell) the thing was written at.

## What "conforms" means

A portfolio **conforms when no finding is a violation**; warnings point at gaps worth
closing and do not make it unsound. The text output, the JSON (`"conforms"`) and the
standard SHACL report (`sh:conforms` in `--format turtle`) all say the same, and
`vsgraph validate` exits 0 when the portfolio conforms (with `--strict`, warnings fail
too). Strict SHACL makes `sh:conforms` false on any result at all; vsgraph follows
pyshacl's `allow_warnings` instead, so that one portfolio never both conforms (text,
exit code) and does not (Turtle), and a gap worth closing is not reported as an unsound
model. The findings themselves are in every format, warnings included.
"""


def rules_markdown() -> str:
    """The text of ``docs/rules.md`` for the shipped portfolio shapes."""
    sections = [_HEADER]
    for name in PORTFOLIO_SHAPE_FILES:
        graph = shapes_graph((name,))
        sections.append(f"## {_FILES.get(name, name)}: `shapes/{name}`\n")
        sections.extend(_node_shape(graph, shape) for shape in _sorted(graph.subjects(RDF.type, SH.NodeShape)))
    return "\n".join(sections)


def _node_shape(graph: Graph, shape: Node) -> str:
    severity = graph.value(shape, SH.severity) or SH.Violation
    lines = [f"### {_text(graph, shape, SH.name) or _short(graph, shape)}", ""]
    lines.append(
        f"Shape {_short(graph, shape)}; applies to {', '.join(_targets(graph, shape)) or 'the nodes its target selects'}."
    )
    description = _text(graph, shape, SH.description)
    if description:
        lines += ["", description]
    constraints = _sorted([*graph.objects(shape, SH.property), *graph.objects(shape, SH.sparql)])
    for constraint in constraints:
        lines += ["", *_constraint(graph, constraint, severity)]
    return "\n".join(lines) + "\n"


def _constraint(graph: Graph, constraint: Node, default_severity: Node) -> Iterator[str]:
    severity = graph.value(constraint, SH.severity) or default_severity
    level = str(severity).removeprefix(str(SH)).lower()
    key = _key(graph, constraint)
    about = f"; key (column) `{key}`" if key else ""
    name = _text(graph, constraint, SH.name)
    yield (
        f"- **{name}** ({level}{about}), {_short(graph, constraint)}"
        if name
        else f"- {_short(graph, constraint)} ({level}{about})"
    )
    description = _text(graph, constraint, SH.description)
    if description:
        yield f"  {description}"
    message = _text(graph, constraint, SH.message)
    if message:
        yield f"  Finding: \u201c{message}\u201d"


def _key(graph: Graph, constraint: Node) -> str | None:
    """The authoring key a rule's findings are about: its path's, or the path a SPARQL
    constraint binds."""
    path = graph.value(constraint, SH.path)
    if path is not None:
        return author_field(parse_shacl_path(graph, path))
    query = graph.value(constraint, SH.select)
    bound = _BOUND_PATH.search(str(query)) if query is not None else None
    return author_field(URIRef(str(VSG._NS) + bound.group(1))) if bound else None


def _targets(graph: Graph, shape: Node) -> list[str]:
    """The things a node shape applies to: their list (sheet) in the authoring formats."""
    targets = []
    for cls in _sorted(graph.objects(shape, SH.targetClass)):
        listed = LISTS.get(cls) if isinstance(cls, URIRef) else None
        targets.append(f"{listed} ({_short(graph, cls)})" if listed else _short(graph, cls))
    for predicate, words in ((SH.targetSubjectsOf, "the subjects of"), (SH.targetObjectsOf, "the objects of")):
        targets += [f"{words} {_short(graph, p)}" for p in _sorted(graph.objects(shape, predicate))]
    return targets


def _text(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    """The English (or untagged) text of ``node``'s ``predicate``, on one line."""
    texts = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
    english = [t for t in texts if (t.language or "en").lower().startswith("en")]
    chosen = sorted(str(t) for t in english or texts)
    return " ".join(chosen[0].split()) if chosen else None


def _short(graph: Graph, node: Node) -> str:
    return f"`{node.n3(graph.namespace_manager)}`"


def _sorted(nodes: Iterator[Node] | list[Node]) -> list[Node]:
    return sorted(nodes, key=str)


def main(argv: list[str]) -> int:
    """Write the page to the path given (``docs/rules.md``), or print it."""
    text = rules_markdown()
    if not argv:
        sys.stdout.write(text)
        return 0
    data = text.encode("utf-8")
    write_file(Path(argv[0]), lambda out: out.write(data))
    print(f"wrote {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
