"""The pages of terms, KRAs, owners and measures (KPI pages: ``kpi.py``)."""

from __future__ import annotations

from kpicat.model import Entry, Term
from kpicat.site import labels
from kpicat.site.pages.context import EntryPages, SiteContext, abbreviations_of, render_template
from kpicat.site.pages.links import link, links, sources
from kpicat.site.pages.parts import banner, budget_of, entry_basics, kpi_list, unit


def term_page(site: SiteContext, term: Term, here: str) -> str:
    kpi_id = term.str_field("kpi")
    successor = term.str_field("replaced_by")
    return render_template(
        "term.md.j2",
        **entry_basics(site, term, here),
        banner=banner(site, here, term),
        abbreviations=", ".join(abbreviations_of(term)),
        synonyms=synonyms_by_language(site, term),
        kpi=link(site, here, kpi_id) if kpi_id else None,
        successor=link(site, here, successor) if successor else None,
        sources=sources(term),
    )


def synonyms_by_language(site: SiteContext, term: Entry) -> list[tuple[str, str]]:
    """(language label, synonyms) for each language that has synonyms."""
    if not isinstance(term, Term):
        return []
    found = []
    for lang in site.languages:
        items = term.synonyms(lang, site.default)
        if items:
            found.append((labels.LANGUAGE.get(lang, lang.upper()), ", ".join(items)))
    return found


def kra_page(site: SiteContext, kra: Entry, here: str) -> str:
    budget = budget_of(site, kra, "kra")
    return render_template(
        "kra.md.j2",
        **entry_basics(site, kra, here),
        owner=link(site, here, kra.str_field("owner")),
        budget=budget,
        kpis=kpi_list(site, here, budget["kpis"]),
    )


def owner_page(site: SiteContext, owner: Entry, here: str) -> str:
    budget = budget_of(site, owner, "owner")
    kras = [k.id for k in site.sorted_entries("kra") if k.str_field("owner") == owner.id]
    measures = [m.id for m in site.sorted_entries("measure") if m.str_field("owner") == owner.id]
    return render_template(
        "owner.md.j2",
        **entry_basics(site, owner, here),
        kind=labels.label(labels.OWNER_KIND, owner.str_field("kind")),
        contact=owner.str_field("contact"),
        github=owner.str_field("github"),
        budget=budget,
        kpis=kpi_list(site, here, budget["kpis"]),
        kras=links(site, here, kras),
        measures=links(site, here, measures),
    )


_SOURCE_FIELDS = (
    ("system", "System"),
    ("object", "Objekt"),
    ("field", "Feld"),
    ("filter", "Filter"),
)


def measure_page(site: SiteContext, measure: Entry, here: str) -> str:
    source = measure.data.get("source") if isinstance(measure.data.get("source"), dict) else {}
    return render_template(
        "measure.md.j2",
        **entry_basics(site, measure, here),
        unit=unit(measure.str_field("unit")),
        owner=link(site, here, measure.str_field("owner")),
        source=[
            (label, source.get(key))
            for key, label in _SOURCE_FIELDS
            if isinstance(source.get(key), str)
        ],
        source_note=site.text(source.get("note")),
        used_by=links(site, here, site.dependents.get(measure.id, [])),
    )


PAGES = (
    EntryPages("term", term_page),
    EntryPages("kra", kra_page),
    EntryPages("owner", owner_page),
    EntryPages("measure", measure_page),
)
