"""The health page: the score, the findings of the check by rule, budgets and balance."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from markupsafe import Markup

from kpicat.core.diagnostics import Diagnostic
from kpicat.health import compute_health
from kpicat.site import labels, paths
from kpicat.site.escape import inline
from kpicat.site.pages.context import Page, SiteContext
from kpicat.site.pages.links import link, page_link
from kpicat.site.pages.parts import budget_of

_CODE = re.compile(r"[A-Z]{2}\d{3}")


def findings(site: SiteContext, here: str) -> list[dict[str, Any]]:
    """One section per rule code, its findings in file order."""
    groups: dict[str, list[Diagnostic]] = defaultdict(list)
    for diag in site.diagnostics:
        groups[diag.code].append(diag)
    rule_docs = {r.code: r for r in site.rules or []}
    sections = []
    for code in sorted(groups):
        items = sorted(groups[code], key=Diagnostic.sort_key)
        rule = rule_docs.get(code)
        is_code = bool(_CODE.fullmatch(code))
        sections.append(
            {
                "code": code,
                "anchor": code.lower() if is_code else "befund",
                "rule": items[0].rule or (rule.name if rule else ""),
                "summary": rule.local_summary() if rule else None,
                "severity": site.label(labels.SEVERITY, items[0].severity.value),
                "count": site.plural(len(items), "Befund"),
                "rules_link": page_link(
                    here,
                    Markup(f"{inline(site.t('Regel'))} {inline(code)}"),
                    paths.RULES,
                    f"#{code.lower()}",
                )
                if rule and is_code
                else None,
                "findings": [
                    {
                        "entry": link(site, here, d.entry) if d.entry else Markup("–"),
                        "where": f"{d.file}:{d.line}:{d.column}",
                        "message": d.message,
                        "hint": d.hint,
                    }
                    for d in items
                ],
            }
        )
    return sections


def health_page(site: SiteContext) -> str:
    here = paths.HEALTH
    kpis = site.sorted_entries("kpi")
    status = Counter(k.status for k in kpis)
    health = compute_health(site.result)
    whole = health.catalogue
    return site.render(
        "health.md.j2",
        score=site.number(health.score),
        rating=health.rating_label,
        penalties=[(p.label, site.number(p.points)) for p in health.penalties if p.points],
        sections=findings(site, here),
        total=len(kpis),
        status=[(site.label(labels.STATUS, s), status[s]) for s in labels.STATUS if status.get(s)],
        inputs=whole.input,
        outputs=whole.output,
        budget=whole.budget,
        active=whole.active,
        kras=[
            {"link": link(site, here, k.id), **budget_of(site, k, "kra")}
            for k in site.sorted_entries("kra")
        ],
        owners=[
            {"link": link(site, here, o.id), **budget_of(site, o, "owner")}
            for o in site.sorted_entries("owner")
        ],
    )


PAGES = (Page(paths.HEALTH, health_page),)
