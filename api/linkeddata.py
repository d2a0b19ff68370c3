"""Dereferenceable URIs: ``/id/...`` answers ``303 See Other`` to ``/page/...`` for browsers
or ``/data/...`` for RDF clients; ``/page/...`` is the entity page, ``/data/...`` its RDF.

A request path is read against the configured base: ``GET /id/comune/001272`` means the
resource ``{SEKG_BASE_URI}/id/comune/001272``, so the server can sit behind any domain that
forwards (or redirects) ``{base}/id/`` to it.

Example
-------
``curl -i -H 'Accept: text/turtle' http://127.0.0.1:8000/id/comune/001272`` → ``303``,
``Location: /data/comune/001272.ttl``.
"""

from __future__ import annotations

import re

from fastapi import APIRouter
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sekg.api.entity import entity_view
from sekg.api.execute import RowLimitExceeded, serialize_triples
from sekg.api.named import api_query
from sekg.api.negotiation import GRAPH_FORMATS, SHORT_NAMES, choose, wants_html
from sekg.api.problems import ApiProblem
from sekg.api.render import render
from sekg.api.resource_rows import resource_rows
from sekg.api.state import ServerState, state
from sekg.queries.catalog import get_query

__all__ = ["EXTENSIONS", "router"]

router = APIRouter(tags=["Linked data"])

#: File extension of each RDF media type offered for a resource.
EXTENSIONS = {"text/turtle": "ttl", "application/ld+json": "jsonld",
              "application/n-triples": "nt", "application/rdf+xml": "rdf"}
_BY_EXTENSION = {ext: media for media, ext in EXTENSIONS.items()}
_PATH = re.compile(r"^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*$")


def _iri(server: ServerState, path: str) -> str:
    if not _PATH.match(path):
        raise ApiProblem(404, f"'/id/{path}' is not an identifier of this dataset")
    return f"{server.settings.base_uri}/id/{path}"


async def _exists(server: ServerState, iri: str) -> bool:
    outcome = await server.named(api_query("resource_exists"), {"resource": iri})
    return bool(outcome.boolean)


def _not_found(request: Request, iri: str) -> Response:
    detail = f"the dataset says nothing about {iri}"
    if wants_html(request.headers.get("accept")):
        return render("error.html", status=404, detail=detail)
    raise ApiProblem(404, detail + ": check the key (see /api/organisations, /query)")


@router.get("/id/{path:path}", summary="A resource's URI: 303 to its page or its data")
async def identifier(path: str, request: Request, format: str | None = None) -> Response:
    server = state(request)
    iri = _iri(server, path)
    if not await _exists(server, iri):
        return _not_found(request, iri)
    accept = request.headers.get("accept")
    if format:
        media = SHORT_NAMES.get(format.lower(), format.lower())
        if media == "text/html":
            return _see_other(f"/page/{path}")
        if media not in GRAPH_FORMATS:
            raise ApiProblem(400, f"format {format!r} is not offered: use html, ttl, jsonld, "
                                  "nt or rdf")
        return _see_other(f"/data/{path}.{EXTENSIONS[media]}")
    if wants_html(accept):
        return _see_other(f"/page/{path}")
    chosen = choose(accept, list(GRAPH_FORMATS))
    if chosen is None:
        raise ApiProblem(406, f"this resource is offered as text/html or "
                              f"{', '.join(GRAPH_FORMATS)}")
    return _see_other(f"/data/{path}.{EXTENSIONS[chosen]}")


def _see_other(location: str) -> Response:
    return RedirectResponse(location, status_code=303, headers={"Vary": "Accept"})


@router.get("/data/{path:path}", summary="A resource's RDF (extension, ?format= or Accept)")
async def data(path: str, request: Request, format: str | None = None) -> Response:
    server = state(request)
    stem, dot, ext = path.rpartition(".")
    if dot and ext in _BY_EXTENSION:
        path, media = stem, _BY_EXTENSION[ext]
    elif format:
        media = SHORT_NAMES.get(format.lower(), format.lower())
        if media not in GRAPH_FORMATS:
            raise ApiProblem(400, f"format {format!r} is not offered: use ttl, jsonld, nt "
                                  "or rdf")
    else:
        chosen = choose(request.headers.get("accept"), list(GRAPH_FORMATS))
        if chosen is None:
            raise ApiProblem(406, f"this resource is offered as {', '.join(GRAPH_FORMATS)}")
        media = chosen
    iri = _iri(server, path)
    try:
        outcome = await server.named(get_query("describe_resource"), {"resource": iri},
                                     output=media)
    except RowLimitExceeded:
        # at national scale a rule's fact group lists 400,000 subjects: its page shows the
        # first of them, its whole description is read in parts
        limit = server.settings.max_rows
        raise ApiProblem(422, f"the description of {iri} has more than {limit:,} triples, "
                              f"this server's limit: see its page /page/{path}, read it in "
                              f"parts at /sparql (SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} "
                              f"ORDER BY ?p ?o LIMIT {limit} OFFSET ...), or download the "
                              "dataset from /dumps/") from None
    if outcome.count == 0:
        return _not_found(request, iri)
    return Response(outcome.body, media_type=media, headers={"Vary": "Accept"})


@router.get("/page/{path:path}", summary="A resource's HTML page")
async def page(path: str, request: Request) -> Response:
    server = state(request)
    if not _PATH.match(path):
        return render("error.html", status=404,
                      detail=f"'/page/{path}' is not a page of this dataset")
    iri = _iri(server, path)
    # the queries run side by side in the query processes; a resource with very many values
    # gets the first of each (resource_rows.py)
    rows = await resource_rows(server, iri)
    if not rows.outgoing and not rows.incoming:
        return render("error.html", status=404, detail=f"the dataset says nothing about {iri}")
    view = entity_view(iri, server.settings.base_uri, rows.outgoing, rows.incoming,
                       rows.provenance, rows.value_counts, rows.incoming_count,
                       rows.provenance_complete)
    from pyoxigraph import NamedNode, Triple

    subject = NamedNode(iri)
    triples = list({Triple(subject, r["p"], r["o"]) for r in rows.outgoing})
    jsonld = serialize_triples(sorted(triples, key=str), "application/ld+json").decode()
    # inside <script> only '<' could end the block: escape it (and '>' '&') as JSON does
    jsonld = jsonld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return render("entity.html", view=view, jsonld=Markup(jsonld), data_href=f"/data/{path}")
