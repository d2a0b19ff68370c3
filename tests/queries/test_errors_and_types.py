"""Wrong concept codes are refused with the valid ones; malformed SPARQL and updates get one
readable line; JSON keeps the types of the results."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sekg.graph.questions import ask, run_named, sparql
from sekg.graph.store import EmbeddedStore, RemoteStore
from sekg.ontology.errors import StoreError
from sekg.ontology.schemes import scheme_codes
from sekg.queries.params import Param, ParameterError
from sekg.queries.results import Table
from sekg.queries.syntax import describe

BASE = "https://w3id.org/social-economy-kg"

#: Oxigraph's message for 'SELECT ?x WHERE { ?x ' (pyoxigraph 0.5), as users saw it
SOUP = ('error at 1:22: expected one of "!", "$", "(", ":", "<", "?", "^", "a", [\'A\' ..= '
        "'Z' | 'a' ..= 'z' | '\\u{00C0}'..='\\u{00D6}' | '\\u{00D8}'..='\\u{00F6}'\n| "
        "'\\u{00F8}'..='\\u{02FF}' | '\\u{0370}'..='\\u{037D}'\n| '\\u{3001}'..='\\u{D7FF}' "
        "| '\\u{F900}'..='\\u{FDCF}' | '\\u{FDF0}'..='\\u{FFFD}'], [_]")

TYPED = ('SELECT ?n ?d ?b ?l ?s ?u ?none WHERE { BIND(3 AS ?n) BIND(2.5 AS ?d) '
         'BIND(true AS ?b) BIND(STRLANG("ciao", "it") AS ?l) BIND("x" AS ?s) '
         'BIND(<http://example.org/u> AS ?u) OPTIONAL { BIND(1 AS ?none) FILTER(false) } }')
TYPED_ROW = {"n": 3, "d": 2.5, "b": True, "l": "ciao", "s": "x", "u": "http://example.org/u",
             "none": None}


@pytest.mark.parametrize(("param", "scheme", "valid"), [
    ("helix", "helix", "finance"), ("family", "family", "cooperative"),
    ("outcome", "outcome", "integrated")])
def test_an_unknown_code_names_the_parameter_and_the_valid_codes(param: str, scheme: str,
                                                                 valid: str) -> None:
    with pytest.raises(ParameterError) as info:
        Param(param, f"concept:{scheme}").to_term("nope", BASE)
    error = info.value
    assert error.message == f"parameter {param}='nope' is not a code of the {scheme} scheme"
    assert error.hint and valid in error.hint and "e.g. finance" not in str(error)
    assert "\n" not in str(error)


def test_a_near_miss_is_suggested_and_every_shipped_code_passes() -> None:
    with pytest.raises(ParameterError, match="did you mean finance"):
        Param("helix", "concept:helix").to_term("Finance", BASE)
    for code in scheme_codes("helix") or ():
        assert str(Param("h", "concept:helix").to_term(code, BASE)).endswith(f"/{code}>")
    # codes are checked by the list, not by the key pattern: NACE sections are upper case
    assert str(Param("f", "concept:field-of-activity").to_term("Q", BASE)).endswith("/Q>")


def test_a_scheme_not_shipped_is_checked_by_its_form_only() -> None:
    """plan-theme concepts come from the plan's sources, not ontology/vocab."""
    assert scheme_codes("plan-theme") is None
    Param("t", "concept:plan-theme").to_term("social-procurement", BASE)
    with pytest.raises(ParameterError, match="lower-case words joined by hyphens"):
        Param("t", "concept:plan-theme").to_term("Not A Code", BASE)


def test_the_python_api_refuses_an_unknown_code(store: EmbeddedStore) -> None:
    with pytest.raises(ParameterError, match="helix='nope'"):
        run_named(store, "participants_of_helix", {"helix": "nope"})
    with pytest.raises(ParameterError, match="family='nope'"):
        ask("participants_of_family", store=store, family="nope")
    assert run_named(store, "participants_of_helix", {"helix": "finance"}).rows


def test_the_parser_message_becomes_one_readable_line() -> None:
    line = describe(SOUP, "SELECT ?x WHERE { ?x ")
    assert line == ("at line 1, column 22 (at the end of the query): expected one of '!', "
                    "'$', '(', ':', '<', '?', '^', 'a', a name")


def test_a_malformed_query_is_one_line_with_where_and_what(store: EmbeddedStore) -> None:
    with pytest.raises(StoreError) as info:
        sparql("SELECT ?x WHERE { ?x ", store=store)
    text = str(info.value)
    assert text.startswith("SPARQL syntax error at line 1, column 22 (at the end of the "
                           "query): expected one of")
    assert "a name" in text and "\\u{" not in text and "\n" not in text
    assert info.value.hint and "sekg query show" in info.value.hint


@pytest.mark.parametrize(("query", "problem"), [
    ("SELECT * WHERE { ?s <http://a b> ?o }", "IRI parsing failed"),
    ("SELECT ?o WHERE { ?s ?p ?o } GROUP BY ?s", "The SELECT contains a variable that is unbound"),
    ("SELECT * WHERE { ?s ?p ?o } GROUP BY ?s", "SELECT * is not authorized with GROUP BY"),
])
def test_a_refused_construct_is_said_as_the_parser_words_it(store: EmbeddedStore, query: str,
                                                            problem: str) -> None:
    """Oxigraph puts such messages in its list of expected tokens: they are the error, not
    something the query should have had ("expected IRI parsing failed")."""
    with pytest.raises(StoreError) as info:
        sparql(query, store=store)
    text = str(info.value)
    assert text.startswith("SPARQL syntax error at line 1, column ")
    assert f": {problem} — " in text and "expected" not in text, text


def test_an_update_is_refused_before_parsing(store: EmbeddedStore) -> None:
    before = len(store)
    for update in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                   "PREFIX a: <urn:a#>\n# comment\nDELETE WHERE { ?s ?p ?o }"):
        with pytest.raises(StoreError) as info:
            sparql(update, store=store)
        assert "read-only" in str(info.value) and "sekg load" in str(info.value)
        assert "CONSTRUCT" not in str(info.value)
    assert len(store) == before


def test_json_keeps_numbers_booleans_unbound_and_language(store: EmbeddedStore) -> None:
    document = json.loads(store.table(TYPED, typed=True).to_json())
    assert document["rows"] == [TYPED_ROW]
    assert document["lang"] == {"l": ["it"]}
    assert json.loads(store.table("ASK { }", typed=True).to_json())["rows"] == [{"ask": True}]
    counts = json.loads(store.table("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }", typed=True)
                        .to_json())
    assert isinstance(counts["rows"][0]["n"], int) and counts["rows"][0]["n"] > 0


def test_the_readme_says_what_json_gives(store: EmbeddedStore) -> None:
    """queries/README.md, "Results as JSON": its example and what it says an ASK answers."""
    readme = (Path(__file__).parents[2] / "queries" / "README.md").read_text("utf-8")
    example = re.search(r"\$ sekg sparql -f json '(.*?)'\n(\{.*?\n\})\n", readme, re.DOTALL)
    assert example, "the README's JSON example has moved: update this test"
    query, shown = example.groups()
    assert json.loads(store.table(query, typed=True).to_json()) == json.loads(shown)
    ask_said = re.search(r"An ASK answers[^`]*`([^`]+)`", readme)
    assert ask_said, "the README no longer says what an ASK answers: update this test"
    assert json.loads(store.table("ASK { }", typed=True).to_json()) == json.loads(
        ask_said.group(1))


def test_csv_is_unchanged_by_types(store: EmbeddedStore) -> None:
    assert store.table(TYPED).to_csv() == "n,d,b,l,s,u,none\n3,2.5,true,ciao,x,http://example.org/u,\n"
    assert store.table(TYPED).to_records() == [
        {"n": "3", "d": "2.5", "b": "true", "l": "ciao", "s": "x", "u": "http://example.org/u",
         "none": ""}]


def test_json_of_a_table_without_kinds_and_of_odd_literals() -> None:
    assert json.loads(Table(["a"], [["1"]]).to_json()) == {"columns": ["a"], "rows": [{"a": "1"}]}
    xsd = "http://www.w3.org/2001/XMLSchema#"
    odd = Table(["a", "b", "c"], [["x", "NaN", "INF"]],
                [[xsd + "integer", xsd + "double", xsd + "double"]])
    assert odd.json_records() == [{"a": "x", "b": "NaN", "c": "INF"}]   # JSON has no NaN


def test_remote_store_gives_the_same_json_and_errors(remote: RemoteStore,
                                                     store: EmbeddedStore) -> None:
    for query in (TYPED, "ASK { }"):
        assert remote.table(query, typed=True).to_json() == store.table(query, typed=True).to_json()
    with pytest.raises(StoreError) as info:
        remote.table("SELECT ?x WHERE { ?x ")
    assert str(info.value).startswith("SPARQL syntax error at line 1, column 22")
    assert "\\u{" not in str(info.value)
    with pytest.raises(ParameterError, match="helix='nope'"):
        run_named(remote, "participants_of_helix", {"helix": "nope"})


def test_cell_kinds_are_shared_strings_and_their_cache_is_bounded() -> None:
    from pyoxigraph import Literal

    from sekg.queries import results

    first, second = results.term_kind(Literal(1)), results.term_kind(Literal(2))
    assert first == "http://www.w3.org/2001/XMLSchema#integer" and first is second
    # a query can make any number of language tags: the kinds kept stay bounded
    kinds = [results.term_kind(Literal("x", language=f"x-t{i}")) for i in range(1_500)]
    assert kinds[1_499] == "@x-t1499" and len(results._KINDS) <= results._KINDS_KEPT
