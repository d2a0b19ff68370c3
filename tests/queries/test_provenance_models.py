"""The catalogue and the server's provenance queries give the same answers whichever model holds
the provenance: every fact reified (an ``rdf:Statement`` each) or grouped (one
``sekg:FactGroup`` per graph, record and predicate set, and a statement only for the facts the
group's record does not cover). Both are rewritten from the Turin build
(``tests/provenance.py``), which has such uncovered facts (asserted below)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from pyoxigraph import QueryTriples

from sekg.api.rest import api_query
from sekg.graph.questions import run_named
from sekg.graph.store import EmbeddedStore
from sekg.ontology.namespaces import base_uri
from sekg.queries.catalog import get_query
from tests.provenance import group, reify
from tests.queries.test_answers import EXPECTED, _cases, _check

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SEKG = "https://w3id.org/social-economy-kg/ontology#"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
ID = "https://w3id.org/social-economy-kg/id/"


@pytest.fixture(scope="module")
def reified(store: EmbeddedStore) -> EmbeddedStore:
    return EmbeddedStore.from_quads(reify(store.quads()))


@pytest.fixture(scope="module")
def grouped(store: EmbeddedStore) -> EmbeddedStore:
    return EmbeddedStore.from_quads(group(store.quads()))


@pytest.fixture(scope="module")
def uncovered(grouped: EmbeddedStore) -> list[str]:
    """The subjects of the facts that keep a statement in the grouped model."""
    rows = grouped.select(f"SELECT DISTINCT ?s WHERE {{ ?st <{RDF}subject> ?s }} ORDER BY ?s")
    return [r["s"] for r in rows]


def test_the_grouped_model_keeps_some_statements(grouped: EmbeddedStore,
                                                 uncovered: list[str]) -> None:
    groups = grouped.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?g a <{SEKG}FactGroup> }}")
    assert int(groups[0]["n"]) > 1000 and len(uncovered) >= 5


@pytest.mark.parametrize(("key", "name", "params"),
                         [c for c in _cases() if c[1] != "describe_resource"])
def test_same_answer_on_both_models(key: str, name: str, params: dict[str, str],
                                    reified: EmbeddedStore, grouped: EmbeddedStore) -> None:
    on_reified, on_grouped = run_named(reified, name, params), run_named(grouped, name, params)
    assert (on_grouped.columns, on_grouped.rows) == (on_reified.columns, on_reified.rows)
    _check(on_grouped, EXPECTED[key])


def _resources(uncovered: list[str]) -> list[str]:
    return uncovered + [ID + "organisation/comune-di-torino", ID + "comune/001272"]


def test_resource_provenance_on_both_models(reified: EmbeddedStore, grouped: EmbeddedStore,
                                            uncovered: list[str]) -> None:
    """The entity page's provenance: one row per fact and record, the same on both models,
    for every subject that has an uncovered fact."""
    query = api_query("resource_provenance")
    for resource in _resources(uncovered):
        text = query.bound({"resource": resource}, base_uri())
        on_reified, on_grouped = reified.table(text), grouped.table(text)
        assert on_grouped.rows == on_reified.rows, resource
        assert on_reified.rows


def _described(store: EmbeddedStore, resource: str) -> tuple[set, dict, set]:
    """The facts, each predicate's records and the records' triples, read back from the
    describe_resource CONSTRUCT. By predicate, not by fact: a description has no graphs, and
    a predicate can have a group in two graphs (rdf:type from a source row and from HermiT),
    so which of the two covers which value is not in it (resource_provenance says)."""
    text = get_query("describe_resource").bound({"resource": resource}, base_uri())
    described = store.query(text)
    assert isinstance(described, QueryTriples)
    triples = [(str(t.subject), str(t.predicate), str(t.object)) for t in described]
    about: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        about[s][p].append(o)
    subject = f"<{resource}>"
    facts = {(p, o) for s, p, o in triples if s == subject}
    records: dict[str, set[str]] = defaultdict(set)
    for fields in about.values():
        if fields.get(f"<{RDF}subject>") == [subject]:
            records[fields[f"<{RDF}predicate>"][0]].update(fields[f"<{DERIVED}>"])
        if fields.get(f"<{SEKG}groupSubject>") == [subject]:
            for predicate_set in fields[f"<{SEKG}predicateSet>"]:
                for p in about[predicate_set][f"<{SEKG}memberPredicate>"]:
                    records[p].update(fields[f"<{DERIVED}>"])
    cited = set().union(*records.values()) if records else set()
    return facts, dict(records), {(s, p, o) for s, p, o in triples if s in cited}


def test_describe_resource_on_both_models(reified: EmbeddedStore, grouped: EmbeddedStore,
                                          uncovered: list[str]) -> None:
    """The /data/ description holds the same facts, records (by predicate) and record triples
    on both models; on the grouped one, the groups and the uncovered facts' statements."""
    for resource in _resources(uncovered):
        facts, records, record_triples = _described(reified, resource)
        assert (facts, records, record_triples) == _described(grouped, resource), resource
        assert facts and all(records.get(p) for p, _ in facts)
