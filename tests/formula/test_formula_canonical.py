"""Canonical form: what counts as the same formula and what does not."""

import pytest

from kpicat.formula import FormulaError, canonical, canonical_hash, parse


def same(a, b):
    return canonical(parse(a)) == canonical(parse(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a + b", "b + a"),
        ("a * b", "b * a"),
        ("(a + b) + c", "a + (b + c)"),
        ("(a * b) * c", "a * (c * b)"),
        ("((a))", "a"),
        ("a - b", "a + -b"),
        ("a - (b - c)", "a - b + c"),
        ("2 * 50", "100"),
        ("a * 2 * 50", "100 * a"),
        ("a / 2", "0.5 * a"),
        ("a / 4 * 100", "25 * a"),
        ("1.0 * a", "a"),
        ("a + a", "2 * a"),
        ("a - a + b", "b"),
        ("2 * (a + b)", "2 * a + 2 * b"),
        ("-(a - b)", "b - a"),
        ("(a - b) / b * 100", "100 * (a - b) / b"),
        ("(a - b) / b * 100", "(100 * a - 100 * b) / b"),
        ("a * b / c", "a / c * b"),
        ("a / (b / c)", "a * c / b"),
        ("a / b / c", "a / (b * c)"),
        ("prev(a) + b", "b + prev(a)"),
        ("-(a - b) / c", "(b - a) / c"),
        ("(a - b) * (c - d)", "(b - a) * (d - c)"),
        ("x * (a - b) + x * (b - a)", "0"),
        (
            "(promotoren - detraktoren) / befragte * 100",
            "100 * (-detraktoren + promotoren) / befragte",
        ),
    ],
)
def test_equal(a, b):
    assert same(a, b)
    assert canonical_hash(parse(a)) == canonical_hash(parse(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a - b", "b - a"),
        ("a / b", "b / a"),
        ("a * (b + c)", "a * b + a * c"),
        ("a / a", "1"),
        ("a * b / b", "a"),
        ("prev(a)", "a"),
        ("a / b * 100", "a / b"),
    ],
)
def test_not_equal(a, b):
    assert not same(a, b)


@pytest.mark.parametrize(
    "text",
    [
        "(umsatz_key_accounts - prev(umsatz_key_accounts)) / prev(umsatz_key_accounts) * 100",
        "a / 3 + b",
        "-(a + b) * c / (d - e)",
        "1 / a",
        "0 * a",
        "(a + 1) * (b + 1)",
    ],
)
def test_canonical_is_a_formula_with_the_same_canonical_form(text):
    once = canonical(parse(text))
    assert canonical(parse(once)) == once


def test_examples_of_the_spelling():
    growth = "(umsatz - prev(umsatz)) / prev(umsatz) * 100"
    assert canonical(parse(growth)) == "100 * (umsatz - prev(umsatz)) / prev(umsatz)"
    nps = "(promotoren - detraktoren) / befragte * 100"
    assert canonical(parse(nps)) == "100 * (promotoren - detraktoren) / befragte"
    assert canonical(parse("-(a - b) / c")) == "(b - a) / c"
    assert canonical(parse("b * 2 + a")) == "a + 2 * b"
    assert canonical(parse("0 * a")) == "0"
    assert canonical(parse("a / 3")) == "(1 / 3) * a"


def test_hash_is_sha256_hex():
    digest = canonical_hash(parse("a + b"))
    assert len(digest) == 64
    assert int(digest, 16) >= 0


def test_division_by_constant_zero():
    with pytest.raises(FormulaError) as info:
        canonical(parse("a / (2 - 2)"))
    assert info.value.offset == 4
    assert "division by zero" in info.value.message
