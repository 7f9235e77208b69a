"""Machine-readable report in the contract's shape (version 1).

Described by kpicat/schemas/check-report.schema.json; see docs/interop.md for the
compatibility policy of ``version``.
"""

from __future__ import annotations

import json

from kpicat import __version__
from kpicat.core.diagnostics import summarise
from kpicat.core.result import CheckResult


def as_data(result: CheckResult) -> dict[str, object]:
    return {
        "version": 1,
        "kpicat_version": __version__,
        "summary": summarise(result.diagnostics, result.files, len(result.catalogue.entries)),
        "diagnostics": [d.to_json() for d in result.diagnostics],
    }


def render(result: CheckResult) -> str:
    return json.dumps(as_data(result), ensure_ascii=False, indent=2)
