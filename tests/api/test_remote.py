"""``sekg serve --store URL``: the same protocol, pages and API over a real Oxigraph server
(the session's ``remote`` fixture of tests/queries) as over the embedded store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sekg.api import ServerSettings, create_app
from sekg.graph.store import RemoteStore
from tests.api.conftest import BASE
from tests.queries.conftest import remote  # noqa: F401 - the fixture, shared


@pytest.fixture(scope="module")
def over_remote(remote: RemoteStore) -> Iterator[TestClient]:  # noqa: F811
    app = create_app(ServerSettings(store=remote.endpoint, base_uri=BASE, workers=1))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("query", [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    f"SELECT ?p ?o WHERE {{ <{BASE}/id/comune/001272> ?p ?o }} ORDER BY ?p ?o",
])
def test_same_answers_as_embedded(over_remote: TestClient, client: TestClient,
                                  query: str) -> None:
    ours = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    theirs = over_remote.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert theirs.status_code == 200 and theirs.text == ours.text


def test_dataset_parameters_pass_through(over_remote: TestClient) -> None:
    response = over_remote.get("/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": f"{BASE}/graph/ontology"})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == \
        [f"{BASE}/graph/ontology"]


def test_pages_rest_and_errors_over_remote(over_remote: TestClient, client: TestClient
                                           ) -> None:
    page = over_remote.get("/page/organisation/comune-di-chieri")
    assert page.status_code == 200 and "participants.csv:38" in page.text
    data = over_remote.get("/api/organisations", params={"helix": "finance"}).json()
    assert data == client.get("/api/organisations", params={"helix": "finance"}).json()
    assert data["total"] > 0
    bad = over_remote.get("/sparql", params={"query": "SELECT ?x WHERE { ?x }"})
    assert bad.status_code == 400 and "malformed" in bad.json()["detail"]
    construct = over_remote.get("/sparql", params={
        "query": f"CONSTRUCT WHERE {{ <{BASE}/id/comune/001272> ?p ?o }}"},
        headers={"Accept": "text/turtle"})
    assert construct.status_code == 200 and "Torino" in construct.text
    assert over_remote.get("/dumps/").status_code == 404   # no build folder behind a URL
