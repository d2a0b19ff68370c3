"""What an entity page shows, from the answers of the server's named queries: each property
with its Italian and English labels and its values, each value with the provenance of the
fact, the incoming links and the neighbourhood. Pure: no I/O, no HTML.

Example
-------
>>> from pyoxigraph import NamedNode as N, Literal as L
>>> base = "https://e.org/kg"
>>> row = {"p": N("http://www.w3.org/2000/01/rdf-schema#label"), "o": L("Acsel"),
...        "graph": N(base + "/graph/piano-2030")}
>>> view = entity_view(base + "/id/organisation/acsel", base, [row], [], [])
>>> view.title, view.properties[0].curie, view.properties[0].values[0].text
('Acsel', 'rdfs:label', 'Acsel')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode

from sekg.api.labels import curie, local_href
from sekg.api.network import Neighbourhood, radial

__all__ = ["EntityView", "Fact", "Link", "PropertyView", "Provenance", "entity_view"]

Row = Mapping[str, Any]
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Provenance:
    """One source record of a fact."""

    record_href: str
    method: str
    confidence: str
    source: str
    source_href: str
    section: str
    location: str
    note: str


@dataclass
class Fact:
    """A value of a property: text to show, link (None for literals), language or datatype."""

    text: str
    href: str | None
    lang: str = ""
    datatype: str = ""
    derived: bool = False
    graph: str = ""
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class PropertyView:
    """A property with its labels and values."""

    iri: str
    href: str
    curie: str
    label_it: str
    label_en: str
    values: list[Fact] = field(default_factory=list)
    #: how many values the property has in the graph (more than :attr:`values` on the page of
    #: a resource with very many)
    total: int = 0


@dataclass
class Link:
    """An incoming link: the resource pointing here and by which property."""

    href: str
    text: str
    property_curie: str
    property_label: str


@dataclass
class EntityView:
    """Everything the entity page shows."""

    iri: str
    title: str
    label_it: str
    label_en: str
    types: list[Fact]
    properties: list[PropertyView]
    incoming: list[Link]
    network: Neighbourhood
    #: how many incoming links there are (more than :attr:`incoming` lists, on a large page)
    incoming_total: int = 0
    #: False when the provenance shown is cut at the server's row limit
    provenance_complete: bool = True


def _text(term: Any) -> str:
    return "" if term is None else str(term.value)


def _label(row: Row, prefix: str) -> str:
    return _text(row.get(f"{prefix}_plain")) or _text(row.get(f"{prefix}_it")) or \
        _text(row.get(f"{prefix}_en"))


def _key(term: Any) -> str:
    return str(term)


def entity_view(iri: str, base: str, outgoing: Sequence[Row], incoming: Sequence[Row],
                provenance: Sequence[Row], value_counts: Mapping[str, int] | None = None,
                incoming_total: int | None = None, provenance_complete: bool = True
                ) -> EntityView:
    """The page of ``iri`` from the rows of resource_outgoing, resource_incoming and
    resource_provenance; ``value_counts`` (property IRI -> values in the graph) and
    ``incoming_total`` say how many there are where the rows hold only the first (see
    :mod:`sekg.api.resource_rows`)."""
    records: dict[tuple[str, str], list[Provenance]] = {}
    for row in provenance:
        source = _text(row.get("source"))
        records.setdefault((row["p"].value, _key(row["o"])), []).append(Provenance(
            record_href=local_href(_text(row.get("record")), base),
            method=_text(row.get("method_label")) or curie(_text(row.get("method")), base),
            confidence=_text(row.get("confidence_label"))
            or curie(_text(row.get("confidence")), base),
            source=curie(source, base) if source else "",
            source_href=local_href(source, base) if source else "",
            section=_text(row.get("section")), location=_text(row.get("location")),
            note=_text(row.get("note"))))
    properties: dict[str, PropertyView] = {}
    seen: set[tuple[str, str]] = set()
    labels = {"it": "", "en": "", "": ""}
    types: list[Fact] = []
    neighbours: list[tuple[str, str, str, str]] = []
    for row in outgoing:
        p, o = row["p"], row["o"]
        key = (p.value, _key(o))
        if key in seen:
            continue
        seen.add(key)
        view = properties.get(p.value)
        if view is None:
            view = properties[p.value] = PropertyView(
                p.value, local_href(p.value, base), curie(p.value, base),
                _text(row.get("p_it")), _text(row.get("p_en")))
        graph = _text(row.get("graph"))
        if isinstance(o, Literal):
            fact = Fact(o.value, None, lang=o.language or "",
                        datatype="" if o.language else curie(o.datatype.value),
                        graph=graph)
            if p.value in (_RDFS_LABEL, _PREF_LABEL) and not labels.get(o.language or ""):
                labels[o.language or ""] = o.value
        else:
            text = _label(row, "o") or curie(o.value, base)
            fact = Fact(text, local_href(o.value, base) if isinstance(o, NamedNode) else None,
                        graph=graph)
            if p.value == _RDF_TYPE:
                types.append(fact)
            elif isinstance(o, NamedNode):
                neighbours.append((fact.href or "", text, view.label_en or view.curie, "out"))
        fact.derived = graph.endswith("/graph/inferred")
        fact.provenance = records.get(key, [])
        view.values.append(fact)
    links = []
    for row in incoming:
        s, p = row["s"], row["p"]
        text = _label(row, "s") or curie(s.value, base)
        href = local_href(s.value, base) if isinstance(s, NamedNode) else ""
        p_label = _text(row.get("p_en")) or _text(row.get("p_it"))
        links.append(Link(href, text, curie(p.value, base), p_label))
        if href:
            neighbours.append((href, text, p_label or curie(p.value, base), "in"))
    for view in properties.values():
        view.total = max(len(view.values), (value_counts or {}).get(view.iri, 0))
    title = labels[""] or labels["it"] or labels["en"] or curie(iri, base)
    return EntityView(iri, title, labels["it"], labels["en"], types,
                      list(properties.values()), links, radial(title, neighbours),
                      max(len(links), incoming_total or 0), provenance_complete)
