"""What a change to an entry means, in plain German words for business readers.

The diff engine (``kpicat.diff``) decides what changed; this module only words it.
Every value is catalogue or commit text and is escaped here (``kpicat.site.escape``),
so the phrases are ``Markup`` that templates print as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from kpicat.diff.compare import same_formula_meaning
from kpicat.diff.model import MISSING, EntryChange, FieldChange
from kpicat.site import labels
from kpicat.site.escape import element, inline
from kpicat.site.formatting import number

FIELD = {
    "name": "Name",
    "definition": "Definition",
    "formula": "Formel",
    "unit": "Einheit",
    "status": "Status",
    "owner": "Verantwortlich",
    "kra": "Key Result Area",
    "target": "Zielwert",
    "type": "Typ",
    "category": "Kategorie",
    "period": "Periode",
    "direction": "Richtung",
    "version": "Version",
    "replaced_by": "Ersetzt durch",
    "used_in": "Verwendet in",
    "last_reviewed": "Zuletzt geprüft",
    "review_every": "Prüfintervall",
    "examples": "Rechenbeispiele",
    "related": "Verwandte Einträge",
    "synonyms": "Synonyme",
    "abbreviation": "Abkürzung",
    "source": "Quelle",
    "sources": "Quellen",
    "kpi": "Zugehörige KPI",
    "contact": "Kontakt",
    "github": "GitHub",
    "kind": "Art",
    "max_kpis": "Höchstzahl KPIs",
    "purpose": "Wozu",
    "interpretation": "Interpretation",
    "pitfalls": "Fallstricke",
    "levers": "Hebel",
    "granularity": "Granularität",
    "baseline": "Ausgangswert",
    "notes": "Anmerkungen",
    "lint": "Prüfregeln",
}
_SUB = {
    ("type", "indicator"): ("Indikator", labels.INDICATOR),
    ("type", "nature"): ("Art", labels.NATURE),
    ("target", "value"): ("Zielwert", None),
    ("target", "min"): ("Zielwert (Untergrenze)", None),
    ("target", "max"): ("Zielwert (Obergrenze)", None),
    ("target", "baseline"): ("Ausgangswert", None),
}
_VOCABULARY = {
    "status": labels.STATUS,
    "unit": labels.UNIT,
    "period": labels.PERIOD,
    "direction": labels.DIRECTION,
    "kind": labels.OWNER_KIND,
    "granularity": labels.GRANULARITY,
}
_REFERENCES = ("owner", "kra", "replaced_by", "kpi")
_SHORT = {
    "status",
    "unit",
    "period",
    "direction",
    "category",
    "version",
    "review_every",
    "granularity",
}


def describe(change: EntryChange, name_of: Callable[[str], str] | None = None) -> list[Markup]:
    """One phrase per meaningful difference, e.g. 'Status: Vorgeschlagen → Aktiv'.

    ``name_of`` turns the id of an owner, KRA or successor into today's name.
    """
    named = name_of or (lambda entry_id: entry_id)
    if change.change == "added":
        return [Markup("Neu in den Katalog aufgenommen")]
    if change.change == "removed":
        return [Markup("Aus dem Katalog entfernt")]
    phrases: list[Markup] = []
    if change.change == "renamed" and change.old_id:
        phrases.append(
            Markup("Neue Kennung: {} → {}").format(
                element("code", change.old_id), element("code", change.id)
            )
        )
    seen: set[str] = set()
    for field in change.fields:
        phrase = _phrase(field, change, named, seen)
        if phrase is not None:
            phrases.append(phrase)
    return phrases or [Markup("Überarbeitet")]


def _phrase(
    field: FieldChange, change: EntryChange, named: Callable[[str], str], seen: set[str]
) -> Markup | None:
    top = str(field.path[0])
    sub = (top, str(field.path[1])) if len(field.path) > 1 else None
    if sub in _SUB:
        label, table = _SUB[sub]
        return _before_after(label, field, lambda v: _value(v, table))
    if top == "formula":
        return _formula(field)
    if top in _REFERENCES and len(field.path) == 1:
        return _before_after(FIELD[top], field, lambda v: inline(named(v)) if v else None)
    if top in _VOCABULARY or top in _SHORT:
        return _before_after(FIELD.get(top, top), field, lambda v: _value(v, _VOCABULARY.get(top)))
    label = FIELD.get(top, top)
    if top == "name" and len(field.path) == 2:
        language = labels.label(labels.LANGUAGE, str(field.path[1])) or str(field.path[1])
        code = str(field.path[1])
        return _before_after(
            f"Name ({language})",
            field,
            lambda v: element("span", v if isinstance(v, str) else "…", lang=code),
        )
    if top in seen:
        return None  # one phrase per field, however many of its parts changed
    seen.add(top)
    if field.before is MISSING and len(field.path) == 1:
        return Markup("{} ergänzt").format(inline(label))
    if field.after is MISSING and len(field.path) == 1:
        return Markup("{} entfernt").format(inline(label))
    return Markup("{} überarbeitet").format(inline(label))


def _formula(field: FieldChange) -> Markup:
    before, after = field.before, field.after
    if before is MISSING or before is None:
        return Markup("Formel ergänzt: {}").format(element("code", after))
    if after is MISSING or after is None:
        return Markup("Formel entfernt")
    if same_formula_meaning(before, after):
        return Markup("Formel anders geschrieben, gleiche Bedeutung: {}").format(
            element("code", after)
        )
    return Markup("Formel: {} → {}").format(element("code", before), element("code", after))


def _before_after(label: str, field: FieldChange, show: Callable[[Any], Markup | None]) -> Markup:
    before = show(field.before) if field.before not in (MISSING, None) else None
    after = show(field.after) if field.after not in (MISSING, None) else None
    if before is None and after is not None:
        return Markup("{}: neu {}").format(inline(label), after)
    if after is None:
        return Markup("{} entfernt (zuvor {})").format(inline(label), before or "–")
    return Markup("{}: {} → {}").format(inline(label), before, after)


def _value(value: Any, table: dict[str, str] | None) -> Markup:
    if isinstance(value, bool):
        return inline("ja" if value else "nein")
    if isinstance(value, int | float):
        return inline(number(value))
    if isinstance(value, str) and table is labels.UNIT:
        return inline(labels.unit_label(value))  # EUR/count: "€ je Anzahl"
    if isinstance(value, str):
        return inline(labels.label(table, value) if table else value)
    return inline("…")  # a list or mapping where a single value is expected
