"""KC311 alias-kpi: a KPI whose formula is just another KPI."""

from __future__ import annotations

import pytest

from tests.rules.conftest import Kat, line_of


def alias(kat: Kat, entry_id: str, formula: str, **fields: object) -> None:
    kat.kpi(
        entry_id,
        formula=formula,
        examples=[{"inputs": {"umsatz_ka": 100}, "expected": 100}],
        **fields,
    )


@pytest.mark.parametrize(
    "formula",
    ["umsatz_ka", "umsatz_ka * 1", "(umsatz_ka)", "1 * umsatz_ka", "umsatz_ka / 1"],
)
def test_a_kpi_that_is_another_kpi_is_an_alias(kat, formula):
    alias(kat, "umsatz_key_accounts", formula)
    (diag,) = kat.found("KC311")
    assert diag.severity.value == "error"
    assert diag.entry == "umsatz_key_accounts"
    path = kat.path("kpi", "umsatz_key_accounts")
    assert (diag.line, diag.column) == (line_of(path, "formula:"), 10)
    assert "KPI umsatz_ka (catalogue/kpis/umsatz_ka.yaml:" in diag.message
    assert [r.entry for r in diag.related] == ["umsatz_ka"]
    assert "umsatz_ka" in diag.hint and "synonym" in diag.hint


@pytest.mark.parametrize(
    "formula", ["prev(umsatz_ka)", "umsatz_ka * 2", "-umsatz_ka", "umsatz_ka - prev(umsatz_ka)"]
)
def test_a_kpi_that_computes_something_from_another_kpi_is_not_an_alias(kat, formula):
    alias(kat, "umsatz_key_accounts", formula, unit="EUR")
    assert kat.found("KC311") == []


def test_a_kpi_over_one_measure_is_not_an_alias(kat):
    # the base catalogue's umsatz_ka is `formula: umsatz` (a measure): the KPI is where a
    # base measure gets its target and KRA, as KC302 allows it to share the measure's name
    assert kat.found("KC311") == []


def test_successor_and_retired_aliases_are_left_alone(kat):
    alias(kat, "alt_umsatz", "umsatz_ka", status="deprecated", replaced_by="umsatz_ka")
    alias(kat, "ganz_alt", "umsatz_ka", status="retired")
    assert kat.found("KC311") == []


def test_alias_of_a_retired_kpi_is_left_to_kc307(kat):
    kat.update("kpi", "umsatz_ka", status="retired")
    alias(kat, "umsatz_key_accounts", "umsatz_ka")
    assert kat.found("KC311") == []
