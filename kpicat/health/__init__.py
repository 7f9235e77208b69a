"""Catalogue health: budgets, balance, stale and orphaned KPIs, one score."""

from kpicat.health.score import BudgetRow, Health, Listed, budget_row, compute_health

__all__ = ["BudgetRow", "Health", "Listed", "budget_row", "compute_health"]
