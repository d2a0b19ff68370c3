"""``/browse``: the network views served by the server — each view answers a page whose nodes
link to the server's entity pages; bad input is a problem JSON; in headless Chromium a click
on a node of ``/browse`` opens the entity page the real server serves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.browser import chromium_driver, click_node, console_errors

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.parametrize(("path", "title"), [
    ("/browse", "The social-economy ecosystem"),
    ("/browse?lang=it&size_by=betweenness", "L&#39;ecosistema dell&#39;economia sociale"),
    ("/browse/zone", "The ecosystem by zona omogenea"),
    ("/browse/zone?id=6", "Zona omogenea 6"),
    ("/browse/ego?id=ismel&radius=2", "Around Istituto per la Memoria"),
    ("/browse/theme?id=governance-e-partnership", "Theme: Governance e partnership"),
    ("/browse/gaps?lang=it", "Lacune di partenariato"),
])
def test_every_view_is_served(client: TestClient, path: str, title: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert f"<title>{title}" in html and 'id="legend"' in html and 'id="plots"' in html
    assert '"url":"/page/organisation/' in html or "/browse/zone" in path or "theme" in path
    assert '<a href="/browse/gaps?lang=' in html                    # the views link each other
    csp = response.headers["content-security-policy"]
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split("script-src")[1]


def test_zone_groups_open_the_zone_view(client: TestClient) -> None:
    html = client.get("/browse/zone?lang=it").text
    assert '"url":"/browse/zone?id=6\\u0026lang=it"' in html


def test_bad_input_is_a_problem(client: TestClient) -> None:
    cases = [("/browse/map", 404, "no view 'map'"),
             ("/browse/ego", 400, "needs an identifier"),
             ("/browse/ego?id=nobody", 400, "unknown organisation 'nobody'"),
             ("/browse/zone?id=42", 400, "not a zona omogenea"),
             ("/browse?lang=fr", 400, "lang is one of it, en"),
             ("/browse/ego?id=ismel&radius=3", 400, "radius")]
    for path, status, detail in cases:
        response = client.get(path)
        assert response.status_code == status, (path, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert detail in response.json()["detail"]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    yield from chromium_driver(120)


def test_a_click_on_browse_opens_the_entity_page(chromium: Any, live: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chromium.get(f"{live}/browse")
    WebDriverWait(chromium, 60).until(
        lambda d: d.execute_script("return Boolean(window.sekg && window.sekg.ready)"))
    node = "https://w3id.org/social-economy-kg/id/organisation/comune-di-chieri"
    assert chromium.execute_script("return window.sekg.nodes.get(arguments[0]).url", node) == \
        "/page/organisation/comune-di-chieri"
    ARTIFACTS.mkdir(exist_ok=True)
    chromium.save_screenshot(str(ARTIFACTS / "browse-served.png"))
    assert console_errors(chromium) == []          # the inline scripts pass the page's CSP
    click_node(chromium, node)
    WebDriverWait(chromium, 30).until(lambda d: "/page/" in d.current_url)
    assert chromium.current_url == f"{live}/page/organisation/comune-di-chieri"
    assert chromium.find_element(By.ID, "title").text == "Comune di Chieri"
