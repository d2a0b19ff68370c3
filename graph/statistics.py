"""Statistics of the dataset for its VoID description: class partitions and fact partitions.

Counting questions over the whole graph (how many instances of each class, how many facts
of each predicate rest on the curators' judgement, what the build inferred by which rule)
would otherwise scan every reified statement at query time: seconds at national scale. The
build counts them once, from the quads it writes, and publishes the counts in the VoID
description (``void.ttl`` and the store's ``metadata`` graph) beside the per-graph triple
counts; the catalogue questions read them there. Tests compare every count with the live
count on the built store.

* **class partitions** (``void:classPartition``, VoID 4.6): for each class, the distinct
  resources typed with it in the data graphs (every graph but the ontology and the
  vocabularies), as ``void:entities``;
* **method partitions** (``sekg:FactPartition``): for each provenance method and predicate,
  the reified facts (``void:triples``) derived from records of that method and the distinct
  records (``sekg:sourceRecords``);
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
from collections import Counter, defaultdict
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad, Triple

from sekg.ontology.iri import IriMinter
from sekg.ontology.namespaces import PREFIXES

__all__ = ["NON_DATA_GRAPHS", "dataset_statistics"]

#: Graphs whose resources are not counted in the class partitions (the model, not the data).
NON_DATA_GRAPHS = ("ontology", "vocabularies", "metadata")

_RDF = PREFIXES["rdf"]
_VOID = PREFIXES["void"]
_SEKG = PREFIXES["sekg"]
_TYPE = _RDF + "type"
_PREDICATE = _RDF + "predicate"
_OBJECT = _RDF + "object"
_DERIVED_FROM = PREFIXES["prov"] + "wasDerivedFrom"


def _partition_iri(dataset: str, kind: str, *key: str) -> NamedNode:
    digest = hashlib.sha1("\x1f".join(key).encode("utf-8")).hexdigest()[:16]
    return NamedNode(f"{dataset}/{kind}/{digest}")


def dataset_statistics(quads: Iterable[Quad], minter: IriMinter) -> list[Triple]:
    """The VoID triples of the class, method and inferred partitions of ``quads`` (distinct
    quads, any order; a stream is read once), sorted."""
    skip = {minter.graph(name) for name in NON_DATA_GRAPHS}
    inferred_graph = minter.graph("inferred")
    sekg = minter.rebase(_SEKG)          # the ontology's terms under the configured base
    method_term = sekg + "method"
    typed: set[tuple[str, str]] = set()
    predicate_of: dict[str, str] = {}
    object_of: dict[str, NamedNode | Literal] = {}
    derived_from: list[tuple[str, str]] = []
    method_of: dict[str, str] = {}
    for q in quads:
        graph = q.graph_name.value  # type: ignore[union-attr]
        if graph in skip:
            continue
        p = q.predicate.value
        s = q.subject.value
        if p == _TYPE:
            typed.add((q.object.value, s))  # type: ignore[union-attr]
        elif p == _PREDICATE:
            predicate_of[s] = q.object.value  # type: ignore[union-attr]
        elif p == _OBJECT and graph == inferred_graph:
            object_of[s] = q.object  # type: ignore[assignment]
        elif p == _DERIVED_FROM:
            derived_from.append((s, q.object.value))  # type: ignore[union-attr]
        elif p == method_term:
            method_of[s] = q.object.value  # type: ignore[union-attr]

    dataset = minter.dataset()
    n = NamedNode
    out: list[Triple] = []

    by_class = Counter(cls for cls, _ in typed)
    for cls, count in by_class.items():
        node = _partition_iri(dataset, "class-partition", cls)
        out += [Triple(n(dataset), n(_VOID + "classPartition"), node),
                Triple(node, n(_VOID + "class"), n(cls)),
                Triple(node, n(_VOID + "entities"), Literal(count))]

    facts: dict[tuple[str, str], set[str]] = defaultdict(set)
    records: dict[tuple[str, str], set[str]] = defaultdict(set)
    inferred: Counter[tuple[str, str, NamedNode | Literal]] = Counter()
    for statement, record in derived_from:
        predicate = predicate_of.get(statement)
        if predicate is None:
            continue  # prov:wasDerivedFrom of something that is not a reified fact
        method = method_of.get(record)
        if method is not None:
            facts[method, predicate].add(statement)
            records[method, predicate].add(record)
        if statement in object_of:
            inferred[record, predicate, object_of[statement]] += 1
    fact_partition = n(sekg + "FactPartition")
    for (method, predicate), statements in facts.items():
        node = _partition_iri(dataset, "fact-partition", method, predicate)
        out += [Triple(n(dataset), n(_VOID + "subset"), node),
                Triple(node, n(_TYPE), fact_partition),
                Triple(node, n(method_term), n(method)),
                Triple(node, n(_VOID + "property"), n(predicate)),
                Triple(node, n(_VOID + "triples"), Literal(len(statements))),
                Triple(node, n(sekg + "sourceRecords"),
                       Literal(len(records[method, predicate])))]
    for (record, predicate, obj), count in inferred.items():
        node = _partition_iri(dataset, "inferred-partition", record, predicate, str(obj))
        out += [Triple(n(dataset), n(_VOID + "subset"), node),
                Triple(node, n(_TYPE), fact_partition),
                Triple(node, n(_DERIVED_FROM), n(record)),
                Triple(node, n(_VOID + "property"), n(predicate)),
                Triple(node, n(sekg + "partitionObject"), obj),
                Triple(node, n(_VOID + "triples"), Literal(count))]
    return sorted(out, key=str)
