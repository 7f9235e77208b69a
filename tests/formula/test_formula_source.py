"""Printing trees back to formula text with minimal parentheses."""

from fractions import Fraction

import pytest

from kpicat.formula import BinOp, Num, Ref, parse, to_source
from kpicat.formula.source import decimal_text, number_text


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("((a))", "a"),
        ("(a + b) + c", "a + b + c"),
        ("a + (b + c)", "a + (b + c)"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a * b) / c", "a * b / c"),
        ("a / (b * c)", "a / (b * c)"),
        ("(a+b)*c", "(a + b) * c"),
        ("-(a)", "-a"),
        ("-(a*b)", "-(a * b)"),
        ("a - -b", "a - -b"),
        ("prev( a )", "prev(a)"),
        ("1.50 * a", "1.50 * a"),
        (
            "(umsatz_key_accounts-prev(umsatz_key_accounts))/prev(umsatz_key_accounts)*100",
            "(umsatz_key_accounts - prev(umsatz_key_accounts)) / prev(umsatz_key_accounts) * 100",
        ),
    ],
)
def test_minimal_parentheses(text, printed):
    assert to_source(parse(text)) == printed
    assert parse(printed) == parse(text)


def test_constructed_numbers_are_printed_from_their_value():
    assert to_source(BinOp("*", Num(Fraction(1, 4)), Ref("a"))) == "0.25 * a"
    assert to_source(Num(Fraction(1, 3))) == "(1 / 3)"
    assert parse(to_source(Num(Fraction(1, 3)))) == BinOp("/", Num(Fraction(1)), Num(Fraction(3)))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(0), "0"),
        (Fraction(100), "100"),
        (Fraction(1, 8), "0.125"),
        (Fraction(5, 2), "2.5"),
        (Fraction(1, 1000), "0.001"),
    ],
)
def test_decimal_text(value, text):
    assert decimal_text(value) == text
    assert number_text(-value) == ("-" + text if value else "0")
