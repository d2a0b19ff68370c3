"""The server's named queries: every file parses and runs, and dropping the comment header
(what the server sends to the query processes) changes no answer."""

from __future__ import annotations

import pytest

from sekg.api.named import api_query, api_query_names
from sekg.api.state import compact
from sekg.queries.catalog import get_query, load_catalog
from tests.api.conftest import BASE

SAMPLE = {"resource": f"{BASE}/id/comune/001272"}   # has facts, provenance, incoming links


@pytest.mark.parametrize("name", api_query_names())
def test_server_query_has_a_header_and_runs(store, name: str) -> None:
    query = api_query(name)
    assert query.title.get("en") and query.description.get("en")
    params = {k: v for k, v in SAMPLE.items() if k in {p.name for p in query.params}}
    assert store.table(compact(query).bound(params, BASE)).rows or query.kind == "ASK"


@pytest.mark.parametrize("name", [*api_query_names(), *load_catalog()])
def test_compact_text_gives_the_same_answer(store, name: str) -> None:
    query = api_query(name) if name in api_query_names() else get_query(name)
    params = {k: v for k, v in SAMPLE.items() if k in {p.name for p in query.params}}
    short = compact(query)
    assert "#+" not in short.text and len(short.text) < len(query.text)
    assert store.table(short.bound(params, BASE)) == store.table(query.bound(params, BASE))
