"""``/browse``: the network views of the ecosystem (sekg.viz) served as pages whose nodes
open the entity pages (``/page/...``) and whose zone groups open ``/browse/zone?id=N``.

The projections, gap report, labels and heatmaps are computed once per server (the store is
read-only while it runs), in a worker thread so the event loop stays free.

Example
-------
Open ``http://127.0.0.1:8000/browse`` (the ecosystem), ``/browse/zone``, ``/browse/gaps``,
``/browse/ego?id=ismel&lang=it``.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from sekg.api.problems import ApiProblem
from sekg.api.state import state
from sekg.graph.analysis import GapReport, Projections, analyse, load_projections
from sekg.graph.store import open_store
from sekg.viz import (
    CENTRALITIES,
    LANGUAGES,
    VIEWS,
    Links,
    Plot,
    ViewOptions,
    Vocabulary,
    build_view,
    gap_plots,
    load_vocabulary,
    render_page,
)
from sekg.viz.vocab import messages

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@dataclass
class _Analysis:
    """What every view is built from, computed once per server."""

    projections: Projections
    report: GapReport
    words: dict[str, Vocabulary] = field(default_factory=dict)
    plots: dict[str, list[Plot]] = field(default_factory=dict)


_lock = threading.Lock()


def _analysis(cache: dict[str, Any], location: object, lang: str) -> _Analysis:
    with _lock:   # one computation, even when the first requests arrive together
        found = cache.get("browse")
        if found is None:
            store = open_store(str(location))
            projections = load_projections(store)
            found = cache["browse"] = _Analysis(projections, analyse(projections))
            found.words.update({code: load_vocabulary(store, code) for code in LANGUAGES})
        if lang not in found.plots:
            found.plots[lang] = gap_plots(found.report, lang)
        return found


def _page(html: str) -> HTMLResponse:
    """The page with a Content-Security-Policy that allows exactly its own inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _SCRIPT.findall(html))
    csp = (f"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
           f"script-src {hashes}; object-src 'none'; base-uri 'none'; "
           f"frame-ancestors 'none'")
    return HTMLResponse(html, headers={"Content-Security-Policy": csp,
                                       "X-Content-Type-Options": "nosniff"})


@router.get("/browse")
async def browse_ecosystem(request: Request, lang: Annotated[str, Query()] = "en",
                           size_by: Annotated[str, Query()] = "degree") -> Response:
    return await browse_view(request, "ecosystem", None, lang, size_by)


@router.get("/browse/{view}")
async def browse_view(request: Request, view: str,
                      id: Annotated[str | None, Query()] = None,  # noqa: A002 (the URL's word)
                      lang: Annotated[str, Query()] = "en",
                      size_by: Annotated[str, Query()] = "degree",
                      radius: Annotated[int, Query(ge=1, le=2)] = 1,
                      max_nodes: Annotated[int, Query(ge=1, le=5000)] = 500) -> Response:
    if view not in VIEWS:
        raise ApiProblem(404, f"no view '{view}': use one of {', '.join(VIEWS)}")
    if lang not in LANGUAGES or size_by not in CENTRALITIES:
        raise ApiProblem(400, f"lang is one of {', '.join(LANGUAGES)} and size_by one of "
                              f"{', '.join(CENTRALITIES)}")
    server = state(request)
    settings = server.settings
    data = await run_in_threadpool(_analysis, server.cache, settings.store, lang)
    links = Links(settings.base_uri, page_prefix="/page/",
                  view_template=f"/browse/{{view}}?id={{key}}&lang={lang}")
    options = ViewOptions(lang=lang, size_by=size_by, max_nodes=max_nodes, radius=radius,
                          links=links)
    words = messages(lang)
    nav = [(words["nav.ecosystem"], f"/browse?lang={lang}"),
           (words["nav.zones"], f"/browse/zone?lang={lang}"),
           (words["nav.gaps"], f"/browse/gaps?lang={lang}")]

    def build() -> str:
        built = build_view(view, data.projections, data.report, options, data.words[lang], id)
        return render_page(built, data.plots[lang], nav)

    return _page(await run_in_threadpool(build))
