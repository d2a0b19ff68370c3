"""Benchmark of the query catalogue: every question on the embedded store (pyoxigraph on
disk), plain rdflib in memory (the baseline a Python user would pick) and a real Oxigraph
server over HTTP, on the Turin graph and on the synthetic metropolitan graph.

Run with ``python -m bench --suite queries``. Timings are medians (p50) and p95 over
``repeat`` runs after one warm-up run; ratios compare engines in the same run.
"""

from __future__ import annotations

import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["ENGINES", "bench_budgeted", "bench_queries"]

#: the engines of :func:`bench_budgeted`, in the order of its tables
ENGINES = ("embedded", "memory", "rdflib", "server")


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def _timings(run, repeat: int, warm_up: bool = True) -> list[float]:
    if warm_up:
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _server(store_dir: Path, nquads: Path | None = None,
            timeout: float | None = None):
    from sekg.graph.store import EmbeddedStore, RemoteStore

    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists() and not shutil.which("oxigraph"):
        return None, None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    location = store_dir.parent / "oxigraph-server"
    shutil.rmtree(location, ignore_errors=True)
    exe = str(binary if binary.exists() else "oxigraph")
    if nquads is not None:  # large graphs: the server's own bulk loader, not HTTP
        subprocess.run([exe, "load", "--location", str(location), "--file", str(nquads)],
                       check=True, capture_output=True)
    limit = ["--timeout-s", str(int(timeout))] if timeout else []
    proc = subprocess.Popen([str(binary if binary.exists() else "oxigraph"), "serve",
                             "--location", str(location), "--bind", f"127.0.0.1:{port}", *limit],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    proc.stderr.readline()
    remote = RemoteStore(f"http://127.0.0.1:{port}/query", gsp=f"http://127.0.0.1:{port}/store",
                         timeout=(timeout + 10) if timeout else 60.0)
    if nquads is None:
        remote.load(EmbeddedStore.open(store_dir).quads())
    return proc, remote


def bench_queries(build_dir: Path, label: str, repeat: int = 15, with_rdflib: bool = True,
                  nquads: Path | None = None, warm_up: bool = True) -> dict[str, Any]:
    """Time the catalogue on the graph built in ``build_dir`` through the three engines."""
    import rdflib

    from sekg.graph.store import EmbeddedStore
    from sekg.ontology.namespaces import base_uri
    from sekg.queries.catalog import load_catalog

    catalog = load_catalog()
    embedded = EmbeddedStore.open(build_dir / "store")
    before = _rss_mb()
    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    if with_rdflib:
        dataset.parse(build_dir / "dumps" / "dataset.nq", format="nquads")
    rdflib_load = time.perf_counter() - started
    rdflib_mb = _rss_mb() - before
    proc, remote = _server(build_dir / "store", nquads)
    rows = []
    try:
        for name, query in catalog.items():
            text = query.bound({}, base_uri())
            row: dict[str, Any] = {"query": name}
            for engine, run in (
                ("embedded", lambda t=text: embedded.table(t)),
                ("rdflib", (lambda t=text: list(dataset.query(t))) if with_rdflib else None),
                ("server", (lambda t=text: remote.table(t)) if remote else None),
            ):
                if run is None:
                    continue
                # rdflib is slow: fewer runs, and on large graphs a single cold one
                large = len(embedded) > 100_000
                reps = repeat if engine != "rdflib" else (1 if large else max(3, repeat // 5))
                try:
                    times = _timings(run, reps,
                                     warm_up=warm_up and not (engine == "rdflib" and large))
                except Exception as exc:  # a timeout on one engine must not end the run
                    row[f"{engine}_p50_ms"] = f"failed: {type(exc).__name__}"
                    continue
                row[f"{engine}_p50_ms"] = round(statistics.median(times) * 1000, 2)
                row[f"{engine}_p95_ms"] = round(sorted(times)[int(0.95 * (len(times) - 1))]
                                                * 1000, 2)
            print(f"{label}: {row}", file=sys.stderr, flush=True)
            rows.append(row)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
    totals = {engine: round(sum(v for r in rows
                                if isinstance(v := r.get(f"{engine}_p50_ms", 0), int | float)), 1)
              for engine in ("embedded", "rdflib", "server")}
    return {"graph": label, "triples": len(embedded), "queries": len(rows),
            "rdflib_load_s": round(rdflib_load, 2), "rdflib_memory_mb": round(rdflib_mb),
            "totals_p50_ms": totals,
            "rdflib_over_embedded": round(totals["rdflib"] / max(totals["embedded"], 1e-9), 1),
            "rows": rows}


def bench_budgeted(build_dir: Path, label: str, nquads: Path, budget: float = 30.0,
                   with_rdflib: bool = True) -> dict[str, Any]:
    """One cold run of every question on each engine, each question within ``budget`` seconds
    (see :mod:`bench.budgeted`); the engines run one after the other, not competing for cores.

    The embedded store runs twice: queried on disk (``embedded``, what one-shot commands do)
    and in memory, loaded from ``nquads`` (``memory``, what a long-lived reader such as the
    server's query processes can afford for a large graph: several GB of RAM, about a minute
    to load).
    """
    from bench.budgeted import BudgetedRunner
    from sekg.graph.store import EmbeddedStore
    from sekg.ontology.namespaces import base_uri
    from sekg.queries.catalog import load_catalog

    catalog = load_catalog()
    rows: list[dict[str, Any]] = [{"query": name} for name in catalog]
    engines: dict[str, dict[str, Any]] = {}
    runners = [BudgetedRunner("embedded", build_dir / "store", budget),
               BudgetedRunner("memory", nquads, budget)]
    if with_rdflib:
        runners.append(BudgetedRunner("rdflib", nquads, budget))
    for runner in runners:
        try:
            for row in rows:
                answer = runner.run(str(row["query"]))
                row[f"{runner.engine}_p50_ms"] = (
                    answer["ms"] if "ms" in answer else f"> {budget:g} s"
                    if answer.get("over_budget") else f"failed: {answer['error']}")
                result = row[f"{runner.engine}_p50_ms"]
                print(f"{label} {runner.engine}: {row['query']} {result}", file=sys.stderr,
                      flush=True)
        finally:
            runner.close()
        engines[runner.engine] = {"load_s": runner.load_seconds, "peak_mb": runner.peak_mb}
    started = time.perf_counter()
    proc, remote = _server(build_dir / "store", nquads, timeout=budget)
    engines["server"] = {"load_s": round(time.perf_counter() - started, 1)}
    try:
        for row in rows:
            if remote is None:
                break
            text = catalog[str(row["query"])].bound({}, base_uri())
            started = time.perf_counter()
            try:
                remote.table(text)
                row["server_p50_ms"] = round((time.perf_counter() - started) * 1000, 2)
            except Exception as exc:  # the server ends an overrunning query with an error
                over = time.perf_counter() - started >= budget
                row["server_p50_ms"] = f"> {budget:g} s" if over else f"failed: {exc}"[:80]
            print(f"{label} server: {row['query']} {row['server_p50_ms']}", file=sys.stderr,
                  flush=True)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    names = [e for e in ENGINES if any(f"{e}_p50_ms" in r for r in rows)]

    def total(engine: str, over_as_budget: bool) -> float:
        values = [r.get(f"{engine}_p50_ms") for r in rows]
        return round(sum(v if isinstance(v, int | float) else budget * 1000 if over_as_budget
                         and str(v).startswith(">") else 0 for v in values), 1)

    def ratio(engine: str) -> float | None:
        both = [r for r in rows if all(isinstance(r.get(f"{e}_p50_ms"), int | float)
                                       for e in (engine, "rdflib"))]
        if not both:
            return None
        return round(sum(float(r["rdflib_p50_ms"]) for r in both)
                     / max(sum(float(r[f"{engine}_p50_ms"]) for r in both), 1e-9), 1)

    return {"graph": label, "triples": len(EmbeddedStore.open(build_dir / "store")),
            "queries": len(rows), "budget_s": budget, "engines": engines,
            "over_budget": {e: sum(str(r.get(f"{e}_p50_ms", "")).startswith(">") for r in rows)
                            for e in names},
            # an over-budget question counts as the budget: a lower bound of the true total
            "totals_at_least_ms": {e: total(e, True) for e in names},
            "rdflib_over_embedded_where_both_finished": ratio("embedded"),
            "rdflib_over_memory_where_both_finished": ratio("memory"),
            "rows": rows}


def print_budgeted(result: dict[str, Any]) -> None:
    """Markdown summary of one :func:`bench_budgeted` result."""
    print(f"\n## queries — {result['graph']}: {result['triples']:,} triples, one cold run per "
          f"question, budget {result['budget_s']} s per question")
    print(f"engines (load s, peak MB): {result['engines']}; over budget: "
          f"{result['over_budget']}; totals (over budget counted as the budget, so at least): "
          f"{result['totals_at_least_ms']} ms")
    if result["rdflib_over_embedded_where_both_finished"] is not None:
        print(f"rdflib / embedded where both finished: "
              f"{result['rdflib_over_embedded_where_both_finished']}× (store in memory: "
              f"{result['rdflib_over_memory_where_both_finished']}×)")
    else:
        print("rdflib not run (--skip-rdflib): no ratio measured")
    print("| query | embedded, on disk (ms) | embedded, in memory (ms) | rdflib (ms) "
          "| Oxigraph server (ms) |\n|---|---|---|---|---|")
    for row in result["rows"]:
        print(f"| {row['query']} | {row.get('embedded_p50_ms', '–')} | "
              f"{row.get('memory_p50_ms', '–')} | "
              f"{row.get('rdflib_p50_ms', '–')} | {row.get('server_p50_ms', '–')} |")


def print_report(result: dict[str, Any]) -> None:
    """Markdown summary of one :func:`bench_queries` result."""
    totals = result["totals_p50_ms"]
    print(f"\n## queries — {result['graph']}: {result['triples']:,} triples, "
          f"{result['queries']} catalogue queries")
    print(f"rdflib load {result['rdflib_load_s']} s, +{result['rdflib_memory_mb']} MB; "
          f"sum of p50: embedded {totals['embedded']} ms, rdflib {totals['rdflib']} ms, "
          f"server {totals['server']} ms; rdflib/embedded = {result['rdflib_over_embedded']}×")
    print("| query | embedded p50 | embedded p95 | rdflib p50 | server p50 |")
    print("|---|---|---|---|---|")
    for row in result["rows"]:
        print(f"| {row['query']} | {row.get('embedded_p50_ms')} | {row.get('embedded_p95_ms')} "
              f"| {row.get('rdflib_p50_ms')} | {row.get('server_p50_ms', '–')} |")
