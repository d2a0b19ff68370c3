"""Territories: 312 comuni with ISTAT codes, 11 zone omogenee, statuses, OntoPiA links; the
comuni outside the CmTo that seats need."""

from __future__ import annotations

import csv
from importlib.resources import files

from sekg.graph.store import EmbeddedStore
from sekg.queries import load_query
from tests.conftest import SHARED
from tests.provenance import fact_record

ID = "https://w3id.org/social-economy-kg/id/"
P = """
PREFIX clv: <https://w3id.org/italia/onto/CLV/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX sekg: <https://w3id.org/social-economy-kg/ontology#>
"""
#: a territory's containers, whatever the level (zone, province, CmTo, region, country)
UP = "(schema:containedInPlace|sekg:inZonaOmogenea)+"


def _reference_rows(name: str = "cmto_comuni_zone_omogenee.csv") -> list[dict[str, str]]:
    text = (files("sekg.graph.sources") / "reference" / name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_embedded_reference_matches_shared() -> None:
    shared = SHARED / "reference" / "cmto_comuni_zone_omogenee.csv"
    if shared.exists():
        embedded = files("sekg.graph.sources") / "reference" / "cmto_comuni_zone_omogenee.csv"
        assert embedded.read_text("utf-8") == shared.read_text("utf-8")


def test_312_comuni_with_istat_codes(store: EmbeddedStore) -> None:
    rows = store.select(P + """
        SELECT ?code WHERE { ?c a clv:City ; sekg:istatCode ?code ; sekg:inZonaOmogenea ?z }""")
    codes = sorted(r["code"] for r in rows)
    assert len(codes) == 312
    assert codes == sorted(r["istat_code"] for r in _reference_rows())
    assert "001272" in codes  # Torino


def test_every_comune_is_of_the_cmto_or_of_the_outside_list(store: EmbeddedStore) -> None:
    rows = store.select(P + "SELECT ?code WHERE { ?c a clv:City ; sekg:istatCode ?code }")
    outside = [r["istat_code"] for r in _reference_rows("comuni_outside_cmto.csv")]
    # Milano, Modena, Bologna, Roma: the seats of UniCredit, BPER, UniBo, Labsus
    assert outside == ["015146", "036023", "037006", "058091"]
    assert sorted(r["code"] for r in rows) == sorted(
        [r["istat_code"] for r in _reference_rows()] + outside)


def test_outside_comuni_are_not_in_the_cmto(store: EmbeddedStore) -> None:
    """Modena (036023) is in the Provincia di Modena, Emilia-Romagna, Italy (ISTAT list); not in
    a zona omogenea, the CmTo or Piemonte. The same holds for every outside comune."""
    ups = {r["up"] for r in store.select(P + f"""
        SELECT ?up WHERE {{ <{ID}comune/036023> {UP} ?up }}""")}
    assert ups == {ID + "territory/provincia-di-modena", ID + "territory/emilia-romagna",
                   ID + "territory/italia", ID + "territory/unione-europea"}
    assert store.ask(P + f"""ASK {{ <{ID}comune/036023> a clv:City ; rdfs:label "Modena" ;
        sekg:istatCode "036023" ; sekg:cadastralCode "F257" ; sekg:nuts3 "ITH54" }}""")
    for row in _reference_rows("comuni_outside_cmto.csv"):
        comune = f"<{ID}comune/{row['istat_code']}>"
        assert not store.ask(P + f"ASK {{ {comune} sekg:inZonaOmogenea ?z }}")
        for inside in ("citta-metropolitana-di-torino", "piemonte"):
            assert not store.ask(P + f"ASK {{ {comune} {UP} <{ID}territory/{inside}> }}")
        assert store.ask(P + f"ASK {{ {comune} {UP} <{ID}territory/italia> }}")


def test_outside_territories_link_to_ontopia(store: EmbeddedStore) -> None:
    rows = store.select(P + f"""
        SELECT ?t ?x WHERE {{
          VALUES ?t {{ <{ID}territory/emilia-romagna> <{ID}territory/provincia-di-modena>
                      <{ID}comune/036023> }}
          ?t owl:sameAs ?x }} ORDER BY ?t""")
    base = "https://w3id.org/italia/controlled-vocabulary/territorial-classifications/"
    # regions.csv 08 Emilia-Romagna, provinces.csv 036 Modena; no city link (date unverified)
    assert [(r["t"].rsplit("/", 1)[-1], r["x"]) for r in rows] == [
        ("emilia-romagna", base + "regions/08"), ("provincia-di-modena", base + "provinces/036")]


def test_comuni_without_participants_are_those_of_the_cmto(store: EmbeddedStore) -> None:
    rows = store.select(load_query("territory_comuni_without_participants"))
    codes = {r["istat_code"] for r in rows}
    reference = {r["istat_code"] for r in _reference_rows()}
    assert codes <= reference and "036023" not in codes  # Modena: no seat counted there


def test_comuni_per_zone_match_the_reference(store: EmbeddedStore) -> None:
    rows = store.select(P + """
        SELECT ?n (COUNT(?c) AS ?comuni) WHERE {
          ?c a clv:City ; sekg:inZonaOmogenea ?z . ?z sekg:zoneNumber ?n }
        GROUP BY ?n ORDER BY ?n""")
    expected = {"1": 1, "2": 11, "3": 18, "4": 8, "5": 45, "6": 43, "7": 40, "8": 46,
                "9": 54, "10": 24, "11": 22}  # cmto_zone_omogenee.csv, n_comuni_in_mapping
    assert {r["n"]: int(r["comuni"]) for r in rows} == expected


def test_zone_assignment_status_is_kept(store: EmbeddedStore) -> None:
    rows = store.select(P + """
        SELECT ?status (COUNT(?c) AS ?n) WHERE {
          """ + fact_record("?c", "sekg:inZonaOmogenea", "?z") + """
          ?record sekg:zoneAssignmentStatus ?status }
        GROUP BY ?status""")
    by_status = {r["status"].rsplit("/", 1)[-1]: int(r["n"]) for r in rows}
    reference = _reference_rows()
    assert by_status["sourced"] == sum(r["status"] == "sourced" for r in reference) == 195
    assert sum(by_status.values()) == 312


def test_ontopia_links(store: EmbeddedStore) -> None:
    rows = store.select(P + f"""
        SELECT ?x WHERE {{ <{ID}comune/001272> owl:sameAs ?x }}""")
    assert rows == [{"x": "https://w3id.org/italia/controlled-vocabulary/territorial-"
                          "classifications/cities/001272-(2015-01-01)"}]
    linked = store.select(P + """
        SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a clv:City ; owl:sameAs ?x }""")
    assert int(linked[0]["n"]) == 312 - 5  # five version dates could not be verified


def test_seat_and_area_served_are_distinct(store: EmbeddedStore) -> None:
    rows = store.select(P + """
        SELECT (COUNT(*) AS ?n) WHERE { ?o sekg:areaServed ?a }""")
    assert int(rows[0]["n"]) > 0
    assert store.ask(P + f"""
        ASK {{ <{ID}territory/citta-metropolitana-di-torino> a sekg:Territory ;
               <https://schema.org/containedInPlace> <{ID}territory/piemonte> }}""")
