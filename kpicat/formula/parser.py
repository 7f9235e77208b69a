"""Formula parser: a linear tokenizer and a recursive-descent parser with explicit caps.

Formulas come from untrusted pull requests, so the parser never evaluates text, reads in one
pass, and checks the nesting depth *before* each recursive step: recursion is bounded by
``MAX_DEPTH`` whatever the input, and every error names the exact character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

from kpicat.core.i18n import N_, _, ngettext

from .errors import FormulaError
from .functions import FUNCTIONS
from .nodes import BinOp, Call, Neg, Node, Num, Ref

MAX_FORMULA_LENGTH = 2000
"""Longest formula text in characters."""
MAX_DEPTH = 50
"""Deepest nesting of parentheses, function calls and unary minus signs."""
MAX_OPERANDS = 200
"""Most numbers and ids in one formula; keeps every tree walk far from Python's recursion limit."""

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_WORD = re.compile(r"\w+")
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_SPACE = frozenset(" \t\r\n")
UMLAUTS = _UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_OPERAND = N_("a number, an id or '('")

_CHAR_HINTS = {
    "^": N_("powers are not supported"),
    "%": N_(
        "'%' is not an operator; for a percentage multiply by 100 and declare the unit percent"
    ),
    "×": N_("use * for multiplication"),
    "·": N_("use * for multiplication"),
    "⋅": N_("use * for multiplication"),
    "∙": N_("use * for multiplication"),
    "÷": N_("use / for division"),
    ":": N_("use / for division"),
    "−": N_("use the plain '-' for minus"),
    "–": N_("use the plain '-' for minus"),
    "—": N_("use the plain '-' for minus"),
    "[": N_("use ( and ) for grouping"),
    "]": N_("use ( and ) for grouping"),
    "{": N_("use ( and ) for grouping"),
    "}": N_("use ( and ) for grouping"),
    "=": N_("a formula has no '='; write only the right-hand side"),
    "'": N_("quotes are not allowed; write ids without quotes"),
    '"': N_("quotes are not allowed; write ids without quotes"),
    "`": N_("quotes are not allowed; write ids without quotes"),
    "€": N_("units do not belong in the formula; declare them in the entry's unit field"),
    "$": N_("units do not belong in the formula; declare them in the entry's unit field"),
}


@dataclass(frozen=True, slots=True)
class Token:
    """One token: kind is 'num', 'id', 'op', '(', ')', ',' or 'end'."""

    kind: str
    text: str
    start: int
    end: int


def _describe(char: str) -> str:
    """A character as a reader can recognise it, also when it is invisible."""
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'control character').lower()})"


def _column(offset: int) -> int:
    return offset + 1


def tokenize(text: str) -> list[Token]:
    """Split a formula into tokens in one left-to-right pass; reject anything unexpected."""
    tokens: list[Token] = []
    pos = 0
    n = len(text)
    while pos < n:
        char = text[pos]
        if char in _SPACE:
            pos += 1
            continue
        if "0" <= char <= "9":
            tokens.append(_number(text, pos))
            pos = tokens[-1].end
            continue
        word = _WORD.match(text, pos)
        if word:
            tokens.append(_word(text, word.start(), word.end()))
            pos = word.end()
            continue
        if char == "*" and text.startswith("**", pos):
            raise FormulaError(_("use * for multiplication; powers are not supported"), pos, 2)
        if char in "+-*/":
            tokens.append(Token("op", char, pos, pos + 1))
        elif char in "(),":
            tokens.append(Token(char, char, pos, pos + 1))
        elif char == "." and pos + 1 < n and "0" <= text[pos + 1] <= "9":
            raise FormulaError(_("write a leading zero: 0.5, not .5"), pos)
        else:
            hint = _(_CHAR_HINTS[char]) if char in _CHAR_HINTS else None
            if hint is None and char.isspace():
                hint = _("use a normal space")
            message = _("unexpected character {describe}").format(describe=_describe(char))
            raise FormulaError(f"{message}; {hint}" if hint else message, pos)
        pos += 1
    tokens.append(Token("end", "", n, n))
    return tokens


def _number(text: str, pos: int) -> Token:
    """Read a number at pos and reject what only looks like one (1,5 is handled by the parser)."""
    match = _NUMBER.match(text, pos)
    assert match is not None  # caller saw a digit
    end = match.end()
    if end < len(text):
        after = text[end]
        if after == ".":
            if "." in match.group():
                raise FormulaError(
                    _(
                        "a number has at most one decimal point; do not use thousands "
                        "separators (write 1000000, not 1.000.000)"
                    ),
                    end,
                )
            raise FormulaError(_("a decimal point must be followed by digits, e.g. 1.0"), end)
        word = _WORD.match(text, end)
        if word:
            raise FormulaError(
                _(
                    "a number cannot be followed directly by '{group}'; put an operator "
                    "between them (1e5 style numbers are not supported)"
                ).format(group=word.group()),
                end,
                word.end() - end,
            )
    return Token("num", match.group(), pos, end)


def _word(text: str, start: int, end: int) -> Token:
    """Read an id or function name and explain what makes a word invalid."""
    word = text[start:end]
    if not word.isascii():
        index = next(i for i, c in enumerate(word) if not c.isascii())
        char = word[index]
        hint = (
            _(" (write '{UMLAUTS}' for '{char}')").format(UMLAUTS=_UMLAUTS[char], char=char)
            if char in _UMLAUTS
            else ""
        )
        raise FormulaError(
            _(
                "unexpected character {describe} in '{word}'; ids use only the letters "
                "a-z, the digits 0-9 and _{hint}"
            ).format(describe=_describe(char), word=word, hint=hint),
            start + index,
        )
    if not _ID.match(word):
        if _ID.match(word.lower()):
            raise FormulaError(
                _("ids are written in lower case: write '{lower}', not '{word}'").format(
                    lower=word.lower(), word=word
                ),
                start,
                len(word),
            )
        raise FormulaError(
            _("'{word}' is not a valid id; ids start with a letter a-z").format(word=word),
            start,
            len(word),
        )
    return Token("id", word, start, end)


class _Parser:
    """Recursive descent over the token list; ``depth`` is checked before every nested step."""

    def __init__(self, text: str, tokens: list[Token], max_depth: int, max_operands: int) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.max_depth = max_depth
        self.max_operands = max_operands
        self.operands = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.index]

    def previous(self) -> Token | None:
        return self.tokens[self.index - 1] if self.index else None

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def enter(self, depth: int, token: Token) -> int:
        """One level deeper, or a clear error before recursion can get deep."""
        if depth + 1 > self.max_depth:
            raise FormulaError(
                _(
                    "the formula is nested too deeply (more than {max_depth} levels of "
                    "parentheses or minus signs); simplify it or split it into several KPIs"
                ).format(max_depth=self.max_depth),
                token.start,
                token.end - token.start,
            )
        return depth + 1

    def count_operand(self, token: Token) -> None:
        self.operands += 1
        if self.operands > self.max_operands:
            raise FormulaError(
                _(
                    "the formula has more than {max_operands} numbers and ids; split it "
                    "into several KPIs"
                ).format(max_operands=self.max_operands),
                token.start,
                token.end - token.start,
            )

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise FormulaError(_("the formula is empty"), 0)
        node = self.expr(0)
        if self.tok.kind != "end":
            raise self.leftover()
        return node

    def expr(self, depth: int) -> Node:
        node = self.term(depth)
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance().text
            right = self.term(depth)
            node = BinOp(op, node, right, (node.span[0], right.span[1]))
        return node

    def term(self, depth: int) -> Node:
        node = self.unary(depth)
        while self.tok.kind == "op" and self.tok.text in "*/":
            op = self.advance().text
            right = self.unary(depth)
            node = BinOp(op, node, right, (node.span[0], right.span[1]))
        return node

    def unary(self, depth: int) -> Node:
        if self.tok.kind == "op" and self.tok.text == "-":
            minus = self.advance()
            operand = self.unary(self.enter(depth, minus))
            return Neg(operand, (minus.start, operand.span[1]))
        return self.primary(depth)

    def primary(self, depth: int) -> Node:
        token = self.tok
        if token.kind == "num":
            self.count_operand(token)
            self.advance()
            return Num(Fraction(token.text), token.text, (token.start, token.end))
        if token.kind == "id":
            if self.tokens[self.index + 1].kind == "(":
                return self.call(depth)
            if token.text in FUNCTIONS:
                spec = FUNCTIONS[token.text]
                raise FormulaError(
                    _("'{text}' is a function; write {signature}").format(
                        text=token.text, signature=spec.signature
                    ),
                    token.start,
                    token.end - token.start,
                )
            self.count_operand(token)
            self.advance()
            return Ref(token.text, (token.start, token.end))
        if token.kind == "(":
            self.advance()
            inner = self.expr(self.enter(depth, token))
            close = self.expect_close(token)
            return replace(inner, span=(token.start, close.end))
        raise self.missing_operand(token)

    def call(self, depth: int) -> Node:
        name = self.advance()
        spec = FUNCTIONS.get(name.text)
        if spec is None:
            known = ", ".join(sorted(FUNCTIONS))
            raise FormulaError(
                _("unknown function '{text}'; known functions: {known}").format(
                    text=name.text, known=known
                ),
                name.start,
                name.end - name.start,
            )
        open_paren = self.advance()
        inner_depth = self.enter(depth, open_paren)
        args: list[Node] = []
        if self.tok.kind != ")":
            args.append(self.expr(inner_depth))
            while self.tok.kind == ",":
                self.advance()
                args.append(self.expr(inner_depth))
        close = self.expect_close(open_paren)
        span = (name.start, close.end)
        if len(args) != spec.arity:
            raise FormulaError(
                ngettext(
                    "{name}() takes {arity} argument, as in {signature}; got {count}",
                    "{name}() takes {arity} arguments, as in {signature}; got {count}",
                    spec.arity,
                ).format(
                    name=spec.name, arity=spec.arity, signature=spec.signature, count=len(args)
                ),
                span[0],
                span[1] - span[0],
            )
        if spec.ids_only:
            for arg in args:
                if not isinstance(arg, Ref):
                    raise FormulaError(
                        _(
                            "{name}() takes an id, as in {signature}, not a number or an expression"
                        ).format(name=spec.name, signature=spec.signature),
                        arg.span[0],
                        arg.span[1] - arg.span[0],
                    )
        return Call(spec.name, tuple(args), span)

    def expect_close(self, open_paren: Token) -> Token:
        if self.tok.kind == ")":
            return self.advance()
        if self.tok.kind == "end":
            raise FormulaError(
                _("missing ')' to close '(' at column {column}").format(
                    column=_column(open_paren.start)
                ),
                open_paren.start,
            )
        raise self.leftover()

    def decimal_comma(self, comma: Token) -> FormulaError | None:
        """'1,5' is a German decimal number; say so instead of a generic error."""
        before = self.previous()
        after = self.tokens[self.index + 1]
        if (
            before is not None
            and before.kind == "num"
            and after.kind == "num"
            and before.end == comma.start
            and after.start == comma.end
        ):
            return FormulaError(
                _(
                    "use '.' as the decimal separator: write {text}.{text2}, not {text},{text2}"
                ).format(text=before.text, text2=after.text),
                comma.start,
            )
        return None

    def leftover(self) -> FormulaError:
        """A token where an operator, ')' or the end was expected."""
        token = self.tok
        length = token.end - token.start
        if token.kind == ")":
            return FormulaError(_("unexpected ')': there is no '(' to close"), token.start)
        if token.kind == ",":
            hint = self.decimal_comma(token)
            if hint is not None:
                return hint
            return FormulaError(
                _("unexpected ','; commas only separate function arguments"), token.start
            )
        return FormulaError(
            _("missing operator before '{text}'; write +, -, * or / between the two parts").format(
                text=token.text
            ),
            token.start,
            length,
        )

    def missing_operand(self, token: Token) -> FormulaError:
        """A token where a number, an id or '(' was expected."""
        before = self.previous()
        if token.kind == "end":
            assert before is not None  # the empty formula is caught in parse()
            return FormulaError(
                _("the formula ends after '{text}'; {OPERAND} must follow").format(
                    text=before.text, OPERAND=_(_OPERAND)
                ),
                before.start,
                before.end - before.start,
            )
        if token.kind == ")" and before is not None and before.kind == "(":
            return FormulaError(
                _("empty parentheses '()'; put an expression inside"), before.start, 2
            )
        if token.kind == ",":
            hint = self.decimal_comma(token)
            if hint is not None:
                return hint
        if token.kind == "op" and token.text == "+":
            return FormulaError(
                _("a '+' sign in front of a value is not allowed; remove it"), token.start
            )
        after = _(" after '{text}'").format(text=before.text) if before is not None else ""
        return FormulaError(
            _("unexpected '{text}'{after}; expected {OPERAND}").format(
                text=token.text, after=after, OPERAND=_(_OPERAND)
            ),
            token.start,
            token.end - token.start,
        )


def parse(
    text: str,
    *,
    max_length: int = MAX_FORMULA_LENGTH,
    max_depth: int = MAX_DEPTH,
    max_operands: int = MAX_OPERANDS,
) -> Node:
    """Parse a formula into a tree; raise FormulaError with the exact offset on any problem."""
    if not isinstance(text, str):
        raise FormulaError(_("the formula must be text"), 0)
    if len(text) > max_length:
        raise FormulaError(
            _("the formula is {count} characters long; the limit is {max_length}").format(
                count=len(text), max_length=max_length
            ),
            max_length,
            len(text) - max_length,
        )
    return _Parser(text, tokenize(text), max_depth, max_operands).parse()


@lru_cache(maxsize=65_536)
def parse_shared(text: str) -> Node:
    """:func:`parse` with the default limits, once per text in a process.

    Trees are immutable, so the formula index and a local rule (KC207, which may not read
    the index) share one parse of each formula. Errors are raised again each time.
    """
    return parse(text)
