"""Pieces several page families print: badges, banners, budget use, KPI and measure rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from kpicat.diff.history import HistoryEvent
from kpicat.health import budget_row
from kpicat.model import Entry, Kpi
from kpicat.site import formatting, labels, paths
from kpicat.site.changes import describe
from kpicat.site.escape import block, element, inline
from kpicat.site.pages.context import SiteContext
from kpicat.site.pages.links import edit_link, link, links, page_link
from kpicat.site.search import front_matter_yaml


def badge(kind: str, value: str | None, text: str | None = None) -> Markup:
    """A coloured label; the CSS class comes from the value, the text from ``text``."""
    if not value:
        return Markup("")
    css = re.sub(r"[^a-z0-9_-]", "", value.lower())
    shown = inline(text if text is not None else value)
    return element("span", shown, class_=f"kpicat-badge kpicat-{kind}-{css}")


def status_badge(site: SiteContext, entry: Entry) -> Markup:
    return badge("status", entry.status, site.label(labels.STATUS, entry.status))


def inactive_badge(site: SiteContext, entry: Entry) -> Markup:
    """The status badge of an entry that is not active (active needs no badge)."""
    return status_badge(site, entry) if entry.status != "active" else Markup("")


def fallback(site: SiteContext, lang: str | None) -> Markup:
    """The visible marker after text shown in ``lang`` because the page's language has
    none ("German only"), or nothing when the text is in the page's language."""
    if lang is None:
        return Markup("")
    text = labels.label(labels.ONLY_IN, lang, site.lang)
    if text == lang:  # a language kpicat has no words for
        text = site.language_name(lang)
    return badge("fallback", lang, text)


def localized_block(site: SiteContext, value: object) -> Markup:
    """A text field as a block in the page's language, marked where it is another's."""
    text, lang = site.text_lang(value)
    if not text:
        return Markup("")
    marker = fallback(site, lang)
    return Markup(f"{block(text)}\n\n{marker}") if marker else block(text)


def category(site: SiteContext, kpi: Entry) -> str | None:
    """The KPI's category by its name in kpicat.yaml, else its id."""
    cat = kpi.str_field("category")
    if cat is None:
        return None
    return site.text(site.config.categories.get(cat)) or cat


def unit(site: SiteContext, value: str | None) -> str | None:
    """A unit in the page's language ("€ je Anzahl" for ``EUR/count``)."""
    return labels.unit_label(value, site.lang)


def related(entry: Entry) -> list[str]:
    return [i for i in entry.id_list("related") if i != entry.id]


def banner(site: SiteContext, here: str, entry: Entry) -> Markup | None:
    """The deprecation banner, with a link to the successor where there is one."""
    if entry.status not in ("deprecated", "retired"):
        return None
    successor = entry.str_field("replaced_by")
    text = inline(
        site.t(
            "Dieser Eintrag ist veraltet."
            if entry.status == "deprecated"
            else "Dieser Eintrag ist außer Betrieb."
        )
    )
    if successor:
        return Markup(f"{text} {inline(site.t('Nachfolger'))}: {link(site, here, successor)}")
    return Markup(text)


def entry_basics(site: SiteContext, entry: Entry, here: str) -> dict[str, Any]:
    """What every entry page shows: name, badge, translations, definition, see also, source."""
    return {
        "name": site.name(entry),
        "badge": inactive_badge(site, entry),
        "translations": site.translations(entry.data.get("name")),
        # the definition in the page's language only: the language switch shows the other
        "definition": localized_block(site, entry.data.get("definition")),
        "definition_translations": [],
        "related": links(site, here, related(entry)),
        "edit": edit_link(site, entry),
        "overview": back_link(site, here, entry.kind),
        "search_meta": front_matter_yaml(entry.kind, site.lang),
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
        shown = Markup("{} ({})").format(
            inline(event.change.name), inline(site.t("nicht mehr im Katalog"))
        )

    def name_of(entry_id: str) -> str:
        found = site.entries.get(entry_id)
        return site.name(found) if found is not None else entry_id

    return {
        "date": formatting.date(event.date, site.lang),
        "author": inline(event.author) or inline(site.t("unbekannt")),
        "subject": inline(event.subject) or inline(site.t("ohne Beschreibung")),
        "entry": shown,
        "kind": site.label(labels.KIND, event.change.kind),
        "phrases": describe(event.change, name_of, site.lang),
    }


def back_link(site: SiteContext, here: str, kind: str) -> Markup:
    """ "Zurück zu den Verantwortlichen": the way back to the section, grammatical."""
    words, section = _back_words(site, kind)
    return Markup(f"{inline(words)} {page_link(here, section, paths.section_index(kind))}")


def _back_words(site: SiteContext, kind: str) -> tuple[str, str]:
    forms = labels.BACK_TO[kind]
    return forms.get(labels.spoken(site.lang)) or forms[labels.DEFAULT]


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
        "input_count": site.plural(row.input, "Frühindikator"),
        "output_count": site.plural(row.output, "Spätindikator"),
    }


def kpi_list(site: SiteContext, here: str, kpis: Sequence[Entry]) -> list[dict[str, Any]]:
    """Rows of the KPI list on KRA and owner pages."""
    return [
        {
            "link": link(site, here, k.id),
            "status": status_badge(site, k),
            "indicator": site.label(
                labels.INDICATOR_SHORT, k.indicator if isinstance(k, Kpi) else None
            ),
            "unit": unit(site, k.str_field("unit")),
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
