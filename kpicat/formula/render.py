"""Rendering for the website: MathML built from the tree, and readable text with entry names.

Labels come from untrusted YAML, so every piece of text is escaped, and a link target is used
only when it is relative or a ``#`` fragment (never ``javascript:`` or another scheme).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from fractions import Fraction

from .functions import FUNCTIONS
from .nodes import BinOp, Call, Neg, Node, Num, Ref
from .source import PRECEDENCE, UNARY_PRECEDENCE, decimal_text, is_decimal, precedence

Link = Callable[[str], tuple[str, str | None]]
MINUS = "\u2212"
TIMES = "\u00b7"


def safe_href(href: object) -> str | None:
    """The href when it is a relative URL or a fragment, else None (the label stays plain)."""
    if not isinstance(href, str) or not href:
        return None
    if any(ord(char) <= 0x20 or char in "\\\x7f" for char in href):
        return None
    if href.startswith("//"):
        return None
    cut = min((href.find(c) for c in "/?#" if c in href), default=len(href))
    if ":" in href[:cut]:
        return None
    return href


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _paren_ml(inner: str) -> str:
    return f"<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>"


class _MathML:
    def __init__(self, link: Link) -> None:
        self.link = link

    def ref(self, name: str) -> str:
        label, href = self.link(name)
        target = safe_href(href)
        text = _esc(str(label))
        if target is None:
            return f"<mtext>{text}</mtext>"
        return f'<mtext><a href="{_esc(target)}" title="{_esc(name)}">{text}</a></mtext>'

    def number(self, value: Fraction) -> str:
        magnitude = abs(value)
        if is_decimal(magnitude):
            body = f"<mn>{decimal_text(magnitude)}</mn>"
        else:
            body = f"<mfrac><mn>{magnitude.numerator}</mn><mn>{magnitude.denominator}</mn></mfrac>"
        return f"<mrow><mo>{MINUS}</mo>{body}</mrow>" if value < 0 else body

    def visit(self, node: Node) -> str:
        if isinstance(node, Num):
            return self.number(node.value)
        if isinstance(node, Ref):
            return self.ref(node.name)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Neg):
            inner = self.visit(node.operand)
            if _needs_parens_after_minus(node.operand):
                inner = _paren_ml(inner)
            return f"<mrow><mo>{MINUS}</mo>{inner}</mrow>"
        return self.binary(node)

    def call(self, node: Call) -> str:
        spec = FUNCTIONS.get(node.func)
        if spec is not None and spec.previous_period and isinstance(node.args[0], Ref):
            base = self.ref(node.args[0].name)
            period = f"<mrow><mi>t</mi><mo>{MINUS}</mo><mn>1</mn></mrow>"
            return f"<msub><mrow>{base}</mrow>{period}</msub>"
        args = "<mo>,</mo>".join(self.visit(arg) for arg in node.args)
        return f"<mrow><mi>{_esc(node.func)}</mi><mo>(</mo>{args}<mo>)</mo></mrow>"

    def binary(self, node: BinOp) -> str:
        left = self.visit(node.left)
        right = self.visit(node.right)
        if node.op == "/":
            return f"<mfrac><mrow>{left}</mrow><mrow>{right}</mrow></mfrac>"
        level = PRECEDENCE[node.op]
        if _is_sum(node.left) and level > 1:
            left = _paren_ml(left)
        if _right_needs_parens(node.op, node.right):
            right = _paren_ml(right)
        symbol = {"+": "+", "-": MINUS, "*": TIMES}[node.op]
        return f"<mrow>{left}<mo>{symbol}</mo>{right}</mrow>"


def _is_sum(node: Node) -> bool:
    return isinstance(node, BinOp) and node.op in "+-"


def _needs_parens_after_minus(node: Node) -> bool:
    """-(a + b) and -(a * b) keep their parentheses; a fraction is grouped by its bar."""
    return isinstance(node, BinOp) and node.op != "/"


def _right_needs_parens(op: str, right: Node) -> bool:
    """Shown without parentheses wherever the value is the same (a + (b - c) is a + b - c)."""
    if isinstance(right, Neg):
        return True
    if not isinstance(right, BinOp) or right.op == "/":
        return False
    if op == "+":
        return False
    if op == "-":
        return _is_sum(right)
    return _is_sum(right)


def to_mathml(node: Node, link: Link) -> str:
    """``<math display="block">`` markup; ``link(id)`` gives (label, href or None) per id."""
    return f'<math display="block"><mrow>{_MathML(link).visit(node)}</mrow></math>'


def to_text(
    node: Node, name_of: Callable[[str], str], *, prev_format: str = "{name} (Vorperiode)"
) -> str:
    """Readable plain text with entry names, e.g. 'Umsatz / Anzahl Key Accounts'.

    Not escaped: it is text, and the page templates escape it. ``prev_format`` spells prev(x).
    """
    if isinstance(node, Num):
        magnitude = abs(node.value)
        body = decimal_text(magnitude) if is_decimal(magnitude) else str(magnitude)
        return f"{MINUS}{body}" if node.value < 0 else body
    if isinstance(node, Ref):
        return name_of(node.name)
    if isinstance(node, Call):
        spec = FUNCTIONS.get(node.func)
        if spec is not None and spec.previous_period and isinstance(node.args[0], Ref):
            return prev_format.format(name=name_of(node.args[0].name))
        args = ", ".join(to_text(arg, name_of, prev_format=prev_format) for arg in node.args)
        return f"{node.func}({args})"
    if isinstance(node, Neg):
        inner = to_text(node.operand, name_of, prev_format=prev_format)
        if precedence(node.operand) < UNARY_PRECEDENCE:
            inner = f"({inner})"
        return f"{MINUS}{inner}"
    level = PRECEDENCE[node.op]
    left = to_text(node.left, name_of, prev_format=prev_format)
    if precedence(node.left) < level:
        left = f"({left})"
    right = to_text(node.right, name_of, prev_format=prev_format)
    if precedence(node.right) <= level:
        right = f"({right})"
    symbol = {"+": "+", "-": MINUS, "*": TIMES, "/": "/"}[node.op]
    return f"{left} {symbol} {right}"
