"""The site as a business reader uses it, in Chromium: the KPI table, search, proposing.

Shares the session's build of the fixture catalogue with hostile entries (and a
GitHub repository in its kpicat.yaml) and the browser fixtures of
``test_site_browser``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPOSITORY, copy_fixture

from kpicat.check import run_check
from tests.site import test_site_browser as shared
from tests.site.test_site_browser import OPEN_SHADOW, Watch

# The local server and the watched page of the browser tests, shared (the browser is
# conftest's).
base_url = shared.base_url
page = shared.page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABLE = "table.kpicat-kpi-table"
NARROW = {"width": 400, "height": 800}
WIDE = {"width": 1400, "height": 900}


@pytest.fixture
def sized(browser: Any) -> Iterator[Any]:
    """Pages in a viewport of a given size, watched like the ``page`` fixture."""
    opened: list[tuple[Any, Watch]] = []

    def open_page(viewport: dict[str, int], **options: Any) -> Any:
        context = browser.new_context(viewport=viewport, **options)
        context.add_init_script(OPEN_SHADOW)
        tab = context.new_page()
        opened.append((context, Watch(tab)))
        return tab

    yield open_page
    for context, watch in opened:
        assert watch.errors == [], watch.errors
        assert watch.foreign() == [], watch.foreign()
        assert watch.dialogs == [], watch.dialogs
        context.close()


def visible_names(tab: Any) -> list[str]:
    return tab.locator(f"{TABLE} tbody tr:not([hidden]) .kpicat-kpi-name").all_inner_texts()


def reading_order(name: str) -> tuple[str, str]:
    """How a German reader sorts (Ä with A), as Intl.Collator('de') does for these names."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return folded, name


def test_the_table_sorts_by_a_column_heading(page: tuple[Any, Watch], base_url: str) -> None:
    tab, _ = page
    tab.goto(base_url + "kpi/")
    names = visible_names(tab)
    assert len(names) == 4
    heading = tab.locator(f"{TABLE} thead th").first
    heading.click()
    assert heading.get_attribute("aria-sort") == "ascending"
    ascending = visible_names(tab)
    assert ascending == sorted(names, key=reading_order)
    heading.click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert visible_names(tab) == ascending[::-1]
    status = tab.locator(f"{TABLE} thead th", has_text="Status")
    status.click()
    order = tab.locator(f"{TABLE} tbody tr").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-status'))"
    )
    ranks = ["proposed", "active", "deprecated", "retired"]
    assert [ranks.index(s) for s in order] == sorted(ranks.index(s) for s in order)


def test_the_table_filters_by_kra_indicator_and_owner(
    page: tuple[Any, Watch], base_url: str
) -> None:
    tab, _ = page
    tab.goto(base_url + "kpi/")
    form = tab.locator("form.kpicat-filters")
    assert form.is_visible()
    labels = form.locator("label.kpicat-filter > span").all_inner_texts()
    assert {"KRA", "Status", "Indikator", "Art"} <= set(labels)
    count = form.locator(".kpicat-count")
    assert count.inner_text() == "4 von 4 KPIs"
    form.locator("select[data-kpicat-filter='kra']").select_option("kundenbindung")
    rows = tab.locator(f"{TABLE} tbody tr:not([hidden])")
    kras = rows.evaluate_all("rows => rows.map(r => r.dataset.kra)")
    assert kras and set(kras) == {"kundenbindung"}
    assert count.inner_text() == f"{len(kras)} von 4 KPIs"
    form.locator("select[data-kpicat-filter='indicator']").select_option("input")
    shown = rows.evaluate_all("rows => rows.map(r => [r.dataset.kra, r.dataset.indicator])")
    assert shown == [["kundenbindung", "input"]]
    assert visible_names(tab) == ["<img src=x onerror=alert(5)>"]
    form.locator("button[type='reset']").click()
    tab.wait_for_function(
        "document.querySelectorAll('table.kpicat-kpi-table tr[hidden]').length == 0"
    )
    assert count.inner_text() == "4 von 4 KPIs"


def test_the_table_reads_without_javascript(sized: Any, base_url: str) -> None:
    tab = sized(WIDE, java_script_enabled=False)
    tab.goto(base_url + "kpi/")
    rows = tab.locator(f"{TABLE} tbody tr")
    assert rows.count() == 4
    assert all(rows.nth(i).is_visible() for i in range(4))
    assert not tab.locator("form.kpicat-filters").is_visible()
    churn = rows.filter(has_text="Churn Rate")
    assert "Anteil der Key Accounts, die in der Periode verloren gingen." in churn.inner_text()


@pytest.mark.parametrize("viewport", [NARROW, WIDE], ids=["400px", "1400px"])
def test_no_horizontal_overflow(sized: Any, base_url: str, viewport: dict[str, int]) -> None:
    tab = sized(viewport)
    for path in ["kpi/", "kpi/churn_rate/", "kpi/hostile_kpi/", "kpi/retention_rate/"]:
        tab.goto(base_url + path)
        tab.wait_for_load_state("load")
        width = tab.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (path, width)
    tab.goto(base_url + "kpi/")
    clipped = tab.evaluate(
        """() => { const t = document.querySelector('table.kpicat-kpi-table');
                   return [t.scrollWidth, t.clientWidth,
                           t.getBoundingClientRect().right, window.innerWidth]; }"""
    )
    assert clipped[0] <= clipped[1] and clipped[2] <= clipped[3], clipped


def results(tab: Any, base_url: str, query: str) -> list[tuple[str, list[str]]]:
    """(title, labels) of each result article, best first."""
    shared.search(tab, base_url, query)
    return tab.locator(".md-search-result__item > a:first-child article").evaluate_all(
        """els => els.map(e => [(e.querySelector('h1, h2') || {}).textContent || '',
                              [...e.querySelectorAll('.md-tag')].map(t => t.textContent)])"""
    )


def test_search_results_are_labelled_with_their_kind(
    page: tuple[Any, Watch], base_url: str
) -> None:
    tab, _ = page
    found = dict(results(tab, base_url, "Churn"))
    assert found["Churn Rate"] == ["KPI"]
    assert found["Churn"] == ["Begriff"]
    found = dict(results(tab, base_url, "Verlorene"))
    assert found["Verlorene Key Accounts"] == ["Basisgröße"]


def test_search_ranks_kpis_and_terms_above_contributor_pages(
    page: tuple[Any, Watch], base_url: str
) -> None:
    tab, _ = page
    found = results(tab, base_url, "Abwanderung")
    kinds = [labels[0] if labels else "" for _, labels in found]
    assert set(kinds[:2]) == {"KPI", "Begriff"}, found
    assert [title for title, _ in found].count("Churn Rate") == 1
    if "Katalogpflege" in kinds:
        last_entry = max(i for i, k in enumerate(kinds) if k in ("KPI", "Begriff"))
        assert kinds.index("Katalogpflege") > last_entry, found


@pytest.mark.parametrize("query", ["Basisgrosse", "Basisgroesse", "Basisgröße"])
def test_search_folds_sharp_s_and_umlauts(
    page: tuple[Any, Watch], base_url: str, query: str
) -> None:
    tab, _ = page
    assert "Basisgrößen" in dict(results(tab, base_url, query))


@pytest.mark.parametrize("query", ["Aeusserer", "Ausserer", "Äusserer"])
def test_search_folds_a_terms_name(page: tuple[Any, Watch], base_url: str, query: str) -> None:
    tab, _ = page
    assert dict(results(tab, base_url, query)).get("Äußerer Wert") == ["Begriff"]


def test_propose_a_new_kpi_opens_a_skeleton_that_checks(
    page: tuple[Any, Watch], base_url: str, tmp_path: Path
) -> None:
    tab, _ = page
    tab.goto(base_url + "kpi/")
    button = tab.locator("a.kpicat-propose-new")
    assert button.inner_text() == "Neue KPI vorschlagen"
    parts = urlsplit(button.get_attribute("href") or "")
    assert f"{parts.scheme}://{parts.netloc}" == "https://github.com"
    assert parts.path == urlsplit(REPOSITORY).path + "/new/main"
    query = parse_qs(parts.query, strict_parsing=True)
    (filename,) = query["filename"]
    (value,) = query["value"]
    assert filename == "catalogue/kpis/neue_kpi.yaml"
    issue = tab.locator(".kpicat-propose a", has_text="Formular")
    assert issue.get_attribute("href") == f"{REPOSITORY}/issues/new?template=kpi-vorschlag.yml"
    root = copy_fixture(tmp_path / "repo", with_site_config=False)
    (root / filename).write_text(value, encoding="utf-8")
    result = run_check(root)
    new = [d for d in result.diagnostics if d.file.endswith("neue_kpi.yaml")]
    assert new and {d.code for d in new} == {"KC501"}, [str(d) for d in new]

    tab.goto(base_url + "glossar/")
    term = urlsplit(tab.locator("a.kpicat-propose-new").get_attribute("href") or "")
    assert parse_qs(term.query)["filename"] == ["catalogue/terms/neuer_begriff.yaml"]
    assert tab.locator("a.kpicat-propose-new").inner_text() == "Neuen Begriff vorschlagen"


def test_every_entry_page_offers_a_change(page: tuple[Any, Watch], base_url: str) -> None:
    tab, _ = page
    for path, file in [
        ("kpi/churn_rate/", "catalogue/kpis/churn_rate.yaml"),
        ("glossar/churn/", "catalogue/terms/churn.yaml"),
        ("kra/kundenbindung/", "catalogue/kras/kundenbindung.yaml"),
    ]:
        tab.goto(base_url + path)
        change = tab.locator("a.kpicat-propose-change")
        assert change.inner_text() == "Änderung vorschlagen"
        assert (change.get_attribute("href") or "").endswith(file)
