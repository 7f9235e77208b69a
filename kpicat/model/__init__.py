"""Typed catalogue entries and the Catalogue that links them."""

from kpicat.model.catalogue import Catalogue
from kpicat.model.entries import (
    ENTRY_TYPES,
    REFERENCE_FIELDS,
    Entry,
    Kpi,
    Kra,
    Measure,
    Owner,
    Term,
    keep_plan,
)
from kpicat.model.texts import localized_texts, text_languages

__all__ = [
    "ENTRY_TYPES",
    "REFERENCE_FIELDS",
    "Catalogue",
    "Entry",
    "Kpi",
    "Kra",
    "Measure",
    "Owner",
    "Term",
    "keep_plan",
    "localized_texts",
    "text_languages",
]
