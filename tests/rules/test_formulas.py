"""Formula rules at the right file position, through the whole check pipeline."""

from __future__ import annotations

from tests.conftest import write_entry

KPI = "catalogue/kpis/umsatzwachstum.yaml"


def edit(root, old, new, rel=KPI):
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


def found(result, code):
    return [d for d in result.diagnostics if d.code == code]


def at(path, diag):
    """The text of the file from the diagnostic's position on."""
    return path.read_text().splitlines()[diag.line - 1][diag.column - 1 :]


def test_syntax_error_points_inside_the_formula(catalogue_root, check):
    path = edit(
        catalogue_root, "formula: (umsatz - prev(umsatz))", "formula: (umsatz - - * prev(umsatz))"
    )
    (diag,) = found(check(catalogue_root), "KC201")
    assert diag.message.startswith("formula: ")
    assert at(path, diag).startswith("* prev")


def test_syntax_error_in_block_scalar(catalogue_root, check):
    path = edit(
        catalogue_root,
        "formula: (umsatz - prev(umsatz)) / prev(umsatz) * 100",
        "formula: |\n  (umsatz - prev(umsatz))\n    / prev(umsatz) ** 100",
    )
    (diag,) = found(check(catalogue_root), "KC201")
    assert diag.line == 6
    assert at(path, diag).startswith("*")


def test_hostile_formula_is_a_plain_error(catalogue_root, check):
    edit(
        catalogue_root,
        "formula: (umsatz - prev(umsatz)) / prev(umsatz) * 100",
        "formula: __import__('os').system('x')",
    )
    (diag,) = found(check(catalogue_root), "KC201")
    assert diag.severity.value == "error"


def test_unknown_id_with_did_you_mean(catalogue_root, check):
    path = edit(
        catalogue_root,
        "formula: umsatz / anzahl_accounts",
        "formula: umsatz / anzahl_acounts",
        "catalogue/kpis/umsatz_pro_account.yaml",
    )
    (diag,) = found(check(catalogue_root), "KC202")
    assert (
        diag.message
        == "formula reads 'anzahl_acounts', but there is no measure or KPI with that id"
    )
    assert diag.hint == "did you mean 'anzahl_accounts'?"
    assert at(path, diag).startswith("anzahl_acounts")


def test_formula_may_not_read_a_term(catalogue_root, check):
    edit(
        catalogue_root,
        "formula: umsatz / anzahl_accounts",
        "formula: umsatz / key_account",
        "catalogue/kpis/umsatz_pro_account.yaml",
    )
    (diag,) = found(check(catalogue_root), "KC202")
    assert "which is a term" in diag.message


def test_cycle_reported_once_per_member_with_path(catalogue_root, check):
    edit(
        catalogue_root,
        "formula: umsatz / anzahl_accounts",
        "formula: umsatzwachstum * anzahl_accounts",
        "catalogue/kpis/umsatz_pro_account.yaml",
    )
    edit(
        catalogue_root,
        "formula: (umsatz - prev(umsatz)) / prev(umsatz) * 100",
        "formula: umsatz_pro_account / anzahl_accounts",
    )
    diags = found(check(catalogue_root), "KC203")
    assert sorted(d.entry for d in diags) == ["umsatz_pro_account", "umsatzwachstum"]
    assert {d.message for d in diags} == {
        "formula is part of a cycle: umsatz_pro_account -> umsatzwachstum -> umsatz_pro_account"
    }


def test_prev_is_not_a_cycle(catalogue_root, check):
    edit(
        catalogue_root,
        "formula: (umsatz - prev(umsatz)) / prev(umsatz) * 100",
        "formula: (umsatz - prev(umsatz)) / prev(umsatz) * 100 + prev(umsatzwachstum) * 0",
    )
    assert found(check(catalogue_root), "KC203") == []


def test_unit_mismatch_percent_vs_ratio(catalogue_root, check):
    path = edit(catalogue_root, "/ prev(umsatz) * 100", "/ prev(umsatz)")
    (diag,) = found(check(catalogue_root), "KC205")
    assert diag.message == "unit is 'percent', but the formula yields 'ratio'"
    assert diag.hint == "multiply the formula by 100, or declare unit: ratio"
    assert at(path, diag) == "percent"


def test_adding_different_units(catalogue_root, check):
    path = edit(
        catalogue_root,
        "formula: umsatz / anzahl_accounts",
        "formula: umsatz + anzahl_accounts",
        "catalogue/kpis/umsatz_pro_account.yaml",
    )
    (diag,) = found(check(catalogue_root), "KC205")
    assert "EUR" in diag.message and "count" in diag.message
    assert at(path, diag).startswith("umsatz + anzahl")


def test_unknown_unit_with_suggestion(catalogue_root, check):
    path = edit(catalogue_root, "unit: EUR\n", "unit: Euro\n", "catalogue/measures/umsatz.yaml")
    diags = found(check(catalogue_root), "KC204")
    assert len(diags) == 1
    assert "EUR" in (diags[0].message + (diags[0].hint or ""))
    assert at(path, diags[0]) == "Euro"


def test_division_by_literal_zero(catalogue_root, check):
    edit(
        catalogue_root,
        "formula: umsatz / anzahl_accounts",
        "formula: umsatz / 0",
        "catalogue/kpis/umsatz_pro_account.yaml",
    )
    (diag,) = found(check(catalogue_root), "KC206")
    assert "zero" in diag.message


def test_example_mismatch_names_the_example(catalogue_root, check):
    path = edit(catalogue_root, "expected: 10", "expected: 0.1")
    (diag,) = found(check(catalogue_root), "KC207")
    assert diag.message == "example 1 expects 0.1, but the formula gives 10"
    assert at(path, diag) == "0.1"


def test_example_within_tolerance_passes(catalogue_root, check):
    edit(catalogue_root, "expected: 10", "expected: 10.004")
    assert found(check(catalogue_root), "KC207") == []


def test_example_missing_input(catalogue_root, check):
    edit(catalogue_root, '"prev(umsatz)": 1000000', "umsatz_alt: 1000000")
    result = check(catalogue_root)
    (diag,) = found(result, "KC207")
    assert diag.message.startswith("example 1:")
    assert "prev(umsatz)" in diag.message or "umsatz" in diag.message
    (unused,) = found(result, "KC208")
    assert "umsatz_alt" in unused.message


def test_example_division_by_zero(catalogue_root, check):
    edit(catalogue_root, '"prev(umsatz)": 1000000', '"prev(umsatz)": 0')
    (diag,) = found(check(catalogue_root), "KC207")
    assert "zero" in diag.message


def test_missing_example_warning(catalogue_root, check):
    path = catalogue_root / KPI
    text = path.read_text()
    path.write_text(text[: text.index("examples:")])
    (diag,) = found(check(catalogue_root), "KC209")
    assert diag.severity.value == "warning"


def test_financial_without_money(catalogue_root, check):
    write_entry(
        catalogue_root,
        "kpis/accounts_wachstum.yaml",
        (catalogue_root / KPI)
        .read_text()
        .replace("umsatzwachstum", "accounts_wachstum")
        .replace("umsatz", "anzahl_accounts")
        .replace("1100000", "11")
        .replace("1000000", "10"),
    )
    diags = [d for d in found(check(catalogue_root), "KC210") if d.entry == "accounts_wachstum"]
    assert len(diags) == 1
    assert diags[0].message == "KPI is financial, but its formula reads no amount of money"


def test_non_financial_with_money_unit(catalogue_root, check):
    edit(
        catalogue_root,
        "nature: financial",
        "nature: non_financial",
        "catalogue/kpis/umsatz_pro_account.yaml",
    )
    (diag,) = found(check(catalogue_root), "KC210")
    assert "non_financial" in diag.message


def test_input_from_outputs(catalogue_root, check):
    write_entry(
        catalogue_root,
        "kpis/mix.yaml",
        (catalogue_root / KPI)
        .read_text()
        .replace("id: umsatzwachstum", "id: mix")
        .replace("(umsatz - prev(umsatz)) / prev(umsatz) * 100", "umsatzwachstum * 2")
        .replace("indicator: output", "indicator: input")
        .replace('{umsatz: 1100000, "prev(umsatz)": 1000000}', "{umsatzwachstum: 5}")
        .replace("Umsatzwachstum", "Mischwert")
        .replace("Revenue growth", "Mix"),
    )
    (diag,) = found(check(catalogue_root), "KC211")
    assert diag.entry == "mix"
    assert diag.related[0].entry == "umsatzwachstum"


def test_skeleton_placeholders_are_reported_only_as_placeholders(catalogue_root, check):
    from click.testing import CliRunner

    from kpicat.cli import cli

    result = CliRunner().invoke(cli, ["new", "kpi", "neue_kpi", "--root", str(catalogue_root)])
    assert result.exit_code == 0, result.output
    codes = {d.code for d in check(catalogue_root).diagnostics if d.entry == "neue_kpi"}
    assert codes == {"KC501"}
