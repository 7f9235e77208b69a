"""Canonical form: one spelling per meaning, so that reworded formulas compare equal.

A formula is normalised to a sum of terms ``coefficient * factors / factors`` with exact
coefficients. Treated as equal: operand order of ``+`` and ``*``, associativity, redundant
parentheses, ``a - b`` versus ``a + -b``, constant folding (``2 * 50`` is ``100``, ``a / 2`` is
``0.5 * a``), like terms (``a + a`` is ``2 * a``, ``a - a`` is ``0``), constant factors spread over
sums (``2 * (a + b)`` is ``2 * a + 2 * b``), ``0 * x`` is ``0`` and dividing by a quotient
(``a / (b / c)`` is ``a * c / b``). Not treated as equal: spreading non-constant factors
(``a * (b + c)`` versus ``a * b + a * c``) and cancelling (``a / a`` versus ``1``), because those
change where a formula is undefined or are rewrites a reviewer should see.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction

from kpicat.core.i18n import _

from .errors import FormulaError
from .nodes import Call, Neg, Node, Num, Ref
from .source import number_text

Mono = tuple[tuple[str, ...], tuple[str, ...]]
Poly = dict[Mono, Fraction]
ONE: Mono = ((), ())


def _constant(poly: Poly) -> Fraction | None:
    """The value of a constant polynomial, or None when it reads an id."""
    if not poly:
        return Fraction(0)
    if len(poly) == 1 and ONE in poly:
        return poly[ONE]
    return None


def _mono_text(mono: Mono) -> str:
    num, den = mono
    text = " * ".join(num) if num else "1"
    return text + "".join(f" / {factor}" for factor in den)


def _mono_key(mono: Mono) -> tuple[bool, str]:
    """Terms sort by their text; the constant term goes last."""
    return (mono == ONE, _mono_text(mono))


def _term_text(mono: Mono, magnitude: Fraction) -> str:
    num, den = mono
    if mono == ONE:
        return number_text(magnitude)
    parts = [number_text(magnitude)] if magnitude != 1 or not num else []
    parts.extend(num)
    return " * ".join(parts) + "".join(f" / {factor}" for factor in den)


class _Canon:
    """Builds normal forms; remembers each sum factor's polynomial so that its sign can move."""

    def __init__(self) -> None:
        self.sums: dict[str, Poly] = {}

    def sum_factor(self, poly: Poly) -> str:
        text = f"({self.text(poly)})"
        self.sums[text] = poly
        return text

    def flipped(self, factor: str) -> str:
        return self.sum_factor({mono: -coef for mono, coef in self.sums[factor].items()})

    def mono(self, coef: Fraction, num: list[str], den: list[str]) -> tuple[Mono, Fraction]:
        """One key per term whatever its sign: every sum factor starts with a positive term
        (``(b - a)`` becomes ``-(a - b)``), so that like terms of either sign combine."""
        sides = [list(num), list(den)]
        for side in sides:
            for index, factor in enumerate(side):
                poly = self.sums.get(factor)
                if poly is not None and poly[min(poly, key=_mono_key)] < 0:
                    side[index] = self.flipped(factor)
                    coef = -coef
            side.sort()
        return (tuple(sides[0]), tuple(sides[1])), coef

    def display(self, mono: Mono, coef: Fraction) -> tuple[Mono, Fraction]:
        """For printing only: a negative term moves its sign into its first sum factor,
        so that the growth formula reads ``100 * (x - prev(x)) / prev(x)``."""
        if coef > 0:
            return mono, coef
        sides = [list(mono[0]), list(mono[1])]
        for side in sides:
            for index, factor in enumerate(side):
                if factor in self.sums:
                    side[index] = self.flipped(factor)
                    side.sort()
                    return (tuple(sides[0]), tuple(sides[1])), -coef
        return mono, coef

    def text(self, poly: Poly) -> str:
        """Positive terms first, each group in text order: 'a + b - c'."""
        if not poly:
            return "0"
        terms = [self.display(mono, coef) for mono, coef in poly.items()]
        terms.sort(key=lambda term: (term[1] < 0, _mono_key(term[0])))
        out: list[str] = []
        for index, (mono, coef) in enumerate(terms):
            body = _term_text(mono, abs(coef))
            if index == 0:
                out.append(f"-{body}" if coef < 0 else body)
            else:
                out.append(f" - {body}" if coef < 0 else f" + {body}")
        return "".join(out)

    def scale(self, poly: Poly, factor: Fraction) -> Poly:
        result: Poly = {}
        if factor == 0:
            return result
        for (num, den), coef in poly.items():
            mono, value = self.mono(coef * factor, list(num), list(den))
            result[mono] = result.get(mono, Fraction(0)) + value
        return {mono: coef for mono, coef in result.items() if coef}

    def add(self, left: Poly, right: Poly, sign: int) -> Poly:
        result = dict(left)
        for mono, coef in right.items():
            total = result.get(mono, Fraction(0)) + sign * coef
            if total:
                result[mono] = total
            else:
                result.pop(mono, None)
        return result

    def as_product(self, poly: Poly) -> tuple[Fraction, list[str], list[str]]:
        """A polynomial as coefficient, numerator and denominator factors.

        A sum becomes one factor scaled so that its first term has coefficient 1; thus
        ``2 * (a + b) * c`` and ``(2 * a + 2 * b) * c`` agree.
        """
        if len(poly) == 1:
            ((num, den), coef), *_rest = poly.items()
            return coef, list(num), list(den)
        coef = poly[min(poly, key=_mono_key)]
        return coef, [self.sum_factor({m: value / coef for m, value in poly.items()})], []

    def multiply(self, left: Poly, right: Poly) -> Poly:
        for const, other in ((_constant(left), right), (_constant(right), left)):
            if const is not None:
                return self.scale(other, const)
        lc, ln, ld = self.as_product(left)
        rc, rn, rd = self.as_product(right)
        mono, coef = self.mono(lc * rc, ln + rn, ld + rd)
        return {mono: coef}

    def divide(self, left: Poly, right: Poly, divisor: Node) -> Poly:
        const = _constant(right)
        if const == 0:
            raise FormulaError(
                _("division by zero: the divisor is always 0"),
                divisor.span[0],
                divisor.span[1] - divisor.span[0],
            )
        if const is not None:
            return self.scale(left, 1 / const)
        if not left:
            return {}
        lc, ln, ld = self.as_product(left)
        rc, rn, rd = self.as_product(right)
        mono, coef = self.mono(lc / rc, ln + rd, ld + rn)
        return {mono: coef}

    def poly(self, node: Node) -> Poly:
        if isinstance(node, Num):
            return {ONE: node.value} if node.value else {}
        if isinstance(node, Ref):
            return {((node.name,), ()): Fraction(1)}
        if isinstance(node, Call):
            key = f"{node.func}({', '.join(canonical(arg) for arg in node.args)})"
            return {((key,), ()): Fraction(1)}
        if isinstance(node, Neg):
            return self.scale(self.poly(node.operand), Fraction(-1))
        left = self.poly(node.left)
        right = self.poly(node.right)
        if node.op == "+":
            return self.add(left, right, 1)
        if node.op == "-":
            return self.add(left, right, -1)
        if node.op == "*":
            return self.multiply(left, right)
        return self.divide(left, right, node.right)


def canonical(node: Node) -> str:
    """The canonical spelling; itself a formula with the same canonical form.

    Raises FormulaError when a divisor is always zero.
    """
    canon = _Canon()
    return canon.text(canon.poly(node))


def canonical_hash(node: Node) -> str:
    """sha256 hex digest of :func:`canonical`, for finding the same KPI under two names."""
    return hashlib.sha256(canonical(node).encode("utf-8")).hexdigest()
