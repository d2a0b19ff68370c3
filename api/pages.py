"""The pages for people: the start page, the SPARQL query page (YASGUI, served from this
server with the catalogue's questions preloaded) and the API docs (Swagger UI, local copy).

Example
-------
Open ``http://127.0.0.1:8000/query``, pick a question, press the run button.
"""

from __future__ import annotations

import json

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from sekg.api.render import render
from sekg.api.state import state
from sekg.queries.catalog import load_catalog

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(request: Request) -> Response:
    base = state(request).settings.base_uri
    return render("home.html", base=base)


@router.get("/query")
async def query_page(request: Request) -> Response:
    base = state(request).settings.base_uri
    catalogue = [{"name": q.name, "title": q.title.get("it") or q.title.get("en", ""),
                  "title_en": q.title.get("en", ""), "tags": list(q.tags),
                  "text": q.bound({}, base)} for q in load_catalog().values()]
    # a JSON data block is never run; '<' is escaped so no text can close it
    data = json.dumps(catalogue, ensure_ascii=False).replace("<", "\\u003c")
    settings = state(request).settings
    return render("query.html", catalogue=catalogue, catalogue_json=Markup(data),
                  timeout=settings.query_timeout, max_rows=settings.max_rows)


@router.get("/docs")
async def docs() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="social-economy-kg API",
                               swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                               swagger_css_url="/static/swagger/swagger-ui.css",
                               swagger_favicon_url="/static/swagger/favicon-32x32.png")
