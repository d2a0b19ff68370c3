"""Generic YAML resources -> RDF facts with provenance (process, consultation, plan, policy).

The format is documented in ``graph/sources/README.md``: a ``defaults:`` block of
provenance and a list of ``resources:``, each with ``id``, ``type``, ``section`` and ``facts``.

Example
-------
>>> from sekg.ontology.iri import IriMinter
>>> from sekg.graph.provenance import FactSink
>>> sink = FactSink(IriMinter("https://example.org/kg"))
>>> text = '''
... resources:
...   - id: activity/demo
...     type: [prov:Activity]
...     section: Demo
...     facts:
...       rdfs:label: {it: "Prova", en: "Demo"}
...       schema:startDate: 2024-12-05
... '''
>>> ids = add_yaml_resources(sink, text, "demo.yaml")
>>> ids
['https://example.org/kg/id/activity/demo']
>>> sorted({q.predicate.value.rsplit('/', 1)[-1] for q in sink.quads if q.subject.value == ids[0]})
['rdf-schema#label', 'startDate', '22-rdf-syntax-ns#type']
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyoxigraph import Literal, NamedNode

from sekg.graph.provenance import FactSink, Record, Term, checked_record
from sekg.graph.yamlsource import LINE_KEY, LINES_KEY, key_line, line_of, load_yaml_text
from sekg.ontology.errors import SekgError, SourceError
from sekg.ontology.namespaces import PREFIXES, expand_curie

__all__ = ["add_yaml_resources"]

GRAPH = "piano-2030"
#: Properties whose values must be dates (YAML dates, or typed literals).
DATE_PROPERTIES = frozenset(expand_curie(c) for c in (
    "schema:startDate", "schema:endDate", "dcterms:date", "dcterms:issued", "dcterms:created",
    "dcterms:modified", "sekg:statedDate"))
_XSD = PREFIXES["xsd"]


def add_yaml_resources(sink: FactSink, text: str, file: str, graph: str = GRAPH) -> list[str]:
    """Add every resource of one YAML file to ``sink``; return their IRIs in file order."""
    data = load_yaml_text(text, file)
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise SourceError("expected a mapping with a 'resources:' list", file=file, line=1,
                          hint="see graph/sources/README.md for the format")
    defaults = data.get("defaults") or {}
    iris: list[str] = []
    a = NamedNode(PREFIXES["rdf"] + "type")
    for resource in data["resources"]:
        line = line_of(resource)
        if not isinstance(resource, dict) or "id" not in resource:
            raise SourceError("a resource without 'id'", file=file, line=line,
                              hint="each resource starts with '- id: kind/key'")
        try:
            subject = NamedNode(sink.minter.local(str(resource["id"])))
        except SekgError as exc:
            raise SourceError(exc.message, file=file, line=line, hint=exc.hint) from None
        if subject.value in iris:
            raise SourceError(f"duplicate identifier '{resource['id']}'", file=file, line=line,
                              hint="every resource id must be unique")
        iris.append(subject.value)
        base = {**defaults, **{k: resource[k] for k in ("section", "source", "method",
                                                        "confidence") if k in resource}}
        record = _record(base, file, line)
        types = resource.get("type") or []
        for curie in types if isinstance(types, list) else [types]:
            sink.add(subject, a, NamedNode(_expand(curie, file, line)), graph, record)
        facts = resource.get("facts") or {}
        if not isinstance(facts, dict):
            raise SourceError("'facts' must be a mapping of property: value", file=file,
                              line=line)
        for predicate, values in facts.items():
            if predicate in (LINE_KEY, LINES_KEY):
                continue
            fact_line = key_line(facts, predicate) or line
            p = NamedNode(_expand(predicate, file, fact_line))
            for value in values if isinstance(values, list) else [values]:
                for term, rec in _values(value, base, record, sink, file,
                                         line_of(value) or fact_line):
                    if (p.value in DATE_PROPERTIES and isinstance(term, Literal)
                            and term.datatype.value == _XSD + "string"):
                        raise SourceError(
                            f"malformed date '{term.value}' for {predicate}", file=file,
                            line=line_of(value) or fact_line,
                            hint="write dates as YYYY-MM-DD (e.g. 2024-12-05), or a typed "
                                 "value such as {value: 2025-03, datatype: xsd:gYearMonth}")
                    sink.add(subject, p, term, graph, rec)
    return iris


def _expand(curie: Any, file: str, line: int | None) -> str:
    try:
        return expand_curie(str(curie))
    except SekgError as exc:
        raise SourceError(exc.message, file=file, line=line, hint=exc.hint) from None


def _record(fields: dict[str, Any], file: str, line: int | None) -> Record:
    return checked_record(source=str(fields.get("source", "doc")),
                          method=str(fields.get("method", "stated")),
                          confidence=str(fields.get("confidence", "high")),
                          section=str(fields.get("section", "")), file=file, line=line)


def _values(value: Any, base: dict[str, Any], record: Record, sink: FactSink, file: str,
            line: int | None) -> list[tuple[Term, Record]]:
    """One YAML value -> RDF terms (several for a language map), with their record."""
    if isinstance(value, dict) and "provenance" in value:
        override = value["provenance"]
        if not isinstance(override, dict):
            raise SourceError("'provenance' must be a mapping", file=file, line=line)
        record = _record({**base, **override}, file, line)
        value = value.get("value")
    if isinstance(value, list):
        return [pair for item in value
                for pair in _values(item, base, record, sink, file, line_of(item) or line)]
    keys = set(value) - {LINE_KEY, LINES_KEY} if isinstance(value, dict) else set()
    if keys and all(len(k) == 2 and k.isalpha() for k in keys):
        return [(Literal(str(value[lang]), language=lang), record) for lang in sorted(keys)]
    return [_value(value, record, sink, file, line)]


def _value(value: Any, record: Record, sink: FactSink, file: str,
           line: int | None) -> tuple[Term, Record]:
    """One YAML value -> an RDF term, and the record of its provenance."""
    if isinstance(value, bool):
        return Literal(value), record
    if isinstance(value, int):
        return Literal(value), record
    if isinstance(value, float):
        return Literal(str(value), datatype=NamedNode(_XSD + "decimal")), record
    if isinstance(value, dt.datetime):
        return Literal(value.isoformat(), datatype=NamedNode(_XSD + "dateTime")), record
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=NamedNode(_XSD + "date")), record
    if isinstance(value, str):
        return Literal(value), record
    if isinstance(value, dict):
        keys = set(value) - {LINE_KEY, LINES_KEY}
        try:
            if keys == {"ref"}:
                return NamedNode(sink.minter.local(str(value["ref"]))), record
            if keys == {"iri"}:
                return NamedNode(str(value["iri"])), record
            if keys == {"value", "datatype"}:
                datatype = NamedNode(_expand(value["datatype"], file, line))
                return Literal(str(value["value"]), datatype=datatype), record
        except (ValueError, SekgError) as exc:
            if isinstance(exc, SourceError):
                raise
            raise SourceError(f"bad value {dict((k, value[k]) for k in keys)}: {exc}",
                              file=file, line=line) from None
    raise SourceError(f"cannot read value {value!r}", file=file, line=line,
                      hint="use a string, number, date, {ref:}, {iri:}, {it:}/{en:} or "
                           "{value:, datatype:}")
