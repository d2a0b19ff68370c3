"""The exported pages in headless Chromium (Debian's ``chromium`` + ``chromium-driver``,
driven by selenium, as in tests/api): each view loads without console errors and draws the
expected nodes and edges, a filter changes what is shown, a click on a node opens its page,
and a synthetic 20,000-actor ecosystem opens in under 3 s. Screenshots go to tests/artifacts/.

Pages are served from a temporary folder by a loopback HTTP server that also answers every
``/page/...`` address with a small page naming the entity, standing in for the server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sekg.graph.analysis import GapReport, Projections
from sekg.viz import Links, ViewOptions, Vocabulary, build_view, gap_plots, render_page
from sekg.viz.views import View, ecosystem_view
from tests.browser import chromium_driver, click_node, console_errors
from tests.viz.conftest import BASE, synthetic_projections

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        if self.path.startswith("/page/"):
            body = (f"<!DOCTYPE html><title>entity page</title>"
                    f"<h1 id='entity'>{self.path[6:]}</h1>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A loopback HTTP server over a temporary folder; yields (base URL, folder)."""
    folder = tmp_path_factory.mktemp("site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium_driver(30)




def _open(driver: Any, site: tuple[str, Path], name: str, html: str) -> None:
    """Serve ``html`` as ``name`` and load it until the layout has settled."""
    from selenium.webdriver.support.ui import WebDriverWait

    base, folder = site
    (folder / name).write_text(html, encoding="utf-8")
    driver.get_log("browser")                                   # forget earlier pages
    driver.get(f"{base}/{name}")
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return Boolean(window.sekg && window.sekg.ready)"))


def _counts(driver: Any) -> tuple[int, int, int]:
    return tuple(driver.execute_script(
        "var b = window.sekg.network.body; "
        "return [b.data.nodes.length, b.data.edges.length, window.sekg.visibleCount()];"))


def _shoot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


SERVED = Links(BASE, page_prefix="/page/")

CASES = [("ecosystem", None, "en"), ("ecosystem", None, "it"), ("ego", "ismel", "en"),
         ("theme", "governance-e-partnership", "it"), ("zone", "1", "en"), ("zone", None, "it"),
         ("gaps", None, "en")]


@pytest.mark.parametrize(("kind", "key", "lang"), CASES)
def test_view_loads_and_draws_what_was_built(browser: Any, site: tuple[str, Path],
                                             projections: Projections, report: GapReport,
                                             words: dict[str, Vocabulary], kind: str,
                                             key: str | None, lang: str) -> None:
    view = build_view(kind, projections, report,
                      ViewOptions(lang=lang, size_by="betweenness", links=SERVED), words[lang],
                      key)
    plots = gap_plots(report, lang) if kind in ("ecosystem", "gaps") else []
    _open(browser, site, f"{kind}-{key}-{lang}.html", render_page(view, plots))
    nodes, edges, visible = _counts(browser)
    assert (nodes, edges, visible) == (view.nodes, view.edges, view.nodes)
    assert browser.execute_script("return document.getElementById('legend').innerText")
    shown = browser.execute_script("return document.getElementById('shown').textContent")
    assert str(view.nodes) in shown
    _shoot(browser, f"viz-{kind}-{key or 'all'}-{lang}")
    assert console_errors(browser) == []


def _pick(browser: Any, select_id: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, select_id)).select_by_value(value)


def test_filters_change_what_is_shown(browser: Any, site: tuple[str, Path],
                                      projections: Projections, report: GapReport,
                                      words: dict[str, Vocabulary]) -> None:
    from selenium.webdriver.common.by import By

    view = ecosystem_view(projections, report, ViewOptions(links=SERVED), words["en"])
    _open(browser, site, "filters.html", render_page(view))
    actors = projections.actors.values()
    _pick(browser, "filter-helix", "knowledge-education")
    knowledge = sum(a.helix == "knowledge-education" for a in actors)
    assert _counts(browser)[2] == knowledge < len(projections.actors)
    # the visible-node count vis-network itself keeps agrees
    assert browser.execute_script("return window.sekg.network.body.nodeIndices.length") == \
        knowledge
    # with their direct neighbours: who connects knowledge & education to the others
    browser.find_element(By.ID, "filter-neighbours").click()
    ties = projections.tie_graph(report.options.ties)
    knowledge_iris = {i for i, a in projections.actors.items() if a.helix == "knowledge-education"}
    around = knowledge_iris | {n for i in knowledge_iris for n in ties[i]}
    assert _counts(browser)[2] == len(around) > knowledge
    _shoot(browser, "viz-ecosystem-filter-knowledge-neighbours")
    browser.find_element(By.ID, "filter-reset").click()
    assert _counts(browser)[2] == len(projections.actors)
    _pick(browser, "filter-zone", "6")
    assert _counts(browser)[2] == sum(6 in a.zones for a in actors)
    _pick(browser, "filter-family", "association")
    assert _counts(browser)[2] == sum(6 in a.zones and a.family == "association" for a in actors)
    browser.find_element(By.ID, "filter-reset").click()
    search = browser.find_element(By.ID, "filter-name")
    search.send_keys("politecnico")
    expected = sum("politecnico" in a.label.lower() for a in actors)
    assert _counts(browser)[2] == expected > 0
    assert console_errors(browser) == []


def test_click_on_a_node_opens_its_page(browser: Any, site: tuple[str, Path],
                                        projections: Projections, report: GapReport,
                                        words: dict[str, Vocabulary]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    view = ecosystem_view(projections, report, ViewOptions(links=SERVED), words["en"])
    _open(browser, site, "click.html", render_page(view))
    target = f"{BASE}/id/organisation/ismel"
    click_node(browser, target)
    WebDriverWait(browser, 10).until(lambda d: "/page/" in d.current_url)
    assert browser.current_url == f"{site[0]}/page/organisation/ismel"
    assert browser.find_element(By.ID, "entity").text == "organisation/ismel"
    # a zone of the zone overview opens that zone's view
    links = Links(BASE, page_prefix="/page/", view_template="zone-{key}.html")
    options = ViewOptions(links=links)
    overview = build_view("zone", projections, report, options, None)
    (site[1] / "zone-6.html").write_text(
        render_page(build_view("zone", projections, report, options, None, "6")), "utf-8")
    _open(browser, site, "zones.html", render_page(overview))
    click_node(browser, "group:zone:6")
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/zone-6.html"))
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script("return Boolean(window.sekg && window.sekg.ready)"))
    assert browser.find_element(By.ID, "title").text.startswith("Zona omogenea 6")
    assert console_errors(browser) == []


@pytest.mark.slow
@pytest.mark.parametrize("actors", [20_000, 500])
def test_synthetic_ecosystem_is_laid_out_and_interactive(browser: Any, site: tuple[str, Path],
                                                         actors: int) -> None:
    """20,000 synthetic actors are drawn as zone groups; 500 (the default threshold) actor by
    actor. Either way the page is laid out and answers to changes (how fast: ``python -m
    bench --suite viz``)."""
    view: View = ecosystem_view(synthetic_projections(actors), None,
                                ViewOptions(max_nodes=500, links=SERVED))
    assert (view.aggregated == "zone") == (actors > 500)
    _open(browser, site, f"synthetic-{actors}.html", render_page(view))
    assert browser.execute_script("return window.sekg.readyAt") is not None
    assert _counts(browser)[:2] == (view.nodes, view.edges)
    _shoot(browser, f"viz-synthetic-{actors}")
    assert console_errors(browser) == []
    first = browser.execute_script("return window.sekg.nodes.getIds()[0]")
    browser.execute_script(f"window.sekg.nodes.update({{id: {first!r}, hidden: true}});")
    assert browser.execute_script(f"return window.sekg.nodes.get({first!r}).hidden") is True
