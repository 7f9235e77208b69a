""" "Did you mean ...?" for unknown keys, enum values and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kpicat.core.i18n import _


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The most similar candidate, or None when nothing is close enough."""
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
        return lowered[matches[0]] if matches else None
    return matches[0]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A ready-to-print hint, or None."""
    match = closest(word, candidates)
    return _("did you mean '{match}'?").format(match=match) if match else None
