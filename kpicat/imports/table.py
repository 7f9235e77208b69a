"""A CSV with a header row -> entries, one per row.

Columns are entry fields by name (``name``, ``definition``, ``formula``,
``unit``, ``type.indicator``, ``name.en`` ...), or mapped with
``--map COLUMN=FIELD``; a ``kind`` column says what each row is (default:
kpi when the row has a formula, else term). Lists (``related``,
``synonyms``, ``used_in``) are split at ';'. Missing required fields become
placeholders.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kpicat.authoring.scaffold import READER_FIELDS, Field, fields_for
from kpicat.core.config import Config
from kpicat.core.i18n import _, format_number
from kpicat.imports.plan import MAX_ENTRIES, ImportFailure, Planned, Ref, read_source, text
from kpicat.schemas import KINDS, field_schema

MAX_BYTES = 8_388_608
LISTS = {"related", "synonyms", "used_in"}
REFS = {"kra", "owner", "replaced_by", "kpi"}


def _decode(source: Path) -> str:
    raw = read_source(source)
    if len(raw) > MAX_BYTES:
        raise ImportFailure(
            _("{name} is {count} bytes; kpicat imports CSV files up to {MAX_BYTES}").format(
                name=source.name, count=format_number(len(raw)), MAX_BYTES=format_number(MAX_BYTES)
            )
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFailure(
            _("{name}:{line}: not UTF-8; save it as 'CSV UTF-8' and import again").format(
                name=source.name, line=line
            )
        ) from None


def plan_csv(source: Path, column_map: dict[str, str], config: Config) -> list[Planned]:
    body = _decode(source)
    try:
        dialect = csv.Sniffer().sniff(body[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(body), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFailure(_("{name} has no header row").format(name=source.name)) from None
    columns = [column_map.get(h.strip(), h.strip()) for h in header]
    unknown_map = sorted(set(column_map) - {h.strip() for h in header})
    if unknown_map:
        raise ImportFailure(
            _(
                "--map names column(s) {items} that {name} does not have; its columns are: {items2}"
            ).format(
                items=", ".join(unknown_map),
                name=source.name,
                items2=", ".join(h.strip() for h in header),
            )
        )
    out: list[Planned] = []
    try:
        for number, row in enumerate(reader, start=2):
            if len(out) > MAX_ENTRIES:
                break
            values = {c: text(v) for c, v in zip(columns, row, strict=False) if c and text(v)}
            if not values:
                continue
            out.append(_row(values, number, source.name, config))
    except csv.Error as error:
        raise ImportFailure(f"{source.name}: {error}") from None
    return out


def _row(values: dict[str, str], number: int, file: str, config: Config) -> Planned:
    kind = (values.pop("kind", None) or ("kpi" if "formula" in values else "term")).lower()
    notes = []
    if kind not in KINDS:
        notes.append(
            _("kind '{kind}' is not one of {items}; imported as a term").format(
                kind=kind, items=", ".join(KINDS)
            )
        )
        kind = "term"
    name = values.get("name") or values.get(f"name.{config.default_language}") or values.get("id")
    source_name = values.pop("id", None) or name or f"{file}_{number}"
    given: dict[tuple[str, ...], object] = {}
    for column, value in values.items():
        path = tuple(column.split("."))[:2]
        if path[0] in LISTS:
            items = [part.strip() for part in value.split(";") if part.strip()]
            given[path] = Ref(tuple(items)) if path == ("related",) else items
        elif (
            len(path) == 2
            and path[1] in config.languages
            and path[0] not in ("type", "source", "target")
        ):
            current = given.get((path[0],))
            texts = dict(current) if isinstance(current, dict) else {}
            if isinstance(current, str):
                texts[config.default_language] = current
            texts[path[1]] = value
            given[(path[0],)] = texts
        elif path[0] in REFS:
            given[path] = Ref((value,), single=True)
        elif field_schema(kind, *path) is None and not path[0].startswith("x_"):
            notes.append(
                _("column '{column}' is not a field of a {kind}; left out").format(
                    column=column, kind=kind
                )
            )
        else:
            node = field_schema(kind, *path) or {}
            if node.get("type") in ("number", "integer"):
                try:
                    given[path] = (
                        int(value) if node["type"] == "integer" else float(value.replace(",", "."))
                    )
                except ValueError:
                    notes.append(
                        _("{column}: '{value}' is not a number; left out").format(
                            column=column, value=value
                        )
                    )
                    continue
            elif isinstance(given.get(path), dict):
                given[path] = {config.default_language: value, **given[path]}  # type: ignore[dict-item]
            else:
                given[path] = value
    skeleton = fields_for(kind, "placeholder", {}, config)
    fields = []
    for item in skeleton:
        if item.path == ("id",):
            continue
        if item.path in given:
            fields.append(Field(item.path, given.pop(item.path)))
        elif kind != "kpi" or item.path[0] not in READER_FIELDS:
            fields.append(item)  # an optional reader field without a value is left out
    fields += [Field(path, value) for path, value in given.items()]
    return Planned(
        kind,
        source_name,
        fields,
        notes,
        where=_("{file} row {number}").format(file=file, number=number),
    )
