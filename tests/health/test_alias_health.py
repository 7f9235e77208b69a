"""An alias KPI (KC311) is a duplicate in the health report, like a duplicate formula."""

from __future__ import annotations

from kpicat.health import compute_health
from tests.rules.conftest import TODAY


def test_an_alias_kpi_counts_as_a_duplicate(kat):
    kat.kpi(
        "alias_umsatz",
        formula="umsatz_ka",
        examples=[{"inputs": {"umsatz_ka": 100}, "expected": 100}],
    )
    health = compute_health(kat.check(), TODAY)
    assert [(d.id, d.related) for d in health.duplicates] == [("alias_umsatz", ["umsatz_ka"])]
    assert {p.key: p.points for p in health.penalties}["duplicates"] == 4.0
