"""SHACL Core validation compiled to SPARQL and run on an in-memory Oxigraph store.

The build validates its dataset against ``ontology/shapes.ttl``. pySHACL (and pyshacl-turbo,
its Rust port) first copy the data into an engine of their own: on the Turin graph that
copy, the imports of rdflib and the validator and the conversion of the shapes cost ≈0.6 s of
CPU in a build that keeps two cores busy; at 100,000 synthetic organisations (4.3M quads) the
copy took 7.9 GB. Here each constraint of each shape becomes one SPARQL query that selects
the focus nodes (and values) that break it, run by Oxigraph on a store of the quads, whose
terms the build already holds as pyoxigraph objects (no conversion).

Supported: node and property shapes; targets ``sh:targetClass`` (with ``rdfs:subClassOf*``
in the data, as SHACL asks), ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``,
``sh:targetNode`` and implicit class targets; paths that are an IRI or ``sh:inversePath`` of
one; ``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:in``,
``sh:hasValue``, ``sh:pattern`` (with ``sh:flags``), ``sh:nodeKind``, the four range
constraints, and, at node level, ``sh:or``, ``sh:xone``, ``sh:and`` and ``sh:not`` of such
shapes; ``sh:message``, ``sh:severity`` (only violations fail) and ``sh:deactivated``.
Anything else raises :class:`Unsupported` when the shapes are compiled, and the caller
validates with pySHACL instead (:func:`sekg.graph.validate.validate_triples` does).

Two Oxigraph habits are accounted for. It stores literals by value, so
``"1"^^xsd:positiveInteger`` comes back typed ``xsd:integer``: ``sh:datatype`` is checked on
the quads as given, not on the store. Its default graph is not the union of the named graphs,
so every query asks for the union and counts distinct values (a triple in two graphs is one
value, as in the merged graph pySHACL validates). The tests compare every result with
pySHACL's on the Turin graph and on graphs broken in each way a shape can catch.

Example
-------
>>> from pyoxigraph import NamedNode as N, Literal as L, Quad as Q, Triple as T
>>> sh, e = "http://www.w3.org/ns/shacl#", "http://e/"
>>> shapes = [T(N(e + "S"), N(sh + "targetNode"), N(e + "x")),
...           T(N(e + "S"), N(sh + "property"), N(e + "P")),
...           T(N(e + "P"), N(sh + "path"), N(e + "name")),
...           T(N(e + "P"), N(sh + "minCount"), L("1", datatype=N(XSD + "integer")))]
>>> [v.line() for v in validate([Q(N(e + "x"), N(e + "other"), L("v"))], shapes)]
['<http://e/x> http://e/name: Less than 1 values on <http://e/x>->http://e/name']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Store, Triple

__all__ = ["SH", "Unsupported", "Violation", "compile_shapes", "given_value_predicates",
           "validate"]

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: any RDF term, RDF 1.2 triple terms included (pyoxigraph's object type)
Term = NamedNode | BlankNode | Literal | Triple
Node = NamedNode | BlankNode

#: the shapes-graph predicates this module understands (anything else in ``sh:`` is refused)
_TARGETS = {"targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"}
_VALUE_CHECKS = {"class", "datatype", "in", "hasValue", "pattern", "flags", "nodeKind",
                 "minInclusive", "maxInclusive", "minExclusive", "maxExclusive"}
_COUNTS = {"minCount", "maxCount"}
_LOGIC = {"or", "xone", "and", "not"}
_OTHER = {"property", "path", "message", "severity", "deactivated", "name", "description",
          "order", "group", "defaultValue"}
_KNOWN = _TARGETS | _VALUE_CHECKS | _COUNTS | _LOGIC | _OTHER
_SHAPE_TYPES = {SH + "NodeShape", SH + "PropertyShape"}
_RANGES = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">",
           "maxExclusive": "<"}
_NODE_KINDS = {
    "IRI": "isIRI(?value)", "BlankNode": "isBlank(?value)", "Literal": "isLiteral(?value)",
    "BlankNodeOrIRI": "(isBlank(?value) || isIRI(?value))",
    "BlankNodeOrLiteral": "(isBlank(?value) || isLiteral(?value))",
    "IRIOrLiteral": "(isIRI(?value) || isLiteral(?value))",
}
#: the component each constraint parameter reports (sh:sourceConstraintComponent)
_COMPONENT = {"in": "InConstraintComponent", "nodeKind": "NodeKindConstraintComponent",
              "class": "ClassConstraintComponent", "datatype": "DatatypeConstraintComponent",
              "hasValue": "HasValueConstraintComponent",
              "pattern": "PatternConstraintComponent",
              "minCount": "MinCountConstraintComponent",
              "maxCount": "MaxCountConstraintComponent",
              "or": "OrConstraintComponent", "xone": "XoneConstraintComponent",
              "and": "AndConstraintComponent", "not": "NotConstraintComponent",
              **{k: k[0].upper() + k[1:] + "ConstraintComponent" for k in _RANGES}}


class Unsupported(ValueError):
    """The shapes use SHACL this module does not compile (validate with pySHACL)."""


@dataclass(frozen=True)
class Violation:
    """One validation result: the focus node, the path (an IRI, ``^IRI`` for an inverse path,
    None for a node-level constraint), the constraint component's local name and the
    message."""

    focus: str
    path: str | None
    component: str
    message: str
    #: the focus node as a term (not compared: ``focus`` is its text)
    node: Term | None = field(default=None, compare=False, repr=False)

    def line(self) -> str:
        """The one-line form the build reports (as for pySHACL's results)."""
        text = self.message if len(self.message) <= 160 else self.message[:157] + "..."
        return f"<{self.focus}> {self.path or ''}: {text}".replace(" :", ":")


@dataclass
class Shape:
    """A compiled shape: where its focus nodes come from, its path, its constraints."""

    node: Node
    path: tuple[str, bool] | None = None        # (predicate IRI, inverse)
    #: (sh:targetClass / targetSubjectsOf / targetObjectsOf / targetNode, its value)
    targets: list[tuple[str, Term]] = field(default_factory=list)
    #: (parameter local name, value) of each value-level and count constraint
    checks: list[tuple[str, object]] = field(default_factory=list)
    #: (sh:or / sh:xone / sh:and / sh:not, member shapes)
    logic: list[tuple[str, list[Shape]]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    message: str | None = None
    violation: bool = True                      # sh:severity sh:Violation (the default)

    @property
    def path_text(self) -> str | None:
        if self.path is None:
            return None
        iri, inverse = self.path
        return f"^{iri}" if inverse else iri

    def value_pattern(self, variable: str = "?value") -> str:
        """The pattern binding ``variable`` to each value node of ``?this``."""
        if self.path is None:
            return f"BIND(?this AS {variable})"
        iri, inverse = self.path
        return f"{variable} <{iri}> ?this ." if inverse else f"?this <{iri}> {variable} ."


class _Shapes:
    """The shapes graph, read into an in-memory store, and the compiler's walk over it."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.store = Store()
        self.store.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph())
                          for t in triples)
        self._compiled: dict[Node, Shape] = {}

    def values(self, node: Node, local: str, namespace: str = SH) -> list[Term]:
        return sorted((q.object for q in self.store.quads_for_pattern(
            node, NamedNode(namespace + local), None)), key=str)

    def one(self, node: Node, local: str) -> Term | None:
        found = self.values(node, local)
        if len(found) > 1:
            raise Unsupported(f"shape {node} has {len(found)} values of sh:{local}")
        return found[0] if found else None

    def items(self, head: Term) -> list[Term]:
        """The members of the RDF list starting at ``head``."""
        members: list[Term] = []
        nil = NamedNode(RDF + "nil")
        while head != nil:
            if not isinstance(head, NamedNode | BlankNode):
                raise Unsupported(f"malformed RDF list at {head}")
            first = self.values(head, "first", RDF)
            rest = self.values(head, "rest", RDF)
            if len(first) != 1 or len(rest) != 1:
                raise Unsupported(f"malformed RDF list at {head}")
            members.append(first[0])
            head = rest[0]
        return members

    def roots(self) -> list[Node]:
        """The shapes validation starts from: declared shapes and those with targets."""
        found: set[Node] = set()
        for kind in _SHAPE_TYPES:
            found.update(q.subject for q in self.store.quads_for_pattern(  # type: ignore[misc]
                None, NamedNode(RDF + "type"), NamedNode(kind), None))
        for target in _TARGETS:
            found.update(q.subject for q in self.store.quads_for_pattern(  # type: ignore[misc]
                None, NamedNode(SH + target), None, None))
        nested = {q.object for q in self.store.quads_for_pattern(
            None, NamedNode(SH + "property"), None, None)}
        return sorted((n for n in found if n not in nested or self._has_targets(n)), key=str)

    def _has_targets(self, node: Node) -> bool:
        return any(self.values(node, t) for t in _TARGETS)

    def compile(self, node: Term) -> Shape:
        if not isinstance(node, NamedNode | BlankNode):
            raise Unsupported(f"a shape must be an IRI or a blank node, not {node}")
        if node in self._compiled:
            return self._compiled[node]
        shape = self._compiled[node] = Shape(node)
        used = {q.predicate.value[len(SH):] for q in self.store.quads_for_pattern(node, None, None)
                if q.predicate.value.startswith(SH)}
        unknown = sorted(used - _KNOWN)
        if unknown:
            raise Unsupported(f"shape {node} uses {', '.join('sh:' + u for u in unknown)}")
        if self.one(node, "deactivated") == Literal("true", datatype=NamedNode(XSD + "boolean")):
            shape.violation = False
            return shape
        severity = self.one(node, "severity")
        shape.violation = severity is None or severity == NamedNode(SH + "Violation")
        messages = self.values(node, "message")
        if messages:
            english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
            shape.message = _text((english or messages)[0])
        shape.path = self._path(node)
        shape.targets = self._targets(node)
        for local in sorted(_VALUE_CHECKS | _COUNTS):
            if local == "flags":
                continue
            for value in self.values(node, local):
                shape.checks.append((local, self._parameter(node, local, value)))
        for local in sorted(_LOGIC):
            for value in self.values(node, local):
                if shape.path is not None:
                    raise Unsupported(f"sh:{local} on the property shape {node}")
                members = [value] if local == "not" else self.items(value)
                shape.logic.append((local, [self.compile(m) for m in members]))
        shape.properties = [self.compile(p) for p in self.values(node, "property")]
        return shape

    def _path(self, node: Node) -> tuple[str, bool] | None:
        path = self.one(node, "path")
        if path is None:
            return None
        if isinstance(path, NamedNode):
            return path.value, False
        inverse = self.values(path, "inversePath") if isinstance(path, BlankNode) else []
        if len(inverse) == 1 and isinstance(inverse[0], NamedNode):
            return inverse[0].value, True
        raise Unsupported(f"shape {node}: only IRI paths and sh:inversePath of an IRI")

    def _targets(self, node: Node) -> list[tuple[str, Term]]:
        targets: list[tuple[str, Term]] = [(kind, value) for kind in sorted(_TARGETS)
                                           for value in self.values(node, kind)]
        types = self.values(node, "type", RDF)
        if NamedNode(RDFS + "Class") in types or \
                NamedNode("http://www.w3.org/2002/07/owl#Class") in types:
            targets.append(("targetClass", node))
        return targets

    def _parameter(self, node: Node, local: str, value: Term) -> object:
        if local in _COUNTS:
            if not isinstance(value, Literal):
                raise Unsupported(f"shape {node}: sh:{local} {value}")
            return int(value.value)
        if local == "in":
            members = self.items(value)
            if any(isinstance(m, Literal) and _normalised_by_store(m) for m in members):
                raise Unsupported(f"shape {node}: sh:in with an integer-typed literal "
                                  "(Oxigraph stores it by value)")
            return members
        if local == "pattern":
            flags = self.one(node, "flags")
            return _text(value), _text(flags) if flags is not None else ""
        if local == "nodeKind":
            kind = _text(value)[len(SH):] if _text(value).startswith(SH) else ""
            if kind not in _NODE_KINDS:
                raise Unsupported(f"shape {node}: sh:nodeKind {value}")
            return kind
        if local in ("class", "datatype") and not isinstance(value, NamedNode):
            raise Unsupported(f"shape {node}: sh:{local} {value}")
        if local == "hasValue" and isinstance(value, Literal) and _normalised_by_store(value):
            raise Unsupported(f"shape {node}: sh:hasValue with an integer-typed literal")
        return value


def given_value_predicates(shapes: list[Shape]) -> set[str]:
    """The predicates whose values :func:`validate` reads from the quads as given rather than
    from the store (the paths of ``sh:datatype`` and range constraints): a caller that fills
    the store itself need only keep those quads."""
    found: set[str] = set()
    seen: set[int] = set()

    def visit(shape: Shape) -> None:
        if id(shape) in seen:
            return
        seen.add(id(shape))
        if shape.path is not None and any(local == "datatype" or local in _RANGES
                                          for local, _ in shape.checks):
            found.add(shape.path[0])
        for prop in shape.properties:
            visit(prop)
        for _, members in shape.logic:
            for member in members:
                visit(member)

    for shape in shapes:
        visit(shape)
    return found


def compile_shapes(shapes: Iterable[Triple]) -> list[Shape]:
    """The shapes of a SHACL shapes graph, compiled; raises :class:`Unsupported` for what
    this module does not support."""
    graph = _Shapes(shapes)
    return [graph.compile(node) for node in graph.roots()]


def _sparql(term: Term) -> str:
    """A term in SPARQL syntax (N-Triples is valid SPARQL)."""
    return str(term)


def _text(term: Term) -> str:
    """An IRI, a blank node's id, a literal's text; a triple term in N-Triples."""
    return str(term) if isinstance(term, Triple) else term.value


def _normalised_by_store(literal: Literal) -> bool:
    return literal.datatype.value in _INTEGER_TYPES


#: xsd types Oxigraph stores as xsd:integer, with their value range (None: unbounded)
_INTEGER_TYPES: dict[str, tuple[int | None, int | None]] = {
    XSD + "integer": (None, None), XSD + "positiveInteger": (1, None),
    XSD + "nonNegativeInteger": (0, None), XSD + "negativeInteger": (None, -1),
    XSD + "nonPositiveInteger": (None, 0), XSD + "long": (-2**63, 2**63 - 1),
    XSD + "int": (-2**31, 2**31 - 1), XSD + "short": (-2**15, 2**15 - 1),
    XSD + "byte": (-128, 127), XSD + "unsignedLong": (0, 2**64 - 1),
    XSD + "unsignedInt": (0, 2**32 - 1), XSD + "unsignedShort": (0, 2**16 - 1),
    XSD + "unsignedByte": (0, 255),
}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_LEXICAL: dict[str, Callable[[str], bool]] = {
    XSD + "boolean": lambda text: text in ("true", "false", "1", "0"),
    XSD + "decimal": lambda text: re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", text)
    is not None,
    XSD + "date": lambda text: re.fullmatch(
        r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?", text) is not None,
    XSD + "gYear": lambda text: re.fullmatch(
        r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?", text) is not None,
}


def _well_formed(literal: Literal) -> bool:
    """Whether the literal's text is valid for its datatype (the xsd types checked here)."""
    datatype, text = literal.datatype.value, literal.value
    if datatype in _INTEGER_TYPES:
        if not _INTEGER.fullmatch(text.strip()):
            return False
        low, high = _INTEGER_TYPES[datatype]
        number = int(text)
        return (low is None or number >= low) and (high is None or number <= high)
    check = _LEXICAL.get(datatype)
    return check is None or check(text)


_PREFIX = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"
#: a check of value nodes: the shape, the constraint, the pattern binding ?this and ?value,
#: the SPARQL condition a failing value meets, the message (see _Run._value_condition)
_ValueCheck = tuple[Shape, str, str, str, str]


class _Run:
    """One validation: the data's store and the values :func:`given_value_predicates` names,
    as the quads give them (read in one pass)."""

    def __init__(self, store: Store, quads: Iterable[Quad], predicates: set[str]) -> None:
        self.store = store
        self._objects: dict[str, set[tuple[Term, Term]]] = {p: set() for p in predicates}
        for q in quads:
            found = self._objects.get(q.predicate.value)
            if found is not None:
                found.add((q.subject, q.object))
        self._classes: dict[str, str] = {}

    def select(self, query: str) -> list[tuple[Term, ...]]:
        rows = self.store.query(_PREFIX + query, use_default_graph_as_union=True)
        return [tuple(row) for row in rows]  # type: ignore[union-attr]

    def objects(self, predicate: str) -> set[tuple[Term, Term]]:
        """The distinct (subject, object) pairs of ``predicate``, terms as given."""
        return self._objects[predicate]

    def focus(self, shape: Shape, within: str | None) -> str:
        """The pattern binding ``?this`` to the focus nodes: the shape's targets, or the
        given pattern (a member of sh:or... evaluated on its parent's focus nodes).

        A focus node may come out more than once (typed by two of the classes, or the
        target of two targets): the queries below give the same violations either way
        (counts are of distinct values, and :func:`validate` keeps each violation once). A
        ``SELECT DISTINCT`` around the pattern took a quarter to a third of each query's
        time on 100,000 synthetic organisations (290,961 fact groups: 1.4 s to list them
        distinct, 1.0 s as they come)."""
        if within is not None:
            return within
        patterns = []
        for kind, value in shape.targets:
            if kind == "targetClass":
                patterns.append(self.instance("?this", value, "?_t"))
            elif kind == "targetSubjectsOf":
                patterns.append(f"?this {_sparql(value)} [] .")
            elif kind == "targetObjectsOf":
                patterns.append(f"[] {_sparql(value)} ?this .")
            else:
                patterns.append(f"VALUES ?this {{ {_sparql(value)} }}")
        union = " UNION ".join(f"{{ {p} }}" for p in patterns)
        return f"{{ {union} }}"

    def instance(self, node: str, cls: Term, variable: str) -> str:
        """A pattern true when ``node`` is a SHACL instance of ``cls``: its rdf:type is
        ``cls`` or one of its subclasses in the data (listed once, here: Oxigraph evaluates
        ``rdf:type/rdfs:subClassOf*`` from each typed node, 25 µs a node)."""
        key = _sparql(cls)
        found = self._classes.get(key)
        if found is None:
            rows = self.select(f"SELECT DISTINCT ?c WHERE {{ ?c rdfs:subClassOf* {key} }}")
            found = self._classes[key] = " ".join(sorted({_sparql(r[0]) for r in rows} | {key}))
        return f"VALUES {variable} {{ {found} }} {node} rdf:type {variable} ."

    def failing(self, shape: Shape, within: str | None, every: bool = False,
                batch: list[_ValueCheck] | None = None) -> list[Violation]:
        """The violations of ``shape`` (and its property shapes) on its focus nodes; those
        of property shapes of another severity only if ``every`` (a member of sh:or... is
        judged on conformance, where severity does not count). The checks of value nodes
        (:meth:`_value_condition`) of the shape and its property shapes go in one query
        (:meth:`_batched`), or into ``batch`` to join those of the shape it is a property of.
        """
        if within is None and not shape.targets:
            return []
        focus = self.focus(shape, within)
        own = batch is None
        checks: list[_ValueCheck] = [] if batch is None else batch
        found: list[Violation] = []
        for local, parameter in shape.checks:
            found += self._check(shape, focus, local, parameter, checks)
        for local, members in shape.logic:
            found += self._logic(shape, focus, local, members)
        for prop in shape.properties:
            if prop.violation or every:
                found += self.failing(prop, focus, every, checks)
        if own:
            found += self._batched(focus, checks)
        return found

    def _any_value(self, focus: str, members: list[Shape]) -> set[Term]:
        """The focus nodes with no value on any of the members' paths (each member
        :func:`_at_least_one`): the nodes that break their sh:or. Listing the focus nodes and
        each member's failing ones in Python took 2.6 s of the 12.7 s SHACL took on 100,000
        synthetic organisations (the source records' sh:or, 100,000 of them each time)."""
        none = " && ".join(f"NOT EXISTS {{ {m.value_pattern()} }}" for m in members)
        return {row[0] for row in self.select(f"SELECT ?this WHERE {{ {focus} FILTER({none}) }}")}

    def _batched(self, focus: str, checks: list[_ValueCheck]) -> list[Violation]:
        """The violations of value-node ``checks`` on the same focus nodes, found by one
        query: each check a branch of a UNION, which Oxigraph joins with the focus nodes
        once. On 100,000 synthetic organisations the seven sh:class checks of an
        organisation's properties took 3.4 s as seven queries, 2.0 s as one."""
        if not checks:
            return []
        branches = " UNION ".join(f"{{ {values} FILTER({condition}) BIND({k} AS ?k) }}"
                                  for k, (_, _, values, condition, _) in enumerate(checks))
        found = []
        for this, k, value in self.select(f"SELECT ?this ?k ?value WHERE {{ {focus} "
                                          f"{{ {branches} }} }}"):
            shape, local, _, _, message = checks[int(k.value)]  # type: ignore[union-attr]
            found.append(self._result(shape, local, this,
                                      message.replace("{value}", _sparql(value))))
        return found

    def _result(self, shape: Shape, local: str, focus: Term, default: str) -> Violation:
        return Violation(_text(focus), shape.path_text, _COMPONENT[local],
                         shape.message or default, focus)

    def _check(self, shape: Shape, focus: str, local: str, parameter: object,
               batch: list[_ValueCheck]) -> list[Violation]:
        values = shape.value_pattern()
        path = shape.path_text or "the node"
        if local == "minCount":
            n = int(parameter)  # type: ignore[call-overload]
            if n <= 0:
                return []
            if n == 1:
                query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {values} }} }}"
            else:
                query = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {values} }} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})")
            return [self._result(shape, local, row[0], f"Less than {n} values on "
                                 f"{_sparql(row[0])}->{path}") for row in self.select(query)]
        if local == "maxCount":
            n = int(parameter)  # type: ignore[call-overload]
            if n == 1:  # two different values: a join, 30% faster than counting them
                query = (f"SELECT DISTINCT ?this WHERE {{ {focus} {values} "
                         f"{shape.value_pattern('?other')} "
                         f"FILTER(!sameTerm(?value, ?other)) }}")
            else:
                query = (f"SELECT ?this WHERE {{ {focus} {values} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})")
            return [self._result(shape, local, row[0], f"More than {n} values on "
                                 f"{_sparql(row[0])}->{path}") for row in self.select(query)]
        if local == "datatype":
            return self._datatype(shape, focus, parameter)  # type: ignore[arg-type]
        if local == "hasValue":
            value = _sparql(parameter)  # type: ignore[arg-type]
            query = (f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {values} "
                     f"FILTER(sameTerm(?value, {value})) }} }}")
            return [self._result(shape, local, row[0], f"Node {_sparql(row[0])}->{path} "
                                 f"does not contain Value {value}")
                    for row in self.select(query)]
        condition, message = self._value_condition(local, parameter)
        found: list[Violation] = []
        if shape.path is not None:  # its pattern binds ?this: a branch of one query (failing)
            batch.append((shape, local, values, condition, message))
        else:  # the node itself: ?this comes from the focus nodes
            query = f"SELECT ?this ?value WHERE {{ {focus} {values} FILTER({condition}) }}"
            found += [self._result(shape, local, row[0],
                                   message.replace("{value}", _sparql(row[1])))
                      for row in self.select(query)]
        if local in _RANGES:  # an ill-formed literal compares with nothing
            found += [self._result(shape, local, this, message.replace("{value}", _sparql(value)))
                      for this, value in self._given_values(shape, focus)
                      if isinstance(value, Literal) and not _well_formed(value)]
        return found

    def _value_condition(self, local: str, parameter: object) -> tuple[str, str]:
        """A SPARQL condition true of a value node that breaks the constraint, and the
        message (``{value}`` is filled in)."""
        if local == "class":
            cls = cast(Term, parameter)
            return (f"NOT EXISTS {{ {self.instance('?value', cls, '?_k')} }}",
                    f"Value {{value}} does not have class {_sparql(cls)}")
        if local == "in":
            members = list(parameter)  # type: ignore[call-overload]
            same = " || ".join(f"sameTerm(?value, {_sparql(m)})" for m in members) or "false"
            listed = ", ".join(_sparql(m) for m in members)
            return f"!({same})", f"Value {{value}} not in list [{listed}]"
        if local == "pattern":
            pattern, flags = cast(tuple[str, str], parameter)
            literal = Literal(pattern)
            extra = f", {_sparql(Literal(flags))}" if flags else ""
            return (f"isBlank(?value) || !REGEX(STR(?value), {_sparql(literal)}{extra})",
                    f"Value {{value}} does not match pattern {pattern!r}")
        if local == "nodeKind":
            return (f"!{_NODE_KINDS[parameter]}",  # type: ignore[index]
                    f"Value {{value}} is not of Node Kind sh:{parameter}")
        operator = _RANGES[local]
        bound = _sparql(parameter)  # type: ignore[arg-type]
        return (f"!COALESCE(?value {operator} {bound}, false)",
                f"Value {{value}} is not {operator} {bound}")

    def _datatype(self, shape: Shape, focus: str, datatype: NamedNode) -> list[Violation]:
        """sh:datatype, on the quads as given (the store would report ``xsd:integer`` for
        every integer type): each value must be a well-formed literal of that datatype."""
        message = f"Value {{value}} is not Literal with datatype {_sparql(datatype)}"
        bad = [(this, value) for this, value in self._given_values(shape, focus)
               if not (isinstance(value, Literal) and value.datatype == datatype
                       and _well_formed(value))]
        return [self._result(shape, "datatype", this, message.replace("{value}", _sparql(value)))
                for this, value in sorted(bad, key=str)]

    def _given_values(self, shape: Shape, focus: str) -> set[tuple[Term, Term]]:
        """The (focus node, value node) pairs of ``shape``, values as the quads give them
        (the store keeps literals by value)."""
        rows = self.select(f"SELECT ?this WHERE {{ {focus} }}")
        if shape.path is None:
            return {(row[0], row[0]) for row in rows}
        iri, inverse = shape.path
        nodes = {row[0] for row in rows}
        return {(o, s) if inverse else (s, o) for s, o in self.objects(iri)
                if (o if inverse else s) in nodes}

    def _logic(self, shape: Shape, focus: str, local: str, members: list[Shape]
               ) -> list[Violation]:
        """sh:or, sh:xone, sh:and, sh:not: each member evaluated on the shape's focus nodes
        (an sh:or of "at least one value" members, by one query: see :meth:`_any_value`)."""
        names = ", ".join(_sparql(m.node) for m in members)
        if local == "or" and members and all(_at_least_one(m) for m in members):
            text = f"Node {{focus}} does not conform to one or more shapes in {names}"
            return [self._result(shape, local, n, text.replace("{focus}", _sparql(n)))
                    for n in sorted(self._any_value(focus, members), key=str)]
        nodes = {row[0] for row in self.select(f"SELECT ?this WHERE {{ {focus} }}")}
        failing = [{v.node for v in self.failing(member, focus, every=True)
                    if v.node is not None} for member in members]
        if local == "not":
            bad = nodes - failing[0]
            text = f"Node {{focus}} conforms to shape {names}"
        elif local == "or":
            bad = set.intersection(*failing) if failing else set(nodes)
            text = f"Node {{focus}} does not conform to one or more shapes in {names}"
        elif local == "and":
            bad = set.union(*failing) if failing else set()
            text = f"Node {{focus}} does not conform to all shapes in {names}"
        else:
            bad = {n for n in nodes if sum(n not in f for f in failing) != 1}
            text = f"Node {{focus}} does not conform to exactly one shape in {names}"
        return [self._result(shape, local, n, text.replace("{focus}", _sparql(n)))
                for n in sorted(bad, key=str)]


def _at_least_one(member: Shape) -> bool:
    """Whether a member of sh:or... is a property shape whose one constraint is
    ``sh:minCount 1``."""
    return (member.path is not None and member.checks == [("minCount", 1)]
            and not member.logic and not member.properties)


def validate(quads: Sequence[Quad], shapes: Iterable[Triple] | list[Shape],
             store: Store | None = None) -> list[Violation]:
    """Validate the merged graph of ``quads`` (every named graph and the default one) against
    ``shapes`` (a shapes graph, or shapes already compiled); return the violations (empty:
    it conforms). ``store``: the quads already in a store, if there is one; ``quads`` then
    need only hold those of :func:`given_value_predicates`."""
    compiled = shapes if isinstance(shapes, list) and all(isinstance(s, Shape) for s in shapes) \
        else compile_shapes(shapes)  # type: ignore[arg-type]
    if store is None:
        store = Store()
        store.extend(quads)
    run = _Run(store, quads, given_value_predicates(compiled))
    found: list[Violation] = []
    for shape in compiled:
        if shape.violation:
            found += run.failing(shape, None)
    return sorted(set(found), key=lambda v: (v.focus, v.path or "", v.component, v.message))
