"""Benchmark of the linked-data server under bounded load from a second process on loopback:
requests/s and p50/p99 latency for an entity page, a JSON list and catalogue queries on
``sekg serve`` (with its cache of answers, and without: ``--cache-entries 0``), and the
same catalogue queries on rdflib-endpoint (PyPI) serving the same
data (``dataset.trig`` in an ``rdflib.Dataset`` whose default graph is the union, like ours).

Run with ``python -m bench --suite server`` (needs ``pip install -e '.[bench]'``). Each
workload runs ``concurrency`` keep-alive clients (threads of this process; the servers are
other processes) for at most ``seconds`` or ``max_requests``, after a short warm-up.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

__all__ = ["bench_server", "print_report"]

#: Catalogue questions sent to both servers (their default parameters bound).
QUERIES = ("participants_by_helix", "territory_participants_by_zone", "plan_themes",
           "consultation_proposals", "participants_of_helix")

_RDFLIB_SERVER = """
import sys, rdflib, uvicorn
from rdflib_endpoint import SparqlEndpoint
data = rdflib.Dataset(default_union=True)
data.parse(sys.argv[1], format="trig")
app = SparqlEndpoint(graph=data, cors_enabled=False)
print("loaded", len(data), flush=True)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, proc: subprocess.Popen[bytes], limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def _load(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str],
          concurrency: int, seconds: float, max_requests: int) -> dict[str, Any]:
    """Keep-alive clients hammering one request; latencies in milliseconds."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    budget = [max_requests]

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    errors[0] += 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {"requests": len(latencies), "errors": errors[0],
            "rps": round(len(latencies) / wall, 1) if wall else 0.0,
            "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p99_ms": round(pick(0.99), 1) if latencies else None}


def bench_server(build_dir: Path, concurrency: int = 4, seconds: float = 10.0,
                 max_requests: int = 5000) -> dict[str, Any]:
    """Run every workload on both servers; returns the figures."""
    try:
        import rdflib_endpoint  # noqa: F401
    except ImportError:
        raise SystemExit("rdflib-endpoint, the baseline, is not installed: run "
                         ".venv/bin/pip install -e '.[bench]'") from None
    from sekg.ontology.namespaces import base_uri
    from sekg.queries.catalog import get_query

    ours_port, uncached_port, theirs_port = _port(), _port(), _port()

    def serve(port: int, cache: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "sekg.cli", "serve", "--store",
                                 str(build_dir), "--port", str(port), "--cache-entries",
                                 str(cache)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    ours, uncached = serve(ours_port, 512), serve(uncached_port, 0)
    theirs = subprocess.Popen([sys.executable, "-c", _RDFLIB_SERVER,
                               str(build_dir / "dumps" / "dataset.trig"), str(theirs_port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results: dict[str, Any] = {"concurrency": concurrency, "seconds": seconds,
                               "cores": os.cpu_count(), "workloads": []}
    try:
        _wait_listening(ours_port, ours)
        _wait_listening(uncached_port, uncached)
        _wait_listening(theirs_port, theirs)
        form = {"Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json"}
        page = "/page/organisation/comune-di-chieri"
        plans: list[tuple[str, str, int, str, str, bytes | None, dict[str, str]]] = []
        for server, port in (("sekg", ours_port), ("sekg, no cache", uncached_port)):
            plans += [("entity page", server, port, "GET", page, None, {"Accept": "text/html"}),
                      ("JSON list", server, port, "GET", "/api/organisations?limit=50", None,
                       {})]
        for name in QUERIES:
            text = get_query(name).bound({}, base_uri())
            body = urllib.parse.urlencode({"query": text}).encode()
            plans.append((f"query {name}", "sekg", ours_port, "POST", "/sparql", body, form))
            plans.append((f"query {name}", "sekg, no cache", uncached_port, "POST", "/sparql",
                          body, form))
            plans.append((f"query {name}", "rdflib-endpoint", theirs_port, "POST", "/", body,
                          form))
        for label, server, port, method, path, payload, headers in plans:
            _load(port, method, path, payload, headers, 1, 2.0, 3)   # warm-up
            figures = _load(port, method, path, payload, headers, concurrency, seconds,
                            max_requests)
            results["workloads"].append({"workload": label, "server": server, **figures})
            print(f"{label:<45} {server:<16} {figures}", flush=True)
    finally:
        for proc in (ours, uncached, theirs):
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return results


def print_report(results: dict[str, Any]) -> None:
    """A Markdown table, with the throughput ratio per catalogue query."""
    rows = results["workloads"]
    print(f"\nconcurrency {results['concurrency']}, up to {results['seconds']} s per workload, "
          f"{results['cores']} cores\n")
    print("| workload | server | req/s | p50 ms | p99 ms | requests | errors |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['workload']} | {r['server']} | {r['rps']} | {r['p50_ms']} | "
              f"{r['p99_ms']} | {r['requests']} | {r['errors']} |")
    by = {(r["workload"], r["server"]): r for r in rows}
    print()
    for (workload, server), r in by.items():
        other = by.get((workload, "rdflib-endpoint"))
        if server.startswith("sekg") and other and other["rps"]:
            print(f"{workload} ({server}): {r['rps'] / other['rps']:.1f}x rdflib-endpoint's "
                  "throughput")
