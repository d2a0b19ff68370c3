"""The provenance model: facts grouped per record, graph and predicate set (each subject listed
in its group), reified where records compete."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from sekg.graph.build import BuildReport
from sekg.graph.provenance import FactSink, Record
from sekg.ontology.errors import StoreError
from sekg.ontology.iri import default_minter
from sekg.queries.results import term_value
from tests.provenance import fact_records

BASE = "https://w3id.org/social-economy-kg"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SEKG = "https://w3id.org/social-economy-kg/ontology#"
PROV = "http://www.w3.org/ns/prov#"
ORG = NamedNode(f"{BASE}/id/organisation/x")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
NAME = NamedNode(f"{SEKG}normalisedName")
ROW = Record(source="doc", method="stated", confidence="high", location="participants.csv:2")
NOTE = Record(source="doc", method="curated", confidence="low", location="notes.csv:9")
SAME_METHOD = Record(source="doc", method="stated", confidence="high", section="Other",
                     location="other.csv:3")
#: another row of ROW's file: the same record node, another location
NEXT_ROW = Record(source="doc", method="stated", confidence="high", location="participants.csv:3")


def _sink() -> FactSink:
    return FactSink(default_minter())


def _closed(sink: FactSink) -> list[Quad]:
    """The sink's quads once its groups' predicate sets are written."""
    sink.close_groups()
    return sink.quads


def _record(sink: FactSink, record: Record) -> str:
    return sink.minter.record(record.fingerprint())


def _provenance(quads: list[Quad]) -> dict[tuple[str, str, str, str], set[str]]:
    """Each fact's records by the model's rule (tests/provenance.py ``fact_records``), keyed
    ``(s, p, o, graph)`` as text; a fact with no record maps to an empty set; no pair may be
    listed by two groups."""
    facts, rest = fact_records(quads)
    subjects_of: dict[tuple, list] = {}
    members: dict[tuple, list] = {}
    for q in quads:
        if q.predicate.value == SEKG + "groupSubject":
            subjects_of.setdefault((q.graph_name, q.subject), []).append(q.object)
        if q.predicate.value == SEKG + "memberPredicate":
            members.setdefault((q.graph_name, q.subject), []).append(q.object)
    pairs = Counter((q.graph_name, subject, p) for q in quads
                    if q.predicate.value == SEKG + "predicateSet"
                    for subject in subjects_of[q.graph_name, q.subject]
                    for p in members[q.graph_name, q.object])
    twice = [pair for pair, n in pairs.items() if n > 1]
    assert not twice, f"two groups list {twice[:3]}"
    found: dict[tuple[str, str, str, str], set[str]] = {}
    for (g, s, p, o), records in facts.items():
        found[term_value(s), p.value, str(o), term_value(g)] = {term_value(r) for r in records}
    records_nodes = {q.subject for q in rest if q.predicate.value == RDF + "type"
                     and term_value(q.object) == SEKG + "SourceRecord"}
    for q in rest:
        if q.subject not in records_nodes:
            key = (term_value(q.subject), q.predicate.value, str(q.object),
                   q.graph_name.value)  # type: ignore[union-attr]
            found.setdefault(key, set())
    return found


def test_facts_of_a_subject_from_one_record_share_a_group() -> None:
    sink = _sink()
    sink.add(ORG, LABEL, Literal("X Spa"), "piano-2030", ROW)
    sink.add(ORG, NAME, Literal("x spa"), "piano-2030", ROW)
    sink.add(ORG, LABEL, Literal("X S.p.A."), "piano-2030", ROW)  # a second value, same record
    sink.close_groups()
    kinds = [term_value(q.object) for q in sink.quads if q.predicate.value == RDF + "type"]
    assert kinds.count(SEKG + "FactGroup") == 1 and RDF + "Statement" not in kinds
    listed = [term_value(q.object) for q in sink.quads
              if q.predicate.value == SEKG + "memberPredicate"]
    assert sorted(listed) == sorted([LABEL.value, NAME.value])
    found = _provenance(_closed(sink))
    assert len(found) == 3 and {frozenset(r) for r in found.values()} == {
        frozenset({_record(sink, ROW)})}


def test_a_value_from_another_record_is_reified_with_that_record_only() -> None:
    sink = _sink()
    sink.add(ORG, LABEL, Literal("X Spa"), "piano-2030", ROW)
    sink.add(ORG, LABEL, Literal("ACSEL"), "piano-2030", NOTE)
    found = _provenance(_closed(sink))
    by_value = {key[2]: records for key, records in found.items() if key[1] == LABEL.value}
    row, note = (_record(sink, r) for r in (ROW, NOTE))
    assert by_value == {'"X Spa"': {row}, '"ACSEL"': {note}}


def test_the_same_fact_from_two_records_keeps_both_whichever_comes_first() -> None:
    for first, second in ((ROW, NOTE), (NOTE, ROW)):
        sink = _sink()
        sink.add(ORG, NAME, Literal("x"), "piano-2030", ROW)   # ROW owns the pair (ORG, NAME)
        sink.add(ORG, LABEL, Literal("X"), "piano-2030", first)
        sink.add(ORG, LABEL, Literal("X"), "piano-2030", second)
        sink.add(ORG, LABEL, Literal("X"), "piano-2030", second)  # repeated: no new record
        found = _provenance(_closed(sink))
        records = {_record(sink, r) for r in (ROW, NOTE)}
        assert found[ORG.value, LABEL.value, '"X"', f"{BASE}/graph/piano-2030"] == records
        derivations = [q for q in sink.quads if q.predicate.value == PROV + "wasDerivedFrom"
                       and "/statement/" in q.subject.value]  # type: ignore[union-attr]
        assert len(derivations) == 2


def _objects(quads: list[Quad], subject_part: str, predicate: str) -> dict[str, set[str]]:
    """The objects of ``predicate`` (a local name in sekg:) of each subject whose IRI holds
    ``subject_part``, as text."""
    found: dict[str, set[str]] = {}
    for q in quads:
        if subject_part in q.subject.value and q.predicate.value == SEKG + predicate:  # type: ignore[union-attr]
            found.setdefault(q.subject.value, set()).add(term_value(q.object))  # type: ignore[union-attr]
    return found


def test_rows_with_the_same_provenance_share_one_record_and_their_groups_say_the_row() -> None:
    sink = _sink()
    other = NamedNode(f"{BASE}/id/organisation/y")
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)
    sink.add(other, LABEL, Literal("Y"), "piano-2030", NEXT_ROW)
    quads = _closed(sink)
    records = {q.subject.value for q in quads  # type: ignore[union-attr]
               if q.object.value == SEKG + "SourceRecord"}  # type: ignore[union-attr]
    assert records == {_record(sink, ROW)} == {_record(sink, NEXT_ROW)}
    assert _objects(quads, "/id/record/", "sourceLocation") == {}
    locations = _objects(quads, "/fact-group/", "sourceLocation")
    subjects = _objects(quads, "/fact-group/", "groupSubject")
    assert {frozenset(subjects[g]): locations[g] for g in locations} == {
        frozenset({ORG.value}): {"participants.csv:2"},
        frozenset({other.value}): {"participants.csv:3"}}
    found = _provenance(quads)
    assert found[ORG.value, LABEL.value, '"X"', f"{BASE}/graph/piano-2030"] == records


def test_a_reified_fact_lists_the_location_of_each_row_that_gave_it() -> None:
    sink = _sink()
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", NOTE)       # NOTE owns the pair
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)        # another record: reified
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", NEXT_ROW)   # ROW's node, another row
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", NEXT_ROW)   # again: nothing new
    quads = _closed(sink)
    assert list(_objects(quads, "/statement/", "sourceLocation").values()) == [
        {"notes.csv:9", "participants.csv:2", "participants.csv:3"}]
    locations = [q for q in quads if q.predicate.value == SEKG + "sourceLocation"
                 and "/statement/" in q.subject.value]  # type: ignore[union-attr]
    assert len(locations) == 3
    derivations = [q for q in quads if q.predicate.value == PROV + "wasDerivedFrom"
                   and "/statement/" in q.subject.value]  # type: ignore[union-attr]
    assert len(derivations) == 2  # NOTE's and the node ROW and NEXT_ROW share, once each
    found = _provenance(quads)
    assert found[ORG.value, LABEL.value, '"X"', f"{BASE}/graph/piano-2030"] == {
        _record(sink, NOTE), _record(sink, ROW)}


def test_groups_are_per_graph() -> None:
    sink = _sink()
    a = NamedNode(RDF + "type")
    sink.add(ORG, a, NamedNode("http://www.w3.org/ns/org#Organization"), "piano-2030", ROW)
    sink.add(ORG, a, NamedNode(f"{SEKG}ThirdSectorActor"), "inferred", NOTE)
    assert RDF + "Statement" not in {q.object.value for q in sink.quads}  # type: ignore[union-attr]
    found = _provenance(_closed(sink))
    assert {frozenset(r) for r in found.values()} == {
        frozenset({_record(sink, ROW)}), frozenset({_record(sink, NOTE)})}


def test_the_tally_counts_distinct_facts_per_method_and_records() -> None:
    sink = _sink()
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)          # the same fact again
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", SAME_METHOD)  # same method, other record
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", NOTE)         # another method
    sink.add(ORG, LABEL, Literal("Y"), "piano-2030", NOTE)
    stated = sink.minter.concept("provenance-method", "stated")
    curated = sink.minter.concept("provenance-method", "curated")
    assert sink.tally.facts == {(stated, LABEL.value): 1, (curated, LABEL.value): 2}
    assert len(sink.tally.records[stated, LABEL.value]) == 2
    assert len(sink.tally.records[curated, LABEL.value]) == 1


def test_every_fact_of_the_turin_build_has_provenance(built: tuple[Path, BuildReport]) -> None:
    """On the built dataset: every fact outside the ontology and vocabularies resolves to at
    least one source record by the model's rule, and no pair is listed by two groups."""
    out, _ = built
    quads = list(parse(path=str(out / "dumps" / "dataset.nq"), format=RdfFormat.N_QUADS))
    skip = {f"https://w3id.org/social-economy-kg/graph/{g}" for g in ("ontology", "vocabularies")}
    found = _provenance([q for q in quads if q.graph_name.value not in skip])
    missing = [key for key, records in found.items() if not records]
    assert len(found) > 5_000 and not missing, missing[:5]
    statements = sum(1 for q in quads if q.object.value == RDF + "Statement")
    assert 0 < statements < len(found) / 100  # reified only where records compete


def test_the_sinks_tally_is_what_the_dataset_says(built: tuple[Path, BuildReport]) -> None:
    """The VoID fact partitions the build publishes (from the sink's tally) equal those read
    back from the dataset by the model's rule (graph/statistics.py ``tally_facts``)."""
    from sekg.graph.statistics import dataset_statistics, tally_facts
    from sekg.ontology.iri import default_minter

    out, _ = built
    quads = list(parse(path=str(out / "dumps" / "dataset.nq"), format=RdfFormat.N_QUADS))
    minter = default_minter()
    published = {str(t) for t in parse(path=str(out / "dumps" / "void.ttl"),
                                       format=RdfFormat.TURTLE)
                 if "partition/" in str(t.subject) and "/class-partition/" not in str(t.subject)}
    read_back = {str(t) for t in dataset_statistics([], minter, tally_facts(quads, minter))
                 if "partition/" in str(t.subject) and "/class-partition/" not in str(t.subject)}
    assert len(published) > 100 and published == read_back


def test_statistics_of_a_dataset_whose_record_has_no_method() -> None:
    """A dataset written without the sink may have a record without sekg:method: its facts
    have no method partition (read back, the method was '' and the VoID writer raised
    "No scheme found in an absolute IRI"), what it inferred is still counted."""
    from sekg.graph.statistics import dataset_statistics, tally_facts

    minter = default_minter()
    record = NamedNode(f"{BASE}/id/record/1")
    quads = []
    for graph in ("piano-2030", "inferred"):
        g, group = NamedNode(f"{BASE}/graph/{graph}"), NamedNode(f"{BASE}/id/fact-group/{graph}")
        predicates = NamedNode(f"{BASE}/id/predicate-set/{graph}")
        quads += [Quad(ORG, LABEL, Literal("X"), g),
                  Quad(group, NamedNode(SEKG + "groupSubject"), ORG, g),
                  Quad(group, NamedNode(SEKG + "predicateSet"), predicates, g),
                  Quad(predicates, NamedNode(SEKG + "memberPredicate"), LABEL, g),
                  Quad(group, NamedNode(PROV + "wasDerivedFrom"), record, g)]
    tally = tally_facts(quads, minter)
    assert not tally.facts and tally.inferred == {(record.value, LABEL.value, Literal("X")): 1}
    partitions = [str(t.subject) for t in dataset_statistics(quads, minter, tally)]
    assert any("/inferred-partition/" in p for p in partitions)
    assert not any("/fact-partition/" in p for p in partitions)


def test_groups_listing_the_same_predicates_share_one_set() -> None:
    sink = _sink()
    other = NamedNode(f"{BASE}/id/organisation/y")
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)
    sink.add(ORG, NAME, Literal("x"), "piano-2030", ROW)
    sink.add(other, NAME, Literal("y"), "piano-2030", NOTE)   # listed in the other order
    sink.add(other, LABEL, Literal("Y"), "piano-2030", NOTE)
    sink.add(other, NAME, Literal("y"), "inferred", NOTE)     # another graph: its own copy
    quads = _closed(sink)
    sets = {(q.object, q.graph_name) for q in quads if q.predicate.value == SEKG + "predicateSet"}
    assert len({s for s, _ in sets}) == 2 and len(sets) == 2
    members = [q for q in quads if q.predicate.value == SEKG + "memberPredicate"]
    assert len(members) == 3  # {label, name} once in piano-2030, {name} in inferred
    found = _provenance(quads)
    assert found[other.value, LABEL.value, '"Y"', f"{BASE}/graph/piano-2030"] == {
        _record(sink, NOTE)}


def test_a_rules_facts_about_many_subjects_share_one_group() -> None:
    """A rule's record gives thousands of resources the same predicates: one group lists
    them all, its type, record and set written once."""
    sink = _sink()
    rule = Record(source="doc", method="derived", confidence="high", section="rule: name")
    subjects = [NamedNode(f"{BASE}/id/organisation/{n}") for n in ("a", "b", "c")]
    for n, subject in enumerate(subjects):
        sink.add(subject, NAME, Literal(f"name {n}"), "piano-2030", rule)
    sink.add(subjects[0], LABEL, Literal("A"), "piano-2030", ROW)
    quads = _closed(sink)
    groups = {q.subject for q in quads if q.predicate.value == SEKG + "groupSubject"}
    assert len(groups) == 2  # the rule's, and the row's of its one resource
    listed = Counter(q.subject for q in quads if q.predicate.value == SEKG + "groupSubject")
    assert sorted(listed.values()) == [1, 3]
    assert sum(q.predicate.value == RDF + "type" and term_value(q.object) == SEKG + "FactGroup"
               for q in quads) == 2
    found = _provenance(quads)
    assert {key[0] for key, records in found.items() if records == {_record(sink, rule)}} == {
        s.value for s in subjects}
    assert found[subjects[0].value, LABEL.value, '"A"', f"{BASE}/graph/piano-2030"] == {
        _record(sink, ROW)}


def test_a_subject_that_gains_predicates_after_it_was_closed_joins_a_second_group() -> None:
    sink = _sink()
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)
    sink.close_groups()
    sink.add(ORG, NAME, Literal("x"), "piano-2030", ROW)   # e.g. a later stage, same record
    quads = _closed(sink)
    assert sum(q.predicate.value == SEKG + "predicateSet" for q in quads) == 2
    assert sum(q.predicate.value == SEKG + "groupSubject" for q in quads) == 2
    found = _provenance(quads)
    assert {key[1] for key, records in found.items()
            if records == {_record(sink, ROW)}} == {LABEL.value, NAME.value}


def test_a_group_left_open_fails_shacl() -> None:
    """Without close_groups a fact has no group: the shapes catch its record, which nothing
    derives from."""
    from pathlib import Path

    from pyoxigraph import RdfFormat, parse

    from sekg.graph.validate import validate_triples as check

    shapes_path = Path(__file__).parents[2] / "ontology" / "shapes.ttl"
    shapes = list(parse(path=str(shapes_path), format=RdfFormat.TURTLE))
    sink = _sink()
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)
    found = check([q.triple for q in sink.quads], shapes)
    assert [v for v in found if "close_groups" in v] == [
        f"<{_record(sink, ROW)}> ^http://www.w3.org/ns/prov#wasDerivedFrom: no fact group nor "
        f"statement derives from this source record: were the sink's groups closed "
        f"(FactSink.close_groups)?"]
    sink.close_groups()
    assert check([q.triple for q in sink.quads], shapes) == []


def test_a_record_is_found_again_when_unpickled() -> None:
    """Records come back from the gap child pickled; the hash of text differs between
    processes (PYTHONHASHSEED), so a hash carried over would lose the record in the sink's
    dictionaries."""
    import pickle

    carried = Record(source="doc", method="stated", confidence="high", location="x.csv:2")
    arrived = pickle.loads(pickle.dumps(carried))
    fresh = Record(source="doc", method="stated", confidence="high", location="x.csv:2")
    assert arrived == fresh and hash(arrived) == hash(fresh) and {fresh: 1}[arrived] == 1


def test_a_sealed_graph_takes_no_more_facts_and_forgets_its_owners() -> None:
    sink = _sink()
    sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)
    sink.add(ORG, LABEL, Literal("X"), "inferred", ROW)
    sink.seal(keep=frozenset({"inferred"}))
    assert sink.sealed == {sink.graph("piano-2030")}
    assert all(g == sink.graph("inferred") for _, _, g in sink._owners)
    try:
        sink.add(ORG, LABEL, Literal("Y"), "piano-2030", NOTE)
    except StoreError as exc:
        assert "piano-2030 is sealed" in str(exc)
    else:
        raise AssertionError("a fact added to a sealed graph was taken")
    try:
        sink.pairs(str(LABEL))
    except StoreError as exc:
        assert "sealed" in str(exc)
    else:
        raise AssertionError("pairs() read facts the seal dropped")


def test_a_graph_kept_open_still_reifies_a_contested_fact() -> None:
    sealed, open_ = _sink(), _sink()
    for sink in (sealed, open_):
        sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)
        sink.add(ORG, LABEL, Literal("X"), "inferred", ROW)
    sealed.seal(keep=frozenset({"inferred"}))
    for sink in (sealed, open_):
        sink.add(ORG, LABEL, Literal("Z"), "inferred", NOTE)   # another record's value
        sink.add(ORG, NAME, Literal("x"), "analysis", NOTE)     # a graph new after the seal
    assert sorted(map(str, _closed(sealed))) == sorted(map(str, _closed(open_)))
    assert any(q.predicate.value == RDF + "subject" for q in sealed.quads)


def test_a_record_given_again_after_the_seal_is_written_once_and_tallied_once() -> None:
    """The seal drops the records' nodes; a record used before it and again after (in a graph
    kept open) is found by its IRI: the same quads and the same tally as an unsealed sink,
    also when the sealed sink went through pickle (as from the build's sources child)."""
    import pickle

    sealed, open_ = _sink(), _sink()
    for sink in (sealed, open_):
        sink.add(ORG, LABEL, Literal("X"), "piano-2030", ROW)
        sink.add(ORG, LABEL, Literal("X"), "inferred", ROW)
        sink.close_groups()
    sealed.seal(keep=frozenset({"inferred"}))
    assert not sealed._record_nodes and not sealed._counted
    carried = pickle.loads(pickle.dumps(sealed))
    for sink in (sealed, carried, open_):
        sink.add(ORG, LABEL, Literal("Y"), "inferred", ROW)   # a second value, same record
        sink.add(ORG, NAME, Literal("x"), "inferred", ROW)    # a new pair, same record
    expected = sorted(map(str, _closed(open_)))
    assert sorted(map(str, _closed(sealed))) == expected
    assert sorted(map(str, _closed(carried))) == expected
    assert sealed.tally == carried.tally == open_.tally
    records = [q for q in sealed.quads if q.predicate.value == RDF + "type"
               and str(q.object).endswith("SourceRecord>")]
    assert len(records) == 1


def test_a_batch_carries_the_groups_of_its_subjects_and_the_dataset_is_the_same() -> None:
    """A checkpoint closes the groups of the subjects read so far before passing a batch: the
    group memberships travel with their subjects (not all in the last batch), and the quads
    are those of a sink that closes its groups once at the end."""
    other = NamedNode(f"{BASE}/id/organisation/y")
    rows = [(ORG, ROW), (other, SAME_METHOD)]
    batches: list[list[Quad]] = []
    batched = FactSink(default_minter(), on_batch=batches.append, batch_quads=1,
                       release_batches=True)
    whole = _sink()
    for sink in (batched, whole):
        for subject, record in rows:
            sink.add(subject, LABEL, Literal("X"), "piano-2030", record)
            sink.add(subject, NAME, Literal("x"), "piano-2030", record)
            sink.checkpoint()
        sink.close_groups()
    members = [{term_value(q.object) for q in batch
                if q.predicate.value == SEKG + "groupSubject"} for batch in batches]
    assert members == [{ORG.value}, {other.value}]
    assert set(q for batch in batches for q in batch) | set(batched.quads) == set(whole.quads)
