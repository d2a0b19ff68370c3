"""The app factory of the linked-data server: routes, limits, CORS and error handling.

Example
-------
>>> from sekg.api.settings import ServerSettings
>>> app = create_app(ServerSettings(store="var"))
>>> sorted(set(app.openapi()["paths"]) & {"/sparql", "/ontology", "/api/organisations"})
['/api/organisations', '/ontology', '/sparql']
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.cors import CORSMiddleware

from sekg.api import browse, dataset, linkeddata, ontology_docs, pages, rest, sparql
from sekg.api.head import HeadAsGet
from sekg.api.limits import BodyLimit
from sekg.api.pool import QueryPool
from sekg.api.problems import install_handlers
from sekg.api.settings import ServerSettings
from sekg.api.state import ServerState

__all__ = ["create_app"]


def create_app(settings: ServerSettings, pool: QueryPool | None = None) -> FastAPI:
    """The server for ``settings``. Its query processes (``pool``) are started and stopped
    with the app (its lifespan) unless a pool is passed in, which its owner runs."""
    server = ServerState(settings, pool)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if pool is not None:
            yield
            return
        server.pool = QueryPool(settings.store, settings.workers, settings.query_timeout,
                                in_memory=settings.in_memory)
        await server.pool.start()
        try:
            yield
        finally:
            await server.pool.close()
            server.pool = None

    app = FastAPI(
        title="social-economy-kg",
        summary="Linked open data on the social economy of the Città metropolitana di Torino",
        description="A read-only SPARQL 1.1 endpoint (`/sparql`), dereferenceable URIs "
                    "(`/id/...` → `/page/...` or `/data/...`) and this JSON API. Every query "
                    f"is limited to {settings.query_timeout:g} s and {settings.max_rows:,} rows.",
        version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.sekg = server
    install_handlers(app)
    app.include_router(sparql.router)
    app.include_router(rest.router)
    app.include_router(linkeddata.router)
    app.include_router(ontology_docs.router)
    app.include_router(dataset.router)
    app.include_router(pages.router)
    app.include_router(browse.router)
    app.mount("/static", StaticFiles(packages=[("sekg.api", "static")]), name="static")
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD"],
                       allow_headers=["Accept"], max_age=3600)
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    app.add_middleware(HeadAsGet)
    return app
