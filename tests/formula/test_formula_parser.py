"""Parser: grammar, spans and the exact position and wording of errors."""

from fractions import Fraction

import pytest

from kpicat.formula import (
    MAX_DEPTH,
    MAX_FORMULA_LENGTH,
    BinOp,
    Call,
    FormulaError,
    Neg,
    Num,
    Ref,
    dependencies,
    parse,
    references,
    tokenize,
)
from tests.hang import no_hang

GROWTH = "(umsatz_key_accounts - prev(umsatz_key_accounts)) / prev(umsatz_key_accounts) * 100"


def error(text, **kwargs):
    with pytest.raises(FormulaError) as info:
        parse(text, **kwargs)
    return info.value


def test_growth_formula_tree():
    tree = parse(GROWTH)
    u = Ref("umsatz_key_accounts")
    p = Call("prev", (u,))
    assert tree == BinOp("*", BinOp("/", BinOp("-", u, p), p), Num(Fraction(100)))


def test_precedence_and_left_associativity():
    a, b, c = Ref("a"), Ref("b"), Ref("c")
    assert parse("a - b - c") == BinOp("-", BinOp("-", a, b), c)
    assert parse("a / b / c") == BinOp("/", BinOp("/", a, b), c)
    assert parse("a + b * c") == BinOp("+", a, BinOp("*", b, c))
    assert parse("(a + b) * c") == BinOp("*", BinOp("+", a, b), c)


def test_unary_minus_binds_tighter_than_multiplication():
    a, b = Ref("a"), Ref("b")
    assert parse("-a * b") == BinOp("*", Neg(a), b)
    assert parse("a * -b") == BinOp("*", a, Neg(b))
    assert parse("--a") == Neg(Neg(a))


def test_numbers_are_exact():
    assert parse("0.1") == Num(Fraction(1, 10))
    assert parse("007").value == 7
    assert parse("1.50").text == "1.50"


def test_spans_point_into_the_text():
    text = "a + (b * 12)"
    tree = parse(text)
    assert tree.span == (0, len(text))
    assert tree.right.span == (4, 12)  # parentheses belong to the group
    assert text[slice(*tree.right.right.span)] == "12"


def test_whitespace_and_newlines_from_block_scalars():
    assert parse("  a\n  + b\n") == BinOp("+", Ref("a"), Ref("b"))


def test_references_in_order_with_spans():
    refs = references(parse(GROWTH))
    assert [r.name for r in refs] == ["umsatz_key_accounts"] * 3
    assert [r.span[0] for r in refs] == [1, 28, 57]


def test_dependencies_with_and_without_prev():
    tree = parse("prev(a) + b")
    assert dependencies(tree) == {"a", "b"}
    assert dependencies(tree, include_prev=False) == {"b"}


@pytest.mark.parametrize(
    ("text", "offset", "length", "words"),
    [
        ("", 0, 1, "empty"),
        ("   ", 0, 1, "empty"),
        ("__import__('os')", 0, 10, "not a valid id"),
        ("9**9**9**9", 1, 2, "use * for multiplication; powers are not supported"),
        ("a ^ 2", 2, 1, "powers are not supported"),
        ("1,5 * a", 1, 1, "write 1.5"),
        ("sqrt(x)", 0, 4, "unknown function 'sqrt'; known functions: prev"),
        ("a * (b + c", 4, 1, "missing ')' to close '(' at column 5"),
        ("a b", 2, 1, "missing operator before 'b'"),
        ("a +", 2, 1, "ends after '+'"),
        ("a + )", 4, 1, "unexpected ')'"),
        ("a)", 1, 1, "no '(' to close"),
        ("()", 0, 2, "empty parentheses"),
        ("Umsatz", 0, 6, "write 'umsatz'"),
        ("größe", 2, 1, "'oe'"),
        ("prev(1)", 5, 1, "takes an id"),
        ("prev(a, b)", 0, 10, "takes 1 argument"),
        ("prev()", 0, 6, "got 0"),
        ("prev", 0, 4, "is a function"),
        ("1.000.000", 5, 1, "thousands separators"),
        ("1.", 1, 1, "followed by digits"),
        (".5", 0, 1, "0.5"),
        ("1e5", 1, 2, "cannot be followed directly"),
        ("a % b", 2, 1, "'%' is not an operator"),
        ("a × b", 2, 1, "use * for multiplication"),
        ("a − b", 2, 1, "plain '-'"),
        ("a\u00a0+ b", 1, 1, "U+00A0"),
        ("a = b", 2, 1, "no '='"),
        ("+a", 0, 1, "'+' sign"),
        ("a * / b", 4, 1, "unexpected '/' after '*'"),
        ("a, b", 1, 1, "commas only separate"),
        ("2(a)", 1, 1, "missing operator before '('"),
        ("umsatz(a)", 0, 6, "unknown function 'umsatz'"),
    ],
)
def test_errors_name_the_exact_place(text, offset, length, words):
    exc = error(text)
    assert (exc.offset, exc.length) == (offset, length), exc.message
    assert words in exc.message
    assert 0 <= exc.offset <= len(text)


def test_length_cap():
    exc = error("a+" * MAX_FORMULA_LENGTH + "a")
    assert exc.offset == MAX_FORMULA_LENGTH
    assert "limit is 2000" in exc.message


def test_depth_cap_counts_parentheses():
    parse("(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH)
    exc = error("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1))
    assert exc.offset == MAX_DEPTH
    assert "nested too deeply" in exc.message


def test_depth_cap_counts_minus_signs_and_calls():
    assert "nested too deeply" in error("-" * (MAX_DEPTH + 1) + "a").message
    assert "nested too deeply" in error("(" * MAX_DEPTH + "prev(a)" + ")" * MAX_DEPTH).message


def test_operand_cap():
    exc = error(" + ".join(["a"] * 201))
    assert "more than 200 numbers and ids" in exc.message


def test_tokenizer_kinds():
    kinds = [t.kind for t in tokenize("prev(a) * 1.5")]
    assert kinds == ["id", "(", "id", ")", "op", "num", "end"]


def test_error_str_is_the_message():
    exc = error("a b")
    assert str(exc) == exc.message
    assert exc.span == (2, 3)


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('x')",
        "9**9**9**9",
        " + ".join(["a"] * 20_000),
        "(" * 5000 + "a" + ")" * 5000,
        "-" * 100_000 + "a",
        "a" * 1_000_000,
    ],
)
def test_hostile_input_fails_fast(text):
    with no_hang(), pytest.raises(FormulaError):
        parse(text)


@pytest.mark.parametrize(
    "text",
    [
        " + ".join(["a"] * 20_000),
        "(" * 5000 + "a" + ")" * 5000,
        "-" * 5000 + "a",
        "prev(" * 5000 + "a" + ")" * 5000,
    ],
)
def test_hostile_input_without_length_cap_still_hits_the_other_caps(text):
    with no_hang(), pytest.raises(FormulaError) as info:
        parse(text, max_length=10**7)
    assert "nested too deeply" in info.value.message or "more than 200" in info.value.message
