"""HTTP clients: wrong concept codes are 400 with the valid codes, JSON keeps types, SPARQL
syntax errors are one readable line whatever Accept says, and the 404 of a query name points
to the API's own list."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

MALFORMED = "SELECT ?x WHERE { ?x "
LABEL = 'SELECT ?n ?l WHERE { BIND(3 AS ?n) BIND(STRLANG("ciao", "it") AS ?l) }'


@pytest.mark.parametrize(("url", "params", "message", "valid"), [
    ("/api/queries/participants_of_helix", {"helix": "nope"},
     "parameter helix='nope' is not a code of the helix scheme", "finance"),
    ("/api/queries/participants_of_family", {"family": "nope"},
     "parameter family='nope' is not a code of the family scheme", "cooperative"),
    ("/api/organisations", {"legal_form": "nope"},
     "parameter legal_form='nope' is not a code of the legal-form scheme", "(27 codes)"),
    ("/api/gaps", {"helix": "nope"}, "parameter helix='nope'", "finance"),
])
def test_an_unknown_code_is_400_listing_the_valid_codes(client: TestClient, url: str,
                                                        params: dict, message: str,
                                                        valid: str) -> None:
    response = client.get(url, params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert detail.startswith(message) and valid in detail


def test_json_lists_keep_numbers_and_unbound(client: TestClient) -> None:
    zones = client.get("/api/territories").json()["zones"]
    assert [z["zone_number"] for z in zones] == list(range(1, 12))
    gaps = client.get("/api/gaps").json()["gaps"]
    assert isinstance(gaps[0]["rank"], int) and isinstance(gaps[0]["severity"], float)
    rows = client.get("/api/queries/participants_of_helix",
                      params={"helix": "finance"}).json()["rows"]
    assert all(isinstance(r["number"], int) and isinstance(r["derived"], bool) for r in rows)


def test_catalogue_json_carries_language_tags(client: TestClient) -> None:
    document = client.get("/api/queries/plan_themes", params={"lang": "en"}).json()
    assert document["lang"]["label"] and set(document["lang"]["label"]) == {"en"}
    assert all(isinstance(r["label"], str) for r in document["rows"])


def test_malformed_sparql_is_one_readable_line(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": MALFORMED})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("the query is malformed at line 1, column 22 (at the end of "
                             "the query): expected one of '!', '$'")
    assert "a name" in detail and "\\u{" not in detail and "\n" not in detail


@pytest.mark.parametrize("accept", ["text/html", "image/png", "text/html;q=0.9, image/*"])
def test_malformed_sparql_is_400_whatever_the_accept_header(client: TestClient,
                                                            accept: str) -> None:
    response = client.get("/sparql", params={"query": MALFORMED}, headers={"Accept": accept})
    assert response.status_code == 400 and "malformed" in response.json()["detail"]


def test_a_browser_asking_for_html_gets_the_default_results(client: TestClient) -> None:
    select = client.get("/sparql", params={"query": LABEL}, headers={"Accept": "text/html"})
    assert select.status_code == 200
    assert select.headers["content-type"].startswith("application/sparql-results+json")
    assert select.json()["results"]["bindings"][0]["n"]["value"] == "3"
    graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"},
                       headers={"Accept": "text/html"})
    assert graph.status_code == 200 and graph.headers["content-type"].startswith("text/turtle")
    # a client asking only for something that is not offered still gets 406
    assert client.get("/sparql", params={"query": LABEL},
                      headers={"Accept": "image/png"}).status_code == 406


def test_unknown_query_name_points_http_clients_to_the_api_list(client: TestClient) -> None:
    for name, guess in (("no_such_query", None), ("participants_of_helx",
                                                  "participants_of_helix")):
        response = client.get(f"/api/queries/{name}")
        assert response.status_code == 404
        detail = response.json()["detail"]
        assert "/api/queries" in detail and "sekg query" not in detail
        assert guess is None or guess in detail
