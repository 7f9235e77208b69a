"""formulas rules."""
