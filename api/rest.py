"""The JSON API (``/api/...``, documented at ``/docs``): organisations with filters and
pagination, one organisation with its links, territories, plan themes and objectives,
consultation proposals, and the query catalogue (list, run → JSON or CSV).

Every answer comes from a named query (``api/queries/`` or the catalogue) with typed,
VALUES-bound parameters. Pagination slices the filtered, sorted list in Python: SPARQL's
LIMIT cannot be bound as a parameter, and no SPARQL is assembled from strings here.

Example
-------
``curl 'http://127.0.0.1:8000/api/organisations?helix=finance&limit=5'``
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sekg.api.entity import entity_view
from sekg.api.execute import QueryOutcome
from sekg.api.named import api_query
from sekg.api.negotiation import choose
from sekg.api.problems import ApiProblem
from sekg.api.resource_rows import resource_rows
from sekg.api.state import state
from sekg.ontology.iri import KEY_PATTERN
from sekg.queries.catalog import CatalogError, get_query, load_catalog, similar_names
from sekg.queries.results import Table, term_kind

__all__ = ["router", "table_of"]

router = APIRouter(prefix="/api", tags=["REST"])
_FILTERS = ("helix", "family", "legal_form", "zone", "comune", "q")


def _value(term: Any) -> str:
    return "" if term is None else str(term.value)


def table_of(outcome: QueryOutcome) -> Table:
    """A query's terms as a table of lexical values and their kinds (a graph as
    subject/predicate/object)."""
    if outcome.form == "ask":
        return Table.ask(bool(outcome.boolean))
    if outcome.form == "graph":
        terms = sorted(((t.subject, t.predicate, t.object) for t in outcome.triples or []),
                       key=lambda row: [_value(t) for t in row])
    else:
        terms = list(outcome.rows or [])
    columns = ["subject", "predicate", "object"] if outcome.form == "graph" \
        else list(outcome.variables or [])
    return Table(columns, [[_value(t) for t in row] for row in terms],
                 [[term_kind(t) for t in row] for row in terms])


def _code(iri: str) -> str:
    return iri.rstrip("/").rpartition("/")[2]


@router.get("/organisations", summary="Organisations, filtered and paginated")
async def organisations(
    request: Request,
    helix: Annotated[str | None, Query(description="helix code; narrower helices included, "
                                       "e.g. finance")] = None,
    family: Annotated[str | None, Query(description="social-economy family, e.g. "
                                        "cooperative")] = None,
    legal_form: Annotated[str | None, Query(description="legal form code, e.g. srl")] = None,
    zone: Annotated[str | None, Query(description="zona omogenea of the seat, 1–11")] = None,
    comune: Annotated[str | None, Query(description="ISTAT code of the seat, e.g. 001272")
                      ] = None,
    q: Annotated[str | None, Query(description="text in the label (any case)",
                                   max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    server = state(request)
    given = {"helix": helix, "family": family, "legal_form": legal_form, "zone": zone,
             "comune": comune, "q": q}
    params = {k: v for k, v in given.items() if v}  # neither None nor empty
    outcome = await server.named(api_query("organisations"), params)
    items: dict[str, dict[str, Any]] = {}
    for row in outcome.records():
        iri = row["organisation"].value
        item = items.get(iri)
        if item is None:
            item = items[iri] = {
                "key": _code(iri), "iri": iri, "label": row["label"].value,
                "list_number": int(row["number"].value) if row.get("number") else None,
                "helix": [], "family": [], "legal_form": [], "seat": None, "zone": [],
                "page": f"/page/organisation/{_code(iri)}"}
        for field, column in (("helix", "org_helix"), ("family", "org_family"),
                              ("legal_form", "org_legal_form"), ("zone", "seat_zone")):
            if row.get(column) is not None and _code(row[column].value) not in item[field]:
                item[field].append(_code(row[column].value))
        if row.get("seat") is not None:
            item["seat"] = _code(row["seat"].value)
    listed = list(items.values())
    return {"total": len(listed), "limit": limit, "offset": offset,
            "filters": params, "items": listed[offset:offset + limit]}


@router.get("/organisations/{key}", summary="One organisation with its facts and links")
async def organisation(request: Request, key: Annotated[str, Path(max_length=200)]
                       ) -> dict[str, Any]:
    server = state(request)
    if not KEY_PATTERN.match(key):
        raise ApiProblem(404, f"no organisation with key {key!r}: keys are lower-case words "
                              "joined by hyphens (see /api/organisations)")
    iri = server.minter.resource("organisation", key)
    rows = await resource_rows(server, iri)
    if not rows.outgoing:
        raise ApiProblem(404, f"no organisation with key {key!r} (see /api/organisations)")
    view = entity_view(iri, server.settings.base_uri, rows.outgoing, rows.incoming,
                       rows.provenance, rows.value_counts, rows.incoming_count,
                       rows.provenance_complete)
    return {"key": key, "iri": iri, "label": view.title, "page": f"/page/organisation/{key}",
            "types": [t.text for t in view.types],
            "properties": [asdict(p) for p in view.properties],
            "incoming": [asdict(link) for link in view.incoming],
            "incoming_total": view.incoming_total,
            "provenance_complete": view.provenance_complete}


async def _catalogue_records(request: Request, name: str, params: dict[str, str]
                             ) -> list[dict[str, Any]]:
    outcome = await state(request).named(get_query(name), params)
    return table_of(outcome).json_records()


@router.get("/territories", summary="Zone omogenee and comuni with their participants")
async def territories(request: Request) -> dict[str, Any]:
    return {"zones": await _catalogue_records(request, "territory_participants_by_zone", {}),
            "comuni": await _catalogue_records(request, "territory_participants_by_comune", {})}


@router.get("/themes", summary="Themes of the plan, and its objectives, strategies, actions")
async def themes(request: Request,
                 lang: Annotated[str, Query(pattern="^(it|en)$")] = "it") -> dict[str, Any]:
    return {"themes": await _catalogue_records(request, "plan_themes", {"lang": lang}),
            "elements": await _catalogue_records(request, "plan_elements", {"lang": lang})}


@router.get("/proposals", summary="Proposals of the consultation, their outcome and changes")
async def proposals(request: Request,
                    outcome: Annotated[str | None, Query(description="outcome code, e.g. "
                                                         "integrated")] = None,
                    lang: Annotated[str, Query(pattern="^(it|en)$")] = "it") -> dict[str, Any]:
    params = {"lang": lang, **({"outcome": outcome} if outcome else {})}
    return {"proposals": await _catalogue_records(request, "consultation_proposals", params)}


@router.get("/gaps", summary="Partnership gaps found by the network analysis, most severe "
                            "first")
async def gaps(request: Request,
               zone: Annotated[int | None, Query(ge=1, le=11, description="zona omogenea "
                                                 "1-11")] = None,
               helix: Annotated[str | None, Query(max_length=60, description="helix code, "
                                                  "e.g. finance")] = None,
               theme: Annotated[str | None, Query(max_length=120, description="plan theme "
                                                  "code")] = None) -> dict[str, Any]:
    params = {k: str(v) for k, v in (("zone", zone), ("helix", helix), ("theme", theme))
              if v is not None}
    rows = await _catalogue_records(request, "analysis_gaps", params)
    gaps = [{**row, "kind": row["kind"].rsplit("#", 1)[-1],
             "scopes": row["scopes"].split() if row["scopes"] else [],
             "suggested": row["suggested"].split() if row["suggested"] else []}
            for row in rows]
    return {"gaps": gaps}


@router.get("/queries", summary="The catalogue of questions")
async def queries() -> dict[str, Any]:
    return {"queries": [
        {"name": q.name, "title": q.title, "description": q.description,
         "question": q.question, "tags": list(q.tags), "form": q.kind,
         "params": [{"name": p.name, "type": p.type, "default": p.default,
                     "description": p.description} for p in q.params],
         "run": f"/api/queries/{q.name}"} for q in load_catalog().values()]}


@router.get("/queries/{name}", summary="Run a catalogue question; parameters as query "
                                       "string; JSON or CSV (format= or Accept)",
            response_model=None)
async def run_query(request: Request, name: str) -> Response:
    try:
        query = get_query(name)
    except CatalogError as exc:
        # the error's own hint is for the command line (`sekg query list`)
        close = similar_names(name)
        guess = f"did you mean: {', '.join(close)}? " if close else ""
        raise ApiProblem(404, f"{exc.message} — {guess}GET /api/queries lists the questions") \
            from None
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    for key in params:
        if len(request.query_params.getlist(key)) > 1:
            raise ApiProblem(400, f"parameter {key} is given more than once")
    fmt = request.query_params.get("format")
    if fmt is None:
        fmt = "csv" if choose(request.headers.get("accept"),
                              ["application/json", "text/csv"]) == "text/csv" else "json"
    if fmt not in ("json", "csv"):
        raise ApiProblem(400, f"format {fmt!r} is not offered: use json or csv")
    table = table_of(await state(request).named(query, params))
    if fmt == "csv":
        return Response(table.to_csv(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{name}.csv"'})
    return JSONResponse({"query": name, "params": params, **table.json_document()})

