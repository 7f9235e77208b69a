"""What `kpicat new` writes for values still to fill in, so every rule skips them alike.

KC501 (rules/workflow.py) reports placeholders at their line; all other rules
treat them as "not written yet" rather than as wrong values.
"""

from __future__ import annotations

from typing import Any

PLACEHOLDER = "TODO:"


def is_placeholder(value: Any) -> bool:
    """True for a text value `kpicat new` left unfilled."""
    return isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER)


def is_placeholder_id(value: Any) -> bool:
    """Ids such as ``todo_kra`` that `kpicat new` writes for a reference still to choose."""
    return isinstance(value, str) and value.startswith("todo_")
