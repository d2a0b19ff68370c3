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

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

__all__ = ["context_document", "dumps_jsonld", "to_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def context_document(prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The JSON-LD context published with the dumps: the prefixes, sorted."""
    return {"@context": {k: prefixes[k] for k in sorted(prefixes)}}


def _compact(iri: str, by_namespace: dict[str, str]) -> str:
    """``prefix:local`` when the IRI's namespace (up to its last '#' or '/') has a prefix."""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    prefix = by_namespace.get(iri[:cut])
    if prefix is None or cut == len(iri):
        return iri
    return f"{prefix}:{iri[cut:]}"


def _value_key(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return ("", value)
    return (value.get("@id", ""), value.get("@value", ""), value.get("@language", ""),
            value.get("@type", ""))


def to_jsonld(triples: Iterable[Triple | Quad], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """A compact JSON-LD document (``@context`` + ``@graph``) of ``triples`` (or quads, whose
    graph is ignored), sorted."""
    ordered = {ns: prefix for prefix, ns in sorted(prefixes.items(), reverse=True)}
    compacted: dict[str, str] = {}  # the same IRIs come back on most triples

    def compact(iri: str) -> str:
        value = compacted.get(iri)
        if value is None:
            value = compacted[iri] = _compact(iri, ordered)
        return value

    def node(term: NamedNode | BlankNode) -> str:
        return f"_:{term.value}" if type(term) is BlankNode else compact(term.value)

    nodes: dict[str, dict[str, list[Any]]] = {}
    for t in triples:
        props = nodes.setdefault(node(t.subject), {})  # type: ignore[arg-type]
        p = t.predicate.value
        o = t.object
        if p == _RDF_TYPE and type(o) is NamedNode:
            props.setdefault("@type", []).append(compact(o.value))
            continue
        key = compact(p)
        if type(o) is Literal:
            if o.language:
                value: Any = {"@language": o.language, "@value": o.value}
            elif o.datatype.value == _XSD_STRING:
                value = o.value
            else:
                value = {"@type": compact(o.datatype.value), "@value": o.value}
        else:
            value = {"@id": node(o)}  # type: ignore[arg-type]
        props.setdefault(key, []).append(value)
    graph = []
    for subject in sorted(nodes):
        node: dict[str, Any] = {"@id": subject}
        for key in sorted(nodes[subject]):
            values = sorted(nodes[subject][key], key=_value_key)
            node[key] = values[0] if len(values) == 1 else values
        graph.append(node)
    return {**context_document(prefixes), "@graph": graph}


def dumps_jsonld(triples: Iterable[Triple | Quad], prefixes: Mapping[str, str]) -> bytes:
    """Serialise :func:`to_jsonld` as UTF-8 JSON: the context, then one node per line."""
    doc = to_jsonld(triples, prefixes)
    context = json.dumps(doc["@context"], ensure_ascii=False, sort_keys=True)
    nodes = ",\n".join(json.dumps(node, ensure_ascii=False, sort_keys=True)
                       for node in doc["@graph"])
    return f'{{"@context": {context},\n"@graph": [\n{nodes}\n]}}\n'.encode()
