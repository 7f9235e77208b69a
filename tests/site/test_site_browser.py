"""The built site in headless Chromium (Debian's package, driven by Playwright).

One browser (``conftest.browser``) and one local HTTP server for the module; the site is
the session's single build of the fixture catalogue with hostile entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.site.chromium import ARGS, CHROMIUM, Quiet, missing, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Material draws Mermaid into a closed shadow root; opening it lets the test see the SVG.
OPEN_SHADOW = (
    "const attach = Element.prototype.attachShadow;"
    "Element.prototype.attachShadow = function (init) {"
    "  return attach.call(this, Object.assign({}, init, {mode: 'open'})); };"
)


# Kept under their old names for the modules that import them from here.
_missing = missing
_Quiet = Quiet
__all__ = ["ARGS", "CHROMIUM", "_Quiet", "_missing"]


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


class Watch:
    """Every request, console error, page error and dialog of one page."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def foreign(self) -> list[str]:
        return [
            u for u in self.requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost", None)
        ]


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW)
    tab = context.new_page()
    watch = Watch(tab)
    yield tab, watch
    assert watch.errors == [], watch.errors
    assert watch.foreign() == [], watch.foreign()
    assert watch.dialogs == [], watch.dialogs
    context.close()


def search(tab: Any, base_url: str, query: str) -> list[str]:
    tab.goto(base_url)
    field = tab.locator("input.md-search__input")
    if not field.is_visible():
        tab.locator("label.md-header__button[for='__search']").first.click()
    field.click()
    # The whole query at once, then one key release: Material searches on keyup, so
    # typing letter by letter would show results for "A", "Ab", ... and the wait below
    # could read the results of a prefix. With fill, every query it runs is the full one.
    field.fill(query)
    field.press("End")
    tab.wait_for_selector(".md-search-result__item", timeout=15000)
    return tab.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()


def test_search_finds_a_kpi_by_name(page: tuple[Any, Watch], base_url: str) -> None:
    tab, _ = page
    assert "Churn Rate" in search(tab, base_url, "Churn")


def test_search_finds_a_kpi_by_synonym(page: tuple[Any, Watch], base_url: str) -> None:
    tab, _ = page
    assert "Churn Rate" in search(tab, base_url, "Abwanderungsrate")


def test_search_finds_a_kpi_by_abbreviation(page: tuple[Any, Watch], base_url: str) -> None:
    tab, _ = page
    assert "Churn Rate" in search(tab, base_url, "CR")


def test_kpi_page_shows_formula_and_diagram(page: tuple[Any, Watch], base_url: str) -> None:
    tab, watch = page
    tab.goto(base_url + "kpi/churn_rate/")
    math = tab.locator(".kpicat-formula math").first
    assert math.is_visible()
    box = math.bounding_box()
    assert box is not None and box["width"] > 50 and box["height"] > 20
    tab.wait_for_selector("div.mermaid svg", timeout=20000)
    svg = tab.locator("div.mermaid svg").first
    assert svg.is_visible()
    assert "Churn Rate" in (svg.text_content() or "")
    assert any(u.endswith("/assets/kpicat/mermaid.min.js") for u in watch.requests)


def test_abbreviation_has_tooltip(page: tuple[Any, Watch], base_url: str) -> None:
    tab, _ = page
    tab.goto(base_url + "kpi/churn_rate/")
    titles = tab.locator("abbr[title]").evaluate_all(
        "els => els.map(e => [e.textContent, e.getAttribute('title')])"
    )
    assert [
        "CR",
        "Churn: Abwanderung von Kunden zu einem Wettbewerber oder Verlust des Kunden.",
    ] in titles


def test_hostile_entries_run_no_script(page: tuple[Any, Watch], base_url: str) -> None:
    tab, _ = page
    for path in ["glossar/hostile/", "kpi/hostile_kpi/", "glossar/", "kpi/", "gesundheit/"]:
        tab.goto(base_url + path)
        tab.wait_for_load_state("load")
    tab.goto(base_url + "glossar/hostile/")
    assert "</title><script>alert(1)</script>" in tab.locator("h1").inner_text()
    assert tab.locator("article script").count() == 0
    tab.goto(base_url + "kpi/hostile_kpi/")
    tab.wait_for_selector("div.mermaid svg", timeout=20000)
    assert tab.locator("div.mermaid svg img, div.mermaid svg script").count() == 0
    titles = search(tab, base_url, "Spalte")
    assert "</title><script>alert(1)</script>" in titles
