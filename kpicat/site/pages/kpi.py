"""The KPI page: formula (MathML, words, symbols), fact sheet, data sources, diagram, examples."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kpicat.model import Kpi
from kpicat.site import formulas, labels
from kpicat.site.escape import element
from kpicat.site.formatting import number
from kpicat.site.mermaid import Node, diagram
from kpicat.site.pages.context import (
    EntryPages,
    SiteContext,
    abbreviations_of,
    render_template,
)
from kpicat.site.pages.links import link, links, sources, url
from kpicat.site.pages.parts import (
    badge,
    banner,
    category,
    entry_basics,
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
    return render_template(
        "kpi.md.j2",
        **entry_basics(site, kpi, here),
        kpi=kpi,
        badges=badges(site, kpi),
        banner=banner(site, here, kpi),
        aka=", ".join(aka),
        abbreviations=", ".join(abbrs),
        term_links=links(site, here, [t.id for t in terms]) if terms else None,
        mathml=formulas.to_mathml(tree, target),
        formula_code=formulas.as_code(formula),
        words=formulas.to_text(tree, name_of),
        symbols=[
            {
                "id": element("code", i),
                "link": link(site, here, i),
                "kind": labels.KIND[site.entries[i].kind],
                "unit": unit(site.entries[i].str_field("unit")),
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
        status_badge(kpi),
        badge("indicator", kpi.indicator, labels.label(labels.INDICATOR, kpi.indicator)),
        badge("nature", kpi.nature, labels.label(labels.NATURE, kpi.nature)),
        badge("category", kpi.str_field("category"), category(site, kpi)),
    )
    return Markup(" ".join(b for b in found if b))


def facts(site: SiteContext, kpi: Kpi, here: str, target: dict[str, Any]) -> list[tuple[str, Any]]:
    """The fact sheet ("Steckbrief"): label and value of every field the KPI sets."""
    owner = site.entries.get(kpi.owner or "")
    contact = owner.str_field("contact") if owner else None
    goal = []
    if "value" in target:
        goal.append(number(target["value"]))
    if "min" in target or "max" in target:
        low = number(target["min"]) if "min" in target else "…"
        high = number(target["max"]) if "max" in target else "…"
        goal.append(f"Bereich {low} bis {high}")
    note = site.text(target.get("note"))
    if note:
        goal.append(f"({note})")
    review = kpi.int_field("review_every")
    used = kpi.data.get("used_in")
    rows: list[tuple[str, Any]] = [
        ("Einheit", unit(kpi.unit)),
        ("Richtung", labels.label(labels.DIRECTION, kpi.str_field("direction"))),
        ("Zielwert", " ".join(goal) or None),
        ("Periode", labels.label(labels.PERIOD, kpi.str_field("period"))),
        ("Kategorie", category(site, kpi)),
        ("Indikator", labels.label(labels.INDICATOR, kpi.indicator)),
        ("Art", labels.label(labels.NATURE, kpi.nature)),
        ("KRA", link(site, here, kpi.kra)),
        ("Verantwortlich", link(site, here, kpi.owner)),
        ("Kontakt", contact),
        ("Status", status_badge(kpi)),
        (
            "Verwendet in",
            ", ".join(u for u in used if isinstance(u, str)) if isinstance(used, list) else None,
        ),
        ("Zuletzt geprüft", kpi.str_field("last_reviewed")),
        ("Prüfintervall", f"alle {review} Monate" if review else None),
        ("Version", str(kpi.int_field("version")) if kpi.int_field("version") else None),
    ]
    return [(k, v) for k, v in rows if v]


def kpi_diagram(site: SiteContext, kpi: Kpi, here: str) -> str | None:
    """The Mermaid diagram of what the KPI is computed from and what it feeds into."""
    inputs = site.inputs.get(kpi.id, [])
    dependents = site.dependents.get(kpi.id, [])
    if not inputs and not dependents:
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
    rows = []
    for case in cases:
        values = case.get("inputs") if isinstance(case.get("inputs"), dict) else {}
        rows.append(
            {
                "cells": [number(values[c]) if c in values else "–" for c in columns],
                "expected": number(case.get("expected")),
                "note": site.text(case.get("note")),
            }
        )
    headers = []
    for column in columns:
        inner = column[5:-1] if column.startswith("prev(") and column.endswith(")") else column
        entry = site.entries.get(inner)
        label = site.name(entry) if entry else inner
        headers.append(f"{label} (Vorperiode)" if inner != column else label)
    return {"headers": headers, "rows": rows}


PAGES = (EntryPages("kpi", kpi_page),)
