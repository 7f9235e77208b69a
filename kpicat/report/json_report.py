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
    """Indented, with one line per diagnostic.

    ``json.dumps(..., indent=2)`` runs the standard library's pure-Python encoder;
    without ``indent`` it runs the C one: 25,000 diagnostics take 0.1 s instead of
    0.8 s. One line per diagnostic is also what a reader scrolls and greps best.
    """
    data = as_data(result)
    diagnostics = data.pop("diagnostics")
    head = json.dumps(data, ensure_ascii=False, indent=2)
    assert isinstance(diagnostics, list) and head.endswith("\n}")
    lines = ",\n    ".join(json.dumps(d, ensure_ascii=False) for d in diagnostics)
    body = f"[\n    {lines}\n  ]" if diagnostics else "[]"
    return f'{head[:-2]},\n  "diagnostics": {body}\n}}'
