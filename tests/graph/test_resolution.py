"""Entity resolution: name normalisation, candidate pairs, and the curated decisions."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import Literal

from sekg.graph.participants import load_participants
from sekg.graph.resolution import find_candidates, legal_form_tokens, normalise_name
from sekg.graph.sourcefiles import SourceTree
from sekg.graph.store import EmbeddedStore

ID = "https://w3id.org/social-economy-kg/id/"


def test_normalise_removes_case_accents_punctuation_and_legal_forms() -> None:
    assert normalise_name("Esserci S.c.s.") == "esserci"
    assert normalise_name("Progetto Tenda s.c.s.") == "progetto tenda"
    assert normalise_name("Università degli Studi di Torino") == "universita di torino"
    assert normalise_name("Sargomma S.r.l. Società Benefit") == "sargomma"
    assert normalise_name("Volontariato Torino ETS – Vol.To") == "volontariato torino vol to"


def test_legal_form_tokens() -> None:
    assert legal_form_tokens("Acsel Spa") == {"spa"}
    assert legal_form_tokens("Altrimodi Srl Impresa Sociale ETS") == {
        "srl", "impresa-sociale", "ets-sezione-ignota"}
    assert legal_form_tokens("Liberitutti S.c.s.") == {"cooperativa-sociale"}
    assert legal_form_tokens("Politecnico di Torino") == set()


names = st.text(alphabet=st.sampled_from("abcèéìòù ABC.-'’Srlspa"), min_size=1, max_size=40)


@given(names)
def test_normalisation_is_idempotent(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once


@given(names)
def test_normalisation_ignores_case_and_surrounding_space(name: str) -> None:
    assert normalise_name(f"  {name.upper()} ") == normalise_name(name.lower())


@given(names)
def test_normal_form_is_plain_ascii_words(name: str) -> None:
    assert re.fullmatch(r"[a-z0-9 ]*", normalise_name(name))


def test_candidates_on_a_hand_built_list() -> None:
    """59/60: acronym; 78/79: legal-form suffix; 104/105: unit; 127/129: unit after dropping
    'degli Studi'; 25/32: the other names CCIAA, the acronym in 25's name."""
    entries = {25: "Camera di commercio di Torino (CCIAA)", 32: "Comitato della CCIAA di Torino",
               59: "Danish Refugee Council Italia ONLUS", 60: "DRC Italia ONLUS",
               78: "Futura Law Firm", 79: "Futura Law Firm starl SB",
               104: "Politecnico di Torino", 105: "Politecnico di Torino - Centro",
               127: "Università degli Studi di Bologna",
               129: "Università di Bologna Dipartimento di scienze", 200: "Acsel Spa"}
    found = {(c.left, c.right, c.kind) for c in find_candidates(entries)}
    assert found == {(25, 32, "sub_organization_of"), (59, 60, "same_as"),
                     (78, 79, "same_as"), (104, 105, "sub_organization_of"),
                     (127, 129, "sub_organization_of")}


def test_every_curated_duplicate_and_named_unit_is_found_by_the_rules() -> None:
    """Recall of the reusable step on the real list: each same_as and each name-derived
    sub_organization_of decision between listed entries is proposed by find_candidates."""
    found = load_participants(SourceTree.default_sources())
    entries = {int(r["list_number"]): r["label"] for r in found.listed
               if r["kind"] == "organisation"}
    candidates = {(c.left, c.right): c.kind for c in find_candidates(entries)}
    for row in found.resolution:
        if not row["object"].isdigit():
            continue
        low, high = sorted((int(row["subject"]), int(row["object"])))
        pair = (low, high)
        if row["relation"] == "same_as":
            assert candidates.get(pair) == "same_as", row.where
        if row["relation"] == "sub_organization_of" and row["method"] == "derived":
            assert candidates.get((int(row["object"]), int(row["subject"]))) == \
                "sub_organization_of", row.where


def test_decisions_are_recorded_not_merged(store: EmbeddedStore) -> None:
    rows = store.select("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX sekg: <https://w3id.org/social-economy-kg/ontology#>
        SELECT ?a ?b WHERE { GRAPH ?g { ?x owl:sameAs ?y }
          ?x sekg:listNumber ?a . ?y sekg:listNumber ?b } ORDER BY ?a""")
    assert {(r["a"], r["b"]) for r in rows} >= {("59", "60"), ("78", "79")}
    # both entries of a duplicate keep their own resource, label and list number
    labels = store.select("""
        PREFIX sekg: <https://w3id.org/social-economy-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?l WHERE { ?x sekg:listNumber ?n ; rdfs:label ?l FILTER (?n IN (59, 60)) }
        ORDER BY ?l""")
    assert [r["l"] for r in labels] == ["DRC Italia ONLUS", "Danish Refugee Council Italia ONLUS"]


def test_units_are_sub_organisations(store: EmbeddedStore) -> None:
    for unit, parent in ((105, 104), (129, 127), (32, 25)):
        assert store.ask("""
            PREFIX org: <http://www.w3.org/ns/org#>
            PREFIX sekg: <https://w3id.org/social-economy-kg/ontology#>
            ASK { ?u sekg:listNumber ?un ; org:subOrganizationOf ?p . ?p sekg:listNumber ?pn }""",
                         {"un": Literal(unit), "pn": Literal(parent)}), (unit, parent)
