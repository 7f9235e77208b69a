"""Markdown report of ``kpicat check`` for pull-request comments and step summaries.

A summary first, then one table per file. Messages quote catalogue text, so
every cell is escaped: a contributor cannot inject links, HTML or mentions.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from kpicat.core.diagnostics import Severity
from kpicat.core.escaping import md_code, md_escape
from kpicat.core.result import CheckResult
from kpicat.core.writing import MARKDOWN_LIMIT, append_within, plural

_ICON = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟡 warning", Severity.INFO: "🔵 info"}


def render(result: CheckResult) -> str:
    entries = len(result.catalogue.entries)
    files = len({d.file for d in result.diagnostics})
    lines = ["### kpicat check", ""]
    if result.errors:
        lines.append(
            f"**🔴 {plural(result.errors, 'error')}, {plural(result.warnings, 'warning')}** "
            f"in {plural(files, 'file')} ({entries} entries checked)."
        )
    elif result.warnings:
        lines.append(
            f"**🟡 {plural(result.warnings, 'warning')}** in {plural(files, 'file')} "
            f"({entries} entries checked)."
        )
    else:
        lines.append(f"**🟢 {entries} entries checked, no problems.**")
    left_out = append_within(lines, _file_blocks(result), MARKDOWN_LIMIT - 500)
    if left_out:
        lines += [
            "",
            f"*{plural(left_out, 'more file')} not shown to stay within GitHub's size limit; "
            "run `kpicat check` for the full list.*",
        ]
    return "\n".join(lines) + "\n"


def _file_blocks(result: CheckResult) -> Iterator[str]:
    """One Markdown table per file."""
    for file, group in groupby(result.diagnostics, key=lambda d: d.file):
        block = [
            "",
            f"#### {md_code(file)}",
            "",
            "| Line | Level | Rule | Message |",
            "|---:|---|---|---|",
        ]
        for diag in group:
            message = md_escape(diag.message, 300)
            if diag.hint:
                message += f"<br>*hint:* {md_escape(diag.hint, 200)}"
            block.append(
                f"| {diag.line}:{diag.column} | {_ICON[diag.severity]} "
                f"| `{diag.code}` {md_escape(diag.rule)} | {message} |"
            )
        yield "\n".join(block)
