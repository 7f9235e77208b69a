"""Run every enabled rule and turn findings into positioned diagnostics."""

from __future__ import annotations

from collections.abc import Iterable

from kpicat.core.diagnostics import Diagnostic, Location, Severity
from kpicat.core.i18n import _
from kpicat.infra.parallel import can_fork, in_parallel
from kpicat.model import Entry
from kpicat.rules.context import Context, Finding
from kpicat.rules.registry import REGISTRY, Rule, all_rules, lookup

UNUSED_SUPPRESSION = "KC502"


def rule_levels(overrides: dict[str, str]) -> dict[str, str]:
    """Effective level per code: the rule's default, then kpicat.yaml."""
    levels = {r.code: r.level for r in all_rules()}
    for key, level in overrides.items():
        found = lookup(key)
        if found is not None:
            levels[found.code] = level
    return levels


def to_diagnostic(rule: Rule, finding: Finding, severity: Severity) -> Diagnostic:
    """Resolve a finding's path to the file, line and column users open."""
    entry = finding.entry
    if entry is None:
        file, line, column, entry_id = finding.file or "", finding.line, finding.column, None
    else:
        file, entry_id = entry.file, entry.id
        if finding.offset is not None:
            line, column = entry.doc.offset_position(finding.path, finding.offset)
        else:
            line, column = entry.position(finding.path, key=finding.at_key)
    related = tuple(
        Location(other.file, *other.position(path), entry=other.id)
        for other, path in finding.related
    ) + tuple(Location(file, line_, column_) for line_, column_ in finding.also_at)
    return Diagnostic(
        code=rule.code,
        severity=severity,
        message=finding.message,
        file=file,
        line=line,
        column=column,
        entry=entry_id,
        hint=finding.hint,
        rule=rule.name,
        related=related,
    )


Work = tuple[list[Rule], list[Entry], list[Rule]]


def run_rules(ctx: Context, levels: dict[str, str]) -> list[Diagnostic]:
    """Every rule over the catalogue, honouring levels and per-entry suppressions.

    Large catalogues run half the work in a forked child (kpicat/parallel.py):
    entry rules over half of the entries, and catalogue rules balanced by
    their declared cost. The result is the same list either way.
    """
    enabled = [
        r for r in all_rules() if r.func is not None and levels.get(r.code, r.level) != "off"
    ]
    entry_rules = [r for r in enabled if r.scope == "entry"]
    whole = sorted((r for r in enabled if r.scope != "entry"), key=lambda r: -r.cost)
    entries = ctx.catalogue.entries
    if not can_fork(len(entries)):
        diagnostics, used = _run(ctx, levels, (entry_rules, entries, whole))
    else:
        half = len(entries) // 2
        shares: list[list[Rule]] = [[], []]
        load = [sum(r.cost for r in entry_rules) / 2] * 2
        for rule in whole:
            lighter = 0 if load[0] <= load[1] else 1
            shares[lighter].append(rule)
            load[lighter] += rule.cost
        (diagnostics, used), (more, more_used) = in_parallel(
            lambda: _run(ctx, levels, (entry_rules, entries[:half], shares[0])),
            lambda: _run(ctx, levels, (entry_rules, entries[half:], shares[1])),
        )
        diagnostics += more
        used |= more_used
    diagnostics.extend(unused_suppressions(entries, used, levels))
    return diagnostics


def _run(
    ctx: Context, levels: dict[str, str], work: Work
) -> tuple[list[Diagnostic], set[tuple[str, str]]]:
    """Entry rules over some entries, then some catalogue rules."""
    entry_rules, entries, whole = work
    diagnostics: list[Diagnostic] = []
    used: set[tuple[str, str]] = set()
    for rule in entry_rules:
        assert rule.func is not None
        for entry in entries:
            if rule.kinds and entry.kind not in rule.kinds:
                continue
            for finding in rule.func(entry, ctx):
                diag = emit(rule, finding, levels, used)
                if diag is not None:
                    diagnostics.append(diag)
    for rule in whole:
        assert rule.func is not None
        for finding in rule.func(ctx):
            diag = emit(rule, finding, levels, used)
            if diag is not None:
                diagnostics.append(diag)
    return diagnostics, used


def emit(
    rule: Rule, finding: Finding, levels: dict[str, str], used: set[tuple[str, str]]
) -> Diagnostic | None:
    """A diagnostic for the finding, or None when its level is off or suppressed."""
    code = finding.code or rule.code
    actual = REGISTRY.get(code, rule)
    level = levels.get(code, actual.level)
    if level == "off":
        return None
    entry = finding.entry
    if entry is not None and code in entry.suppressed():
        used.add((entry.id, code))
        return None
    return to_diagnostic(actual, finding, Severity(level))


def emit_all(findings: Iterable[Finding], levels: dict[str, str]) -> list[Diagnostic]:
    """Findings made outside rule functions (files that never became entries, kpicat.yaml).

    They go through the same levels as every rule's findings, so ``rules: {KC018: off}``
    silences strays just as ``KC401: off`` silences orphans.
    """
    used: set[tuple[str, str]] = set()
    out = []
    for finding in findings:
        assert finding.code is not None, "a finding outside a rule names its code"
        diag = emit(REGISTRY[finding.code], finding, levels, used)
        if diag is not None:
            out.append(diag)
    return out


def unused_suppressions(
    entries: Iterable[Entry], used: set[tuple[str, str]], levels: dict[str, str]
) -> list[Diagnostic]:
    """A suppression that hides nothing is noise that outlives its reason."""
    rule = REGISTRY[UNUSED_SUPPRESSION]
    level = levels.get(rule.code, rule.level)
    if level == "off":
        return []
    found = []
    for entry in entries:
        for code in entry.suppressed():
            if (entry.id, code) in used:
                continue
            known = lookup(code)
            message = (
                _("lint.ignore suppresses {code}, but {code} finds nothing in this entry").format(
                    code=code
                )
                if known
                else _("lint.ignore names {code}, which is not a kpicat rule").format(code=code)
            )
            finding = Finding(
                entry,
                ("lint", "ignore", code),
                message,
                hint=_("remove the suppression (see 'kpicat rules' for the codes)"),
                at_key=True,
            )
            found.append(to_diagnostic(rule, finding, Severity(level)))
    return found
