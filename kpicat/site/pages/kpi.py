"""The KPI page, in the order a reader of a KPI dictionary looks: definition, why it
matters, how to read the value, target with baseline, granularity, pitfalls, levers,
then formula, fact sheet, dependencies, examples; the technical block (catalogue formula,
symbols, data sources, id and file) last and collapsed."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kpicat.model import Kpi
from kpicat.site import formulas, labels
from kpicat.site.escape import element, inline
from kpicat.site.mermaid import Node, diagram
from kpicat.site.pages.context import EntryPages, SiteContext, abbreviations_of
from kpicat.site.pages.links import edit_parts, link, links, sources, url
from kpicat.site.pages.parts import (
    badge,
    banner,
    category,
    entry_basics,
    localized_block,
    measure_row,
    status_badge,
    unit,
)


def kpi_page(site: SiteContext, kpi: Kpi, here: str) -> str:
    formula = kpi.formula or ""

    def target(entry_id: str) -> tuple[str, str | None]:
        entry = site.entries.get(entry_id)
        return (site.name(entry) if entry else entry_id, url(site, here, entry_id))

    def name_of(entry_id: str) -> str:
        entry = site.entries.get(entry_id)
        return site.name(entry) if entry else entry_id

    tree = site.trees.get(kpi.id)
    inputs = site.inputs.get(kpi.id, [])
    terms = site.terms_for_kpi.get(kpi.id, [])
    aka: list[str] = []
    abbrs: list[str] = []
    for term in terms:
        abbrs.extend(a for a in abbreviations_of(term) if a not in abbrs)
        for text in [site.name(term), *site.synonyms(term)]:
            if text not in aka and text != site.name(kpi):
                aka.append(text)
    goal = kpi.data.get("target") if isinstance(kpi.data.get("target"), dict) else {}
    file_code, change = edit_parts(site, kpi)
    return site.render(
        "kpi.md.j2",
        **entry_basics(site, kpi, here),
        kpi=kpi,
        purpose=localized_block(site, kpi.data.get("purpose")),
        interpretation=localized_block(site, kpi.data.get("interpretation")),
        pitfalls=text_list(site, kpi.data.get("pitfalls")),
        levers=text_list(site, kpi.data.get("levers")),
        glance=glance(site, kpi, goal),
        entry_id=element("code", kpi.id),
        file_code=file_code,
        change=change,
        badges=badges(site, kpi),
        banner=banner(site, here, kpi),
        aka=", ".join(aka),
        abbreviations=", ".join(abbrs),
        term_links=links(site, here, [t.id for t in terms]) if terms else None,
        mathml=formulas.to_mathml(tree, target),
        formula_code=formulas.as_code(formula),
        words=formulas.to_text(tree, name_of, site.t("Vorperiode")),
        symbols=[
            {
                "id": element("code", i),
                "link": link(site, here, i),
                "kind": site.label(labels.KIND, site.entries[i].kind),
                "unit": unit(site, site.entries[i].str_field("unit")),
            }
            for i in inputs
        ],
        facts=facts(site, kpi, here, goal),
        measures=[measure_row(site, here, i) for i in inputs if site.entries[i].kind == "measure"],
        diagram=kpi_diagram(site, kpi, here) if site.diagrams else None,
        inputs=links(site, here, inputs),
        dependents=links(site, here, site.dependents.get(kpi.id, [])),
        examples=examples(site, kpi),
        sources=sources(kpi),
    )


def badges(site: SiteContext, kpi: Kpi) -> Markup:
    """Status, indicator, nature and category, as badges under the title."""
    found = (
        status_badge(site, kpi),
        badge("indicator", kpi.indicator, site.label(labels.INDICATOR, kpi.indicator)),
        badge("nature", kpi.nature, site.label(labels.NATURE, kpi.nature)),
        badge("category", kpi.str_field("category"), category(site, kpi)),
    )
    return Markup(" ".join(b for b in found if b))


def text_list(site: SiteContext, value: object) -> list[Markup]:
    """A list of localised texts (pitfalls, levers), each escaped, in the page's language."""
    return [
        shown
        for item in (value if isinstance(value, list) else [])
        if (shown := localized_block(site, item))
    ]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def target_text(site: SiteContext, kpi: Kpi, target: dict[str, Any]) -> Markup | None:
    """The target with its unit ("5 %", "Bereich 40 % bis 60 %"), and its note."""
    goal: list[Markup] = []
    if _number(target.get("value")):
        goal.append(site.quantity(target["value"], kpi.unit))
    if _number(target.get("min")) or _number(target.get("max")):
        low = site.quantity(target["min"], kpi.unit) if _number(target.get("min")) else "…"
        high = site.quantity(target["max"], kpi.unit) if _number(target.get("max")) else "…"
        # the phrase escaped around two markers, then the (escaped) values put in
        words = inline(site.t("Bereich {low} bis {high}", low="\ue000", high="\ue001"))
        goal.append(Markup(words.replace("\ue000", low).replace("\ue001", high)))
    note = site.text(target.get("note"))
    if note:
        # after a dash, so a note that ends in parentheses is not nested in more of them
        goal.append(inline(f"– {note.strip()}"))
    return Markup(" ").join(goal) or None


def glance(site: SiteContext, kpi: Kpi, target: dict[str, Any]) -> list[tuple[str, Any]]:
    """ "Auf einen Blick": unit, target, baseline, direction, granularity and period."""
    baseline = target.get("baseline")
    rows: list[tuple[str, Any]] = [
        ("Zielwert", target_text(site, kpi, target)),
        ("Ausgangswert", site.quantity(baseline, kpi.unit) if _number(baseline) else None),
        ("Richtung", site.label(labels.DIRECTION, kpi.str_field("direction"))),
        ("Einheit", unit(site, kpi.unit)),
        ("Granularität", site.label(labels.GRANULARITY, kpi.str_field("granularity"))),
        ("Periode", site.label(labels.PERIOD, kpi.str_field("period"))),
    ]
    return [(site.t(k), v) for k, v in rows if v]


def facts(site: SiteContext, kpi: Kpi, here: str, target: dict[str, Any]) -> list[tuple[str, Any]]:
    """The fact sheet ("Steckbrief"): who owns the KPI, where it belongs and is used."""
    owner = site.entries.get(kpi.owner or "")
    contact = owner.str_field("contact") if owner else None
    review = kpi.int_field("review_every")
    used = kpi.data.get("used_in")
    months = labels.plural(review, "Monat", site.lang) if review else ""
    rows: list[tuple[str, Any]] = [
        ("Kategorie", category(site, kpi)),
        ("Indikator", site.label(labels.INDICATOR, kpi.indicator)),
        ("Art", site.label(labels.NATURE, kpi.nature)),
        ("KRA", link(site, here, kpi.kra)),
        ("Verantwortlich", link(site, here, kpi.owner)),
        ("Kontakt", contact),
        ("Status", status_badge(site, kpi)),
        (
            "Verwendet in",
            ", ".join(u for u in used if isinstance(u, str)) if isinstance(used, list) else None,
        ),
        ("Zuletzt geprüft", site.date(kpi.data.get("last_reviewed"))),
        (
            "Prüfintervall",
            site.t("alle {n} {months}", n=site.number(review), months=months) if review else None,
        ),
        ("Version", str(kpi.int_field("version")) if kpi.int_field("version") else None),
    ]
    return [(site.t(k), v) for k, v in rows if v]


def kpi_diagram(site: SiteContext, kpi: Kpi, here: str) -> str | None:
    """The Mermaid diagram of what the KPI is computed from and what it feeds into.

    Only where it shows more than the two lists below it: the formula reads another KPI
    (more than one level), or other KPIs read this one. A KPI computed from measures
    alone, that nothing reads, gets no diagram.
    """
    inputs = site.inputs.get(kpi.id, [])
    dependents = site.dependents.get(kpi.id, [])
    if not dependents and not any(site.entries[i].kind == "kpi" for i in inputs):
        return None

    def node(entry_id: str, role: str) -> Node:
        entry = site.entries[entry_id]
        return Node(entry_id, site.name(entry), url(site, here, entry_id), role)

    return diagram(
        node(kpi.id, "center"),
        [node(i, site.entries[i].kind) for i in inputs],
        [node(d, "dependent") for d in dependents],
    )


def examples(site: SiteContext, kpi: Kpi) -> dict[str, Any] | None:
    """The worked examples as a table: one column per input, then the expected value."""
    cases = kpi.examples
    if not cases:
        return None
    columns = sorted(
        {str(k) for e in cases if isinstance(e.get("inputs"), dict) for k in e["inputs"]}
    )

    def unit_of(column: str) -> str | None:
        inner = column[5:-1] if column.startswith("prev(") and column.endswith(")") else column
        entry = site.entries.get(inner)
        return entry.str_field("unit") if entry is not None else None

    rows = []
    for case in cases:
        values = case.get("inputs") if isinstance(case.get("inputs"), dict) else {}
        rows.append(
            {
                "cells": [
                    site.quantity(values[c], unit_of(c)) if c in values else "–" for c in columns
                ],
                "expected": site.quantity(case.get("expected"), kpi.unit),
                "note": site.text(case.get("note")),
            }
        )
    headers = []
    for column in columns:
        inner = column[5:-1] if column.startswith("prev(") and column.endswith(")") else column
        entry = site.entries.get(inner)
        label = site.name(entry) if entry else inner
        headers.append(f"{label} ({site.t('Vorperiode')})" if inner != column else label)
    return {"headers": headers, "rows": rows}


PAGES = (EntryPages("kpi", kpi_page),)
