"""Facts with provenance: every triple the build emits is reified and tied to a PROV record.

A :class:`Record` says where a fact came from (source, section, method, confidence, file and
line); :class:`FactSink` writes the fact into its named graph together with an
``rdf:Statement`` that points to the record, so SPARQL can ask for the provenance of any fact.

Example
-------
>>> from pyoxigraph import NamedNode, Literal
>>> from sekg.ontology.iri import IriMinter
>>> sink = FactSink(IriMinter("https://example.org/kg"))
>>> rec = Record(source="doc", section="Ringraziamento", method="stated", confidence="high",
...              location="participants.csv:2")
>>> sink.add(NamedNode("https://example.org/kg/id/organisation/acsel"),
...          NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Acsel Spa"),
...          "piano-2030", rec)
>>> len(sink.quads)   # the fact, 5 statement triples, 6 record triples
12
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import overload

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from sekg.ontology.errors import SourceError, StoreError
from sekg.ontology.iri import IriMinter
from sekg.ontology.namespaces import PREFIXES

__all__ = ["CONFIDENCES", "DOCUMENT_KEY", "METHODS", "FactSink", "Record", "Term",
           "checked_record"]

Term = NamedNode | Literal | BlankNode

#: Key of the source document resource (``{base}/id/document/resoconto-ascolto``).
DOCUMENT_KEY = "resoconto-ascolto"

METHODS = ("stated", "derived", "curated")
CONFIDENCES = ("high", "medium", "low")

_RDF = PREFIXES["rdf"]
_PROV = PREFIXES["prov"]
_SEKG = PREFIXES["sekg"]
_DCT = PREFIXES["dcterms"]
# the reification's terms, shared by every statement
_A = NamedNode(_RDF + "type")
_STATEMENT = NamedNode(_RDF + "Statement")
_SUBJECT = NamedNode(_RDF + "subject")
_PREDICATE = NamedNode(_RDF + "predicate")
_OBJECT = NamedNode(_RDF + "object")
_DERIVED_FROM = NamedNode(_PROV + "wasDerivedFrom")


@dataclass(frozen=True)
class Record:
    """Where a group of facts came from.

    ``source`` is ``doc`` (the source document) or a URL; ``method`` one of stated / derived
    / curated; ``confidence`` one of high / medium / low; ``location`` the curated file and line.
    ``extra`` holds further (predicate IRI, object) pairs such as a zone-assignment status.
    """

    source: str
    method: str
    confidence: str
    section: str = ""
    location: str = ""
    extra: tuple[tuple[str, Term], ...] = ()

    def fingerprint(self) -> str:
        extra = "|".join(f"{p}={o}" for p, o in self.extra)
        return "|".join(
            (self.source, self.section, self.method, self.confidence, self.location, extra)
        )


def checked_record(source: str, method: str, confidence: str, section: str, file: str,
                   line: int | None) -> Record:
    """A :class:`Record` from curated values, or a :class:`SourceError` at ``file:line``."""
    if method not in METHODS:
        raise SourceError(f"unknown method '{method}'", file=file, line=line,
                          hint=f"use one of: {', '.join(METHODS)}")
    if confidence not in CONFIDENCES:
        raise SourceError(f"unknown confidence '{confidence}'", file=file, line=line,
                          hint=f"use one of: {', '.join(CONFIDENCES)}")
    for part in source.split(" ; "):
        part = part.strip()
        if part != "doc" and not part.startswith(("http://", "https://")):
            raise SourceError(f"source '{part}' is neither 'doc' nor a URL", file=file,
                              line=line, hint="cite the document as doc or a public page by "
                                              "its URL")
    return Record(source=source, method=method, confidence=confidence, section=section,
                  location=f"{file}:{line}" if line else file)


@dataclass
class FactSink:
    """Collects quads; each :meth:`add` writes a fact with its reified provenance."""

    minter: IriMinter
    quads: list[Quad] = field(default_factory=list)
    _records: set[str] = field(default_factory=set)
    _statements: set[str] = field(default_factory=set)
    #: one term object per graph name: a quad refers to it instead of holding a copy
    _graphs: dict[str, NamedNode] = field(default_factory=dict)
    #: the node of each record already written (most facts share their record with others)
    _record_nodes: dict[Record, NamedNode] = field(default_factory=dict)

    def __post_init__(self) -> None:
        #: whether terms under the default base move (False: :meth:`_rebase` is the identity)
        self._rebasing = self.minter.rebase(_SEKG) != _SEKG

    def graph(self, name: str) -> NamedNode:
        node = self._graphs.get(name)
        if node is None:
            node = self._graphs[name] = NamedNode(self.minter.graph(name))
        return node

    @overload
    def _rebase(self, term: NamedNode) -> NamedNode: ...
    @overload
    def _rebase(self, term: BlankNode) -> BlankNode: ...
    @overload
    def _rebase(self, term: Literal) -> Literal: ...

    def _rebase(self, term: Term) -> Term:
        """Terms written under the default base (ontology CURIEs) move to the configured one."""
        if isinstance(term, NamedNode) and self.minter.rebase(term.value) != term.value:
            return NamedNode(self.minter.rebase(term.value))
        return term

    def add_plain(self, s: NamedNode, p: NamedNode, o: Term, graph: str) -> None:
        """Add a triple with no provenance (ontology, vocabularies, provenance records)."""
        self.quads.append(Quad(s, p, o, self.graph(graph)))

    def add(self, s: NamedNode, p: NamedNode, o: Term, graph: str, record: Record) -> None:
        """Add a fact to ``graph`` and its ``rdf:Statement`` pointing to ``record``."""
        if self._rebasing:
            s, p, o = self._rebase(s), self._rebase(p), self._rebase(o)
        g = self.graph(graph)
        self.quads.append(Quad(s, p, o, g))
        stmt_iri = self.minter.statement(str(s), str(p), str(o), str(g))
        if stmt_iri in self._statements:
            # the same fact from a second record: keep both derivations
            self.quads.append(Quad(NamedNode(stmt_iri), _DERIVED_FROM,
                                   self._record(record, graph), g))
            return
        self._statements.add(stmt_iri)
        stmt = NamedNode(stmt_iri)
        self.quads += [
            Quad(stmt, _A, _STATEMENT, g),
            Quad(stmt, _SUBJECT, s, g),
            Quad(stmt, _PREDICATE, p, g),
            Quad(stmt, _OBJECT, o, g),
            Quad(stmt, _DERIVED_FROM, self._record(record, graph), g),
        ]

    def _record(self, record: Record, graph: str) -> NamedNode:
        node = self._record_nodes.get(record)
        if node is not None:
            return node
        start = len(self.quads)
        node = self._record_nodes[record] = self._record_quads(record, graph)
        if self._rebasing:
            self.quads[start:] = [self._rebase_quad(q) for q in self.quads[start:]]
        return node

    def _rebase_quad(self, q: Quad) -> Quad:
        s, o = q.subject, q.object
        if isinstance(s, Triple) or isinstance(o, Triple):  # the sink writes none
            raise StoreError(f"an RDF 1.2 triple term cannot be rebased: {q}")
        return Quad(self._rebase(s), self._rebase(q.predicate), self._rebase(o), q.graph_name)

    def _record_quads(self, record: Record, graph: str) -> NamedNode:
        iri = self.minter.record(record.fingerprint())
        node = NamedNode(iri)
        if iri in self._records:
            return node
        self._records.add(iri)
        g = self.graph(graph)
        self.quads.append(
            Quad(node, NamedNode(_RDF + "type"), NamedNode(_SEKG + "SourceRecord"), g)
        )
        for part in (p.strip() for p in record.source.split(" ; ")):
            if part == "doc":
                doc = NamedNode(self.minter.resource("document", DOCUMENT_KEY))
                self.quads.append(Quad(node, NamedNode(_DCT + "source"), doc, g))
            elif part.startswith(("http://", "https://")):
                self.quads.append(Quad(node, NamedNode(_DCT + "source"), NamedNode(part), g))
            elif part:
                # free-text justification (e.g. how a zone was inferred), not an address
                self.quads.append(Quad(node, NamedNode(_SEKG + "note"), Literal(part), g))
        self.quads += [
            Quad(node, NamedNode(_SEKG + "method"),
                 NamedNode(self.minter.concept("provenance-method", record.method)), g),
            Quad(node, NamedNode(_SEKG + "confidence"),
                 NamedNode(self.minter.concept("confidence", record.confidence)), g),
        ]
        if record.section:
            self.quads.append(Quad(node, NamedNode(_SEKG + "section"), Literal(record.section), g))
        if record.location:
            self.quads.append(
                Quad(node, NamedNode(_SEKG + "sourceLocation"), Literal(record.location), g)
            )
        for predicate, obj in record.extra:
            self.quads.append(Quad(node, NamedNode(predicate), obj, g))
        return node
