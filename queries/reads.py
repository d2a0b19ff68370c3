"""What a SPARQL query reads: which quads, added to a dataset, could change its answer.

A query's answer depends on the data only through the quads that match one of its triple
patterns (property paths are patterns too, one per step). So a quad whose predicate no pattern
names, or an ``rdf:type`` quad whose class no pattern names, cannot change the answer, however
the patterns are joined, optional or negated. Three things make that reasoning fail, and the
query is then said to read *any* quad: a variable in predicate position (or a negated property
set), a path that can match zero steps between two variables that no other pattern of its
group binds (``?a skos:broader* ?b`` alone holds for every node of the graph, so a quad's new
node is a new answer), and a ``GRAPH`` pattern (its graph names change with any new graph).
A query the parser does not understand reads any quad too.

Some predicates are read only about the instances of a class (*anchored*): in
``?actor a org:Organization . OPTIONAL { ?actor rdfs:label ?label }`` every solution binds
``?actor`` to an organisation, so a label of something else (a gap finding's) cannot change
the answer. A pattern ``?v p ?o`` is anchored when ``?v a C`` is a pattern every solution
matches (the query's mandatory part) and, on the way from there to the pattern, ``?v`` is bound
on the left of each ``OPTIONAL`` and ``MINUS`` that holds the pattern on its right, and in the
solutions each ``FILTER (NOT) EXISTS`` holding it is evaluated against; without that, a new
match about another subject could replace an optional part's match that did not bind ``?v``
(a test shows it). Sub-queries anchor nothing. :meth:`Reads.may_change` then asks whether the
quad's subject is an instance of the class, given a way to know (``instances``); without one
such a quad may change the answer.

The build uses this to compute the whole network's exports (graph/answers.py) before the VoID
description is known, then check that its quads cannot change them (graph/build.py).

Example
-------
>>> from pyoxigraph import NamedNode as N, Quad as Q
>>> reads = reads_of('''PREFIX org: <http://www.w3.org/ns/org#>
...     SELECT ?o WHERE { ?o a org:Organization ; <http://e/label> ?l . ?l <http://e/n> ?n }''')
>>> sorted(reads.predicates), sorted(reads.classes)
(['http://e/n'], ['http://www.w3.org/ns/org#Organization'])
>>> reads.anchored  # read only about organisations
{'http://e/label': frozenset({'http://www.w3.org/ns/org#Organization'})}
>>> rdf_type = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
>>> reads.may_change([Q(N("http://e/d"), rdf_type, N("http://rdfs.org/ns/void#Dataset"))])
False
>>> label = [Q(N("http://e/d"), N("http://e/label"), N("http://e/x"))]
>>> reads.may_change(label), reads.may_change(label, instances=lambda about: False)
(True, False)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad

__all__ = ["Reads", "reads_of"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Reads:
    """The predicates and classes (``rdf:type`` objects) a query's patterns name; ``anything``:
    some pattern may match any quad (see the module)."""

    predicates: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    any_class: bool = False
    anything: bool = False
    #: predicates read only about instances of these classes (see the module)
    anchored: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def may_change(self, quads: Iterable[Quad],
                   instances: Callable[[dict[str, set[str]]], bool] | None = None) -> bool:
        """Whether adding ``quads`` to a dataset could change the query's answer (False only
        when none of them can match any of its patterns). ``instances``: given subject IRIs,
        each with classes, whether one of them is an instance of one of its classes in the
        dataset with the quads added; without it, a quad of an anchored predicate may change
        the answer whatever its subject."""
        about: dict[str, set[str]] = {}
        for quad in quads:
            if self.anything:
                return True
            predicate = quad.predicate.value
            if predicate == RDF_TYPE:
                if self.any_class or getattr(quad.object, "value", None) in self.classes:
                    return True
            elif predicate in self.predicates:
                return True
            elif predicate in self.anchored:
                if instances is None or not isinstance(quad.subject, NamedNode):
                    return True
                about.setdefault(quad.subject.value, set()).update(self.anchored[predicate])
        return bool(about) and instances is not None and instances(about)


#: what a query the parser does not understand reads
ANYTHING = Reads(anything=True)


@functools.lru_cache(maxsize=64)
def reads_of(query: str) -> Reads:
    """What the SPARQL ``query`` reads (cached by its text; see the module).

    >>> reads_of("SELECT * WHERE { ?s ?p ?o }").anything
    True
    >>> reads_of("SELECT * WHERE { ?a <http://e/broader>* ?b }").anything
    True
    >>> reads_of("SELECT * WHERE { ?a <http://e/n> ?n ; <http://e/broader>* ?b }").anything
    False
    >>> reads_of("not SPARQL").anything
    True
    """
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # noqa: BLE001 - whatever the parser refuses is read as "anything"
        return ANYTHING
    predicates: set[str] = set()
    classes: set[str] = set()
    any_class = False
    typed = _mandatory_types(algebra)
    anchored: dict[str, set[str]] = {}
    for group, safe in _groups(algebra, ALL):
        if group is None:
            return ANYTHING
        for pattern in group:
            subject, predicate, obj = pattern
            if _is_variable(predicate):
                return ANYTHING
            if _is_iri(predicate):
                if str(predicate) == RDF_TYPE:
                    if _is_iri(obj):
                        classes.add(str(obj))
                    else:
                        any_class = True
                elif subject in typed and (safe is ALL or subject in safe):
                    anchored.setdefault(str(predicate), set()).update(typed[subject])
                else:
                    predicates.add(str(predicate))
                continue
            steps = _steps(predicate)
            if steps is None:  # a negated property set
                return ANYTHING
            predicates.update(steps - {RDF_TYPE})
            any_class = any_class or RDF_TYPE in steps
            if _zero_steps(predicate) and _is_variable(subject) and _is_variable(obj) \
                    and not _bound_elsewhere(group, pattern):
                return ANYTHING
    return Reads(frozenset(predicates), frozenset(classes), any_class,
                 anchored={p: frozenset(c) for p, c in anchored.items() if p not in predicates})


#: every variable (the safe set at the root of a query, before any optional part)
ALL: frozenset[object] = frozenset({"*"})
#: the parts of the algebra whose one operand every solution of theirs comes through as is
_PASSING = ("SelectQuery", "ConstructQuery", "AskQuery", "DescribeQuery", "Project", "OrderBy",
            "Distinct", "Reduced", "Slice", "Extend", "AggregateJoin", "Group", "Filter")

Group = list[tuple[object, object, object]]


def _groups(node: object, safe: frozenset[object]
            ) -> Iterator[tuple[Group | None, frozenset[object]]]:
    """The basic graph patterns of an rdflib algebra tree, each as its triples with the
    variables an anchor may bind there (``safe``, see the module; :data:`ALL` for any); None
    for a part this module cannot read (a ``GRAPH`` pattern)."""
    from rdflib.plugins.sparql.algebra import triples
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        name = node.name
        if name == "BGP":
            yield [tuple(t) for t in node["triples"]], safe
        elif name == "TriplesBlock":  # untranslated, inside FILTER (NOT) EXISTS
            try:
                yield [tuple(t) for t in triples(node["triples"])], safe  # type: ignore[misc]
            except Exception:  # noqa: BLE001 - a shape of pattern not foreseen: unreadable
                yield None, safe
        elif name in ("Graph", "GraphGraphPattern"):
            yield None, safe
        elif name in ("ToMultiSet", "SubSelect"):  # a sub-query: variables of its own
            safe = frozenset()
        # the right of OPTIONAL and MINUS, and the expressions evaluated on a part's
        # solutions (FILTER, BIND, ...: their EXISTS), see only what the left part binds
        left = node["p1"] if "p1" in node else node["p"] if "p" in node else None
        for key, value in node.items():
            narrowed = safe if key in ("p", "p1") or (key == "p2" and name not in (
                "LeftJoin", "Minus")) or left is None else _narrowed(safe, _certain(left))
            yield from _groups(value, narrowed)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _groups(value, safe)


def _narrowed(safe: frozenset[object], bound: set[object]) -> frozenset[object]:
    return frozenset(bound) if safe is ALL else safe & bound


def _certain(node: object) -> set[object]:
    """The variables every solution of the algebra part ``node`` binds (fewer is safe)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "BGP":
        return {term for t in node["triples"] for term in (t[0], t[2]) if _is_variable(term)}
    if name == "Join":
        return _certain(node["p1"]) | _certain(node["p2"])
    if name in ("LeftJoin", "Minus"):
        return _certain(node["p1"])
    if name == "Union":
        return _certain(node["p1"]) & _certain(node["p2"])
    if name in ("Filter", "Extend", "OrderBy", "Distinct", "Reduced", "Slice"):
        return _certain(node["p"])
    return set()


def _mandatory_types(algebra: object) -> dict[object, set[str]]:
    """The variables every solution of the query binds to an instance of a class named by
    an ``rdf:type`` pattern of its mandatory part (see the module), with those classes."""
    from rdflib.plugins.sparql.parserutils import CompValue

    typed: dict[object, set[str]] = {}

    def visit(node: object) -> None:
        if not isinstance(node, CompValue):
            return
        if node.name == "BGP":
            for subject, predicate, obj in node["triples"]:
                if _is_variable(subject) and _is_iri(predicate) and \
                        str(predicate) == RDF_TYPE and _is_iri(obj):
                    typed.setdefault(subject, set()).add(str(obj))
        elif node.name in ("LeftJoin", "Minus"):
            visit(node["p1"])
        elif node.name == "Join":
            visit(node["p1"])
            visit(node["p2"])
        elif node.name in _PASSING:
            visit(node["p"])

    visit(algebra)
    return typed


def _is_variable(term: object) -> bool:
    from rdflib.term import Variable

    return isinstance(term, Variable)


def _is_iri(term: object) -> bool:
    from rdflib.term import URIRef

    return isinstance(term, URIRef)


def _steps(path: object) -> set[str] | None:
    """The predicates a property path steps along; None if it has a negated property set."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if _is_iri(path):
        return {str(path)}
    if isinstance(path, SequencePath | AlternativePath):
        found: set[str] = set()
        for part in path.args:
            steps = _steps(part)
            if steps is None:
                return None
            found |= steps
        return found
    if isinstance(path, MulPath):
        return _steps(path.path)
    if isinstance(path, InvPath):
        return _steps(path.arg)
    if isinstance(path, NegatedPath):
        return None
    return None


def _zero_steps(path: object) -> bool:
    """Whether a property path can match zero steps (``p*``, ``p?``, and what is made of
    them)."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if isinstance(path, MulPath):
        return path.mod in ("*", "?") or _zero_steps(path.path)
    if isinstance(path, SequencePath):
        return all(_zero_steps(part) for part in path.args)
    if isinstance(path, AlternativePath):
        return any(_zero_steps(part) for part in path.args)
    if isinstance(path, InvPath):
        return _zero_steps(path.arg)
    return False


def _bound_elsewhere(group: Group, pattern: tuple[object, object, object]) -> bool:
    """Whether another pattern of ``group`` that cannot match zero steps mentions the
    subject or the object of ``pattern``: in a group (a join) that pattern binds it, and only
    to nodes its own quads hold (whose predicates are read)."""
    subject, _, obj = pattern
    return any(other is not pattern and (subject in (other[0], other[2])
                                         or obj in (other[0], other[2]))
               and not _zero_steps(other[1]) and not _is_variable(other[1])
               for other in group)
