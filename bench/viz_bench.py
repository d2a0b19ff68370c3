"""Benchmark of the network page in a real browser: how long headless Chromium takes to lay out
the ecosystem view of a SYNTHETIC ecosystem, and to apply a change (hide one node).

The synthetic ecosystems are those of the browser tests (``tests/viz/conftest.py``: every label
says SYNTHETIC); the page is served from a temporary folder over loopback HTTP, as the tests
do. ``readyAt`` is the page's own mark (``performance.now()`` when vis-network has stabilised),
so it counts from navigation start. Needs Debian's ``chromium`` and ``chromium-driver``.

Run with ``python -m bench --suite viz``; results in ``bench/out/viz.json``.

Example
-------
>>> results = bench_viz([500], repeat=1)                       # doctest: +SKIP
>>> results[0]["actors"], results[0]["aggregated"]             # doctest: +SKIP
(500, '')
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

__all__ = ["ACTORS", "bench_viz", "print_report"]

#: ecosystem sizes measured: the default threshold (drawn actor by actor) and above it (drawn
#: as zone groups)
ACTORS = (500, 20_000, 100_000)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _measure(driver: Any, url: str) -> tuple[float, float]:
    """(ms from navigation to a settled layout, ms to hide one node) for the page at ``url``."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script("return Boolean(window.sekg && window.sekg.ready)"))
    ready = float(driver.execute_script("return window.sekg.readyAt"))
    started = time.perf_counter()
    driver.execute_script("window.sekg.nodes.update({id: window.sekg.nodes.getIds()[0], "
                          "hidden: true});")
    return ready, (time.perf_counter() - started) * 1000


def bench_viz(sizes: tuple[int, ...] = ACTORS, repeat: int = 5) -> list[dict[str, object]]:
    """Median and worst of ``repeat`` page loads for each ecosystem size."""
    from sekg.viz import Links, ViewOptions, render_page
    from sekg.viz.views import ecosystem_view
    from tests.browser import chromium_driver
    from tests.viz.conftest import BASE, synthetic_projections

    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=folder))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            for driver in chromium_driver(120):
                for actors in sizes:
                    started = time.perf_counter()
                    view = ecosystem_view(synthetic_projections(actors), None,
                                          ViewOptions(max_nodes=500,
                                                      links=Links(BASE, page_prefix="/page/")))
                    html = render_page(view)
                    built = time.perf_counter() - started
                    (Path(folder) / f"synthetic-{actors}.html").write_text(html, "utf-8")
                    runs = [_measure(driver, f"{base}/synthetic-{actors}.html")
                            for _ in range(repeat)]
                    ready = [r for r, _ in runs]
                    update = [u for _, u in runs]
                    results.append({
                        "actors": actors, "aggregated": view.aggregated or "",
                        "nodes": view.nodes, "edges": view.edges,
                        "page_kb": round(len(html.encode()) / 1024),
                        "view_build_s": round(built, 2),
                        "ready_ms_p50": round(statistics.median(ready)),
                        "ready_ms_max": round(max(ready)),
                        "update_ms_p50": round(statistics.median(update), 1)})
        finally:
            server.shutdown()
            server.server_close()
    return results


def print_report(results: list[dict[str, object]]) -> None:
    """A Markdown table of :func:`bench_viz`'s results."""
    print("\n## viz — ecosystem page in headless Chromium (SYNTHETIC ecosystems)")
    print("| actors | drawn as | nodes | edges | page (KB) | view built (s) | laid out p50 (ms) "
          "| laid out max (ms) | hide a node p50 (ms) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['actors']:,} | {r['aggregated'] or 'actors'} | {r['nodes']} | {r['edges']} "
              f"| {r['page_kb']} | {r['view_build_s']} | {r['ready_ms_p50']} "
              f"| {r['ready_ms_max']} | {r['update_ms_p50']} |")
