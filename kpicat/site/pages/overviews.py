"""The section overviews: the glossary A–Z and one table per kind."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup

from kpicat.model import Kpi, Term
from kpicat.site import labels, paths
from kpicat.site.escape import inline
from kpicat.site.kpi_table import Row, Value, kpi_table
from kpicat.site.pages.context import (
    Page,
    SiteContext,
    abbreviations_of,
    first_sentence,
    letter_of,
    sort_key,
)
from kpicat.site.pages.links import link, url
from kpicat.site.pages.parts import (
    budget_of,
    category,
    inactive_badge,
    measure_row,
    unit,
)
from kpicat.site.propose import forge, new_entry_buttons


def glossary_page(site: SiteContext) -> str:
    here = paths.section_index("term")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    keys: dict[int, tuple[str, ...]] = {}
    terms = site.sorted_entries("term")
    for term in terms:
        item = {
            "see": None,
            "link": link(site, here, term.id),
            "abbr": ", ".join(abbreviations_of(term)),
            "summary": first_sentence(site.text(term.data.get("definition")) or ""),
            "status": term.status,
            "badge": inactive_badge(site, term),
        }
        keys[id(item)] = (*sort_key(site.name(term)), "0", term.id)
        groups[letter_of(site.name(term))].append(item)
    for name, term in cross_references(site, terms):
        see = inline(name)
        if not see.strip():
            continue  # nothing a reader could see (control characters only)
        item = {"see": see, "link": link(site, here, term.id)}
        keys[id(item)] = (*sort_key(name), "1", term.id)
        groups[letter_of(name)].append(item)
    for items in groups.values():
        items.sort(key=lambda item: keys[id(item)])
    letters = sorted(groups, key=lambda c: (c == "#", c))
    anchors = {c: ("sonstige" if c == "#" else c.lower()) for c in letters}
    nav = Markup(" · ".join(f"[{inline(c)}](#{anchors[c]})" for c in letters))
    return site.render(
        "glossary.md.j2",
        letters=letters,
        anchors=anchors,
        groups=groups,
        letter_nav=nav,
        propose=propose_new(site, "term"),
    )


def cross_references(site: SiteContext, terms: list[Term]) -> list[tuple[str, Term]]:
    """(other name, its term) for the A–Z: each synonym and abbreviation in the page's
    language that is not itself a term's name, listed once ("Abwanderungsrate → …")."""
    taken = {site.name(term).casefold() for term in terms}
    found: list[tuple[str, Term]] = []
    for term in terms:
        names = [*term.synonyms(site.lang, site.default), *abbreviations_in(term, site)]
        for name in names:
            name = " ".join(name.split())
            if name and name.casefold() not in taken:
                taken.add(name.casefold())
                found.append((name, term))
    return found


def abbreviations_in(term: Term, site: SiteContext) -> list[str]:
    """A term's abbreviation in the page's language (one for every language: as it is)."""
    value = term.data.get("abbreviation")
    if isinstance(value, dict):
        value = site.text(value)
    return [value] if isinstance(value, str) and value.strip() else []


def kpi_overview(site: SiteContext) -> str:
    here = paths.section_index("kpi")
    rows = []
    for kpi in site.sorted_entries("kpi"):
        assert isinstance(kpi, Kpi)
        rows.append(kpi_row(site, here, kpi))
    return site.render(
        "kpi_overview.md.j2",
        table=kpi_table(rows, site.lang) if rows else None,
        propose=propose_new(site, "kpi"),
    )


def kpi_row(site: SiteContext, here: str, kpi: Kpi) -> Row:
    """One row of the KPI table: names, links and the values the filters compare."""

    def entry(entry_id: str | None) -> Value:
        found = site.entries.get(entry_id or "")
        if found is None:
            return Value(entry_id, entry_id)
        return Value(found.id, site.name(found), url(site, here, found.id))

    address = url(site, here, kpi.id)
    assert address is not None
    return Row(
        name=site.name(kpi),
        url=address,
        definition=first_sentence(site.text(kpi.data.get("definition")) or ""),
        values={
            "kra": entry(kpi.kra),
            "category": Value(kpi.str_field("category"), category(site, kpi)),
            "status": Value(kpi.status, site.label(labels.STATUS, kpi.status)),
            "indicator": Value(kpi.indicator, site.label(labels.INDICATOR_SHORT, kpi.indicator)),
            "nature": Value(kpi.nature, site.label(labels.NATURE, kpi.nature)),
            "owner": entry(kpi.owner),
        },
    )


def propose_new(site: SiteContext, kind: str) -> Markup | None:
    """ "Neue KPI vorschlagen" and the like, when the repository is on GitHub."""
    known = {k: [e.id for e in site.sorted_entries(k)] for k in ("kra", "owner")}
    return new_entry_buttons(forge(site.config), kind, site.config, known, site.lang)


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
    return site.render("kra_overview.md.j2", rows=rows, propose=propose_new(site, "kra"))


def owner_overview(site: SiteContext) -> str:
    here = paths.section_index("owner")
    rows = [
        {
            "link": link(site, here, owner.id),
            "kind": site.label(labels.OWNER_KIND, owner.str_field("kind")),
            "contact": owner.str_field("contact"),
            **budget_of(site, owner, "owner"),
        }
        for owner in site.sorted_entries("owner")
    ]
    return site.render("owner_overview.md.j2", rows=rows, propose=propose_new(site, "owner"))


def measure_overview(site: SiteContext) -> str:
    here = paths.section_index("measure")
    rows = []
    for measure in site.sorted_entries("measure"):
        row = measure_row(site, here, measure.id)
        row["unit"] = unit(site, measure.str_field("unit"))
        rows.append(row)
    return site.render("measure_overview.md.j2", rows=rows, propose=propose_new(site, "measure"))


PAGES = (
    Page(paths.section_index("term"), glossary_page),
    Page(paths.section_index("kpi"), kpi_overview),
    Page(paths.section_index("kra"), kra_overview),
    Page(paths.section_index("owner"), owner_overview),
    Page(paths.section_index("measure"), measure_overview),
)
