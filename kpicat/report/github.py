"""GitHub Actions workflow commands: annotations on the pull request's files.

GitHub shows at most 10 error and 10 warning annotations per step (50 per
job), so we annotate the first ones and print every finding, grouped by
file, into the log, where nothing is cut.
"""

from __future__ import annotations

from itertools import groupby

from kpicat.core.diagnostics import Diagnostic, Severity
from kpicat.core.result import CheckResult

MAX_PER_LEVEL = 10
_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diag: Diagnostic) -> str:
    props = ",".join(
        [
            f"file={escape_property(diag.file)}",
            f"line={diag.line}",
            f"col={diag.column}",
            f"title={escape_property(f'{diag.code} {diag.rule}'.strip())}",
        ]
    )
    message = diag.message + (f"\nhint: {diag.hint}" if diag.hint else "")
    return f"::{_COMMAND[diag.severity]} {props}::{escape_data(message)}"


def render(result: CheckResult) -> str:
    lines: list[str] = []
    shown = dict.fromkeys(Severity, 0)
    for diag in sorted(result.diagnostics, key=lambda d: (d.severity.rank, d.sort_key())):
        if shown[diag.severity] < MAX_PER_LEVEL:
            shown[diag.severity] += 1
            lines.append(annotation(diag))
    for file, group in groupby(result.diagnostics, key=lambda d: d.file):
        lines.append(f"::group::{escape_data(file)}")
        for diag in group:
            where = f"{diag.file}:{diag.line}:{diag.column}"
            text = f"{where}: {diag.severity.value} {diag.code} {diag.message}"
            lines.append(escape_data(text).replace("::", ": :"))
        lines.append("::endgroup::")
    hidden = len(result.diagnostics) - sum(shown.values())
    summary = f"kpicat: {result.errors} errors, {result.warnings} warnings"
    if hidden:
        summary += (
            f" ({hidden} more in the log above; GitHub shows {MAX_PER_LEVEL} annotations per level)"
        )
    lines.append(summary)
    return "\n".join(lines)
