"""A loaded YAML file: its data and where each piece of it stands in the file.

Rules only ever see plain data; when they report, they ask the position index
for the line and column of a path such as ``("type", "nature")``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(slots=True)
class Positions:
    """1-based line/column of every key and value, keyed by data path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # start index, end index and style of each scalar, for positions inside it
    scalars: dict[Path, tuple[int, int, str | None]] = field(default_factory=dict)

    def value(self, path: Path) -> tuple[int, int]:
        """Where the value at ``path`` starts, or its nearest known ancestor."""
        path = tuple(path)
        while path:
            pos = self.values.get(path)
            if pos is not None:
                return pos
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key(self, path: Path) -> tuple[int, int]:
        """Where the key of ``path`` stands (falls back to the value)."""
        pos = self.keys.get(tuple(path))
        return pos if pos is not None else self.value(path)


@dataclass(frozen=True, slots=True)
class Note:
    """Something the loader read without complaint but a reader should hear about.

    The value loaded fine (it is not a LoadError), yet it may not mean what it says
    to every tool: ``017`` is 17 to kpicat and 15 to PyYAML. A rule turns each note
    into a finding (``code`` names it), so levels and ``lint.ignore`` apply.
    """

    code: str
    message: str
    path: Path
    line: int
    column: int
    hint: str | None = None


@dataclass(slots=True)
class Document:
    """One catalogue file after strict loading.

    A clean catalogue needs almost no positions, so loading skips them and a
    document rebuilds its index from its bytes the first time a rule reports
    (or a loader error needs them): less memory, less time, same answers.
    A released document (:meth:`release`) has let go of its bytes as well and
    reads them again for that.
    """

    path: str
    data: Any
    _positions: Positions | None
    _raw: bytes = b""  # kept as bytes: half the memory of str for German text
    notes: tuple[Note, ...] = ()  # warnings from loading, with their positions
    _source: Callable[[], bytes] | None = field(default=None, repr=False)

    @property
    def raw(self) -> bytes:
        """The file's bytes: as loaded, or read again once the document is released.

        A released file that is gone or unreadable by then reads as empty, so its
        findings stand at line 1 instead of failing the check; one edited since stands
        where its new text puts them (the data stays what was checked).
        """
        if self._source is None:
            return self._raw
        try:
            return self._source()
        except (OSError, LoadError):
            return b""

    @property
    def text(self) -> str:
        from kpicat.load.strict_yaml import decode

        try:
            return decode(self.raw)
        except LoadError:  # only a released file, edited into invalid UTF-8 since
            return ""

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            from kpicat.load.strict_yaml import rebuild_positions

            try:
                self._positions = rebuild_positions(self.text)
            except yaml.YAMLError:  # a released file, edited into broken YAML since
                if self._source is None:
                    raise
                self._positions = Positions()
        return self._positions

    @property
    def released(self) -> bool:
        return self._source is not None

    def release(self, data: Any, source: Callable[[], bytes]) -> None:
        """Keep only ``data`` (what is still to be read of the file) and a way to read
        the bytes again, instead of the bytes and positions (a lean check, which holds
        10,000 files at once: docs/dev/performance.md)."""
        self.data = data
        self._raw = b""
        self._positions = None
        self._source = source

    def offset_position(self, path: Path, offset: int) -> tuple[int, int]:
        """File line/column of character ``offset`` inside the string at ``path``.

        Works for every scalar style (plain, quoted, literal and folded block
        scalars) by pairing the non-blank characters of the value with those of
        its source text, which YAML folding and indentation never change.
        """
        path = tuple(path)
        span = self.positions.scalars.get(path)
        value = value_at(self.data, path)
        if span is None or not isinstance(value, str):
            return self.positions.value(path)
        text = self.text
        start, end, style = span
        source = text[start:end]
        skip = 0
        if style in ("|", ">"):
            newline = source.find("\n")
            skip = newline + 1 if newline >= 0 else len(source)
        elif style in ("'", '"'):
            skip = 1
        wanted = sum(1 for ch in value[: max(0, offset)] if not ch.isspace())
        # if the offset itself points at blank space, land on the next character
        index = start + skip
        seen = 0
        while index < end:
            ch = text[index]
            if not ch.isspace():
                if seen == wanted:
                    break
                seen += 1
            index += 1
        return _line_col(text, index)


def value_at(data: Any, path: Path) -> Any:
    """The value at a data path, or None where the path does not exist."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


class EmptyFileError(Exception):
    """Marker mixed into the LoadError for a file with no YAML content at all."""


class LoadError(Exception):
    """A file that cannot become data; carries the rule code and position."""

    def __init__(
        self,
        code: str,
        message: str,
        line: int = 1,
        column: int = 1,
        hint: str | None = None,
        related: tuple[tuple[int, int], ...] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.related = related
