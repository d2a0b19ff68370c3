"""Process, consultation, plan and policy facts against the source document."""

from __future__ import annotations

from pyoxigraph import NamedNode

from sekg.graph.store import EmbeddedStore
from tests.provenance import fact_records

ID = "https://w3id.org/social-economy-kg/id/"
P = f"""
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX sekg: <https://w3id.org/social-economy-kg/ontology#>
PREFIX id: <{ID}>
"""


def one(store: EmbeddedStore, query: str) -> dict[str, str]:
    rows = store.select(P + query)
    assert len(rows) == 1, rows
    return rows[0]


def test_five_phases(store: EmbeddedStore) -> None:
    rows = store.select(P + """SELECT ?phase WHERE {
        <""" + ID + """activity/participatory-process> sekg:hasPhase ?phase }""")
    assert len(rows) == 5
    assert one(store, "SELECT ?n WHERE { id:activity\\/participatory-process sekg:phaseCount ?n }"
               ) == {"n": "5"}


def test_agreement_of_18_july_2024(store: EmbeddedStore) -> None:
    row = one(store, """SELECT ?d WHERE { ?a a sekg:Agreement ; dcterms:date ?d }""")
    assert row == {"d": "2024-07-18"}


def test_thirty_interviews(store: EmbeddedStore) -> None:
    assert one(store, "SELECT ?n WHERE { ?c a sekg:InterviewCampaign ; sekg:interviewCount ?n }"
               ) == {"n": "30"}


def test_event_of_5_december_2024(store: EmbeddedStore) -> None:
    row = one(store, """SELECT ?d ?n WHERE { ?e a sekg:ParticipatoryEvent ;
                         schema:startDate ?d ; sekg:participantCount ?n }""")
    assert row == {"d": "2024-12-05", "n": "104"}
    tables = store.select(P + "SELECT ?t WHERE { ?t a sekg:ThematicTable }")
    sessions = store.select(P + "SELECT ?s WHERE { ?s a sekg:DiscussionSession }")
    assert (len(tables), len(sessions)) == (5, 2)


def test_online_consultation_window_and_proposals(store: EmbeddedStore) -> None:
    row = one(store, """SELECT ?s ?e ?n WHERE { ?c a sekg:OnlineConsultation ;
        schema:startDate ?s ; schema:endDate ?e ; sekg:proposalCount ?n }""")
    assert row == {"s": "2025-02-25", "e": "2025-03-11", "n": "20"}


def test_promoters_and_facilitator(store: EmbeddedStore) -> None:
    rows = store.select(P + """SELECT ?o WHERE {
        id:activity\\/participatory-process sekg:promotedBy ?o } ORDER BY ?o""")
    assert [r["o"] for r in rows] == [ID + "organisation/camera-di-commercio-di-torino",
                                      ID + "organisation/citta-metropolitana-di-torino"]
    assert store.ask(P + """ASK { id:activity\\/participatory-process sekg:facilitatedBy
                                  id:organisation\\/avventura-urbana .
                                  id:organisation\\/avventura-urbana rdfs:label ?l }""")


def test_every_proposal_has_an_outcome_and_outcomes_cover_all_kinds(store: EmbeddedStore) -> None:
    rows = store.select(P + """SELECT ?outcome (COUNT(?p) AS ?n) WHERE {
        ?p a sekg:ConsultationProposal ; sekg:outcome ?outcome } GROUP BY ?outcome""")
    outcomes = {r["outcome"].rsplit("/", 1)[-1] for r in rows}
    assert outcomes == {"integrated", "partly-integrated", "not-integrated",
                        "referred-to-later-phase"}
    assert store.select(P + """SELECT ?p WHERE { ?p a sekg:ConsultationProposal
        FILTER NOT EXISTS { ?p sekg:outcome ?o } }""") == []


def test_roadmap_request_referred_to_later_phase_with_new_chapter(store: EmbeddedStore) -> None:
    row = one(store, """SELECT ?chapter WHERE { id:proposal\\/roadmap-operativa sekg:outcome
        <""" + ID + """concept/outcome/referred-to-later-phase> ; sekg:changed ?chapter .
        ?chapter a sekg:PlanChapter }""")
    assert "chapter" in row


def test_six_macro_themes_and_two_cross_cutting(store: EmbeddedStore) -> None:
    macro = store.select(P + "SELECT ?t WHERE { ?t a sekg:MacroTheme }")
    cross = store.select(P + "SELECT ?t WHERE { ?t a sekg:CrossCuttingTheme }")
    assert (len(macro), len(cross)) == (6, 2)


def test_council_motion_dates_both_recorded_and_flagged(store: EmbeddedStore) -> None:
    row = one(store, """SELECT ?stated ?likely WHERE { ?m a sekg:CouncilMotion ;
        sekg:statedDate ?stated ; dcterms:date ?likely }""")
    assert row == {"stated": "2024-03-17", "likely": "2025-03-17"}
    assert store.ask(P + """ASK { ?c a sekg:Contradiction ; sekg:concerns ?m .
                               ?m a sekg:CouncilMotion }""")


def test_policy_references_cited_by_the_document(store: EmbeddedStore) -> None:
    labels = " ".join(r["l"] for r in store.select(P + """SELECT ?l WHERE {
        ?p a ?c ; rdfs:label ?l . ?c rdfs:subClassOf* sekg:PolicyReference }"""))
    for name in ("Green Deal", "Bauhaus", "276/2003", "Fondo Regionale Disabili"):
        assert name in labels, name


def test_every_fact_has_provenance(store: EmbeddedStore) -> None:
    """Each triple of the data graphs has a record with a method: the records of its
    rdf:Statement in its graph, or of the one sekg:FactGroup of its subject and predicate there
    (read from the quads by tests/provenance.py; the provenance nodes themselves aside)."""
    found, facts = fact_records(store.quads())
    with_method = {NamedNode(r["r"]) for r in store.select(
        P + "SELECT ?r WHERE { ?r sekg:method ?m }")}
    graphs = {NamedNode(f"https://w3id.org/social-economy-kg/graph/{name}")
              for name in ("piano-2030", "territories")}
    data = [q for q in facts if q.graph_name in graphs]
    assert len(data) > 5_000  # the facts and the (shared) records: 6,291 in the Turin build
    missing = [q for q in data if q.subject not in with_method and not found.get(
        (q.graph_name, q.subject, q.predicate, q.object), set()) & with_method]
    assert missing == []
    # a subject's predicate in a graph belongs to one group at most (its first record's)
    shared = store.select(P + """SELECT ?g ?s ?p WHERE {
        GRAPH ?g { ?group sekg:groupSubject ?s ; sekg:predicateSet/sekg:memberPredicate ?p .
                   ?other sekg:groupSubject ?s ; sekg:predicateSet/sekg:memberPredicate ?p }
        FILTER (?group != ?other) } LIMIT 5""")
    assert shared == []
    # the pattern above does find the groups (it would pass on a graph without any)
    assert store.ask(P + """ASK { GRAPH ?g {
        ?group sekg:groupSubject ?s ; sekg:predicateSet/sekg:memberPredicate sekg:legalForm } }""")
