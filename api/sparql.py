"""The SPARQL 1.1 Protocol at ``/sparql``: query by GET, form POST or direct POST.

Results are negotiated by ``Accept`` (or ``?format=``): SELECT/ASK as SPARQL JSON, XML, CSV
or TSV; CONSTRUCT/DESCRIBE as Turtle, JSON-LD, N-Triples or RDF/XML; a client that accepts only
HTML (a browser) gets the first of these, others accepting none of them 406 without the query
being run (a malformed query is 400 first, whatever ``Accept`` says: its syntax is checked).
Without ``default-graph-uri`` and ``named-graph-uri`` the default graph is the union of the
named graphs. Updates are refused: the store is open read-only. Without a query the endpoint
describes itself (SPARQL 1.1 Service Description); a browser is sent to the query page.

Example
-------
``curl -H 'Accept: text/csv' --data-urlencode 'query=ASK {}' http://127.0.0.1:8000/sparql``
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sekg.api.execute import SYNTAX_ONLY, QueryTask
from sekg.api.negotiation import GRAPH_FORMATS, RESULT_FORMATS, SHORT_NAMES, choose, wants_html
from sekg.api.problems import ApiProblem
from sekg.api.service import service_description
from sekg.api.state import state
from sekg.queries.catalog import query_form
from sekg.queries.syntax import is_update

__all__ = ["router"]

router = APIRouter(tags=["SPARQL"])

_READ_ONLY = ("SPARQL Update is refused: this endpoint is read-only. Download the dataset "
              "from /dumps/ and load it into a store of your own to change it")


@router.get("/sparql", summary="SPARQL 1.1 query (GET), or the service description")
async def sparql_get(request: Request) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        raise ApiProblem(403, _READ_ONLY)
    if "query" not in params:
        if wants_html(request.headers.get("accept")):
            return RedirectResponse("/query", status_code=303)
        return await service_description(request)
    return await _answer(request, params)


@router.post("/sparql", summary="SPARQL 1.1 query (form or direct POST); updates refused")
async def sparql_post(request: Request) -> Response:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    if kind == "application/sparql-update" or "update" in url_params:
        raise ApiProblem(403, _READ_ONLY)
    body = await request.body()
    if kind == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise ApiProblem(400, "the form body is not UTF-8") from None
        if "update" in form:
            raise ApiProblem(403, _READ_ONLY)
        return await _answer(request, form)
    if kind == "application/sparql-query":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiProblem(400, "the query is not UTF-8 text") from None
        return await _answer(request, {**url_params, "query": [text]})
    raise ApiProblem(415, f"cannot read a {kind or 'body without Content-Type'}: POST a query "
                          "as application/x-www-form-urlencoded (query=...) or as "
                          "application/sparql-query")


async def _answer(request: Request, params: Mapping[str, Sequence[str]]) -> Response:
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise ApiProblem(400, "give exactly one non-empty 'query' parameter")
    query = queries[0]
    if is_update(query):
        raise ApiProblem(403, _READ_ONLY)
    form = query_form(query)
    offered = list(GRAPH_FORMATS) if form in ("CONSTRUCT", "DESCRIBE") else list(RESULT_FORMATS)
    media = _negotiate(request, params, offered)
    server = state(request)
    default = tuple(params["default-graph-uri"]) if "default-graph-uri" in params else None
    named = tuple(params["named-graph-uri"]) if "named-graph-uri" in params else None
    for iri in (default or ()) + (named or ()):
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", iri):
            raise ApiProblem(400, f"graph URI {iri!r} is not an absolute IRI")
    if media is None:
        # no answer can be sent, so none is computed; but a malformed query is a 400 whatever
        # the Accept header, so its syntax is checked first (a QueryFailed, said as a 400)
        await server.run(QueryTask(query, SYNTAX_ONLY))
        accept = request.headers.get("accept")
        raise ApiProblem(406, f"none of the accepted types ({accept}) is offered for this "
                              f"query; accept one of: {', '.join(offered)}")
    outcome = await server.run(QueryTask(query, media, default, named,
                                         server.settings.max_rows))
    return Response(outcome.body, media_type=_with_charset(outcome.media_type),
                    headers={"Vary": "Accept"})


def _negotiate(request: Request, params: Mapping[str, Sequence[str]],
               offered: list[str]) -> str | None:
    """The media type to answer in, or None when the client accepts none of ``offered``."""
    fmt = params.get("format", [""])[0].lower()
    if fmt:
        media = SHORT_NAMES.get(fmt, fmt)
        if media not in offered:
            raise ApiProblem(400, f"format {fmt!r} does not fit this query; use one of: "
                                  f"{', '.join(offered)}")
        return media
    accept = request.headers.get("accept")
    chosen = choose(accept, offered)
    if chosen is not None:
        return chosen
    if wants_html(accept):
        # Results have no HTML form here (the query page /query runs queries in the browser).
        # HTTP lets a server disregard Accept rather than answer 406 (RFC 9110, 12.5.1): a
        # browser asking for a page gets the default format, which it can show
        return offered[0]
    return None




def _with_charset(media: str) -> str:
    textual = media.startswith("text/") or media.endswith(("json", "xml", "triples"))
    return f"{media}; charset=utf-8" if textual else media
