"""Unit inference: which unit a formula yields, and the step where units stop agreeing.

Rules: ``+`` and ``-`` need equal units; ``*`` and ``/`` combine them (count/count is ratio);
a plain number is dimensionless, except that the factor 100 turns ratio into percent (and
``/ 100`` back); a number added to a value takes that value's unit (``100 - churn_rate``);
``prev(x)`` keeps x's unit. An id without a known unit makes the result unknown (None).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from kpicat.core.i18n import _

from .errors import FormulaError, Span, SpanError
from .functions import FUNCTIONS
from .nodes import BinOp, Call, Neg, Node, Num, Ref
from .units import PERCENT_SCALE, RATIO, Unit

UnitOf = Callable[[str], Unit | None]


class UnitMismatch(SpanError):
    """``+`` or ``-`` with different units; names both and the span of that step."""

    def __init__(self, message: str, span: Span, left: Unit, right: Unit) -> None:
        super().__init__(message, span)
        self.left = left
        self.right = right


@dataclass(frozen=True, slots=True)
class _Result:
    """A subexpression's unit (None: cannot tell) and its value when it reads no id."""

    unit: Unit | None
    const: Fraction | None = None


def _combine_const(op: str, left: Fraction, right: Fraction) -> Fraction:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return left / right


def _percent_factor(const: Fraction) -> Fraction:
    """The literal 100 is the percent factor; every other number leaves the scale alone."""
    return PERCENT_SCALE if const == PERCENT_SCALE else Fraction(1)


class _Inferrer:
    def __init__(self, unit_of: UnitOf) -> None:
        self.unit_of = unit_of

    def visit(self, node: Node) -> _Result:
        if isinstance(node, Num):
            return _Result(RATIO, node.value)
        if isinstance(node, Ref):
            return _Result(self.unit_of(node.name))
        if isinstance(node, Call):
            units = [self.visit(arg).unit for arg in node.args]
            return _Result(FUNCTIONS[node.func].unit(units))
        if isinstance(node, Neg):
            inner = self.visit(node.operand)
            return _Result(inner.unit, None if inner.const is None else -inner.const)
        return self.binary(node)

    def binary(self, node: BinOp) -> _Result:
        left = self.visit(node.left)
        right = self.visit(node.right)
        if node.op == "/" and right.const == 0:
            raise FormulaError(
                _("division by zero"),
                node.right.span[0],
                node.right.span[1] - node.right.span[0],
            )
        if left.const is not None and right.const is not None:
            return _Result(RATIO, _combine_const(node.op, left.const, right.const))
        if node.op in "+-":
            return self.additive(node, left, right)
        if right.const is not None:
            factor = _percent_factor(right.const)
            if left.unit is None:
                return _Result(None)
            return _Result(left.unit.scaled(factor if node.op == "*" else 1 / factor))
        if left.const is not None:
            base = RATIO.scaled(_percent_factor(left.const))
            if right.unit is None:
                return _Result(None)
            return _Result(base * right.unit if node.op == "*" else base / right.unit)
        if left.unit is None or right.unit is None:
            return _Result(None)
        return _Result(left.unit * right.unit if node.op == "*" else left.unit / right.unit)

    def additive(self, node: BinOp, left: _Result, right: _Result) -> _Result:
        if left.const is not None:
            return _Result(right.unit)
        if right.const is not None:
            return _Result(left.unit)
        if left.unit is None or right.unit is None:
            return _Result(None)
        if left.unit != right.unit:
            if node.op == "+":
                what = _("cannot add {unit} and {unit2}").format(unit=left.unit, unit2=right.unit)
            else:
                what = _("cannot subtract {unit} from {unit2}").format(
                    unit=right.unit, unit2=left.unit
                )
            raise UnitMismatch(
                _("{what}: both sides of '{op}' need the same unit").format(what=what, op=node.op),
                node.span,
                left.unit,
                right.unit,
            )
        return _Result(left.unit)


def infer_unit(node: Node, unit_of: UnitOf) -> Unit | None:
    """The unit a formula yields, or None when an id's unit is unknown ('cannot tell').

    Raises UnitMismatch at the first ``+``/``-`` whose sides differ (also inside parts whose
    units are known when others are not) and FormulaError for a division by a literal zero.
    """
    return _Inferrer(unit_of).visit(node).unit
