"""The ontology tested like code: it parses, every sekg term used is declared, every term has
Italian and English labels and definitions, and HermiT finds ontology + data consistent."""

from __future__ import annotations

from importlib.resources import files

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from sekg.graph.build import BuildOptions, collect_dataset
from sekg.graph.store import EmbeddedStore
from sekg.ontology.errors import ReasoningError
from sekg.ontology.reasoning import infer_types, java_available
from tests.conftest import need

SEKG = "https://w3id.org/social-economy-kg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ONTOLOGY_FILES = ("sekg-core.ttl", "sekg-process.ttl", "sekg-analysis.ttl", "alignments.ttl",
                  "shapes.ttl")


def _triples(name: str) -> list:
    data = (files("sekg.ontology") / name).read_bytes()
    return [q.triple for q in parse(data, format=RdfFormat.TURTLE)]


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_ontology_file_parses(name: str) -> None:
    assert _triples(name)


def _declared() -> dict[str, dict[str, set[str]]]:
    terms: dict[str, dict[str, set[str]]] = {}
    for name in ("sekg-core.ttl", "sekg-process.ttl", "sekg-analysis.ttl"):
        for t in _triples(name):
            if isinstance(t.subject, NamedNode) and t.subject.value.startswith(SEKG):
                entry = terms.setdefault(t.subject.value, {})
                value = t.object.language if isinstance(t.object, Literal) else t.object.value
                entry.setdefault(t.predicate.value, set()).add(value or "")
    return terms


def test_every_sekg_term_used_anywhere_is_declared() -> None:
    declared = {iri for iri, props in _declared().items() if RDF_TYPE in props}
    sink, shapes = collect_dataset(BuildOptions())
    used = set()
    for q in sink.quads:
        for term in (q.predicate, q.object, q.subject):
            if isinstance(term, NamedNode) and term.value.startswith(SEKG):
                used.add(term.value)
        if q.predicate.value == RDF_TYPE and isinstance(q.object, NamedNode) \
                and q.object.value.startswith(SEKG):
            used.add(q.object.value)
    for t in shapes:
        for term in (t.object, t.subject):
            if isinstance(term, NamedNode) and term.value.startswith(SEKG):
                used.add(term.value)
    assert sorted(used - declared) == []


def test_every_term_has_italian_and_english_label_and_definition() -> None:
    for iri, props in _declared().items():
        if RDF_TYPE not in props:
            continue  # alignment statements about a term declared elsewhere
        assert {"it", "en"} <= props.get(RDFS + "label", set()), iri
        assert {"it", "en"} <= props.get(SKOS + "definition", set()), iri
        assert props.get(RDFS + "isDefinedBy"), iri


@pytest.mark.parametrize("name", sorted(p.name for p in (files("sekg.ontology") / "vocab")
                                        .iterdir() if p.name.endswith(".ttl")))
def test_every_concept_has_labels_in_both_languages(name: str) -> None:
    triples = _triples(f"vocab/{name}")
    concepts = {t.subject.value for t in triples
                if t.predicate.value == RDF_TYPE and t.object.value == SKOS + "Concept"}
    assert concepts
    for concept in concepts:
        langs = {t.object.language for t in triples if t.subject.value == concept
                 and t.predicate.value == SKOS + "prefLabel"}
        assert {"it", "en"} <= langs, concept


def test_hermit_finds_ontology_and_data_consistent_and_infers(store: EmbeddedStore) -> None:
    need(java_available(), "Java is not installed (HermiT needs it)")
    rows = store.select("""PREFIX sekg: <https://w3id.org/social-economy-kg/ontology#>
        SELECT (COUNT(?o) AS ?n) WHERE { GRAPH ?g { ?o a sekg:PublicAdministrationActor }
        FILTER (STRENDS(STR(?g), "/graph/inferred")) }""")
    assert int(rows[0]["n"]) >= 17  # the 17 comuni of the list, at least


def test_hermit_reports_an_inconsistency() -> None:
    need(java_available(), "Java is not installed (HermiT needs it)")
    owl = "http://www.w3.org/2002/07/owl#"
    from pyoxigraph import Triple

    c, d, x = (NamedNode(f"http://e/{n}") for n in "cdx")
    kb = [Triple(c, NamedNode(RDF_TYPE), NamedNode(owl + "Class")),
          Triple(d, NamedNode(RDF_TYPE), NamedNode(owl + "Class")),
          Triple(c, NamedNode(owl + "disjointWith"), d),
          Triple(x, NamedNode(RDF_TYPE), c), Triple(x, NamedNode(RDF_TYPE), d)]
    with pytest.raises(ReasoningError, match="inconsistent"):
        infer_types(kb)
