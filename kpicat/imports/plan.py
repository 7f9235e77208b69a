"""What an import will write, the ids it gets, and the report of what happened."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpicat.authoring.scaffold import FOLDERS, Field, existing_ids, placeholder, render
from kpicat.core.config import Config
from kpicat.core.i18n import _
from kpicat.core.kinds import CATALOGUE_DIR
from kpicat.formula.parser import UMLAUTS
from kpicat.load import LoadError, load_bytes
from kpicat.schemas import id_pattern

ID = re.compile(id_pattern())
MAX_ENTRIES = 10_000


class ImportFailure(Exception):
    """The source cannot be read at all (nothing is written)."""


@dataclass
class Planned:
    """One entry to write: its kind, the source's name for it, and its fields.

    ``refs`` are fields whose values are source names, resolved to ids once every
    entry has its id; ``notes`` say what needs a person's attention.
    """

    kind: str
    source_name: str
    fields: list[Field]
    notes: list[str] = field(default_factory=list)
    where: str = ""
    entry_id: str = ""


@dataclass
class Report:
    created: list[tuple[str, str, Path]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    attention: list[tuple[str, str]] = field(default_factory=list)

    def render(self, dry_run: bool) -> str:
        verb = _("would create") if dry_run else _("created")
        lines = [f"{verb} {rel}" for _kind, _id, rel in self.created]
        lines += [
            _("skipped {what}: {why}").format(what=what, why=why) for what, why in self.skipped
        ]
        lines += [
            _("needs attention {what}: {why}").format(what=what, why=why)
            for what, why in self.attention
        ]
        lines.append(
            _("{count} {verb}, {count2} skipped, {count3} to look at").format(
                count=len(self.created),
                verb=verb,
                count2=len(self.skipped),
                count3=len(self.attention),
            )
            + ("" if dry_run or not self.created else _("; run 'kpicat check' next"))
        )
        return "\n".join(lines)


def slugify(text: str) -> str:
    """An id from any name: umlauts as ae/oe/ue/ss, accents dropped, words joined by '_'."""
    text = "".join(UMLAUTS.get(c, c) for c in str(text)[:500])
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text).lower()  # camelCase -> camel_case
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text or not text[0].isalpha():
        text = "x_" + text if text else "eintrag"
    text = text[:60].rstrip("_")
    return text if ID.fullmatch(text) else (text + "_1")[:60]


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... the first one nobody has."""
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"_{number}"
        candidate = base[: 64 - len(suffix)] + suffix
        number += 1
    return candidate


def read_source(source: Path) -> bytes:
    """A file to import, or an ImportFailure that names it and the reason."""
    try:
        return source.read_bytes()
    except OSError as error:
        raise ImportFailure(
            _("cannot read {source}: {strerror}").format(source=source, strerror=error.strerror)
        ) from None


def read_yaml(source: Path) -> Any:
    """Foreign YAML through kpicat's strict loader: the same caps as catalogue files."""
    raw = read_source(source)
    try:
        return load_bytes(raw, source.name).data
    except LoadError as error:
        raise ImportFailure(f"{source.name}:{error.line}:{error.column}: {error}") from None


def text(value: Any, limit: int = 4000) -> str | None:
    """A non-empty single string from foreign data, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        result = " ".join(str(value).split())[:limit]
        return result or None
    return None


def todo(what: str) -> str:
    return placeholder(what)


def write_plan(root: Path, config: Config, planned: list[Planned], dry_run: bool) -> Report:
    """Give every planned entry an id, resolve references, and write new files only."""
    report = Report()
    if len(planned) > MAX_ENTRIES:
        raise ImportFailure(
            _(
                "the source has {count} entries; kpicat imports at most {MAX_ENTRIES} at once"
            ).format(count=len(planned), MAX_ENTRIES=MAX_ENTRIES)
        )
    taken = existing_ids(root)
    assigned: set[str] = set()
    names: dict[str, str] = {i: i for i in taken}
    for item in planned:
        base = slugify(item.entry_id or item.source_name)
        if base in taken:
            rel = taken[base].relative_to(root).as_posix()
            report.skipped.append(
                (f"{item.kind} '{item.source_name}'", _("{rel} exists already").format(rel=rel))
            )
            names.setdefault(item.source_name, base)  # references to it mean the existing entry
            item.entry_id = ""
            continue
        item.entry_id = unique_id(base, assigned)
        if item.entry_id != base:
            item.notes.append(
                _("id '{base}' was taken by another imported entry").format(base=base)
            )
        assigned.add(item.entry_id)
    names.update({item.source_name: item.entry_id for item in planned if item.entry_id})
    for item in planned:
        if not item.entry_id:
            continue
        fields = [_resolve(f, names, item) for f in item.fields]
        fields = [
            Field(("id",), item.entry_id),
            *[f for f in fields if f.path != ("id",) and f.value not in ([], None, "")],
        ]
        path = root / CATALOGUE_DIR / FOLDERS[item.kind] / f"{item.entry_id}.yaml"
        rel = path.relative_to(root).as_posix()
        for note in item.notes:
            report.attention.append((rel, note))
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                with path.open("x", encoding="utf-8", newline="\n") as handle:
                    handle.write(render(item.kind, fields))
            except FileExistsError:
                report.skipped.append((rel, _("exists already")))
                continue
        report.created.append((item.kind, item.entry_id, Path(rel)))
    return report


@dataclass(frozen=True, slots=True)
class Ref:
    """A field value naming another source entry (resolved to its id when writing)."""

    names: tuple[str, ...]
    single: bool = False


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula over source names: literal text and ``(name,)`` parts."""

    parts: tuple[str | tuple[str], ...]


def _resolve(item: Field, names: dict[str, str], planned: Planned) -> Field:
    if isinstance(item.value, Formula):
        out = []
        for part in item.value.parts:
            if isinstance(part, tuple):
                if part[0] not in names:
                    planned.notes.append(
                        _("formula: '{part}' is not in the import or catalogue").format(
                            part=part[0]
                        )
                    )
                    return Field(
                        item.path,
                        todo(_("formula of ids; the source names {name}").format(name=part[0])),
                    )
                out.append(names[part[0]])
            else:
                out.append(part)
        return Field(item.path, "".join(out), item.todo)
    if not isinstance(item.value, Ref):
        return item
    ids = []
    for name in item.value.names:
        target = names.get(name)
        if target is None:
            planned.notes.append(
                _("{path}: '{name}' is not in the import or catalogue").format(
                    path=item.path[-1], name=name
                )
            )
        else:
            ids.append(target)
    if item.value.single:
        return Field(item.path, ids[0] if ids else f"todo_{item.path[-1]}", item.todo)
    return Field(item.path, sorted(set(ids)), item.todo)
