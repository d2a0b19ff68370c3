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

__all__ = ["JsonLdDocument", "context_document", "dumps_jsonld", "to_jsonld"]

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


class JsonLdDocument:
    """A compact JSON-LD document built a few triples at a time.

    Each node's JSON is rendered once and kept until a later :meth:`add` touches its subject,
    so a build can render the bulk of the dataset while it waits for its last triples (the
    reasoner's). Triples must be distinct across calls (the caller dedupes); the output does
    not depend on the order they come in: values and nodes are sorted when rendered.
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(prefixes)
        self._by_namespace = {ns: prefix for prefix, ns in sorted(prefixes.items(), reverse=True)}
        self._compacted: dict[str, str] = {}  # the same IRIs come back on most triples
        self._nodes: dict[str, dict[str, list[Any]]] = {}
        self._rendered: dict[str, str] = {}

    def _compact(self, iri: str) -> str:
        value = self._compacted.get(iri)
        if value is None:
            value = self._compacted[iri] = _compact(iri, self._by_namespace)
        return value

    def _node(self, term: NamedNode | BlankNode) -> str:
        return f"_:{term.value}" if type(term) is BlankNode else self._compact(term.value)

    def add(self, triples: Iterable[Triple | Quad]) -> None:
        """Add triples (or quads, whose graph is ignored) not added before."""
        compact, node, nodes, rendered = self._compact, self._node, self._nodes, self._rendered
        for t in triples:
            subject = node(t.subject)  # type: ignore[arg-type]
            props = nodes.get(subject)
            if props is None:
                props = nodes[subject] = {}
            else:
                rendered.pop(subject, None)
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

    def _node_object(self, subject: str) -> dict[str, Any]:
        props = self._nodes[subject]
        obj: dict[str, Any] = {"@id": subject}
        for key in sorted(props):
            values = sorted(props[key], key=_value_key)
            obj[key] = values[0] if len(values) == 1 else values
        return obj

    def render(self) -> None:
        """Render the JSON of every node not rendered yet."""
        rendered = self._rendered
        for subject in self._nodes.keys() - rendered.keys():
            rendered[subject] = json.dumps(self._node_object(subject), ensure_ascii=False,
                                           sort_keys=True)

    def document(self) -> dict[str, Any]:
        """The document as a JSON object: ``@context`` and ``@graph`` (nodes sorted)."""
        return {**context_document(self.prefixes),
                "@graph": [self._node_object(s) for s in sorted(self._nodes)]}

    def dumps(self) -> bytes:
        """UTF-8 JSON: the context, then one node per line."""
        self.render()
        context = json.dumps(context_document(self.prefixes)["@context"], ensure_ascii=False,
                             sort_keys=True)
        nodes = ",\n".join(self._rendered[s] for s in sorted(self._rendered))
        return f'{{"@context": {context},\n"@graph": [\n{nodes}\n]}}\n'.encode()


def to_jsonld(triples: Iterable[Triple | Quad], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """A compact JSON-LD document (``@context`` + ``@graph``) of ``triples`` (or quads, whose
    graph is ignored), sorted."""
    doc = JsonLdDocument(prefixes)
    doc.add(triples)
    return doc.document()


def dumps_jsonld(triples: Iterable[Triple | Quad], prefixes: Mapping[str, str]) -> bytes:
    """Serialise :func:`to_jsonld` as UTF-8 JSON: the context, then one node per line."""
    doc = JsonLdDocument(prefixes)
    doc.add(triples)
    return doc.dumps()
