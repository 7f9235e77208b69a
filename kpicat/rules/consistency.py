"""consistency rules."""
