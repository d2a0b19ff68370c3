"""The ontology dereferenced: ``{base}/ontology`` (and every ``{base}/ontology#Term``) is HTML
documentation generated from the ontology graph for browsers, or its RDF by ``Accept``.

Example
-------
``curl -H 'Accept: text/turtle' http://127.0.0.1:8000/ontology`` → the OWL ontology;
in a browser, ``/ontology#seat`` jumps to the documentation of ``sekg:seat``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from sekg.api.labels import curie, local_href
from sekg.api.named import api_query
from sekg.api.negotiation import GRAPH_FORMATS, SHORT_NAMES, choose, wants_html
from sekg.api.problems import ApiProblem
from sekg.api.render import render
from sekg.api.state import state

__all__ = ["TermDoc", "router"]

router = APIRouter(tags=["Linked data"])
_OWL = "http://www.w3.org/2002/07/owl#"
_SECTIONS = (("Class", "Classi / Classes"), ("ObjectProperty", "Proprietà di oggetto / "
             "Object properties"), ("DatatypeProperty", "Proprietà di dato / Datatype "
             "properties"), ("AnnotationProperty", "Proprietà di annotazione / Annotation "
             "properties"))


@dataclass
class TermDoc:
    """One documented term: anchor, labels, definitions and its relations."""

    iri: str
    anchor: str
    curie: str
    label_it: str = ""
    label_en: str = ""
    definition_it: str = ""
    definition_en: str = ""
    relations: list[tuple[str, str, str]] = field(default_factory=list)


@router.get("/ontology", summary="The ontology: HTML documentation or RDF by Accept")
@router.get("/ontology.{ext}", summary="The ontology in the format of the extension")
async def ontology(request: Request, ext: str | None = None, format: str | None = None
                   ) -> Response:
    accept = request.headers.get("accept")
    chosen = ext or format
    if chosen:
        media = SHORT_NAMES.get(chosen.lower(), chosen.lower())
        if media != "text/html" and media not in GRAPH_FORMATS:
            raise ApiProblem(404 if ext else 400, f"the ontology is offered as html, ttl, "
                                                  f"jsonld, nt or rdf, not {chosen!r}")
    elif wants_html(accept):
        media = "text/html"
    else:
        media = choose(accept, list(GRAPH_FORMATS)) or ""
        if not media:
            raise ApiProblem(406, f"the ontology is offered as text/html or "
                                  f"{', '.join(GRAPH_FORMATS)}")
    server = state(request)
    if media != "text/html":
        outcome = await server.named(api_query("ontology_graph"), output=media)
        return Response(outcome.body, media_type=media, headers={"Vary": "Accept"})
    if "ontology_docs" not in server.cache:
        server.cache["ontology_docs"] = await _documentation(request)
    header, sections = server.cache["ontology_docs"]
    return render("ontology.html", header=header, sections=sections,
                  headers={"Vary": "Accept"})


Sections = list[tuple[str, list[TermDoc]]]


async def _documentation(request: Request) -> tuple[TermDoc | None, Sections]:
    server = state(request)
    base = server.settings.base_uri
    terms = (await server.named(api_query("ontology_terms"))).records()
    relations = (await server.named(api_query("ontology_relations"))).records()
    docs: dict[str, TermDoc] = {}
    kinds: dict[str, str] = {}
    for row in terms:
        iri = row["term"].value
        doc = docs.setdefault(iri, TermDoc(iri, iri.rpartition("#")[2] if "#" in iri else "",
                                           curie(iri, base)))
        kinds.setdefault(iri, row["kind"].value[len(_OWL):])
        for name in ("label_it", "label_en", "definition_it", "definition_en"):
            if row.get(name) is not None and not getattr(doc, name):
                setattr(doc, name, row[name].value)
    for row in relations:
        described = docs.get(row["term"].value)
        if described is not None:
            target = row["target"].value
            described.relations.append((curie(row["relation"].value, base), curie(target, base),
                                  local_href(target, base)))
    header = next((d for i, d in docs.items() if kinds[i] == "Ontology"), None)
    sections = [(title, sorted((d for i, d in docs.items() if kinds[i] == kind),
                               key=lambda d: d.curie)) for kind, title in _SECTIONS]
    return header, [(t, ds) for t, ds in sections if ds]
