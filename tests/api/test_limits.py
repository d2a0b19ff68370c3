"""Time, row and size limits, CORS and the absence of stack traces (an app with tiny limits)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sekg.api import ServerSettings, create_app
from sekg.api.execute import QueryOutcome, QueryTask
from sekg.api.state import ServerState


def _server(client: TestClient) -> ServerState:
    """The server state behind a test client."""
    assert isinstance(client.app, FastAPI)
    return client.app.state.sekg


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_runaway_query_is_stopped_and_its_process_killed(tight: TestClient) -> None:
    pool = _server(tight).pool
    assert pool is not None, "the test client runs the app's lifespan, which starts the pool"
    before, killed = list(pool.pids), pool.killed
    response = tight.get("/sparql", params={"query": RUNAWAY})
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert "longer than 1.5 s" in detail and "was stopped" in detail
    # the process running it is gone (really cancelled), a fresh one took its place
    assert pool.killed == killed + 1 and pool.pids != before
    # the other process answers at once, without waiting for the replacement to start
    answer = tight.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_a_result_beyond_the_row_limit_is_refused_clearly(tight: TestClient) -> None:
    ok = tight.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 5
    over = tight.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 6"})
    assert over.status_code == 422
    assert "more than 5 rows" in over.json()["detail"] and "LIMIT" in over.json()["detail"]
    graph = tight.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert graph.status_code == 422


def test_a_large_body_is_refused_with_413(tight: TestClient) -> None:
    query = "ASK { ?s ?p ?o } #" + "x" * 3_000
    response = tight.post("/sparql", content=query.encode(),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert "2,000 bytes" in response.json()["detail"]

    def chunks():
        for _ in range(10):
            yield b"#" + b"y" * 499
    chunked = tight.post("/sparql", content=chunks(),
                         headers={"Content-Type": "application/sparql-query"})
    assert chunked.status_code == 413


def test_settings_from_environment() -> None:
    settings = ServerSettings.from_env({"SEKG_QUERY_TIMEOUT": "3", "SEKG_MAX_ROWS": "7",
                                        "SEKG_OUT": "/tmp/x"}, workers=4)
    assert (settings.query_timeout, settings.max_rows, settings.workers) == (3.0, 7, 4)
    assert ServerSettings.from_env({}).query_timeout == 10.0
    import pytest

    from sekg.ontology.errors import SekgError

    with pytest.raises(SekgError, match="SEKG_MAX_ROWS"):
        ServerSettings.from_env({"SEKG_MAX_ROWS": "many"})


def test_cors_for_get(client: TestClient) -> None:
    response = client.get("/api/queries", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["access-control-allow-methods"]
    assert "DELETE" not in preflight.headers["access-control-allow-methods"]


def test_no_stack_trace_reaches_the_client(build_dir, caplog) -> None:
    app = create_app(ServerSettings(store=build_dir, workers=1))

    @app.get("/boom")
    async def boom() -> None:
        raise ValueError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "logged" in response.json()["detail"]
    assert any("secret internal detail" in (r.exc_text or str(r.exc_info)) for r in caplog.records)


def test_unknown_path_is_a_problem_json_404(client: TestClient) -> None:
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("nothing at /nothing-here")


def test_repeated_answers_come_from_the_cache(client: TestClient) -> None:
    cache = _server(client).outcomes
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"}
    first = client.get("/sparql", params=query, headers={"Accept": "text/csv"})
    hits = cache.hits
    second = client.get("/sparql", params=query, headers={"Accept": "text/csv"})
    assert second.text == first.text and cache.hits == hits + 1
    # another format or dataset is another answer
    client.get("/sparql", params={**query, "default-graph-uri": "urn:x:none"},
               headers={"Accept": "text/csv"})
    assert cache.hits == hits + 1


def test_large_answers_and_failures_are_not_cached(tight: TestClient) -> None:
    from sekg.api.cache import OutcomeCache
    from sekg.api.execute import QueryOutcome, QueryTask

    cache = OutcomeCache(max_entries=2, max_body=10)
    big, small = QueryTask("ASK {}", "text/csv"), QueryTask("ASK { ?s ?p ?o }", "text/csv")
    cache.put(big, QueryOutcome("ask", body=b"x" * 11))
    cache.put(small, QueryOutcome("ask", body=b"x"))
    assert cache.get(big) is None and cache.get(small) is not None
    for n in range(3):
        cache.put(QueryTask(f"ASK {{ <urn:{n}> ?p ?o }}"), QueryOutcome("ask"))
    assert len(cache) == 2 and cache.get(small) is None      # least recently used went
    before = len(_server(tight).outcomes)
    tight.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 6"})
    assert len(_server(tight).outcomes) == before     # the refused answer is not kept


def test_no_cache_when_turned_off(build_dir) -> None:
    from sekg.api.state import ServerState

    server = ServerState(ServerSettings(store=build_dir, cache_entries=0), pool=None)
    from sekg.api.execute import QueryOutcome, QueryTask

    server.outcomes.put(QueryTask("ASK {}"), QueryOutcome("ask"))
    assert len(server.outcomes) == 0


def test_in_memory_setting_from_environment_and_flag() -> None:
    import pytest

    from sekg.ontology.errors import SekgError

    assert ServerSettings.from_env({}).in_memory is None
    assert ServerSettings.from_env({"SEKG_IN_MEMORY": "true"}).in_memory is True
    assert ServerSettings.from_env({"SEKG_IN_MEMORY": "no"}).in_memory is False
    assert ServerSettings.from_env({"SEKG_IN_MEMORY": "true"}, in_memory=False).in_memory is False
    with pytest.raises(SekgError, match="SEKG_IN_MEMORY"):
        ServerSettings.from_env({"SEKG_IN_MEMORY": "sometimes"})


def test_query_processes_open_the_store_as_the_setting_says(monkeypatch) -> None:
    import multiprocessing
    import threading

    from sekg.api import pool as pool_module
    from sekg.graph import store as store_module

    opened: list[object] = []
    def fake_open(location: str, in_memory: bool | None = None) -> object:
        opened.append(in_memory)
        return object()

    monkeypatch.setattr(store_module, "open_store", fake_open)
    for choice in (True, False, None):
        parent, child = multiprocessing.Pipe()
        worker = threading.Thread(target=pool_module._worker_main, args=(child, "var", choice))
        worker.start()
        assert parent.recv() == "ready"
        parent.close()          # the worker's loop ends when its pipe closes
        worker.join(timeout=10)
    assert opened == [True, False, None]


def test_an_unacceptable_accept_is_406_without_running_the_query(
        tight: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The endpoint ran the query, then answered 406: a runaway query with an Accept nothing
    is offered in burnt a query process until the time limit (503) instead. Now its syntax is
    checked (a malformed query stays a 400), and nothing runs on the store."""
    from sekg.api.execute import SYNTAX_ONLY

    pool = _server(tight).pool
    assert pool is not None
    asked: list[str] = []
    run = ServerState.run

    async def recording(self: ServerState, task: QueryTask) -> QueryOutcome:
        asked.append(task.output)
        return await run(self, task)

    monkeypatch.setattr(ServerState, "run", recording)
    killed = pool.killed
    response = tight.get("/sparql", params={"query": RUNAWAY}, headers={"Accept": "image/png"})
    assert response.status_code == 406, response.text
    assert "text/csv" in response.json()["detail"]
    assert asked == [SYNTAX_ONLY] and pool.killed == killed
