"""The localised texts of an entry: where they are and which languages they have.

A translation check (KC308) and the health report's translation coverage count the
same texts, so both read them here; which fields are localised comes from the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kpicat.load.document import Path
from kpicat.model.entries import Entry
from kpicat.schemas import localized_paths


def _expand(data: Any, pattern: tuple[str, ...], at: Path) -> Iterator[tuple[Path, Any]]:
    if not pattern:
        yield at, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _expand(item, rest, (*at, index))
    elif isinstance(data, dict) and data.get(head) is not None:
        yield from _expand(data[head], rest, (*at, head))


def localized_texts(entry: Entry) -> Iterator[tuple[Path, Any]]:
    """Every localised text the entry has, with its path (``("examples", 0, "note")``)."""
    for pattern in localized_paths(entry.kind):
        yield from _expand(entry.data, pattern, ())


def text_languages(value: Any, default_language: str) -> frozenset[str] | None:
    """The languages a localised text is written in; a plain string is the default
    language, a mapping counts its non-blank texts. None for a value of the wrong type
    (a schema error, reported by KC011)."""
    if isinstance(value, str):
        return frozenset({default_language}) if value.strip() else frozenset()
    if isinstance(value, dict):
        return frozenset(k for k, v in value.items() if isinstance(v, str) and v.strip())
    return None
