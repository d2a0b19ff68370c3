"""The budgeted runner of the national query benchmark, on the Turin graph: each engine's
worker answers with the same row counts, and a question over budget is reported as such."""

from __future__ import annotations

from pathlib import Path

from bench.budgeted import BudgetedRunner
from sekg.graph.build import BuildReport
from sekg.graph.store import EmbeddedStore
from sekg.ontology.namespaces import base_uri
from sekg.queries.catalog import load_catalog

QUESTIONS = ("participants_by_helix", "network_actor_territories", "process_phases")


def test_on_disk_and_in_memory_workers_answer_alike(built: tuple[Path, BuildReport],
                                                    store: EmbeddedStore) -> None:
    out, _ = built
    answers = {}
    locations = {"embedded": out / "store", "memory": out / "dumps" / "dataset.nq"}
    for engine, location in locations.items():
        runner = BudgetedRunner(engine, location, budget=60)
        try:
            answers[engine] = [runner.run(name) for name in QUESTIONS]
        finally:
            runner.close()
        assert runner.load_seconds is not None and runner.peak_mb > 0
    expected = [len(store.table(load_catalog()[n].bound({}, base_uri())).rows)
                for n in QUESTIONS]
    for engine, engine_answers in answers.items():
        assert [a["rows"] for a in engine_answers] == expected, engine
        assert all(a["ms"] >= 0 for a in engine_answers)


def test_rdflib_over_budget_is_reported_and_its_worker_kept(
        built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    runner = BudgetedRunner("rdflib", out / "dumps" / "dataset.nq", budget=0.001)
    try:
        # rdflib stops itself at the budget and keeps the parsed graph for the next question
        assert runner.run("provenance_facts_by_predicate")["over_budget"] is True
        worker = runner._proc
        assert worker is not None and worker.poll() is None
        assert runner.run("participants_by_helix")["over_budget"] is True
        assert runner._proc is worker
    finally:
        runner.close()


def test_a_worker_reports_its_own_peak_not_its_parents(built: tuple[Path, BuildReport]) -> None:
    # the national bench's main process once held a 5 GB store copy; every worker it started
    # then reported 5 GB as its own peak
    held = bytearray(600 * 2**20)
    held[::4096] = b"x" * len(held[::4096])  # touch every page: 600 MB resident here
    out, _ = built
    runner = BudgetedRunner("embedded", out / "store", budget=60)
    try:
        runner.run("process_phases")
        assert 0 < runner.peak_mb < 400
    finally:
        runner.close()
        del held
