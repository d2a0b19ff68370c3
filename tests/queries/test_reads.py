"""What a query reads (queries/reads.py): quads it says cannot change an answer do not change
it, on every catalogue query and the built graph's own graphs; and the cases that defeat the
reasoning are read as "anything"."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, Store

from sekg.graph.build import BuildReport
from sekg.graph.store import EmbeddedStore
from sekg.queries import reads
from sekg.queries.catalog import load_catalog
from sekg.queries.reads import reads_of
from sekg.queries.results import term_value

BASE = "https://w3id.org/social-economy-kg"
CATALOG = load_catalog()
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ORGANISATION = NamedNode(f"{BASE}/id/organisation/comune-di-torino")


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(reads).failed == 0


@pytest.fixture(scope="module")
def quads_by_graph(built: tuple[Path, BuildReport]) -> dict[str, list[Quad]]:
    """The built Turin store's quads (the VoID description included), by graph name."""
    found: dict[str, list[Quad]] = {}
    for quad in EmbeddedStore.open(built[0] / "store", in_memory=False).quads():
        found.setdefault(quad.graph_name.value.rsplit("/", 1)[-1], []).append(quad)  # type: ignore[union-attr]
    return found


def _answers(quads: list[Quad], query: str) -> object:
    """The answer of ``query`` on a store of ``quads``: its rows (or triples) sorted, as
    ties may come in another order from another store."""
    store = Store()
    store.extend(quads)
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, QueryBoolean):
        return bool(result)
    if isinstance(result, QuerySolutions):
        columns = range(len(result.variables))
        return sorted([term_value(row[i]) for i in columns] for row in result)
    assert isinstance(result, QueryTriples)
    return sorted(str(t) for t in result)


@pytest.mark.parametrize("graph", ["metadata", "analysis", "inferred"])
def test_quads_said_not_to_change_an_answer_do_not(
        quads_by_graph: dict[str, list[Quad]], graph: str) -> None:
    # every catalogue query, with and without one of the graphs the build adds last: where
    # the reads say its quads cannot change the answer, the answers are the same
    added = quads_by_graph[graph]
    assert added
    others = [q for name, quads in quads_by_graph.items() if name != graph for q in quads]
    instances = _instances([*others, *added])
    unchanged = set()
    for name, query in sorted(CATALOG.items()):
        text = query.bound({}, BASE)
        if not reads_of(text).may_change(added, instances):
            assert _answers(others, text) == _answers([*others, *added], text), name
            unchanged.add(name)
    assert len(unchanged) >= 5  # the check is not vacuous: most queries read no VoID term
    if graph == "analysis":  # its findings' labels: read only about organisations
        assert "network_actors" in unchanged
        assert reads_of(CATALOG["network_actors"].bound({}, BASE)).may_change(added)


def _instances(quads: list[Quad]) -> Callable[[dict[str, set[str]]], bool]:
    """What :meth:`Reads.may_change` asks, answered from ``quads``."""
    typed = {(q.subject.value, q.object.value) for q in quads  # type: ignore[union-attr]
             if q.predicate == RDF_TYPE and isinstance(q.object, NamedNode)}
    return lambda about: any((s, c) in typed for s, classes in about.items() for c in classes)


def test_the_void_description_cannot_change_the_materialised_exports(
        quads_by_graph: dict[str, list[Quad]]) -> None:
    # what lets the build compute them before VoID is known (graph/build.py)
    for name in ("network_actors", "network_actor_territories"):
        assert not reads_of(CATALOG[name].bound({}, BASE)).anything, name
        assert not reads_of(CATALOG[name].bound({}, BASE)).may_change(
            quads_by_graph["metadata"]), name


@pytest.mark.parametrize("quad", [
    Quad(ORGANISATION, LABEL, Literal("!"), NamedNode(f"{BASE}/graph/metadata")),
    Quad(NamedNode("http://e/new"), RDF_TYPE, NamedNode("http://www.w3.org/ns/org#Organization"),
         NamedNode(f"{BASE}/graph/metadata")),
    Quad(NamedNode("http://e/new"), RDF_TYPE,
         NamedNode("http://www.w3.org/ns/org#OrganizationalCollaboration"),
         NamedNode(f"{BASE}/graph/metadata")),   # read inside FILTER NOT EXISTS
], ids=["a-label", "a-new-organisation", "a-partnership"])
def test_quads_the_exports_read_may_change_them(quad: Quad) -> None:
    assert reads_of(CATALOG["network_actors"].bound({}, BASE)).may_change([quad])


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o }",                                     # a variable predicate
    "SELECT * WHERE { ?s !<http://e/p> ?o }",                          # a negated property set
    "SELECT ?g WHERE { GRAPH ?g { } }",                                # graph names
    "SELECT * WHERE { ?a <http://e/broader>* ?b }",                    # every node
    "SELECT * WHERE { ?a <http://e/n> ?n . OPTIONAL { ?a (<http://e/p>|<http://e/q>?) ?b } "
    "?c <http://e/q>? ?d }",                                           # one of two paths unbound
    "SELECT * WHERE { ?s ?p ?o ",                                      # not SPARQL
])
def test_what_defeats_the_reasoning_reads_anything(query: str) -> None:
    assert reads_of(query).anything


def test_a_zero_step_path_bound_by_its_group_reads_its_steps_only() -> None:
    read = reads_of("SELECT * WHERE { ?a <http://e/n> ?n ; <http://e/broader>* ?b }")
    assert not read.anything
    assert read.predicates == {"http://e/n", "http://e/broader"}


def test_types_read_through_a_path_are_any_class() -> None:
    read = reads_of("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                    "SELECT * WHERE { ?x a/rdfs:subClassOf ?c }")
    assert read.any_class
    assert read.may_change([Quad(NamedNode("http://e/x"), RDF_TYPE, NamedNode("http://e/C"))])


#: a class C, an optional part that binds ?a only on its right (the case anchoring must avoid)
C, P, Q_ = (NamedNode(f"http://e/{n}") for n in ("C", "p", "q"))
G = NamedNode("http://e/g")
UNSAFE = ("SELECT ?a ?x ?z WHERE { ?a a <http://e/C> . "
          "OPTIONAL { ?x <http://e/q> ?y OPTIONAL { ?a <http://e/p> ?z } } }")
SAFE = "SELECT ?a ?z WHERE { ?a a <http://e/C> . OPTIONAL { ?a <http://e/p> ?z } }"


def test_a_predicate_read_where_its_subject_may_be_unbound_is_not_anchored() -> None:
    # adding a p-quad about something that is not a C does change this answer: the optional
    # part's match without ?a gives way to one with ?a bound to it, which no longer joins
    data = [Quad(NamedNode("http://e/a1"), RDF_TYPE, C, G),
            Quad(NamedNode("http://e/x1"), Q_, Literal("y"), G)]
    other = [Quad(NamedNode("http://e/other"), P, Literal("z"), G)]
    assert _answers(data, UNSAFE) != _answers([*data, *other], UNSAFE)
    assert reads_of(UNSAFE).may_change(other, _instances([*data, *other]))
    assert "http://e/p" not in reads_of(UNSAFE).anchored
    # where ?a is bound on the left of the optional part, the same quad changes nothing
    assert _answers(data, SAFE) == _answers([*data, *other], SAFE)
    assert not reads_of(SAFE).may_change(other, _instances([*data, *other]))


def test_an_anchored_predicate_about_an_instance_may_change_the_answer() -> None:
    data = [Quad(NamedNode("http://e/a1"), RDF_TYPE, C, G)]
    about_a1 = [Quad(NamedNode("http://e/a1"), P, Literal("z"), G)]
    assert _answers(data, SAFE) != _answers([*data, *about_a1], SAFE)
    assert reads_of(SAFE).may_change(about_a1, _instances([*data, *about_a1]))
    assert reads_of(SAFE).may_change(about_a1)  # nobody to ask: it may


@pytest.mark.parametrize("query", [
    # a sub-query's variables are its own
    "SELECT * WHERE { ?a a <http://e/C> . { SELECT ?a WHERE { ?a <http://e/p> ?z } } }",
    # the type only on one side of a UNION or in an optional part is not mandatory
    "SELECT * WHERE { { ?a a <http://e/C> } UNION { ?a <http://e/q> ?y } ?a <http://e/p> ?z }",
    "SELECT * WHERE { ?a <http://e/q> ?y OPTIONAL { ?a a <http://e/C> } ?a <http://e/p> ?z }",
])
def test_what_binds_no_anchor_leaves_a_predicate_unanchored(query: str) -> None:
    assert "http://e/p" in reads_of(query).predicates


def test_an_anchor_reaches_into_exists_and_minus_where_it_is_bound() -> None:
    read = reads_of("SELECT * WHERE { ?a a <http://e/C> . MINUS { ?a <http://e/p> ?z } "
                    "FILTER NOT EXISTS { ?a <http://e/q> ?y } }")
    assert set(read.anchored) == {"http://e/p", "http://e/q"} and not read.predicates
