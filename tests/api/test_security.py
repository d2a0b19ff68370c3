"""Hostile data cannot inject markup: every label is escaped, the JSON-LD block cannot be
closed early; pages load nothing from other hosts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from sekg.api import ServerSettings, create_app
from sekg.graph.store import EmbeddedStore
from tests.api.conftest import BASE

EVIL_LABEL = "<script>alert(1)</script>"
EVIL_VALUE = "</script><script>alert(2)</script><!--"
EVIL_PROPERTY = '"><img src=x onerror=alert(3)>'
EVIL_SECTION = "<iframe src=javascript:alert(4)>"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


@pytest.fixture(scope="module", params=["reified", "grouped"])
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[TestClient]:
    """A store whose labels, values and provenance are all attacks; the provenance in either
    model (the fact's rdf:Statement, or the sekg:FactGroup of its subject and predicate)."""
    n, g = NamedNode, NamedNode(f"{BASE}/graph/piano-2030")
    evil, friend = n(f"{BASE}/id/organisation/evil"), n(f"{BASE}/id/organisation/friend")
    prop, stmt, record = n(f"{BASE}/ontology#motto"), n(f"{BASE}/id/statement/1"), \
        n(f"{BASE}/id/record/1")
    group = n(f"{BASE}/id/fact-group/0123456789abcdef")
    provenance = [
        Quad(stmt, n(RDF + "subject"), evil, g), Quad(stmt, n(RDF + "predicate"), prop, g),
        Quad(stmt, n(RDF + "object"), Literal(EVIL_VALUE), g),
        Quad(stmt, n("http://www.w3.org/ns/prov#wasDerivedFrom"), record, g),
    ] if request.param == "reified" else [
        Quad(group, n(RDF + "type"), n(f"{BASE}/ontology#FactGroup"), g),
        Quad(group, n(f"{BASE}/ontology#groupSubject"), evil, g),
        Quad(group, n(f"{BASE}/ontology#predicateSet"), n(f"{BASE}/id/predicate-set/1"), g),
        Quad(n(f"{BASE}/id/predicate-set/1"), n(f"{BASE}/ontology#memberPredicate"), prop, g),
        Quad(group, n("http://www.w3.org/ns/prov#wasDerivedFrom"), record, g),
    ]
    quads = provenance + [
        Quad(evil, n(RDFS + "label"), Literal(EVIL_LABEL), g),
        Quad(evil, prop, Literal(EVIL_VALUE), g),
        Quad(prop, n(RDFS + "label"), Literal(EVIL_PROPERTY, language="it"), g),
        Quad(friend, n("http://www.w3.org/ns/org#memberOf"), evil, g),
        Quad(friend, n(RDFS + "label"), Literal(EVIL_LABEL + " friend"), g),
        Quad(record, n(f"{BASE}/ontology#section"), Literal(EVIL_SECTION), g),
    ]
    folder: Path = tmp_path_factory.mktemp(f"hostile-{request.param}") / "store"
    EmbeddedStore.create(folder, quads)
    app = create_app(ServerSettings(store=folder, base_uri=BASE, workers=1))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_entity_page_escapes_every_label(hostile: TestClient) -> None:
    response = hostile.get("/page/organisation/evil")
    assert response.status_code == 200
    html = response.text
    for attack in (EVIL_LABEL, EVIL_VALUE, EVIL_PROPERTY, EVIL_SECTION, "<img", "<iframe"):
        assert attack not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html      # shown, as text
    assert "&lt;iframe src=javascript:alert(4)&gt;" in html      # provenance too
    # one script element only: the JSON-LD block, which still parses to the exact value
    assert len(re.findall(r"<script", html)) == 1
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block is not None
    values = json.dumps(json.loads(block.group(1)), ensure_ascii=False)
    assert json.dumps(EVIL_VALUE)[1:-1] in values
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_incoming_links_and_network_escape_labels(hostile: TestClient) -> None:
    html = hostile.get("/page/organisation/evil").text
    incoming = html.split('<ul id="incoming">')[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; friend" in incoming
    # the provenance's links to the resource are provenance, not incoming links
    assert "statement/1" not in incoming and "fact-group/" not in incoming
    svg = html.split('<svg id="network"')[1].split("</svg>")[0]
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_rest_returns_hostile_labels_as_data(hostile: TestClient) -> None:
    data = hostile.get("/api/organisations/evil").json()
    assert data["label"] == EVIL_LABEL     # JSON is data: kept exact, never HTML


def test_the_404_page_escapes_the_path(hostile: TestClient) -> None:
    response = hostile.get("/page/organisation/x%3Cscript%3E", headers={"Accept": "text/html"})
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "<script>" not in response.text and "x&lt;script&gt;" in response.text


_EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?"
                       r"(?:https?:)?//", re.I)


@pytest.mark.parametrize("path", ["/", "/query", "/docs", "/ontology",
                                  "/page/organisation/comune-di-chieri", "/dumps/"])
def test_pages_load_nothing_from_other_hosts(client: TestClient, path: str) -> None:
    html = client.get(path, headers={"Accept": "text/html"}).text
    assert _EXTERNAL.search(html) is None, _EXTERNAL.search(html)
    for asset in re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"(/static/[^\"]+)\"", html):
        assert client.get(asset).status_code == 200, asset


def test_the_pattern_catches_a_cdn_reference() -> None:
    assert _EXTERNAL.search('<script src="https://cdn.example.org/x.js"></script>')
    assert _EXTERNAL.search("<link rel=stylesheet href=//cdn.example.org/x.css>")
    assert not _EXTERNAL.search('<script src="/static/x.js"></script>')
