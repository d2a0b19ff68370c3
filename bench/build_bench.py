"""Benchmark of ``sekg build``: wall time and peak memory per stage, at several scales.

Each scale runs in its own process so that peak RSS is that build's alone. Output: a
Markdown table on stdout and ``bench/out/build.json``.
"""

from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["SCALES", "run_scale"]

#: scale -> (synthetic organisations added, validate, reason)
SCALES = {
    "turin": (0, True, True),
    "metro": (5_000, True, False),
    # between the metropolitan and the national scale, to measure how the build grows
    "20k": (20_000, True, False),
    "100k": (100_000, True, False),
    "national": (400_000, True, False),
    # the "≈10M triples": since the records are shared by rows (2026-11-27) the
    # national scale's 400,000 organisations make 7.4M quads, 540,000 make ≈10.0M
    "10m": (540_000, True, False),
}


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def run_scale(name: str, out: Path) -> dict[str, object]:
    """Run one build in this process and return its per-stage figures."""
    from bench.synthetic import write_synthetic_sources
    from sekg.graph.build import BuildOptions, build
    from sekg.graph.sourcefiles import SourceTree

    n, validate, reason = SCALES[name]
    options = BuildOptions(out=out / name / "var", validate=validate, reason=reason)
    if n:
        options.sources = SourceTree.at(write_synthetic_sources(out / name / "sources", n))
    stages: list[dict[str, object]] = []
    started = time.perf_counter()
    last = [started]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if stages:
            stages[-1].update(seconds=round(now - last[0], 2), rss_mb=round(_rss_mb()),
                              peak_mb=round(peak))
        last[0] = now
        if stage != "done":
            stages.append({"stage": stage})

    from sekg.cli import sigterm_as_interrupt

    with sigterm_as_interrupt():  # killed, the build stops its children and cleans up
        report = build(options, progress)
    wall = time.perf_counter() - started
    return {"scale": name, "synthetic_organisations": n, "validate": validate,
            "reason": reason, "wall_seconds": round(wall, 2),
            "quads": sum(report.quads_by_graph.values()),
            # each child's own wall time, from its start (the gap analysis: the build's)
            "children_seconds": {"analysis": round(report.analysis_seconds, 2),
                                 "validation": round(report.validation_seconds, 2),
                                 "reasoning": round(report.reasoner_seconds, 2)},
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            # the largest child: SHACL's or HermiT's forked process, or HermiT's JVM
            "children_peak_mb": round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "stages": stages}


def _run_child(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``command`` to its end, its output captured; stopped (Ctrl-C, SIGTERM), stop it
    too, and wait for it to clean up (``run_scale`` stops its build's children)."""
    from sekg.cli import sigterm_as_interrupt

    with sigterm_as_interrupt(), subprocess.Popen(command, stdout=subprocess.PIPE,
                                                  stderr=subprocess.PIPE, text=True) as child:
        try:
            stdout, stderr = child.communicate()
        except KeyboardInterrupt:
            child.terminate()
            child.communicate()
            raise
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


def main(scales: list[str], out: Path) -> list[dict[str, object]]:
    """Run each scale in a child process; print and save the results."""
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for name in scales:
        proc = _run_child([sys.executable, "-c",
                           "import json,sys; from pathlib import Path; "
                           "from bench.build_bench import run_scale; "
                           f"print(json.dumps(run_scale({name!r}, Path({str(out)!r}))))"])
        if proc.returncode:
            print(f"{name}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(result)
        print(f"\n## build — {name}: {result['quads']:,} quads, "
              f"{result['wall_seconds']} s wall, peak {result['peak_mb']} MB "
              f"(largest child process {result['children_peak_mb']} MB; children's own "
              f"seconds {result['children_seconds']})")
        print("| stage | seconds | RSS after (MB) | peak so far (MB) |\n|---|---|---|---|")
        for s in result["stages"]:
            print(f"| {s['stage']} | {s.get('seconds', '')} | {s.get('rss_mb', '')} | "
                  f"{s.get('peak_mb', '')} |")
    machine = {"python": platform.python_version(), "machine": platform.machine(),
               "cpus": __import__("os").cpu_count()}
    (out / "build.json").write_text(json.dumps({"machine": machine, "results": results},
                                               indent=1) + "\n")
    return results
