"""Formula analysis shared by rules, diff and site: parsed once per catalogue.

Reached as ``catalogue.formulas`` (cached there), so the check, the site
built from the checked catalogue and the diff all share one parse. Nothing
here reports: it only computes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from kpicat import formula as fx
from kpicat.core.placeholders import is_placeholder
from kpicat.model import Catalogue, Entry


class FormulaIndex:
    """Parse trees, units, direct dependencies, dependents and canonical hashes of KPIs."""

    def __init__(self, catalogue: Catalogue, known_trees: Mapping[str, Any] | None = None) -> None:
        """``known_trees``: formula text -> its tree, from an earlier check (the warm cache)."""
        self.catalogue = catalogue
        self.parsed: dict[str, Any] = {}
        self.errors: dict[str, fx.FormulaError] = {}
        self._units: dict[str, fx.Unit | fx.UnitError] = {}
        self._currency: dict[fx.Unit, bool] = {}
        self.texts: dict[str, str] = {}  # KPI id -> its formula as written
        # formula text -> canonical spelling (None: none exists), from an earlier check
        self.known_canonical: dict[str, str | None] = {}
        for kpi in catalogue.kpis:
            text = kpi.formula
            if text is None or kpi.id in self.parsed or is_placeholder(text):
                continue
            known = known_trees.get(text) if known_trees else None
            if known is not None:
                self.parsed[kpi.id] = known
                self.texts[kpi.id] = text
                continue
            try:
                self.parsed[kpi.id] = fx.parse_shared(text)
                self.texts[kpi.id] = text
            except fx.FormulaError as error:
                self.errors[kpi.id] = error

    @cached_property
    def deps(self) -> dict[str, set[str]]:
        """KPI id -> ids its formula reads directly."""
        return {kpi_id: set(fx.dependencies(node)) for kpi_id, node in self.parsed.items()}

    @cached_property
    def refs(self) -> dict[str, list[fx.Ref]]:
        """KPI id -> every id its formula names, in source order with spans; once per KPI,
        as four rules read them."""
        return {kpi_id: fx.references(node) for kpi_id, node in self.parsed.items()}

    @cached_property
    def current_deps(self) -> dict[str, set[str]]:
        """Like ``deps`` but without ids read only as prev(x): the graph for cycles."""
        return {
            kpi_id: set(fx.dependencies(node, include_prev=False))
            for kpi_id, node in self.parsed.items()
        }

    @cached_property
    def dependents(self) -> dict[str, set[str]]:
        """id -> KPIs whose formula reads it directly."""
        return fx.reverse_dependencies(self.deps)

    @cached_property
    def canonical_text(self) -> dict[str, str]:
        """KPI id -> canonical spelling of its formula (:func:`kpicat.formula.canonical`).

        Computed once per KPI: several rules compare it (KC301, KC311, KC312). It depends
        on the formula's text alone, so spellings known from an earlier check
        (``known_canonical``, the warm cache) are taken as they are.
        """
        texts = {}
        known = self.known_canonical
        for kpi_id, node in self.parsed.items():
            formula = self.texts[kpi_id]
            if formula in known:
                spelling = known[formula]
            else:
                try:
                    spelling = fx.canonical(node)
                except fx.FormulaError:  # a divisor that is always zero: reported by KC206
                    spelling = None
            if spelling is not None:
                texts[kpi_id] = spelling
        return texts

    def plain_trees(self) -> dict[str, tuple[Any, ...]]:
        """Formula text -> its tree as plain data (:func:`kpicat.formula.to_plain`), for the
        next check."""
        return {self.texts[kpi_id]: fx.to_plain(node) for kpi_id, node in self.parsed.items()}

    def canonical_by_text(self) -> dict[str, str | None]:
        """Formula text -> canonical spelling, for the next check (empty if not computed)."""
        if "canonical_text" not in self.__dict__:
            return {}
        spellings = self.canonical_text
        return {text: spellings.get(kpi_id) for kpi_id, text in self.texts.items()}

    @cached_property
    def canonical(self) -> dict[str, str]:
        """KPI id -> canonical hash of its formula (same meaning, same hash)."""
        return {
            kpi_id: hashlib.sha256(text.encode("utf-8")).hexdigest()
            for kpi_id, text in self.canonical_text.items()
        }

    def transitive_dependents(self, ids: set[str]) -> set[str]:
        """Every KPI that reads any of ``ids``, directly or through other KPIs (not ``ids``).

        Walks the cached reverse index, so asking once per changed entry stays linear.
        """
        return fx.reachable(self.dependents, ids) - set(ids)

    def transitive_deps(self, kpi_id: str) -> set[str]:
        """Every id a KPI reads, directly or through the KPIs it reads."""
        return fx.reachable(self.deps, (kpi_id,))

    def declared_unit(self, entry: Entry) -> fx.Unit | fx.UnitError | None:
        """The parsed ``unit`` of a KPI or measure (cached per spelling)."""
        text = entry.str_field("unit")
        if text is None or is_placeholder(text):
            return None
        if text not in self._units:
            try:
                self._units[text] = fx.parse_unit(text, self.catalogue.config.units or None)
            except fx.UnitError as error:
                self._units[text] = error
        return self._units[text]

    def unit_of(self, entry_id: str) -> fx.Unit | None:
        """Unit of a measure or KPI as declared, None when unknown or unreadable."""
        entry = self.catalogue.get(entry_id)
        if entry is None or entry.kind not in ("kpi", "measure"):
            return None
        unit = self.declared_unit(entry)
        return unit if isinstance(unit, fx.Unit) else None

    def is_currency(self, unit: fx.Unit) -> bool:
        """Whether the unit involves a currency (cached per unit: KC210 asks for every KPI)."""
        known = self._currency.get(unit)
        if known is None:
            known = self._currency[unit] = fx.is_currency(unit, self.catalogue.config.units or None)
        return known
