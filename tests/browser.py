"""Headless Chromium for the page tests (Debian's ``chromium`` + ``chromium-driver``, driven
by selenium), shared by tests/api and tests/viz.

A test that needs it fails under ``CI=true`` when Chromium is missing and skips elsewhere
(``need``); ``.ci/run`` installs it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.conftest import need

__all__ = ["CHROMIUM", "DRIVER", "chromium_driver", "click_node", "console_errors"]

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")


def chromium_driver(page_load_timeout: float = 30) -> Iterator[Any]:
    """Yield a headless Chromium collecting the browser console; quit it afterwards.

    Use as a fixture body: ``yield from chromium_driver()``.
    """
    need(CHROMIUM.exists() and (DRIVER.exists() or shutil.which("chromedriver") is not None),
         "Chromium is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-proxy-server"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(page_load_timeout)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[str]:
    """The SEVERE messages of the browser console since the last call."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def click_node(driver: Any, node: str) -> None:
    """Click a node of the page's vis-network where it is drawn (canvas -> page coordinates)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.execute_script(
        "var n = window.sekg.network; n.moveTo({position: n.getPosition(arguments[0]), "
        "scale: 1.5, animation: false}); n.redraw();", node)
    x, y = driver.execute_script(
        "var n = window.sekg.network, p = n.canvasToDOM(n.getPosition(arguments[0])); "
        "return [p.x, p.y];", node)
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    width, height = canvas.size["width"], canvas.size["height"]
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - width / 2), int(y - height / 2)).click().perform()
