"""Errors as problem JSON (RFC 9457): one clear ``detail`` saying what to do, never a trace.

Example
-------
>>> problem(404, "no resource here").body
b'{"type":"about:blank","title":"Not Found","status":404,"detail":"no resource here"}'
"""

from __future__ import annotations

import http
import logging

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sekg.api.execute import QueryFailed
from sekg.ontology.errors import SekgError

__all__ = ["ApiProblem", "install_handlers", "problem"]

log = logging.getLogger(__name__)


class ApiProblem(Exception):
    """An error to answer with ``status`` and ``detail`` (and optional extra headers)."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """A problem+json response."""
    body = {"type": "about:blank", "title": http.HTTPStatus(status).phrase, "status": status,
            "detail": detail}
    return JSONResponse(body, status_code=status, headers=headers,
                        media_type="application/problem+json")


def install_handlers(app: FastAPI) -> None:
    """Answer every error as problem JSON; unexpected ones are logged here, not shown."""

    @app.exception_handler(ApiProblem)
    async def _api(request: Request, exc: ApiProblem) -> Response:
        return problem(exc.status, exc.detail, exc.headers)

    @app.exception_handler(QueryFailed)
    async def _query(request: Request, exc: QueryFailed) -> Response:
        return problem(exc.status, exc.message)

    @app.exception_handler(SekgError)
    async def _sekg(request: Request, exc: SekgError) -> Response:
        return problem(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
        return problem(400, f"parameter {where}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else http.HTTPStatus(
            exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}: see / for what this server offers"
        return problem(exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "an unexpected error happened on the server; it has been logged "
                            "— please try again or report it")
