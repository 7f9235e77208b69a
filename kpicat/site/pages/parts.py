"""Pieces several page families print: badges, banners, budget use, KPI and measure rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from kpicat.diff.history import HistoryEvent
from kpicat.health import budget_row
from kpicat.model import Entry, Kpi
from kpicat.site import formatting, labels
from kpicat.site.changes import describe
from kpicat.site.escape import block, element, inline
from kpicat.site.pages.context import SiteContext
from kpicat.site.pages.links import edit_link, link, links, section_link
from kpicat.site.search import front_matter_yaml


def badge(kind: str, value: str | None, text: str | None = None) -> Markup:
    """A coloured label; the CSS class comes from the value, the text from ``text``."""
    if not value:
        return Markup("")
    css = re.sub(r"[^a-z0-9_-]", "", value.lower())
    shown = inline(text if text is not None else value)
    return element("span", shown, class_=f"kpicat-badge kpicat-{kind}-{css}")


def status_badge(entry: Entry) -> Markup:
    return badge("status", entry.status, labels.label(labels.STATUS, entry.status))


def inactive_badge(entry: Entry) -> Markup:
    """The status badge of an entry that is not active (active needs no badge)."""
    return status_badge(entry) if entry.status != "active" else Markup("")


def category(site: SiteContext, kpi: Entry) -> str | None:
    """The KPI's category by its name in kpicat.yaml, else its id."""
    cat = kpi.str_field("category")
    if cat is None:
        return None
    return site.text(site.config.categories.get(cat)) or cat


def unit(value: str | None) -> str | None:
    return labels.label(labels.UNIT, value)


def related(entry: Entry) -> list[str]:
    return [i for i in entry.id_list("related") if i != entry.id]


def banner(site: SiteContext, here: str, entry: Entry) -> Markup | None:
    """The deprecation banner, with a link to the successor where there is one."""
    if entry.status not in ("deprecated", "retired"):
        return None
    successor = entry.str_field("replaced_by")
    state = "veraltet" if entry.status == "deprecated" else "außer Betrieb"
    text = f"Dieser Eintrag ist {state}."
    if successor:
        return Markup(f"{text} Nachfolger: {link(site, here, successor)}")
    return Markup(text)


def entry_basics(site: SiteContext, entry: Entry, here: str) -> dict[str, Any]:
    """What every entry page shows: name, badge, translations, definition, see also, source."""
    return {
        "name": site.name(entry),
        "badge": inactive_badge(entry),
        "translations": site.translations(entry.data.get("name")),
        "definition": block(site.text(entry.data.get("definition")) or ""),
        "definition_translations": [
            (lang, block(text)) for lang, text in site.translations(entry.data.get("definition"))
        ],
        "related": links(site, here, related(entry)),
        "edit": edit_link(site, entry),
        "overview": section_link(here, entry.kind),
        "search_meta": front_matter_yaml(entry.kind),
        **history_of(site, entry, here),
    }


HISTORY_ON_PAGE = 20


def history_of(site: SiteContext, entry: Entry, here: str) -> dict[str, Any]:
    """The entry's "Änderungen" section: its newest changes from git (none without history)."""
    events = site.history.of(entry.file)
    return {
        "history": [change_row(site, event, here) for event in events[:HISTORY_ON_PAGE]],
        "history_more": max(0, len(events) - HISTORY_ON_PAGE),
    }


def change_row(site: SiteContext, event: HistoryEvent, here: str) -> dict[str, Any]:
    """One change as readers see it: date, author, commit subject and what it changed."""
    entry = site.by_file.get(event.file)
    if entry is not None:
        shown = link(site, here, entry.id)
    else:
        shown = Markup("{} (nicht mehr im Katalog)").format(inline(event.change.name))

    def name_of(entry_id: str) -> str:
        found = site.entries.get(entry_id)
        return site.name(found) if found is not None else entry_id

    return {
        "date": formatting.date(event.date),
        "author": inline(event.author) or Markup("unbekannt"),
        "subject": inline(event.subject) or Markup("ohne Beschreibung"),
        "entry": shown,
        "kind": labels.KIND.get(event.change.kind, event.change.kind),
        "phrases": describe(event.change, name_of),
    }


def budget_of(site: SiteContext, entry: Entry, kind: str) -> dict[str, Any]:
    """KPIs of a KRA or owner, with budget use and balance as `kpicat health` counts them."""
    row = budget_row(site.cat, entry)
    return {
        "kpis": site.sorted_entries("kpi", site.cat.kpis_of(kind, entry.id)),
        "active": row.active,
        "limit": row.budget,
        "over": row.over > 0,
        "inputs": row.input,
        "outputs": row.output,
    }


def kpi_list(site: SiteContext, here: str, kpis: Sequence[Entry]) -> list[dict[str, Any]]:
    """Rows of the KPI list on KRA and owner pages."""
    return [
        {
            "link": link(site, here, k.id),
            "status": status_badge(k),
            "indicator": labels.label(
                labels.INDICATOR_SHORT, k.indicator if isinstance(k, Kpi) else None
            ),
            "unit": unit(k.str_field("unit")),
        }
        for k in kpis
    ]


def measure_row(site: SiteContext, here: str, measure_id: str) -> dict[str, Any]:
    """Where a measure's data comes from, as one table row."""
    measure = site.entries[measure_id]
    source = measure.data.get("source") if isinstance(measure.data.get("source"), dict) else {}
    return {
        "link": link(site, here, measure_id),
        "system": source.get("system"),
        "object": source.get("object"),
        "field": source.get("field"),
        "filter": source.get("filter"),
    }
