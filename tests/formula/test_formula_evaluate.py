"""Exact evaluation of worked examples and the tolerance."""

from decimal import Decimal
from fractions import Fraction

import pytest

from kpicat.formula import TOLERANCE, EvaluationError, evaluate, matches, parse, to_fraction

GROWTH = parse(
    "(umsatz_key_accounts - prev(umsatz_key_accounts)) / prev(umsatz_key_accounts) * 100"
)


def test_growth_example_from_the_docs():
    inputs = {"umsatz_key_accounts": 1100000, "prev(umsatz_key_accounts)": 1000000}
    assert evaluate(GROWTH, inputs) == 10


def test_prev_from_prev_inputs():
    value = evaluate(GROWTH, {"umsatz_key_accounts": 900}, {"umsatz_key_accounts": 1200})
    assert value == -25


def test_exact_arithmetic():
    assert evaluate(parse("a + b"), {"a": 0.1, "b": 0.2}) == Fraction(3, 10)
    assert evaluate(parse("a / 3"), {"a": 1}) == Fraction(1, 3)
    assert evaluate(parse("-a * 2"), {"a": Decimal("1.25")}) == Fraction(-5, 2)


def test_nps():
    nps = parse("(promotoren - detraktoren) / befragte * 100")
    assert evaluate(nps, {"promotoren": 60, "detraktoren": 15, "befragte": 100}) == 45


def test_missing_input_names_the_id():
    with pytest.raises(EvaluationError) as info:
        evaluate(parse("a + bb"), {"a": 1})
    assert "'bb'" in info.value.message
    assert info.value.span == (4, 6)


def test_missing_prev_names_the_key():
    with pytest.raises(EvaluationError, match=r"'prev\(umsatz_key_accounts\)'"):
        evaluate(GROWTH, {"umsatz_key_accounts": 1})


def test_division_by_zero_points_at_the_divisor():
    with pytest.raises(EvaluationError, match="division by zero") as info:
        evaluate(parse("a / (b - c)"), {"a": 1, "b": 2, "c": 2})
    assert info.value.span == (4, 11)


@pytest.mark.parametrize("bad", ["12", None, True, float("nan"), [1]])
def test_non_numbers_are_rejected(bad):
    with pytest.raises(EvaluationError, match="not a number"):
        evaluate(parse("a"), {"a": bad})


def test_to_fraction():
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(3) == 3
    with pytest.raises(ValueError):
        to_fraction(float("inf"))


def test_tolerance():
    assert TOLERANCE.absolute == Fraction(5, 1000)
    assert matches(Fraction(1, 3) * 100, Fraction("33.33"))
    assert matches(Fraction("0.125"), Fraction("0.12"))  # rounded half to even
    assert not matches(Fraction(1, 3) * 100, Fraction("33.3"))
    assert matches(Fraction(10**12) + Fraction(1, 1000), Fraction(10**12))
    assert not matches(Fraction(10**12) + 1001, Fraction(10**12))
    assert matches(Fraction(10**15) + 1, Fraction(10**15))  # relative 1e-9
    assert matches(10, 10.0)
