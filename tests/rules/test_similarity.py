"""The name folding and the fuzzy matcher behind KC302 and KC303."""

from __future__ import annotations

import random

from kpicat.rules.consistency import candidate_pairs, fold, is_qualified, similar_pairs

WORDS = [
    "Umsatz",
    "Anzahl",
    "Kunden",
    "Besuche",
    "Angebote",
    "Aufträge",
    "Quote",
    "Rate",
    "Wachstum",
    "Marge",
    "Beschwerden",
    "Zufriedenheit",
    "Bindung",
    "Abwanderung",
    "Potenzial",
    "Deckungsbeitrag",
    "Pipeline",
    "Termine",
    "Kontakte",
    "Neukunden",
    "Bestandskunden",
    "Region",
    "Nord",
    "Süd",
    "West",
    "Ost",
    "Monat",
    "Quartal",
    "Jahr",
    "Key",
    "Account",
    "Cross",
    "Selling",
    "Upselling",
    "Preis",
    "Rabatt",
    "Lieferzeit",
    "Reklamation",
    "Service",
    "Projekt",
    "Vertrag",
]


def generated_names(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct names of two to four words, like a large catalogue's."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        names.add(" ".join(rng.sample(WORDS, rng.randint(2, 4))))
    return sorted(names)


def test_fold():
    assert fold("Churn-Rate") == fold("churn rate") == fold("ChurnRate") == "churnrate"
    assert fold("Größe") == fold("Groesse") == "groesse"
    assert fold("Kundenzufriedenheit (NPS)") == "kundenzufriedenheitnps"
    assert fold("Café") == "cafe"


def test_qualifier_words():
    assert is_qualified("Financial KPI", "Non-financial KPI")
    assert is_qualified("Kundenzufriedenheit", "Kundenzufriedenheitsrate")
    assert not is_qualified("Kundenbesuch", "Kundenbesuche")
    assert not is_qualified("Anzahl Kundenbesuche", "Anzahl der Kundenbesuche")


def test_candidate_pairs_grow_linearly_not_quadratically():
    names = generated_names(10_000)
    pairs = candidate_pairs(names)
    all_pairs = len(names) * (len(names) - 1) // 2
    assert len(pairs) < all_pairs / 100
    assert len(pairs) < 60 * len(names)
    assert all(i < j for i, j in pairs)


def test_planted_near_duplicates_are_found_among_many_names():
    names = generated_names(10_000)
    planted = [
        ("Anzahl Kundenbesuche Region Nord", "Anzahl Kundenbesuch Region Nord"),
        ("Deckungsbeitrag Key Account Quartal", "Deckungsbeitrag Key Accounts Quartal"),
        ("Reklamationsquote Neukunden", "Reklamationsquoten Neukunden"),
        ("Lieferzeit Bestandskunden Süd", "Lieferzeiten Bestandskunden Süd"),
        ("Cross-Selling-Quote Key Accounts", "Crossselling Quote Key Account"),
        ("Termine Quartal Nord", "Termine Quartl Nord"),
    ]
    texts = names + [name for pair in planted for name in pair]
    found = {(texts[i], texts[j]) for i, j, _ in similar_pairs(texts, 0.88)}
    found |= {(b, a) for a, b in found}
    for pair in planted:
        assert pair in found, pair


def test_threshold_boundary():
    assert similar_pairs(["Anzahl Angebote", "Anzahl Aufträge"], 0.88) == []
    ((i, j, ratio),) = similar_pairs(["Kundenbesuch", "Kundenbesuche"], 0.88)
    assert (i, j) == (0, 1) and ratio > 0.95
