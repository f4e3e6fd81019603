"""The shipped SHACL shapes compiled to SPARQL, so that Oxigraph can validate in bulk.

pyshacl evaluates every constraint node by node in Python over an rdflib graph; at a
million triples that takes minutes and needs the rdflib copy of the store. Each
constraint of a shape is instead turned into one SPARQL ``SELECT`` that returns every
violating ``(?this, ?value)`` (and ``?path``, for SPARQL-based constraints) at once, and
is answered by the portfolio's own engine.

pyshacl stays the reference: the compiler handles only the constraint components it can
translate with the same meaning, and refuses any other one loudly (a
:class:`~vsgraph.errors.ResourceError` naming the shape), so the shapes cannot drift away
from what this engine checks. The tests compare both engines finding by finding.

Two pieces of the meaning need care:

* ``sh:targetClass`` and ``sh:class`` count instances of subclasses. pyshacl sees the
  ontology mixed into the data graph; here the ``rdfs:subClassOf`` closure (ontology plus
  any subclass statements in the portfolio) is computed in Python and handed to the
  query as a ``VALUES`` list of classes.
* Each compiled check also records its *reach*: how many links away from the focus node
  the triples it reads can be. Incremental validation (:mod:`vsgraph.validation.incremental`) uses
  it to find the focus nodes an edit can affect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import count

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier, Node, Variable

from vsgraph.errors import ResourceError
from vsgraph.validation.findings import ResultPath, Severity

#: Predicates of a shape that say nothing about what it checks.
_DESCRIPTIVE = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.order,
    SH.group,
    SH.defaultValue,
}
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
#: Constraints that test one value node on its own, turned into a SPARQL expression.
_VALUE_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
}
_COMPARISONS: dict[Node, str] = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_NODE_KINDS: dict[Node, str] = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: Datatypes whose well-formedness SPARQL can test with a cast (pyshacl rejects
#: ill-formed literals such as ``"five"^^xsd:integer``).
_CASTABLE = {
    XSD.integer,
    XSD.decimal,
    XSD.double,
    XSD.float,
    XSD.boolean,
    XSD.dateTime,
}
_TARGETS_SLOT = "#VSGRAPH-TARGETS#"


@dataclass(frozen=True)
class Targets:
    """The pattern that binds ``?this`` to a shape's targets.

    ``pattern`` may bind a node more than once (a node of two target classes); ``once``
    binds each target once. For a single class without subclasses that is the plain
    ``?this a <C>``: at portfolio scale, wrapping it in ``SELECT DISTINCT`` costs more
    than the constraint itself.
    """

    pattern: str
    once: str


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a SPARQL query, and how to report what it returns.

    The query projects ``?this`` and ``?value`` (and ``?path`` for SPARQL-based
    constraints); the text holds a slot where :meth:`query` puts the focus nodes.
    """

    sparql: str
    source_shape: Node
    component: URIRef
    severity: Severity
    messages: tuple[Literal, ...]
    path: ResultPath | None
    targets: Targets
    reach: int | None
    source_constraint: Node | None = None
    extra_messages: tuple[Literal, ...] = ()

    def query(self, focus: Iterable[Node] | None = None) -> str:
        """The query over every target, or over the targets among ``focus`` only."""
        if focus is None:
            pattern = self.targets.once
        else:
            # Bound first and tested with FILTER EXISTS, so Oxigraph starts from the few
            # focus nodes instead of joining them with every target.
            pattern = f"VALUES ?this {{ {' '.join(n.n3() for n in focus)} }} FILTER EXISTS {{ {self.targets.pattern} }}"
        return self.sparql.replace(_TARGETS_SLOT, pattern)


def compile_shapes(shapes: Graph, ontology: Graph, data_subclasses: Iterable[tuple[Node, Node]] = ()) -> list[Check]:
    """Every check the shapes in ``shapes`` make, given the ontology's class hierarchy.

    ``data_subclasses`` are extra ``rdfs:subClassOf`` pairs found in the portfolio.
    Raises :class:`ResourceError` on a construct this engine does not translate.
    """
    return _Compiler(shapes, ontology, data_subclasses).compile()


class _Compiler:
    def __init__(self, shapes: Graph, ontology: Graph, data_subclasses: Iterable[tuple[Node, Node]]) -> None:
        self.shapes = shapes
        self.ontology = ontology
        self.superclasses: dict[Node, set[Node]] = {}
        for sub, sup in [*ontology.subject_objects(RDFS.subClassOf), *data_subclasses]:
            self.superclasses.setdefault(sub, set()).add(sup)
        self.variables = count(1)

    def compile(self) -> list[Check]:
        checks: list[Check] = []
        node_shapes = set(self.shapes.subjects(RDF.type, SH.NodeShape))
        for shape in sorted((s for s in node_shapes if _targets_of(self.shapes, s)), key=str):
            if self._deactivated(shape):
                continue
            targets = self._targets(shape)
            checks.extend(self._node_checks(shape, targets))
            for property_shape in sorted(self.shapes.objects(shape, SH.property), key=str):
                if not self._deactivated(property_shape):
                    checks.extend(self._property_checks(property_shape, targets))
        return checks

    # --- targets and classes ------------------------------------------------------

    def subclasses(self, cls: Node) -> list[Node]:
        """``cls`` and every class below it."""
        found = {cls}
        changed = True
        while changed:
            changed = False
            for sub, sups in self.superclasses.items():
                if sub not in found and sups & found:
                    found.add(sub)
                    changed = True
        return sorted(found, key=_term_order)

    def _ontology_instances(self, classes: list[Node]) -> list[Node]:
        return sorted({s for c in classes for s in self.ontology.subjects(RDF.type, c)}, key=_term_order)

    def _targets(self, shape: Node) -> Targets:
        patterns = []
        targeted = list(self.shapes.objects(shape, SH.targetClass))
        class_sets = [self.subclasses(cls) for cls in targeted]
        for cls, classes in zip(targeted, class_sets, strict=True):
            if self._ontology_instances(classes):
                raise ResourceError(
                    f"the shape {shape} targets {cls}, which the ontology itself has instances of; "
                    "the SPARQL engine validates only the portfolio's own nodes"
                )
            patterns.append(f"VALUES ?targetClass {{ {_terms(classes)} }} ?this a ?targetClass .")
        for node in self.shapes.objects(shape, SH.targetNode):
            patterns.append(f"VALUES ?this {{ {node.n3()} }}")
        for predicate in self.shapes.objects(shape, SH.targetSubjectsOf):
            patterns.append(f"?this {predicate.n3()} [] .")
        for predicate in self.shapes.objects(shape, SH.targetObjectsOf):
            patterns.append(f"[] {predicate.n3()} ?this .")
        pattern = " UNION ".join(f"{{ {p} }}" for p in patterns)
        if len(patterns) == 1 and len(class_sets) == 1 and len(class_sets[0]) == 1:
            return Targets(pattern, f"?this a {class_sets[0][0].n3()} .")
        return Targets(pattern, f"{{ SELECT DISTINCT ?this WHERE {{ {pattern} }} }}")

    # --- shapes that report -------------------------------------------------------

    def _node_checks(self, shape: Node, targets: Targets) -> list[Check]:
        """The constraints a node shape puts on the focus node itself (value = focus)."""
        self._refuse_unknown(shape, allowed={SH.property, SH.sparql, SH.deactivated, *_TARGETS, *_VALUE_COMPONENTS})
        checks = []
        for parameter, component in _VALUE_COMPONENTS.items():
            for argument in self.shapes.objects(shape, parameter):
                condition = self._value_condition(parameter, argument, "?this", shape)
                sparql = f"SELECT ?this (?this AS ?value) WHERE {{ {_TARGETS_SLOT} FILTER (!({condition})) }}"
                checks.append(self._check(shape, component, sparql, None, targets, reach=self._value_reach(parameter, argument)))
        for constraint in sorted(self.shapes.objects(shape, SH.sparql), key=str):
            checks.append(self._sparql_check(shape, constraint, targets))
        return checks

    def _property_checks(self, shape: Node, targets: Targets) -> list[Check]:
        self._refuse_unknown(
            shape,
            allowed={
                SH.path,
                SH.minCount,
                SH.maxCount,
                SH.qualifiedValueShape,
                SH.qualifiedMinCount,
                SH.qualifiedMaxCount,
                SH.qualifiedValueShapesDisjoint,
                SH.deactivated,
                *_VALUE_COMPONENTS,
            },
        )
        if self.shapes.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise ResourceError(
                f"the shape {shape} uses sh:qualifiedValueShapesDisjoint, which the SPARQL engine does not support"
            )
        path = self._path(shape)
        sparql_path, length = _sparql_path(path, shape)
        checks = []
        for n in self.shapes.objects(shape, SH.minCount):
            sparql = _count_query(sparql_path, lambda var: "", "<", _integer(n, shape))
            checks.append(self._check(shape, SH.MinCountConstraintComponent, sparql, path, targets, reach=length - 1))
        for n in self.shapes.objects(shape, SH.maxCount):
            sparql = _count_query(sparql_path, lambda var: "", ">", _integer(n, shape))
            checks.append(self._check(shape, SH.MaxCountConstraintComponent, sparql, path, targets, reach=length - 1))
        for parameter, component in _VALUE_COMPONENTS.items():
            for argument in self.shapes.objects(shape, parameter):
                condition = self._value_condition(parameter, argument, "?value", shape)
                sparql = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {_TARGETS_SLOT} ?this {sparql_path} ?value . "
                    f"FILTER (!({condition})) }}"
                )
                reach = _plus(length, self._value_reach(parameter, argument))
                checks.append(self._check(shape, component, sparql, path, targets, reach=reach))
        qualified = self.shapes.value(shape, SH.qualifiedValueShape)
        if qualified is not None:

            def qualifies(var: str) -> str:
                return f"FILTER ({self._shape_condition(qualified, var)})"

            reach = _plus(length, self._shape_reach(qualified))
            bounds = (
                (SH.qualifiedMinCount, "<", SH.QualifiedMinCountConstraintComponent),
                (SH.qualifiedMaxCount, ">", SH.QualifiedMaxCountConstraintComponent),
            )
            for parameter, operator, component in bounds:
                for n in self.shapes.objects(shape, parameter):
                    sparql = _count_query(sparql_path, qualifies, operator, _integer(n, shape))
                    checks.append(self._check(shape, component, sparql, path, targets, reach=reach))
        return checks

    def _check(
        self, shape: Node, component: URIRef, sparql: str, path: ResultPath | None, targets: Targets, reach: int | None
    ) -> Check:
        messages = self._messages(shape)
        if not messages:
            raise ResourceError(
                f"the shape {shape} has no sh:message; the SPARQL engine reports only shapes that say what is wrong"
            )
        return Check(
            sparql=sparql,
            source_shape=shape,
            component=component,
            severity=self._severity(shape),
            messages=messages,
            path=path,
            targets=targets,
            reach=reach,
        )

    def _sparql_check(self, shape: Node, constraint: Node, targets: Targets) -> Check:
        self._refuse_unknown(constraint, allowed={SH.select, SH.prefixes, SH.deactivated})
        select = str(self.shapes.value(constraint, SH.select))
        prefixes = "".join(
            f"PREFIX {self.shapes.value(d, SH.prefix)}: <{self.shapes.value(d, SH.namespace)}>\n"
            for ontology in self.shapes.objects(constraint, SH.prefixes)
            for d in self.shapes.objects(ontology, SH.declare)
        )
        body = re.sub(r"\$this\b", "?this", select)
        parsed = _parse(prefixes + body, constraint)
        if {"failure"} & {str(v) for v in parsed.algebra["PV"]}:
            raise ResourceError(f"the SPARQL constraint {constraint} projects ?failure, which the SPARQL engine does not support")
        opening = body.index("{")
        sparql = f"{prefixes}{body[: opening + 1]} {_TARGETS_SLOT} {body[opening + 1 :]}"
        messages = tuple(m for m in self.shapes.objects(constraint, SH.message) if isinstance(m, Literal))
        return Check(
            sparql=sparql,
            source_shape=shape,
            component=SH.SPARQLConstraintComponent,
            severity=self._severity(shape),
            messages=self._messages(shape),
            path=None,
            targets=targets,
            reach=_pattern_reach(parsed.algebra),
            source_constraint=constraint,
            extra_messages=messages,
        )

    # --- conditions on one node -----------------------------------------------------

    def _value_condition(self, parameter: Node, argument: Node, var: str, shape: Node) -> str:
        """A SPARQL expression that is true when the node in ``var`` satisfies the constraint."""
        if parameter == SH["class"]:
            classes = self.subclasses(argument)
            cls = f"?{self._fresh()}"
            typed = f"EXISTS {{ VALUES {cls} {{ {_terms(classes)} }} {var} a {cls} }}"
            known = [f"sameTerm({var}, {n.n3()})" for n in self._ontology_instances(classes)]
            return " || ".join([typed, *known])
        if parameter == SH.datatype:
            if argument == XSD.string:
                return f"(isLiteral({var}) && datatype({var}) = {XSD.string.n3()})"
            if argument not in _CASTABLE:
                raise ResourceError(f"the shape {shape} uses sh:datatype {argument}, which the SPARQL engine cannot check")
            return (
                f"(isLiteral({var}) && datatype({var}) = {argument.n3()} && COALESCE({argument.n3()}(str({var})) = {var}, false))"
            )
        if parameter == SH.nodeKind:
            return _NODE_KINDS[argument].format(v=var)
        if parameter in _COMPARISONS:
            return f"COALESCE({var} {_COMPARISONS[parameter]} {argument.n3()}, false)"
        if parameter == SH["in"]:
            members = list(Collection(self.shapes, argument))
            return "(" + (" || ".join(f"sameTerm({var}, {m.n3()})" for m in members) or "false") + ")"
        if parameter == SH.languageIn:
            tags = " || ".join(f"langMatches(lang({var}), {Literal(str(t)).n3()})" for t in Collection(self.shapes, argument))
            return f"(isLiteral({var}) && ({tags or 'false'}))"
        if parameter in (SH["or"], SH["and"]):
            joiner = " || " if parameter == SH["or"] else " && "
            return "(" + joiner.join(self._shape_condition(s, var) for s in Collection(self.shapes, argument)) + ")"
        if parameter == SH["not"]:
            return f"!({self._shape_condition(argument, var)})"
        return self._shape_condition(argument, var)  # sh:node

    def _shape_condition(self, shape: Node, var: str) -> str:
        """A SPARQL expression that is true when the node in ``var`` conforms to ``shape``."""
        self._refuse_unknown(shape, allowed={SH.property, SH.path, SH.minCount, *_VALUE_COMPONENTS})
        if self.shapes.value(shape, SH.path) is not None:
            raise ResourceError(f"the nested shape {shape} has a path of its own; use sh:property inside it")
        parts = [self._value_condition(p, a, var, shape) for p in _VALUE_COMPONENTS for a in self.shapes.objects(shape, p)]
        for nested in self.shapes.objects(shape, SH.property):
            self._refuse_unknown(nested, allowed={SH.path, SH.minCount, *_VALUE_COMPONENTS})
            sparql_path, _ = _sparql_path(self._path(nested), nested)
            for n in self.shapes.objects(nested, SH.minCount):
                if _integer(n, nested) > 1:
                    raise ResourceError(f"the nested shape {nested} asks for sh:minCount {n}; the SPARQL engine supports 0 or 1")
                if _integer(n, nested) == 1:
                    parts.append(f"EXISTS {{ {var} {sparql_path} [] }}")
            item = f"?{self._fresh()}"
            conditions = [
                self._value_condition(p, a, item, nested) for p in _VALUE_COMPONENTS for a in self.shapes.objects(nested, p)
            ]
            if conditions:
                parts.append(f"NOT EXISTS {{ {var} {sparql_path} {item} FILTER (!({' && '.join(conditions)})) }}")
        return "(" + (" && ".join(parts) or "true") + ")"

    def _value_reach(self, parameter: Node, argument: Node) -> int:
        """How many links beyond a value node its constraint reads (0: the node itself)."""
        if parameter in (SH["or"], SH["and"]):
            return max((self._shape_reach(s) for s in Collection(self.shapes, argument)), default=0)
        if parameter in (SH["not"], SH.node):
            return self._shape_reach(argument)
        return 0

    def _shape_reach(self, shape: Node) -> int:
        reach = max((self._value_reach(p, a) for p in _VALUE_COMPONENTS for a in self.shapes.objects(shape, p)), default=0)
        for nested in self.shapes.objects(shape, SH.property):
            _, length = _sparql_path(self._path(nested), nested)
            inner = max((self._value_reach(p, a) for p in _VALUE_COMPONENTS for a in self.shapes.objects(nested, p)), default=0)
            reach = max(reach, length + inner)
        return reach

    # --- shape metadata ---------------------------------------------------------------

    def _path(self, shape: Node) -> URIRef | Path:
        """The ``sh:path`` of a property shape, parsed."""
        path_node = self.shapes.value(shape, SH.path)
        if path_node is None:
            raise ResourceError(f"the property shape {shape} has no sh:path")
        return parse_shacl_path(self.shapes, path_node)

    def _severity(self, shape: Node) -> Severity:
        return Severity.from_iri(self.shapes.value(shape, SH.severity) or SH.Violation)

    def _messages(self, shape: Node) -> tuple[Literal, ...]:
        return tuple(m for m in self.shapes.objects(shape, SH.message) if isinstance(m, Literal))

    def _deactivated(self, shape: Node) -> bool:
        return self.shapes.value(shape, SH.deactivated) == Literal(True)

    def _refuse_unknown(self, shape: Node, allowed: set[Node]) -> None:
        for predicate in set(self.shapes.predicates(shape)):
            if str(predicate).startswith(str(SH)) and predicate not in allowed | _DESCRIPTIVE:
                raise ResourceError(
                    f"the shape {shape} uses {predicate}, which the SPARQL validation engine "
                    "does not translate; validate with engine='pyshacl'"
                )

    def _fresh(self) -> str:
        return f"n{next(self.variables)}"


def _targets_of(shapes: Graph, shape: Node) -> bool:
    return any(shapes.value(shape, t) is not None for t in _TARGETS)


def _term_order(node: Node) -> Identifier:
    """The key that sorts terms in rdflib's order (by kind, then by text)."""
    # rdflib's Node declares no order, but every term of a graph is an Identifier, which has one.
    assert isinstance(node, Identifier), f"{node!r} is not an RDF term"
    return node


def _integer(node: Node, shape: Node) -> int:
    """The integer a count parameter of ``shape`` (``sh:minCount`` and the like) gives."""
    if not isinstance(node, Literal):
        raise ResourceError(f"the shape {shape} gives {node} as a count, which is not a literal")
    return int(node)


def _terms(nodes: Iterable[Node]) -> str:
    return " ".join(n.n3() for n in nodes)


def _plus(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def _count_query(sparql_path: str, condition: Callable[[str], str], operator: str, bound: int) -> str:
    """Focus nodes whose number of (qualifying) values is below / above ``bound``.

    ``condition(var)`` is the pattern a value in ``var`` must match to count. "At most one"
    is asked as "two different values" rather than by counting: a third faster on Oxigraph.
    """
    if operator == "<" and bound == 1:
        return (
            f"SELECT ?this WHERE {{ {_TARGETS_SLOT} FILTER NOT EXISTS {{ ?this {sparql_path} ?value {condition('?value')} }} }}"
        )
    if operator == "<" and bound <= 0:
        return f"SELECT ?this WHERE {{ {_TARGETS_SLOT} FILTER (false) }}"
    if operator == ">" and bound == 1:
        return (
            f"SELECT DISTINCT ?this WHERE {{ {_TARGETS_SLOT} ?this {sparql_path} ?value . {condition('?value')} "
            f"?this {sparql_path} ?other . {condition('?other')} FILTER (!sameTerm(?value, ?other)) }}"
        )
    optional = "OPTIONAL" if operator == "<" else ""
    return (
        f"SELECT ?this WHERE {{ {_TARGETS_SLOT} {optional} {{ ?this {sparql_path} ?value {condition('?value')} }} }} "
        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {operator} {bound})"
    )


def _sparql_path(path: URIRef | Path, shape: Node) -> tuple[str, int]:
    """A SHACL path as a SPARQL property path, and how many links it follows at most."""
    if isinstance(path, URIRef):
        return path.n3(), 1
    if isinstance(path, InvPath):
        inner, length = _sparql_path(path.arg, shape)
        return f"^({inner})", length
    if isinstance(path, SequencePath):
        parts = [_sparql_path(p, shape) for p in path.args]
        return "(" + "/".join(p for p, _ in parts) + ")", sum(n for _, n in parts)
    if isinstance(path, AlternativePath):
        parts = [_sparql_path(p, shape) for p in path.args]
        return "(" + "|".join(p for p, _ in parts) + ")", max(n for _, n in parts)
    if isinstance(path, MulPath):
        raise ResourceError(f"the shape {shape} uses a path of unbounded length, which the SPARQL engine does not support")
    raise ResourceError(f"the shape {shape} has a path the SPARQL engine does not understand: {path!r}")


def _parse(text: str, constraint: Node) -> Query:
    try:
        return prepareQuery(text)
    except Exception as exc:  # pyparsing raises its own exception types
        raise ResourceError(f"the SPARQL constraint {constraint} does not parse: {exc}") from exc


def _pattern_reach(algebra: CompValue) -> int | None:
    """How far from ``?this`` the triple patterns of a SPARQL constraint reach.

    The distance of a triple pattern is that of its nearer end from ``?this``, counting
    links between the patterns' subjects and objects (the class in ``?x a vsg:Step`` does
    not link anything). A pattern not linked to ``?this`` at all, joined only through a
    FILTER, could be anywhere: then the reach is unknown (``None``).
    """
    triples = list(_triple_patterns(algebra))
    links: dict[Node, set[Node]] = {}
    for s, p, o in triples:
        if p != RDF.type and not isinstance(o, Literal):
            links.setdefault(s, set()).add(o)
            links.setdefault(o, set()).add(s)
    distance: dict[Node, int] = {Variable("this"): 0}
    frontier: list[Node] = [Variable("this")]
    while frontier:
        following: list[Node] = []
        for node in frontier:
            for neighbour in links.get(node, ()):
                if neighbour not in distance:
                    distance[neighbour] = distance[node] + 1
                    following.append(neighbour)
        frontier = following
    reach = 0
    for s, _, o in triples:
        near = min(distance.get(s, 10**9), distance.get(o, 10**9) if not isinstance(o, Literal) else 10**9)
        if near >= 10**9:
            return None
        reach = max(reach, near)
    return reach


def _triple_patterns(node: object) -> Iterable[tuple[Node, Node, Node]]:
    """Every triple pattern in a parsed query, inside FILTER (NOT) EXISTS too."""
    if isinstance(node, CompValue):
        if node.name == "BGP":
            yield from node["triples"]
        for value in node.values():
            yield from _triple_patterns(value)
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from _triple_patterns(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _triple_patterns(value)
