"""Formula analysis shared by rules, diff and site: parsed once per catalogue.

Rules ask ``ctx.formulas``; the diff and the site build their own index from
a Catalogue. Nothing here reports: it only computes.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any

from kpicat import formula as fx
from kpicat.model import Catalogue


class FormulaIndex:
    """Parse trees, direct dependencies, dependents and canonical hashes of KPIs."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.parsed: dict[str, Any] = {}
        self.errors: dict[str, fx.FormulaError] = {}
        for kpi in catalogue.kpis:
            text = kpi.formula
            if text is None or kpi.id in self.parsed:
                continue
            try:
                self.parsed[kpi.id] = fx.parse(text)
            except fx.FormulaError as error:
                self.errors[kpi.id] = error

    @cached_property
    def deps(self) -> dict[str, set[str]]:
        """KPI id -> ids its formula reads directly."""
        return {kpi_id: set(fx.dependencies(node)) for kpi_id, node in self.parsed.items()}

    @cached_property
    def dependents(self) -> dict[str, set[str]]:
        """id -> KPIs whose formula reads it directly."""
        index: dict[str, set[str]] = defaultdict(set)
        for kpi_id, ids in self.deps.items():
            for dep in ids:
                index[dep].add(kpi_id)
        return index

    @cached_property
    def canonical(self) -> dict[str, str]:
        """KPI id -> canonical hash of its formula (same meaning, same hash)."""
        return {kpi_id: fx.canonical_hash(node) for kpi_id, node in self.parsed.items()}

    def transitive_dependents(self, ids: set[str]) -> set[str]:
        """Every KPI that reads any of ``ids``, directly or through other KPIs."""
        return set(fx.transitive_dependents(self.deps, ids))
