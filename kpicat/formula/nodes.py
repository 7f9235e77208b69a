"""Parse-tree node types.

Nodes are frozen dataclasses so that trees can be compared, hashed and shared. ``span`` (and a
number's original ``text``) do not take part in equality: two formulas that differ only in spacing
give equal trees.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from .functions import FUNCTIONS

Span = tuple[int, int]
NO_SPAN: Span = (0, 0)
OPERATORS = frozenset("+-*/")


@dataclass(frozen=True, slots=True)
class Num:
    """A number literal; ``value`` is exact, ``text`` is how the formula wrote it."""

    value: Fraction
    text: str = field(default="", compare=False)
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a measure or KPI by id."""

    name: str
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Neg:
    """Unary minus."""

    operand: Node
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class BinOp:
    """A binary operation; ``op`` is one of ``+ - * /``."""

    op: str
    left: Node
    right: Node
    span: Span = field(default=NO_SPAN, compare=False)

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise ValueError(f"unknown operator {self.op!r}")


@dataclass(frozen=True, slots=True)
class Call:
    """A call of one of the known functions, e.g. ``prev(x)``."""

    func: str
    args: tuple[Node, ...]
    span: Span = field(default=NO_SPAN, compare=False)


Node = Num | Ref | Neg | BinOp | Call


def children(node: Node) -> tuple[Node, ...]:
    """The direct children of a node, left to right."""
    if isinstance(node, Neg):
        return (node.operand,)
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Node) -> Iterator[Node]:
    """All nodes in source order (pre-order), without recursion."""
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def references(node: Node) -> list[Ref]:
    """Every id occurrence in source order, with spans (for 'unknown id at column')."""
    return [n for n in walk(node) if isinstance(n, Ref)]


def dependencies(node: Node, *, include_prev: bool = True) -> set[str]:
    """The ids a formula reads.

    ``include_prev=False`` leaves out ids read only through ``prev(x)``: the previous period's
    value is already known, so ``x = prev(x) + y`` is a recurrence, not a cycle.
    """
    if include_prev:
        return {ref.name for ref in references(node)}
    found: set[str] = set()
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Ref):
            found.add(current.name)
        elif isinstance(current, Call) and _reads_previous_period(current):
            continue
        else:
            stack.extend(children(current))
    return found


def _reads_previous_period(call: Call) -> bool:
    spec = FUNCTIONS.get(call.func)
    return spec is not None and spec.previous_period


# Plain form of a tree (nested tuples of str, int and tuples) for kpicat's warm cache: a
# tree is read back about four times faster than its formula is parsed again.
_NUM, _REF, _NEG, _BINOP, _CALL = range(5)


def to_plain(node: Node) -> tuple[object, ...]:
    """``node`` as nested tuples that :func:`from_plain` turns into an equal tree, spans too."""
    if isinstance(node, Ref):
        return (_REF, node.name, node.span)
    if isinstance(node, BinOp):
        return (_BINOP, node.op, to_plain(node.left), to_plain(node.right), node.span)
    if isinstance(node, Num):
        value = node.value
        return (_NUM, value.numerator, value.denominator, node.text, node.span)
    if isinstance(node, Neg):
        return (_NEG, to_plain(node.operand), node.span)
    return (_CALL, node.func, tuple(to_plain(arg) for arg in node.args), node.span)


def from_plain(value: object) -> Node:
    """The tree :func:`to_plain` wrote; ValueError for any other shape (never a guess)."""
    try:
        return _tree(value, 0)
    except (TypeError, IndexError, ZeroDivisionError, RecursionError) as error:
        raise ValueError(f"not a formula tree: {error}") from None


def _tree(value: object, depth: int) -> Node:
    if not isinstance(value, tuple) or depth > 200:
        raise ValueError("not a formula tree")
    kind, span = value[0], _span(value[-1])
    if kind == _REF and len(value) == 3 and isinstance(value[1], str):
        return Ref(value[1], span)
    if kind == _BINOP and len(value) == 5 and isinstance(value[1], str):
        return BinOp(value[1], _tree(value[2], depth + 1), _tree(value[3], depth + 1), span)
    if kind == _NUM and len(value) == 5 and isinstance(value[3], str):
        numerator, denominator = value[1], value[2]
        if type(numerator) is int and type(denominator) is int and denominator > 0:
            return Num(Fraction(numerator, denominator), value[3], span)
    if kind == _NEG and len(value) == 3:
        return Neg(_tree(value[1], depth + 1), span)
    if kind == _CALL and len(value) == 4 and value[1] in FUNCTIONS and isinstance(value[2], tuple):
        return Call(value[1], tuple(_tree(arg, depth + 1) for arg in value[2]), span)
    raise ValueError("not a formula tree")


def _span(value: object) -> Span:
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and type(value[0]) is int
        and type(value[1]) is int
    ):
        return value
    raise ValueError("not a span")
