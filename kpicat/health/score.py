"""The catalogue health report: budgets, balance, stale, orphaned and duplicate entries.

A steward keeping the catalogue lean needs one page, not a list of warnings:
how many KPIs each KRA and owner carries against its budget, whether input
and output KPIs are balanced, what is stale, orphaned or duplicated, and one
score to follow over time. ``kpicat health`` prints it, the site renders it
("Katalog-Gesundheit"). The score formula is documented in the health.md contributor page;
keep the two in step.

Budgets and balance are counted from the catalogue itself; the stale,
orphaned and duplicate lists come from the check's diagnostics, so rule
levels and per-entry suppressions (with their reasons) apply to them too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from kpicat.core.diagnostics import Diagnostic, Severity
from kpicat.core.i18n import N_, _, spoken_first
from kpicat.core.result import CheckResult
from kpicat.health.translations import Coverage, translation_coverage
from kpicat.model import Catalogue, Entry, Kpi
from kpicat.rules.bloat import budget_of, catalogue_budget, counts_against_budget

STALE_CODES = ("KC405", "KC406")
ORPHAN_CODES = ("KC401",)
DUPLICATE_CODES = ("KC301", "KC302", "KC303", "KC311")

# Weights of the health score; the health.md contributor page states the same numbers.
ERROR_POINTS, ERROR_CAP = 2.0, 20.0
ORPHAN_WEIGHT = 25.0
STALE_WEIGHT = 15.0
DUPLICATE_POINTS, DUPLICATE_CAP = 4.0, 20.0
CATALOGUE_BUDGET_WEIGHT = 15.0
GROUP_BUDGET_POINTS, GROUP_BUDGET_CAP = 3.0, 15.0
BALANCE_WEIGHT = 10.0
GOOD, FAIR = 85, 60


@dataclass
class BudgetRow:
    """Active KPIs of one KRA or owner against its budget."""

    id: str
    name: str
    file: str
    active: int
    proposed: int
    budget: int
    budget_source: str
    over: int
    input: int
    output: int
    financial: int
    non_financial: int


@dataclass
class Balance:
    """Active KPIs by indicator (input/output) and nature (financial or not)."""

    input: int = 0
    output: int = 0
    financial: int = 0
    non_financial: int = 0
    input_share: float | None = None
    financial_share: float | None = None


@dataclass
class Listed:
    """One entry on a list of the report, with why it is there."""

    id: str | None
    name: str
    file: str
    line: int
    column: int
    code: str
    reason: str
    related: list[str] = field(default_factory=list)


# The rating of a score, in JSON a stable English value; people read its label.
RATING_LABELS = {"good": N_("good"), "fair": N_("fair"), "poor": N_("poor")}


@dataclass
class Penalty:
    """One term of the score: what was counted and how many points it cost."""

    key: str
    label: str
    count: int
    points: float
    rule: str


@dataclass
class Health:
    """Everything the health report shows; ``to_json()`` is its JSON form."""

    today: str
    score: int
    rating: str  # a stable English value: good, fair or poor (RATING_LABELS)
    rating_label: str  # the rating in the current language, for people
    errors: int
    warnings: int
    totals: dict[str, int]
    catalogue: BudgetRow
    kras: list[BudgetRow]
    owners: list[BudgetRow]
    balance: Balance
    over_budget: list[Listed]
    unbalanced: list[Listed]
    stale: list[Listed]
    orphaned: list[Listed]
    duplicates: list[Listed]
    penalties: list[Penalty]
    translations: list[Coverage] = field(default_factory=list)
    version: int = 1

    def to_json(self) -> dict[str, Any]:
        """Described by kpicat/schemas/health-report.schema.json."""
        from kpicat import __version__

        return {**asdict(self), "kpicat_version": __version__}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _row(
    entry_id: str,
    name: str,
    file: str,
    kpis: list[Kpi],
    budget: int,
    source: str,
) -> BudgetRow:
    active = [k for k in kpis if counts_against_budget(k)]
    return BudgetRow(
        id=entry_id,
        name=name,
        file=file,
        active=len(active),
        proposed=sum(1 for k in kpis if k.status == "proposed"),
        budget=budget,
        budget_source=source,
        over=max(0, len(active) - budget),
        input=sum(1 for k in active if k.indicator == "input"),
        output=sum(1 for k in active if k.indicator == "output"),
        financial=sum(1 for k in active if k.nature == "financial"),
        non_financial=sum(1 for k in active if k.nature == "non_financial"),
    )


def budget_row(catalogue: Catalogue, entry: Entry) -> BudgetRow:
    """One KRA's or owner's budget use, counted as in the report (the site's pages use it)."""
    field_name = "kra" if entry.kind == "kra" else "owner"
    budget, source = budget_of(catalogue.config, entry)
    return _row(
        entry.id,
        entry.display_name(spoken_first(catalogue.languages)),
        entry.file,
        catalogue.kpis_of(field_name, entry.id),
        budget,
        source,
    )


def _group_rows(catalogue: Catalogue, entries: list[Entry], field_name: str) -> list[BudgetRow]:
    kpis_by: dict[str, list[Kpi]] = {}
    for kpi in catalogue.kpis:
        target = kpi.str_field(field_name)
        if target is not None:
            kpis_by.setdefault(target, []).append(kpi)
    rows = []
    for entry in entries:
        if entry.status == "retired":
            continue
        budget, source = budget_of(catalogue.config, entry)
        rows.append(
            _row(
                entry.id,
                entry.display_name(spoken_first(catalogue.languages)),
                entry.file,
                kpis_by.get(entry.id, []),
                budget,
                source,
            )
        )
    return sorted(rows, key=lambda r: r.id)


def _listed(catalogue: Catalogue, diag: Diagnostic) -> Listed:
    name = catalogue.name_of(diag.entry) if diag.entry else diag.file
    return Listed(
        id=diag.entry,
        name=name,
        file=diag.file,
        line=diag.line,
        column=diag.column,
        code=diag.code,
        reason=diag.message,
        related=[r.entry for r in diag.related if r.entry],
    )


def _listed_row(row: BudgetRow, kind: str, code: str, reason: str) -> Listed:
    return Listed(row.id, row.name, row.file, 1, 1, code, f"{kind}: {reason}")


def compute_health(result: CheckResult, today: dt.date | None = None) -> Health:
    """The health report of a checked catalogue (score: health contributor page)."""
    catalogue = result.catalogue
    config = catalogue.config
    kpis = [k for k in catalogue.kpis if catalogue.get(k.id) is k]
    by_status: dict[str, int] = {}
    for kpi in kpis:
        by_status[kpi.status] = by_status.get(kpi.status, 0) + 1
    active = [k for k in kpis if k.status == "active"]
    totals = {
        "kpis": len(kpis),
        **{f"kpis_{status}": by_status.get(status, 0) for status in _STATUSES},
        "terms": len(catalogue.terms),
        "kras": len(catalogue.kras),
        "owners": len(catalogue.owners),
        "measures": len(catalogue.measures),
    }

    whole = _row(
        "catalogue",
        _("catalogue"),
        config.path or "kpicat.yaml",
        kpis,
        catalogue_budget(config),
        "budgets.catalogue",
    )
    kras = _group_rows(catalogue, list(catalogue.kras), "kra")
    owners = _group_rows(catalogue, list(catalogue.owners), "owner")

    balance = Balance(
        input=whole.input,
        output=whole.output,
        financial=whole.financial,
        non_financial=whole.non_financial,
        input_share=_share(whole.input, whole.input + whole.output),
        financial_share=_share(whole.financial, whole.financial + whole.non_financial),
    )

    over_budget = []
    if whole.over:
        over_budget.append(
            _listed_row(
                whole,
                "catalogue",
                "KC402",
                _("{active} of {budget} active KPIs").format(
                    active=whole.active, budget=whole.budget
                ),
            )
        )
    for rows, kind, code in ((kras, "KRA", "KC403"), (owners, "owner", "KC404")):
        for row in rows:
            if row.over:
                over_budget.append(
                    _listed_row(
                        row,
                        kind,
                        code,
                        _("{active} of {budget} active KPIs").format(
                            active=row.active, budget=row.budget
                        ),
                    )
                )
    unbalanced = []
    for row in kras:
        missing = [kind for kind, n in (("input", row.input), ("output", row.output)) if not n]
        if missing:
            unbalanced.append(
                _listed_row(
                    row,
                    "KRA",
                    "KC407",
                    _("no active input KPI and no active output KPI")
                    if len(missing) == 2
                    else _("no active input KPI")
                    if missing == ["input"]
                    else _("no active output KPI"),
                )
            )

    def pick(codes: tuple[str, ...]) -> list[Listed]:
        return [_listed(catalogue, d) for d in result.diagnostics if d.code in codes]

    stale, orphaned, duplicates = pick(STALE_CODES), pick(ORPHAN_CODES), pick(DUPLICATE_CODES)
    live = sum(1 for k in kpis if k.status in ("active", "proposed"))
    errors = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in result.diagnostics if d.severity is Severity.WARNING)
    group_over = sum(1 for row in (*kras, *owners) if row.over)
    penalties = [
        Penalty("errors", _("errors"), errors,
                min(ERROR_CAP, ERROR_POINTS * errors), N_("2 per error, at most 20")),
        Penalty("orphaned", _("orphaned KPIs"), len(orphaned),
                ORPHAN_WEIGHT * _ratio(len(orphaned), len(active)),
                N_("25 x orphaned / active KPIs")),
        Penalty("stale", _("stale reviews"), len(stale),
                STALE_WEIGHT * _ratio(len(stale), live),
                N_("15 x stale / active and proposed KPIs")),
        Penalty("duplicates", _("duplicates"), len(duplicates),
                min(DUPLICATE_CAP, DUPLICATE_POINTS * len(duplicates)),
                N_("4 per duplicate finding, at most 20")),
        Penalty("catalogue_budget", _("catalogue budget"), whole.over,
                CATALOGUE_BUDGET_WEIGHT * _ratio(whole.over, whole.budget),
                N_("15 x KPIs over budget / budget, at most 15")),
        Penalty("group_budgets", _("KRA and owner budgets"), group_over,
                min(GROUP_BUDGET_CAP, GROUP_BUDGET_POINTS * group_over),
                N_("3 per KRA or owner over budget, at most 15")),
        Penalty("balance", _("unbalanced KRAs"), len(unbalanced),
                BALANCE_WEIGHT * _ratio(len(unbalanced), len(kras)),
                N_("10 x KRAs without an active input or output KPI / KRAs")),
    ]  # fmt: skip
    for penalty in penalties:
        penalty.points = round(penalty.points, 2)
    score = max(0, min(100, round(100 - sum(p.points for p in penalties))))
    rating = "good" if score >= GOOD else "fair" if score >= FAIR else "poor"
    return Health(
        today=(today or dt.date.today()).isoformat(),
        score=score,
        rating=rating,
        rating_label=_(RATING_LABELS[rating]),
        errors=errors,
        warnings=warnings,
        totals=totals,
        catalogue=whole,
        kras=kras,
        owners=owners,
        balance=balance,
        over_budget=over_budget,
        unbalanced=unbalanced,
        stale=stale,
        orphaned=orphaned,
        duplicates=duplicates,
        penalties=penalties,
        translations=translation_coverage(catalogue),
    )


_STATUSES = ("active", "proposed", "deprecated", "retired")


def _ratio(part: int, whole: int) -> float:
    """part / whole, capped at 1; 0 when there is nothing to compare with."""
    return min(1.0, part / whole) if whole else 0.0
