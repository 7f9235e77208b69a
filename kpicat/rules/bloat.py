"""bloat rules."""
