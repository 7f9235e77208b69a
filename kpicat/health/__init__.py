"""Catalogue health: budgets, balance, stale and orphaned KPIs, translation coverage, one score."""

from kpicat.health.score import BudgetRow, Health, Listed, budget_row, compute_health
from kpicat.health.translations import Coverage, translation_coverage

__all__ = [
    "BudgetRow",
    "Coverage",
    "Health",
    "Listed",
    "budget_row",
    "compute_health",
    "translation_coverage",
]
