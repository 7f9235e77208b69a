"""Catalogue -> files for other tools: CSV, JSON and Excel for BI, SKOS for linked data.

A sibling of report, health and diff: it reads the model and writes bytes,
so the CLI (`kpicat export`) and the site (downloads under /export/) produce
the same files.
"""

from __future__ import annotations

from collections.abc import Iterable

from kpicat.core.i18n import _
from kpicat.export.formats import to_csv, to_json, to_xlsx
from kpicat.export.skos import to_skos
from kpicat.export.tables import KINDS, tables
from kpicat.model import Catalogue

FORMATS = ("csv", "json", "xlsx", "skos")
SUFFIX = {"csv": ".csv", "json": ".json", "xlsx": ".xlsx", "skos": ".jsonld"}


def export(
    catalogue: Catalogue,
    fmt: str,
    kinds: Iterable[str] = KINDS,
    lang: str | None = None,
) -> bytes:
    """The export file's bytes (``skos`` exports the glossary, whatever ``kinds`` says)."""
    if fmt == "skos":
        return to_skos(catalogue)
    chosen = tables(catalogue, tuple(kinds), lang)
    if fmt == "csv":
        return to_csv(chosen)
    if fmt == "json":
        return to_json(chosen, catalogue.languages, lang)
    if fmt == "xlsx":
        return to_xlsx(chosen)
    raise ValueError(_("unknown export format {fmt!r}").format(fmt=fmt))


__all__ = ["FORMATS", "KINDS", "SUFFIX", "export", "tables"]
