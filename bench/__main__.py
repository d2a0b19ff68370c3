"""``python -m bench [--suite build,queries,gaps,server,viz] [--scale turin,metro,national]
[--out bench/out]``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.build_bench import SCALES, main

parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
parser.add_argument("--suite", default="build,queries",
                    help="comma-separated suites among build, queries, gaps, server, viz "
                         "(default: build,queries)")
parser.add_argument("--scale", default="turin,metro",
                    help=f"comma-separated scales among {', '.join(SCALES)} (default: turin,metro)")
parser.add_argument("--out", type=Path, default=Path("bench/out"))
parser.add_argument("--budget", type=float, default=30.0,
                    help="seconds allowed per question on the national graph (default: 30)")
parser.add_argument("--rdflib-everywhere", action="store_true",
                    help="also time plain rdflib beyond the Turin graph: one cold run per "
                         "question and engine within --budget, as on the national graph")
parser.add_argument("--skip-rdflib", action="store_true",
                    help="national queries: leave plain rdflib out (about 20 minutes to parse the "
                         "graph and up to the budget per question; no ratio is then measured)")
parser.add_argument("--step-budget", type=float, default=120.0,
                    help="gaps suite: seconds allowed to each analysis step (default: 120)")
args = parser.parse_args()
scales = [s for s in args.scale.split(",") if s]
suites = [s for s in args.suite.split(",") if s]
if "build" in suites:
    main(scales, args.out)
if "queries" in suites:
    from bench.query_bench import bench_queries, print_report

    results = []
    for scale in scales:
        build_dir = args.out / scale / "var"
        if scale == "national":
            # the build pipeline does not reach this scale: write N-Quads and bulk-load them
            import time

            from bench.national import write_national
            from sekg.graph.answers import Answers, catalogue_answers, materialise
            from sekg.graph.store import EmbeddedStore
            from sekg.ontology.namespaces import base_uri

            turin = args.out / "turin" / "var"
            if not (turin / "dumps").is_dir():
                main(["turin"], args.out)
            nquads = build_dir / "dumps" / "dataset.nq"
            if not (build_dir / "store").is_dir():
                started = time.perf_counter()
                write_national(turin / "dumps" / "dataset.nq", nquads)
                written = time.perf_counter() - started
                EmbeddedStore.load(build_dir / "store", nquads).close()  # compacted, as built
                print(f"national graph: N-Quads written in {written:.1f} s, bulk-loaded in "
                      f"{time.perf_counter() - started - written:.1f} s")
            if Answers.beside(build_dir / "store") is None:
                # what a build of a graph this large does (sekg.graph.answers), here on an
                # in-memory copy (several times faster than on disk) in a child, so that the
                # copy's ≈5 GB are not this process's peak, nor every worker's it starts
                from sekg.graph.forked import Forked

                started = time.perf_counter()
                Forked(materialise, build_dir / "store", catalogue_answers(base_uri()),
                       True, label="materialising the answers").result()
                print(f"national graph: the whole-network exports materialised in "
                      f"{time.perf_counter() - started:.1f} s (in memory, copy included)")
            # one cold run per question and engine, each within a budget: some run for minutes
            from bench.query_bench import bench_budgeted, print_budgeted

            result = bench_budgeted(build_dir, scale, nquads, budget=args.budget,
                                    with_rdflib=not args.skip_rdflib)
            print_budgeted(result)
            results.append(result)
            continue
        if not (build_dir / "store").is_dir():
            main([scale], args.out)
        if scale != "turin" and args.rdflib_everywhere:
            # beyond the Turin graph some questions keep rdflib busy for many minutes: one cold
            # run per question and engine, each within the budget, as on the national graph
            from bench.query_bench import bench_budgeted, print_budgeted

            result = bench_budgeted(build_dir, scale, build_dir / "dumps" / "dataset.nq",
                                    budget=args.budget)
            print_budgeted(result)
            results.append(result)
            continue
        result = bench_queries(build_dir, scale, with_rdflib=scale == "turin")
        print_report(result)
        results.append(result)
    (args.out / "queries.json").write_text(json.dumps(results, indent=1) + "\n")
if "gaps" in suites:
    from bench.gaps_bench import main as gaps_main

    gaps_main(scales, args.out, args.step_budget)
if "server" in suites:
    from bench.server_bench import bench_server
    from bench.server_bench import print_report as print_server_report

    # the server is benchmarked on the Turin graph (the one it publishes)
    turin = args.out / "turin" / "var"
    if not (turin / "store").is_dir():
        main(["turin"], args.out)
    server_results = bench_server(turin)
    print_server_report(server_results)
    (args.out / "server.json").write_text(json.dumps(server_results, indent=1) + "\n")
if "viz" in suites:
    from bench.viz_bench import bench_viz
    from bench.viz_bench import print_report as print_viz_report

    viz_results = bench_viz()
    print_viz_report(viz_results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "viz.json").write_text(json.dumps(viz_results, indent=1) + "\n")
