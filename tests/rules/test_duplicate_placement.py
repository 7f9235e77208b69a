"""KC301 lands on the entry that is new: without a base by a stable rule, with one on what changed."""

from __future__ import annotations

from kpicat.check import run_check
from tests.conftest import TODAY
from tests.rules.conftest import Kat


def twins(kat: Kat, first: str, second: str, **second_fields: object) -> None:
    kat.kpi(first, formula="umsatz / besuche * 100", unit="EUR/count")
    kat.kpi(second, formula="100 * umsatz / besuche", unit="EUR/count", **second_fields)


def test_without_base_a_proposed_kpi_takes_the_finding_over_an_active_one(kat):
    # by file name the active one (z...) is last, yet the proposed one is the newcomer
    twins(kat, "z_quote", "a_quote", status="proposed")
    (diag,) = kat.found("KC301")
    assert diag.entry == "a_quote"
    assert [r.entry for r in diag.related] == ["z_quote"]
    assert "z_quote" in diag.message


def test_without_base_two_active_kpis_report_on_the_later_file(kat):
    twins(kat, "a_quote", "b_quote")
    (diag,) = kat.found("KC301")
    assert diag.entry == "b_quote"
    assert [r.entry for r in diag.related] == ["a_quote"]


def test_with_base_the_finding_is_on_the_kpi_the_change_added(repo):
    repo.write(
        "kpis/z_alt.yaml",
        """
        id: z_alt
        name: {de: Alte Quote, en: Old rate}
        definition: {de: Umsatz je Account., en: Revenue per account.}
        formula: umsatz / anzahl_accounts
        unit: EUR/count
        type: {indicator: output, nature: financial}
        category: revenue
        kra: vertrieb
        owner: kam_team
        status: active
        period: quarterly
        direction: higher_is_better
        used_in: [KAM-Dashboard]
        """,
    )
    repo.commit("old KPI")
    before = {d.entry for d in run_check(repo.root, today=TODAY).diagnostics if d.code == "KC301"}
    # the minimal catalogue's umsatz_pro_account has the same formula; without a base the
    # later file (z_alt) takes the finding
    assert before == {"z_alt"}
    repo.git("checkout", "-q", "-b", "feature")
    repo.edit("kpis/umsatz_pro_account.yaml", "period: quarterly", "period: monthly")
    result = run_check(repo.root, today=TODAY, base="main")
    (diag,) = [d for d in result.diagnostics if d.code == "KC301"]
    assert diag.entry == "umsatz_pro_account"
    assert [r.entry for r in diag.related] == ["z_alt"]
    assert "z_alt" in diag.message


def test_with_base_and_nothing_changed_the_stable_rule_holds(repo):
    repo.write(
        "kpis/z_alt.yaml",
        (repo.path("kpis/umsatz_pro_account.yaml").read_text(encoding="utf-8"))
        .replace("id: umsatz_pro_account", "id: z_alt")
        .replace("Umsatz pro Key Account", "Alte Quote")
        .replace("Revenue per key account", "Old rate"),
    )
    repo.commit("both")
    result = run_check(repo.root, today=TODAY, base="HEAD")
    assert {d.entry for d in result.diagnostics if d.code == "KC301"} == {"z_alt"}


def test_check_base_on_the_command_line(repo):
    from click.testing import CliRunner

    from kpicat.cli import cli

    repo.git("checkout", "-q", "-b", "feature")
    repo.write(
        "kpis/a_neu.yaml",
        (repo.path("kpis/umsatz_pro_account.yaml").read_text(encoding="utf-8"))
        .replace("id: umsatz_pro_account", "id: a_neu")
        .replace("Umsatz pro Key Account", "Neue Quote")
        .replace("Revenue per key account", "New rate"),
    )
    args = ["check", "--root", str(repo.root), "--today", TODAY.isoformat(), "--format", "json"]
    import json

    plain = json.loads(CliRunner().invoke(cli, args).output)
    based = json.loads(CliRunner().invoke(cli, [*args, "--base", "main"]).output)
    entries = [d["entry"] for d in plain["diagnostics"] if d["code"] == "KC301"]
    assert entries == ["umsatz_pro_account"]  # no base: the later file of two active KPIs
    entries = [d["entry"] for d in based["diagnostics"] if d["code"] == "KC301"]
    assert entries == ["a_neu"]  # the KPI the branch adds


def test_check_base_with_an_unknown_revision_is_a_usage_error(repo):
    from click.testing import CliRunner

    from kpicat.cli import cli

    result = CliRunner().invoke(cli, ["check", "--root", str(repo.root), "--base", "nope"])
    assert result.exit_code == 2
    assert "unknown revision 'nope'" in result.output
    assert "Traceback" not in result.output
