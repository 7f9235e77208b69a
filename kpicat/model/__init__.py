"""Typed catalogue entries and the Catalogue that links them."""

from kpicat.model.catalogue import Catalogue
from kpicat.model.entries import ENTRY_TYPES, KIND_FOLDERS, Entry, Kpi, Kra, Measure, Owner, Term

__all__ = [
    "ENTRY_TYPES",
    "KIND_FOLDERS",
    "Catalogue",
    "Entry",
    "Kpi",
    "Kra",
    "Measure",
    "Owner",
    "Term",
]
