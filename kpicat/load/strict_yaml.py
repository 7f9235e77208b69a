"""Strict, safe YAML: the subset a catalogue needs and nothing that can bite.

PyYAML's loaders keep the last of two duplicate keys, read ``no`` as False and
``2026-01-31`` as a date, expand aliases without bound, and libyaml's C
composer recurses once per nesting level (very deep input crashes the
process). So we take only libyaml's *events* (its parser is iterative and
fast) and build the data ourselves in one loop with an explicit stack: each
file is parsed once, positions come from the same pass, and every limit is
checked before it can hurt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from sys import intern
from typing import Any

import yaml
from yaml import events as ev

from kpicat.core.i18n import N_, _, format_number
from kpicat.load.document import Document, EmptyFileError, LoadError, Note, Path, Positions

try:  # libyaml ships with PyYAML wheels; the pure parser is the fallback
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the wheel
    _Parser = yaml.SafeLoader


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps that keep one hostile file from costing time, memory or the process."""

    max_bytes: int = 1_048_576
    max_depth: int = 32
    max_nodes: int = 50_000  # counted with aliases expanded


DEFAULT_LIMITS = Limits()

MAX_NUMBER = 10**15
"""The largest magnitude a number in a catalogue file may have.

Far above any real KPI target or worked example (world GDP is about 10^14 EUR; a
bigger figure is a unit slip: write it in TEUR or Mio. EUR), yet small enough that
every whole number up to it is exact as a float (2^53 is about 9 * 10^15), so sums
of integers and decimals never lose digits, and that its text is at most 16 digits:
the loader rejects longer text before ``int()`` or ``float()`` runs on it. One bound
for every number means no later step (schema, formula examples, site, diff) ever
sees an unbounded or infinite value.
"""
# longest digit strings (no sign, no leading zeros) that can still be within the bound
_MAX_DIGITS = {10: len(str(MAX_NUMBER)), 16: len(f"{MAX_NUMBER:x}"), 8: len(f"{MAX_NUMBER:o}")}


class NumberError(ValueError):
    """A plain scalar that reads as a number kpicat does not accept (too big, inf, nan)."""

    def __init__(self, text: str, message: str) -> None:
        shown = (
            text
            if len(text) <= 24
            else _("{text}...({count} characters)").format(
                text=text[:12], count=format_number(len(text))
            )
        )
        super().__init__(_("the number {shown} {message}").format(shown=shown, message=message))
        self.message = _("the number {shown} {message}").format(shown=shown, message=message)


_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+\Z")
"""A decimal integer written with a leading zero: ``017``, ``-017``, ``09``, ``00``.

YAML 1.2 (kpicat, yamllint's default, ruamel) reads ``017`` as 17; YAML 1.1 (PyYAML and
the many tools built on it) reads it as the octal number 15, and ``09`` as text. Explicit
forms are not flagged: ``0o17`` (YAML 1.2 octal) and ``0x1F`` say what they are, ``017.5``
is a decimal fraction to both, and a quoted ``'017'`` is text.
"""
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT_FIRST = frozenset("+-0123456789.")
_INTERN_MAX = 32


class EmptyLoadError(LoadError, EmptyFileError):
    """No document at all: an error for an entry, all defaults for kpicat.yaml."""


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema for unquoted scalars; dates and yes/no stay text."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value and value[0] in _INT_FIRST:
        if _INT.match(value):
            return _integer(value, value.lstrip("+-"), 10)
        if _FLOAT.match(value):
            number = float(value)  # float() has no digit limit; only the result is checked
            if not -MAX_NUMBER <= number <= MAX_NUMBER:  # also false for inf
                raise NumberError(value, _too_big())
            return number
        if _SPECIAL_FLOAT.match(value):
            raise NumberError(value, _("is infinite or not a number; write a real value"))
    if value.startswith("0o") and _OCT.match(value):
        return _integer(value, value[2:], 8)
    if value.startswith("0x") and _HEX.match(value):
        return _integer(value, value[2:], 16)
    return value


def _too_big() -> str:
    return _("is too large: at most {limit} (10^15) either way").format(
        limit=format_number(MAX_NUMBER)
    )


def leading_zero_note(text: str, value: int, path: Path, line: int, column: int) -> Note:
    """The KC022 note for ``text`` (a plain scalar matching _LEADING_ZERO) read as ``value``."""
    digits = text.lstrip("+-")
    if set(digits) <= set("01234567"):
        octal = int(digits, 8) * (-1 if text.startswith("-") else 1)
        other = _("the octal number {octal}").format(octal=octal)
        if octal == value:
            other += _(" (here the same value, but 010 would be 8, not 10)")
    else:
        other = _("the text '{text}'").format(text=text)
    return Note(
        "KC022",
        _(
            "the number {text} has a leading zero: kpicat reads it as {value}, but "
            "PyYAML and other YAML 1.1 tools read {other}"
        ).format(text=text, value=value, other=other),
        path,
        line,
        column,
        hint=_(
            "write {value} without the leading zero; if it is a code rather than "
            "an amount (an article or postal code), put it in quotes: '{text}'"
        ).format(value=value, text=text),
    )


def _integer(text: str, digits: str, base: int) -> int:
    """``int()`` of a plain integer, refused before converting when its text is too long."""
    if len(digits.lstrip("0")) > _MAX_DIGITS[base]:
        raise NumberError(text, _too_big())
    number = int(text, 10) if base == 10 else int(digits, base)
    if not -MAX_NUMBER <= number <= MAX_NUMBER:
        raise NumberError(text, _too_big())
    return number


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or a LoadError at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        raise LoadError(
            "KC008",
            _("the file is not valid UTF-8: byte 0x{raw:02x} cannot start a character").format(
                raw=raw[exc.start]
            ),
            line,
            column,
            hint=_("save the file as UTF-8 (most editors: 'Save with encoding' -> UTF-8)"),
        ) from None


_SYNTAX_HINTS = (
    ("found character '\\t'", N_("indent with spaces, not tabs")),
    ("mapping values are not allowed", N_("put text that contains ': ' in quotes")),
    ("found undefined alias", N_("define the anchor (&name) before using *name")),
    ("could not find expected ':'", N_("every field needs 'name: value'; check the line above")),
    ("found unexpected end of stream", N_("a quote or bracket is not closed")),
    ("did not find expected key", N_("check the indentation: fields of one entry line up")),
    ("control characters are not allowed", N_("remove the invisible control character")),
)


def _syntax_error(exc: yaml.YAMLError) -> LoadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = _("YAML syntax error: {problem}").format(problem=problem)
    if context:
        message += f" ({context})"
    text = f"{problem} {context or ''}"
    hint = next((_(h) for needle, h in _SYNTAX_HINTS if needle in text), None)
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    return LoadError("KC001", message, line, column, hint=hint)


def too_large(size: int, max_bytes: int) -> LoadError:
    """The KC005 error for a file of ``size`` bytes (raised before reading it, too)."""
    return LoadError(
        "KC005",
        _("the file has {size} bytes; at most {max_bytes} are read").format(
            size=format_number(size), max_bytes=format_number(max_bytes)
        ),
        hint=_("one entry per file: split long texts or move them to the docs"),
    )


def load_bytes(raw: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Bytes of one catalogue file to a Document, or a LoadError."""
    if len(raw) > limits.max_bytes:
        raise too_large(len(raw), limits.max_bytes)
    text = decode(raw)
    notes: list[Note] = []
    positions: Positions | None = None
    try:
        try:
            data, _notes = _build(text, limits, track=False, notes=notes)
        except LoadError:
            _build(text, limits, track=True)  # the same error, with every position known
            raise
        if notes:  # rare: read again for the paths the notes need (and keep the positions)
            notes.clear()
            data, positions = _build(text, limits, track=True, notes=notes)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    return Document(path, data, positions, raw, tuple(notes))


def rebuild_positions(text: str) -> Positions:
    """Positions of a text that loaded cleanly before (see Document.positions).

    The text passed every check of :func:`_build` already, so this walk over the same
    events keeps only paths and marks: no limits, tags, anchors or duplicate keys to
    check, no values to build. Most files of a neglected catalogue have a finding and
    need their positions: a third of such a check went into building them
    (docs/dev/performance.md). A test holds it to ``_build(..., track=True)``.
    """
    parser = _Parser(text)
    positions = Positions()
    values, keys, scalars = positions.values, positions.keys, positions.scalars
    Scalar, MappingStart, Alias = ev.ScalarEvent, ev.MappingStartEvent, ev.AliasEvent
    MappingEnd, SequenceEnd = ev.MappingEndEvent, ev.SequenceEndEvent
    nodes = (Scalar, MappingStart, ev.SequenceStartEvent, Alias)
    # each frame: [path, is a mapping, pending key or None, items so far]
    stack: list[list[Any]] = []
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is MappingEnd or kind is SequenceEnd:
                stack.pop()
                continue
            if kind not in nodes:  # stream and document events
                continue
            mark = event.start_mark
            if not stack:
                path: Path = ()
            else:
                frame = stack[-1]
                if not frame[1]:
                    path = (*frame[0], frame[3])
                    frame[3] += 1
                elif frame[2] is None:  # a key: loaded cleanly, so plain text
                    frame[2] = event.value
                    keys[(*frame[0], event.value)] = (mark.line + 1, mark.column + 1)
                    continue
                else:
                    path = (*frame[0], frame[2])
                    frame[2] = None
            values[path] = (mark.line + 1, mark.column + 1)
            if kind is Scalar:
                if event.style != "":
                    scalars[path] = (mark.index, event.end_mark.index, event.style)
                elif type(resolve_plain(event.value)) is str:
                    scalars[path] = (mark.index, event.end_mark.index, None)
            elif kind is not Alias:
                stack.append([path, kind is MappingStart, None, 0])
    finally:
        parser.dispose()
    return positions


def _build(
    text: str, limits: Limits, *, track: bool, notes: list[Note] | None = None
) -> tuple[Any, Positions]:
    """Turn libyaml events into plain data and, if ``track``, a position index.

    Without tracking the loop keeps no paths at all: a clean catalogue never
    needs most positions, and a Document rebuilds them on first use. Values
    that load but deserve a warning are appended to ``notes`` (their path is
    only known when tracking).
    """
    parser = _Parser(text)
    positions = Positions()
    values, keys, scalars = positions.values, positions.keys, positions.scalars
    anchors: dict[str, tuple[Any, int]] = {}
    # each frame: [container, path, pending key or None, key mark, anchor, start nodes]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    nodes = 0
    ScalarEvent, MappingStart, SequenceStart = (
        ev.ScalarEvent,
        ev.MappingStartEvent,
        ev.SequenceStartEvent,
    )
    MappingEnd, SequenceEnd, AliasEvent = ev.MappingEndEvent, ev.SequenceEndEvent, ev.AliasEvent
    DocumentStart = ev.DocumentStartEvent
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            kind = type(event)
            if kind is DocumentStart:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise LoadError(
                        "KC004",
                        _("the file holds more than one YAML document; one entry per file"),
                        mark.line + 1,
                        mark.column + 1,
                        hint=_("remove the '---' line and move the second entry to its own file"),
                    )
                continue
            if kind is MappingEnd or kind is SequenceEnd:
                frame = stack.pop()
                if frame[4] is not None:
                    anchors[frame[4]] = (frame[0], nodes - frame[5])
                continue
            if kind not in (ScalarEvent, MappingStart, SequenceStart, AliasEvent):
                continue
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            parent = stack[-1] if stack else None
            # a scalar (or anything) in key position of a mapping
            if parent is not None and parent[2] is None and type(parent[0]) is dict:
                if kind is not ScalarEvent or event.tag is not None:
                    raise LoadError(
                        "KC003",
                        _("a field name must be plain text, not a list, mapping or tagged value"),
                        line,
                        column,
                        hint=_("write field names as simple words, e.g. 'name:'"),
                    )
                key: Any = event.value
                if event.style == "":
                    try:
                        key = resolve_plain(key)
                    except NumberError as exc:
                        raise _number_error(exc, line, column) from None
                if not isinstance(key, str):
                    raise LoadError(
                        "KC003",
                        _("field name {value!r} is read as a {type_name}, not text").format(
                            value=event.value, type_name=_type_name(key)
                        ),
                        line,
                        column,
                        hint=_("put it in quotes: '{value}':").format(value=event.value),
                    )
                container = parent[0]
                if key in container:
                    first = keys.get((*parent[1], key), (0, 0)) if track else (0, 0)
                    raise LoadError(
                        "KC002",
                        _("field '{key}' appears twice (first at line {first})").format(
                            key=key, first=first[0]
                        ),
                        line,
                        column,
                        hint=_("keep one of the two; YAML would silently use only the last"),
                        related=(first,),
                    )
                parent[2] = key = intern(key)  # field names repeat in every file: share them
                if track:
                    keys[(*parent[1], key)] = (line, column)
                continue
            nodes += 1
            if nodes > limits.max_nodes:
                raise LoadError(
                    "KC007",
                    _("the file expands to more than {max_nodes} values").format(
                        max_nodes=format_number(limits.max_nodes)
                    ),
                    line,
                    column,
                    hint=_("remove repeated aliases (*name); an entry needs far fewer values"),
                )
            if not track:
                path: Path = ()
            elif parent is None:
                path = ()
            elif type(parent[0]) is dict:
                path = (*parent[1], parent[2])
            else:
                path = (*parent[1], len(parent[0]))
            tag = getattr(event, "tag", None)
            if tag is not None and kind is not AliasEvent:
                raise LoadError(
                    "KC009",
                    _("tags such as {tag!r} are not allowed in catalogue files").format(tag=tag),
                    line,
                    column,
                    hint=_("remove the '!' tag; write the value as plain text or a number"),
                )
            if kind is ScalarEvent:
                value: Any = event.value
                if event.style == "":
                    try:
                        value = resolve_plain(value)
                    except NumberError as exc:
                        raise _number_error(exc, line, column) from None
                    if (
                        type(value) is int
                        and notes is not None
                        and _LEADING_ZERO.match(event.value)
                    ):
                        notes.append(leading_zero_note(event.value, value, path, line, column))
                    if type(value) is str and len(value) <= _INTERN_MAX:
                        value = intern(value)  # ids, statuses, units repeat across files
                    if track and type(value) is str:
                        scalars[path] = (mark.index, event.end_mark.index, None)
                elif track:
                    scalars[path] = (mark.index, event.end_mark.index, event.style)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
            elif kind is AliasEvent:
                if event.anchor not in anchors:
                    raise LoadError(
                        "KC001",
                        _("alias *{anchor} refers to an anchor that is not complete here").format(
                            anchor=event.anchor
                        ),
                        line,
                        column,
                    )
                value, size = anchors[event.anchor]
                nodes += size
                if nodes > limits.max_nodes:
                    raise LoadError(
                        "KC007",
                        _("aliases expand the file to more than {max_nodes} values").format(
                            max_nodes=format_number(limits.max_nodes)
                        ),
                        line,
                        column,
                        hint=_("remove repeated aliases (*name); an entry needs far fewer values"),
                    )
            else:
                if len(stack) >= limits.max_depth:
                    raise LoadError(
                        "KC006",
                        _("values are nested more than {max_depth} levels deep").format(
                            max_depth=limits.max_depth
                        ),
                        line,
                        column,
                        hint=_("a catalogue entry needs only a few levels; flatten the structure"),
                    )
                value = {} if kind is MappingStart else []
                stack_frame = [value, path, None, None, event.anchor, nodes]
            if track:
                values[path] = (line, column)
            if parent is None:
                root = value
            elif type(parent[0]) is dict:
                parent[0][parent[2]] = value
                parent[2] = None
            else:
                parent[0].append(value)
            if kind is MappingStart or kind is SequenceStart:
                stack.append(stack_frame)
    finally:
        parser.dispose()
    if documents == 0 or (root is None and nodes == 0):
        raise EmptyLoadError(
            "KC001", _("the file is empty"), hint=_("use 'kpicat new' to write a skeleton")
        )
    return root, positions


def _number_error(exc: NumberError, line: int, column: int) -> LoadError:
    """A refused number as a LoadError at its position (rule KC021)."""
    return LoadError(
        "KC021",
        exc.message,
        line,
        column,
        hint=_(
            "use a larger unit (e.g. TEUR or Mio. EUR) for big amounts, or put the "
            "value in quotes if it is text"
        ),
    )


def _type_name(value: Any) -> str:
    if value is None:
        return _("empty value")
    if isinstance(value, bool):
        return _("true/false value")
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__
