"""Human-readable report: ``file:line:col: level CODE message``, grouped by file.

Lines are clickable in editors and terminals; colour is added with
click.style and stripped by click.echo when the output is not a terminal. File names and
messages carry contributor text and go through ``clean`` first: an escape sequence in a
file name or value would otherwise reach the reader's terminal (clear the screen, retitle
the window, fake a hyperlink), and click strips only colour codes, only off a terminal.
"""

from __future__ import annotations

import click

from kpicat.core.diagnostics import Diagnostic, Severity
from kpicat.core.escaping import clean
from kpicat.core.i18n import _
from kpicat.core.result import CheckResult
from kpicat.core.writing import plural

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def format_diagnostic(diag: Diagnostic) -> str:
    level = click.style(diag.severity.value, fg=_COLOURS[diag.severity], bold=True)
    where = click.style(f"{clean(diag.file)}:{diag.line}:{diag.column}:", bold=True)
    code = click.style(diag.code, fg="cyan")
    lines = [f"{where} {level} {code} {clean(diag.message)}"]
    for other in diag.related:
        lines.append(
            _("    see {file}:{line}:{column}").format(
                file=clean(other.file), line=other.line, column=other.column
            )
        )
    if diag.hint:
        lines.append(_("    hint: {hint}").format(hint=clean(diag.hint)))
    return "\n".join(lines)


def render(result: CheckResult) -> str:
    blocks: list[str] = []
    current = None
    for diag in result.diagnostics:
        if diag.file != current:
            if current is not None:
                blocks.append("")
            current = diag.file
        blocks.append(format_diagnostic(diag))
    if blocks:
        blocks.append("")
    entries = len(result.catalogue.entries)
    files = len({d.file for d in result.diagnostics})
    if result.errors or result.warnings:
        mark = click.style("✗" if result.errors else "!", fg="red" if result.errors else "yellow")
        counts = f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')}"
        blocks.append(
            _("{mark} {counts} in {count} ({count2} checked)").format(
                mark=mark,
                counts=counts,
                count=plural(files, "file"),
                count2=plural(entries, "entry"),
            )
        )
    else:
        blocks.append(
            click.style("✓", fg="green")
            + _(" {count} checked, no problems").format(count=plural(entries, "entry"))
        )
    return "\n".join(blocks)
