"""The reasoner's input without its inert triples: what is dropped, what must stay, and HermiT's
answers unchanged, on tiny hand-built inputs and on the Turin graph."""

from __future__ import annotations

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from sekg.graph.build import BuildOptions, collect_dataset
from sekg.graph.reasoner_child import reasoning_input
from sekg.ontology.inert import drop_inert
from sekg.ontology.reasoning import infer_types, java_available, prepare_owl_input
from tests.conftest import need

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def n(local: str) -> NamedNode:
    return NamedNode(local if ":" in local else f"http://e/{local}")


def t(s: str, p: str, o: str | Literal | BlankNode) -> Triple:
    return Triple(n(s), n(p), o if isinstance(o, Literal | BlankNode) else n(o))


A = RDF + "type"
#: C and D are classes, D is a C, x is a D, p's domain is D; q is declared and asserted only
TBOX = [t("C", A, OWL + "Class"), t("D", A, OWL + "Class"), t("D", RDFS + "subClassOf", "C"),
        t("p", A, OWL + "ObjectProperty"), t("p", RDFS + "domain", "D"),
        t("q", A, OWL + "ObjectProperty"), t("note", A, OWL + "AnnotationProperty")]


def test_annotations_axiom_free_assertions_and_lone_same_as_are_dropped() -> None:
    dropped = [t("x", RDFS + "label", Literal("x", language="it")),
               t("x", "note", "y"),                 # an annotation with an IRI value
               t("q", RDFS + "label", Literal("q")),  # annotating q keeps it axiom-free
               t("x", "q", "y"),                    # q: declared, annotated, asserted only
               t("x", OWL + "sameAs", "elsewhere"),  # "elsewhere" is in no other triple
               t("nowhere", OWL + "sameAs", "x")]
    kept = [*TBOX, t("x", A, "D"), t("z", "p", "x")]
    assert drop_inert(kept + dropped) == kept


def test_what_could_change_an_answer_stays() -> None:
    cases = [
        # p has a domain: z p x makes z a D
        [t("z", "p", "x")],
        # q is in an axiom (here a super-property), so its assertions are not inert
        [t("x", "q", "y"), t("q", RDFS + "subPropertyOf", "p")],
        # q is used from a blank node (an anonymous individual): left alone
        [Triple(BlankNode("b"), n("q"), n("y")), t("x", "q", "y")],
        # q's characteristic is an axiom
        [t("q", A, OWL + "FunctionalProperty"), t("x", "q", "y"), t("x", "q", "w")],
        # both sides of the sameAs occur elsewhere
        [t("x", OWL + "sameAs", "y"), t("y", A, "C")],
        # "note" is declared with two kinds (illegal punning): not taken for an annotation
        [t("note", A, OWL + "ObjectProperty"), t("x", "note", "y")],
        # an annotation on a blank node (e.g. an axiom's reification): left alone
        [Triple(BlankNode("a"), n(RDFS + "label"), Literal("a"))],
    ]
    for extra in cases:
        triples = [*TBOX, t("x", A, "D"), *extra]
        assert drop_inert(triples) == triples, extra


def test_hermit_answers_the_same_on_the_dropped_cases() -> None:
    need(java_available(), "Java is not installed (HermiT needs it)")
    kb = [*TBOX, t("x", A, "D"), t("z", A, OWL + "Thing"), t("z", "p", "w"), t("x", "q", "y"),
          t("y", "q", "z"), t("x", OWL + "sameAs", "elsewhere"),
          t("x", RDFS + "label", Literal("x")), t("x", SKOS + "inScheme", "scheme")]
    assert len(prepare_owl_input(kb).splitlines()) < len(prepare_owl_input(kb, False)
                                                         .splitlines())
    answers = infer_types(kb)
    assert answers == infer_types(kb, prune=False)
    assert answers == {("http://e/x", "http://e/C"), ("http://e/z", "http://e/D"),
                       ("http://e/z", "http://e/C")}


@pytest.fixture(scope="module")
def turin_input() -> list[Triple]:
    sink, _shapes = collect_dataset(BuildOptions())
    return reasoning_input(sink.quads, sink.minter)


def test_turin_input_shrinks_by_a_third(turin_input: list[Triple]) -> None:
    """The measurement behind the pruning (4,838 -> 3,275 triples on 2026-11-26): if the
    pruning stopped finding the labels, the SKOS links and the OntoPiA sameAs, HermiT would
    silently be slower again."""
    full = len(prepare_owl_input(turin_input, prune=False).splitlines())
    pruned = len(prepare_owl_input(turin_input).splitlines())
    assert pruned < 0.75 * full


def test_turin_inferences_are_those_of_the_whole_input(turin_input: list[Triple]) -> None:
    need(java_available(), "Java is not installed (HermiT needs it)")
    assert infer_types(turin_input) == infer_types(turin_input, prune=False)
