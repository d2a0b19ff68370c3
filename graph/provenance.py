"""Facts with provenance: every fact the build emits is tied to a PROV record.

A :class:`Record` says where a fact came from (source, section, method, confidence, file and
line). :class:`FactSink` writes each fact into its named graph and says where it came from in
the same graph, in the fewest quads that keep every fact's provenance exact:

* a record's node (``sekg:SourceRecord``) says its source, section, method and confidence:
  the rows of a curated file that share them share one node (every participant listed in
  the document: one record, not one per row). The row's file and line
  (``sekg:sourceLocation``) are said by the node that cites the record: the fact group of the
  row, or the ``rdf:Statement`` of a reified fact (which lists the location of each row that
  gave it). A record node per row repeated those four quads for every organisation (≈2.0M
  of the synthetic national graph's 9.4M quads);
* the facts that come from one record, in one graph, about the same predicates of any
  number of subjects share a ``sekg:FactGroup`` node (``sekg:groupSubject`` each subject,
  ``prov:wasDerivedFrom`` the record, and ``sekg:predicateSet`` the ``sekg:PredicateSet``
  listing the predicates by ``sekg:memberPredicate``): three quads per group and one per
  subject, instead of the five quads of an ``rdf:Statement`` per fact. A row's record (a
  participant's, a comune's) has one subject; a rule's record (the name normalised, the helix
  from the legal form) has thousands, which one group lists, and the rows of one kind list
  the same predicates: they share one predicate set, written once per graph. A group's
  predicates are known once every fact is in: the sink writes the groups when
  :meth:`FactSink.close_groups` is called (a subject that gains predicates from the same
  record after that is listed again, in the group of those predicates: the predicates of a
  subject's facts from a record are the members of the sets of all its groups of that record);
* the first record that gives a subject-predicate pair a value in a graph owns the pair (its
  group lists the predicate); a later fact of the same pair from another record is reified as
  an ``rdf:Statement`` pointing to its record (to both records when the same fact comes from
  two).

So the provenance of a fact ``(s p o)`` in graph ``g`` is the records of its ``rdf:Statement``
in ``g`` if it has one, otherwise the record of the group of ``s`` in ``g`` that lists ``p``
(SPARQL: ``?group sekg:groupSubject s ; sekg:predicateSet/sekg:memberPredicate p``).

Example
-------
>>> from pyoxigraph import NamedNode, Literal
>>> from sekg.ontology.iri import IriMinter
>>> sink = FactSink(IriMinter("https://example.org/kg"))
>>> rec = Record(source="doc", section="Ringraziamento", method="stated", confidence="high",
...              location="participants.csv:2")
>>> acsel = NamedNode("https://example.org/kg/id/organisation/acsel")
>>> label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
>>> sink.add(acsel, label, Literal("Acsel Spa"), "piano-2030", rec)
>>> len(sink.quads)   # the fact and the record (5 quads); the group waits for close_groups
6
>>> other = Record(source="doc", method="curated", confidence="low", location="notes.csv:9")
>>> sink.add(acsel, label, Literal("ACSEL"), "piano-2030", other)
>>> len(sink.quads)   # the fact, its rdf:Statement (6 quads, the location too), the record (4)
17
>>> sink.close_groups()
>>> len(sink.quads)   # the group (5 quads, its location and subject), its set (type, predicate)
24
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, overload

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from sekg.ontology.errors import SourceError, StoreError
from sekg.ontology.iri import IriMinter
from sekg.ontology.namespaces import PREFIXES

__all__ = ["CONFIDENCES", "DOCUMENT_KEY", "INFERRED_GRAPH", "METHODS", "FactSink", "FactTally",
           "Record", "Term", "bookkeeping_prefixes", "checked_record"]

Term = NamedNode | Literal | BlankNode

#: Key of the source document resource (``{base}/id/document/resoconto-ascolto``).
DOCUMENT_KEY = "resoconto-ascolto"

METHODS = ("stated", "derived", "curated")
#: The named graph of facts derived by rule or by the reasoner (its facts are counted by record).
INFERRED_GRAPH = "inferred"
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
_FACT_GROUP = NamedNode(_SEKG + "FactGroup")
_GROUP_SUBJECT = NamedNode(_SEKG + "groupSubject")
_PREDICATE_SET = NamedNode(_SEKG + "PredicateSet")
_HAS_PREDICATE_SET = NamedNode(_SEKG + "predicateSet")
_MEMBER_PREDICATE = NamedNode(_SEKG + "memberPredicate")
# a source record's terms (under the default base: the sink rebases them, see _record)
_SOURCE_RECORD = NamedNode(_SEKG + "SourceRecord")
_SOURCE = NamedNode(_DCT + "source")
_NOTE = NamedNode(_SEKG + "note")
_METHOD = NamedNode(_SEKG + "method")
_CONFIDENCE = NamedNode(_SEKG + "confidence")
_SECTION = NamedNode(_SEKG + "section")
_SOURCE_LOCATION = NamedNode(_SEKG + "sourceLocation")


class Record(NamedTuple):
    """Where a group of facts came from.

    ``source`` is ``doc`` (the source document) or a URL; ``method`` one of stated / derived
    / curated; ``confidence`` one of high / medium / low; ``location`` the curated file and line.
    ``extra`` holds further (predicate IRI, object) pairs such as a zone-assignment status.

    A named tuple: the sink looks records up several times a fact (national graph: ≈21M
    times), and a tuple is hashed and compared in C, where a dataclass's ``__hash__`` and
    ``__eq__`` are Python calls (≈5 s of the national sources' ≈93 s).

    >>> Record("doc", "stated", "high", location="a.csv:2") == Record("doc", "stated", "high",
    ...                                                             location="a.csv:2")
    True
    """

    source: str
    method: str
    confidence: str
    section: str = ""
    location: str = ""
    extra: tuple[tuple[str, Term], ...] = ()

    def fingerprint(self) -> str:
        """What identifies the record's node: every field but the location, which the fact
        group (or statement) citing the record carries (see :class:`FactSink`)."""
        return "|".join((self.source, self.section, self.method, self.confidence,
                         *(f"{p}={o}" for p, o in self.extra)))

    def shared(self) -> tuple[str, str, str, str, tuple[tuple[str, Term], ...]]:
        """The fields the record's node says: all but the location (rows of one file with
        the same source, section, method and confidence share one node)."""
        return (self.source, self.method, self.confidence, self.section, self.extra)


#: the (source, method, confidence) triples :func:`checked_record` found valid: a source file
#: repeats a few of them on every row
_CHECKED: set[tuple[str, str, str]] = set()


def checked_record(source: str, method: str, confidence: str, section: str, file: str,
                   line: int | None) -> Record:
    """A :class:`Record` from curated values, or a :class:`SourceError` at ``file:line``."""
    location = f"{file}:{line}" if line else file
    if (source, method, confidence) in _CHECKED:
        return Record(source=source, method=method, confidence=confidence, section=section,
                      location=location)
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
    if len(_CHECKED) < 10_000:
        _CHECKED.add((source, method, confidence))
    return Record(source=source, method=method, confidence=confidence, section=section,
                  location=location)


def bookkeeping_prefixes(minter: IriMinter) -> tuple[str, ...]:
    """The IRI prefixes of the provenance nodes (statements, fact groups, records, predicate
    sets): their
    quads say where facts come from and are not facts themselves.

    >>> bookkeeping_prefixes(IriMinter("https://e.org/kg"))[1]
    'https://e.org/kg/id/fact-group/'
    """
    return tuple(f"{minter.base}/id/{kind}/"
                 for kind in ("statement", "fact-group", "record", "predicate-set"))


@dataclass
class FactTally:
    """What the VoID fact partitions count, tallied as the facts arrive: for each provenance
    method and predicate, the distinct facts and records; for each record of the ``inferred``
    graph, predicate and object, the facts.

    >>> tally = FactTally()
    >>> tally.add("rec", "stated", "label", Literal("x"), inferred=False, new_for_method=True)
    >>> tally.facts, tally.records
    (Counter({('stated', 'label'): 1}), {('stated', 'label'): {'rec'}})
    """

    facts: Counter[tuple[str, str]] = field(default_factory=Counter)
    records: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    inferred: Counter[tuple[str, str, Term]] = field(default_factory=Counter)

    def add(self, record: str, method: str, predicate: str, obj: Term, inferred: bool,
            new_for_method: bool) -> None:
        """Count one fact from one record (each distinct pair once); ``new_for_method``: no
        other record of the same method gave the fact."""
        key = (method, predicate)
        if new_for_method:
            self.facts[key] += 1
        records = self.records.get(key)
        if records is None:
            records = self.records[key] = set()
        records.add(record)
        if inferred:
            self.inferred[record, predicate, obj] += 1


@dataclass
class FactSink:
    """Collects quads; each :meth:`add` writes a fact and its provenance (see the module)."""

    minter: IriMinter
    quads: list[Quad] = field(default_factory=list)
    _records: set[str] = field(default_factory=set)
    #: one term object per graph name: a quad refers to it instead of holding a copy
    _graphs: dict[str, NamedNode] = field(default_factory=dict)
    #: the node of each record already written (most facts share their record with others)
    _record_nodes: dict[Record, NamedNode] = field(default_factory=dict)
    #: the node of each record's shared fields (:meth:`Record.shared`): the records of the
    #: rows of one file differ by their location only, and share one node
    _shared_nodes: dict[tuple[str, str, str, str, tuple[tuple[str, Term], ...]], NamedNode] = (
        field(default_factory=dict))
    #: the (statement, record IRI or location) pairs written: a statement lists each record
    #: and each location once (two rows may share a record and give the same fact)
    _statement_sources: set[tuple[NamedNode, str]] = field(default_factory=set)
    #: each distinct record given to :meth:`add`, the first object of it (see there)
    _records_seen: dict[Record, Record] = field(default_factory=dict)
    #: the subjects that have gained predicates from a record in a graph since the last
    #: close_groups: (subject, graph, record) -> a one-item list holding the number of the
    #: tuple of those predicates in _listed (a list, changed in place: a key holding two
    #: terms is hashed in Rust, once per fact rather than twice)
    _open: dict[tuple[Term, NamedNode, Record], list[int]] = field(default_factory=dict)
    #: the tuples of predicates groups list, shared: (tuple number, predicate) -> the number
    #: of the tuple with that predicate added
    _listed: list[tuple[NamedNode, ...]] = field(default_factory=lambda: [()])
    _extended: dict[tuple[int, NamedNode], int] = field(default_factory=dict)
    #: the node of each group written, by (predicate set, graph, record)
    _group_nodes: dict[tuple[NamedNode, NamedNode, Record], NamedNode] = field(
        default_factory=dict)
    #: the node of each predicate tuple's set in each graph, by (tuple number, graph)
    _sets: dict[tuple[int, NamedNode], NamedNode] = field(default_factory=dict)
    #: the sets whose quads are written, by (IRI, graph): two tuples in different orders are
    #: one set
    _set_written: set[tuple[str, NamedNode]] = field(default_factory=set)
    #: each record's IRI and method IRI as text, for the tally (taken once per record)
    _counted: dict[Record, tuple[str, str]] = field(default_factory=dict)
    #: (subject, predicate, graph) -> the record that owns the pair (its group lists the
    #: predicate) and the value it gave, or the set of values once it gave several
    _owners: dict[tuple[Term, NamedNode, NamedNode], list[Any]] = field(default_factory=dict)
    #: pairs with a fact from a record other than their owner's
    _contested: set[tuple[Term, NamedNode, NamedNode]] = field(default_factory=set)
    #: those facts -> their statement and the records that gave them
    _reified: dict[tuple[Term, NamedNode, Term, NamedNode], tuple[NamedNode, set[Record]]] = (
        field(default_factory=dict))
    #: the VoID fact partitions' counts
    tally: FactTally = field(default_factory=FactTally)
    #: the document and provenance concept nodes, by (kind, key): see _term
    _terms: dict[tuple[str, str], NamedNode] = field(default_factory=dict)
    #: what each record source text says (see _sources), and each section's literal
    _source_pairs: dict[str, list[tuple[NamedNode, Term]]] = field(default_factory=dict)
    _sections: dict[str, Literal] = field(default_factory=dict)
    #: called by :meth:`checkpoint` with each batch of at least ``batch_quads`` new quads
    on_batch: Callable[[list[Quad]], None] | None = None
    batch_quads: int = 1_000_000
    #: the size of the first batch, if smaller, each next one twice the one before up to
    #: :attr:`batch_quads`: what reads the batches has work sooner, in fewer batches than
    #: if all were small
    first_batch_quads: int | None = None
    #: how many batches were passed to :attr:`on_batch`
    batches: int = 0
    #: how many quads were passed to :attr:`on_batch`
    batched: int = 0
    #: drop the quads passed to :attr:`on_batch` from :attr:`quads` (the build: they live on
    #: in the batches' files), so that they are not held twice; the rules that read facts
    #: back then see those of :attr:`watch` only (:meth:`pairs`)
    release_batches: bool = False
    #: the predicates (IRIs) whose facts :meth:`pairs` keeps apart as they are added
    watch: frozenset[str] = frozenset()
    #: how many quads were dropped from :attr:`quads` after :attr:`on_batch` had them
    released: int = 0
    #: the graphs :meth:`seal` closed to further facts
    sealed: frozenset[NamedNode] = frozenset()

    def __post_init__(self) -> None:
        #: whether terms under the default base move (False: :meth:`_rebase` is the identity)
        self._rebasing = self.minter.rebase(_SEKG) != _SEKG
        self._fact_group = self._rebase(_FACT_GROUP)
        self._group_subject = self._rebase(_GROUP_SUBJECT)
        self._predicate_set = self._rebase(_PREDICATE_SET)
        self._has_predicate_set = self._rebase(_HAS_PREDICATE_SET)
        self._member_predicate = self._rebase(_MEMBER_PREDICATE)
        self._source_location = self._rebase(_SOURCE_LOCATION)
        self._inferred_node = self.graph(INFERRED_GRAPH)
        self._method_iris = {method: self.minter.concept("provenance-method", method)
                             for method in METHODS}
        self._watched: dict[NamedNode, list[tuple[Term, Term]]] = {
            NamedNode(p): [] for p in sorted(self.watch)}

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

    def checkpoint(self) -> None:
        """Between subjects whose facts are all added: pass the quads added since the last
        batch to :attr:`on_batch` once they are at least :attr:`batch_quads` (the build hands
        them over while it reads on), the groups of those subjects closed first
        (:meth:`close_groups`), so that each batch carries its subjects' group memberships
        rather than the last one all of them (≈1.2M quads of the national graph, handed over
        when the gap analysis waits for them). The quads in :attr:`quads` never change (the
        sink only appends) until they are passed and released (:meth:`pass_batch`).

        >>> from sekg.ontology.iri import default_minter
        >>> batches = []
        >>> sink = FactSink(default_minter(), on_batch=batches.append, batch_quads=2)
        >>> x = NamedNode("http://e/x")
        >>> sink.add_plain(x, x, x, "g"); sink.checkpoint()
        >>> sink.add_plain(x, x, Literal("y"), "g"); sink.checkpoint()
        >>> [len(batch) for batch in batches], sink.batched
        ([2], 2)
        >>> sink = FactSink(default_minter(), on_batch=batches.append, batch_quads=3,
        ...                 first_batch_quads=1)
        >>> for n in range(9):
        ...     sink.add_plain(x, x, Literal(str(n)), "g"); sink.checkpoint()
        >>> [len(batch) for batch in batches[1:]]   # the first ones sooner
        [1, 2, 3, 3]
        """
        size = self.batch_quads
        if self.first_batch_quads:
            size = min(size, self.first_batch_quads * 2 ** min(self.batches, 30))
        if self.on_batch is not None and self.released + len(self.quads) - self.batched >= size:
            self.close_groups()
            self.pass_batch()

    def pass_batch(self) -> None:
        """Pass every quad added since the last batch to :attr:`on_batch` (if any); drop them
        from :attr:`quads` after if :attr:`release_batches`.

        >>> from sekg.ontology.iri import default_minter
        >>> sink = FactSink(default_minter(), on_batch=lambda batch: None, release_batches=True,
        ...                 watch=frozenset({"http://e/p"}))
        >>> x, p = NamedNode("http://e/x"), NamedNode("http://e/p")
        >>> sink.add_plain(x, p, x, "g"); sink.add_plain(x, x, x, "g")
        >>> sink.pass_batch()
        >>> sink.quads, sink.batched, sink.released, sink.pairs("http://e/p")
        ([], 2, 2, [(<NamedNode value=http://e/x>, <NamedNode value=http://e/x>)])
        """
        start = self.batched - self.released  # the first quad not passed yet
        if self.on_batch is None or len(self.quads) <= start:
            return
        batch = self.quads[start:]
        self.batched += len(batch)
        self.batches += 1
        if self.release_batches:
            self.released += len(self.quads)
            self.quads = []
        self.on_batch(batch)

    def pairs(self, predicate: str) -> list[tuple[Term, Term]]:
        """The (subject, object) of the facts added so far with ``predicate``, in the order
        they came: kept apart if :attr:`watch` names it, else read from :attr:`quads` (which
        must then hold them all: nothing released)."""
        if self.sealed:
            raise StoreError(f"the facts of {predicate} cannot be read back: the sink is "
                             "sealed (FactSink.seal), read them before")
        node = NamedNode(predicate)
        watched = self._watched.get(node)
        if watched is not None:
            return watched
        if self.released:
            raise StoreError(f"the facts of {predicate} went with their batches: give it "
                             f"to the sink's watch to read them back")
        return [(q.subject, q.object) for q in self.quads  # type: ignore[misc]
                if q.predicate == node]

    def add_plain(self, s: NamedNode, p: NamedNode, o: Term, graph: str) -> None:
        """Add a triple with no provenance (ontology, vocabularies, provenance records)."""
        self.quads.append(Quad(s, p, o, self.graph(graph)))
        if self._watched:
            self._keep_watched(s, p, o)

    def _keep_watched(self, s: Term, p: NamedNode, o: Term) -> None:
        """Keep ``(s, o)`` apart if :attr:`watch` names ``p`` (see :meth:`pairs`)."""
        watched = self._watched.get(p)
        if watched is not None:
            watched.append((s, o))

    def add(self, s: NamedNode, p: NamedNode, o: Term, graph: str, record: Record) -> None:
        """Add a fact to ``graph`` with its provenance: listed in the group of ``s`` and
        ``record`` if ``record`` owns the pair ``(s, p)`` there, else reified."""
        if self._rebasing:
            s, p, o = self._rebase(s), self._rebase(p), self._rebase(o)
        # one object per distinct record: the lookups below then find it by identity, where
        # an equal copy (a row's records often are) costs a field-by-field comparison in each
        record = self._records_seen.setdefault(record, record)
        g = self.graph(graph)
        if self.sealed and g in self.sealed:
            raise StoreError(f"the graph {graph} is sealed (FactSink.seal): a fact added to it "
                             f"now could not join or contest those before it ({s} {p} {o})",
                             hint="add every fact of a graph before sealing the sink")
        quads = self.quads
        quads.append(Quad(s, p, o, g))
        if self._watched:
            self._keep_watched(s, p, o)
        pair = (s, p, g)
        # one lookup (the key's terms are hashed in Rust) whether the pair is new or not
        first = [record, o]
        entry = self._owners.setdefault(pair, first)
        if entry is first:  # the usual case: the pair's first value
            self._list(s, g, record, graph, p)
            self._count(record, p, o, g, True)
            return
        owner = entry[0]
        if owner is record or owner == record:
            given = entry[1]
            if type(given) is set:
                if o in given:  # the same fact again
                    return
                given.add(o)
            elif o == given:
                return
            else:  # a second value: a set from here on (a pair may have thousands)
                entry[1] = {given, o}
            reified = self._reified.get((s, p, o, g)) if pair in self._contested else None
            if reified is None:
                self._count(record, p, o, g, True)
            else:  # another record gave this fact first
                statement, records = reified
                self._derive(statement, record, graph, g)
                self._count(record, p, o, g, record.method not in {r.method for r in records})
                records.add(record)
            return
        self._contested.add(pair)
        fact = (s, p, o, g)
        reified = self._reified.get(fact)
        if reified is None:
            statement = NamedNode(self.minter.statement(str(s), str(p), str(o), str(g)))
            records = set()
            reified = self._reified[fact] = (statement, records)
            quads += [
                Quad(statement, _A, _STATEMENT, g),
                Quad(statement, _SUBJECT, s, g),
                Quad(statement, _PREDICATE, p, g),
                Quad(statement, _OBJECT, o, g),
            ]
            given = entry[1]
            if o in given if type(given) is set else o == given:
                # the owner gave this fact too (and it was counted then)
                self._derive(statement, owner, graph, g)
                records.add(owner)
        statement, records = reified
        if record in records:
            return
        self._derive(statement, record, graph, g)
        self._count(record, p, o, g, record.method not in {r.method for r in records})
        records.add(record)

    def _derive(self, statement: NamedNode, record: Record, graph: str, g: NamedNode) -> None:
        """Say that the reified fact ``statement`` comes from ``record``: its record's node
        and, if the record has one, its location (each once; a fact given by two rows lists
        both locations)."""
        node = self._record(record, graph)
        if (statement, node.value) not in self._statement_sources:  # two rows, one node
            self._statement_sources.add((statement, node.value))
            self.quads.append(Quad(statement, _DERIVED_FROM, node, g))
        if record.location and (statement, record.location) not in self._statement_sources:
            self._statement_sources.add((statement, record.location))
            self.quads.append(Quad(statement, self._source_location,
                                   Literal(record.location), g))

    def seal(self, keep: frozenset[str] = frozenset()) -> None:
        """Close the graphs that have facts, but those named in ``keep``, to further facts, and
        drop what only further facts of theirs would need: which record owns each (subject,
        predicate) pair and the value it gave, the reified facts, the facts kept apart for
        :meth:`pairs`. The build seals its sink once the sources are read; the facts added
        after go to the gap analysis's graph and to the inferred one, which it keeps open
        (HermiT's class assertions join the rules' facts there). At national scale that
        bookkeeping is ≈4 million pairs with their values, otherwise kept to the end of the
        build. The records' nodes and the closed graphs' groups go too (400,000 of each at
        national scale): a record given again is known by its IRI, and its node made again.
        A fact added to a sealed graph is a :class:`StoreError`, as is :meth:`pairs`.

        >>> from sekg.ontology.iri import default_minter
        >>> sink = FactSink(default_minter())
        >>> x, p = NamedNode("http://e/x"), NamedNode("http://e/p")
        >>> rule = Record("doc", "derived", "high")
        >>> sink.add(x, p, Literal("1"), "g", rule); sink.add(x, p, Literal("1"), "k", rule)
        >>> sink.seal(keep=frozenset({"k"}))
        >>> sink.add(x, p, Literal("2"), "h", rule)          # another graph: as before
        >>> sink.add(x, p, Literal("2"), "k", rule)          # a graph kept open: likewise
        >>> sink.add(x, p, Literal("2"), "g", rule)
        Traceback (most recent call last):
        ...
        sekg.ontology.errors.StoreError: the graph g is sealed (FactSink.seal): ...
        """
        kept = {self.graph(name) for name in keep}
        self.sealed = self.sealed | ({g for _, _, g in self._owners} - kept)
        self._owners = {pair: entry for pair, entry in self._owners.items() if pair[2] in kept}
        self._contested = {pair for pair in self._contested if pair[2] in kept}
        self._reified = {fact: value for fact, value in self._reified.items()
                         if fact[3] in kept}
        self._watched = {node: [] for node in self._watched}
        # a record's node is made again from its IRI when a later fact needs it (_node_of);
        # the groups of the closed graphs take no more subjects
        self._records_seen = {}
        self._counted = {}
        self._record_nodes = {}
        open_statements = {statement for statement, _ in self._reified.values()}
        self._statement_sources = {pair for pair in self._statement_sources
                                     if pair[0] in open_statements}
        self._group_nodes = {key: node for key, node in self._group_nodes.items()
                             if key[1] in kept}

    def _count(self, record: Record, p: NamedNode, o: Term, g: NamedNode,
               new_for_method: bool) -> None:
        counted = self._counted.get(record)
        if counted is None:
            counted = self._counted[record] = (self._node_of(record).value,
                                               self._method_iris[record.method])
        self.tally.add(counted[0], counted[1], p.value, o, g is self._inferred_node,
                       new_for_method)

    def _list(self, s: Term, g: NamedNode, record: Record, graph: str, p: NamedNode) -> None:
        """Add ``p`` to the predicates ``s`` has from ``record`` in ``g`` (the groups are
        written by :meth:`close_groups`)."""
        key = (s, g, record)
        cell = self._open.get(key)
        if cell is None:
            cell = self._open[key] = [0]
            if record not in self._record_nodes:
                self._record(record, graph)
        listed = cell[0]
        grown = self._extended.get((listed, p))
        if grown is None:
            grown = self._extended[listed, p] = len(self._listed)
            self._listed.append((*self._listed[listed], p))
        cell[0] = grown

    def close_groups(self) -> None:
        """Write the groups of the predicates every subject has gained since the last call
        (the build calls it once the sources are read, and before the dumps): each subject
        joins the group of its record, graph and predicate set, written the first time.

        >>> from sekg.ontology.iri import default_minter
        >>> sink = FactSink(default_minter())
        >>> x, y, p = NamedNode("http://e/x"), NamedNode("http://e/y"), NamedNode("http://e/p")
        >>> rule = Record("doc", "derived", "high", section="rule")
        >>> sink.add(x, p, Literal("1"), "g", rule); sink.add(y, p, Literal("2"), "g", rule)
        >>> sink.close_groups()
        >>> sorted(q.predicate.value.rsplit("#", 1)[-1] for q in sink.quads[-7:])
        ... # doctest: +NORMALIZE_WHITESPACE
        ['groupSubject', 'groupSubject', 'memberPredicate', 'predicateSet', 'type', 'type',
         'wasDerivedFrom']
        """
        quads = self.quads
        sets, nodes, listed_tuples = self._sets, self._group_nodes, self._listed
        for (s, g, record), (listed,) in self._open.items():
            node = sets.get((listed, g))
            if node is None:
                node = sets[listed, g] = self._write_set(listed_tuples[listed], g)
            group = nodes.get((node, g, record))
            if group is None:
                group = nodes[node, g, record] = self._write_group(node, g, record)
            quads.append(Quad(group, self._group_subject, s, g))
        self._open.clear()

    def _write_group(self, predicate_set: NamedNode, g: NamedNode, record: Record
                     ) -> NamedNode:
        """The node of the group of ``record``'s facts in ``g`` on the predicates of
        ``predicate_set``, its quads written (but its subjects)."""
        record_node = self._node_of(record)
        node = NamedNode(self.minter.fact_group(predicate_set.value, g.value, record_node.value,
                                                record.location))
        self.quads += [
            Quad(node, _A, self._fact_group, g),
            Quad(node, _DERIVED_FROM, record_node, g),
            Quad(node, self._has_predicate_set, predicate_set, g),
        ]
        if record.location:
            self.quads.append(Quad(node, self._source_location, Literal(record.location), g))
        return node

    def _write_set(self, predicates: tuple[NamedNode, ...], g: NamedNode) -> NamedNode:
        """The node of the set of ``predicates`` (written in ``g`` unless it is already)."""
        ordered = sorted(predicates, key=lambda p: p.value)
        node = NamedNode(self.minter.predicate_set([p.value for p in ordered]))
        if (node.value, g) not in self._set_written:
            self._set_written.add((node.value, g))
            self.quads.append(Quad(node, _A, self._predicate_set, g))
            self.quads += [Quad(node, self._member_predicate, p, g) for p in ordered]
        return node

    def _node_of(self, record: Record) -> NamedNode:
        """The node of a record already written (made again from its IRI after :meth:`seal`
        dropped it)."""
        node = self._record_nodes.get(record)
        if node is None:
            iri = self.minter.record(record.fingerprint())
            if iri not in self._records:
                raise StoreError(f"the record {iri} has no quads yet",
                                 hint="add a fact from it first (FactSink.add)")
            node = self._record_nodes[record] = NamedNode(iri)
        return node

    def _record(self, record: Record, graph: str) -> NamedNode:
        node = self._record_nodes.get(record)
        if node is not None:
            return node
        shared = record.shared()
        node = self._shared_nodes.get(shared)
        if node is not None:  # another row's record with the same fields
            self._record_nodes[record] = node
            return node
        start = len(self.quads)
        node = self._record_nodes[record] = self._shared_nodes[shared] = self._record_quads(
            record, graph)
        if self._rebasing:
            self.quads[start:] = [self._rebase_quad(q) for q in self.quads[start:]]
        return node

    def _rebase_quad(self, q: Quad) -> Quad:
        s, o = q.subject, q.object
        if isinstance(s, Triple) or isinstance(o, Triple):  # the sink writes none
            raise StoreError(f"an RDF 1.2 triple term cannot be rebased: {q}")
        return Quad(self._rebase(s), self._rebase(q.predicate), self._rebase(o), q.graph_name)

    def _term(self, kind: str, key: str) -> NamedNode:
        """The node of the source document (``kind`` "document") or of a concept of a
        provenance scheme, minted once per sink."""
        node = self._terms.get((kind, key))
        if node is None:
            iri = (self.minter.resource(kind, key) if kind == "document"
                   else self.minter.concept(kind, key))
            node = self._terms[kind, key] = NamedNode(iri)
        return node

    def _sources(self, record: Record) -> list[tuple[NamedNode, Term]]:
        """The (predicate, object) pairs of a record's source: ``doc`` (the document), URLs
        and free-text notes, separated by " ; " (worked out once per source text)."""
        pairs = self._source_pairs.get(record.source)
        if pairs is None:
            pairs = self._source_pairs[record.source] = []
            for part in (p.strip() for p in record.source.split(" ; ")):
                if part == "doc":
                    pairs.append((_SOURCE, self._term("document", DOCUMENT_KEY)))
                elif part.startswith(("http://", "https://")):
                    pairs.append((_SOURCE, NamedNode(part)))
                elif part:
                    # free-text justification (e.g. how a zone was inferred), not an address
                    pairs.append((_NOTE, Literal(part)))
        return pairs

    def _record_quads(self, record: Record, graph: str) -> NamedNode:
        iri = self.minter.record(record.fingerprint())
        node = NamedNode(iri)
        if iri in self._records:
            return node
        self._records.add(iri)
        g = self.graph(graph)
        quads = self.quads
        quads.append(Quad(node, _A, _SOURCE_RECORD, g))
        quads += [Quad(node, predicate, obj, g) for predicate, obj in self._sources(record)]
        quads += [
            Quad(node, _METHOD, self._term("provenance-method", record.method), g),
            Quad(node, _CONFIDENCE, self._term("confidence", record.confidence), g),
        ]
        if record.section:
            section = self._sections.get(record.section)
            if section is None:
                section = self._sections[record.section] = Literal(record.section)
            quads.append(Quad(node, _SECTION, section, g))
        for predicate, obj in record.extra:
            self.quads.append(Quad(node, NamedNode(predicate), obj, g))
        return node
