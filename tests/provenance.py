"""The provenance of facts on either model the build may write, for the tests: a fact's
records are those of its ``rdf:Statement`` in its graph when it is reified, else the record of
the ``sekg:FactGroup`` of its subject and predicate in that graph. As a SPARQL pattern (the one
of the catalogue's queries, e.g. ``resolution_duplicates``), read from quads, and a dataset
rewritten into either model: ``reify`` gives every fact its own statement, ``group`` keeps one
group per graph, record and set of predicates (listing each subject with those predicates from
that record and row) and reifies only the facts its owner does not cover. The row of a fact
(``sekg:sourceLocation``) is said by its group or statement, beside the record they cite."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pyoxigraph import NamedNode, Quad

__all__ = ["PREFIXES", "fact_record", "fact_records", "fact_sources", "group", "reify"]

PREFIXES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX sekg: <https://w3id.org/social-economy-kg/ontology#>
"""


def fact_record(s: str, p: str, o: str, record: str = "?record", graph: str = "?g") -> str:
    """Group-level SPARQL binding ``record`` to each source record of the fact ``s p o`` in
    ``graph`` (each a SPARQL term or variable; the fact must be in that graph). Needs the
    prefixes of :data:`PREFIXES`; its own variables start with ``?prov_``.

    >>> print(fact_record("?c", "sekg:seat", "?seat").splitlines()[1].strip())
    { ?prov_statement rdf:subject ?c ; rdf:predicate sekg:seat ; rdf:object ?seat ;
    """
    return f"""GRAPH {graph} {{
      {{ ?prov_statement rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ;
                         prov:wasDerivedFrom {record} . {s} {p} {o} }}
      UNION
      {{ ?prov_group sekg:groupSubject {s} ; sekg:predicateSet/sekg:memberPredicate {p} ;
                     prov:wasDerivedFrom {record} . {s} {p} {o} }}
    }}
    FILTER (!BOUND(?prov_group) || NOT EXISTS {{ GRAPH {graph} {{
      ?prov_reified rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} }} }})
"""


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SEKG = "https://w3id.org/social-economy-kg/ontology#"
_BASE = "https://w3id.org/social-economy-kg"
_TYPE, _STATEMENT = NamedNode(_RDF + "type"), NamedNode(_RDF + "Statement")
_SUBJECT, _PREDICATE, _OBJECT = (NamedNode(_RDF + n) for n in ("subject", "predicate", "object"))
_DERIVED = NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_GROUP = NamedNode(_SEKG + "FactGroup")
_SET = NamedNode(_SEKG + "PredicateSet")
_GROUP_SUBJECT, _HAS_SET, _MEMBER = (NamedNode(_SEKG + n) for n in ("groupSubject",
                                                                     "predicateSet",
                                                                     "memberPredicate"))
_LOCATION = NamedNode(_SEKG + "sourceLocation")
_PROVENANCE = {_SUBJECT, _PREDICATE, _OBJECT, _GROUP_SUBJECT, _HAS_SET, _MEMBER}


def _node(kind: str, *terms: object) -> NamedNode:
    digest = hashlib.sha256(" ".join(map(str, terms)).encode()).hexdigest()[:16]
    return NamedNode(f"{_BASE}/id/{kind}/{digest}")


def fact_records(quads: Iterable[Quad]) -> tuple[dict[tuple, set], list[Quad]]:
    """Each fact ``(g, s, p, o)`` that has a record, with its records (its statement's, else
    its group's), and the quads that are not provenance nodes (statements, groups, predicate
    sets)."""
    facts, rest = fact_sources(quads)
    return {key: {record for record, _ in pairs} for key, pairs in facts.items()}, rest


def fact_sources(quads: Iterable[Quad]) -> tuple[dict[tuple, set], list[Quad]]:
    """As :func:`fact_records`, each record paired with the row it came from (the
    ``sekg:sourceLocation`` of the group, or each of the statement's, or None): a statement
    with several records and rows does not say which row goes with which record, so each of
    its records is paired with each of its rows."""
    quads = list(quads)
    by_node: dict[tuple[Any, Any], dict[Any, list[Any]]] = defaultdict(
        lambda: defaultdict(list))
    nodes: set[tuple[Any, Any]] = set()
    for q in quads:
        if q.predicate in _PROVENANCE or (q.predicate == _TYPE and q.object in (_STATEMENT,
                                                                                 _GROUP, _SET)):
            nodes.add((q.subject, q.graph_name))
    rest = []
    for q in quads:
        if (q.subject, q.graph_name) in nodes:
            by_node[(q.subject, q.graph_name)][q.predicate].append(q.object)
        else:
            rest.append(q)
    facts: dict[tuple, set] = defaultdict(set)
    grouped: dict[tuple, set] = defaultdict(set)
    for (_, g), fields in by_node.items():
        pairs = {(record, location) for record in fields.get(_DERIVED, [])
                 for location in fields.get(_LOCATION) or [None]}
        if fields.get(_SUBJECT):
            key = (g, fields[_SUBJECT][0], fields[_PREDICATE][0], fields[_OBJECT][0])
            facts[key].update(pairs)
        for s in fields.get(_GROUP_SUBJECT, []):
            for predicate_set in fields.get(_HAS_SET, []):
                for p in by_node[(predicate_set, g)].get(_MEMBER, []):
                    grouped[(g, s, p)].update(pairs)
    for q in rest:
        key = (q.graph_name, q.subject, q.predicate, q.object)
        if key not in facts and (key[:3]) in grouped:
            facts[key] = set(grouped[key[:3]])
    return facts, rest


def _statement(g: Any, s: Any, p: Any, o: Any, pairs: set) -> list[Quad]:
    """The statement of the fact ``(s p o)`` in ``g`` from the (record, row) ``pairs``."""
    st = _node("statement", g, s, p, o)
    return [Quad(st, _TYPE, _STATEMENT, g), Quad(st, _SUBJECT, s, g),
            Quad(st, _PREDICATE, p, g), Quad(st, _OBJECT, o, g),
            *(Quad(st, _DERIVED, r, g) for r in sorted({r for r, _ in pairs}, key=str)),
            *(Quad(st, _LOCATION, row, g)
              for row in sorted({row for _, row in pairs if row is not None}, key=str))]


def reify(quads: Iterable[Quad]) -> list[Quad]:
    """Every fact with a record as its own statement, no groups."""
    facts, rest = fact_sources(quads)
    out = list(rest)
    for (g, s, p, o), pairs in sorted(facts.items(), key=str):
        out += _statement(g, s, p, o, pairs)
    return out


def group(quads: Iterable[Quad]) -> list[Quad]:
    """The grouped model: the first record (in sorted order) of a subject's predicate in a
    graph owns it; facts from that record alone are covered by its group, the others keep a
    statement with all their records."""
    facts, rest = fact_sources(quads)
    pairs: dict[tuple, list] = defaultdict(list)
    for (g, s, p, o), sources in sorted(facts.items(), key=str):
        pairs[(g, s, p)].append((o, sources))
    out = list(rest)
    groups: dict[tuple, list] = defaultdict(list)
    for (g, s, p), values in pairs.items():
        owner = min(values[0][1], key=str)  # a (record, row) pair
        groups[(g, s, owner)].append(p)
        for o, sources in values:
            if sources != {owner}:
                out += _statement(g, s, p, o, sources)
    sets: set[tuple] = set()
    shared: dict[tuple, list] = defaultdict(list)  # (g, record, set) -> its subjects
    for (g, s, record), predicates in groups.items():
        members = tuple(sorted(predicates, key=str))
        predicate_set = _node("predicate-set", *members)
        shared[(g, record, predicate_set)].append(s)
        if (predicate_set, g) not in sets:
            sets.add((predicate_set, g))
            out += [Quad(predicate_set, _TYPE, _SET, g)]
            out += [Quad(predicate_set, _MEMBER, p, g) for p in members]
    for (g, (record, row), predicate_set), subjects in shared.items():
        node = _node("fact-group", g, record, row, predicate_set)
        out += [Quad(node, _TYPE, _GROUP, g), Quad(node, _DERIVED, record, g),
                Quad(node, _HAS_SET, predicate_set, g)]
        out += [Quad(node, _LOCATION, row, g)] if row is not None else []
        out += [Quad(node, _GROUP_SUBJECT, s, g) for s in subjects]
    return out
