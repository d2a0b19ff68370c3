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

__all__ = ["bench_queries"]


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def _timings(run, repeat: int, warm_up: bool = True) -> list[float]:  # type: ignore[no-untyped-def]
    if warm_up:
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _server(store_dir: Path, nquads: Path | None = None):  # type: ignore[no-untyped-def]
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
    proc = subprocess.Popen([str(binary if binary.exists() else "oxigraph"), "serve",
                             "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    proc.stderr.readline()
    remote = RemoteStore(f"http://127.0.0.1:{port}/query", gsp=f"http://127.0.0.1:{port}/store")
    if nquads is None:
        remote.load(EmbeddedStore.open(store_dir).quads())
    return proc, remote


def bench_queries(build_dir: Path, label: str, repeat: int = 15, with_rdflib: bool = True,
                  nquads: Path | None = None, warm_up: bool = True) -> dict[str, object]:
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
            row: dict[str, object] = {"query": name}
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


def print_report(result: dict[str, object]) -> None:
    """Markdown summary of one :func:`bench_queries` result."""
    totals = result["totals_p50_ms"]
    print(f"\n## queries — {result['graph']}: {result['triples']:,} triples, "
          f"{result['queries']} catalogue queries")
    print(f"rdflib load {result['rdflib_load_s']} s, +{result['rdflib_memory_mb']} MB; "
          f"sum of p50: embedded {totals['embedded']} ms, rdflib {totals['rdflib']} ms, "
          f"server {totals['server']} ms; rdflib/embedded = {result['rdflib_over_embedded']}×")
    print("| query | embedded p50 | embedded p95 | rdflib p50 | server p50 |")
    print("|---|---|---|---|---|")
    for row in result["rows"]:  # type: ignore[attr-defined]
        print(f"| {row['query']} | {row.get('embedded_p50_ms')} | {row.get('embedded_p95_ms')} "
              f"| {row.get('rdflib_p50_ms')} | {row.get('server_p50_ms', '–')} |")
