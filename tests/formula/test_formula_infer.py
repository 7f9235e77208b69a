"""Unit inference on real catalogue formulas."""

import pytest

from kpicat.formula import (
    FormulaError,
    UnitMismatch,
    infer_unit,
    parse,
    parse_unit,
)

UNITS = {
    "umsatz_key_accounts": "EUR",
    "anzahl_key_accounts": "count",
    "promotoren": "count",
    "detraktoren": "count",
    "befragte": "count",
    "kuendigungsquote": "percent",
    "abgewanderte_kunden": "count",
    "kunden_periodenbeginn": "count",
    "besuchstage": "days",
}


def unit_of(name):
    return parse_unit(UNITS[name]) if name in UNITS else None


def infer(text):
    unit = infer_unit(parse(text), unit_of)
    return None if unit is None else str(unit)


@pytest.mark.parametrize(
    ("formula", "unit"),
    [
        (
            "(umsatz_key_accounts - prev(umsatz_key_accounts)) / prev(umsatz_key_accounts) * 100",
            "percent",
        ),
        ("umsatz_key_accounts / anzahl_key_accounts", "EUR/count"),
        ("(promotoren - detraktoren) / befragte * 100", "percent"),
        ("100 * (promotoren - detraktoren) / befragte", "percent"),
        ("abgewanderte_kunden / kunden_periodenbeginn", "ratio"),
        ("100 - kuendigungsquote", "percent"),
        ("kuendigungsquote / 100", "ratio"),
        ("anzahl_key_accounts / besuchstage", "count/days"),
        ("prev(umsatz_key_accounts)", "EUR"),
        ("-umsatz_key_accounts * 1.19", "EUR"),
        ("(umsatz_key_accounts + prev(umsatz_key_accounts)) / 2", "EUR"),
        ("2 * 50", "ratio"),
        ("umsatz_key_accounts * (50 * 2)", "EUR*percent"),
    ],
)
def test_inferred_units(formula, unit):
    assert infer(formula) == unit


def test_mismatch_names_both_units_and_the_step():
    text = "(umsatz_key_accounts + anzahl_key_accounts) / befragte"
    with pytest.raises(UnitMismatch) as info:
        infer_unit(parse(text), unit_of)
    exc = info.value
    assert str(exc.left) == "EUR"
    assert str(exc.right) == "count"
    assert "EUR" in exc.message and "count" in exc.message
    assert text[slice(*exc.span)] == "(umsatz_key_accounts + anzahl_key_accounts)"
    assert exc.offset == 0


def test_subtraction_mismatch_wording():
    with pytest.raises(UnitMismatch, match="cannot subtract count from EUR"):
        infer("umsatz_key_accounts - anzahl_key_accounts")


def test_percent_and_ratio_do_not_add():
    with pytest.raises(UnitMismatch):
        infer("kuendigungsquote + abgewanderte_kunden / kunden_periodenbeginn")


def test_unknown_unit_means_cannot_tell():
    assert infer("unbekannt / befragte") is None
    assert infer("unbekannt + umsatz_key_accounts") is None


def test_mismatch_found_even_when_another_part_is_unknown():
    with pytest.raises(UnitMismatch):
        infer("(umsatz_key_accounts + befragte) / unbekannt")


@pytest.mark.parametrize("text", ["befragte / 0", "befragte / (1 - 1)", "befragte / -0.0"])
def test_division_by_literal_zero(text):
    with pytest.raises(FormulaError, match="division by zero") as info:
        infer(text)
    assert info.value.offset == text.index("/") + 2
