"""Canonical labels for an export's blank nodes, refused up front when they would cost too much.

An export relabels its blank nodes by W3C RDF Dataset Canonicalization (RDFC-1.0, in
Oxigraph's Rust implementation), so that the same graph is written with the same labels
whichever engine read it. RDFC-1.0 is cheap for a blank node that its own statements tell
apart from the others (a reading with its value, an OWL list cell with its member): its
"first-degree hash" is unique. Blank nodes that share that hash (the links of a long
chain, a ring or a tree of blank nodes that only other blank nodes tell apart) go through
"N-degree" hashing, which follows the blank nodes around them, over every order of
look-alike neighbours, from each of them: its work grows with the cube of a chain's length
and exponentially with look-alike neighbours, so a small file could hold an export for
hours and gigabytes while validating or querying it takes a moment.

So :func:`canonical_documents` first counts that work without doing it: it groups the blank
nodes by their first-degree statements, as RDFC-1.0 does, and walks the N-degree hashing's
visits (each blank node it would start from, each order of look-alike neighbours, each
neighbour it would follow), adding up the identifiers each visit copies. The walk never
skips a visit that RDFC-1.0 would make (it does not know the hashes, so it cannot prune
like RDFC-1.0 does), so it errs on the high side. Past :data:`MAX_WORK`, or deeper than
:data:`MAX_DEPTH`, the export is refused with a :class:`PublishError` instead of tried.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping

import pyoxigraph as ox

from vsgraph.engine.backends import ntriples_of
from vsgraph.errors import PublishError

#: The most N-degree hashing work an export may need, in identifiers copied (see above).
MAX_WORK = 20_000_000
#: How many blank nodes deep one N-degree hash may follow others.
MAX_DEPTH = 500

# A look-alike neighbour as RDFC-1.0 hashes it, seen from the blank node being hashed: its
# position in the shared statement (s or o), the predicate and its first-degree statements.
_Role = tuple[bytes, bytes, bytes]


def canonical_documents(documents: Mapping[str, bytes]) -> dict[str, bytes]:
    """N-Triples ``documents`` (by graph name) with their blank nodes relabelled by RDFC-1.0.

    Only the statements that mention a blank node take part: the labels depend on nothing
    else, and the other lines stay as they are (in Oxigraph's form already). A line with
    ``_:`` inside an IRI or a literal goes through too, and comes back the same. Raises
    :class:`PublishError` when labelling would need more than :data:`MAX_WORK`.
    """
    plain: dict[str, list[bytes]] = {}
    blank: dict[str, list[bytes]] = {}
    for name, document in documents.items():
        lines = document.splitlines(keepends=True)
        plain[name] = [line for line in lines if b"_:" not in line]
        blank[name] = [line for line in lines if b"_:" in line]
    _Walk(blank).check()
    dataset = ox.Dataset(
        ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(name))
        for name, lines in blank.items()
        for triple in ox.parse(input=b"".join(lines), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {
        name: b"".join(plain[name]) + ntriples_of(quad.triple for quad in dataset.quads_for_graph_name(ox.NamedNode(name)))
        for name in documents
    }


class _TooCostly(Exception):
    """The walk passed :data:`MAX_WORK` or :data:`MAX_DEPTH`."""


class _Walk:
    """The visits RDFC-1.0's N-degree hashing would make on some N-Triples lines, counted.

    Blank nodes are their labels; a line is ``S P O .`` where only S and O can be blank.
    """

    def __init__(self, lines_by_graph: Mapping[str, list[bytes]]) -> None:
        statements: defaultdict[bytes, list[bytes]] = defaultdict(list)
        links: list[tuple[bytes, bytes, bytes, bytes]] = []  # (node, position of related, predicate, related)
        for name, lines in lines_by_graph.items():
            graph = f" <{name}>".encode()
            for line in lines:
                subject, predicate, obj = _terms(line)
                blank_subject, blank_object = subject.startswith(b"_:"), obj.startswith(b"_:")
                if blank_subject:
                    statements[subject].append(
                        b"_:a " + predicate + b" " + (b"_:a" if obj == subject else b"_:z" if blank_object else obj) + graph
                    )
                if blank_object and obj != subject:
                    statements[obj].append((b"_:z" if blank_subject else subject) + b" " + predicate + b" _:a" + graph)
                    if blank_subject:
                        links += [(subject, b"o", predicate, obj), (obj, b"s", predicate, subject)]
        first_degree = {blank: b"\n".join(sorted(lines)) for blank, lines in statements.items()}
        shared = Counter(first_degree.values())
        # A blank node with a unique first-degree hash gets its label at once; the others
        # (look-alikes) need N-degree hashing.
        self.look_alikes = [blank for blank, key in first_degree.items() if shared[key] > 1]
        ambiguous = set(self.look_alikes)
        self.neighbours: defaultdict[bytes, list[tuple[_Role, bytes]]] = defaultdict(list)
        self.predicates: Counter[bytes] = Counter()
        for node, position, predicate, related in links:
            if node in ambiguous and related in ambiguous:
                self.neighbours[node].append(((position, predicate, first_degree[related]), related))
                self.predicates[predicate] += 1
        self.spent = 0

    def check(self) -> None:
        """Raise :class:`PublishError` if labelling would cost more than allowed."""
        try:
            for blank in self.look_alikes:
                self._visit(blank, {blank}, 0)
        except _TooCostly:
            common = sorted(self.predicates.items(), key=lambda item: (-item[1], item[0]))[:3]
            linked = ", ".join(predicate.decode() for predicate, _ in common)
            raise PublishError(
                "cannot give the export's blank nodes canonical labels in reasonable time: "
                f"{len(self.look_alikes)} blank nodes look alike except for the blank nodes they "
                f"link to (through {linked}), as in a long chain, ring or tree of blank nodes; "
                "give those nodes IRIs and export again"
            ) from None

    def _spend(self, work: int) -> None:
        self.spent += work
        if self.spent > MAX_WORK:
            raise _TooCostly

    def _visit(self, node: bytes, issued: set[bytes], depth: int) -> set[bytes]:
        """One N-degree hash of ``node`` with the identifiers ``issued`` so far; the
        identifiers issued once it is done."""
        if depth > MAX_DEPTH:
            raise _TooCostly
        neighbours = self.neighbours.get(node, [])
        self._spend(len(issued) + len(neighbours) + 1)
        groups: defaultdict[_Role, list[bytes]] = defaultdict(list)
        for role, related in neighbours:
            if related in issued:
                self._spend(len(issued) + 1)  # hashed by its identifier: a group of its own, followed no further
            else:
                groups[role].append(related)
        # In the order of the groups' roles, never of the labels, so that the count is the
        # same whichever labels an engine gave; every order within a group is walked.
        for role in sorted(groups):
            group = groups[role]
            chosen = issued
            for order in itertools.permutations(group):
                self._spend(len(issued) + len(group))
                copy = set(issued)
                recursion = [related for related in dict.fromkeys(order) if related not in copy]
                copy.update(recursion)
                for related in recursion:
                    copy = self._visit(related, copy, depth + 1)
                chosen = copy
            issued = chosen
        return issued


def _terms(line: bytes) -> tuple[bytes, bytes, bytes]:
    """The subject, predicate and object of an N-Triples line (only the object may hold spaces)."""
    subject, predicate, rest = line.split(b" ", 2)
    return subject, predicate, rest.rstrip()[:-1].rstrip()
