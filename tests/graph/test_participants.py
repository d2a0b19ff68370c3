"""The curated participants against the source document, and their facts in the graph."""

from __future__ import annotations

import io
import re
from importlib.resources import files

from sekg.graph.participants import LIST_SIZE, load_participants
from sekg.graph.sourcefiles import SourceTree
from sekg.graph.store import EmbeddedStore
from tests.provenance import fact_record

SEKG = "https://w3id.org/social-economy-kg/ontology#"
ID = "https://w3id.org/social-economy-kg/id/"
PREFIXES = f"""
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sekg: <{SEKG}>
"""


def _document_entries(document: str) -> dict[int, str]:
    entries = {}
    for line in document.splitlines():
        match = re.match(r"^(\d+)\. (.*)$", line)
        if match and 1 <= int(match.group(1)) <= 134:
            entries[int(match.group(1))] = match.group(2)
    return entries


def test_embedded_document_is_the_shared_one(source_document: str) -> None:
    embedded = (files("sekg.graph.sources") / "document" /
                "piano-economia-sociale-torino-2030-resoconto-ascolto.txt").read_text("utf-8")
    assert embedded == source_document


def test_every_listed_entry_is_present_spelled_as_written(source_document: str) -> None:
    entries = _document_entries(source_document)
    assert len(entries) == 134
    rows = load_participants(SourceTree.default_sources()).listed
    by_number = {int(r["list_number"]): r for r in rows}
    assert sorted(by_number) == list(range(1, LIST_SIZE + 1))
    for number, label in entries.items():
        assert by_number[number]["label"] == label, f"entry {number}"
        assert by_number[number]["kind"] == "organisation"
    assert "dodici <b>privati cittadini</b>" in source_document
    citizens = [r for r in rows if r["kind"] == "private_citizen"]
    assert [int(r["list_number"]) for r in citizens] == list(range(135, 147))


def test_graph_has_146_participants_with_labels_and_numbers(store: EmbeddedStore) -> None:
    rows = store.select(PREFIXES + """
        SELECT (COUNT(DISTINCT ?p) AS ?n) (COUNT(DISTINCT ?org) AS ?orgs)
               (COUNT(DISTINCT ?cit) AS ?citizens) WHERE {
          ?p sekg:listNumber ?number ; rdfs:label ?label ;
             sekg:participatedIn <""" + ID + """activity/participatory-process> .
          OPTIONAL { ?p a org:Organization BIND (?p AS ?org) }
          OPTIONAL { ?p a sekg:PrivateCitizen BIND (?p AS ?cit) }
        }""")
    assert rows == [{"n": "146", "orgs": "134", "citizens": "12"}]


def test_label_in_graph_is_exact(store: EmbeddedStore, source_document: str) -> None:
    labels = {int(r["n"]): r["label"] for r in store.select(PREFIXES + """
        SELECT ?n ?label WHERE { ?p sekg:listNumber ?n ; rdfs:label ?label }""")}
    for number, label in _document_entries(source_document).items():
        assert labels[number] == label


def test_every_organisation_is_classified_or_reported(store: EmbeddedStore) -> None:
    """Every listed organisation is classified on each scheme, or the gap is visible to
    `sekg info` (no guessed values): the counts below are the curated state of the data."""
    rows = store.select(PREFIXES + """
        SELECT ?org (COUNT(DISTINCT ?helix) AS ?helices) WHERE {
          ?org a org:Organization ; sekg:listNumber ?n .
          OPTIONAL { ?org sekg:helix ?helix }
        } GROUP BY ?org""")
    assert len(rows) == 134
    with_helix = [r for r in rows if r["helices"] != "0"]
    assert len(with_helix) >= 120  # 11 entries are unidentified in every source


def test_helix_of_a_comune_is_derived_from_its_legal_form(store: EmbeddedStore) -> None:
    rows = store.select(PREFIXES + """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?helix ?method WHERE {
          """ + fact_record(f"<{ID}organisation/comune-di-chieri>", "sekg:helix", "?helix") + """
          ?record sekg:method ?method .
          FILTER (STRENDS(STR(?g), "/graph/inferred"))
        }""")
    assert rows == [{"helix": ID + "concept/helix/public-administration",
                     "method": ID + "concept/provenance-method/derived"}]


def test_seat_of_a_named_comune(store: EmbeddedStore) -> None:
    rows = store.select(PREFIXES + """
        SELECT ?seat WHERE { ?o sekg:listNumber 37 ; sekg:seat ?seat }""")
    assert rows == [{"seat": ID + "comune/001078"}]  # Comune di Chieri -> Chieri


def test_seat_outside_the_cmto_keeps_its_source(store: EmbeddedStore) -> None:
    """participants.csv entry 23: BPER Banca, sede legale in Modena per the Gazzetta Ufficiale
    notice cited in seat_source (method stated); Modena is ISTAT 036023, in no zona omogenea."""
    rows = store.select(PREFIXES + """
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?seat ?method ?source ?zone WHERE {
          ?o sekg:listNumber 23 ; sekg:seat ?seat .
          """ + fact_record("?o", "sekg:seat", "?seat") + """
          ?record sekg:method ?method ; dcterms:source ?source .
          OPTIONAL { ?seat sekg:inZonaOmogenea ?zone }
        }""")
    assert rows == [{"seat": ID + "comune/036023",
                     "method": ID + "concept/provenance-method/stated",
                     "source": "https://www.gazzettaufficiale.it/atto/parte_seconda/"
                               "caricaDettaglioAtto/originario?atto.dataPubblicazioneGazzetta="
                               "2021-06-26&atto.codiceRedazionale=TX21AAB7259",
                     "zone": ""}]
    # Labsus (93, futura.news: sede legale in Roma), the University of Bologna and its
    # department (127, 129: from the name), UniCredit (organisations_extra.csv: Milano)
    department = "universita-di-bologna-dipartimento-di-scienze-dell-educazione"
    keys = ("labsus", "unicredit", "universita-degli-studi-di-bologna", department)
    values = " ".join(f"<{ID}organisation/{key}>" for key in keys)
    seats = {r["o"].rsplit("/", 1)[-1]: r["seat"].rsplit("/", 1)[-1] for r in store.select(
        PREFIXES + f"SELECT ?o ?seat WHERE {{ VALUES ?o {{ {values} }} ?o sekg:seat ?seat }}")}
    assert seats == {"labsus": "058091", "unicredit": "015146",
                     "universita-degli-studi-di-bologna": "037006", department: "037006"}


def test_unknown_seats_stay_unknown(store: EmbeddedStore) -> None:
    rows = store.select(PREFIXES + """
        SELECT (COUNT(?o) AS ?n) WHERE {
          ?o a org:Organization ; sekg:listNumber ?x FILTER NOT EXISTS { ?o sekg:seat ?s } }""")
    unknown = int(rows[0]["n"])
    csv_rows = load_participants(SourceTree.default_sources()).listed
    empty = sum(1 for r in csv_rows if r["kind"] == "organisation" and not r["seat_istat"])
    assert unknown == empty > 0


def test_curated_csv_has_provenance_columns() -> None:
    text = (files("sekg.graph.sources") / "participants.csv").read_text("utf-8")
    header = next(iter(io.StringIO(text))).strip().split(",")
    for column in ("method", "confidence", "source", "seat_method", "seat_source", "notes"):
        assert column in header
