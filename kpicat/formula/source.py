"""Printing a tree back as formula text with the fewest parentheses that keep the same tree."""

from __future__ import annotations

import re
from fractions import Fraction

from .nodes import BinOp, Call, Neg, Node, Num, Ref

PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
UNARY_PRECEDENCE = 3
ATOM_PRECEDENCE = 4
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def precedence(node: Node) -> int:
    """Binding strength of the node's outermost operation."""
    if isinstance(node, BinOp):
        return PRECEDENCE[node.op]
    if isinstance(node, Neg):
        return UNARY_PRECEDENCE
    return ATOM_PRECEDENCE


def is_decimal(value: Fraction) -> bool:
    """True when the value has a finite decimal expansion (denominator 2**a * 5**b)."""
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1


def decimal_text(value: Fraction) -> str:
    """A non-negative finite decimal as text without exponent or trailing zeros."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    digits = max(twos, fives)
    scaled = value.numerator * 10**digits // value.denominator
    if digits == 0:
        return str(scaled)
    text = str(scaled).rjust(digits + 1, "0")
    whole, frac = text[:-digits], text[-digits:].rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def number_text(value: Fraction) -> str:
    """A number as formula text: decimals as such, other fractions as '(p / q)'."""
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if is_decimal(magnitude):
        return sign + decimal_text(magnitude)
    return f"{sign}({magnitude.numerator} / {magnitude.denominator})"


def _num_source(node: Num) -> str:
    if _NUMBER.fullmatch(node.text) and Fraction(node.text) == node.value:
        return node.text
    return number_text(node.value)


def to_source(node: Node) -> str:
    """Formula text for a tree; parsing it gives an equal tree (for trees made by parse)."""
    if isinstance(node, Num):
        return _num_source(node)
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Call):
        return f"{node.func}({', '.join(to_source(arg) for arg in node.args)})"
    if isinstance(node, Neg):
        inner = to_source(node.operand)
        if precedence(node.operand) < UNARY_PRECEDENCE:
            inner = f"({inner})"
        return f"-{inner}"
    level = PRECEDENCE[node.op]
    left = to_source(node.left)
    if precedence(node.left) < level:
        left = f"({left})"
    right = to_source(node.right)
    if precedence(node.right) <= level:
        right = f"({right})"
    return f"{left} {node.op} {right}"
