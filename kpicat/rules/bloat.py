"""Bloat rules: keep the catalogue lean and alive (no "KPI-Friedhof").

The article "Glossar zur Key Account Management und KPI" warns that too
many KPIs blur the focus ("Überlastung mit zu vielen Kennzahlen") and that
KPIs must be reviewed regularly. These rules enforce
budgets per catalogue, KRA and owner, and find KPIs nobody uses, reviews that
are overdue, proposals nobody decides on, and KRAs and owners without KPIs.

Default budgets (all configurable in kpicat.yaml):

- 8 active KPIs per KRA: room for three or four input KPIs (Frühindikatoren)
  and three or four output KPIs (Spätindikatoren), which that article asks for
  side by side; more cannot all steer one area.
- 12 active KPIs per owner: what one team can discuss in a monthly review.
- 60 active KPIs in the catalogue: a handful of KRAs times their budget;
  "die Auswahl der richtigen KPIs ist wichtiger als die Quantität".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from kpicat.core.config import Config
from kpicat.core.i18n import _, format_date, format_number
from kpicat.core.kinds import CONFIG_NAME
from kpicat.load.document import Path
from kpicat.model import REFERENCE_FIELDS, Entry, Kpi, Kra, Owner
from kpicat.rules.context import Context, Finding, LocalContext
from kpicat.rules.registry import Option, rule

# The settings these rules read (declared once, each by the rule that reads it).
CATALOGUE_BUDGET = Option(
    "budgets.catalogue",
    int,
    60,
    "At most this many active KPIs in the whole catalogue (KC402). "
    "Default: 60, a handful of KRAs times their budget.",
    minimum=1,
)
PER_KRA = Option(
    "budgets.per_kra",
    int,
    8,
    "At most this many active KPIs per KRA without its own max_kpis (KC403). "
    "Default: 8, room for three or four input and three or four output KPIs.",
    minimum=1,
)
PER_OWNER = Option(
    "budgets.per_owner",
    int,
    12,
    "At most this many active KPIs per owner without their own max_kpis (KC404). "
    "Default: 12, what one team can discuss in a monthly review.",
    minimum=1,
)
REVIEW_MONTHS = Option(
    "thresholds.review_every_default",
    int,
    12,
    "Months between reviews when a KPI sets no review_every (KC405). Default: 12.",
    minimum=1,
)
PROPOSED_MAX_DAYS = Option(
    "thresholds.proposed_max_days",
    int,
    90,
    "A KPI may stay proposed this many days after its last_reviewed date (KC406). Default: 90.",
    minimum=1,
)

# --------------------------------------------------------------------------- helpers


def counts_against_budget(kpi: Kpi) -> bool:
    """The one definition of what uses a KPI budget: KPIs with status active.

    A proposed KPI is not steered by yet and a deprecated or retired one no
    longer; counting them would punish proposing and cleaning up. The bloat
    rules, ``kpicat health`` and every site page count with this.
    """
    return kpi.status == "active"


def active_kpis(ctx: Context) -> list[Kpi]:
    """KPIs that count against the catalogue budget, first entry per id."""
    return [k for k in kpis_by(ctx, "kra").get("", []) if counts_against_budget(k)]


def kpis_by(ctx: Context, field: str) -> dict[str, list[Kpi]]:
    """Non-retired KPIs grouped by ``kra`` or ``owner``; key "" holds all of them.

    Built once per check and kept in ``ctx.extra``: the per-KRA and per-owner
    rules would otherwise scan every KPI for every KRA and owner.
    """
    key = f"bloat.kpis_by.{field}"
    index: dict[str, list[Kpi]] | None = ctx.extra.get(key)
    if index is None:
        index = defaultdict(list)
        catalogue = ctx.catalogue
        for kpi in catalogue.kpis:
            if kpi.status == "retired" or catalogue.get(kpi.id) is not kpi:
                continue
            index[""].append(kpi)
            target = kpi.str_field(field)
            if target:
                index[target].append(kpi)
        ctx.extra[key] = index
    return index


def budget_of(config: Config, entry: Entry) -> tuple[int, str]:
    """A KRA's or owner's KPI budget and where it comes from (rules, health, site)."""
    own = entry.int_field("max_kpis")
    if own is not None:
        return own, "max_kpis"
    if entry.kind == "kra":
        return int(PER_KRA.value(config)), PER_KRA.setting
    return int(PER_OWNER.value(config)), PER_OWNER.setting


def catalogue_budget(config: Config) -> int:
    """The catalogue's KPI budget: ``budgets.catalogue`` in kpicat.yaml, else the default."""
    return int(CATALOGUE_BUDGET.value(config))


def parse_date(value: object) -> dt.date | None:
    """An ISO date from text; None for anything else (the schema reports it)."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _shown_date(value: object) -> str:
    """A date field in the message's language; a value that is no ISO date as written."""
    day = parse_date(value)
    return format_date(day) if day is not None else str(value)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(
        _("no valid date for {day} + {months} months").format(day=day, months=months)
    )  # pragma: no cover


def review_due(ctx: Context | LocalContext, kpi: Kpi) -> dt.date | None:
    """When the KPI's next review is due; None without a readable last_reviewed."""
    last = parse_date(kpi.data.get("last_reviewed"))
    if last is None:
        return None
    months = kpi.int_field("review_every")
    if months is None:
        months = int(REVIEW_MONTHS.value(ctx.config))
    return add_months(last, months)


def readers(ctx: Context, kpi_id: str) -> list[Kpi]:
    """Non-retired KPIs whose formula reads ``kpi_id`` directly."""
    found = []
    for reader_id in sorted(ctx.formulas.dependents.get(kpi_id, ())):
        other = ctx.catalogue.get(reader_id)
        if isinstance(other, Kpi) and other.status != "retired" and reader_id != kpi_id:
            found.append(other)
    return found


def _config_position(ctx: Context, path: Path) -> tuple[str, int, int]:
    """File, line and column of a setting in kpicat.yaml (line 1 when it is not set)."""
    return (ctx.config.path or CONFIG_NAME, *ctx.config.position(tuple(map(str, path))))


# --------------------------------------------------------------------------- rules


@rule(
    "KC401",
    "orphan-kpi",
    level="warning",
    scope="entry",
    kinds=("kpi",),
    reads=("status", "used_in"),
)
def orphan_kpi(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """An active KPI that no report shows and no other KPI reads.

    A KPI that is computed but never looked at is the first grave of a
    "KPI-Friedhof": it costs data work and review time and adds noise to the
    catalogue. List the reports and dashboards that show it in `used_in`; a
    KPI that only feeds other KPIs (read by their formulas) counts as used.

    Bad:
        status: active
        # no used_in, and no formula reads it

    Good:
        status: active
        used_in: [KAM-Monatsbericht, Vertriebsdashboard]

    Good (used elsewhere on purpose):
        lint: {ignore: {KC401: "nur im Vorstandsbericht, nicht im BI-System"}}
    """
    if entry.status != "active" or entry.id_list("used_in"):
        return
    if ctx.catalogue.get(entry.id) is not entry or readers(ctx, entry.id):
        return
    if entry.id in ctx.formulas.errors:
        return  # cannot tell who reads what when the formula does not parse
    yield Finding(
        entry,
        ("status",),
        _(
            "active KPI {id} is shown in no report (no used_in) and read by no other KPI's formula"
        ).format(id=entry.id),
        hint=_("list the reports that show it in used_in, or deprecate it"),
    )


@rule(
    "KC402",
    "catalogue-over-budget",
    level="warning",
    options=(CATALOGUE_BUDGET,),
    reads=("kra", "status"),
)
def catalogue_over_budget(ctx: Context) -> Iterator[Finding]:
    """More active KPIs in the catalogue than its budget.

    The article "Glossar zur Key Account Management und KPI":
    "Die Auswahl der richtigen KPIs ist wichtiger als die Quantität." Beyond the
    budget, readers lose sight of the KPIs that
    matter. Reported at `budgets.catalogue` in kpicat.yaml, naming every
    active KPI, so that the steward can pick the ones to retire.

    Bad (kpicat.yaml, with 75 KPIs of status active):
        budgets: {catalogue: 60}

    Good: retire or merge KPIs that no decision depends on, until at most 60
    are active; `kpicat health` lists orphaned and duplicate ones first.

    Options:
        budgets: {catalogue: 60}   # kpicat.yaml; default 60
    """
    kpis = active_kpis(ctx)
    budget = catalogue_budget(ctx.config)
    if len(kpis) <= budget:
        return
    file, line, column = _config_position(ctx, ("budgets", "catalogue"))
    yield Finding(
        None,
        (),
        _(
            "the catalogue has {count} active KPIs, {value} more than its budget "
            "of {budget} (budgets.catalogue); focus on the KPIs that steer"
        ).format(count=len(kpis), value=len(kpis) - budget, budget=budget),
        hint=_("deprecate or retire KPIs that no decision depends on, or raise the budget"),
        related=tuple((k, ("status",)) for k in sorted(kpis, key=lambda k: k.file)),
        file=file,
        line=line,
        column=column,
    )


def _over_budget(ctx: Context, entry: Entry, field: str) -> Iterator[Finding]:
    budget, source = budget_of(ctx.config, entry)
    kpis = [k for k in kpis_by(ctx, field).get(entry.id, []) if counts_against_budget(k)]
    if len(kpis) <= budget:
        return
    path: Path = ("max_kpis",) if source == "max_kpis" else ("name",)
    yield Finding(
        entry,
        path,
        _(
            "{label} {id} has {count} active KPIs, {value} more than its budget of "
            "{budget} ({source}): {items}"
        ).format(
            label=entry.label,
            id=entry.id,
            count=len(kpis),
            value=len(kpis) - budget,
            budget=budget,
            source=source,
            items=", ".join(k.id for k in kpis),
        ),
        hint=_("keep the few KPIs that steer; deprecate or move the others"),
        related=tuple((k, (field,)) for k in kpis),
        at_key=source != "max_kpis",
    )


@rule(
    "KC403",
    "kra-over-budget",
    level="warning",
    scope="entry",
    kinds=("kra",),
    options=(PER_KRA,),
    reads=("kra", "max_kpis", "status"),
)
def kra_over_budget(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """A KRA has more active KPIs than its budget.

    A Key Result Area is steered by a few input and output KPIs; more than
    that cannot all get attention. The budget is the KRA's `max_kpis`, else
    `budgets.per_kra` in kpicat.yaml (default 8: three or four input and
    three or four output KPIs).

    Bad: nine active KPIs with `kra: kundenbindung` and no `max_kpis`.

    Good: at most eight; or, when the area really needs more:
        max_kpis: 10
    """
    if isinstance(entry, Kra) and entry.status != "retired":
        yield from _over_budget(ctx, entry, "kra")


@rule(
    "KC404",
    "owner-over-budget",
    level="warning",
    scope="entry",
    kinds=("owner",),
    options=(PER_OWNER,),
    reads=("max_kpis", "owner", "status"),
)
def owner_over_budget(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """An owner is accountable for more active KPIs than their budget.

    Owning a KPI means explaining its movements; nobody can do that for many.
    The budget is the owner's `max_kpis`, else `budgets.per_owner` in
    kpicat.yaml (default 12: what a team can discuss in one monthly review).

    Bad: thirteen active KPIs with `owner: kam_team`.

    Good: move some to other owners, retire some, or set
        max_kpis: 15
    """
    if isinstance(entry, Owner):
        yield from _over_budget(ctx, entry, "owner")


@rule(
    "KC405",
    "review-overdue",
    level="warning",
    scope="entry",
    kinds=("kpi",),
    options=(REVIEW_MONTHS,),
    local=True,
)
def review_overdue(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """An active KPI's last review is older than its review interval.

    The article "Glossar zur Key Account Management und KPI" asks for regular
    reviews ("kontinuierliche Überwachung und
    Anpassung der KPIs"). A KPI is due `review_every` months after
    `last_reviewed` (default `thresholds.review_every_default`, 12 months);
    an active KPI without `last_reviewed` has never been reviewed. Judged
    against today, or `--today YYYY-MM-DD` for reproducible CI runs.

    Bad (today 2026-11-23):
        last_reviewed: "2025-06-30"
        review_every: 12

    Good:
        last_reviewed: "2026-09-15"
    """
    if entry.status != "active" or not isinstance(entry, Kpi):
        return
    if "last_reviewed" not in entry.data:
        yield Finding(
            entry,
            ("status",),
            _("active KPI has no last_reviewed date; nobody knows when it was last checked"),
            hint=_('review it and add last_reviewed: "YYYY-MM-DD"'),
        )
        return
    due = review_due(ctx, entry)
    if due is None or due >= ctx.today:
        return
    yield Finding(
        entry,
        ("last_reviewed",),
        _(
            "review overdue since {due}: last reviewed {last_reviewed}, to "
            "be reviewed every {value} months"
        ).format(
            due=format_date(due),
            last_reviewed=_shown_date(entry.data["last_reviewed"]),
            value=entry.int_field("review_every") or REVIEW_MONTHS.value(ctx.config),
        ),
        hint=_("review the KPI with its owner and update last_reviewed"),
    )


@rule(
    "KC406",
    "stale-proposal",
    level="warning",
    scope="entry",
    kinds=("kpi",),
    options=(PROPOSED_MAX_DAYS,),
    local=True,
)
def stale_proposal(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """A KPI has been `proposed` for too long.

    A proposal is a question to decide, not a status to keep: accept it
    (`active`) or drop it (`retired`). Measured from `last_reviewed` to today
    (or `--today`); the limit is `thresholds.proposed_max_days` (default 90).

    Bad (today 2026-11-23):
        status: proposed
        last_reviewed: "2026-03-01"

    Good:
        status: active
        last_reviewed: "2026-11-10"
    """
    if entry.status != "proposed":
        return
    since = parse_date(entry.data.get("last_reviewed"))
    if since is None:
        return
    limit = int(PROPOSED_MAX_DAYS.value(ctx.config))
    days = (ctx.today - since).days
    if days > limit:
        yield Finding(
            entry,
            ("status",),
            _(
                "KPI has been proposed for {days} days since {since} (limit "
                "{limit} days, thresholds.proposed_max_days)"
            ).format(
                days=format_number(days), since=format_date(since), limit=format_number(limit)
            ),
            hint=_("decide: make it active, or retire it"),
        )


def _kra_kpis(ctx: Context, kra: Entry) -> list[Kpi]:
    return kpis_by(ctx, "kra").get(kra.id, [])


@rule(
    "KC407",
    "unbalanced-kra",
    level="warning",
    scope="entry",
    kinds=("kra",),
    reads=("kra", "status", "type"),
)
def unbalanced_kra(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """A KRA lacks an active input KPI or an active output KPI.

    The article "Glossar zur Key Account Management und KPI" asks for both:
    input KPIs (Frühindikatoren, activities) allow
    early course corrections, output KPIs (Spätindikatoren, results) show
    success. A KRA with only one kind is steered blind on one side. (A KRA
    with no KPIs at all is reported by KC408.)

    Bad: `kra: neukundengewinnung` only on "Neukundenumsatz" (output).

    Good: also an input KPI such as "Anzahl Erstgespräche" with
        type: {indicator: input, nature: non_financial}
    """
    if entry.status == "retired":
        return
    kpis = _kra_kpis(ctx, entry)
    if not kpis:
        return
    active = [k for k in kpis if k.status == "active"]
    kinds = {k.indicator for k in active}
    missing = {"input", "output"} - kinds
    if not missing:
        return
    if len(missing) == 2:
        message = _(
            "KRA {id} has no active input KPI (Frühindikator) and no active output KPI "
            "(Spätindikator)"
        )
    elif "input" in missing:
        message = _("KRA {id} has no active input KPI (Frühindikator)")
    else:
        message = _("KRA {id} has no active output KPI (Spätindikator)")
    yield Finding(
        entry,
        ("name",),
        message.format(id=entry.id),
        hint=_("add the missing kind, so the area is steered by activities and results"),
        at_key=True,
        related=tuple((k, ("type", "indicator")) for k in kpis),
    )


@rule("KC408", "empty-kra", level="warning", scope="entry", kinds=("kra",), reads=("kra", "status"))
def empty_kra(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """A KRA that no KPI measures.

    A Key Result Area without KPIs is either not steered or no longer needed.

    Bad: a file catalogue/kras/messen.yaml and no KPI with `kra: messen`.

    Good: add a KPI with `kra: messen`, or delete the KRA.
    """
    if entry.status == "retired" or _kra_kpis(ctx, entry):
        return
    yield Finding(
        entry,
        ("name",),
        _("no KPI names KRA {id} in its kra field").format(id=entry.id),
        hint=_("add KPIs with 'kra: {id}', or remove the KRA").format(id=entry.id),
        at_key=True,
    )


@rule(
    "KC409",
    "idle-owner",
    level="warning",
    scope="entry",
    kinds=("owner",),
    reads=("status", *REFERENCE_FIELDS),
)
def idle_owner(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """An owner who owns nothing: no KPI, KRA or measure names them.

    Owners are the people to ask; an owner without entries is out of date
    (a team renamed, a person who left) and clutters CODEOWNERS.

    Bad: catalogue/owners/team_alt.yaml, named by no `owner:` field.

    Good: delete the file, or make the owner the `owner:` of their entries.
    """
    for ref in ctx.catalogue.referrers.get(entry.id, ()):
        if ref.path == ("owner",) and ref.source.status != "retired":
            return
    yield Finding(
        entry,
        ("name",),
        _("owner {id} owns nothing: no KPI, KRA or measure names them in owner").format(
            id=entry.id
        ),
        hint=_("remove the owner, or name them as owner of their entries"),
        at_key=True,
    )
