"""One definition of what counts against a KPI budget: check, health and the site agree."""

from __future__ import annotations

import re

from kpicat.health import compute_health
from kpicat.site.pages import render_pages
from tests.rules.conftest import TODAY


def _kra_with(kat, active: int, proposed: int) -> None:
    kat.kra("bereich", max_kpis=3)
    for i in range(active):
        kat.kpi(f"aktiv_{i}", kra="bereich")
    for i in range(proposed):
        kat.kpi(f"neu_{i}", kra="bereich", status="proposed", used_in=None, last_reviewed=None)


def _kra_row(health):
    return next(r for r in health.kras if r.id == "bereich")


def test_a_proposed_kpi_does_not_count_against_the_budget_anywhere(kat) -> None:
    _kra_with(kat, active=3, proposed=1)
    result = kat.check()
    assert not [d for d in result.diagnostics if d.code == "KC403"]
    row = _kra_row(compute_health(result, TODAY))
    assert (row.active, row.budget, row.over) == (3, 3, 0)
    page = render_pages(result)["kra/bereich.md"]
    assert "3 von 3 aktiven KPIs" in page
    assert "überschritten" not in page


def test_over_budget_is_over_budget_everywhere(kat) -> None:
    _kra_with(kat, active=4, proposed=0)
    result = kat.check()
    assert [d for d in result.diagnostics if d.code == "KC403"]
    row = _kra_row(compute_health(result, TODAY))
    assert (row.active, row.budget, row.over) == (4, 3, 1)
    page = render_pages(result)["kra/bereich.md"]
    assert "4 von 3 aktiven KPIs" in page
    assert "überschritten" in page


def test_health_page_counts_like_the_cli_and_shows_the_default_catalogue_budget(kat) -> None:
    _kra_with(kat, active=2, proposed=1)
    result = kat.check()
    whole = compute_health(result, TODAY).catalogue
    page = render_pages(result)["gesundheit.md"]
    line = next(line for line in page.splitlines() if "Katalog-Budget" in line)
    numbers = [int(n) for n in re.findall(r"\d+", line)]
    assert numbers == [whole.active, whole.budget]
    assert whole.active == len([k for k in result.catalogue.kpis if k.status == "active"])
