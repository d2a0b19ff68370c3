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

The build uses this to compute the whole network's exports (graph/answers.py) before the VoID
description is known, then check that its quads cannot change them (graph/build.py).

Example
-------
>>> from pyoxigraph import NamedNode as N, Quad as Q
>>> reads = reads_of('''PREFIX org: <http://www.w3.org/ns/org#>
...     SELECT ?o WHERE { ?o a org:Organization ; <http://e/label> ?l }''')
>>> sorted(reads.predicates), sorted(reads.classes)
(['http://e/label'], ['http://www.w3.org/ns/org#Organization'])
>>> rdf_type = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
>>> reads.may_change([Q(N("http://e/d"), rdf_type, N("http://rdfs.org/ns/void#Dataset"))])
False
>>> reads.may_change([Q(N("http://e/d"), N("http://e/label"), N("http://e/x"))])
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import Quad

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

    def may_change(self, quads: Iterable[Quad]) -> bool:
        """Whether adding ``quads`` to a dataset could change the query's answer (False only
        when none of them can match any of its patterns)."""
        for quad in quads:
            if self.anything:
                return True
            predicate = quad.predicate.value
            if predicate == RDF_TYPE:
                if self.any_class or getattr(quad.object, "value", None) in self.classes:
                    return True
            elif predicate in self.predicates:
                return True
        return False


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
    for group in _groups(algebra):
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
    return Reads(frozenset(predicates), frozenset(classes), any_class)


def _groups(node: object) -> Iterator[list[tuple[object, object, object]] | None]:
    """The basic graph patterns of an rdflib algebra tree, each as its triples; None for a
    part this module cannot read (a ``GRAPH`` pattern)."""
    from rdflib.plugins.sparql.algebra import triples
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "BGP":
            yield [tuple(t) for t in node["triples"]]
        elif node.name == "TriplesBlock":  # untranslated, inside FILTER (NOT) EXISTS
            try:
                yield [tuple(t) for t in triples(node["triples"])]  # type: ignore[misc]
            except Exception:  # noqa: BLE001 - a shape of pattern not foreseen: unreadable
                yield None
        elif node.name in ("Graph", "GraphGraphPattern"):
            yield None
        for value in node.values():
            yield from _groups(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _groups(value)


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


def _bound_elsewhere(group: list[tuple[object, object, object]],
                     pattern: tuple[object, object, object]) -> bool:
    """Whether another pattern of ``group`` that cannot match zero steps mentions the
    subject or the object of ``pattern``: in a group (a join) that pattern binds it, and only
    to nodes its own quads hold (whose predicates are read)."""
    subject, _, obj = pattern
    return any(other is not pattern and (subject in (other[0], other[2])
                                         or obj in (other[0], other[2]))
               and not _zero_steps(other[1]) and not _is_variable(other[1])
               for other in group)
