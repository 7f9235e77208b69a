"""The one shape every finding takes, from the YAML loader to the last rule.

Keeping a single record type lets every reporter (text, json, github, sarif,
markdown) treat loader errors, schema errors and rule findings alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is; errors fail ``kpicat check``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a catalogue file, 1-based like editors and compilers."""

    file: str
    line: int
    column: int
    entry: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: what is wrong, where, and how to fix it."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    entry: str | None = None
    hint: str | None = None
    rule: str = ""
    related: tuple[Location, ...] = field(default=())

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "entry": self.entry,
        }
        if self.hint:
            data["hint"] = self.hint
        if self.related:
            data["related"] = [
                {"file": r.file, "line": r.line, "column": r.column, "entry": r.entry}
                for r in self.related
            ]
        return data


def freeze_diagnostic(d: Diagnostic) -> tuple[Any, ...]:
    """A diagnostic as plain values (for the check cache: marshal writes no objects)."""
    related = tuple((r.file, r.line, r.column, r.entry) for r in d.related)
    return (
        d.code, d.severity.value, d.message, d.file, d.line, d.column, d.entry, d.hint,
        d.rule, related,
    )  # fmt: skip


def thaw_diagnostic(t: tuple[Any, ...]) -> Diagnostic:
    """What :func:`freeze_diagnostic` made; TypeError or ValueError for another shape."""
    code, severity, message, file, line, column, entry, hint, rule, related = t
    return Diagnostic(
        code=code,
        severity=Severity(severity),
        message=message,
        file=file,
        line=line,
        column=column,
        entry=entry,
        hint=hint,
        rule=rule,
        related=tuple(Location(*r) for r in related),
    )


def summarise(diagnostics: list[Diagnostic], files: int, entries: int) -> dict[str, int]:
    """Counts shared by every reporter's summary line."""
    counts = {s.value: 0 for s in Severity}
    for diag in diagnostics:
        counts[diag.severity.value] += 1
    return {
        "files": files,
        "entries": entries,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
    }
