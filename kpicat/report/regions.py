"""Where a finding ends, and a fingerprint that does not move with it.

Code scanning and annotations underline a range, not a point; and GitHub
matches an alert across pushes by its ``partialFingerprints``, so those must
not contain line numbers: an unrelated line inserted above would otherwise
close the alert and open a new one.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kpicat.core.diagnostics import Diagnostic

_MAX_BYTES = 2_097_152  # beyond the loader's cap: nothing worth underlining
_POSITIONS = re.compile(r":\d+(?::\d+)?\b|\blines? \d+(?:, column \d+)?")


class LineIndex:
    """Lines of catalogue files, read once each, for end positions."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def lines(self, file: str) -> list[str]:
        if file not in self._lines:
            self._lines[file] = self._read(file)
        return self._lines[file]

    def _read(self, file: str) -> list[str]:
        path = self.root / file
        try:
            if not path.resolve().is_relative_to(self.root.resolve()) or path.is_symlink():
                return []
            if path.stat().st_size > _MAX_BYTES:
                return []
            return path.read_bytes().decode("utf-8", "replace").splitlines()
        except OSError:
            return []

    def end(self, file: str, line: int, column: int) -> tuple[int, int]:
        """The end (exclusive column) of the finding: the rest of its line, without
        trailing blanks or comment; at least one character."""
        line, column = max(1, line), max(1, column)
        lines = self.lines(file)
        text = lines[line - 1] if line <= len(lines) else ""
        rest = text[column - 1 :]
        if rest[:1] in ("'", '"'):
            close = rest.find(rest[0], 1)
            length = close + 1 if close > 0 else len(rest)
            return line, column + max(1, length)
        if " #" in rest:
            rest = rest[: rest.index(" #")]
        if any(bracket in text[: column - 1] for bracket in "{["):  # inside a flow collection
            rest = re.split(r"[,\]}]", rest, maxsplit=1)[0]
        return line, column + max(1, len(rest.rstrip()))


def fingerprint_key(diag: Diagnostic) -> str:
    """Rule, file, entry and message with positions taken out: stable when lines move."""
    message = _POSITIONS.sub("", diag.message)
    return "\0".join((diag.code, diag.file, diag.entry or "", message))


def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """One fingerprint per diagnostic, in order; equal findings get #2, #3 in file order."""
    seen: dict[str, int] = {}
    out = []
    for diag in diagnostics:
        digest = hashlib.sha256(fingerprint_key(diag).encode("utf-8", "replace")).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest[:32]}:{seen[digest]}")
    return out
