"""Changes worded for business readers (kpicat.site.changes)."""

from __future__ import annotations

import html

from kpicat.diff.model import MISSING, EntryChange, FieldChange
from kpicat.site.changes import describe
from kpicat.site.escape import reveal


def phrases(*fields: FieldChange, change: str = "changed", lang: str = "de", **extra) -> list[str]:
    """The HTML of each phrase, kpicat's own elements restored."""
    entry = EntryChange(kind="kpi", id="k", change=change, name="K", fields=list(fields), **extra)
    named = {"team_a": "Team A", "team_b": "Team B"}.get
    return [reveal(p) for p in describe(entry, named, lang)]


def words(*fields: FieldChange, **extra) -> list[str]:
    """What the reader sees (character references decoded)."""
    return [html.unescape(p) for p in phrases(*fields, **extra)]


def test_formula_unit_status_owner_target_in_german():
    assert words(
        FieldChange(("formula",), "a / b", "a / c"),
        FieldChange(("unit",), "percent", "EUR"),
        FieldChange(("status",), "proposed", "active"),
        FieldChange(("owner",), "team_a", "team_b"),
        FieldChange(("target", "value"), 50000, 60000.5),
    ) == [
        "Formel: <code>a / b</code> → <code>a / c</code>",
        "Einheit: Prozent (%) → €",
        "Status: Vorgeschlagen → Aktiv",
        "Verantwortlich: Team A → Team B",
        "Zielwert: 50.000 → 60.000,5",
    ]


def test_same_meaning_formula_and_texts():
    assert words(
        FieldChange(("formula",), "a + b", "b + a"),
        FieldChange(("definition", "de"), "Alt.", "Neu."),
        FieldChange(("definition", "en"), "Old.", "New."),
        FieldChange(("name", "en"), "Old", "New"),
        FieldChange(("purpose",), MISSING, {"de": "Wozu."}),
    ) == [
        "Formel anders geschrieben, gleiche Bedeutung: <code>b + a</code>",
        "Definition überarbeitet",
        'Name (Englisch): <span lang="en">Old</span> → <span lang="en">New</span>',
        "Wozu ergänzt",
    ]


def test_added_removed_renamed():
    assert words(change="added") == ["Neu in den Katalog aufgenommen"]
    assert words(change="removed") == ["Aus dem Katalog entfernt"]
    renamed = words(change="renamed", old_id="alt")
    assert renamed == ["Neue Kennung: <code>alt</code> → <code>k</code>"]


def test_catalogue_text_is_escaped():
    (phrase,) = phrases(FieldChange(("unit",), "<img src=x onerror=alert(1)>", "*x*"))
    assert "<img" not in phrase and "*x*" not in phrase
    assert html.unescape(phrase) == "Einheit: <img src=x onerror=alert(1)> → *x*"


def test_the_same_changes_in_english():
    assert words(
        FieldChange(("formula",), "a / b", "a / c"),
        FieldChange(("unit",), "percent", "EUR"),
        FieldChange(("status",), "proposed", "active"),
        FieldChange(("owner",), "team_a", "team_b"),
        FieldChange(("target", "value"), 50000, 60000.5),
        FieldChange(("type", "nature"), MISSING, "non_financial"),
        FieldChange(("name", "de"), "Alt", "Neu"),
        FieldChange(("purpose",), MISSING, {"en": "Why."}),
        FieldChange(("pitfalls",), {"en": "x"}, MISSING),
        FieldChange(("definition", "en"), "Old.", "New."),
        lang="en",
    ) == [
        "Formula: <code>a / b</code> → <code>a / c</code>",
        "Unit: percent (%) → €",
        "Status: Proposed → Active",
        "Owner: Team A → Team B",
        "Target: 50,000 → 60,000.5",
        "Nature: new non-financial",
        'Name (German): <span lang="de">Alt</span> → <span lang="de">Neu</span>',
        "Purpose added",
        "Pitfalls removed",
        "Definition revised",
    ]
    assert words(change="added", lang="en") == ["Added to the catalogue"]
    assert words(change="removed", lang="en") == ["Removed from the catalogue"]
    assert words(change="renamed", old_id="alt", lang="en") == [
        "New id: <code>alt</code> → <code>k</code>"
    ]
