"""Markdown report of ``kpicat check`` for pull-request comments and step summaries.

A summary first, then one table per file. Messages quote catalogue text, so
every cell is escaped: a contributor cannot inject links, HTML or mentions.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from kpicat.core.diagnostics import Severity
from kpicat.core.escaping import md_code, md_escape
from kpicat.core.i18n import N_, _
from kpicat.core.result import CheckResult
from kpicat.core.writing import MARKDOWN_LIMIT, append_within, plural

_ICON = {
    Severity.ERROR: N_("🔴 error"),
    Severity.WARNING: N_("🟡 warning"),
    Severity.INFO: N_("🔵 info"),
}


def render(result: CheckResult) -> str:
    entries = len(result.catalogue.entries)
    files = len({d.file for d in result.diagnostics})
    lines = [_("### kpicat check"), ""]
    if result.errors:
        lines.append(
            _("**🔴 {count}, {count2}** in {count3} ({entries} checked).").format(
                count=plural(result.errors, "error"),
                count2=plural(result.warnings, "warning"),
                count3=plural(files, "file"),
                entries=plural(entries, "entry"),
            )
        )
    elif result.warnings:
        lines.append(
            _("**🟡 {count}** in {count2} ({entries} checked).").format(
                count=plural(result.warnings, "warning"),
                count2=plural(files, "file"),
                entries=plural(entries, "entry"),
            )
        )
    else:
        lines.append(
            _("**🟢 {entries} checked, no problems.**").format(entries=plural(entries, "entry"))
        )
    left_out = append_within(lines, _file_blocks(result), MARKDOWN_LIMIT - 500)
    if left_out:
        lines += [
            "",
            _(
                "*{count} not shown to stay within GitHub's size limit; run `kpicat "
                "check` for the full list.*"
            ).format(count=plural(left_out, "more file")),
        ]
    return "\n".join(lines) + "\n"


def _file_blocks(result: CheckResult) -> Iterator[str]:
    """One Markdown table per file."""
    for file, group in groupby(result.diagnostics, key=lambda d: d.file):
        block = [
            "",
            f"#### {md_code(file)}",
            "",
            _("| Line | Level | Rule | Message |"),
            "|---:|---|---|---|",
        ]
        for diag in group:
            message = md_escape(diag.message, 300)
            if diag.hint:
                message += _("<br>*hint:* {md_escape}").format(md_escape=md_escape(diag.hint, 200))
            block.append(
                f"| {diag.line}:{diag.column} | {_(_ICON[diag.severity])} "
                f"| `{diag.code}` {md_escape(diag.rule)} | {message} |"
            )
        yield "\n".join(block)
