"""Changes worded for business readers (kpicat.site.changes)."""

from __future__ import annotations

import html

from kpicat.diff.model import MISSING, EntryChange, FieldChange
from kpicat.site.changes import describe
from kpicat.site.escape import reveal


def phrases(*fields: FieldChange, change: str = "changed", **extra) -> list[str]:
    """The HTML of each phrase, kpicat's own elements restored."""
    entry = EntryChange(kind="kpi", id="k", change=change, name="K", fields=list(fields), **extra)
    return [reveal(p) for p in describe(entry, {"team_a": "Team A", "team_b": "Team B"}.get)]


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
        "Einheit: Prozent (%) → EUR",
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
        "Name (Englisch): Old → New",
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
