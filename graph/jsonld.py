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
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

__all__ = ["JsonLdDocument", "context_document", "dumps_jsonld", "to_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Node objects are rendered one at a time: one encoder, keys sorted, non-ASCII kept.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


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


#: A value as the document keeps it until rendered, a tuple that sorts in the order the values
#: are written: ``("", text)`` for a plain string or a ``@type``, else ``(@id, @value,
#: @language, @type)`` with ``""`` for what it lacks. Tuples of strings rather than JSON
#: objects: a build keeps tens of thousands of them, and the garbage collector stops tracking
#: such tuples (while each object it tracks makes its full collections longer).
_Value = tuple[str, ...]


def _literal_value(literal: Literal, compact: Callable[[str], str]) -> _Value:
    """A literal as a value: its text if a plain string, else its ``@value`` and its
    ``@language`` or (compacted) ``@type``.

    >>> _literal_value(Literal("1", datatype=NamedNode("http://e/int")), lambda iri: "e:int")
    ('', '1', '', 'e:int')
    """
    if literal.language:
        return ("", literal.value, literal.language, "")
    datatype = literal.datatype.value
    if datatype == _XSD_STRING:
        return ("", literal.value)
    return ("", literal.value, "", compact(datatype))


def _json_value(value: _Value) -> str | dict[str, str]:
    """The JSON of a value: a string, or an object with ``@id``, or ``@value`` and its
    ``@language`` or ``@type``.

    >>> _json_value(("", "X")), _json_value(("org:x", "", "", "")), _json_value(("", "X", "it", ""))
    ('X', {'@id': 'org:x'}, {'@language': 'it', '@value': 'X'})
    """
    if len(value) == 2:
        return value[1]
    iri, text, language, datatype = value
    if iri:
        return {"@id": iri}
    if language:
        return {"@language": language, "@value": text}
    return {"@type": datatype, "@value": text}


def _node_object(subject: str, facts: list[tuple[str, _Value]]) -> dict[str, Any]:
    """The JSON object of a node from its ``(key, value)`` pairs: keys sorted, each key's
    value alone or a sorted list.

    >>> _node_object("org:x", [("rdfs:label", ("", "Y")), ("@type", ("", "org:O")),
    ...                        ("rdfs:label", ("", "X"))])
    {'@id': 'org:x', '@type': 'org:O', 'rdfs:label': ['X', 'Y']}
    """
    obj: dict[str, Any] = {"@id": subject}
    for key, pairs in groupby(sorted(facts), key=itemgetter(0)):
        values = [_json_value(value) for _, value in pairs]
        obj[key] = values[0] if len(values) == 1 else values
    return obj


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
        self._nodes: dict[str, list[tuple[str, _Value]]] = {}  # subject -> (key, value) pairs
        self._rendered: dict[str, str] = {}

    def _compact(self, iri: str) -> str:
        """The IRI as the document writes it, memoised (``add`` reads the memo itself and
        calls this on a miss)."""
        value = self._compacted.get(iri)
        if value is None:
            value = self._compacted[iri] = _compact(iri, self._by_namespace)
        return value

    def add(self, triples: Iterable[Triple | Quad]) -> None:
        """Add triples (or quads, whose graph is ignored) not added before."""
        # the loop runs once per triple of the dataset: the memo of compact IRIs is read inline
        # (a compact IRI is never empty, so ``or`` calls _compact on a miss only)
        compacted, compact = self._compacted, self._compact
        nodes, rendered = self._nodes, self._rendered
        for t in triples:
            s = t.subject
            iri = s.value  # type: ignore[union-attr]
            subject = f"_:{iri}" if type(s) is BlankNode else compacted.get(iri) or compact(iri)
            facts = nodes.get(subject)
            if facts is None:
                facts = nodes[subject] = []
            else:
                rendered.pop(subject, None)
            p = t.predicate.value
            o = t.object
            value: _Value
            if type(o) is NamedNode:
                iri = compacted.get(o.value) or compact(o.value)
                if p == _RDF_TYPE:
                    facts.append(("@type", ("", iri)))
                    continue
                value = (iri, "", "", "")
            elif type(o) is BlankNode:
                value = (f"_:{o.value}", "", "", "")
            else:
                value = _literal_value(o, compact)  # type: ignore[arg-type]
            facts.append((compacted.get(p) or compact(p), value))

    def render(self) -> None:
        """Render the JSON of every node not rendered yet."""
        rendered, nodes, encode = self._rendered, self._nodes, _ENCODER.encode
        for subject in nodes.keys() - rendered.keys():
            rendered[subject] = encode(_node_object(subject, nodes[subject]))

    def document(self) -> dict[str, Any]:
        """The document as a JSON object: ``@context`` and ``@graph`` (nodes sorted)."""
        return {**context_document(self.prefixes),
                "@graph": [_node_object(s, self._nodes[s]) for s in sorted(self._nodes)]}

    def dumps(self) -> bytes:
        """UTF-8 JSON: the context, then one node per line."""
        return b"".join(self._chunks())

    def write(self, path: Path) -> None:
        """Write :meth:`dumps` to ``path`` a few thousand nodes at a time, never holding the
        whole text (at national scale, several copies of it were the dumps' memory peak)."""
        with path.open("wb") as handle:
            handle.writelines(self._chunks())

    def _chunks(self, size: int = 10_000) -> Iterator[bytes]:
        self.render()
        context = json.dumps(context_document(self.prefixes)["@context"], ensure_ascii=False,
                             sort_keys=True)
        yield f'{{"@context": {context},\n"@graph": [\n'.encode()
        subjects = sorted(self._rendered)
        for start in range(0, len(subjects), size):
            chunk = ",\n".join(self._rendered[s] for s in subjects[start:start + size])
            yield (",\n" + chunk if start else chunk).encode()
        yield b"\n]}\n"


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
