"""Both language sites of the shipped catalogue in headless Chromium (issue 13 item 1).

The language selector goes to the same entry in the other language, and each site's
search finds its own language's words: "churn" on /en/, "Abwanderung" on the root.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.chromium import serve
from tests.site.test_site_browser import search

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    assert errors == []
    context.close()


@pytest.fixture(scope="module")
def root_url(shipped_site: Path) -> Iterator[str]:
    with serve(shipped_site) as url:
        yield url


def switch_language(tab: Any, lang: str) -> None:
    """Open the language selector in the header and pick ``lang``.

    Material fetches every language's sitemap and, once the other language's has come
    first, takes over clicks on links into that site (sending a reader to its home page
    whenever the sitemap lacks the page, as it does without ``site_url``). The root
    sitemap is held back here and the click waits for both, so the test sees that order
    every time rather than by luck.
    """
    tab.wait_for_load_state("networkidle")
    tab.locator(".md-header__option .md-select button").first.hover()
    tab.locator(f".md-select__link[hreflang='{lang}']").first.click()
    tab.wait_for_load_state()


def _later(route: Any) -> None:
    time.sleep(1.0)
    route.continue_()


def test_language_switch_goes_to_the_same_entry(tab: Any, root_url: str) -> None:
    tab.route(root_url + "sitemap.xml", _later)
    tab.goto(root_url + "kpi/churn_rate/")
    assert tab.locator("html").get_attribute("lang") == "de"
    assert "Steckbrief" in tab.locator("article").inner_text()
    switch_language(tab, "en")
    assert tab.url == root_url + "en/kpi/churn_rate/"
    assert tab.locator("html").get_attribute("lang") == "en"
    assert "Fact sheet" in tab.locator("article").inner_text()
    switch_language(tab, "de")
    assert tab.url == root_url + "kpi/churn_rate/"


def test_each_site_searches_its_own_language(tab: Any, root_url: str) -> None:
    english = search(tab, root_url + "en/", "churn")
    assert any("churn" in title.lower() for title in english), english
    german = search(tab, root_url, "Abwanderung")
    assert any("Abwanderung" in title for title in german), german
    # the German site's index holds no English page, and the other way round
    assert all("Fact sheet" not in title for title in german)
