"""The health report and its score on known catalogues."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.health import compute_health
from tests.rules.conftest import TODAY
from tests.rules.test_bloat import add_kpis
from tests.rules.test_consistency import scaled


def test_clean_catalogue_scores_100(kat):
    health = compute_health(kat.check(), TODAY)
    assert health.score == 100
    assert (health.rating, health.rating_label) == ("good", "good")
    assert health.totals["kpis_active"] == 2
    (row,) = health.kras
    assert (row.id, row.active, row.budget, row.input, row.output) == ("vertrieb", 2, 8, 1, 1)
    assert (health.balance.input, health.balance.output) == (1, 1)
    assert (health.balance.financial, health.balance.non_financial) == (1, 1)
    assert health.stale == health.orphaned == health.duplicates == health.over_budget == []


def test_score_on_a_known_catalogue(kat):
    kat.configure(budgets={"catalogue": 2})
    kat.kpi("verwaist", used_in=None, **scaled(2))  # 3 active: 1 over budget, 1 orphan
    kat.kpi("alt_review", last_reviewed="2024-01-01", **scaled(3))  # 4 active: 2 over, stale
    kat.kpi("doppelt", **scaled(2))  # same formula as verwaist: KC301 error; 5 active, 3 over
    kat.kra("messen")  # empty KRA: unbalanced
    health = compute_health(kat.check(), TODAY)
    points = {p.key: p.points for p in health.penalties}
    assert points == {
        "errors": 2.0,  # one KC301 error
        "orphaned": 5.0,  # 25 x 1 orphan / 5 active
        "stale": 3.0,  # 15 x 1 stale / 5 active or proposed
        "duplicates": 4.0,  # one KC301 finding
        "catalogue_budget": 15.0,  # 15 x min(1, 3 over / budget 2)
        "group_budgets": 0.0,
        "balance": 5.0,  # 10 x 1 of 2 KRAs without input and output
    }
    assert health.score == 66
    assert (health.rating, health.rating_label) == ("fair", "fair")
    assert [item.id for item in health.orphaned] == ["verwaist"]
    assert [item.id for item in health.stale] == ["alt_review"]
    assert [(d.id, d.related) for d in health.duplicates] == [("verwaist", ["doppelt"])]
    assert [(o.code, o.id) for o in health.over_budget] == [("KC402", "catalogue")]
    assert [(u.id, u.reason) for u in health.unbalanced] == [
        ("messen", "KRA: no active input KPI and no active output KPI")
    ]


def test_group_budgets_and_suppressed_orphans(kat):
    add_kpis(kat, 7)  # vertrieb and kam_team: 9 active KPIs
    kat.kpi(
        "board",
        used_in=None,
        lint={"ignore": {"KC401": "nur im Vorstandsbericht"}},
        **scaled(20),
    )
    health = compute_health(kat.check(), TODAY)
    assert health.orphaned == []  # suppressed with a reason: not counted
    assert [(o.code, o.id) for o in health.over_budget] == [("KC403", "vertrieb")]
    assert health.kras[0].over == 2
    assert {p.key: p.points for p in health.penalties}["group_budgets"] == 3.0
    assert health.score == 97


def test_health_json_and_text_commands(kat):
    runner = CliRunner()
    args = ["health", "--root", str(kat.root), "--today", TODAY.isoformat()]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["score"] == 100 and data["version"] == 1
    assert data["kras"][0]["id"] == "vertrieb"
    assert {p["key"] for p in data["penalties"]} >= {"errors", "orphaned", "balance"}
    text = runner.invoke(cli, args)
    assert text.exit_code == 0
    assert "Catalogue health: 100/100 (good)" in text.output
    assert "vertrieb" in text.output
    kat.kra("messen")
    failing = runner.invoke(cli, [*args, "--fail-under", "100"])
    assert failing.exit_code == 1
