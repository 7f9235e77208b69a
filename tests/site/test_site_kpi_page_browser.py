"""The KPI page and the KRA's KPI map as a reader sees them, in Chromium (issue 14, 2 and 8).

Shares the session's build of the fixture catalogue with hostile entries and the
browser fixtures of ``test_site_browser`` and ``test_site_reader``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.site import test_site_browser as shared
from tests.site import test_site_reader as reader

# the browser is conftest's; the local server and sized pages are shared
base_url = shared.base_url
sized = reader.sized

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTH = "[document.scrollingElement.scrollWidth, window.innerWidth]"


def test_kpi_page_at_400px_reads_first_and_keeps_the_technical_block_closed(
    sized: Any, base_url: str
) -> None:
    tab = sized(reader.NARROW)
    tab.goto(base_url + "kpi/churn_rate/")
    tab.wait_for_selector("div.mermaid svg", timeout=20000)
    headings = [h.replace("¶", "").strip() for h in tab.locator("article h2").all_inner_texts()]
    assert headings.index("Wozu") < headings.index("Steckbrief")
    details = tab.locator("article details")
    assert details.count() == 1 and details.get_attribute("open") is None
    assert details.locator("summary").inner_text() == "Technische Angaben"
    catalogue_formula = details.get_by_text("Formel im Katalog")
    assert not catalogue_formula.is_visible()
    width = tab.evaluate(WIDTH)
    assert width[0] <= width[1], width
    details.locator("summary").click()
    catalogue_formula.wait_for(state="visible")
    assert "catalogue/kpis/churn_rate.yaml" in details.inner_text()
    width = tab.evaluate(WIDTH)  # the opened block (tables of ids) fits too
    assert width[0] <= width[1], width
    glance = tab.locator("article table").first.inner_text()
    assert "5\u00a0%" in glance and "8\u00a0%" in glance


def test_kra_page_draws_the_kpi_map_with_links(sized: Any, base_url: str) -> None:
    tab = sized(reader.WIDE)
    tab.goto(base_url + "kra/kundenbindung/")
    tab.wait_for_selector("div.mermaid svg", timeout=20000)
    svg = tab.locator("div.mermaid svg").first
    text = svg.text_content() or ""
    assert "Churn Rate" in text and "Basisgrößen" in text
    assert "<img src=x onerror=alert(5)>" in text  # a hostile name, shown as text
    assert svg.locator("img, script").count() == 0
    links = svg.locator("a").evaluate_all(
        "as => as.map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))"
    )
    assert "../../kpi/churn_rate/" in links
    tab.set_viewport_size(reader.NARROW)
    width = tab.evaluate(WIDTH)
    assert width[0] <= width[1], width
