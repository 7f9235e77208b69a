"""GitHub Actions workflow commands: annotations on the pull request's files.

GitHub shows at most 10 error and 10 warning annotations per step (50 per
job), so we annotate the first ones and print every finding, grouped by
file, into the log, where nothing is cut.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import groupby

from kpicat.core.diagnostics import Diagnostic, Severity
from kpicat.core.escaping import clean
from kpicat.core.i18n import _
from kpicat.core.result import CheckResult
from kpicat.core.writing import plural
from kpicat.report.regions import LineIndex

MAX_PER_LEVEL = 10
_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Workflow-command data; control characters (terminal escapes) removed first, since
    the runner's log shows ANSI sequences."""
    return clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diag: Diagnostic, lines: LineIndex | None = None) -> str:
    """One workflow command; with ``lines``, the underlined range ends where the value does."""
    end = [f"endLine={diag.line}"]
    if lines is not None:
        end_line, end_column = lines.end(diag.file, diag.line, diag.column)
        end = [f"endLine={end_line}", f"endColumn={end_column}"]
    props = ",".join(
        [
            f"file={escape_property(diag.file)}",
            f"line={diag.line}",
            *end[:1],
            f"col={diag.column}",
            *end[1:],
            f"title={escape_property(f'{diag.code} {diag.rule}'.strip())}",
        ]
    )
    message = diag.message + (_("\nhint: {hint}").format(hint=diag.hint) if diag.hint else "")
    return f"::{_COMMAND[diag.severity]} {props}::{escape_data(message)}"


def _log_line(text: str) -> str:
    """One plain log line: newlines folded, no control characters, no '::' that the runner
    could read as a command."""
    flat = " ".join(clean(text.replace("\r", "\n")).split("\n"))
    while "::" in flat:
        flat = flat.replace("::", ": :")
    return flat


def render(result: CheckResult, changed: Collection[str] | None = None) -> str:
    """Annotations (errors first; with ``changed``, findings in those files before the rest,
    so the few GitHub shows are the ones the pull request made), then the full log."""
    lines: list[str] = []
    shown = dict.fromkeys(Severity, 0)
    index = LineIndex(result.root)
    touched = changed or ()

    def order(d: Diagnostic) -> tuple[int, int, tuple[str, int, int, str, str]]:
        return (d.severity.rank, 0 if d.file in touched else 1, d.sort_key())

    for diag in sorted(result.diagnostics, key=order):
        if shown[diag.severity] < MAX_PER_LEVEL:
            shown[diag.severity] += 1
            lines.append(annotation(diag, index))
    for file, group in groupby(result.diagnostics, key=lambda d: d.file):
        # Only workflow commands are %-escaped; log lines are shown as written, except
        # that a line must not start a command ('::') or break out of the group.
        lines.append(f"::group::{_log_line(file)}")
        for diag in group:
            where = f"{diag.file}:{diag.line}:{diag.column}"
            lines.append(_log_line(f"{where}: {diag.severity.value} {diag.code} {diag.message}"))
        lines.append("::endgroup::")
    hidden = len(result.diagnostics) - sum(shown.values())
    summary = "kpicat: {errors}, {warnings}".format(
        errors=plural(result.errors, "error"), warnings=plural(result.warnings, "warning")
    )
    if hidden:
        summary += _(
            " ({hidden} more in the log above; GitHub shows {MAX_PER_LEVEL} annotations per level)"
        ).format(hidden=hidden, MAX_PER_LEVEL=MAX_PER_LEVEL)
    lines.append(summary)
    return "\n".join(lines)
