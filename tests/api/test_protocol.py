"""SPARQL 1.1 Protocol conformance, one point per test (in-process app on the Turin build)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import QueryResultsFormat, QuerySolutions, RdfFormat, parse, parse_query_results

from tests.api.conftest import BASE

COUNT_ORGS = ("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { "
              "?o a <http://www.w3.org/ns/org#Organization> }")
LABELS = ("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
          "ORDER BY ?s LIMIT 3")
CONSTRUCT = (f"CONSTRUCT {{ <{BASE}/id/comune/001272> ?p ?o }} "
             f"WHERE {{ <{BASE}/id/comune/001272> ?p ?o }}")
JSON = "application/sparql-results+json"


def _count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_query(client: TestClient, store) -> None:
    expected = int(store.select(COUNT_ORGS)[0]["n"])
    response = client.get("/sparql", params={"query": COUNT_ORGS}, headers={"Accept": JSON})
    assert response.headers["content-type"].startswith(JSON)
    assert _count(response) == expected > 100


def test_post_form_encoded(client: TestClient) -> None:
    response = client.post("/sparql", data={"query": COUNT_ORGS}, headers={"Accept": JSON})
    assert _count(response) > 100


def test_post_direct(client: TestClient) -> None:
    response = client.post("/sparql", content=COUNT_ORGS.encode(),
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": JSON})
    assert _count(response) > 100


def test_post_with_unknown_content_type_is_415(client: TestClient) -> None:
    response = client.post("/sparql", content=b"{}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.json()["detail"]


def test_default_graph_uri_restricts_the_default_graph(client: TestClient, store
                                                       ) -> None:
    graph = f"{BASE}/graph/ontology"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = int(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> "
                                "{ ?s ?p ?o } }")[0]["n"])
    everything = _count(client.get("/sparql", params={"query": query}))
    only = _count(client.get("/sparql", params={"query": query, "default-graph-uri": graph}))
    assert only == expected < everything


def test_named_graph_uri_limits_graph_patterns(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    all_graphs = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert len(all_graphs) == 7  # ontology, vocabularies, territories, piano-2030, inferred,
    #                              analysis, and the build's metadata (VoID statistics)
    graph = f"{BASE}/graph/territories"
    one = client.get("/sparql", params={"query": query, "named-graph-uri": graph}
                     ).json()["results"]["bindings"]
    assert [b["g"]["value"] for b in one] == [graph]
    # and the default graph is then empty: the dataset is exactly what the request names
    assert _count(client.get("/sparql", params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "named-graph-uri": graph})) == 0


def test_select_as_json_xml_csv_tsv(client: TestClient) -> None:
    as_json = client.get("/sparql", params={"query": LABELS}, headers={"Accept": JSON}).json()
    labels = [b["label"]["value"] for b in as_json["results"]["bindings"]]
    assert len(labels) == 3
    xml = client.get("/sparql", params={"query": LABELS},
                     headers={"Accept": "application/sparql-results+xml"})
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(xml.content)
    assert [e.text for e in root.findall(".//r:binding[@name='label']/r:literal", ns)] == labels
    text = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
    assert text.headers["content-type"].startswith("text/csv")
    assert [r["label"] for r in csv.DictReader(io.StringIO(text.text))] == labels
    tsv = client.get("/sparql", params={"query": LABELS},
                     headers={"Accept": "text/tab-separated-values"})
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert tsv.text.splitlines()[0] == "?s\t?label"
    parsed = parse_query_results(tsv.content, format=QueryResultsFormat.TSV)
    assert isinstance(parsed, QuerySolutions)
    assert [row["label"].value for row in parsed] == labels


def test_ask_in_each_results_format(client: TestClient) -> None:
    yes = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": JSON})
    assert yes.json()["boolean"] is True
    no = client.get("/sparql", params={"query": "ASK { <urn:x:nothing> ?p ?o }"})
    assert no.json()["boolean"] is False
    xml = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+xml"})
    assert b"<boolean>true</boolean>" in xml.content


@pytest.mark.parametrize("media, fmt", [("text/turtle", RdfFormat.TURTLE),
                                        ("application/ld+json", RdfFormat.JSON_LD),
                                        ("application/n-triples", RdfFormat.N_TRIPLES),
                                        ("application/rdf+xml", RdfFormat.RDF_XML)])
def test_construct_in_each_rdf_format(client: TestClient, media: str, fmt: RdfFormat) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    triples = list(parse(response.content, format=fmt))
    assert len(triples) > 5
    assert any(t.object.value == "Torino" for t in triples)


def test_describe_returns_a_graph(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": f"DESCRIBE <{BASE}/id/comune/001272>"},
                          headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert any(t.object.value == "Torino" for t in parse(response.content,
                                                          format=RdfFormat.TURTLE))


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": LABELS, "format": "csv"},
                          headers={"Accept": JSON})
    assert response.headers["content-type"].startswith("text/csv")


def test_unacceptable_accept_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/csv" in response.json()["detail"]


def test_service_description_without_query(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = list(parse(response.content, format=RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    predicates = {t.predicate.value for t in triples}
    assert {sd + "endpoint", sd + "supportedLanguage", sd + "resultFormat",
            sd + "namedGraph"} <= predicates
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert names == {f"{BASE}/graph/{g}" for g in
                     ("ontology", "vocabularies", "territories", "piano-2030", "inferred",
                      "analysis", "metadata")}
    assert any(t.object.value == sd + "UnionDefaultGraph" for t in triples)


def test_browser_without_query_goes_to_the_query_page(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"},
                          follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/query"


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "POST", "content": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "POST", "data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "GET", "params": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    {"method": "GET", "params": {"update": "CLEAR ALL"}},
], ids=["form-update", "direct-update", "update-as-query", "get-delete", "get-update"])
def test_updates_are_refused(client: TestClient, request_kwargs: dict, store
                             ) -> None:
    before = len(store)
    method = request_kwargs.pop("method")
    response = client.request(method, "/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert len(store) == before
    assert not client.get("/sparql", params={"query": "ASK { <urn:a> ?p ?o }"}).json()["boolean"]


def test_malformed_query_is_400_with_the_parser_message(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p }"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("the query is malformed at line 1, column 26")
    assert "Traceback" not in detail


def test_missing_or_repeated_query_is_400(client: TestClient) -> None:
    assert client.post("/sparql", data={"x": "1"}).status_code == 400
    twice = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert twice.status_code == 400 and "exactly one" in twice.json()["detail"]


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    """HEAD on a resource URI gives the same 303 and Location as GET; on a page, 200 with
    the same content type and no body; on an unknown resource, 404."""
    uri = "/id/organisation/comune-di-chieri"
    head = client.head(uri, headers={"Accept": "text/turtle"}, follow_redirects=False)
    get = client.get(uri, headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert head.status_code == get.status_code == 303
    assert head.headers["location"] == get.headers["location"]
    page = client.head("/page/organisation/comune-di-chieri")
    assert page.status_code == 200 and page.content == b""
    assert page.headers["content-type"].startswith("text/html")
    assert client.head("/id/organisation/no-such-thing").status_code == 404
