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


def _scale(poly: Poly, factor: Fraction) -> Poly:
    if factor == 0:
        return {}
    return {mono: coef * factor for mono, coef in poly.items()}


def _add(left: Poly, right: Poly, sign: int) -> Poly:
    result = dict(left)
    for mono, coef in right.items():
        total = result.get(mono, Fraction(0)) + sign * coef
        if total:
            result[mono] = total
        else:
            result.pop(mono, None)
    return result


def _mono_text(mono: Mono) -> str:
    num, den = mono
    text = " * ".join(num) if num else "1"
    return text + "".join(f" / {factor}" for factor in den)


def _mono_key(mono: Mono) -> tuple[bool, str]:
    """Terms sort by their text; the constant term goes last."""
    return (mono == ONE, _mono_text(mono))


def _term_text(mono: Mono, coef: Fraction) -> str:
    magnitude = abs(coef)
    num, den = mono
    if mono == ONE:
        return number_text(magnitude)
    parts = [number_text(magnitude)] if magnitude != 1 or not num else []
    parts.extend(num)
    return " * ".join(parts) + "".join(f" / {factor}" for factor in den)


def _poly_text(poly: Poly) -> str:
    if not poly:
        return "0"
    out: list[str] = []
    for index, mono in enumerate(sorted(poly, key=_mono_key)):
        coef = poly[mono]
        body = _term_text(mono, coef)
        if index == 0:
            out.append(f"-{body}" if coef < 0 else body)
        else:
            out.append(f" - {body}" if coef < 0 else f" + {body}")
    return "".join(out)


def _as_product(poly: Poly) -> tuple[Fraction, list[str], list[str]]:
    """A polynomial as coefficient, numerator and denominator factors.

    A sum becomes one factor, made primitive (first term's coefficient 1) so that
    ``2 * (a + b) * c`` and ``(2 * a + 2 * b) * c`` agree.
    """
    if len(poly) == 1:
        ((num, den), coef), *_ = poly.items()
        return coef, list(num), list(den)
    lead = min(poly, key=_mono_key)
    coef = poly[lead]
    primitive = {mono: value / coef for mono, value in poly.items()}
    return coef, [f"({_poly_text(primitive)})"], []


def _multiply(left: Poly, right: Poly) -> Poly:
    for const, other in ((_constant(left), right), (_constant(right), left)):
        if const is not None:
            return _scale(other, const)
    lc, ln, ld = _as_product(left)
    rc, rn, rd = _as_product(right)
    return {(tuple(sorted(ln + rn)), tuple(sorted(ld + rd))): lc * rc}


def _divide(left: Poly, right: Poly, divisor: Node) -> Poly:
    const = _constant(right)
    if const == 0:
        raise FormulaError(
            "division by zero: the divisor is always 0",
            divisor.span[0],
            divisor.span[1] - divisor.span[0],
        )
    if const is not None:
        return _scale(left, 1 / const)
    if not left:
        return {}
    lc, ln, ld = _as_product(left)
    rc, rn, rd = _as_product(right)
    return {(tuple(sorted(ln + rd)), tuple(sorted(ld + rn))): lc / rc}


def _poly(node: Node) -> Poly:
    if isinstance(node, Num):
        return {ONE: node.value} if node.value else {}
    if isinstance(node, Ref):
        return {((node.name,), ()): Fraction(1)}
    if isinstance(node, Call):
        key = f"{node.func}({', '.join(canonical(arg) for arg in node.args)})"
        return {((key,), ()): Fraction(1)}
    if isinstance(node, Neg):
        return _scale(_poly(node.operand), Fraction(-1))
    left = _poly(node.left)
    right = _poly(node.right)
    if node.op == "+":
        return _add(left, right, 1)
    if node.op == "-":
        return _add(left, right, -1)
    if node.op == "*":
        return _multiply(left, right)
    return _divide(left, right, node.right)


def canonical(node: Node) -> str:
    """The canonical spelling; itself a formula with the same canonical form.

    Raises FormulaError when a divisor is always zero.
    """
    return _poly_text(_poly(node))


def canonical_hash(node: Node) -> str:
    """sha256 hex digest of :func:`canonical`, for finding the same KPI under two names."""
    return hashlib.sha256(canonical(node).encode("utf-8")).hexdigest()
