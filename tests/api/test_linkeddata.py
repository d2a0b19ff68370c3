"""Dereferencing and content negotiation, entity pages, ontology docs, VoID, DCAT, dumps."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import RdfFormat, parse

from tests.api.conftest import BASE

CHIERI = "organisation/comune-di-chieri"


@pytest.mark.parametrize("accept, location", [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", f"/page/{CHIERI}"),
    ("text/turtle", f"/data/{CHIERI}.ttl"),
    ("application/ld+json", f"/data/{CHIERI}.jsonld"),
    ("application/n-triples", f"/data/{CHIERI}.nt"),
    ("application/rdf+xml", f"/data/{CHIERI}.rdf"),
    ("*/*", f"/data/{CHIERI}.ttl"),
    ("text/html;q=0.5, application/ld+json", f"/data/{CHIERI}.jsonld"),
])
def test_id_is_303_by_accept(client: TestClient, accept: str, location: str) -> None:
    response = client.get(f"/id/{CHIERI}", headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == location
    assert "Accept" in response.headers["vary"]


def test_id_format_parameter(client: TestClient) -> None:
    response = client.get(f"/id/{CHIERI}?format=nt", follow_redirects=False)
    assert response.headers["location"] == f"/data/{CHIERI}.nt"
    assert client.get(f"/id/{CHIERI}?format=html", follow_redirects=False
                      ).headers["location"] == f"/page/{CHIERI}"
    assert client.get(f"/id/{CHIERI}?format=png", follow_redirects=False).status_code == 400


def test_unknown_resources_are_404(client: TestClient) -> None:
    assert client.get("/id/organisation/nobody", headers={"Accept": "text/turtle"}
                      ).status_code == 404
    page = client.get("/page/organisation/nobody")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert client.get("/data/organisation/nobody.ttl").status_code == 404
    assert client.get("/id/..%2Fetc/passwd").status_code == 404


@pytest.mark.parametrize("ext, fmt", [("ttl", RdfFormat.TURTLE), ("jsonld", RdfFormat.JSON_LD),
                                      ("nt", RdfFormat.N_TRIPLES), ("rdf", RdfFormat.RDF_XML)])
def test_data_in_each_format_with_provenance(client: TestClient, ext: str, fmt: RdfFormat
                                             ) -> None:
    response = client.get(f"/data/{CHIERI}.{ext}")
    assert response.status_code == 200
    triples = list(parse(response.content, format=fmt))
    subject = f"{BASE}/id/{CHIERI}"
    assert any(t.subject.value == subject and t.object.value == "Comune di Chieri"
               for t in triples)
    # the provenance (statements of reified facts, fact groups) and its records come along
    assert any(t.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom" for t in triples)


def test_data_by_accept_and_by_format(client: TestClient) -> None:
    by_accept = client.get(f"/data/{CHIERI}", headers={"Accept": "application/n-triples"})
    assert by_accept.headers["content-type"].startswith("application/n-triples")
    by_format = client.get(f"/data/{CHIERI}?format=jsonld")
    assert by_format.headers["content-type"].startswith("application/ld+json")


def test_entity_page(client: TestClient) -> None:
    html = client.get(f"/page/{CHIERI}").text
    assert '<h1 id="title">Comune di Chieri</h1>' in html
    # property labels in Italian and English, from the ontology
    assert 'title="https://w3id.org/social-economy-kg/ontology#seat">sede</a></td>' in html
    assert "<td rowspan=\"1\">seat</td>" in html
    # a value's label, not its IRI: the seat's comune
    assert ">Chieri</a>" in html
    # provenance per fact: method, section of the document, curated file and line
    assert "Ringraziamento" in html and "participants.csv:38" in html
    # the network view and the incoming links
    assert "<svg id=\"network\"" in html and "<ul id=\"incoming\">" in html
    # embedded JSON-LD that parses and describes the resource
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert any(node.get("@id") == f"{BASE}/id/{CHIERI}" for node in data)


def test_page_of_a_comune_lists_incoming_links(client: TestClient) -> None:
    html = client.get("/page/comune/001272").text
    incoming = html.split('<ul id="incoming">')[1]
    assert "Comune di Torino" in incoming or "Città di Torino" in incoming


def test_ontology_documentation_and_rdf(client: TestClient) -> None:
    html = client.get("/ontology", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "text/html" in html.headers["content-type"]
    text = html.text
    assert 'id="PrivateCitizen"' in text and "Privato cittadino" in text
    assert "Private citizen" in text
    assert "cov:PublicOrganization" in text   # an alignment
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    triples = list(parse(turtle.content, format=RdfFormat.TURTLE))
    assert any(t.subject.value == f"{BASE}/ontology#PrivateCitizen" for t in triples)
    assert client.get("/ontology.jsonld").headers["content-type"].startswith(
        "application/ld+json")


def test_ontology_terms_link_to_the_docs(client: TestClient) -> None:
    html = client.get(f"/page/{CHIERI}").text
    assert 'href="/ontology#seat"' in html


def test_void_catalog_and_dumps(client: TestClient, build_dir) -> None:
    void = client.get("/.well-known/void")
    assert void.headers["content-type"].startswith("text/turtle")
    assert any(t.predicate.value == "http://rdfs.org/ns/void#triples"
               for t in parse(void.content, format=RdfFormat.TURTLE))
    catalog = client.get("/catalog", headers={"Accept": "application/ld+json"})
    assert any(t.object.value == "http://dati.gov.it/onto/dcatapit#Catalog"
               for t in parse(catalog.content, format=RdfFormat.JSON_LD))
    listing = client.get("/dumps/").json()["dumps"]
    assert {d["name"] for d in listing} >= {"dataset.trig", "dataset.nq", "void.ttl"}
    dump = client.get("/dumps/dataset.nt")
    assert dump.content == (build_dir / "dumps" / "dataset.nt").read_bytes()
    assert client.get("/dumps/..%2Fstore").status_code == 404
    assert client.get("/dumps/secret.txt").status_code == 404
