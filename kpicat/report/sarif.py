"""SARIF 2.1.0 for code scanning, as GitHub documents it: findings become alerts.

GitHub's upload-sarif action matches results to files by repository-relative
URI (percent-encoded), tracks an alert across pushes by ``partialFingerprints``
(no line numbers in them, see report.regions), shows ``help.markdown`` and
links ``helpUri``, cuts ``fullDescription`` at 1,024 characters and reads a
rule's ``problem.severity``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kpicat import __version__
from kpicat.core.diagnostics import Diagnostic, Location, Severity
from kpicat.core.i18n import _
from kpicat.core.install import project_url
from kpicat.core.result import CheckResult
from kpicat.infra.git import repository_prefix
from kpicat.load.address import site_address
from kpicat.report.regions import LineIndex, fingerprints
from kpicat.rules.registry import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "SRCROOT"
FINGERPRINT = "kpicatFinding/v1"
# The rules page of the generated site (kpicat.site.paths.RULES with directory URLs;
# a test keeps the two equal: the report layer must not import the site).
RULES_PAGE = "regeln/"
DESCRIPTION_LIMIT = 1024
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_DEFAULT_LEVEL = {"error": "error", "warning": "warning", "off": "none"}
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "off": "recommendation"}


def artifact_uri(path: str) -> str:
    """A relative URI reference: spaces, '%' and '#' percent-encoded, '/' kept."""
    return quote(path, safe="/")


def site_url(result: CheckResult) -> str | None:
    """``site.url`` from kpicat.yaml, else ``site_url`` from mkdocs.yml next to it."""
    return site_address(result.root, result.catalogue.config)


def _cut(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _location(
    file: str, line: int, column: int, prefix: str, lines: LineIndex | None
) -> dict[str, Any]:
    start_line, start_column = max(1, line), max(1, column)
    region: dict[str, Any] = {"startLine": start_line, "startColumn": start_column}
    if lines is not None:
        region["endLine"], region["endColumn"] = lines.end(file, start_line, start_column)
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(prefix + file), "uriBaseId": BASE_ID},
            "region": region,
        }
    }


def rule_descriptors(
    base_url: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One descriptor per registered code, and each code's index in that list."""
    descriptors = []
    index: dict[str, int] = {}
    for position, rule in enumerate(all_rules()):
        index[rule.code] = position
        summary = rule.local_summary() or rule.name
        doc = rule.local_doc() or summary
        descriptor: dict[str, Any] = {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": _cut(summary)},
            "fullDescription": {"text": _cut(doc)},
            "help": {
                "text": doc,
                "markdown": f"**{rule.code} {rule.name}**: {summary}\n\n{doc}",
            },
            "defaultConfiguration": {"level": _DEFAULT_LEVEL.get(rule.level, "warning")},
            "properties": {
                "group": rule.group,
                "tags": ["kpicat", rule.group],
                "problem.severity": _PROBLEM_SEVERITY.get(rule.level, "warning"),
            },
        }
        if base_url:
            descriptor["helpUri"] = f"{base_url}/{RULES_PAGE}#{rule.code.lower()}"
        descriptors.append(descriptor)
    return descriptors, index


def _result(
    diag: Diagnostic, index: dict[str, int], prefix: str, lines: LineIndex, fingerprint: str
) -> dict[str, Any]:
    message = diag.message + (_("\nhint: {hint}").format(hint=diag.hint) if diag.hint else "")
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "level": _LEVEL[diag.severity],
        "message": {"text": message},
        "locations": [_location(diag.file, diag.line, diag.column, prefix, lines)],
        "partialFingerprints": {FINGERPRINT: fingerprint},
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
    location = _location(other.file, other.line, other.column, prefix, None)
    location["id"] = number
    location["message"] = {"text": _("see {value}").format(value=other.entry or other.file)}
    return location


def as_data(result: CheckResult, prefix: str | None = None) -> dict[str, Any]:
    if prefix is None:
        prefix = repository_prefix(result.root)
    rules, index = rule_descriptors(site_url(result))
    lines = LineIndex(Path(result.root))
    prints = fingerprints(result.diagnostics)
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
                        **({"informationUri": url} if (url := project_url()) else {}),
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    BASE_ID: {"description": {"text": _("The repository root.")}}
                },
                "results": [
                    _result(d, index, prefix, lines, fp)
                    for d, fp in zip(result.diagnostics, prints, strict=True)
                ],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render(result: CheckResult) -> str:
    return json.dumps(as_data(result), ensure_ascii=False, indent=2)
