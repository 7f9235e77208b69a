"""The start page: what the catalogue holds and where to go from here."""

from __future__ import annotations

from collections import Counter

from kpicat.core.kinds import KINDS
from kpicat.site import paths
from kpicat.site.pages.context import Page, SiteContext, render_template
from kpicat.site.pages.links import page_link, section_link


def start_page(site: SiteContext) -> str:
    here = paths.START
    counts = Counter(k.status for k in site.sorted_entries("kpi"))
    sections = [(section_link(here, kind), len(site.sorted_entries(kind)), kind) for kind in KINDS]
    return render_template(
        "start.md.j2",
        title=site.text(site.config.title) or "KPI-Katalog",
        description=site.text(site.config.description),
        sections=sections,
        active=counts.get("active", 0),
        proposed=counts.get("proposed", 0),
        deprecated=counts.get("deprecated", 0) + counts.get("retired", 0),
        health=page_link(here, "Katalog-Gesundheit", paths.HEALTH),
        rules=page_link(here, "Regeln", paths.RULES),
        contribute=page_link(here, "Mitwirken", "mitwirken.md"),
        warnings=len(site.diagnostics),
    )


PAGES = (Page(paths.START, start_page),)
