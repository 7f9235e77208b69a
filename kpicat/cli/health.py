"""``kpicat health``: the catalogue health report on the command line.

The numbers come from kpicat.health; ``kpicat.cli.main.LazyGroup`` imports this
module only when the command runs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from kpicat.cli.options import parse_today, resolve_root, root_option, today_option
from kpicat.core.i18n import _, format_date, format_number
from kpicat.core.writing import plural
from kpicat.health import BudgetRow, Coverage, Health, Listed, compute_health


def _cell(value: object) -> str:
    """A table cell; numbers as the current language writes them."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A plain text table with aligned columns (numbers right-aligned)."""
    cells = [[str(h) for h in headers], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if num else cell.ljust(width)
            for cell, width, num in zip(row, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells[1:])
    return out


def _budget_table(title: str, rows: list[BudgetRow]) -> list[str]:
    if not rows:
        return [title, "  " + _("(none)")]
    body = [
        (r.id, r.active, r.budget, "!" if r.over else "", r.proposed, r.input, r.output)
        for r in rows
    ]
    headers = ("id", _("active"), _("budget"), "", _("proposed"), _("input"), _("output"))
    return [title, *("  " + line for line in _table(headers, body))]


def _list(title: str, items: list[Listed]) -> list[str]:
    if not items:
        return [f"{title}: 0"]
    lines = [f"{title}: {len(items)}"]
    for item in items:
        lines.append(f"  {item.file}:{item.line}:{item.column} {item.code} {item.reason}")
    return lines


def _coverage(items: list[Coverage]) -> list[str]:
    lines = [_("Translations:")]
    for c in items:
        # rounded down, so that 100 % always means complete
        pct = f"{math.floor(1000 * c.translated / c.texts) / 10:g} %" if c.texts else "-"
        line = _("  {language}: {translated} of {texts} texts ({pct})").format(
            language=c.language, translated=c.translated, texts=c.texts, pct=pct
        )
        if c.required:
            line += _(", required")
        if c.missing:
            line += _("; missing in {items}").format(
                items=", ".join(f"{k} {n}" for k, n in c.missing.items())
            )
        lines.append(line)
    return lines


def render_text(health: Health) -> str:
    """The report as readable text, in the language kpicat speaks (kpicat.core.i18n)."""
    b = health.balance
    c = health.catalogue
    totals = health.totals
    lines = [
        _("Catalogue health: {score}/100 ({rating})").format(
            score=format_number(health.score), rating=health.rating_label
        ),
        _("As of {today}; {errors}, {warnings}").format(
            today=format_date(dt.date.fromisoformat(health.today)),
            errors=plural(health.errors, "error"),
            warnings=plural(health.warnings, "warning"),
        ),
        "",
        _("Active KPIs: {active} of {budget} (budgets.catalogue)").format(
            active=c.active, budget=c.budget
        )
        + (_(", {over} over budget").format(over=c.over) if c.over else ""),
        _(
            "KPIs by status: active {active}, proposed {proposed}, deprecated {deprecated}, "
            "retired {retired}"
        ).format(
            active=totals["kpis_active"],
            proposed=totals["kpis_proposed"],
            deprecated=totals["kpis_deprecated"],
            retired=totals["kpis_retired"],
        ),
        _(
            "Input/output (leading/lagging indicators): {input}/{output}; "
            "financial/non-financial: {financial}/{non_financial}"
        ).format(
            input=b.input, output=b.output, financial=b.financial, non_financial=b.non_financial
        ),
        "",
        *_budget_table(_("KPIs per KRA"), health.kras),
        "",
        *_budget_table(_("KPIs per owner"), health.owners),
        "",
        *_list(_("Over budget"), health.over_budget),
        *_list(_("Unbalanced KRAs"), health.unbalanced),
        *_list(_("Stale"), health.stale),
        *_list(_("Orphaned"), health.orphaned),
        *_list(_("Duplicates"), health.duplicates),
        "",
        *_coverage(health.translations),
        "",
        _("Penalties (the health.md contributor page):"),
        *(
            "  " + line
            for line in _table(
                ("", _("count"), _("points"), _("rule")),
                [(p.label, p.count, p.points, _(p.rule)) for p in health.penalties],
            )
        ),
    ]
    return "\n".join(lines)


@click.command("health")
@root_option
@today_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--fail-under",
    type=click.IntRange(0, 100),
    default=None,
    help=("Exit 1 when the health score is below this value (for CI)."),
)
def health(root: Path | None, today: str | None, fmt: str, fail_under: int | None) -> None:
    """Show the catalogue health: budgets, balance, stale, orphaned and duplicate KPIs.

    The score (0-100) is 100 minus weighted penalties; the health.md contributor page states
    the weights. Exit code 0, or 1 with --fail-under when the score is lower,
    or 2 when kpicat.yaml is invalid.
    """
    from kpicat.check import run_check

    day = parse_today(today)
    result = run_check(resolve_root(root), today=day)
    if result.config_errors:
        for diag in result.diagnostics:
            click.echo(f"{diag.file}:{diag.line}:{diag.column}: {diag.message}", err=True)
        sys.exit(2)
    report = compute_health(result, day)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report))
    if fail_under is not None and report.score < fail_under:
        sys.exit(1)
