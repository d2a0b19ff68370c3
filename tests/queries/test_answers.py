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


def _check(table, spec: dict) -> None:  # type: ignore[no-untyped-def]
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
def on_disk(built) -> EmbeddedStore:  # type: ignore[no-untyped-def]
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
