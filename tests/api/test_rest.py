"""The JSON API: filters against independent SPARQL answers, pagination, one organisation,
territories, themes, proposals and the query catalogue."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from sekg.queries import query_names
from tests.api.conftest import BASE

ORG = "<http://www.w3.org/ns/org#Organization>"
SEKG = "https://w3id.org/social-economy-kg/ontology#"


def _keys(store, where: str) -> set[str]:
    rows = store.select(f"SELECT DISTINCT ?o WHERE {{ ?o a {ORG} ; "
                        f"<http://www.w3.org/2000/01/rdf-schema#label> ?l . {where} }}")
    return {r["o"].rpartition("/")[2] for r in rows}


def _all(client: TestClient, **params: str) -> dict:
    return client.get("/api/organisations", params={**params, "limit": "1000"}).json()


def test_list_and_pagination(client: TestClient, store) -> None:
    everything = _all(client)
    assert everything["total"] == len(everything["items"]) == len(_keys(store, ""))
    page = client.get("/api/organisations", params={"limit": 10, "offset": 20}).json()
    assert page["total"] == everything["total"] and page["limit"] == 10
    assert [i["key"] for i in page["items"]] == [i["key"] for i in everything["items"][20:30]]


@pytest.mark.parametrize("params, where", [
    ({"helix": "finance"}, f"?o <{SEKG}helix>/<http://www.w3.org/2004/02/skos/core#broader>* "
                           f"<{BASE}/id/concept/helix/finance>"),
    ({"family": "cooperative"}, f"?o <{SEKG}family> <{BASE}/id/concept/family/cooperative>"),
    ({"zone": "1"}, f"?o <{SEKG}seat>/<{SEKG}inZonaOmogenea> <{BASE}/id/zona-omogenea/1>"),
    ({"comune": "001272"}, f"?o <{SEKG}seat> <{BASE}/id/comune/001272>"),
    ({"q": "COOP"}, "FILTER(CONTAINS(LCASE(?l), 'coop'))"),
])
def test_filters_match_independent_sparql(client: TestClient, store, params: dict,
                                          where: str) -> None:
    result = _all(client, **params)
    expected = _keys(store, where)
    assert expected and {i["key"] for i in result["items"]} == expected
    assert result["total"] == len(expected) < _all(client)["total"]


def test_legal_form_filter_and_combination(client: TestClient) -> None:
    srl = _all(client, legal_form="srl")
    assert srl["total"] > 0 and all("srl" in i["legal_form"] for i in srl["items"])
    both = _all(client, helix="finance", zone="1")
    assert {i["key"] for i in both["items"]} == (
        {i["key"] for i in _all(client, helix="finance")["items"]}
        & {i["key"] for i in _all(client, zone="1")["items"]})


def test_bad_filter_value_is_400_with_the_fix(client: TestClient) -> None:
    response = client.get("/api/organisations", params={"zone": "12"})
    assert response.status_code == 400
    assert "from 1 to 11" in response.json()["detail"]
    assert client.get("/api/organisations", params={"limit": "0"}).status_code == 400


def test_one_organisation_with_links(client: TestClient) -> None:
    data = client.get("/api/organisations/comune-di-chieri").json()
    assert data["label"] == "Comune di Chieri"
    seat = next(p for p in data["properties"] if p["curie"] == "sekg:seat")
    assert seat["label_it"] == "sede" and seat["values"][0]["text"] == "Chieri"
    assert seat["values"][0]["provenance"][0]["location"].endswith("participants.csv:38")
    assert client.get("/api/organisations/nobody").status_code == 404
    assert client.get("/api/organisations/Bad Key!").status_code == 404


def test_territories_themes_proposals(client: TestClient) -> None:
    territories = client.get("/api/territories").json()
    assert len(territories["zones"]) == 11
    themes = client.get("/api/themes", params={"lang": "en"}).json()
    assert len({t["theme"] for t in themes["themes"]}) == 8   # 6 macro + 2 cross-cutting
    assert any("Objective" in e["level"] for e in themes["elements"])
    proposals = client.get("/api/proposals").json()["proposals"]
    integrated = client.get("/api/proposals", params={"outcome": "integrated"}).json()
    assert 0 < len(integrated["proposals"]) < len(proposals)


def test_query_catalogue_list_and_run(client: TestClient, store) -> None:
    listed = client.get("/api/queries").json()["queries"]
    assert len(listed) == len(query_names()) >= 25
    helix = next(q for q in listed if q["name"] == "participants_of_helix")
    assert helix["params"][0]["name"] == "helix"
    as_json = client.get("/api/queries/participants_of_helix", params={"helix": "finance"})
    rows = as_json.json()["rows"]
    assert len(rows) == len(_keys(store, f"?o <{SEKG}helix>/<http://www.w3.org/2004/02/skos/"
                                         f"core#broader>* <{BASE}/id/concept/helix/finance> ; "
                                         f"<{SEKG}listNumber> ?n"))
    as_csv = client.get("/api/queries/participants_of_helix",
                        params={"helix": "finance", "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == len(rows)
    by_accept = client.get("/api/queries/participants_of_helix", headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize("url, message", [
    ("/api/queries/participants_of_helix?colour=red", "has no parameter 'colour'"),
    ("/api/queries/territory_participants_in_zone?zone=99", "from 1 to 11"),
    ("/api/queries/participants_of_helix?format=xml", "use json or csv"),
    ("/api/queries/no_such_query", "no query named"),
])
def test_query_errors_are_one_clear_message(client: TestClient, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert message in response.json()["detail"]


def test_openapi_and_local_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/organisations" in spec["paths"] and "/sparql" in spec["paths"]
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_gaps_endpoint_serves_the_analysis_graph(client: TestClient, build_dir) -> None:
    """/api/gaps lists the gaps of the analysis named graph (the same as `sekg gaps`), filtered
    by zone and helix; a bad zone is a 400 problem, not a crash."""
    from sekg.graph.analysis import gap_report

    every = client.get("/api/gaps").json()["gaps"]
    report = gap_report(build_dir)
    assert [g["rank"] for g in every] == list(range(1, len(report.findings) + 1))
    assert every[0]["kind"] == "ZoneWithoutParticipant"
    zone6 = client.get("/api/gaps", params={"zone": 6}).json()["gaps"]
    assert zone6 and all(f"{BASE}/id/zona-omogenea/6" in g["scopes"] for g in zone6)
    finance = client.get("/api/gaps", params={"helix": "finance"}).json()["gaps"]
    assert finance and all(f"{BASE}/id/concept/helix/finance" in g["scopes"] for g in finance)
    assert client.get("/api/gaps", params={"zone": 12}).status_code == 400
