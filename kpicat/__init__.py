"""kpicat: a business glossary and KPI catalogue kept as code."""

__version__ = "0.2.0"
