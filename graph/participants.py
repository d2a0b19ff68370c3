"""Participants: the 134 listed organisations, the 12 private citizens, organisations the
document needs beyond the list, and the curated resolution of duplicates, units and members.

Reads ``participants.csv``, ``organisations_extra.csv`` and ``resolution.csv`` (format in
``graph/sources/README.md``) and writes their facts, each with provenance, into the
``piano-2030`` named graph.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from sekg.graph.provenance import FactSink, Record, checked_record
from sekg.graph.resolution import normalise_name
from sekg.graph.sourcefiles import SourceTree
from sekg.graph.tabular import Row, check_unique, iter_rows, read_rows, unique_rows
from sekg.graph.territories import TerritoryIndex
from sekg.graph.vocabularies import Vocabularies
from sekg.ontology.iri import KEY_PATTERN, IriMinter
from sekg.ontology.namespaces import PREFIXES

__all__ = ["EXTRA_FILE", "PARTICIPANTS_FILE", "PROCESS_ID", "Participants", "RESOLUTION_FILE",
           "add_participants", "load_participants"]

PARTICIPANTS_FILE = "participants.csv"
EXTRA_FILE = "organisations_extra.csv"
RESOLUTION_FILE = "resolution.csv"
PROCESS_ID = "activity/participatory-process"
GRAPH = "piano-2030"
LIST_SECTION = "Ringraziamento — Lista integrale degli enti (in ordine alfabetico)"
#: The provenance of every normalised name: one record shared by all of them, as the helix
#: rule's is (``graph/derive.py``). The name is computed from the label, whose own record
#: carries the curated file and line; repeating that location here cost a record of seven
#: quads per organisation (a sixth of a synthetic national graph) and told nothing new.
NORMALISED_NAME_RULE = Record(source="doc", method="derived", confidence="high",
                              section="rule: sekg.graph.resolution.normalise_name")
#: Entries of the document's list: 134 organisations and 12 private citizens.
LIST_SIZE = 146

_CLASSIFICATION = ("legal_form", "qualifications", "family", "helix", "field_of_activity",
                   "seat_istat", "seat_method", "seat_source", "area_served", "method",
                   "confidence", "source", "notes")
_PARTICIPANT_COLUMNS = ("list_number", "label", "key", "kind", *_CLASSIFICATION)
_EXTRA_COLUMNS = ("key", "label", *_CLASSIFICATION)
_RESOLUTION_COLUMNS = ("subject", "relation", "object", "method", "confidence", "source",
                       "evidence")
_RELATIONS = {"same_as": PREFIXES["owl"] + "sameAs",
              "sub_organization_of": PREFIXES["org"] + "subOrganizationOf",
              "member_of": PREFIXES["org"] + "memberOf"}
#: column -> (scheme, ontology property, several values allowed)
_SCHEMES = {
    "legal_form": ("legal-form", "legalForm", False),
    "qualifications": ("qualification", "qualification", True),
    "family": ("family", "family", False),
    "helix": ("helix", "helix", False),
    "field_of_activity": ("field-of-activity", "fieldOfActivity", True),
}


@dataclass
class Participants:
    """The rows of the three participant files, checked: those of ``organisations_extra.csv``
    as they are read (see :func:`load_participants`), once."""

    listed: list[Row] = field(default_factory=list)
    extra: Iterable[Row] = field(default_factory=list)
    resolution: list[Row] = field(default_factory=list)

    def iri_of(self, minter: IriMinter, row: Row) -> str:
        if row["kind"].strip() == "private_citizen":
            return minter.resource("participant", row["key"].strip())
        return minter.resource("organisation", row["key"].strip())


def load_participants(tree: SourceTree) -> Participants:
    """Read and check the participant files (structure only; codes are checked when added).

    The rows of ``organisations_extra.csv`` (400,000 in the national benchmark) are read and
    checked as :attr:`Participants.extra` is iterated, so that the build hands on their
    facts while it reads (reading and checking them all first took ≈6 s, during which the
    rest of the build had nothing to do); their header is checked at once."""
    def rows(name: str, columns: tuple[str, ...]) -> list[Row]:
        return read_rows(io.StringIO(tree.text(name)), tree.path(name), columns)

    listed = rows(PARTICIPANTS_FILE, _PARTICIPANT_COLUMNS)
    extra = iter_rows(io.StringIO(tree.text(EXTRA_FILE)), tree.path(EXTRA_FILE),
                      _EXTRA_COLUMNS)
    found = Participants(listed, [], rows(RESOLUTION_FILE, _RESOLUTION_COLUMNS))
    check_unique(found.listed, "list_number")
    keys = check_unique(found.listed, "key")
    for row in found.listed:
        _check_entry(row)
    found.extra = _checked_extra(unique_rows(extra, "key", keys))
    numbers = []
    for row in found.listed:
        text = row["list_number"].strip()
        if not text.isdigit() or not 1 <= int(text) <= LIST_SIZE:
            raise row.error(f"list_number '{text}' is not a number from 1 to {LIST_SIZE}")
        numbers.append(int(text))
        if row["kind"].strip() not in ("organisation", "private_citizen"):
            raise row.error(f"unknown kind '{row['kind']}'",
                            hint="use organisation or private_citizen")
    missing = sorted(set(range(1, LIST_SIZE + 1)) - set(numbers))
    if missing:
        raise found.listed[-1].error(
            f"list entries missing: {', '.join(map(str, missing[:10]))}",
            hint=f"{PARTICIPANTS_FILE} must have one row for each of the {LIST_SIZE} entries")
    return found


def _check_entry(row: Row) -> None:
    """A listed or extra entry's key and label, or a :class:`SourceError` at its row."""
    key = row["key"].strip()
    if not KEY_PATTERN.match(key):
        raise row.error(f"malformed key '{key}'",
                        hint="keys are lower-case ASCII words joined by hyphens")
    if not row["label"].strip():
        raise row.error("empty label", hint="write the name exactly as in the document")


def _checked_extra(rows: Iterator[Row]) -> Iterator[Row]:
    """``rows`` as they come, each checked (:func:`_check_entry`)."""
    for row in rows:
        _check_entry(row)
        yield row


def _record(row: Row, *, method: str | None = None, source: str | None = None,
            section: str = LIST_SECTION) -> Record:
    return checked_record(
        source=(source if source is not None else row["source"]).strip() or "doc",
        method=(method or row["method"]).strip() or "curated",
        confidence=row["confidence"].strip() or "medium",
        section=section, file=row.file, line=row.line)


def add_participants(sink: FactSink, found: Participants, vocab: Vocabularies,
                     territories: TerritoryIndex) -> None:
    """Write participants, extra organisations and resolution decisions with provenance."""
    m = sink.minter
    rdf, rdfs, sekg, org = (PREFIXES[p] for p in ("rdf", "rdfs", "sekg", "org"))
    a, label = NamedNode(rdf + "type"), NamedNode(rdfs + "label")
    process = NamedNode(m.local(PROCESS_ID))

    numbers: dict[int, str] = {}
    for row in found.listed:
        node = NamedNode(found.iri_of(m, row))
        numbers[int(row["list_number"])] = node.value
        stated = Record(source="doc", method="stated", confidence="high",
                        section=LIST_SECTION, location=row.where)
        citizen = row["kind"].strip() == "private_citizen"
        kind = sekg + "PrivateCitizen" if citizen else org + "Organization"
        sink.add(node, a, NamedNode(kind), GRAPH, stated)
        sink.add(node, label, Literal(row["label"]), GRAPH, stated)
        sink.add(node, NamedNode(sekg + "listNumber"),
                 Literal(row["list_number"].strip(),
                         datatype=NamedNode(PREFIXES["xsd"] + "positiveInteger")),
                 GRAPH, stated)
        sink.add(node, NamedNode(sekg + "participatedIn"), process, GRAPH, stated)
        if not citizen:
            _add_organisation_facts(sink, node, row, vocab, territories)
        sink.checkpoint()  # the build hands over the quads in batches as they come

    extra_keys = set()
    for row in found.extra:
        extra_keys.add(row["key"].strip())
        node = NamedNode(m.resource("organisation", row["key"].strip()))
        rec = _record(row)
        sink.add(node, a, NamedNode(org + "Organization"), GRAPH, rec)
        sink.add(node, label, Literal(row["label"]), GRAPH, rec)
        _add_organisation_facts(sink, node, row, vocab, territories)
        sink.checkpoint()

    for row in found.resolution:
        relation = row["relation"].strip()
        if relation not in _RELATIONS:
            raise row.error(f"unknown relation '{relation}'",
                            hint=f"use one of: {', '.join(_RELATIONS)}")
        ends = []
        for column in ("subject", "object"):
            value = row[column].strip()
            if value.startswith("key:") and value[4:] in extra_keys:
                ends.append(m.resource("organisation", value[4:]))
            elif value.isdigit() and int(value) in numbers:
                ends.append(numbers[int(value)])
            else:
                raise row.error(f"'{value}' in column {column} is neither a list number nor "
                                f"key:<slug> of {EXTRA_FILE}")
        rec = _record(row, section="Entity resolution (resolution.csv)")
        sink.add(NamedNode(ends[0]), NamedNode(_RELATIONS[relation]), NamedNode(ends[1]),
                 GRAPH, rec)
        if row["evidence"].strip():
            sink.add(NamedNode(ends[0]), NamedNode(sekg + "note"),
                     Literal(f"{relation} {row['object'].strip()}: {row['evidence'].strip()}",
                             language="en"), GRAPH, rec)


#: the IRIs every organisation's facts repeat (predicates, concepts, comuni), one term object
#: each: a NamedNode costs ≈0.8 µs to make, ≈10 times a dictionary lookup
_NODES: dict[str, NamedNode] = {}


def _node(iri: str) -> NamedNode:
    """The one NamedNode of ``iri`` (see :data:`_NODES`).

    >>> _node("http://e/p") is _node("http://e/p")
    True
    """
    node = _NODES.get(iri)
    if node is None:
        node = _NODES[iri] = NamedNode(iri)
    return node


def _add_organisation_facts(sink: FactSink, node: NamedNode, row: Row, vocab: Vocabularies,
                            territories: TerritoryIndex) -> None:
    sekg = PREFIXES["sekg"]
    rec = _record(row)
    sink.add(node, _node(sekg + "normalisedName"), Literal(normalise_name(row["label"])),
             GRAPH, NORMALISED_NAME_RULE)
    for column, (scheme, prop, several) in _SCHEMES.items():
        single = [row[column].strip()] if row[column].strip() else []
        codes = row.codes(column) if several else single
        for code in codes:
            concept = vocab.lookup(scheme, code)
            if concept is None:
                raise row.error(f"unknown {scheme} code '{code}' in column {column}",
                                hint=f"use one of: {', '.join(vocab.known(scheme))}")
            sink.add(node, _node(sekg + prop), _node(concept), GRAPH, rec)
    seat = row["seat_istat"].strip()
    if seat:
        seat_rec = _record(row, method=row["seat_method"].strip() or None,
                           source=row["seat_source"].strip() or None)
        sink.add(node, _node(sekg + "seat"), _node(territories.comune_iri(seat, row)), GRAPH,
                 seat_rec)
    for area in row.codes("area_served"):
        sink.add(node, _node(sekg + "areaServed"),
                 _node(territories.resolve_area(area, row)), GRAPH, rec)
    if row["notes"].strip():
        sink.add(node, _node(sekg + "note"), Literal(row["notes"].strip(), language="en"),
                 GRAPH, rec)

