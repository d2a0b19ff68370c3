"""Solutions read from Oxigraph's TSV text are the ones pyoxigraph's term objects give."""

from __future__ import annotations

from typing import Any

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    Store,
)

from sekg.graph.answers import catalogue_answers
from sekg.graph.store import EmbeddedStore, _values
from sekg.ontology.namespaces import base_uri
from sekg.queries.catalog import load_catalog
from sekg.queries.tsv import UnreadableCell, decode_tsv

E = "http://e/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: terms of every kind a cell can hold, with the escapes and short forms TSV writes
OBJECTS: list[NamedNode | BlankNode | Literal] = [
    Literal("plain"), Literal("tab\there"), Literal('quote"q'), Literal("back\\slash"),
    Literal("nl\nx\r"), Literal("café \U0001F600"), Literal("ctl\x01\x7f\x08\x0c"),
    Literal("it", language="it"), Literal("en-gb", language="en-GB"),
    Literal("1", datatype=NamedNode(XSD + "integer")),
    Literal("-012", datatype=NamedNode(XSD + "integer")),
    Literal("+5", datatype=NamedNode(XSD + "integer")),
    Literal("1.50", datatype=NamedNode(XSD + "decimal")),
    Literal(".5", datatype=NamedNode(XSD + "decimal")),
    Literal("1e3", datatype=NamedNode(XSD + "double")),
    Literal("NaN", datatype=NamedNode(XSD + "double")),
    Literal("true", datatype=NamedNode(XSD + "boolean")),
    Literal("true ", datatype=NamedNode(XSD + "boolean")),
    Literal("2024-12-05", datatype=NamedNode(XSD + "date")),
    Literal("x", datatype=NamedNode(XSD + "string")), Literal(""), Literal('"'),
    Literal('a"b', language="fr"), Literal("a@b"), Literal('x"@en'), Literal("  spaced  "),
    Literal("abc", datatype=NamedNode(E + "dt")),
    Literal("1", datatype=NamedNode(XSD + "int")),
    NamedNode(E + "o?x=1&y=é"), BlankNode("b1"), BlankNode(),
]


def _rows(names: list[str], values: list[list[str]], kinds: list[list[str | None]] | None
          ) -> tuple[list[str], list[tuple[tuple[str, ...], tuple[str | None, ...]]]]:
    return names, sorted(zip(map(tuple, values), map(tuple, kinds or [[]] * len(values)),
                             strict=True), key=repr)


def _solutions(store: Store, query: str) -> QuerySolutions:
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, QuerySolutions)
    return result


def _both(store: Store, query: str, kinds: bool = True) -> tuple[Any, Any]:
    by_terms = _values(_solutions(store, query), kinds=kinds)
    by_text = decode_tsv(_solutions(store, query).serialize(format=QueryResultsFormat.TSV)
                         or b"", kinds=kinds)
    return _rows(*by_terms), _rows(*by_text)


@pytest.mark.parametrize("kinds", [True, False])
def test_every_kind_of_cell_reads_as_its_term(kinds: bool) -> None:
    store = Store()
    for n, obj in enumerate(OBJECTS):
        store.add(Quad(NamedNode(f"{E}s{n}"), NamedNode(E + "p"), obj, NamedNode(E + "g")))
    store.add(Quad(NamedNode(E + "unbound"), NamedNode(E + "q"), Literal("z"), NamedNode(E + "g")))
    query = f"SELECT ?s ?o (STRLEN(STR(?s)) AS ?n) WHERE {{ ?s ?x ?z OPTIONAL {{ ?s <{E}p> ?o }} }}"
    by_terms, by_text = _both(store, query, kinds)
    assert by_text == by_terms
    assert len(by_text[1]) == len(OBJECTS) + 1


def test_an_answer_without_rows_or_columns() -> None:
    assert decode_tsv(b"?a\t?b\n") == (["a", "b"], [], [])
    assert decode_tsv(b"\n\n") == ([], [[]], [[]])  # one solution, no variable


def test_a_triple_term_is_read_by_pyoxigraph_or_left_to_the_term_objects() -> None:
    store = EmbeddedStore(Store())
    query = f"SELECT (TRIPLE(<{E}s>, <{E}p>, <{E}o>) AS ?t) (1 AS ?n) {{}}"
    table = store.table(query, typed=True)
    assert table.rows == [[f"<{E}s> <{E}p> <{E}o>", "1"]]
    assert table.kinds == [["triple", XSD + "integer"]]


def test_a_cell_that_is_no_term_says_so() -> None:
    with pytest.raises(UnreadableCell, match="cannot read the TSV cell"):
        decode_tsv(b"?a\n<<( nonsense\n")


def test_the_turin_graphs_answers_read_the_same_both_ways(store: EmbeddedStore) -> None:
    """Every catalogue query and the materialised exports, on the Turin graph."""
    texts = [query.bound({}, base_uri()) for query in load_catalog().values()]
    texts += list(catalogue_answers(base_uri()).values())
    compared = 0
    for text in texts:
        if not isinstance(store.raw.query(text, use_default_graph_as_union=True),
                          QuerySolutions):
            continue  # ASK or CONSTRUCT: not solutions
        by_terms, by_text = _both(store.raw, text)
        assert by_text == by_terms, text[:200]
        compared += 1
    assert compared >= 20


def test_select_reads_every_kind_of_cell_as_its_term() -> None:
    """``EmbeddedStore.select`` (the API's and the CLI's rows) reads the TSV text too."""
    raw = Store()
    for n, obj in enumerate(OBJECTS):
        raw.add(Quad(NamedNode(f"{E}s{n}"), NamedNode(E + "p"), obj, NamedNode(E + "g")))
    query = f"SELECT ?s ?o WHERE {{ ?s <{E}p> ?o }}"
    names, rows, _ = _values(_solutions(raw, query), kinds=False)
    expected = sorted(tuple(row) for row in rows)
    assert sorted(tuple(row[n] for n in names)
                  for row in EmbeddedStore(raw).select(query)) == expected
    assert len(expected) == len(OBJECTS)
