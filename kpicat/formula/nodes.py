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
