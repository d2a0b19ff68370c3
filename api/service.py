"""The SPARQL 1.1 Service Description of ``/sparql``, negotiated like any RDF.

Example
-------
``curl -H 'Accept: text/turtle' http://127.0.0.1:8000/sparql`` describes the endpoint: its
query language, result formats, the union default graph and each named graph with its size.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from starlette.requests import Request
from starlette.responses import Response

from sekg.api.execute import serialize_triples
from sekg.api.named import api_query
from sekg.api.negotiation import GRAPH_FORMATS, choose
from sekg.api.problems import ApiProblem
from sekg.api.state import state

__all__ = ["service_description"]

_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_VOID = "http://rdfs.org/ns/void#"
_DCT = "http://purl.org/dc/terms/"


async def service_description(request: Request) -> Response:
    """The description of this endpoint, in the RDF format the client accepts."""
    media = choose(request.headers.get("accept"), list(GRAPH_FORMATS))
    if media is None:
        raise ApiProblem(406, f"the service description is offered as: {', '.join(GRAPH_FORMATS)}")
    server = state(request)
    if "named_graphs" not in server.cache:
        outcome = await server.named(api_query("named_graphs"))
        server.cache["named_graphs"] = [(r["graph"].value, int(r["triples"].value))
                                        for r in outcome.records()]
    graphs: list[tuple[str, int]] = server.cache["named_graphs"]
    endpoint = NamedNode(str(request.url.replace(query="", fragment="")))
    n = NamedNode
    sd = [Triple(endpoint, n(_RDF + "type"), n(_SD + "Service")),
          Triple(endpoint, n(_SD + "endpoint"), endpoint),
          Triple(endpoint, n(_SD + "supportedLanguage"), n(_SD + "SPARQL11Query")),
          Triple(endpoint, n(_SD + "feature"), n(_SD + "UnionDefaultGraph")),
          Triple(endpoint, n(_DCT + "title"), Literal(
              "social-economy-kg SPARQL endpoint (read-only)", language="en"))]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML"):
        sd.append(Triple(endpoint, n(_SD + "resultFormat"), n(_FORMATS + name)))
    dataset, default = BlankNode("dataset"), BlankNode("default")
    sd += [Triple(endpoint, n(_SD + "defaultDataset"), dataset),
           Triple(dataset, n(_RDF + "type"), n(_SD + "Dataset")),
           Triple(dataset, n(_SD + "defaultGraph"), default),
           Triple(default, n(_RDF + "type"), n(_SD + "Graph")),
           Triple(default, n(_VOID + "triples"), Literal(sum(c for _, c in graphs)))]
    for index, (graph, count) in enumerate(graphs):
        named, inner = BlankNode(f"named{index}"), BlankNode(f"graph{index}")
        sd += [Triple(dataset, n(_SD + "namedGraph"), named),
               Triple(named, n(_RDF + "type"), n(_SD + "NamedGraph")),
               Triple(named, n(_SD + "name"), n(graph)),
               Triple(named, n(_SD + "graph"), inner),
               Triple(inner, n(_RDF + "type"), n(_SD + "Graph")),
               Triple(inner, n(_VOID + "triples"), Literal(count))]
    return Response(serialize_triples(sd, media), media_type=media,
                    headers={"Vary": "Accept"})
