"""Statistics of the dataset for its VoID description: class partitions and fact partitions.

Counting questions over the whole graph (how many instances of each class, how many facts
of each predicate rest on the curators' judgement, what the build inferred by which rule)
would otherwise scan every fact and its provenance at query time: seconds at national scale.
The build counts them once — the classes in the sorted text of the quads it writes
(graph/quadsort.py; :class:`DatasetStatistics` counts the same from quads), the facts as its
:class:`~sekg.graph.provenance.FactSink` takes them (:class:`~sekg.graph.provenance.FactTally`)
— and publishes the counts in the VoID description (``void.ttl`` and the store's
``metadata`` graph) beside the per-graph triple counts; the catalogue questions read them
there. Tests compare every count with the live count on the built store, and the tally with
the one read back from the dataset (:func:`tally_facts`).

* **class partitions** (``void:classPartition``, VoID 4.6): for each class, the distinct
  resources typed with it in the data graphs (every graph but the ontology and the
  vocabularies), as ``void:entities``;
* **method partitions** (``sekg:FactPartition``): for each provenance method and predicate,
  the facts (``void:triples``) derived from records of that method and the distinct records
  (``sekg:sourceRecords``);
* **inferred partitions** (``sekg:FactPartition``): for each record of the ``inferred`` graph,
  predicate and object, the facts derived from that record.

Example
-------
>>> from pyoxigraph import NamedNode as N, Quad as Q
>>> from sekg.ontology.iri import default_minter
>>> m = default_minter(); R = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
>>> g = N(m.graph("piano-2030")); org = N(m.resource("organisation", "x"))
>>> quads = [Q(org, N(R + "type"), N("http://www.w3.org/ns/org#Organization"), g)]
>>> [str(t.object) for t in dataset_statistics(quads, m) if "entities" in str(t.predicate)]
['"1"^^<http://www.w3.org/2001/XMLSchema#integer>']
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping

from pyoxigraph import Literal, NamedNode, Quad, Triple

from sekg.graph.provenance import INFERRED_GRAPH, FactTally, bookkeeping_prefixes
from sekg.ontology.iri import IriMinter
from sekg.ontology.namespaces import PREFIXES
from sekg.queries.results import term_value

__all__ = ["NON_DATA_GRAPHS", "DatasetStatistics", "dataset_statistics", "partition_triples",
           "tally_facts"]

#: Graphs whose resources are not counted in the class partitions (the model, not the data).
NON_DATA_GRAPHS = ("ontology", "vocabularies", "metadata")

_RDF = PREFIXES["rdf"]
_VOID = PREFIXES["void"]
_SEKG = PREFIXES["sekg"]
_TYPE = _RDF + "type"
_DERIVED_FROM = PREFIXES["prov"] + "wasDerivedFrom"


def _partition_iri(dataset: str, kind: str, *key: str) -> NamedNode:
    digest = hashlib.sha1("\x1f".join(key).encode("utf-8")).hexdigest()[:16]
    return NamedNode(f"{dataset}/{kind}/{digest}")


class DatasetStatistics:
    """Collects what the class partitions count from quads that arrive in batches (duplicates
    of each other or of earlier batches are counted once); :meth:`triples` gives the VoID
    triples, with the fact partitions of a :class:`FactTally`."""

    def __init__(self, minter: IriMinter) -> None:
        self.minter = minter
        self._skip = {minter.graph(name) for name in NON_DATA_GRAPHS}
        self._typed: set[tuple[str, str]] = set()

    def add(self, quads: Iterable[Quad]) -> None:
        """Count what ``quads`` add to the class partitions."""
        skip, typed = self._skip, self._typed
        for q in quads:
            # the predicate first: most quads are not class assertions
            if q.predicate.value != _TYPE:
                continue
            if q.graph_name.value in skip:  # type: ignore[union-attr]
                continue
            typed.add((q.object.value, term_value(q.subject)))  # type: ignore[union-attr]

    def triples(self, facts: FactTally | None = None) -> list[Triple]:
        """The VoID triples of the class partitions and of the method and inferred partitions
        of ``facts`` (none without it), sorted."""
        return partition_triples(self.minter, Counter(cls for cls, _ in self._typed), facts)


def partition_triples(minter: IriMinter, by_class: Mapping[str, int],
                      facts: FactTally | None = None) -> list[Triple]:
    """The VoID triples of the class partitions, from the number of distinct resources of
    each class (by class IRI), and of the method and inferred partitions of ``facts`` (none
    without it), sorted.

    >>> from sekg.ontology.iri import default_minter
    >>> [str(t.object) for t in partition_triples(default_minter(), {"http://e/C": 2})
    ...  if "entities" in str(t.predicate)]
    ['"2"^^<http://www.w3.org/2001/XMLSchema#integer>']
    """
    dataset = minter.dataset()
    sekg = minter.rebase(_SEKG)
    method_predicate = sekg + "method"
    n = NamedNode
    out: list[Triple] = []
    for cls, count in by_class.items():
        node = _partition_iri(dataset, "class-partition", cls)
        out += [Triple(n(dataset), n(_VOID + "classPartition"), node),
                Triple(node, n(_VOID + "class"), n(cls)),
                Triple(node, n(_VOID + "entities"), Literal(count))]
    if facts is None:
        return sorted(out, key=str)
    fact_partition = n(sekg + "FactPartition")
    for (method, predicate), count in facts.facts.items():
        node = _partition_iri(dataset, "fact-partition", method, predicate)
        out += [Triple(n(dataset), n(_VOID + "subset"), node),
                Triple(node, n(_TYPE), fact_partition),
                Triple(node, n(method_predicate), n(method)),
                Triple(node, n(_VOID + "property"), n(predicate)),
                Triple(node, n(_VOID + "triples"), Literal(count)),
                Triple(node, n(sekg + "sourceRecords"),
                       Literal(len(facts.records[method, predicate])))]
    for (record, predicate, obj), count in facts.inferred.items():
        node = _partition_iri(dataset, "inferred-partition", record, predicate, str(obj))
        out += [Triple(n(dataset), n(_VOID + "subset"), node),
                Triple(node, n(_TYPE), fact_partition),
                Triple(node, n(_DERIVED_FROM), n(record)),
                Triple(node, n(_VOID + "property"), n(predicate)),
                Triple(node, n(sekg + "partitionObject"), obj),
                Triple(node, n(_VOID + "triples"), Literal(count))]
    return sorted(out, key=str)


def dataset_statistics(quads: Iterable[Quad], minter: IriMinter,
                       facts: FactTally | None = None) -> list[Triple]:
    """The VoID triples of the class partitions of ``quads`` (any order, duplicates counted
    once; a stream is read once) and of the fact partitions of ``facts``, sorted."""
    statistics = DatasetStatistics(minter)
    statistics.add(quads)
    return statistics.triples(facts)


def tally_facts(quads: Iterable[Quad], minter: IriMinter) -> FactTally:
    """The fact partitions' counts of a dataset read back from its quads (any order; a stream
    is read once), by the provenance model's rule: a fact's records are those of its
    ``rdf:Statement`` if it is reified, else the record of the ``sekg:FactGroup`` with its
    subject in its graph whose predicate set holds its predicate. Equal to the tally the
    build's sink keeps; this reads every fact into memory, for checks and for datasets written
    without a sink.

    >>> from pyoxigraph import NamedNode as N, Literal as L
    >>> from sekg.graph.provenance import FactSink, Record
    >>> from sekg.ontology.iri import default_minter
    >>> sink = FactSink(default_minter())
    >>> org = N(sink.minter.resource("organisation", "x"))
    >>> label = N("http://www.w3.org/2000/01/rdf-schema#label")
    >>> sink.add(org, label, L("X"), "piano-2030", Record("doc", "stated", "high"))
    >>> sink.close_groups()
    >>> tally_facts(sink.quads, sink.minter) == sink.tally
    True
    """
    sekg = minter.rebase(_SEKG)
    bookkeeping = bookkeeping_prefixes(minter)
    group_subject, has_set = sekg + "groupSubject", sekg + "predicateSet"
    member = sekg + "memberPredicate"
    method_of: dict[str, str] = {}
    derived: dict[str, set[str]] = {}
    parts: dict[str, dict[str, list[NamedNode | Literal]]] = {}
    graph_of: dict[str, str] = {}
    values: dict[tuple[str, str, str], set[NamedNode | Literal]] = {}
    for q in quads:
        s, p, o = term_value(q.subject), q.predicate.value, q.object
        g = q.graph_name.value  # type: ignore[union-attr]
        if not s.startswith(bookkeeping):
            values.setdefault((s, p, g), set()).add(o)  # type: ignore[arg-type]
        elif p == sekg + "method":
            method_of[s] = o.value  # type: ignore[union-attr]
        elif p == _DERIVED_FROM:
            derived.setdefault(s, set()).add(o.value)  # type: ignore[union-attr]
        else:
            parts.setdefault(s, {}).setdefault(p, []).append(o)  # type: ignore[arg-type]
            graph_of[s] = g
    stated: dict[tuple[str, str, NamedNode | Literal, str], set[str]] = {}
    grouped: list[tuple[str, str, str, set[str]]] = []
    for node, fields in parts.items():
        records = derived.get(node, set())
        if _RDF + "subject" in fields:
            (s_term,), (p_term,), (o_term,) = (fields[_RDF + k] for k in ("subject", "predicate",
                                                                        "object"))
            key = (term_value(s_term), p_term.value, o_term, graph_of[node])
            stated.setdefault(key, set()).update(records)
        elif group_subject in fields:
            predicates = {p.value for predicate_set in fields.get(has_set, [])
                          for p in parts.get(predicate_set.value, {}).get(member, [])}
            grouped += [(term_value(subject), predicate, graph_of[node], records)
                        for subject in fields[group_subject] for predicate in sorted(predicates)]
    facts: dict[tuple[str, str, NamedNode | Literal, str], set[str]] = dict(stated)
    for s, p, g, records in grouped:
        for o in values.get((s, p, g), ()):
            if (s, p, o, g) not in stated:  # a reified fact has its statement's records
                facts.setdefault((s, p, o, g), set()).update(records)
    inferred_graph = minter.graph(INFERRED_GRAPH)
    tally = FactTally()
    for (_, p, o, g), records in facts.items():
        by_method: dict[str, list[str]] = {}
        for record in sorted(records):
            by_method.setdefault(method_of.get(record, ""), []).append(record)
        for method, of_method in by_method.items():
            for n, record in enumerate(of_method):
                if method:
                    tally.add(record, method, p, o, g == inferred_graph, new_for_method=n == 0)
                elif g == inferred_graph:
                    # a record without sekg:method has no method partition (its IRI would be
                    # ''), but what it inferred is counted
                    tally.inferred[record, p, o] += 1
    return tally
