"""A tree's plain form (the warm cache's) reads back as the same tree, spans and texts too."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from test_formula_properties import trees

from kpicat.formula import from_plain, parse, to_plain, to_source, walk

SHIPPED = Path(__file__).resolve().parents[2] / "catalogue" / "kpis"


def same_in_every_detail(a, b) -> bool:
    """Equal trees whose nodes also have the same spans and number texts (not compared by ==)."""
    pairs = list(zip(walk(a), walk(b), strict=True))
    return a == b and all(
        x.span == y.span and getattr(x, "text", None) == getattr(y, "text", None) for x, y in pairs
    )


@given(trees)
def test_a_parsed_tree_reads_back_from_its_plain_form(tree):
    parsed = parse(to_source(tree))
    back = from_plain(marshal.loads(marshal.dumps(to_plain(parsed))))
    assert same_in_every_detail(back, parsed)


def test_every_shipped_formula_reads_back_from_its_plain_form():
    formulas = [
        yaml.safe_load(path.read_text(encoding="utf-8")).get("formula")
        for path in sorted(SHIPPED.glob("*.yaml"))
    ]
    formulas = [f for f in formulas if isinstance(f, str)]
    assert len(formulas) >= 20
    for text in [*formulas, "-(a + 2.50) / prev(b) * 100", "prev(a) - 0.5 * prev(c)"]:
        parsed = parse(text)
        assert same_in_every_detail(from_plain(to_plain(parsed)), parsed)


@pytest.mark.parametrize(
    "damaged",
    [
        None,
        "a",
        (),
        (1, "a"),  # no span
        (1, "a", (0,)),
        (1, 7, (0, 1)),  # a name that is no text
        (0, 1, 0, "1", (0, 1)),  # a number over zero
        (0, 1.5, 1, "1.5", (0, 1)),
        (3, "%", (1, "a", (0, 1)), (1, "b", (4, 5)), (0, 5)),  # no such operator
        (4, "__import__", ((1, "os", (0, 2)),), (0, 14)),  # no such function
        (2, (9, "x", (0, 1)), (0, 2)),
    ],
)
def test_any_other_shape_is_refused(damaged):
    with pytest.raises(ValueError):
        from_plain(damaged)


def test_a_very_deep_plain_form_is_refused_not_a_crash():
    deep = (1, "a", (0, 1))
    for _level in range(100_000):
        deep = (2, deep, (0, 1))
    with pytest.raises(ValueError):
        from_plain(deep)


def test_numbers_keep_their_exact_value_and_text():
    for text in ["0.1", "1234.567", "3", "007"]:
        tree = parse(text)
        back = from_plain(to_plain(tree))
        assert back.value == tree.value and back.text == text
