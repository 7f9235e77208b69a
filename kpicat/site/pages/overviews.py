"""The section overviews: the glossary A–Z and one table per kind."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup

from kpicat.model import Kpi
from kpicat.site import labels, paths
from kpicat.site.escape import inline
from kpicat.site.pages.context import (
    Page,
    SiteContext,
    abbreviations_of,
    first_sentence,
    letter_of,
    render_template,
)
from kpicat.site.pages.links import link
from kpicat.site.pages.parts import (
    budget_of,
    category,
    inactive_badge,
    measure_row,
    status_badge,
    unit,
)


def glossary_page(site: SiteContext) -> str:
    here = paths.section_index("term")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for term in site.sorted_entries("term"):
        groups[letter_of(site.name(term))].append(
            {
                "link": link(site, here, term.id),
                "abbr": ", ".join(abbreviations_of(term)),
                "summary": first_sentence(site.text(term.data.get("definition")) or ""),
                "status": term.status,
                "badge": inactive_badge(term),
            }
        )
    letters = sorted(groups, key=lambda c: (c == "#", c))
    anchors = {c: ("sonstige" if c == "#" else c.lower()) for c in letters}
    nav = Markup(" · ".join(f"[{inline(c)}](#{anchors[c]})" for c in letters))
    return render_template(
        "glossary.md.j2", letters=letters, anchors=anchors, groups=groups, letter_nav=nav
    )


def kpi_overview(site: SiteContext) -> str:
    here = paths.section_index("kpi")
    rows = []
    for kpi in site.sorted_entries("kpi"):
        assert isinstance(kpi, Kpi)
        rows.append(
            {
                "link": link(site, here, kpi.id),
                "category": category(site, kpi),
                "type": " / ".join(
                    t
                    for t in (
                        labels.label(labels.INDICATOR_SHORT, kpi.indicator),
                        labels.label(labels.NATURE, kpi.nature),
                    )
                    if t
                ),
                "kra": link(site, here, kpi.kra),
                "owner": link(site, here, kpi.owner),
                "status": status_badge(kpi),
                "unit": unit(kpi.unit),
                "period": labels.label(labels.PERIOD, kpi.str_field("period")),
            }
        )
    return render_template("kpi_overview.md.j2", rows=rows)


def kra_overview(site: SiteContext) -> str:
    here = paths.section_index("kra")
    rows = [
        {
            "link": link(site, here, kra.id),
            "owner": link(site, here, kra.str_field("owner")),
            **budget_of(site, kra, "kra"),
        }
        for kra in site.sorted_entries("kra")
    ]
    return render_template("kra_overview.md.j2", rows=rows)


def owner_overview(site: SiteContext) -> str:
    here = paths.section_index("owner")
    rows = [
        {
            "link": link(site, here, owner.id),
            "kind": labels.label(labels.OWNER_KIND, owner.str_field("kind")),
            "contact": owner.str_field("contact"),
            **budget_of(site, owner, "owner"),
        }
        for owner in site.sorted_entries("owner")
    ]
    return render_template("owner_overview.md.j2", rows=rows)


def measure_overview(site: SiteContext) -> str:
    here = paths.section_index("measure")
    rows = []
    for measure in site.sorted_entries("measure"):
        row = measure_row(site, here, measure.id)
        row["unit"] = unit(measure.str_field("unit"))
        rows.append(row)
    return render_template("measure_overview.md.j2", rows=rows)


PAGES = (
    Page(paths.section_index("term"), glossary_page),
    Page(paths.section_index("kpi"), kpi_overview),
    Page(paths.section_index("kra"), kra_overview),
    Page(paths.section_index("owner"), owner_overview),
    Page(paths.section_index("measure"), measure_overview),
)
