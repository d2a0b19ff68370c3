"""Compact, deterministic JSON-LD: one node object per subject, CURIEs from a published context.

pyoxigraph writes expanded JSON-LD only; this writer produces the compact form people read,
with the ``@context`` of ``ontology/context.jsonld`` embedded, so the file works offline.

Example
-------
>>> from pyoxigraph import NamedNode as N, Literal as L, Triple as T
>>> doc = to_jsonld([T(N("http://www.w3.org/ns/org#x"), N("http://www.w3.org/2000/01/rdf-schema#label"),
...                    L("X", language="it"))], {"org": "http://www.w3.org/ns/org#",
...                                               "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
>>> doc["@graph"]
[{'@id': 'org:x', 'rdfs:label': {'@language': 'it', '@value': 'X'}}]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

__all__ = ["context_document", "dumps_jsonld", "to_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def context_document(prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The JSON-LD context published with the dumps: the prefixes, sorted."""
    return {"@context": {k: prefixes[k] for k in sorted(prefixes)}}


def _compact(iri: str, ordered: list[tuple[str, str]]) -> str:
    for prefix, ns in ordered:
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns):]
            if "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return iri


def _node(term: NamedNode | BlankNode, ordered: list[tuple[str, str]]) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else _compact(term.value, ordered)


def to_jsonld(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """A compact JSON-LD document (``@context`` + ``@graph``) of ``triples``, sorted."""
    ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    nodes: dict[str, dict[str, list[Any]]] = {}
    for t in triples:
        subject = _node(t.subject, ordered)  # type: ignore[arg-type]
        props = nodes.setdefault(subject, {})
        p = t.predicate.value
        o = t.object
        if p == _RDF_TYPE and isinstance(o, NamedNode):
            props.setdefault("@type", []).append(_compact(o.value, ordered))
            continue
        key = _compact(p, ordered)
        if isinstance(o, Literal):
            if o.language:
                value: Any = {"@language": o.language, "@value": o.value}
            elif o.datatype.value == _XSD_STRING:
                value = o.value
            else:
                value = {"@type": _compact(o.datatype.value, ordered), "@value": o.value}
        else:
            value = {"@id": _node(o, ordered)}  # type: ignore[arg-type]
        props.setdefault(key, []).append(value)
    graph = []
    for subject in sorted(nodes):
        node: dict[str, Any] = {"@id": subject}
        for key in sorted(nodes[subject]):
            values = sorted(nodes[subject][key], key=lambda v: json.dumps(v, sort_keys=True))
            node[key] = values[0] if len(values) == 1 else values
        graph.append(node)
    return {**context_document(prefixes), "@graph": graph}


def dumps_jsonld(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> bytes:
    """Serialise :func:`to_jsonld` as UTF-8 JSON, indented, keys sorted."""
    text = json.dumps(to_jsonld(triples, prefixes), ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode()
