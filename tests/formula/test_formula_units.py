"""Unit vocabulary, spelling and algebra."""

import pytest

from kpicat.formula import (
    DEFAULT_UNITS,
    PERCENT,
    RATIO,
    Unit,
    UnitError,
    is_currency,
    parse_unit,
    units_equal,
)


@pytest.mark.parametrize("name", sorted(DEFAULT_UNITS))
def test_every_default_unit_parses_and_prints_as_itself(name):
    assert str(parse_unit(name)) == name


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("EUR/count", "EUR/count"),
        ("count/days", "count/days"),
        ("count / count", "ratio"),
        ("EUR * count / count", "EUR"),
        ("%", "percent"),
        ("1/days", "1/days"),
        ("percent/percent", "ratio"),
        ("EUR*EUR", "EUR*EUR"),
        ("count*percent", "count*percent"),
        ("ratio/percent", "1/percent"),
    ],
)
def test_compound_units(text, printed):
    unit = parse_unit(text)
    assert str(unit) == printed
    assert parse_unit(str(unit)) == unit


def test_percent_is_ratio_times_100():
    assert RATIO.scaled(100) == PERCENT
    assert not units_equal(PERCENT, RATIO)
    assert PERCENT.dimensionless


def test_algebra():
    eur, count = parse_unit("EUR"), parse_unit("count")
    assert eur / count == parse_unit("EUR/count")
    assert (eur / count) * count == eur
    assert count / count == RATIO
    assert units_equal(eur, Unit((("EUR", 1),)))


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("eur", "EUR"), ("Euro", "EUR"), ("cnt", "count"), ("Prozent", "percent"), ("day", "days")],
)
def test_unknown_unit_suggests(text, suggestion):
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert f"did you mean '{suggestion}'?" in info.value.message
    assert "known units:" in info.value.message


@pytest.mark.parametrize("text", ["", "  ", "EUR/", "*count"])
def test_malformed_units(text):
    with pytest.raises(UnitError):
        parse_unit(text)


def test_extra_currency_is_its_own_dimension():
    extra = {"USD": "currency"}
    usd = parse_unit("USD", extra)
    assert str(usd) == "USD"
    assert not units_equal(usd, parse_unit("EUR"))
    assert is_currency(usd, extra)
    assert is_currency(parse_unit("EUR/count"))
    assert not is_currency(parse_unit("count"))


def test_extra_base_unit_and_alias():
    extra = {"kg": "base", "visits": "count", "eur_per_visit": "EUR/count"}
    assert str(parse_unit("kg/days", extra)) == "kg/days"
    assert parse_unit("visits", extra) == parse_unit("count")
    assert parse_unit("eur_per_visit", extra) == parse_unit("EUR/count")


@pytest.mark.parametrize(
    "extra",
    [{"EUR": "currency"}, {"bad name": "base"}, {"x": "nonsense_unit"}, {"%": "base"}],
)
def test_bad_extra_units(extra):
    with pytest.raises(UnitError):
        parse_unit("count", extra)


def test_units_are_immutable_and_hashable():
    unit = parse_unit("EUR/count")
    assert {unit: 1}[parse_unit("EUR / count")] == 1
    with pytest.raises(AttributeError):
        unit.scale = 2  # type: ignore[misc]
