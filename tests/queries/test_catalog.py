"""The catalogue: every file documented and valid; parameters typed and injection-proof."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal

from sekg.graph.store import EmbeddedStore
from sekg.queries.catalog import get_query, load_catalog
from sekg.queries.params import Param, ParameterError, bind_values

BASE = "https://w3id.org/social-economy-kg"
CATALOG = load_catalog()


def test_catalogue_has_at_least_25_questions() -> None:
    assert len(CATALOG) >= 25, sorted(CATALOG)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_query_is_documented(name: str) -> None:
    q = CATALOG[name]
    assert q.title.get("it") and q.title.get("en"), "title in Italian and English"
    assert q.description.get("it") and q.description.get("en"), "description it/en"
    assert q.question, "the question it answers"
    assert q.example, "an example of its output"
    assert q.kind in ("SELECT", "ASK", "CONSTRUCT"), q.kind
    for p in q.params:
        assert p.description, f"parameter {p.name} described"
        if p.default is not None:
            p.to_term(p.default, BASE)  # the default fits the declared type
    if q.kind == "SELECT":
        assert "ORDER BY" in q.text.upper(), "deterministic order"


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_query_runs_on_the_embedded_store(name: str, store: EmbeddedStore) -> None:
    table = store.table(CATALOG[name].bound({}, BASE))
    assert table.columns


@pytest.mark.parametrize(("kind", "text", "expected"), [
    ("string", "Torino", '"Torino"'),
    ("integer", "42", '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    ("decimal", "3.5", '"3.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
    ("date", "2024-12-05", '"2024-12-05"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ("boolean", "true", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
    ("iri", "https://example.org/x", "<https://example.org/x>"),
    ("concept:helix", "finance", f"<{BASE}/id/concept/helix/finance>"),
    ("resource:organisation", "comune-di-torino", f"<{BASE}/id/organisation/comune-di-torino>"),
    ("comune", "001272", f"<{BASE}/id/comune/001272>"),
    ("zona", "7", f"<{BASE}/id/zona-omogenea/7>"),
])
def test_parameter_types(kind: str, text: str, expected: str) -> None:
    assert str(Param("x", kind).to_term(text, BASE)) == expected


@pytest.mark.parametrize(("kind", "text"), [
    ("integer", "4 2"), ("integer", "seven"), ("decimal", "1e9x"), ("date", "05/12/2024"),
    ("date", "2024-02-30"), ("boolean", "yes"), ("iri", "not an iri"), ("iri", "<x> } #"),
    ("concept:plan-theme", "Theme!"), ("comune", "1272"), ("zona", "12"), ("zona", "0"),
])
def test_wrong_types_are_one_clear_error(kind: str, text: str) -> None:
    with pytest.raises(ParameterError, match=f"is not a valid {kind}"):
        Param("x", kind).to_term(text, BASE)


def test_a_code_outside_its_shipped_scheme_is_refused() -> None:
    """Codes of ontology/vocab schemes are checked against the list (see
    tests/queries/test_errors_and_types.py), whatever they look like."""
    with pytest.raises(ParameterError, match="is not a code of the helix scheme"):
        Param("x", "concept:helix").to_term("Finance!", BASE)


def test_unknown_parameter_is_refused() -> None:
    with pytest.raises(ParameterError, match="has no parameter 'nope'"):
        next(iter(CATALOG.values())).bindings({"nope": "1"}, BASE)


def test_binding_ignores_where_in_comments_and_iris() -> None:
    query = ('PREFIX x: <http://e.org/WHERE#> # WHERE { in a comment\n'
             'SELECT ?v WHERE { ?v ?p ?o }')
    bound = bind_values(query, {"v": Literal(1)})
    assert bound.endswith('SELECT ?v WHERE { VALUES ?v { "1"^^'
                          '<http://www.w3.org/2001/XMLSchema#integer> } ?v ?p ?o }')


PAYLOADS = [
    'zzz" || true) #',
    '"} UNION { ?s ?p ?o } #',
    "x'> } ; DROP ALL ; #",
    "\\\" . } SELECT * WHERE { ?a ?b ?c } #",
    "a\nb } UNION { ?x ?y ?z",
]


def _string_params() -> list[tuple[str, str]]:
    return [(q.name, p.name) for q in CATALOG.values() for p in q.params]


@pytest.mark.parametrize(("name", "param"), _string_params() or [("none", "none")])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_do_not_change_the_query(name: str, param: str, payload: str,
                                                   store: EmbeddedStore) -> None:
    """Each payload is either refused by the parameter's type, or bound as one literal value:
    the query then means "rows where the parameter equals that odd text" — which, for every
    catalogue query, yields no row or the rows an honest non-matching value yields."""
    if name == "none":
        pytest.skip("no parameterised query in the catalogue yet")
    query = get_query(name)
    try:
        bound = query.bound({param: payload}, BASE)
    except ParameterError:
        return  # refused by its type: nothing reached the store
    honest = query.bound({param: "no-such-value"}, BASE)
    assert store.table(bound) == store.table(honest)
    # the payload appears only inside one escaped literal
    assert bound.count("VALUES ?" + param) == 1


def test_injection_into_a_string_parameter_returns_nothing(store: EmbeddedStore) -> None:
    query = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
               SELECT ?x WHERE { ?x rdfs:label ?name } ORDER BY ?x"""
    for payload in PAYLOADS:
        bound = bind_values(query, {"name": Param("name", "string").to_term(payload, BASE)})
        assert store.table(bound).rows == []
    bound = bind_values(query, {"name": Literal("Acsel Spa")})
    assert store.table(bound).rows == [[f"{BASE}/id/organisation/acsel"]]


def test_queries_follow_the_configured_base() -> None:
    for query in CATALOG.values():
        bound = query.bound({}, "https://example.org/kg")
        assert BASE not in bound, query.name
