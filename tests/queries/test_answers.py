"""Every catalogue question gives its expected answer on the Turin graph, and the same
answer on the embedded store and on a real SPARQL server (Oxigraph, over HTTP).

Expected answers are in expected.yaml beside this file, each checked by hand against the
curated data and, where possible, the source document (the comment on each entry says how).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sekg.graph.questions import run_named
from sekg.graph.store import EmbeddedStore, RemoteStore
from sekg.queries.catalog import load_catalog
from tests.provenance import fact_records

EXPECTED = yaml.safe_load((Path(__file__).parent / "expected.yaml").read_text("utf-8")) or {}
CATALOG = load_catalog()


def _cases() -> list[tuple[str, str, dict[str, str]]]:
    cases = []
    for key, spec in sorted(EXPECTED.items()):
        name = key.split("@", 1)[0]
        cases.append((key, name, {k: str(v) for k, v in (spec.get("params") or {}).items()}))
    return cases


def test_every_query_has_an_expected_answer() -> None:
    covered = {key.split("@", 1)[0] for key in EXPECTED}
    assert sorted(set(CATALOG) - covered) == []
    for q in CATALOG.values():
        if q.params:
            assert any(key.startswith(q.name + "@") for key in EXPECTED), \
                f"{q.name}: one case with a non-default parameter"


def _check(table, spec: dict) -> None:
    records = table.to_records()
    if "rows" in spec:
        assert len(records) == spec["rows"], records[:5]
    if "triples" in spec:
        assert len(records) == spec["triples"]
    for wanted in spec.get("contains") or []:
        wanted = {k: str(v) for k, v in wanted.items()}
        assert any(all(r.get(k) == v for k, v in wanted.items()) for r in records), \
            f"missing {wanted}"
    if spec.get("first"):
        first = {k: str(v) for k, v in spec["first"].items()}
        assert records and {k: records[0].get(k) for k in first} == first


@pytest.mark.parametrize(("key", "name", "params"), _cases())
def test_expected_answer_on_the_embedded_store(key: str, name: str, params: dict[str, str],
                                               store: EmbeddedStore) -> None:
    _check(run_named(store, name, params), EXPECTED[key])


@pytest.mark.parametrize(("key", "name", "params"), _cases())
def test_same_answer_on_a_real_sparql_server(key: str, name: str, params: dict[str, str],
                                             store: EmbeddedStore, remote: RemoteStore) -> None:
    embedded = run_named(store, name, params)
    served = run_named(remote, name, params)
    assert served.columns == embedded.columns
    assert served.rows == embedded.rows
    _check(served, EXPECTED[key])


def test_counts_by_graph_are_the_live_counts(store: EmbeddedStore) -> None:
    """info_counts_by_graph reads the build's VoID statistics: they must be what counting every
    quad of the store gives (the metadata graph that holds them aside)."""
    live = store.select("SELECT ?graph (COUNT(*) AS ?triples) "
                        "WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph")
    counted = {r["graph"]: r["triples"] for r in live
               if not r["graph"].endswith("/graph/metadata")}
    answered = {r["graph"]: r["triples"]
                for r in run_named(store, "info_counts_by_graph", {}).to_records()}
    assert answered == counted
    assert len(answered) == 6  # the six data graphs, analysis included


@pytest.fixture(scope="module")
def on_disk(built) -> EmbeddedStore:
    return EmbeddedStore.open(built[0] / "store", in_memory=False)


def test_the_session_store_is_the_in_memory_copy(store: EmbeddedStore,
                                                on_disk: EmbeddedStore) -> None:
    """The Turin store is small enough to be copied into memory when opened, and the copy
    holds every quad of the store on disk (metadata graph included)."""
    assert store.in_memory and not on_disk.in_memory
    assert len(store) == len(on_disk)


@pytest.mark.parametrize(("key", "name", "params"), _cases())
def test_same_answer_in_memory_and_on_disk(key: str, name: str, params: dict[str, str],
                                           store: EmbeddedStore, on_disk: EmbeddedStore) -> None:
    copied = run_named(store, name, params)
    read = run_named(on_disk, name, params)
    assert (copied.columns, copied.rows) == (read.columns, read.rows)


# --- the build's statistics (VoID partitions) against live counts on the store --------------

DATA_GRAPHS_FILTER = ("FILTER (!STRENDS(STR(?g), '/graph/ontology') && "
                      "!STRENDS(STR(?g), '/graph/vocabularies') && "
                      "!STRENDS(STR(?g), '/graph/metadata'))")


def test_class_partitions_are_the_live_class_counts(on_disk: EmbeddedStore) -> None:
    live = on_disk.select(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE { GRAPH ?g { ?s a ?class } "
        f"{DATA_GRAPHS_FILTER} FILTER (?class NOT IN (<http://www.w3.org/1999/02/22-rdf-syntax-"
        "ns#Statement>, <https://w3id.org/social-economy-kg/ontology#FactGroup>)) } "
        "GROUP BY ?class")
    answered = run_named(on_disk, "info_counts_by_class", {}).to_records()
    assert {r["class"]: r["instances"] for r in answered} == {
        r["class"]: r["instances"] for r in live}


@pytest.fixture(scope="module")
def records(on_disk: EmbeddedStore) -> dict[tuple, set]:
    """Each fact (graph, subject, predicate, object) with its records, read from the quads
    (its statement's, else its group's: tests/provenance.py)."""
    return fact_records(on_disk.quads())[0]


def _records_with(store: EmbeddedStore, predicate: str, value: str = "") -> dict[str, str]:
    rows = store.select(f"SELECT ?record ?value WHERE {{ ?record <{predicate}> ?value }}")
    return {r["record"]: r["value"] for r in rows if not value or r["value"] == value}


@pytest.mark.parametrize("method", ["stated", "derived", "curated"])
def test_method_partitions_are_the_live_fact_counts(method: str, on_disk: EmbeddedStore,
                                                    records: dict[tuple, set]) -> None:
    """A fact counts for the method when one of its records has it."""
    with_method = _records_with(on_disk, "https://w3id.org/social-economy-kg/ontology#method",
                                f"https://w3id.org/social-economy-kg/id/concept/"
                                f"provenance-method/{method}")
    facts: dict[str, int] = {}
    sources: dict[str, set[str]] = {}
    for (_, _, p, _), found in records.items():
        mine = {r.value for r in found} & set(with_method)
        if mine:
            facts[p.value] = facts.get(p.value, 0) + 1
            sources.setdefault(p.value, set()).update(mine)
    answered = run_named(on_disk, "provenance_facts_by_predicate", {"method": method})
    assert sorted(map(tuple, answered.rows)) == sorted(
        (p, str(n), str(len(sources[p]))) for p, n in facts.items())
    assert facts


def test_inferred_partitions_are_the_live_inferred_facts(built, on_disk: EmbeddedStore,
                                                         records: dict[tuple, set]) -> None:
    rule = _records_with(on_disk, "https://w3id.org/social-economy-kg/ontology#section")
    rule_source = _records_with(on_disk, "http://purl.org/dc/terms/source")
    counted: dict[tuple[str, str, str, str], int] = {}
    for (g, _, p, o), found in records.items():
        if g.value != "https://w3id.org/social-economy-kg/graph/inferred":
            continue
        for r in found:
            if r.value in rule and r.value in rule_source:
                key = (rule[r.value], rule_source[r.value], p.value, o.value)
                counted[key] = counted.get(key, 0) + 1
    live = [{"rule": k[0], "rule_source": k[1], "predicate": k[2], "object": k[3],
             "facts": str(n)} for k, n in counted.items()]
    answered = run_named(on_disk, "provenance_inferred_facts", {})
    assert sorted(map(tuple, answered.rows)) == sorted(
        (r["rule"], r["rule_source"], r["predicate"], r["object"], r["facts"]) for r in live)
    # every derived helix and every inferred class assertion of the build is counted once
    report = built[1]
    by_rule: dict[str, int] = {}
    for r in answered.to_records():
        by_rule[r["rule"].split(":")[0]] = by_rule.get(r["rule"].split(":")[0], 0) + int(
            r["facts"])
    assert by_rule == {"rule": report.derived_helix, "OWL 2 reasoning (owlready2 + HermiT)":
                       report.inferred_types}
