"""The dataset's descriptions and files: VoID at ``/.well-known/void``, the DCAT-AP_IT
catalogue at ``/catalog``, and the dumps at ``/dumps/NAME``, all as written by the build.

Example
-------
``curl -H 'Accept: application/ld+json' http://127.0.0.1:8000/.well-known/void``
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from pyoxigraph import RdfFormat, parse
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from sekg.api.execute import serialize_triples
from sekg.api.negotiation import GRAPH_FORMATS, choose, wants_html
from sekg.api.problems import ApiProblem
from sekg.api.render import render
from sekg.api.state import state
from sekg.graph.publish import DUMP_FILES

__all__ = ["DESCRIPTION_FILES", "router"]

router = APIRouter(tags=["Dataset"])

#: Every file of ``dumps/`` the server hands out, with its media type.
DESCRIPTION_FILES = {"void.ttl": "text/turtle", "dcat.ttl": "text/turtle",
                     "context.jsonld": "application/ld+json"}
_FILES = {**{d.name: d.media_type for d in DUMP_FILES}, **DESCRIPTION_FILES}


def _dumps(request: Request) -> Path:
    folder = state(request).settings.build_folder
    if folder is None or not (folder / "dumps").is_dir():
        raise ApiProblem(404, "this server has no dumps: it serves a remote store, or the "
                              "build folder has no dumps/ (run `sekg build`)")
    return folder / "dumps"


def _description(request: Request, name: str) -> Response:
    path = _dumps(request) / name
    media = choose(request.headers.get("accept"), list(GRAPH_FORMATS))
    if media is None:
        raise ApiProblem(406, f"offered as: {', '.join(GRAPH_FORMATS)}")
    if media == "text/turtle":
        return FileResponse(path, media_type="text/turtle", headers={"Vary": "Accept"})
    triples = list(parse(path=str(path), format=RdfFormat.TURTLE))
    return Response(serialize_triples(triples, media), media_type=media,
                    headers={"Vary": "Accept"})


@router.get("/.well-known/void", summary="VoID description of the dataset")
async def void(request: Request) -> Response:
    return _description(request, "void.ttl")


@router.get("/catalog", summary="DCAT-AP_IT catalogue of the dataset")
async def catalog(request: Request) -> Response:
    return _description(request, "dcat.ttl")


@router.get("/dumps/", summary="The downloadable dumps")
async def dump_list(request: Request) -> Response:
    folder = _dumps(request)
    files = [{"name": name, "media_type": media, "bytes": (folder / name).stat().st_size,
              "href": f"/dumps/{name}"} for name, media in _FILES.items()
             if (folder / name).is_file()]
    if wants_html(request.headers.get("accept")):
        return render("dumps.html", files=files)
    from starlette.responses import JSONResponse

    return JSONResponse({"dumps": files})


@router.get("/dumps/{name}", summary="One dump file")
async def dump(name: str, request: Request) -> Response:
    if name not in _FILES:
        raise ApiProblem(404, f"no dump named {name!r}: one of {', '.join(_FILES)}")
    path = _dumps(request) / name
    if not path.is_file():
        raise ApiProblem(404, f"{name} is missing from the build: rebuild with `sekg build`")
    return FileResponse(path, media_type=_FILES[name], filename=name,
                        content_disposition_type="inline")
