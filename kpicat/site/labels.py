"""The site's words in every language it is built in: vocabulary labels and page phrases.

The German text is the key (the site was German first): a vocabulary table maps a value
to ``{language: label}``, and ``PHRASES`` maps every fixed German phrase the pages and
templates print to its English text. ``label``/``phrase``/``plural`` pick the page's
language; a language kpicat has no words for reads English (the catalogue's own text and
Material's labels are still in that language). ``tests/site/test_site_languages.py``
checks that every phrase the site prints has its English text here.
"""

from __future__ import annotations

from typing import Any

DEFAULT = "de"
SPOKEN = ("de", "en")

STATUS = {
    "proposed": {"de": "Vorgeschlagen", "en": "Proposed"},
    "active": {"de": "Aktiv", "en": "Active"},
    "deprecated": {"de": "Veraltet", "en": "Deprecated"},
    "retired": {"de": "Außer Betrieb", "en": "Retired"},
}
INDICATOR = {
    "input": {"de": "Frühindikator (Input)", "en": "Leading indicator (input)"},
    "output": {"de": "Spätindikator (Output)", "en": "Lagging indicator (output)"},
}
INDICATOR_SHORT = {
    "input": {"de": "Input", "en": "Input"},
    "output": {"de": "Output", "en": "Output"},
}
NATURE = {
    "financial": {"de": "finanziell", "en": "financial"},
    "non_financial": {"de": "nicht finanziell", "en": "non-financial"},
}
PERIOD = {
    "daily": {"de": "täglich", "en": "daily"},
    "weekly": {"de": "wöchentlich", "en": "weekly"},
    "monthly": {"de": "monatlich", "en": "monthly"},
    "quarterly": {"de": "quartalsweise", "en": "quarterly"},
    "half_yearly": {"de": "halbjährlich", "en": "half-yearly"},
    "yearly": {"de": "jährlich", "en": "yearly"},
}
DIRECTION = {
    "higher_is_better": {"de": "höher ist besser", "en": "higher is better"},
    "lower_is_better": {"de": "niedriger ist besser", "en": "lower is better"},
    "target_range": {"de": "nahe am Zielwert ist besser", "en": "closer to the target is better"},
}
UNIT = {
    "EUR": {"de": "€", "en": "€"},
    "count": {"de": "Anzahl", "en": "count"},
    "percent": {"de": "Prozent (%)", "en": "percent (%)"},
    "ratio": {"de": "Verhältnis", "en": "ratio"},
    "days": {"de": "Tage", "en": "days"},
    "hours": {"de": "Stunden", "en": "hours"},
    "score": {"de": "Punkte", "en": "points"},
}
GRANULARITY = {
    "account": {"de": "je Key Account", "en": "per key account"},
    "manager": {"de": "je Key Account Manager", "en": "per key account manager"},
    "portfolio": {"de": "alle Key Accounts zusammen", "en": "all key accounts together"},
    "company": {"de": "ganzes Unternehmen", "en": "whole company"},
}
# "EUR/count" reads "€ je Anzahl" / "€ per count"
UNIT_PER = {"de": " je ", "en": " per "}
OWNER_KIND = {"team": {"de": "Team", "en": "Team"}, "person": {"de": "Person", "en": "Person"}}
LANGUAGE = {
    "de": {"de": "Deutsch", "en": "German"},
    "en": {"de": "Englisch", "en": "English"},
    "fr": {"de": "Französisch", "en": "French"},
    "it": {"de": "Italienisch", "en": "Italian"},
    "es": {"de": "Spanisch", "en": "Spanish"},
}
# the language selector shows each language in its own words
ENDONYM = {"de": "Deutsch", "en": "English", "fr": "Français", "it": "Italiano", "es": "Español"}
SEVERITY = {
    "error": {"de": "Fehler", "en": "error"},
    "warning": {"de": "Warnung", "en": "warning"},
    "info": {"de": "Hinweis", "en": "note"},
    "off": {"de": "aus", "en": "off"},
}
RULE_GROUP = {
    "loading": {"de": "Laden", "en": "loading"},
    "schema": {"de": "Schema", "en": "schema"},
    "references": {"de": "Verweise", "en": "references"},
    "formulas": {"de": "Formeln", "en": "formulas"},
    "consistency": {"de": "Stimmigkeit", "en": "consistency"},
    "bloat": {"de": "Schlankheit", "en": "leanness"},
    "workflow": {"de": "Arbeitsablauf", "en": "workflow"},
}
KIND = {
    "term": {"de": "Begriff", "en": "Term"},
    "kpi": {"de": "KPI", "en": "KPI"},
    "kra": {"de": "KRA", "en": "KRA"},
    "owner": {"de": "Verantwortliche", "en": "Owner"},
    "measure": {"de": "Basisgröße", "en": "Measure"},
}
SECTION_TITLE = {
    "term": {"de": "Glossar A–Z", "en": "Glossary A–Z"},
    "kpi": {"de": "KPI-Katalog", "en": "KPI catalogue"},
    "kra": {"de": "Key Result Areas", "en": "Key result areas"},
    "owner": {"de": "Verantwortliche", "en": "Owners"},
    "measure": {"de": "Basisgrößen", "en": "Measures"},
}
# "Zurück zu …" under an entry page: the words before the link and the section's name in
# the case those words need (dative plural: "zu den Verantwortlichen")
BACK_TO = {
    "term": {"de": ("Zurück zum", "Glossar"), "en": ("Back to the", "glossary")},
    "kpi": {"de": ("Zurück zum", "KPI-Katalog"), "en": ("Back to the", "KPI catalogue")},
    "kra": {"de": ("Zurück zu den", "Key Result Areas"), "en": ("Back to the", "key result areas")},
    "owner": {"de": ("Zurück zu den", "Verantwortlichen"), "en": ("Back to the", "owners")},
    "measure": {"de": ("Zurück zu den", "Basisgrößen"), "en": ("Back to the", "measures")},
}
# the marker next to text shown in another language because the page's is missing
ONLY_IN = {
    "de": {"de": "nur auf Deutsch", "en": "German only"},
    "en": {"de": "nur auf Englisch", "en": "English only"},
}

# Counted nouns: the German singular is the key, then (de singular, de plural, en singular,
# en plural). ``plural`` picks the form with Babel's plural rules of the page's language.
COUNTED = {
    "Befund": ("Befund", "Befunde", "finding", "findings"),
    "Frühindikator": (
        "Frühindikator",
        "Frühindikatoren",
        "leading indicator",
        "leading indicators",
    ),
    "Spätindikator": (
        "Spätindikator",
        "Spätindikatoren",
        "lagging indicator",
        "lagging indicators",
    ),
    "Monat": ("Monat", "Monate", "month", "months"),
    "Tag": ("Tag", "Tage", "day", "days"),
    "Stunde": ("Stunde", "Stunden", "hour", "hours"),
    "Punkt": ("Punkt", "Punkte", "point", "points"),
}

# Every fixed German phrase the pages print, with its English text.
PHRASES: dict[str, str] = {
    # shared by entry pages
    "Veraltet": "Deprecated",
    "Abkürzung": "Abbreviation",
    "Auch bekannt als": "Also known as",
    "Im Glossar": "In the glossary",
    "Definition": "Definition",
    "Verwandte Einträge": "Related entries",
    "Quellen": "Sources",
    "Quelle": "Source",
    "YAML-Datei bearbeiten": "Edit the YAML file",
    "unbekannt": "unknown",
    "Synonyme": "Synonyms",
    "Benennt die KPI": "Names the KPI",
    "Stattdessen verwenden": "Use instead",
    "Dieser Eintrag ist veraltet.": "This entry is deprecated.",
    "Dieser Eintrag ist außer Betrieb.": "This entry is retired.",
    "Nachfolger": "Successor",
    # KPI page
    "Formel": "Formula",
    "In Worten": "In words",
    "Formel im Katalog": "Formula in the catalogue",
    "Symbol": "Symbol",
    "Bedeutung": "Meaning",
    "Art": "Kind",
    "Einheit": "Unit",
    "Steckbrief": "Fact sheet",
    "Wozu": "Purpose",
    "So lesen Sie den Wert": "How to read it",
    "Auf einen Blick": "At a glance",
    "Fallstricke": "Pitfalls",
    "Hebel": "Levers",
    "Ausgangswert": "Baseline",
    "Granularität": "Granularity",
    "Technische Angaben": "Technical details",
    "Kennung": "Id",
    "Datei": "File",
    "Merkmal": "Property",
    "Wert": "Value",
    "Datenquellen": "Data sources",
    "Basisgröße": "Measure",
    "System": "System",
    "Objekt": "Object",
    "Feld": "Field",
    "Filter": "Filter",
    "Abhängigkeiten": "Dependencies",
    "Berechnet aus": "Computed from",
    "Fließt ein in": "Feeds into",
    "Rechenbeispiele": "Worked examples",
    "Ergebnis": "Result",
    "Erläuterung": "Explanation",
    "Richtung": "Direction",
    "Zielwert": "Target",
    "Periode": "Period",
    "Kategorie": "Category",
    "Indikator": "Indicator",
    "KRA": "KRA",
    "Verantwortlich": "Owner",
    "Kontakt": "Contact",
    "Status": "Status",
    "Verwendet in": "Used in",
    "Zuletzt geprüft": "Last reviewed",
    "Prüfintervall": "Review interval",
    "Version": "Version",
    "Bereich {low} bis {high}": "range {low} to {high}",
    "alle {n} {months}": "every {n} {months}",
    "Vorperiode": "previous period",
    # KRA, owner, measure pages
    "KPIs dieser KRA": "KPIs of this KRA",
    "KPI-Landkarte": "KPI map",
    "Ein Pfeil heißt „fließt ein in“; ein Klick auf einen Kasten öffnet den Eintrag.": (
        "An arrow means “feeds into”; click a box to open the entry."
    ),
    "{n} Basisgrößen": "{n} measures",
    "Aus anderen KRAs": "From other KRAs",
    "{n} weitere KPIs sind nicht im Bild; die Liste unten nennt alle.": (
        "{n} more KPIs are not in the picture; the list below names them all."
    ),
    "Aufgabe": "Responsibility",
    "KPIs": "KPIs",
    "Key Result Areas": "Key result areas",
    "Basisgrößen": "Measures",
    "GitHub": "GitHub",
    "Datenquelle": "Data source",
    "Verwendet von": "Used by",
    "Budget": "Budget",
    "von": "of",
    "aktiven KPIs": "active KPIs",
    "überschritten": "exceeded",
    "Aktive KPIs": "Active KPIs",
    "kein Budget gesetzt": "no budget set",
    "Input/Output": "Input/output",
    "KPI": "KPI",
    "Typ": "Type",
    "Keine KPIs.": "No KPIs.",
    # overviews
    "Glossar A–Z": "Glossary A–Z",
    "Alle Begriffe des Katalogs mit Abkürzung und Kurzdefinition. Ein Klick auf einen "
    "Begriff zeigt Definition, Synonyme, verwandte Einträge und die KPI, die er benennt.": (
        "Every term of the catalogue with its abbreviation and a short definition. Click a "
        "term for its definition, synonyms, related entries and the KPI it names."
    ),
    "Noch keine Begriffe.": "No terms yet.",
    "sonstige": "other",
    "KPI-Katalog": "KPI catalogue",
    "Alle Kennzahlen mit Kategorie, Typ, Key Result Area (KRA), Verantwortlichen, Status, "
    "Einheit und Periode. Ein Klick auf den Namen zeigt Definition, Formel, Datenquellen "
    "und Abhängigkeiten.": (
        "Every KPI with its category, type, key result area (KRA), owner, status, unit and "
        "period. Click a name for its definition, formula, data sources and dependencies."
    ),
    "Noch keine KPIs.": "No KPIs yet.",
    "Alle Kennzahlen mit Kurzdefinition, Key Result Area (KRA), Kategorie, Typ, "
    "Verantwortlichen und Status. Ein Klick auf den Namen zeigt Definition, Formel, "
    "Datenquellen und Abhängigkeiten; Filter und ein Klick auf eine Spaltenüberschrift "
    "grenzen die Liste ein.": (
        "Every KPI with a short definition, key result area (KRA), category, type, owner and "
        "status. Click a name for its definition, formula, data sources and dependencies; the "
        "filters and a click on a column heading narrow the list."
    ),
    "Key Result Areas (KRAs, Verantwortungsbereiche) bündeln die KPIs, mit denen ein Bereich "
    "gemessen wird. Wenige KPIs je KRA halten den Katalog übersichtlich.": (
        "Key result areas (KRAs, areas of responsibility) group the KPIs an area is measured "
        "by. Few KPIs per KRA keep the catalogue clear."
    ),
    "Noch keine KRAs.": "No KRAs yet.",
    "Input / Output": "Input / output",
    "Basisgrößen sind die Werte, die Formeln aus den Quellsystemen (CRM, ERP) lesen.": (
        "Measures are the values formulas read from the source systems (CRM, ERP)."
    ),
    "Noch keine Basisgrößen.": "No measures yet.",
    "Verantwortliche": "Owners",
    "Teams und Personen, die KPIs, KRAs und Basisgrößen verantworten.": (
        "The teams and people who own KPIs, KRAs and measures."
    ),
    "Name": "Name",
    "Noch keine Verantwortlichen.": "No owners yet.",
    # start page
    "Dieser Katalog beschreibt Begriffe und Kennzahlen (KPIs): was sie bedeuten, wie sie "
    "berechnet werden, wer sie verantwortet und wo ihre Daten herkommen.": (
        "This catalogue describes terms and key performance indicators (KPIs): what they "
        "mean, how they are calculated, who owns them and where their data comes from."
    ),
    "Die Suche oben findet einen Eintrag über seinen Namen, seine Abkürzung und seine "
    "Synonyme.": "The search above finds an entry by its name, its abbreviation and its synonyms.",
    "Inhalt": "Contents",
    "Bereich": "Section",
    "Einträge": "Entries",
    "Kennzahlen auf einen Blick": "KPIs at a glance",
    "aktive KPIs": "active KPIs",
    "vorgeschlagene": "proposed",
    "veraltete oder außer Betrieb genommene": "deprecated or retired",
    "Budgets, Doppelungen und Lücken im Katalog": "budgets, duplicates and gaps in the catalogue",
    "wonach jeder Eintrag geprüft wird.": "what every entry is checked for.",
    "wie Sie eine neue Kennzahl vorschlagen oder eine bestehende ändern.": (
        "how to propose a new KPI or change an existing one."
    ),
    "Katalog-Gesundheit": "Catalogue health",
    "Regeln": "Rules",
    "Mitwirken": "Contributing",
    "Download": "Download",
    "Der ganze Katalog als Datei": "The whole catalogue as a file",
    # changes from git (kpicat.site.changes words the changes themselves, in German so far)
    "nicht mehr im Katalog": "no longer in the catalogue",
    "ohne Beschreibung": "no description",
    "Neu und geändert": "New and changed",
    "Änderungen": "Changes",
    "Dazu {n} ältere Änderungen.": "And {n} older changes.",
    "Die jüngsten Änderungen am Katalog (bis zu {n}), die neuesten zuerst: wann, von wem, mit "
    "welcher Begründung und was sich inhaltlich geändert hat. Jeder Eintrag zeigt seine eigenen "
    "Änderungen am Ende seiner Seite.": (
        "The latest changes to the catalogue (up to {n}), newest first: when, by whom, why, "
        "and what changed in content. Every entry shows its own changes at the end of its page."
    ),
    # navigation
    "Start": "Home",
    "Katalog": "Catalogue",
    # health page
    "Wie schlank und stimmig ist der Katalog? Diese Seite zeigt Budgets je KRA und "
    "Verantwortlichen, das Verhältnis von Früh- zu Spätindikatoren und alle Befunde der "
    "Prüfung (`kpicat check`), die keine Fehler sind.": (
        "How lean and consistent is the catalogue? This page shows the budgets per KRA and "
        "owner, the balance of leading and lagging indicators and every finding of the check "
        "(`kpicat check`) that is not an error."
    ),
    "Überblick": "Overview",
    "Gesundheitswert": "Health score",
    "von 100": "of 100",
    "Abzüge": "deductions",
    "im Katalog-Budget": "in the catalogue budget",
    "Frühindikatoren (Input)": "Leading indicators (input)",
    "Spätindikatoren (Output)": "Lagging indicators (output)",
    "Budgets je KRA": "Budgets per KRA",
    "Keine KRAs.": "No KRAs.",
    "Budgets je Verantwortlichen": "Budgets per owner",
    "Keine Verantwortlichen.": "No owners.",
    "Befunde": "Findings",
    "Mehr dazu": "More",
    "Eintrag": "Entry",
    "Stelle": "Location",
    "Befund": "Finding",
    "Hinweis": "Hint",
    "Keine Befunde: der Katalog ist in gutem Zustand.": (
        "No findings: the catalogue is in good shape."
    ),
    "Regel": "Rule",
    # rules page
    "`kpicat check` prüft jeden Eintrag nach diesen Regeln. Jede Regel hat einen festen Code; "
    "in `kpicat.yaml` lässt sich ihre Stufe ändern (`rules: {KC401: warning}`), und ein "
    'Eintrag kann eine Regel mit Begründung unterdrücken (`lint: {ignore: {KC401: "..."}}`).': (
        "`kpicat check` checks every entry against these rules. Every rule has a fixed code; "
        "`kpicat.yaml` can change its level (`rules: {KC401: warning}`), and an entry can "
        'switch a rule off with a reason (`lint: {ignore: {KC401: "..."}}`).'
    ),
    # what a change did (kpicat.site.changes); "{}" is a field, a value or a formula
    "Neu in den Katalog aufgenommen": "Added to the catalogue",
    "Aus dem Katalog entfernt": "Removed from the catalogue",
    "Überarbeitet": "Revised",
    "Neue Kennung: {} → {}": "New id: {} → {}",
    "{} ergänzt": "{} added",
    "{} entfernt": "{} removed",
    "{} überarbeitet": "{} revised",
    "Formel ergänzt: {}": "Formula added: {}",
    "Formel entfernt": "Formula removed",
    "Formel anders geschrieben, gleiche Bedeutung: {}": (
        "Formula written differently, same meaning: {}"
    ),
    "Formel: {} → {}": "Formula: {} → {}",
    "{}: neu {}": "{}: new {}",
    "{} entfernt (zuvor {})": "{} removed (was {})",
    "ja": "yes",
    "nein": "no",
    "Key Result Area": "Key result area",
    "Ersetzt durch": "Replaced by",
    "Zugehörige KPI": "KPI it names",
    "Höchstzahl KPIs": "Maximum number of KPIs",
    "Interpretation": "Interpretation",
    "Anmerkungen": "Notes",
    "Prüfregeln": "Lint rules",
    "Zielwert (Untergrenze)": "Target (lower bound)",
    "Zielwert (Obergrenze)": "Target (upper bound)",
    "Stufe": "Level",
    "Gruppe": "Group",
    # ratings of the health score (kpicat.health words them "gut / good")
    "gut": "good",
    "mittel": "fair",
    "schlecht": "poor",
    "kritisch": "critical",
}


def spoken(lang: str) -> str:
    """The language whose words the site prints for ``lang``: German, else English."""
    return lang if lang in SPOKEN else "en"


def label(table: dict[str, Any], value: str | None, lang: str = DEFAULT) -> str | None:
    """The label of ``value`` in ``lang``, or the raw value for vocabulary added in
    kpicat.yaml (a table entry that is plain text is the same in every language)."""
    if value is None:
        return None
    found = table.get(value, value)
    if isinstance(found, dict):
        return found.get(spoken(lang)) or found.get(DEFAULT) or value
    return found


def phrase(text: str, lang: str = DEFAULT) -> str:
    """A fixed German phrase of the site in ``lang``."""
    if spoken(lang) == DEFAULT:
        return text
    return PHRASES.get(text, text)


def plural(count: int, noun: str, lang: str = DEFAULT) -> str:
    """``count`` and the noun in the form the number needs (1 Befund, 2 Befunde), by the
    plural rules of ``lang`` (Babel's CLDR data)."""
    from babel import Locale

    forms = COUNTED[noun]
    sg, pl = (forms[0], forms[1]) if spoken(lang) == DEFAULT else (forms[2], forms[3])
    try:
        category = Locale.parse(lang).plural_form(count)
    except (ValueError, LookupError):
        category = "one" if count == 1 else "other"
    return sg if category == "one" else pl


def unit_label(value: str | None, lang: str = DEFAULT) -> str | None:
    """A unit in words of ``lang``: ``EUR/count`` reads "€ je Anzahl" / "€ per count"; a
    unit added in kpicat.yaml is shown as it is."""
    if value is None:
        return None
    parts = [label(UNIT, part.strip(), lang) or part for part in value.split("/")]
    return UNIT_PER[spoken(lang)].join(parts)


# The search label of contributor pages (docs/: contributing, rules, formulas ...).
MAINTENANCE = "Katalogpflege"

# Reader-facing words of the site that are not vocabulary: German and English, so that
# a bilingual site can pick the reader's language (``text(key, lang)``).
TEXT: dict[str, dict[str, str]] = {
    "maintenance": {"de": MAINTENANCE, "en": "Catalogue maintenance"},
    "maintenance_note": {
        "de": "für alle, die Einträge anlegen, ändern und prüfen. Die Begriffe und "
        "Kennzahlen selbst stehen im Katalog.",
        "en": "for everyone who adds, changes and reviews entries. The terms and KPIs "
        "themselves are in the catalogue.",
    },
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
