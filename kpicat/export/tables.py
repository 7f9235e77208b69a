"""Entries as flat rows: the one flattening that the CSV, JSON and Excel exports share.

How a field becomes columns (documented in docs/interop.md):

- nested mappings become dotted columns: ``type.indicator``, ``target.value``;
- localised text becomes one column per catalogue language: ``name.de``, ``name.en``
  (a plain string is the default language); with ``lang`` just ``name``, in that language;
- lists of ids or words are joined with ``"; "`` in one cell (``related``, ``used_in``,
  ``synonyms.de``); a list of localised texts (``pitfalls``, ``levers``) is one column per
  language, its texts joined the same way (``pitfalls.de``); lists of mappings
  (``examples``, ``sources``) are one cell of JSON text;
- numbers and booleans stay numbers and booleans (text in CSV).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from kpicat.core.kinds import KIND_FOLDERS
from kpicat.model import Catalogue
from kpicat.model.entries import Entry
from kpicat.schemas import localized_paths, raw_schema

KINDS = tuple(KIND_FOLDERS.values())
LIST_SEPARATOR = "; "
Cell = str | int | float | bool | None
# OWASP CSV injection: a cell starting with one of these is read as a formula by
# Excel, LibreOffice and Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of one kind, with their columns in a stable order."""

    kind: str
    columns: list[str]
    rows: list[dict[str, Cell]]


@cache
def localized_fields(kind: str) -> frozenset[str]:
    """Top-level fields of ``kind`` holding localised text (per the schema), and synonyms."""
    found = {"synonyms"} if kind == "term" else set()
    found.update(path[0] for path in localized_paths(kind) if len(path) == 1)
    return frozenset(found)


@cache
def localized_lists(kind: str) -> frozenset[str]:
    """Top-level fields of ``kind`` that are lists of localised texts (per the schema)."""
    return frozenset(path[0] for path in localized_paths(kind) if path[1:] == ("*",))


def _scalar(value: Any) -> Cell:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list) and all(
        isinstance(item, str | int | float) and not isinstance(item, bool) for item in value
    ):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _localized(value: Any, languages: tuple[str, ...]) -> dict[str, Any]:
    """{lang: value} from a plain value (default language) or a mapping."""
    if isinstance(value, dict):
        return value
    return {languages[0]: value}


def flatten(entry: Entry, languages: tuple[str, ...], lang: str | None = None) -> dict[str, Cell]:
    """One entry as one row (see the module's docstring for the rules)."""
    row: dict[str, Cell] = {"entry_kind": entry.kind, "id": entry.id}
    localized = localized_fields(entry.kind)
    lists = localized_lists(entry.kind)

    def put(prefix: str, value: Any, field: str, depth: int) -> None:
        if not depth and field in lists and isinstance(value, list):
            per_language: dict[str, list[Any]] = {}
            for item in value:
                for code, text in _localized(item, languages).items():
                    per_language.setdefault(code, []).append(text)
            if lang is not None:
                row[prefix] = _scalar(per_language[lang]) if lang in per_language else None
                return
            for code, texts in per_language.items():
                row[f"{prefix}.{code}"] = _scalar(texts)
            return
        if field in localized or (depth and prefix.endswith(".note")):
            texts = _localized(value, languages)
            if lang is not None:
                row[prefix] = _scalar(texts.get(lang)) if isinstance(texts, dict) else None
                return
            for code, text in texts.items():
                row[f"{prefix}.{code}"] = _scalar(text)
            return
        if isinstance(value, dict) and depth < 3:
            for key, item in value.items():
                put(f"{prefix}.{key}", item, field, depth + 1)
            return
        row[prefix] = _scalar(value)

    for key, value in entry.data.items():
        if key in ("id", "lint"):
            continue
        put(str(key), value, str(key), 0)
    row["file"] = entry.file
    return row


def _order(kind: str, columns: Iterable[str], languages: tuple[str, ...]) -> list[str]:
    """entry_kind, id, schema order (languages in catalogue order), the rest, file last."""
    fields = list(raw_schema(kind).get("properties", {})) if kind in KINDS else []
    rank = {name: i for i, name in enumerate(fields)}
    lang_rank = {code: i for i, code in enumerate(languages)}

    def key(column: str) -> tuple[int, int, str]:
        if column == "entry_kind":
            return (-2, 0, "")
        if column == "id":
            return (-1, 0, "")
        if column == "file":
            return (10_000, 0, "")
        head, _, tail = column.partition(".")
        last = column.rsplit(".", 1)[-1]
        return (rank.get(head, 9_000), lang_rank.get(last, 99) if tail else -1, column)

    return sorted(set(columns), key=key)


def tables(
    catalogue: Catalogue, kinds: Iterable[str] = KINDS, lang: str | None = None
) -> list[Table]:
    """One table per kind asked for (in catalogue kind order), rows sorted by id."""
    out = []
    for kind in KINDS:
        if kind not in kinds:
            continue
        entries = sorted(catalogue.by_kind.get(kind, []), key=lambda e: (e.id, e.file))
        rows = [flatten(e, catalogue.languages, lang) for e in entries]
        columns = _order(kind, (c for row in rows for c in row), catalogue.languages)
        out.append(Table(kind, columns, rows))
    return out


def spreadsheet_safe(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe
    (OWASP's advice for CSV injection); everything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
