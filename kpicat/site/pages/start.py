"""The start page: what the catalogue holds and where to go from here."""

from __future__ import annotations

from collections import Counter

from kpicat.core.kinds import KINDS
from kpicat.site import paths
from kpicat.site.pages.context import Page, SiteContext
from kpicat.site.pages.links import page_link, section_link


def start_page(site: SiteContext) -> str:
    here = paths.START
    counts = Counter(k.status for k in site.sorted_entries("kpi"))
    sections = [
        (section_link(site, here, kind), len(site.sorted_entries(kind)), kind) for kind in KINDS
    ]
    return site.render(
        "start.md.j2",
        title=site.text(site.config.title) or site.t("KPI-Katalog"),
        description=site.text(site.config.description),
        sections=sections,
        active=counts.get("active", 0),
        proposed=counts.get("proposed", 0),
        deprecated=counts.get("deprecated", 0) + counts.get("retired", 0),
        health=page_link(here, site.t("Katalog-Gesundheit"), paths.HEALTH),
        rules=page_link(here, site.t("Regeln"), paths.RULES),
        contribute=page_link(here, site.t("Mitwirken"), "mitwirken.md"),
        warnings=site.plural(len(site.diagnostics), "Befund"),
    )


PAGES = (Page(paths.START, start_page),)
