"""KC401-KC409: catalogue bloat, each with a failing and a passing case."""

from __future__ import annotations

import datetime as dt

from kpicat.core.i18n import speaking
from kpicat.rules.bloat import add_months
from tests.rules.conftest import Kat, line_of
from tests.rules.test_consistency import scaled


def add_kpis(kat: Kat, count: int, **fields) -> list[str]:
    ids = [f"kpi_{n}" for n in range(count)]
    for n, entry_id in enumerate(ids):
        kat.kpi(entry_id, **scaled(n + 2), **fields)
    return ids


# KC401 orphan-kpi


def test_orphan_kpi(kat):
    kat.kpi("niemand", used_in=None, **scaled(2))
    (diag,) = kat.found("KC401")
    assert diag.severity.value == "warning"
    assert diag.entry == "niemand"
    assert diag.line == line_of(kat.path("kpi", "niemand"), "status:")


def test_kpi_read_by_another_kpi_is_not_an_orphan(kat):
    kat.update("kpi", "besuchsanzahl", used_in=None)
    kat.kpi(
        "besuche_je_umsatz",
        formula="besuchsanzahl / umsatz_ka",
        unit="count/EUR",
        examples=[{"inputs": {"besuchsanzahl": 10, "umsatz_ka": 5}, "expected": 2}],
    )
    assert kat.found("KC401") == []


def test_orphan_suppressed_with_reason(kat):
    kat.kpi(
        "board",
        used_in=None,
        lint={"ignore": {"KC401": "nur im Vorstandsbericht"}},
        **scaled(2),
    )
    codes = [d.code for d in kat.check().diagnostics]
    assert "KC401" not in codes and "KC502" not in codes


# KC402 catalogue-over-budget


def test_catalogue_over_budget_points_at_the_setting(kat):
    kat.configure(budgets={"catalogue": 1})
    (diag,) = kat.found("KC402")
    assert diag.entry is None
    assert diag.file == "kpicat.yaml"
    assert diag.line == line_of(kat.root / "kpicat.yaml", "catalogue:")
    assert sorted(r.entry for r in diag.related) == ["besuchsanzahl", "umsatz_ka"]
    assert "2 active KPIs, 1 more than its budget of 1" in diag.message


def test_catalogue_within_budget(kat):
    kat.configure(budgets={"catalogue": 2})
    add_kpis(kat, 2, status="proposed")  # proposals do not count
    assert kat.found("KC402") == []


# KC403 kra-over-budget and KC404 owner-over-budget


def test_kra_over_its_own_budget(kat):
    kat.update("kra", "vertrieb", max_kpis=1)
    (diag,) = kat.found("KC403")
    assert diag.entry == "vertrieb"
    assert diag.line == line_of(kat.path("kra", "vertrieb"), "max_kpis:")
    assert sorted(r.entry for r in diag.related) == ["besuchsanzahl", "umsatz_ka"]
    assert "budget of 1 (max_kpis)" in diag.message


def test_kra_over_the_default_budget(kat):
    add_kpis(kat, 7)  # 2 + 7 = 9 > 8
    (diag,) = kat.found("KC403")
    assert "9 active KPIs" in diag.message and "budgets.per_kra" in diag.message
    assert len(diag.related) == 9
    kat.configure(budgets={"per_kra": 9})
    assert kat.found("KC403") == []


def test_owner_over_budget(kat):
    kat.configure(budgets={"per_owner": 2})
    assert kat.found("KC404") == []
    add_kpis(kat, 1)
    (diag,) = kat.found("KC404")
    assert diag.entry == "kam_team" and len(diag.related) == 3
    assert "budgets.per_owner" in diag.message
    kat.update("owner", "kam_team", max_kpis=3)
    assert kat.found("KC404") == []


# KC405 review-overdue


def test_review_overdue(kat):
    kat.update("kpi", "umsatz_ka", last_reviewed="2026-01-31", review_every=6)
    (diag,) = kat.found("KC405")
    path = kat.path("kpi", "umsatz_ka")
    assert (diag.entry, diag.line) == ("umsatz_ka", line_of(path, "last_reviewed:"))
    assert "overdue since Jul 31, 2026: last reviewed Jan 31, 2026" in diag.message
    with speaking("de"):
        (german,) = kat.found("KC405")
    assert "Review überfällig seit 31.07.2026: zuletzt geprüft am 31.01.2026" in german.message


def test_review_default_interval_and_today(kat):
    kat.update("kpi", "umsatz_ka", last_reviewed="2025-11-24", review_every=None)
    assert kat.found("KC405") == []  # due 2026-11-24, today 2026-11-23
    assert len(kat.found("KC405", today=dt.date(2026, 11, 25))) == 1
    kat.configure(thresholds={"review_every_default": 24})
    assert kat.found("KC405", today=dt.date(2026, 11, 25)) == []


def test_never_reviewed(kat):
    kat.update("kpi", "umsatz_ka", last_reviewed=None)
    (diag,) = kat.found("KC405")
    assert "no last_reviewed" in diag.message


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 1, 15), 12) == dt.date(2027, 1, 15)


# KC406 stale-proposal


def test_proposal_waiting_too_long(kat):
    kat.kpi("idee", status="proposed", last_reviewed="2026-03-01", **scaled(2))
    (diag,) = kat.found("KC406")
    assert diag.entry == "idee" and "267 days" in diag.message
    kat.configure(thresholds={"proposed_max_days": 300})
    assert kat.found("KC406") == []


def test_recent_proposal(kat):
    kat.kpi("idee", status="proposed", last_reviewed="2026-10-01", **scaled(2))
    assert kat.found("KC406") == []


# KC407 unbalanced-kra


def test_kra_without_input_kpi(kat):
    kat.update("kpi", "besuchsanzahl", type={"indicator": "output", "nature": "non_financial"})
    (diag,) = kat.found("KC407")
    assert diag.entry == "vertrieb"
    assert "no active input KPI (Frühindikator)" in diag.message
    assert sorted(r.entry for r in diag.related) == ["besuchsanzahl", "umsatz_ka"]


def test_kra_with_only_a_proposed_input_kpi(kat):
    kat.update("kpi", "besuchsanzahl", status="proposed")
    (diag,) = kat.found("KC407")
    assert "input" in diag.message and "output" not in diag.message


# KC408 empty-kra and KC409 idle-owner


def test_empty_kra(kat):
    kat.kra("messen")
    (diag,) = kat.found("KC408")
    assert (diag.entry, diag.line) == ("messen", 2)
    assert kat.found("KC407") == []  # reported once, as empty
    kat.kpi("messekontakte", kra="messen", **scaled(2))
    assert kat.found("KC408") == []


def test_idle_owner(kat):
    kat.owner("team_alt")
    (diag,) = kat.found("KC409")
    assert diag.entry == "team_alt"
    kat.update("kra", "vertrieb", owner="team_alt")
    assert kat.found("KC409") == []
