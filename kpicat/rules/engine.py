"""Run every enabled rule and turn findings into positioned diagnostics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from kpicat import formula as fx
from kpicat.core.config import Config
from kpicat.core.diagnostics import (
    Diagnostic,
    Location,
    Severity,
    freeze_diagnostic,
    thaw_diagnostic,
)
from kpicat.core.i18n import _
from kpicat.infra.parallel import can_fork, in_parallel
from kpicat.model import Entry, keep_plan
from kpicat.model.entries import Keep
from kpicat.rules.context import Context, Finding, LocalContext
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


Work = tuple[list[Rule], list[Entry], list[Rule]]  # entry rules, their entries, catalogue rules
Kept = dict[bytes, tuple[tuple[Any, ...], tuple[str, ...]]]  # file key: diagnostics, used
Share = tuple[list[Diagnostic], set[tuple[str, str]], dict[str, Any]]
LOCAL_MEMO = "local-rules"
CANONICAL_MEMO = "canonical-formulas"  # formula text -> canonical spelling (KC301, KC409)
TREES_MEMO = "formula-trees"  # formula text -> its parse tree, as plain data


def enabled_rules(levels: dict[str, str]) -> list[Rule]:
    """The rules that run: those with a function whose level is not ``off``."""
    return [r for r in all_rules() if r.func is not None and levels.get(r.code, r.level) != "off"]


ENGINE_READS = ("id", "lint")  # what the engine itself reads of every entry: suppressions


@dataclass
class LocalPass:
    """The local rules, run on each entry as its file is loaded, in the process loading it.

    ``kept``: their diagnostics from the previous check (the warm cache), by file key,
    reused for files whose bytes did not change; ``remember``: keep this check's for the
    next one (in ``fresh``). ``lean``: afterwards an entry keeps only ``keep``, the fields
    the other rules read (Entry.slim), so loading never has every file's long texts in
    memory at once.
    """

    config: Config
    today: dt.date
    levels: dict[str, str]
    lean: bool = True
    kept: Kept = field(default_factory=dict)
    remember: bool = False
    rules: list[Rule] = field(init=False)
    keep: Keep = field(init=False)
    found: list[Diagnostic] = field(default_factory=list)
    used: set[tuple[str, str]] = field(default_factory=set)
    fresh: Kept = field(default_factory=dict)
    view: LocalContext = field(init=False)

    def __post_init__(self) -> None:
        enabled = enabled_rules(self.levels)
        self.rules = [r for r in enabled if r.local]
        self.keep = keep_plan(
            (*ENGINE_READS, *(name for r in enabled if not r.local for name in r.reads))
        )
        self.begin(0)

    def begin(self, files: int) -> None:
        """``files`` are about to load: the schema rule chooses how to compute by it."""
        self.view = LocalContext(self.config, self.today, files)

    def run(
        self, entry: Entry, key: bytes = b"", fresh: Kept | None = None
    ) -> tuple[list[Diagnostic], tuple[str, ...]]:
        """The local rules' diagnostics of one entry, and the suppressions they used.

        ``key``: the file's cache key (its path and bytes); with ``fresh``, what to keep
        for the next check is added there.
        """
        reused = _reuse(self.kept.get(key)) if self.kept else None
        found, codes = (
            reused if reused is not None else _local(self.rules, entry, self.view, self.levels)
        )
        if fresh is not None:
            fresh[key] = (tuple(freeze_diagnostic(d) for d in found), tuple(sorted(codes)))
        return found, codes


def kept_local(memo: dict[str, Any], today: dt.date) -> Kept:
    """Local rules' diagnostics kept by the previous check, when it ran on the same day."""
    value = memo.get(LOCAL_MEMO)
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and value[0] == today.isoformat()
        and isinstance(value[1], dict)
    ):
        return value[1]
    return {}


def run_rules(ctx: Context, levels: dict[str, str], done: LocalPass) -> list[Diagnostic]:
    """Every rule over the catalogue, honouring levels and per-entry suppressions.

    The local rules ran already, as each file was loaded (``done``, a LocalPass); their
    diagnostics join the others'. Large catalogues run half the remaining work in a
    forked child (kpicat/parallel.py): entry rules over every other entry, catalogue
    rules balanced by their declared cost, and half of the parts of each ``split`` rule.
    The result is the same list either way. With a memo (the warm cache) the rules keep
    what they declare for the next check; they always run over the whole catalogue.
    """
    enabled = enabled_rules(levels)
    entry_rules = [r for r in enabled if r.scope == "entry" and not r.local]
    whole = sorted((r for r in enabled if r.scope != "entry"), key=lambda r: -r.cost)
    entries = ctx.catalogue.entries
    if ctx.memo is not None:
        ctx.catalogue.index_formulas(_known_trees(ctx.memo.old.get(TREES_MEMO)))
        ctx.formulas.known_canonical = _known_canonical(ctx.memo.old.get(CANONICAL_MEMO))
    if not can_fork(len(entries)):
        diagnostics, used, _memo = _run(ctx, levels, (entry_rules, entries, whole))
    else:
        split = [r for r in whole if r.split]  # each process does half of their parts
        shares: list[list[Rule]] = [list(split), list(split)]
        load = [sum(r.cost for r in (*entry_rules, *split)) / 2] * 2
        for rule in whole:
            if rule.split:
                continue
            lighter = 0 if load[0] <= load[1] else 1
            shares[lighter].append(rule)
            load[lighter] += rule.cost
        (diagnostics, used, _memo), (more, more_used, memo) = in_parallel(
            lambda: _run(
                replace(ctx, share=(0, 2)), levels, (entry_rules, entries[::2], shares[0])
            ),
            lambda: _run(
                replace(ctx, share=(1, 2)), levels, (entry_rules, entries[1::2], shares[1])
            ),
        )
        diagnostics += more
        used |= more_used
        if ctx.memo is not None:  # what the child's rules kept for the next check
            ctx.memo.new.update(memo)
    diagnostics += done.found
    used |= done.used
    if ctx.memo is not None:
        if done.remember:
            ctx.memo.new[LOCAL_MEMO] = (ctx.today.isoformat(), done.fresh)
        ctx.memo.new[CANONICAL_MEMO] = ctx.formulas.canonical_by_text()
        ctx.memo.new[TREES_MEMO] = ctx.formulas.plain_trees()
    diagnostics.extend(unused_suppressions(entries, used, levels))
    return diagnostics


def _run(ctx: Context, levels: dict[str, str], work: Work) -> Share:
    """Entry rules over some entries, then some catalogue rules."""
    entry_rules, entries, whole = work
    diagnostics: list[Diagnostic] = []
    used: set[tuple[str, str]] = set()
    for rule in entry_rules:
        assert rule.func is not None
        for entry in entries:
            if rule.kinds and entry.kind not in rule.kinds:
                continue
            diagnostics.extend(_emitted(rule, rule.func(entry, ctx), levels, used))
    for rule in whole:
        assert rule.func is not None
        diagnostics.extend(_emitted(rule, rule.func(ctx), levels, used))
    return diagnostics, used, dict(ctx.memo.new) if ctx.memo is not None else {}


def _local(
    rules: list[Rule], entry: Entry, view: LocalContext, levels: dict[str, str]
) -> tuple[list[Diagnostic], tuple[str, ...]]:
    """The local rules' diagnostics of one entry, and the suppressions they used."""
    found: list[Diagnostic] = []
    used: set[tuple[str, str]] = set()
    for rule in rules:
        assert rule.func is not None
        if rule.kinds and entry.kind not in rule.kinds:
            continue
        found.extend(_emitted(rule, rule.func(entry, view), levels, used))
    return found, tuple(code for _entry, code in used)


def _emitted(
    rule: Rule, findings: Iterable[Finding], levels: dict[str, str], used: set[tuple[str, str]]
) -> Iterator[Diagnostic]:
    """One rule's findings as diagnostics, in the order the rule made them."""
    for finding in findings:
        diag = emit(rule, finding, levels, used)
        if diag is not None:
            yield diag


def _known_canonical(value: Any) -> dict[str, str | None]:
    """Canonical spellings kept by the previous check, if they have the shape it wrote."""
    if isinstance(value, dict) and all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in value.items()
    ):
        return value
    return {}


def _known_trees(value: Any) -> dict[str, Any]:
    """Parse trees kept by the previous check, all of them as it wrote them, or none."""
    if not isinstance(value, dict):
        return {}
    try:
        return {
            text: fx.from_plain(plain) for text, plain in value.items() if isinstance(text, str)
        }
    except ValueError:
        return {}


def _reuse(kept: tuple[Any, ...] | None) -> tuple[list[Diagnostic], tuple[str, ...]] | None:
    """Diagnostics and used suppressions kept for an entry's very bytes, or None."""
    if kept is None:
        return None
    try:
        frozen, codes = kept
        found = [thaw_diagnostic(t) for t in frozen]
        if not (isinstance(codes, tuple) and all(isinstance(code, str) for code in codes)):
            return None
    except (TypeError, ValueError):
        return None  # a shape kpicat never writes: run the rules instead
    return found, codes


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
