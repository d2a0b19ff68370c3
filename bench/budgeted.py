"""The query catalogue under a per-query time budget, each engine in a worker process.

Neither pyoxigraph nor rdflib can cancel a query from Python, and on the national graph some
questions run for minutes. rdflib evaluates in Python, so a timer signal in its worker stops an
overrunning query and the worker goes on with the next one (the graph, minutes to parse, stays
loaded); pyoxigraph evaluates in Rust, so its worker is killed and started again (opening the
store is instant). A question over budget is reported as such, never as a time.

Engines: ``embedded`` (LOCATION a store, queried on disk), ``memory`` (LOCATION the build's
N-Quads dump, loaded into an in-memory store: ``EmbeddedStore.from_dump``) and ``rdflib``
(LOCATION the same dump, parsed into an ``rdflib.Dataset``).
Run as a worker: ``python -m bench.budgeted embedded|memory|rdflib LOCATION BUDGET_S``, then one
query name per line on stdin, one JSON answer per line on stdout.

Example
-------
>>> runner = BudgetedRunner("embedded", "bench/out/turin/var/store", budget=5)  # doctest: +SKIP
>>> runner.run("process_phases")                                               # doctest: +SKIP
{'ms': 2.1, 'rows': 5, 'peak_mb': 95}
"""

from __future__ import annotations

import json
import resource
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["BudgetedRunner"]


class _OverBudget(BaseException):  # not an Exception: rdflib must not swallow it
    pass


def _peak_mb() -> int:
    """This process's peak resident memory (``VmHWM``), in MB. Not ``ru_maxrss``: a worker
    started by a process holding a large store reported that process's peak as its own (the
    kernel keeps the larger across ``exec``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


class BudgetedRunner:
    """A worker process of one engine, answering ``run(name)`` within ``budget`` seconds."""

    def __init__(self, engine: str, location: str | Path, budget: float) -> None:
        self.engine, self.location, self.budget = engine, str(location), budget
        self.load_seconds: float | None = None
        self.peak_mb = 0
        self._proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            started = time.perf_counter()
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "bench.budgeted", self.engine, self.location,
                 str(self.budget)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            ready = json.loads(self._read(None) or "{}")  # loading has no budget
            if self.load_seconds is None:
                self.load_seconds = round(time.perf_counter() - started, 1)
                self.peak_mb = max(self.peak_mb, ready.get("peak_mb", 0))
        return self._proc

    def _read(self, timeout: float | None) -> str | None:
        assert self._proc is not None and self._proc.stdout is not None
        ready, _, _ = select.select([self._proc.stdout], [], [], timeout)
        return self._proc.stdout.readline() if ready else None

    def run(self, name: str) -> dict[str, Any]:
        """``{"ms", "rows", "peak_mb"}``, or ``{"over_budget": True}``, or ``{"error": ...}``."""
        proc = self._start()
        assert proc.stdin is not None
        proc.stdin.write(name + "\n")
        proc.stdin.flush()
        line = self._read(self.budget + 5)  # rdflib stops itself at the budget
        if line is None:  # Rust does not stop: end the worker, a new one takes the next query
            self.close()
            return {"over_budget": True}
        answer: dict[str, Any] = json.loads(line)
        self.peak_mb = max(self.peak_mb, answer.get("peak_mb", 0))
        return answer

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None


def _worker(engine: str, location: str, budget: float) -> None:
    from sekg.ontology.namespaces import base_uri
    from sekg.queries.catalog import load_catalog

    catalog = load_catalog()
    if engine in ("embedded", "memory"):
        from sekg.graph.store import EmbeddedStore

        store = (EmbeddedStore.open(location, in_memory=False) if engine == "embedded"
                 else EmbeddedStore.from_dump(location))

        def run(text: str) -> int:
            return len(store.table(text).rows)
    else:
        import rdflib

        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(location, format="nquads")

        def run(text: str) -> int:
            return len(list(dataset.query(text)))

        def over(signum: int, frame: object) -> None:
            raise _OverBudget

        signal.signal(signal.SIGALRM, over)
    print(json.dumps({"ready": True, "peak_mb": _peak_mb()}), flush=True)
    for line in sys.stdin:
        text = catalog[line.strip()].bound({}, base_uri())
        started = time.perf_counter()
        try:
            if engine == "rdflib":
                signal.setitimer(signal.ITIMER_REAL, budget)
            rows = run(text)
            answer: dict[str, Any] = {"ms": round((time.perf_counter() - started) * 1000, 2),
                                      "rows": rows}
        except _OverBudget:
            answer = {"over_budget": True}
        except Exception as exc:  # one failing query must not end the run
            answer = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        answer["peak_mb"] = _peak_mb()
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], float(sys.argv[3]))
