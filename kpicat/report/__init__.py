"""Reporters: one module per output format, all reading the same CheckResult.

This registry is the one list of formats: ``kpicat check --format`` offers exactly its keys.
"""

from __future__ import annotations

from collections.abc import Callable

from kpicat.core.result import CheckResult
from kpicat.report import github, json_report, markdown, sarif, text

REPORTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "sarif": sarif.render,
    "markdown": markdown.render,
}
FORMATS = tuple(REPORTERS)
