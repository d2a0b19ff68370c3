"""Benchmark of the partnership-gap analysis (``sekg gaps``): Turin graph and a SYNTHETIC
national network, with networkx compared to a faster backend (networkit) where it matters.

* ``turin`` — ``load_projections`` and ``analyse`` timed separately on the embedded Turin
  store (p50 of 5 runs) and peak RSS;
* ``national`` — a SYNTHETIC network generated in memory (numpy, seeded; every IRI under
  ``https://example.org/SYNTHETIC/`` and every label starting with "SYNTHETIC"), at three scale
  points up to ~400k organisations / ~2M ties; each step of the analysis is timed on its own
  with a per-step budget (SIGALRM), in a child process so that peak RSS is that scale's alone;
* ``backend`` — on the largest synthetic graph: sampled betweenness, Louvain, k-core and
  components with networkx against networkit (``pip install networkit``; skipped with a
  message if it is missing; networkit's ApproxBetweenness is left out: in C++ it cannot be
  stopped at the budget, and at 2M ties it ran for over 20 minutes), and networkx's sampled
  betweenness against ours (numpy batched Brandes, the one the report uses because it gives
  each value's standard error).

The national points run the report with ``backend="auto"`` (networkit above 50,000 ties when
installed); the backend used is in each point's ``projection`` row.

Output: ``bench/out/gaps.json`` and ``bench/out/gaps.md`` (printed at the end).
``python -m bench --suite gaps [--scale turin,national]``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["NATIONAL_POINTS", "main", "synthetic_projections"]

#: (actors, ties) of the synthetic scale points; the last is the issue's national target
NATIONAL_POINTS = ((20_000, 100_000), (100_000, 500_000), (400_000, 2_000_000))
#: helix shares of the synthetic actors (codes as in the Turin graph's helix scheme)
HELIX_SHARES = {"third-sector-civil-society": 0.45, "business": 0.25,
                "public-administration": 0.08, "knowledge-education": 0.05, "finance": 0.03,
                "representation": 0.04, "unknown": 0.10}
SYNTHETIC = "https://example.org/SYNTHETIC/"
#: analysis parameters at national scale (sampled betweenness, Burt's measures on top nodes)
PIVOTS = 32
HOLES_LIMIT = 1000
STEPS = ("projection", "zones", "themes", "mixing", "recommendations", "brokerage", "fragility",
         "communities")


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


class StepTimeout(Exception):
    """A step ran past its budget."""


def _alarm(signum, frame):
    raise StepTimeout


# ------------------------------------------------------------------------ synthetic network
def synthetic_edges(n: int, m: int, seed: int = 7):
    """SYNTHETIC actors and ties as numpy arrays: ``helix`` (index into HELIX_SHARES),
    ``zone`` (1-11, 0 = none), ``src``/``dst`` (unique undirected pairs, no loops).

    Homophily: 60% of ties stay within the helix, 70% within the zone of the first end (when
    it has one); activity is log-normal, so there are hubs as in real partnership networks.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    shares = np.array(list(HELIX_SHARES.values()))
    helix = rng.choice(len(shares), size=n, p=shares / shares.sum())
    zone_p = np.array([0.30] + [0.07] * 10)        # zone 1 (the city) is the largest
    zone = rng.choice(np.arange(1, 12), size=n, p=zone_p / zone_p.sum())
    zone[rng.random(n) < 0.15] = 0                 # seat unknown or wider than one zone
    activity = rng.lognormal(0.0, 1.0, size=n)
    activity /= activity.sum()
    bucket = helix * 12 + zone                     # (helix, zone) buckets
    order = np.argsort(bucket, kind="stable")
    counts = np.bincount(bucket, minlength=len(shares) * 12)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    pairs = np.empty((0, 2), dtype=np.int64)
    want = m
    while len(pairs) < m:
        k = int((want - len(pairs)) * 1.1) + 1000
        u = rng.choice(n, size=k, p=activity)
        h = np.where(rng.random(k) < 0.6, helix[u], rng.choice(len(shares), size=k,
                                                                p=shares / shares.sum()))
        z = np.where((rng.random(k) < 0.7) & (zone[u] > 0), zone[u], rng.integers(0, 12, k))
        b = h * 12 + z
        size = counts[b]
        v = np.where(size > 0, order[starts[b] + (rng.random(k) * np.maximum(size, 1))
                                     .astype(np.int64)], rng.integers(0, n, k))
        new = np.stack([np.minimum(u, v), np.maximum(u, v)], axis=1)[u != v]
        pairs = np.unique(np.concatenate([pairs, new]), axis=0)
    pairs = pairs[rng.permutation(len(pairs))[:m]]
    return helix, zone, pairs[:, 0], pairs[:, 1]


def synthetic_projections(n: int, m: int, seed: int = 7):
    """A SYNTHETIC :class:`Projections` with ``n`` actors and ``m`` declared ties (70%
    partnership, 30% membership), no two-mode graphs, no themes or objectives."""
    import networkx as nx
    import numpy as np

    from sekg.graph.analysis.projection import Actor, Projections

    helix, zone, src, dst = synthetic_edges(n, m, seed)
    names = list(HELIX_SHARES)
    iris = [f"{SYNTHETIC}actor/{i}" for i in range(n)]
    actors = {iri: Actor(iri=iri, label=f"SYNTHETIC actor {i}", list_number=None,
                         helix=names[helix[i]], subhelix=names[helix[i]], family="unknown",
                         legal_form="", seat_istat="", zones=(int(zone[i]),) if zone[i] else ())
              for i, iri in enumerate(iris)}
    kind = np.where(np.random.default_rng(seed + 1).random(len(src)) < 0.7, 1, 0)
    method = f"{SYNTHETIC}method/generated"
    declared = [{"source": iris[a], "target": iris[b],
                 "kind": "partnership" if k else "membership", "via": "", "method": method,
                 "confidence": f"{SYNTHETIC}confidence/none"}
                for a, b, k in zip(src.tolist(), dst.tolist(), kind.tolist(), strict=True)]
    zones = {z: (f"{SYNTHETIC}zone/{z}", f"SYNTHETIC zone {z}") for z in range(1, 12)}
    return Projections(actors=actors, declared=declared, actor_targets=nx.Graph(),
                       actor_territories=nx.Graph(),
                       helices=sorted(h for h in names if h != "unknown"),
                       helix_labels={h: h.replace("-", " ") for h in names if h != "unknown"},
                       zones=zones, themes={}, objectives={},
                       labels={f"zone:{z}": label for z, (_, label) in zones.items()})


# ------------------------------------------------------------------------------ one scale
def run_national_point(n: int, m: int, budget: float) -> None:
    """Child process: generate, then time each step; one JSON line per step on stdout."""
    from sekg.graph.analysis.gaps import AnalysisOptions, _Analysis

    def emit(**row: object) -> None:
        print(json.dumps({**row, "peak_mb": _peak_mb()}), flush=True)

    signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    projections = synthetic_projections(n, m)
    emit(step="generate", seconds=round(time.perf_counter() - started, 2))
    options = AnalysisOptions(exact_limit=5000, pivots=PIVOTS, holes_limit=HOLES_LIMIT)
    run = None
    for step in STEPS:
        t = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            if step == "projection":
                run = _Analysis(projections, options)
            else:
                getattr(run, step)()
            status = "ok"
        except StepTimeout:
            status = "budget"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        row = {"step": step, "seconds": round(time.perf_counter() - t, 2), "status": status}
        if step == "projection" and run is not None:
            row.update(actors=len(run.ties.nodes), ties=run.ties.edges, backend=run.backend)
        if step == "brokerage" and run is not None and "betweenness" in run.summary:
            row["betweenness"] = run.summary["betweenness"]
        emit(**row)
        if run is None:
            break


def run_backend(n: int, m: int, budget: float) -> None:
    """Child process: networkx vs networkit on the same SYNTHETIC graph; JSON lines."""
    import networkx as nx
    import numpy as np

    from sekg.graph.analysis.arrays import TieArrays
    from sekg.graph.analysis.brokerage import array_betweenness

    def emit(**row: object) -> None:
        print(json.dumps({**row, "peak_mb": _peak_mb()}), flush=True)

    try:
        import networkit as nk
    except ImportError:
        emit(skipped="networkit is not installed: pip install networkit")
        return
    signal.signal(signal.SIGALRM, _alarm)
    _, _, src, dst = synthetic_edges(n, m)
    names = [str(i) for i in range(n)]
    ties = TieArrays(names, np.zeros(n, dtype=np.int64), ["unknown"], src, dst,
                     np.ones(len(src)), np.ones(len(src), dtype=np.int64))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    core = g.subgraph([v for v in g if g.degree(v) > 0]).copy()
    gk = nk.Graph(n, weighted=False, directed=False)
    gk.addEdges((src, dst))
    threads = nk.getMaxNumberOfThreads()

    def timed(fn):
        t = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            value, status = fn(), "ok"
        except StepTimeout:
            value, status = None, "budget"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return round(time.perf_counter() - t, 3), status, value

    def nk_estimate():
        algo = nk.centrality.EstimateBetweenness(gk, PIVOTS, True, True)
        algo.run()
        return None

    def nx_louvain():
        found = nx.community.louvain_communities(core, seed=42)
        return {"communities": len(found)}

    def nk_louvain():
        plm = nk.community.PLM(gk, refine=False)
        plm.run()
        part = plm.getPartition()
        return {"communities": part.numberOfSubsets(),
                "modularity": round(nk.community.Modularity().getQuality(part, gk), 4)}

    def nk_core():
        algo = nk.centrality.CoreDecomposition(gk)
        algo.run()
        return int(max(algo.scores()))

    def nk_components():
        algo = nk.components.ConnectedComponents(gk)
        algo.run()
        return algo.numberOfComponents()

    def nx_sampled():
        nx.betweenness_centrality(core, k=PIVOTS, seed=42)
        return None

    def ours_sampled():
        return {"max_standard_error": array_betweenness(ties, 5000, PIVOTS, 42).max_error}

    pairs = [
        (f"betweenness, {PIVOTS} sampled sources", nx_sampled, nk_estimate),
        (f"betweenness, {PIVOTS} sampled sources: ours (numpy batched Brandes, with SE)",
         nx_sampled, ours_sampled),
        ("Louvain", nx_louvain, nk_louvain),
        ("k-core (core numbers)", lambda: max(nx.core_number(core).values()), nk_core),
        ("connected components", lambda: nx.number_connected_components(g), nk_components),
    ]
    done: dict[object, tuple[float, str, object]] = {}
    for name, nx_fn, nk_fn in pairs:
        if nx_fn not in done:  # the sampled networkx run serves two rows
            done[nx_fn] = timed(nx_fn)
        nx_time, nx_status, nx_value = done[nx_fn]
        nk_time, nk_status, nk_value = timed(nk_fn)
        emit(task=name, networkx_seconds=nx_time, networkx_status=nx_status,
             networkx_value=nx_value, networkit_seconds=nk_time, networkit_status=nk_status,
             networkit_value=nk_value, networkit_threads=threads,
             ratio=round(nx_time / nk_time, 1) if nx_time and nk_time else None)


def _child(call: str, timeout: float) -> tuple[list[dict[str, Any]], str]:
    """Run ``call`` in a child; its JSON lines (even if it is killed at ``timeout``)."""
    proc = subprocess.Popen([sys.executable, "-c", f"import bench.gaps_bench as b; b.{call}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        note = f"exit {proc.returncode}: {err.strip()[-500:]}" if proc.returncode else ""
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        note = f"killed after {timeout:.0f} s"
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return rows, note


# ------------------------------------------------------------------------------------ turin
def run_turin(out: Path, repeat: int = 5) -> dict[str, Any]:
    """Child process body: load + analyse on the Turin store (built if needed)."""
    from sekg.graph.analysis.gaps import analyse
    from sekg.graph.analysis.projection import load_projections
    from sekg.graph.store import EmbeddedStore

    var = out / "turin" / "var"
    if not (var / "store").is_dir():
        from sekg.graph.build import BuildOptions, build

        build(BuildOptions(out=var, reason=False))
    load, run = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        store = EmbeddedStore.open(var / "store")
        projections = load_projections(store)
        load.append(time.perf_counter() - t)
        t = time.perf_counter()
        report = analyse(projections)
        run.append(time.perf_counter() - t)
        del store
    p50_load, p50_run = statistics.median(load), statistics.median(run)
    result = {"scale": "turin", "actors": len(projections.actors),
            "declared_ties": len(projections.declared), "findings": len(report.findings),
            "load_p50_s": round(p50_load, 3), "analyse_p50_s": round(p50_run, 3),
            "total_p50_s": round(p50_load + p50_run, 3), "first_load_s": round(load[0], 3),
            "runs": repeat, "peak_mb": _peak_mb(), "target_s": 2.0,
            "meets_target": p50_load + p50_run < 2.0}
    print(json.dumps(result), flush=True)
    return result


# ------------------------------------------------------------------------------------- main
def _markdown(result: dict[str, Any]) -> str:
    lines = [f"# Gap-analysis benchmark ({result['machine']['cpus']} CPUs, "
             f"Python {result['machine']['python']}, networkx {result['machine']['networkx']})",
             ""]
    turin = result.get("turin")
    if turin:
        lines += ["## Turin graph", "",
                  "| actors | declared ties | findings | load p50 (s) | analyse p50 (s) | "
                  "total (s) | peak RSS (MB) | < 2 s |", "|---|---|---|---|---|---|---|---|",
                  f"| {turin['actors']} | {turin['declared_ties']} | {turin['findings']} | "
                  f"{turin['load_p50_s']} | {turin['analyse_p50_s']} | {turin['total_p50_s']} | "
                  f"{turin['peak_mb']} | {'yes' if turin['meets_target'] else 'NO'} |", ""]
    for point in result.get("national", []):
        backend = next((r.get("backend") for r in point["steps"] if "backend" in r), "?")
        lines += [f"## SYNTHETIC network: {point['actors']:,} actors, {point['ties']:,} ties "
                  f"(per-step budget {point['budget_s']:.0f} s, backend {backend})", "",
                  "| step | seconds | status | peak RSS so far (MB) |", "|---|---|---|---|"]
        for row in point["steps"]:
            lines.append(f"| {row['step']} | {row['seconds']} | {row.get('status', 'ok')} | "
                         f"{row['peak_mb']} |")
        generated = next((r["seconds"] for r in point["steps"] if r["step"] == "generate"), 0)
        lines += ["", f"Generation (stands for loading the projections): {generated} s. "
                  f"Analysis total (steps after generation): {point['analysis_s']} s"
                  f"{' (lower bound: a step hit its budget)' if point['incomplete'] else ''}; "
                  f"peak RSS {point['peak_mb']} MB; targets < 120 s and < 8192 MB: "
                  f"{'met' if point['meets_target'] else 'MISSED'}. {point.get('note', '')}", ""]
        for row in point["steps"]:
            if "betweenness" in row:
                b = row["betweenness"]
                lines += [f"Betweenness: {'exact' if b['exact'] else 'sampled'}, "
                          f"{b['pivots']} sources, largest standard error "
                          f"{b['max_standard_error']:.3g}.", ""]
    backend = result.get("backend")
    if backend:
        lines += [f"## networkx vs networkit on the SYNTHETIC {backend['actors']:,} actors / "
                  f"{backend['ties']:,} ties (one run each)", ""]
        if backend.get("skipped"):
            lines += [backend["skipped"], ""]
        else:
            lines += ["| task | networkx (s) | faster (s) | ratio | values (nx / faster) |",
                      "|---|---|---|---|---|"]
            for r in backend["rows"]:
                nx_s = (f"{r['networkx_seconds']}" + (" (budget hit)" if r["networkx_status"]
                                                       == "budget" else "")
                        if r["networkx_seconds"] is not None else "—")
                ratio = r["ratio"]
                if ratio and r["networkx_status"] == "budget":
                    ratio = f">{ratio}"
                lines.append(f"| {r['task']} | {nx_s} | {r['networkit_seconds']} | "
                             f"{ratio if ratio else '—'} | {r['networkx_value']} / "
                             f"{r['networkit_value']} |")
            threads = backend["rows"][0]["networkit_threads"] if backend["rows"] else "?"
            lines += ["", f"faster = networkit unless the task says ours; networkit threads: "
                      f"{threads} (the report's Louvain runs on one, seeded, for reproducible "
                      f"communities). "
                      f"{backend.get('note', '')}", ""]
    return "\n".join(lines)


def main(scales: list[str], out: Path, budget: float = 120.0,
         points: tuple[tuple[int, int], ...] = NATIONAL_POINTS) -> dict[str, Any]:
    """Run the requested scales (each in a child process); write gaps.json and gaps.md."""
    import networkx as nx

    out.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"machine": {
        "python": platform.python_version(), "machine": platform.machine(),
        "cpus": os.cpu_count(), "networkx": nx.__version__,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)}}
    if "turin" in scales:
        rows, note = _child(f"run_turin(__import__('pathlib').Path({str(out)!r}))", 900)
        if rows:
            result["turin"] = rows[-1]
        else:
            print(f"turin: failed ({note})", file=sys.stderr)
    if "national" in scales:
        result["national"] = []
        for n, m in points:
            print(f"gaps bench: SYNTHETIC {n:,} actors / {m:,} ties ...", file=sys.stderr)
            rows, note = _child(f"run_national_point({n}, {m}, {budget})",
                                budget * (len(STEPS) + 1) + 300)
            steps = [r for r in rows if r.get("step") != "generate"]
            analysis = round(sum(r["seconds"] for r in steps), 2)
            peak = max((r["peak_mb"] for r in rows), default=0)
            incomplete = bool(note) or len(steps) < len(STEPS) or any(
                r.get("status") != "ok" for r in steps)
            result["national"].append({
                "synthetic": True, "actors": n, "ties": m, "budget_s": budget, "steps": rows,
                "analysis_s": analysis, "peak_mb": peak, "incomplete": incomplete,
                "note": note, "meets_target": not incomplete and analysis < 120 and peak < 8192})
        n, m = points[-1]
        print(f"gaps bench: networkx vs networkit at {n:,} / {m:,} ...", file=sys.stderr)
        rows, note = _child(f"run_backend({n}, {m}, {budget})", budget * 10 + 300)
        backend: dict[str, Any] = {"synthetic": True, "actors": n, "ties": m, "note": note,
                                      "budget_s": budget}
        if rows and "skipped" in rows[0]:
            backend["skipped"] = rows[0]["skipped"]
        else:
            backend["rows"] = rows
        result["backend"] = backend
    (out / "gaps.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    text = _markdown(result)
    (out / "gaps.md").write_text(text + "\n")
    print(text)
    return result
