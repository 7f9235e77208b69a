"""Errors of the formula engine.

Each error carries a position inside the formula text so that the rules can translate it to the
YAML file's line and column; the message is plain English a non-native reader understands.
"""

from __future__ import annotations

Span = tuple[int, int]


class FormulaError(Exception):
    """A formula that cannot be read (syntax, caps, unknown function, division by literal zero).

    ``offset`` is the 0-based character index in the formula (``0 <= offset <= len(text)``),
    ``length`` the number of characters to highlight (at least 1).
    """

    def __init__(self, message: str, offset: int, length: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.offset = max(0, offset)
        self.length = max(1, length)

    @property
    def span(self) -> Span:
        """The highlighted range as ``(start, end)``, like a node's span."""
        return (self.offset, self.offset + self.length)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"FormulaError({self.message!r}, offset={self.offset}, length={self.length})"


class SpanError(Exception):
    """An error about one part of a formula, given as a node's ``span``."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span

    @property
    def offset(self) -> int:
        """Start of the span, for callers that treat all formula errors alike."""
        return self.span[0]

    @property
    def length(self) -> int:
        """Length of the span (at least 1)."""
        return max(1, self.span[1] - self.span[0])

    def __str__(self) -> str:
        return self.message


class EvaluationError(SpanError):
    """A worked example that cannot be computed (missing input, division by zero)."""
