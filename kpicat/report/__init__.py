"""Reporters: one module per output format, all reading the same CheckResult."""

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


def register(name: str, func: Callable[[CheckResult], str]) -> None:
    """Formats added by later modules (sarif, markdown) plug in here."""
    REPORTERS[name] = func
