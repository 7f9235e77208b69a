"""What a change to an entry means, in plain words of the page's language for business readers.

The diff engine (``kpicat.diff``) decides what changed; this module only words it.
Every value is catalogue or commit text and is escaped here (``kpicat.site.escape``),
so the phrases are ``Markup`` that templates print as they are. The German wording is
the key of ``labels.PHRASES``, which holds its English.
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
    ("type", "nature"): ("nature", labels.NATURE),  # labels.TEXT: "Art" / "Nature"
    ("target", "value"): ("Zielwert", None),
    ("target", "min"): ("Zielwert (Untergrenze)", None),
    ("target", "max"): ("Zielwert (Obergrenze)", None),
}
_VOCABULARY = {
    "status": labels.STATUS,
    "unit": labels.UNIT,
    "period": labels.PERIOD,
    "direction": labels.DIRECTION,
    "kind": labels.OWNER_KIND,
}
_REFERENCES = ("owner", "kra", "replaced_by", "kpi")
_SHORT = {"status", "unit", "period", "direction", "category", "version", "review_every"}


def describe(
    change: EntryChange,
    name_of: Callable[[str], str] | None = None,
    lang: str = labels.DEFAULT,
) -> list[Markup]:
    """One phrase per meaningful difference in ``lang``, e.g. 'Status: Vorgeschlagen → Aktiv'.

    ``name_of`` turns the id of an owner, KRA or successor into today's name.
    """
    words = _Words(lang, name_of or (lambda entry_id: entry_id))
    if change.change == "added":
        return [words.markup("Neu in den Katalog aufgenommen")]
    if change.change == "removed":
        return [words.markup("Aus dem Katalog entfernt")]
    phrases: list[Markup] = []
    if change.change == "renamed" and change.old_id:
        phrases.append(
            words.markup("Neue Kennung: {} → {}").format(
                element("code", change.old_id), element("code", change.id)
            )
        )
    seen: set[str] = set()
    for field in change.fields:
        phrase = words.field(field, seen)
        if phrase is not None:
            phrases.append(phrase)
    return phrases or [words.markup("Überarbeitet")]


class _Words:
    """The wording of one page's language (phrases, labels, numbers)."""

    def __init__(self, lang: str, named: Callable[[str], str]) -> None:
        self.lang = lang
        self.named = named

    def markup(self, german: str) -> Markup:
        """A fixed phrase (kpicat's own text) in the page's language."""
        return Markup(labels.phrase(german, self.lang))

    def label(self, german: str) -> Markup:
        """A field's name: a German phrase, or a key of ``labels.TEXT`` where the German
        word is ambiguous ("Art" of a KPI's type is "Nature", of an owner "Kind")."""
        if german in labels.TEXT:
            return inline(labels.text(german, self.lang))
        return inline(labels.phrase(german, self.lang))

    def field(self, field: FieldChange, seen: set[str]) -> Markup | None:
        top = str(field.path[0])
        sub = (top, str(field.path[1])) if len(field.path) > 1 else None
        if sub in _SUB:
            label, table = _SUB[sub]
            return self.before_after(self.label(label), field, lambda v: self.value(v, table))
        if top == "formula":
            return self.formula(field)
        if top in _REFERENCES and len(field.path) == 1:
            return self.before_after(
                self.label(FIELD[top]), field, lambda v: inline(self.named(v)) if v else None
            )
        if top in _VOCABULARY or top in _SHORT:
            return self.before_after(
                self.label(FIELD.get(top, top)),
                field,
                lambda v: self.value(v, _VOCABULARY.get(top)),
            )
        label = self.label(FIELD.get(top, top))
        if top == "name" and len(field.path) == 2:
            code = str(field.path[1])
            language = labels.label(labels.LANGUAGE, code, self.lang) or code
            return self.before_after(
                Markup("{} ({})").format(label, inline(language)),
                field,
                lambda v: element("span", v if isinstance(v, str) else "…", lang=code),
            )
        if top in seen:
            return None  # one phrase per field, however many of its parts changed
        seen.add(top)
        if field.before is MISSING and len(field.path) == 1:
            return self.markup("{} ergänzt").format(label)
        if field.after is MISSING and len(field.path) == 1:
            return self.markup("{} entfernt").format(label)
        return self.markup("{} überarbeitet").format(label)

    def formula(self, field: FieldChange) -> Markup:
        before, after = field.before, field.after
        if before is MISSING or before is None:
            return self.markup("Formel ergänzt: {}").format(element("code", after))
        if after is MISSING or after is None:
            return self.markup("Formel entfernt")
        if same_formula_meaning(before, after):
            return self.markup("Formel anders geschrieben, gleiche Bedeutung: {}").format(
                element("code", after)
            )
        return self.markup("Formel: {} → {}").format(
            element("code", before), element("code", after)
        )

    def before_after(
        self, label: Markup, field: FieldChange, show: Callable[[Any], Markup | None]
    ) -> Markup:
        before = show(field.before) if field.before not in (MISSING, None) else None
        after = show(field.after) if field.after not in (MISSING, None) else None
        if before is None and after is not None:
            return self.markup("{}: neu {}").format(label, after)
        if after is None:
            return self.markup("{} entfernt (zuvor {})").format(label, before or "–")
        return Markup("{}: {} → {}").format(label, before, after)

    def value(self, value: Any, table: dict[str, Any] | None) -> Markup:
        if isinstance(value, bool):
            return self.label("ja" if value else "nein")
        if isinstance(value, int | float):
            return inline(number(value, self.lang))
        if isinstance(value, str) and table is labels.UNIT:
            return inline(labels.unit_label(value, self.lang))  # EUR/count: "€ je Anzahl"
        if isinstance(value, str):
            return inline(labels.label(table, value, self.lang) if table else value)
        return inline("…")  # a list or mapping where a single value is expected
