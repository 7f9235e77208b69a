"""KC301-KC309: inconsistent definitions, each with a failing and a passing case."""

from __future__ import annotations

from tests.rules.conftest import Kat, line_of


def scaled(factor: int) -> dict:
    """Formula and worked example of a KPI that is ``umsatz`` times ``factor``."""
    return {
        "formula": f"umsatz * {factor}",
        "examples": [{"inputs": {"umsatz": 100}, "expected": 100 * factor}],
    }


def column_of(kat: Kat, kind: str, entry_id: str, line: int, value: str) -> int:
    text = kat.path(kind, entry_id).read_text(encoding="utf-8").splitlines()[line - 1]
    return text.index(value) + 1


def test_baseline_catalogue_is_clean(kat):
    result = kat.check()
    assert [(d.code, d.message) for d in result.diagnostics] == []


# KC301 duplicate-formula


def test_same_formula_in_canonical_form_under_two_ids(kat):
    kat.kpi("quote_a", formula="umsatz / besuche * 100", unit="EUR/count")
    kat.kpi("quote_b", formula="100 * (umsatz / besuche)", unit="EUR/count")
    (diag,) = kat.found("KC301")
    assert diag.severity.value == "error"
    assert diag.entry == "quote_b"
    assert [r.entry for r in diag.related] == ["quote_a"]
    line = line_of(kat.path("kpi", "quote_b"), "formula:")
    assert (diag.line, diag.column) == (line, 10)
    assert diag.related[0].line == line_of(kat.path("kpi", "quote_a"), "formula:")
    assert "KPI quote_a (catalogue/kpis/quote_a.yaml:" in diag.message


def test_different_formulas_and_successors_are_not_duplicates(kat):
    kat.kpi("quote_a", formula="umsatz / besuche", unit="EUR/count")
    kat.kpi("quote_b", formula="besuche / umsatz", unit="count/EUR")
    kat.kpi(
        "quote_alt",
        formula="umsatz / besuche",
        unit="EUR/count",
        status="deprecated",
        replaced_by="quote_a",
    )
    kat.kpi("quote_ret", formula="umsatz / besuche", unit="EUR/count", status="retired")
    assert kat.found("KC301") == []


# KC302 duplicate-name


def test_same_name_after_folding_in_one_language(kat):
    kat.kpi("abwanderungsquote", name={"de": "Abwanderungsquote", "en": "Churn Rate"}, **scaled(2))
    kat.term("churn", name={"de": "Abwanderung", "en": "churn-rate"})
    (diag,) = kat.found("KC302")
    assert diag.entry == "churn"
    assert diag.file == "catalogue/terms/churn.yaml"
    assert (diag.line, diag.column) == (line_of(kat.path("term", "churn"), "en: churn-rate"), 7)
    assert [r.entry for r in diag.related] == ["abwanderungsquote"]
    other = kat.path("kpi", "abwanderungsquote")
    assert (diag.related[0].line, diag.related[0].column) == (line_of(other, "en: Churn Rate"), 7)
    assert diag.message.startswith("name (en) 'churn-rate' is also the name (en) of KPI ")
    assert "one concept, one entry" in diag.message


def test_umlauts_synonyms_and_abbreviations_fold_alike(kat):
    kat.term("groesse", name="Größe", synonyms={"de": ["Umfang", "Kundengröße"]})
    kat.term("kundengroesse", name="Kundengroesse")
    kat.term("kennzahl", name="Kennzahl", abbreviation="K.A.")
    found = {(d.entry, tuple(r.entry for r in d.related)) for d in kat.found("KC302")}
    # groesse's synonym vs kundengroesse's name; key_account's "KA" vs kennzahl's "K.A."
    assert found == {("kundengroesse", ("groesse",)), ("key_account", ("kennzahl",))}
    (syn,) = [d for d in kat.found("KC302") if d.entry == "kundengroesse"]
    assert syn.related[0].line == line_of(kat.path("term", "groesse"), "- Kundengröße")


def test_term_may_share_the_name_of_its_kpi(kat):
    kat.update("term", "key_account", name={"de": "Umsatz Key Accounts", "en": "Key account"})
    assert kat.found("KC302") == []
    kat.update("term", "key_account", kpi=None)
    assert [d.entry for d in kat.found("KC302")] == ["key_account"]


def test_same_name_in_different_languages_is_fine(kat):
    kat.term("sales", name={"de": "Sales", "en": "Vertrieb"})
    assert kat.found("KC302") == []


# KC303 similar-name


def test_near_duplicate_names(kat):
    kat.kpi("kundenbesuche", name="Anzahl Kundenbesuche", **scaled(2))
    kat.kpi("kundenbesuch", name="Anzahl Kundenbesuch", **scaled(3))
    (diag,) = kat.found("KC303")
    assert diag.severity.value == "warning"
    assert diag.entry == "kundenbesuche"
    assert [r.entry for r in diag.related] == ["kundenbesuch"]
    assert (diag.line, diag.column) == (2, 7)
    assert "similarity 0.97" in diag.message


def test_qualified_numbered_and_related_names_are_not_near_duplicates(kat):
    kat.term("kundenzufriedenheit", name="Kundenzufriedenheit")
    kat.kpi("zufriedenheitsrate", name="Kundenzufriedenheitsrate", **scaled(2))
    kat.term("fin", name={"de": "Finanzielle KPI", "en": "Financial KPI"})
    kat.term("nonfin", name={"de": "Nicht-finanzielle KPI", "en": "Non-financial KPI"})
    kat.kpi("umsatz_q1", name="Umsatz Q1", **scaled(3))
    kat.kpi("umsatz_q2", name="Umsatz Q2", **scaled(4))
    kat.term("angebot", name="Angebotsquote", related=["angebote"])
    kat.term("angebote", name="Angebotsquoten", related=["angebot"])
    assert kat.found("KC303") == []


def test_similarity_threshold_is_configurable(kat):
    kat.kpi("kundenbesuche", name="Anzahl Kundenbesuche", **scaled(2))
    kat.kpi("kundenbesuch", name="Anzahl Kundenbesuch", **scaled(3))
    kat.configure(thresholds={"similar_names": 0.99})
    assert kat.found("KC303") == []


# KC304 one-sided-link


def test_term_names_a_kpi_that_does_not_point_back(kat):
    kat.term("besuch", name="Besuch", kpi="besuchsanzahl")
    (diag,) = kat.found("KC304")
    assert diag.entry == "besuch"
    assert (diag.line, diag.column) == (line_of(kat.path("term", "besuch"), "kpi:"), 6)
    assert [r.entry for r in diag.related] == ["besuchsanzahl"]
    assert diag.related[0].line == line_of(kat.path("kpi", "besuchsanzahl"), "related:") + 1
    kat.update("kpi", "besuchsanzahl", related=["umsatz_ka", "besuch"])
    assert kat.found("KC304") == []


def test_related_between_kpis_must_be_mutual(kat):
    kat.update("kpi", "besuchsanzahl", related=None)
    (diag,) = kat.found("KC304")
    assert diag.entry == "umsatz_ka"
    path = kat.path("kpi", "umsatz_ka")
    assert diag.line == line_of(path, "- besuchsanzahl")
    assert [r.entry for r in diag.related] == ["besuchsanzahl"]
    assert diag.related[0].line == 1  # no related field: points at the id


def test_kpi_may_point_to_a_term_one_way(kat):
    kat.term("marge", name="Marge")
    kat.update("kpi", "besuchsanzahl", related=["umsatz_ka", "marge"])
    assert kat.found("KC304") == []


# KC305 missing-successor and KC306 inactive-successor


def test_deprecated_without_successor(kat):
    kat.kpi("alt", status="deprecated", **scaled(2))
    (diag,) = kat.found("KC305")
    assert diag.entry == "alt"
    assert diag.line == line_of(kat.path("kpi", "alt"), "status:")
    kat.kpi("alt", status="deprecated", replaced_by="umsatz_ka", **scaled(2))
    assert kat.found("KC305") == []


def test_suppressed_with_a_reason(kat):
    kat.kpi(
        "alt",
        status="retired",
        lint={"ignore": {"KC305": "wird nicht mehr gemessen"}},
        **scaled(2),
    )
    codes = [d.code for d in kat.check().diagnostics]
    assert "KC305" not in codes
    assert "KC502" not in codes


def test_successor_that_is_itself_gone(kat):
    kat.kpi("v1", status="deprecated", replaced_by="v2", **scaled(2))
    kat.kpi("v2", status="retired", replaced_by="v3", **scaled(3))
    kat.kpi("v3", **scaled(4), used_in=["Bericht"])
    (diag,) = kat.found("KC306")
    assert diag.severity.value == "error"
    assert diag.entry == "v1"
    assert diag.line == line_of(kat.path("kpi", "v1"), "replaced_by:")
    assert [r.entry for r in diag.related] == ["v2"]
    assert "itself retired" in diag.message
    assert diag.hint == "point replaced_by at v3, the active end of the chain"
    kat.kpi("v1", status="deprecated", replaced_by="v3", **scaled(2))
    assert kat.found("KC306") == []


def test_successor_loop(kat):
    kat.kpi("v1", status="deprecated", replaced_by="v2", **scaled(2))
    kat.kpi("v2", status="deprecated", replaced_by="v1", **scaled(3))
    found = kat.found("KC306")
    assert sorted(d.entry for d in found) == ["v1", "v2"]
    assert all("loop" in (d.hint or "") for d in found)


# KC307 uses-deprecated-kpi


def test_active_kpi_reads_a_deprecated_kpi(kat):
    kat.kpi("alt", status="deprecated", replaced_by="umsatz_ka", **scaled(2))
    kat.kpi(
        "neu",
        formula="besuche + alt",
        unit="EUR",
        examples=[{"inputs": {"besuche": 1, "alt": 2}, "expected": 3}],
    )
    (diag,) = kat.found("KC307")
    assert diag.entry == "neu"
    line = line_of(kat.path("kpi", "neu"), "formula:")
    assert (diag.line, diag.column) == (line, len("formula: besuche + ") + 1)
    assert [r.entry for r in diag.related] == ["alt"]
    assert diag.hint == "read umsatz_ka instead"


def test_proposed_kpi_may_read_a_deprecated_kpi(kat):
    kat.kpi("alt", status="deprecated", replaced_by="umsatz_ka", **scaled(2))
    kat.kpi("neu", formula="alt * 3", status="proposed", unit="EUR")
    assert kat.found("KC307") == []


# KC308 missing-translation


def test_required_language_missing(kat):
    kat.configure(required_languages=["de", "en"])
    _translate_base(kat)
    kat.update("kpi", "umsatz_ka", name="Umsatz Key Accounts")
    kat.update("kra", "vertrieb", definition={"de": "Umsatz steigern."})
    found = {(d.entry, d.line, d.column) for d in kat.found("KC308")}
    assert found == {
        ("umsatz_ka", 2, 7),
        ("vertrieb", line_of(kat.path("kra", "vertrieb"), "definition:") + 1, 3),
    }


def _translate_base(kat: Kat) -> None:
    """The base catalogue's owner name and term abbreviation in both languages."""
    kat.update("owner", "kam_team", name={"de": "Key-Account-Team", "en": "Key account team"})
    kat.update("term", "key_account", abbreviation={"de": "KA", "en": "KA"})


def test_translations_complete(kat):
    kat.configure(required_languages=["de", "en"])
    _translate_base(kat)
    assert kat.found("KC308") == []


def test_untranslated_text_is_reported_per_field_in_every_kind(kat):
    kat.configure(required_languages=["de", "en"])
    _translate_base(kat)
    kat.update("term", "key_account", definition="Ein wichtiger Kunde.")
    kat.update("owner", "kam_team", definition={"de": "Betreut die Key Accounts."})
    source = {"system": "ERP", "object": "Rechnung", "field": "Netto", "note": {"de": "Netto."}}
    kat.update("measure", "umsatz", source=source)
    kat.update(
        "kpi",
        "umsatz_ka",
        target={"value": 5, "note": {"en": "Five."}},
        examples=[
            {"inputs": {"umsatz": 1}, "expected": 1, "note": {"de": "Eins.", "en": "One."}},
            {"inputs": {"umsatz": 2}, "expected": 2, "note": {"de": "Zwei."}},
        ],
    )
    found = {(d.entry, d.message, d.line, d.column) for d in kat.found("KC308")}
    term, owner = kat.path("term", "key_account"), kat.path("owner", "kam_team")
    measure, kpi = kat.path("measure", "umsatz"), kat.path("kpi", "umsatz_ka")
    requires = "; kpicat.yaml requires de, en"
    assert found == {
        (
            "key_account",
            f"definition has no text in en{requires}",
            line_of(term, "definition:"),
            13,
        ),
        (
            "kam_team",
            f"definition has no text in en{requires}",
            line_of(owner, "definition:") + 1,
            3,
        ),
        ("umsatz", f"source.note has no text in en{requires}", line_of(measure, "note:") + 1, 5),
        ("umsatz_ka", f"target.note has no text in de{requires}", line_of(kpi, "en: Five."), 5),
        ("umsatz_ka", f"examples[1].note has no text in en{requires}", line_of(kpi, "Zwei."), 5),
    }
    hints = {d.message.split()[0]: d.hint for d in kat.found("KC308")}
    assert hints["target.note"] == "add the text in de: note: {en: ..., de: ...}"


def test_untranslated_reader_texts_of_a_kpi_are_reported(kat):
    """purpose, interpretation and each pitfall and lever are localised text like the name."""
    kat.configure(required_languages=["de", "en"])
    _translate_base(kat)
    kat.update(
        "kpi",
        "umsatz_ka",
        purpose={"de": "Zeigt Wachstum."},
        interpretation={"de": "Höher ist besser.", "en": "Higher is better."},
        pitfalls=[{"de": "Sondereffekte.", "en": "One-off effects."}, "Nur deutsch."],
        levers=[{"en": "Cross-selling."}],
    )
    found = {d.message.split()[0]: d.message for d in kat.found("KC308")}
    assert set(found) == {"purpose", "pitfalls[1]", "levers[0]"}
    assert found["levers[0]"].startswith("levers[0] has no text in de")


def test_translation_only_required_when_configured(kat):
    kat.update("term", "key_account", definition="Ein wichtiger Kunde.")
    kat.update("owner", "kam_team", definition={"de": "Betreut die Key Accounts."})
    assert kat.found("KC308") == []
    kat.configure(required_languages=["en"])
    assert {d.entry for d in kat.found("KC308")} == {"key_account", "kam_team"}


def test_retired_entry_needs_no_translation(kat):
    kat.configure(required_languages=["de", "en"])
    _translate_base(kat)
    kat.term("altbegriff", status="retired")
    kat.term("neubegriff")
    assert {d.entry for d in kat.found("KC308")} == {"neubegriff"}


# KC309 not-smart


def test_active_kpi_without_direction_target_or_data_source(kat):
    kat.kpi("ohne_ziel", direction=None, **scaled(2))
    kat.kpi("konstante", formula="42", unit="count", examples=[{"inputs": {}, "expected": 42}])
    found = {d.entry: d for d in kat.found("KC309")}
    assert set(found) == {"ohne_ziel", "konstante"}
    assert "no direction or target" in found["ohne_ziel"].message
    assert found["ohne_ziel"].line == line_of(kat.path("kpi", "ohne_ziel"), "status:")
    assert "reads no measure" in found["konstante"].message
    assert found["konstante"].line == line_of(kat.path("kpi", "konstante"), "formula:")


def test_smart_through_another_kpi_and_target(kat):
    kat.kpi(
        "doppelt",
        formula="umsatz_ka * 2",
        direction=None,
        target={"value": 10},
        examples=[{"inputs": {"umsatz_ka": 1}, "expected": 2}],
    )
    assert kat.found("KC309") == []


# Confusables: Cyrillic and Greek look-alikes fold like the Latin letters they imitate


def test_cyrillic_lookalikes_are_the_same_name(kat):
    kat.term("account_plan", name="Account-Plan")
    kat.term("account_plan2", name="Aссоunt-Plan")  # с, с, о are Cyrillic
    (diag,) = kat.found("KC302")
    assert diag.entry == "account_plan2"
    assert [r.entry for r in diag.related] == ["account_plan"]


def test_one_cyrillic_letter_is_a_duplicate_not_a_near_duplicate(kat):
    kat.kpi("besuche_ka", name={"de": "Kundenbesuche Key Accounts", "en": "Visits"})
    kat.kpi("besuche_kb", name={"de": "Kundenbesuсhe Key Accounts", "en": "Calls"})
    assert [d.entry for d in kat.found("KC302")] == ["besuche_kb"]
    assert kat.found("KC303") == []


def test_greek_capitals_fold_like_latin_ones(kat):
    kat.term("kpi_a", name="KPI")
    kat.term("kpi_b", name="ΚΡΙ")  # Greek Kappa, Rho, Iota
    assert [d.entry for d in kat.found("KC302")] == ["kpi_b"]


def test_names_in_other_scripts_are_compared_not_dropped(kat):
    kat.term("klient", name="Клиент")
    kat.term("klient2", name="клиент")
    kat.term("prodazha", name="Продажа")
    kat.term("summe", name="∑")
    kat.term("summe2", name="∑")
    found = {(d.entry, tuple(r.entry for r in d.related)) for d in kat.found("KC302")}
    assert found == {("klient2", ("klient",)), ("summe2", ("summe",))}


def test_umlauts_still_fold_to_two_letters(kat):
    kat.term("groesse", name="Größe")
    kat.term("groesse2", name="GROESSE")
    assert [d.entry for d in kat.found("KC302")] == ["groesse2"]


# KC310 mixed-script-name


def test_latin_word_with_cyrillic_lookalikes_is_flagged(kat):
    path = kat.term("account_plan", name="Aссоunt-Plan")
    (diag,) = kat.found("KC310")
    assert diag.severity.value == "error"
    assert diag.entry == "account_plan"
    line = line_of(path, "name:")
    assert (diag.line, diag.column) == (line, 8)  # the first Cyrillic letter
    assert "Cyrillic" in diag.message and "U+0441" in diag.message
    assert "'Account-Plan'" in diag.message
    assert "Latin" in diag.hint


def test_single_script_names_are_not_mixed(kat):
    kat.term("klient", name="Клиент")
    kat.term("groesse", name="Größe der Kundenbasis")
    kat.term("delta", name="ΔEBIT Marge", synonyms={"en": ["µ margin", "Café Umsatz"]})
    kat.term("two_words", name="Umsatz Продажа")
    assert kat.found("KC310") == []
