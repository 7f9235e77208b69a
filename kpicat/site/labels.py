"""German display labels for the catalogue's fixed vocabularies."""

from __future__ import annotations

STATUS = {
    "proposed": "Vorgeschlagen",
    "active": "Aktiv",
    "deprecated": "Veraltet",
    "retired": "Außer Betrieb",
}
INDICATOR = {"input": "Frühindikator (Input)", "output": "Spätindikator (Output)"}
INDICATOR_SHORT = {"input": "Input", "output": "Output"}
NATURE = {"financial": "finanziell", "non_financial": "nicht finanziell"}
PERIOD = {
    "daily": "täglich",
    "weekly": "wöchentlich",
    "monthly": "monatlich",
    "quarterly": "quartalsweise",
    "half_yearly": "halbjährlich",
    "yearly": "jährlich",
}
DIRECTION = {
    "higher_is_better": "höher ist besser",
    "lower_is_better": "niedriger ist besser",
    "target_range": "nahe am Zielwert ist besser",
}
UNIT = {
    "EUR": "EUR",
    "count": "Anzahl",
    "percent": "Prozent (%)",
    "ratio": "Verhältnis",
    "days": "Tage",
    "hours": "Stunden",
    "score": "Punkte",
}
OWNER_KIND = {"team": "Team", "person": "Person"}
LANGUAGE = {
    "de": "Deutsch",
    "en": "Englisch",
    "fr": "Französisch",
    "it": "Italienisch",
    "es": "Spanisch",
}
SEVERITY = {"error": "Fehler", "warning": "Warnung", "info": "Hinweis"}
KIND = {
    "term": "Begriff",
    "kpi": "KPI",
    "kra": "KRA",
    "owner": "Verantwortliche",
    "measure": "Basisgröße",
}
SECTION_TITLE = {
    "term": "Glossar A–Z",
    "kpi": "KPI-Katalog",
    "kra": "Key Result Areas",
    "owner": "Verantwortliche",
    "measure": "Basisgrößen",
}


def label(table: dict[str, str], value: str | None) -> str | None:
    """The German label, or the raw value for vocabulary added in kpicat.yaml."""
    if value is None:
        return None
    return table.get(value, value)


# The search label of contributor pages (docs/: contributing, rules, formulas ...).
MAINTENANCE = "Katalogpflege"

# Reader-facing words of the site that are not vocabulary: German and English, so that
# a bilingual site can pick the reader's language (``text(key, lang)``).
TEXT: dict[str, dict[str, str]] = {
    "maintenance": {"de": MAINTENANCE, "en": "Catalogue maintenance"},
    "propose_change": {"de": "Änderung vorschlagen", "en": "Suggest a change"},
    "propose_change_hint": {
        "de": "Öffnet die Datei zum Bearbeiten; ohne Schreibrecht legt GitHub dafür eine "
        "eigene Kopie an und schlägt die Änderung als Pull Request vor.",
        "en": "Opens the file for editing; without write access GitHub makes your own copy "
        "and proposes the change as a pull request.",
    },
    "propose_kpi": {"de": "Neue KPI vorschlagen", "en": "Propose a new KPI"},
    "propose_term": {"de": "Neuen Begriff vorschlagen", "en": "Propose a new term"},
    "propose_kra": {"de": "Neue KRA vorschlagen", "en": "Propose a new KRA"},
    "propose_owner": {"de": "Neue Verantwortliche vorschlagen", "en": "Propose a new owner"},
    "propose_measure": {"de": "Neue Basisgröße vorschlagen", "en": "Propose a new base measure"},
    "propose_new_hint": {
        "de": "Öffnet auf GitHub eine neue Datei mit einer Vorlage: jede Zeile mit TODO "
        "ausfüllen, dann „Propose new file“.",
        "en": "Opens a new file with a template on GitHub: fill in every line marked TODO, "
        "then “Propose new file”.",
    },
    "propose_issue_hint": {
        "de": "Lieber ohne Datei?",
        "en": "Rather not edit a file?",
    },
    "propose_issue": {"de": "Vorschlag per Formular", "en": "Suggest it in a form"},
    "table_filter": {"de": "Filtern", "en": "Filter"},
    "table_all": {"de": "alle", "en": "all"},
    "table_shown": {"de": "{shown} von {total} KPIs", "en": "{shown} of {total} KPIs"},
    "table_reset": {"de": "Filter zurücksetzen", "en": "Reset filters"},
    "table_sort_hint": {
        "de": "Ein Klick auf eine Spaltenüberschrift sortiert.",
        "en": "Click a column heading to sort.",
    },
    "kpi": {"de": "KPI", "en": "KPI"},
    "definition_short": {"de": "Kurzdefinition", "en": "Short definition"},
    "kra": {"de": "KRA", "en": "KRA"},
    "category": {"de": "Kategorie", "en": "Category"},
    "status": {"de": "Status", "en": "Status"},
    "indicator": {"de": "Indikator", "en": "Indicator"},
    "nature": {"de": "Art", "en": "Nature"},
    "owner": {"de": "Verantwortlich", "en": "Owner"},
    "unit": {"de": "Einheit", "en": "Unit"},
    "period": {"de": "Periode", "en": "Period"},
}


def text(key: str, lang: str = "de") -> str:
    """A site word in ``lang``, German when there is no translation."""
    entry = TEXT[key]
    return entry.get(lang) or entry["de"]
