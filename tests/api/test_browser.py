"""The pages in headless Chromium (Debian's ``chromium`` + ``chromium-driver``, driven by
selenium): they load, the query page runs a question and shows its table, and the browser
console stays free of errors. Needs no internet: every asset comes from the server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import chromium_driver, console_errors


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium_driver(30)




def _wait(driver: Any, css: str, timeout: float = 20) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_entity_page_loads_without_consoleconsole_errors(browser: Any, live: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live}/id/organisation/comune-di-chieri")     # 303 to the page
    assert browser.current_url == f"{live}/page/organisation/comune-di-chieri"
    assert browser.find_element(By.ID, "title").text == "Comune di Chieri"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#network circle")) > 3
    assert len(browser.find_elements(By.CSS_SELECTOR, "#properties tbody tr")) > 10
    assert console_errors(browser) == []


def test_query_page_runs_a_question_and_shows_the_table(browser: Any, live: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(f"{live}/query")
    _wait(browser, ".yasqe .CodeMirror")
    Select(browser.find_element(By.ID, "question")).select_by_value("participants_of_helix")
    editor = browser.execute_script("return window.sekgYasgui.getTab().getYasqe().getValue()")
    assert "VALUES ?helix" in editor and "third-sector-civil-society" in editor
    browser.execute_script("window.sekgYasgui.getTab().query()")
    _wait(browser, ".tabPanel.active .yasr table tbody tr:nth-child(3)")
    header = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr table thead").text
    assert "recorded_helix" in header and "organisation" in header
    rows = browser.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr table tbody tr")
    assert len(rows) >= 10
    # the results can be downloaded (YASR's download button)
    assert browser.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr_downloadIcon")
    assert console_errors(browser) == []


def test_api_docs_load_locally(browser: Any, live: str) -> None:
    browser.get(f"{live}/docs")
    _wait(browser, ".opblock-tag")
    assert "/api/organisations" in browser.page_source
    assert console_errors(browser) == []
