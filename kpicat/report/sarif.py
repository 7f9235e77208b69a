"""SARIF 2.1.0 for code scanning: findings become alerts on the pull request.

GitHub's upload-sarif action matches results to files by repository-relative
URI, so paths are made relative to the repository root (the catalogue may sit
in a subfolder) and the rule table carries every code with its documentation.
"""

from __future__ import annotations

import json
from typing import Any

from kpicat import __version__
from kpicat.core.diagnostics import Diagnostic, Location, Severity
from kpicat.core.result import CheckResult
from kpicat.infra.git import repository_prefix
from kpicat.rules.registry import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "SRCROOT"
INFORMATION_URI = "https://github.com/example-org/kpicat"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_DEFAULT_LEVEL = {"error": "error", "warning": "warning", "off": "none"}


def _location(file: str, line: int, column: int, prefix: str) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": prefix + file, "uriBaseId": BASE_ID},
            "region": {"startLine": max(1, line), "startColumn": max(1, column)},
        }
    }


def rule_descriptors() -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One descriptor per registered code, and each code's index in that list."""
    descriptors = []
    index: dict[str, int] = {}
    for position, rule in enumerate(all_rules()):
        index[rule.code] = position
        descriptors.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary or rule.name},
                "fullDescription": {"text": rule.doc or rule.summary or rule.name},
                "help": {"text": rule.doc or rule.summary or rule.name},
                "defaultConfiguration": {"level": _DEFAULT_LEVEL.get(rule.level, "warning")},
                "properties": {"group": rule.group, "tags": ["kpicat", rule.group]},
            }
        )
    return descriptors, index


def _result(diag: Diagnostic, index: dict[str, int], prefix: str) -> dict[str, Any]:
    message = diag.message + (f"\nhint: {diag.hint}" if diag.hint else "")
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "level": _LEVEL[diag.severity],
        "message": {"text": message},
        "locations": [_location(diag.file, diag.line, diag.column, prefix)],
    }
    if diag.code in index:
        result["ruleIndex"] = index[diag.code]
    if diag.related:
        result["relatedLocations"] = [
            _related(i, other, prefix) for i, other in enumerate(diag.related)
        ]
    if diag.entry:
        result["properties"] = {"entry": diag.entry}
    return result


def _related(number: int, other: Location, prefix: str) -> dict[str, Any]:
    location = _location(other.file, other.line, other.column, prefix)
    location["id"] = number
    location["message"] = {"text": f"see {other.entry or other.file}"}
    return location


def as_data(result: CheckResult, prefix: str | None = None) -> dict[str, Any]:
    if prefix is None:
        prefix = repository_prefix(result.root)
    rules, index = rule_descriptors()
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kpicat",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {BASE_ID: {"description": {"text": "The repository root."}}},
                "results": [_result(d, index, prefix) for d in result.diagnostics],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render(result: CheckResult) -> str:
    return json.dumps(as_data(result), ensure_ascii=False, indent=2)
