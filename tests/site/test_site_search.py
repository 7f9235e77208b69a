"""Search folding and de-duplication of the index (the browser tests show the effect)."""

from __future__ import annotations

import json
from pathlib import Path

from kpicat.site.search import FIELDS, fold, fold_index, rewrite_index, variants

SEPARATOR = r"[\s\-]+"


def test_fold_is_the_same_rule_both_ways() -> None:
    assert fold("Basisgröße") == "basisgroesse"
    assert fold("Basisgroesse") == "basisgroesse"
    assert fold("ÄUSSERER Wert") == "aeusserer wert"
    assert fold("Straße") == fold("Strasse")


def test_variants_hold_only_the_words_folding_changes() -> None:
    text = "<p>Die Basisgröße &amp; das Kundenwachstum (Über-Rendite).</p>"
    assert variants(text, SEPARATOR) == [
        "basisgroesse",
        "basisgrosse",
        "ueber",
        "uber",
    ]
    assert variants("<p>Churn Rate</p>", SEPARATOR) == []
    # without the letters themselves: capitals and entities still fold
    assert variants("<p>GRÖSSE und Gr&ouml;&szlig;e, STRAẞE</p>", SEPARATOR) == [
        "groesse",
        "grosse",
        "strasse",
    ]


def test_fold_index_adds_the_folded_fields_with_the_boosts_of_title_and_text() -> None:
    data = {
        "config": {
            "separator": SEPARATOR,
            "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
        },
        "docs": [
            {"location": "glossar/basisgroesse/", "title": "Basisgröße", "text": "<p>Wert</p>"},
            {"location": "glossar/basisgroesse/#a", "title": "A", "text": "<p>Maß</p>"},
            {"location": "glossar/basisgroesse/#b", "title": "A", "text": "<p>Maß</p>"},
            {"location": "kpi/x/#b", "title": "A", "text": "<p>Maß</p>"},
        ],
    }
    folded = fold_index(json.loads(json.dumps(data)))
    fields = folded["config"]["fields"]
    assert fields[FIELDS["title"]] == {"boost": 1000.0}
    assert fields[FIELDS["text"]] == {"boost": 1.0}
    docs = folded["docs"]
    assert [d["location"] for d in docs] == [
        "glossar/basisgroesse/",
        "glossar/basisgroesse/#a",
        "kpi/x/#b",
    ]
    assert docs[0][FIELDS["title"]] == "basisgroesse basisgrosse"
    assert FIELDS["text"] not in docs[0]
    assert docs[1][FIELDS["text"]] == "mass"
    assert docs[0]["title"] == "Basisgröße"  # what the reader sees stays as written


def test_rewrite_index_in_place(tmp_path: Path) -> None:
    assert rewrite_index(tmp_path) is False
    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    index.write_text(
        json.dumps({"config": {"fields": {}}, "docs": [{"location": "", "title": "Größe"}]}),
        encoding="utf-8",
    )
    assert rewrite_index(tmp_path) is True
    data = json.loads(index.read_text(encoding="utf-8"))
    assert data["docs"][0][FIELDS["title"]] == "groesse grosse"
