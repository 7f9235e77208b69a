"""The pages of terms, KRAs, owners and measures (KPI pages: ``kpi.py``)."""

from __future__ import annotations

from typing import Any

from kpicat.model import Entry, Kpi, Term
from kpicat.site import labels
from kpicat.site.escape import element
from kpicat.site.mermaid import Node, layered
from kpicat.site.pages.context import EntryPages, SiteContext, abbreviations_of
from kpicat.site.pages.links import link, links, sources, url
from kpicat.site.pages.parts import banner, budget_of, entry_basics, kpi_list, unit


def term_page(site: SiteContext, term: Term, here: str) -> str:
    kpi_id = term.str_field("kpi")
    successor = term.str_field("replaced_by")
    return site.render(
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
    for lang in site.reading_order:
        items = term.synonyms(lang, site.default)
        if items:
            shown = element("span", ", ".join(items), lang=lang) if lang != site.lang else None
            found.append((site.language_name(lang), shown or ", ".join(items)))
    return found


def kra_page(site: SiteContext, kra: Entry, here: str) -> str:
    budget = budget_of(site, kra, "kra")
    return site.render(
        "kra.md.j2",
        **entry_basics(site, kra, here),
        owner=link(site, here, kra.str_field("owner")),
        budget=budget,
        kpis=kpi_list(site, here, budget["kpis"]),
        map=kra_map(site, kra, here) if site.diagrams else None,
    )


# A map with more KPIs than this shows the active ones first and names how many are left
# out; more measures than this become one box that counts them. Measured on the shipped
# catalogue: 12 KPIs and 15 measures in the largest KRA still read at 1,400 px.
MAP_KPIS = 24
MAP_MEASURES = 12


def kra_map(site: SiteContext, kra: Entry, here: str) -> dict[str, Any] | None:
    """The KRA's "KPI-Landkarte": measures -> input KPIs -> output KPIs, as a Mermaid
    flowchart with a link on every box. KPIs of other KRAs that these read stand in a
    column of their own; retired KPIs are left out."""
    kpis = [
        k
        for k in site.cat.kpis_of("kra", kra.id)
        if k.status != "retired" and site.entries.get(k.id) is k
    ]
    if not kpis:
        return None
    kpis.sort(key=lambda k: (k.status != "active", site.name(k).casefold(), k.id))
    left_out = max(0, len(kpis) - MAP_KPIS)
    kpis = kpis[:MAP_KPIS]
    shown = {k.id for k in kpis}
    edges: list[tuple[str, str]] = []
    measures: list[str] = []
    others: list[str] = []
    for kpi in kpis:
        for dep in site.inputs.get(kpi.id, []):
            entry = site.entries.get(dep)
            if entry is None:
                continue
            if entry.kind == "measure" and dep not in measures:
                measures.append(dep)
            elif entry.kind == "kpi" and dep not in shown and dep not in others:
                others.append(dep)
            edges.append((dep, kpi.id))

    def node(entry_id: str, role: str) -> Node:
        entry = site.entries[entry_id]
        return Node(entry_id, site.name(entry), url(site, here, entry_id), role)

    def by_name(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: (site.name(site.entries[i]).casefold(), i))

    if len(measures) > MAP_MEASURES:
        group = "kpicat_measures"
        label = site.t("{n} Basisgrößen", n=site.number(len(measures)))
        measure_nodes = [Node(group, label, None, "measure")]
        edges = [(group if e[0] in measures else e[0], e[1]) for e in edges]
        edges = list(dict.fromkeys(edges))
    else:
        measure_nodes = [node(i, "measure") for i in by_name(measures)]
    columns = [
        (site.t("Basisgrößen"), measure_nodes),
        (site.t("Aus anderen KRAs"), [node(i, "external") for i in by_name(others)]),
        (
            site.t("Frühindikatoren (Input)"),
            [node(k.id, "input") for k in kpis if isinstance(k, Kpi) and k.indicator == "input"],
        ),
        (
            site.t("Spätindikatoren (Output)"),
            [
                node(k.id, "output")
                for k in kpis
                if not (isinstance(k, Kpi) and k.indicator == "input")
            ],
        ),
    ]
    return {
        "diagram": layered(columns, edges),
        "left_out": site.t(
            "{n} weitere KPIs sind nicht im Bild; die Liste unten nennt alle.",
            n=site.number(left_out),
        )
        if left_out
        else None,
    }


def owner_page(site: SiteContext, owner: Entry, here: str) -> str:
    budget = budget_of(site, owner, "owner")
    kras = [k.id for k in site.sorted_entries("kra") if k.str_field("owner") == owner.id]
    measures = [m.id for m in site.sorted_entries("measure") if m.str_field("owner") == owner.id]
    return site.render(
        "owner.md.j2",
        **entry_basics(site, owner, here),
        kind=site.label(labels.OWNER_KIND, owner.str_field("kind")),
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
    return site.render(
        "measure.md.j2",
        **entry_basics(site, measure, here),
        unit=unit(site, measure.str_field("unit")),
        owner=link(site, here, measure.str_field("owner")),
        source=[
            (site.t(label), source.get(key))
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
