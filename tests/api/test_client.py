"""Real clients against a really running ``sekg serve``: SPARQLWrapper and a linked-data
client following 303s (urllib)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from pyoxigraph import RdfFormat, parse
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.api.conftest import BASE


def _wrapper(live: str, query: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(f"{live}/sparql")
    wrapper.setQuery(query)
    return wrapper


def test_sparqlwrapper_select_get_and_post(live: str) -> None:
    query = ("SELECT ?label WHERE { <" + BASE + "/id/comune/001272> "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    for method in ("GET", POST):
        wrapper = _wrapper(live, query)
        wrapper.setReturnFormat(JSON)
        wrapper.setMethod(method)
        result = wrapper.query().convert()
        assert isinstance(result, dict)
        assert [b["label"]["value"] for b in result["results"]["bindings"]] == ["Torino"]


def test_sparqlwrapper_ask_and_construct(live: str) -> None:
    wrapper = _wrapper(live, "ASK { ?s a <http://www.w3.org/ns/org#Organization> }")
    wrapper.setReturnFormat(JSON)
    answer = wrapper.query().convert()
    assert isinstance(answer, dict) and answer["boolean"] is True
    wrapper = _wrapper(live, f"CONSTRUCT WHERE {{ <{BASE}/id/comune/001272> ?p ?o }}")
    wrapper.setReturnFormat(TURTLE)
    body = wrapper.query().response.read()
    assert any(t.object.value == "Torino" for t in parse(body, format=RdfFormat.TURTLE))


def test_sparqlwrapper_sees_a_malformed_query(live: str) -> None:
    wrapper = _wrapper(live, "SELECT ?x WHERE { ?x }")
    wrapper.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="malformed"):
        wrapper.query()


def test_a_linked_data_client_follows_303_to_turtle(live: str) -> None:
    request = urllib.request.Request(f"{live}/id/organisation/comune-di-chieri",
                                     headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.url == f"{live}/data/organisation/comune-di-chieri.ttl"
        assert response.headers["Content-Type"].startswith("text/turtle")
        triples = list(parse(response.read(), format=RdfFormat.TURTLE))
    assert any(t.object.value == "Comune di Chieri" for t in triples)


def test_a_browser_gets_the_page(live: str) -> None:
    request = urllib.request.Request(f"{live}/id/organisation/comune-di-chieri",
                                     headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.url == f"{live}/page/organisation/comune-di-chieri"
        assert "<h1 id=\"title\">Comune di Chieri</h1>" in response.read().decode()


def test_unknown_resource_is_404(live: str) -> None:
    request = urllib.request.Request(f"{live}/id/organisation/no-such-thing",
                                     headers={"Accept": "text/turtle"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code == 404
