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
