"""Exact evaluation of worked examples, so that an example proves what a formula computes.

Arithmetic is done on Fractions: 0.1 + 0.2 is exactly 0.3, and only the final comparison with
the stated result uses a tolerance (:data:`TOLERANCE`), because examples are written rounded.

Example format in YAML (``prev(x)`` is given as its own key)::

    examples:
      - inputs: {umsatz_key_accounts: 1100000, 'prev(umsatz_key_accounts)': 1000000}
        expected: 10
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from kpicat.core.i18n import _

from .errors import EvaluationError
from .functions import FUNCTIONS
from .nodes import BinOp, Call, Neg, Node, Num, Ref


class Tolerance(NamedTuple):
    """An expected value matches when within ``absolute`` or within ``relative`` of it."""

    absolute: Fraction
    relative: Fraction


TOLERANCE = Tolerance(absolute=Fraction(5, 1000), relative=Fraction(1, 10**9))
"""Absolute 0.005 (results may be rounded to two decimals) or relative 1e-9, whichever is larger."""


def to_fraction(value: object) -> Fraction:
    """An exact value from what YAML gives: int, float (via its shortest text), Decimal, Fraction.

    Floats go through ``repr`` so that ``0.1`` means exactly 1/10. Raises ValueError otherwise.
    """
    if isinstance(value, bool):
        raise ValueError(_("{value!r} is not a number").format(value=value))
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(_("{value!r} is not a finite number").format(value=value))
        return Fraction(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(_("{value!r} is not a finite number").format(value=value))
        return Fraction(value)
    raise ValueError(_("{value!r} is not a number").format(value=value))


def matches(actual: Fraction, expected: Fraction) -> bool:
    """True when ``actual`` is within :data:`TOLERANCE` of ``expected``."""
    actual = to_fraction(actual)
    expected = to_fraction(expected)
    allowed = max(TOLERANCE.absolute, TOLERANCE.relative * abs(expected))
    return abs(actual - expected) <= allowed


class _Evaluator:
    def __init__(
        self, inputs: Mapping[str, object], prev_inputs: Mapping[str, object] | None
    ) -> None:
        self.inputs = inputs
        self.prev_inputs = prev_inputs or {}

    def value(self, key: str, found: object, span: tuple[int, int]) -> Fraction:
        try:
            return to_fraction(found)
        except ValueError:
            raise EvaluationError(
                _("the example value of '{key}' is not a number: {found!r}").format(
                    key=key, found=found
                ),
                span,
            ) from None

    def ref(self, node: Ref) -> Fraction:
        if node.name not in self.inputs:
            raise EvaluationError(
                _("the example has no value for '{name}'; add it to inputs").format(name=node.name),
                node.span,
            )
        return self.value(node.name, self.inputs[node.name], node.span)

    def previous(self, node: Call) -> Fraction:
        arg = node.args[0]
        assert isinstance(arg, Ref)  # the parser allows only ids in prev()
        key = f"{node.func}({arg.name})"
        if key in self.inputs:
            return self.value(key, self.inputs[key], node.span)
        if arg.name in self.prev_inputs:
            return self.value(key, self.prev_inputs[arg.name], node.span)
        raise EvaluationError(
            _("the example has no value for '{key}'; add '{key}' to inputs").format(key=key),
            node.span,
        )

    def visit(self, node: Node) -> Fraction:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Ref):
            return self.ref(node)
        if isinstance(node, Call):
            if FUNCTIONS[node.func].previous_period:
                return self.previous(node)
            raise EvaluationError(_("cannot evaluate {func}()").format(func=node.func), node.span)
        if isinstance(node, Neg):
            return -self.visit(node.operand)
        return self.binary(node)

    def binary(self, node: BinOp) -> Fraction:
        left = self.visit(node.left)
        right = self.visit(node.right)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        if right == 0:
            raise EvaluationError(
                _("division by zero: the divisor is 0 in this example"), node.right.span
            )
        return left / right


def evaluate(
    node: Node,
    inputs: Mapping[str, Fraction],
    prev_inputs: Mapping[str, Fraction] | None = None,
) -> Fraction:
    """The exact value of a formula for one worked example.

    ``inputs`` are keyed by id; ``prev(x)`` reads the key ``'prev(x)'`` from ``inputs`` or else
    ``prev_inputs[x]``. Values may be int, float, Decimal or Fraction. Raises EvaluationError
    naming the missing id or the zero divisor.
    """
    return _Evaluator(inputs, prev_inputs).visit(node)
