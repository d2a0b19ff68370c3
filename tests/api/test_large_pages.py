"""Pages of resources with more values than the server's row limit (api/resource_rows.py).

At national scale a rule's fact group lists 400,000 subjects and a legal form is the value of
100,000 organisations; the Turin graph's largest group lists about 140, so the ``tight`` app
(5 rows per query) plays that role here against the ``client`` app (10,000 rows).
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import BASE

SEKG = "https://w3id.org/social-economy-kg/ontology#"
ACSEL = "organisation/acsel"


def _select(client: TestClient, query: str) -> list[dict[str, str]]:
    response = client.get("/sparql", params={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


@pytest.fixture(scope="module")
def largest_group(client: TestClient) -> tuple[str, int]:
    """The path (under /page/) and the number of subjects of the largest fact group."""
    row = _select(client, f"""SELECT ?g (COUNT(?s) AS ?n) WHERE {{ ?g <{SEKG}groupSubject> ?s }}
                               GROUP BY ?g ORDER BY DESC(?n) ?g LIMIT 1""")[0]
    return row["g"].removeprefix(f"{BASE}/id/"), int(row["n"])


def _property_iris(html: str) -> set[str]:
    return set(re.findall(r'<a href="[^"]*" title="([^"]+)">', html))


def test_a_page_larger_than_the_row_limit_shows_the_first_values_and_the_total(
        client: TestClient, tight: TestClient, largest_group: tuple[str, int]) -> None:
    path, subjects = largest_group
    assert subjects > 5, "the test needs a group of more subjects than the tight app's rows"
    full = client.get(f"/page/{path}")
    cut = tight.get(f"/page/{path}")
    assert full.status_code == 200 and cut.status_code == 200, cut.text[:300]
    assert "text/html" in cut.headers["content-type"]
    # every property is on the cut page; the subjects are the first 5, and it says of how many
    assert _property_iris(cut.text) == _property_iris(full.text)
    assert f"the first 5 of {subjects:,} values" in cut.text
    assert f"i primi 5 di {subjects:,} valori" in cut.text
    assert "the first" not in full.text  # the whole group fits the public limit


def test_a_page_within_the_limit_lists_everything(client: TestClient) -> None:
    page = client.get(f"/page/{ACSEL}")
    values = _select(client, f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{BASE}/id/{ACSEL}> ?p ?o }} }}")
    assert page.status_code == 200
    assert _property_iris(page.text) == {v["p"] for v in values}
    assert "the first" not in page.text and "provenance-cut" not in page.text


def test_incoming_links_beyond_the_limit_are_counted(client: TestClient,
                                                     tight: TestClient) -> None:
    form = "concept/legal-form/spa"
    linked = _select(client, f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        ?s <{SEKG}legalForm> <{BASE}/id/{form}> }}""")[0]["n"]
    assert int(linked) > 5
    page = tight.get(f"/page/{form}")
    assert page.status_code == 200
    heading = re.search(r"Incoming links \((\d+) di / of ([\d,]+)\)", page.text)
    assert heading is not None, page.text[-2000:]
    assert heading.group(1) == "5" and int(heading.group(2).replace(",", "")) >= int(linked)


def test_the_rest_record_of_an_organisation_fits_any_limit(client: TestClient,
                                                           tight: TestClient) -> None:
    full = client.get(f"/api/{ACSEL.replace('organisation/', 'organisations/')}").json()
    cut = tight.get(f"/api/{ACSEL.replace('organisation/', 'organisations/')}")
    assert cut.status_code == 200, cut.text
    record = cut.json()
    assert [p["iri"] for p in record["properties"]] == [p["iri"] for p in full["properties"]]
    assert all(len(p["values"]) <= 5 and p["total"] >= len(p["values"])
               for p in record["properties"])
    assert record["incoming_total"] == full["incoming_total"]


def test_data_beyond_the_limit_says_where_to_read_it(tight: TestClient,
                                                     largest_group: tuple[str, int]) -> None:
    path, _ = largest_group
    response = tight.get(f"/data/{path}.ttl")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert f"/page/{path}" in detail and "/sparql" in detail and "OFFSET" in detail
