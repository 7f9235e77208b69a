"""Reporters: one module per output format, all reading the same CheckResult.

This registry is the one list of formats: ``kpicat check --format`` offers exactly its keys.
Every format names files relative to the git repository's top, whatever folder the
catalogue is in, so GitHub annotations, SARIF and editors all point at the same file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from kpicat.core.diagnostics import Diagnostic
from kpicat.core.result import CheckResult
from kpicat.infra.git import repository_prefix
from kpicat.report import github, json_report, markdown, sarif, text


def from_repository_root(result: CheckResult) -> tuple[CheckResult, str]:
    """The result with every file named from the repository's top, and the prefix added.

    A catalogue at the top of its repository (or outside git) is returned unchanged.
    """
    prefix = repository_prefix(result.root)
    if not prefix:
        return result, ""
    top = Path(result.root)
    for _ in Path(prefix).parts:
        top = top.parent

    def moved(diag: Diagnostic) -> Diagnostic:
        related = tuple(dataclasses.replace(r, file=prefix + r.file) for r in diag.related)
        return dataclasses.replace(diag, file=prefix + diag.file, related=related)

    rooted = dataclasses.replace(
        result, root=top, diagnostics=[moved(d) for d in result.diagnostics]
    )
    return rooted, prefix


def _rooted(render: Callable[[CheckResult], str]) -> Callable[[CheckResult], str]:
    def run(result: CheckResult) -> str:
        return render(from_repository_root(result)[0])

    run.__doc__ = render.__doc__
    return run


REPORTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": _rooted(text.render),
    "json": _rooted(json_report.render),
    "github": _rooted(github.render),
    "sarif": _rooted(sarif.render),
    "markdown": _rooted(markdown.render),
}
FORMATS = tuple(REPORTERS)
