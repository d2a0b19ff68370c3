"""A final ORDER BY done in Python gives exactly Oxigraph's order, or is left to Oxigraph."""

from __future__ import annotations

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store

from sekg.graph import ordering
from sekg.graph.answers import catalogue_answers
from sekg.graph.ordering import ordered_table, split_order
from sekg.graph.store import EmbeddedStore
from sekg.ontology.namespaces import base_uri

E = "http://e/"


def _store(objects: list[object]) -> EmbeddedStore:
    """A store where each subject has one ``e:v`` value of ``objects`` and one ``e:w``
    value (its number); two subjects have no ``e:v``."""
    store = Store()
    subjects = [NamedNode(E + name) for name in
                ("b", "B", "a", "é", "a0", "Z", "z", "ab", "aé", "x-1", "x_1", "x10")]
    for n, subject in enumerate(subjects):
        store.add(Quad(subject, NamedNode(E + "w"), Literal(n)))
        if n < len(objects):
            store.add(Quad(subject, NamedNode(E + "v"), objects[n]))  # type: ignore[arg-type]
    return EmbeddedStore(store)


QUERY = f"SELECT ?s ?v WHERE {{ ?s <{E}w> ?n OPTIONAL {{ ?s <{E}v> ?v }} }} ORDER BY ?v ?s"


@pytest.mark.parametrize("objects", [
    [NamedNode(E + t) for t in ("b", "A", "a", "é", "B", "ab", "a", "Z", "z", "a_")],
    [Literal(n) for n in (10, 2, -1, 2, 0, 33, 7, 100, -20, 5)],
    [Literal(t) for t in ("b", "A", "a", "é", "B", "ab", "a", "Z", "z", "a_")],
    [NamedNode(E + "x"), Literal("x"), NamedNode(E + "a"), Literal("a"), Literal("é"),
     NamedNode(E + "b"), Literal("b"), Literal("c"), NamedNode(E + "c"), Literal("d")],
    [NamedNode(E + "x"), Literal("x"), Literal(3), NamedNode(E + "a"), Literal("a"),
     NamedNode(E + "b"), Literal("b"), Literal("c"), NamedNode(E + "c"), Literal("d")],
])
def test_python_order_is_oxigraphs(objects: list[object], monkeypatch: pytest.MonkeyPatch
                                   ) -> None:
    store = _store(objects)
    sorted_here: list[bool] = []
    python_order = ordering._python_order

    def watched(table, keys):
        order = python_order(table, keys)
        sorted_here.append(order is not None)
        return order

    monkeypatch.setattr(ordering, "_python_order", watched)
    mine, oxigraphs = ordered_table(store, QUERY), store.table(QUERY, typed=True)
    assert (mine.columns, mine.rows, mine.kinds) == (
        oxigraphs.columns, oxigraphs.rows, oxigraphs.kinds)
    # IRIs, integers and strings are sorted here; a column mixing strings and integers is
    # left to Oxigraph
    assert sorted_here == [Literal(3) not in objects]


def test_ties_and_other_kinds_are_left_to_oxigraph() -> None:
    tagged = _store([Literal("b", language="it"), Literal("a", language="en")])
    text = f"SELECT ?v WHERE {{ ?s <{E}v> ?v }} ORDER BY ?v"
    table = tagged.table(split_order(text)[0], typed=True)  # type: ignore[index]
    assert ordering._python_order(table, ["v"]) is None
    assert ordered_table(tagged, text).rows == tagged.table(text).rows
    tie = _store([Literal("a"), Literal("a")])
    table = tie.table(f"SELECT ?v WHERE {{ ?s <{E}v> ?v }}", typed=True)
    assert ordering._python_order(table, ["v"]) is None
    blank = _store([BlankNode(), BlankNode()])
    table = blank.table(f"SELECT ?v WHERE {{ ?s <{E}v> ?v }}", typed=True)
    assert ordering._python_order(table, ["v"]) is None


def test_only_a_final_order_of_plain_variables_is_split() -> None:
    assert split_order("SELECT * { ?s ?p ?o } order by ?s  ?o \n") == (
        "SELECT * { ?s ?p ?o } ", ["s", "o"])
    for text in ("SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 3",
                 "SELECT * { ?s ?p ?o } ORDER BY ASC(?s)",
                 "SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?s } ?s ?q ?r }",
                 "SELECT * { ?s ?p ?o }"):
        assert split_order(text) is None, text


def test_the_materialised_exports_come_out_as_oxigraph_orders_them(
        store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = list(catalogue_answers(base_uri()).values())
    assert len(texts) == 2 and all(split_order(text) for text in texts)
    python_order = ordering._python_order
    sorted_here: list[bool] = []

    def watched(table, keys):
        order = python_order(table, keys)
        sorted_here.append(order is not None)
        return order

    monkeypatch.setattr(ordering, "_python_order", watched)
    for text in texts:
        mine, oxigraphs = ordered_table(store, text), store.table(text, typed=True)
        assert mine.rows and (mine.columns, mine.rows, mine.kinds) == (
            oxigraphs.columns, oxigraphs.rows, oxigraphs.kinds)
    assert sorted_here == [True, True]
