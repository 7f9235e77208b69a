"""Compare the catalogue at two revisions: match entries, diff fields, classify.

Only files whose blob differs between the revisions are parsed on the base
side; the head side is parsed whole because dependents of a changed formula
can sit in any file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpicat import formula as fx
from kpicat.check import build_catalogue, config_from_bytes
from kpicat.core.config import Config
from kpicat.core.i18n import _, spoken_first
from kpicat.core.kinds import CATALOGUE_DIR, CONFIG_NAME, KIND_FOLDERS
from kpicat.diff.model import MISSING, DiffResult, EntryChange, FieldChange, Revision
from kpicat.infra.git import Repo, blob_id
from kpicat.load import LoadError
from kpicat.load.files import discover, read_regular
from kpicat.model import Catalogue, Entry
from kpicat.model.formulas import FormulaIndex

MEANING_FIELDS = ("formula", "unit", "type.indicator", "type.nature", "kra", "granularity")
_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
RENAME_SIMILARITY = 0.75


# --------------------------------------------------------------------- reading


@dataclass
class Snapshot:
    """One side of the diff: its files (path -> blob id) and how to read them."""

    revision: Revision
    files: dict[str, str]
    read: Callable[[list[str]], dict[str, bytes]]

    def load(self, root: Path, rels: Iterable[str]) -> tuple[Catalogue, set[str]]:
        """Settings and the given entry files, read in one go; also the files that failed."""
        wanted = sorted(rel for rel in rels if entry_kind(rel) is not None)
        has_config = CONFIG_NAME in self.files
        data = self.read([CONFIG_NAME, *wanted] if has_config else wanted)
        # settings only steer the comparison (languages, units); invalid ones -> defaults
        config = config_from_bytes(data[CONFIG_NAME])[0] if has_config else Config()
        sources = ((entry_kind(rel) or "", rel, _reader(data[rel])) for rel in wanted)
        catalogue, diagnostics = build_catalogue(root, config, sources)
        return catalogue, {d.file for d in diagnostics}


def _reader(raw: bytes) -> Callable[[], bytes]:
    return lambda: raw


def entry_kind(rel: str) -> str | None:
    """The kind of ``catalogue/<kind folder>/<id>.yaml``, as ``kpicat check`` discovers it."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != CATALOGUE_DIR or not parts[2].endswith(".yaml"):
        return None
    if any(part.startswith(".") for part in parts):
        return None
    return KIND_FOLDERS.get(parts[1])


def git_snapshot(repo: Repo, name: str) -> Snapshot:
    commit = repo.resolve(name)
    files = repo.list_files(commit)

    def read(rels: list[str]) -> dict[str, bytes]:
        blobs = repo.read_blobs([files[rel] for rel in rels])
        return {rel: blobs[files[rel]] for rel in rels}

    return Snapshot(Revision(name, commit), files, read)


def worktree_snapshot(root: Path) -> Snapshot:
    """Files on disk as ``kpicat check`` sees them, including uncommitted ones."""
    contents: dict[str, bytes] = {}
    for _kind, path, rel in discover(root).entries:
        contents[rel] = _read_or_empty(path)
    config = root / CONFIG_NAME
    if config.exists() or config.is_symlink():
        contents[CONFIG_NAME] = _read_or_empty(config)
    files = {rel: blob_id(raw) for rel, raw in contents.items()}
    return Snapshot(
        Revision(_("working tree"), None), files, lambda rels: {r: contents[r] for r in rels}
    )


def _read_or_empty(path: str | Path) -> bytes:
    """A working-tree file as ``kpicat check`` reads it; one it refuses (a link, a pipe,
    too large) counts as empty, so it fails to load like in the check and is never read."""
    try:
        return read_regular(path)
    except (LoadError, OSError):
        return b""


# ------------------------------------------------------------------ field diff


def _as_languages(value: Any, default_language: str) -> dict[str, str] | None:
    """Localised text as {lang: text}; None when the value is not localised text."""
    if isinstance(value, str):
        return {default_language: value}
    if (
        isinstance(value, dict)
        and value
        and all(
            isinstance(k, str) and _LANGUAGE.match(k) and isinstance(v, str)
            for k, v in value.items()
        )
    ):
        return dict(value)
    return None


def diff_fields(before: Any, after: Any, languages: tuple[str, ...]) -> list[FieldChange]:
    """Leaf-level differences; localised text is compared language by language."""
    out: list[FieldChange] = []
    _diff((), before, after, languages, out)
    return out


def _diff(
    path: tuple[str | int, ...], a: Any, b: Any, languages: tuple[str, ...], out: list[FieldChange]
) -> None:
    if a == b and type(a) is type(b):
        return
    if a is not MISSING and b is not MISSING and (isinstance(a, dict) or isinstance(b, dict)):
        la, lb = _as_languages(a, languages[0]), _as_languages(b, languages[0])
        if la is not None and lb is not None:
            order = {lang: i for i, lang in enumerate(languages)}
            for lang in sorted(la.keys() | lb.keys(), key=lambda x: (order.get(x, 99), x)):
                if la.get(lang) != lb.get(lang):
                    out.append(
                        FieldChange((*path, lang), la.get(lang, MISSING), lb.get(lang, MISSING))
                    )
            return
    if isinstance(a, dict) and isinstance(b, dict):
        keys = list(a) + [k for k in b if k not in a]
        for key in keys:
            _diff((*path, key), a.get(key, MISSING), b.get(key, MISSING), languages, out)
        return
    out.append(FieldChange(path, a, b))


def _get(data: dict[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        value = value.get(part, MISSING) if isinstance(value, dict) else MISSING
    return value


# ------------------------------------------------------------- classification


def _canonical(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        return fx.canonical_hash(fx.parse(text))
    except fx.FormulaError:
        return None


def same_formula_meaning(before: Any, after: Any) -> bool:
    """Equal canonical forms (operand order, parentheses, constant folding do not count)."""
    if before == after:
        return True
    a, b = _canonical(before), _canonical(after)
    return a is not None and a == b


def same_unit(before: Any, after: Any, config: Config) -> bool:
    if before == after:
        return True
    if not isinstance(before, str) or not isinstance(after, str):
        return False
    try:
        return fx.units_equal(
            fx.parse_unit(before, config.units), fx.parse_unit(after, config.units)
        )
    except (fx.UnitError, ValueError):
        return False


def _version(entry: Entry) -> int:
    value = entry.int_field("version")
    return value if value is not None else 1


def _status(entry: Entry | None) -> str | None:
    if entry is None:
        return None
    return entry.str_field("status")


def classify_kpi_change(change: EntryChange, old: Entry, new: Entry, config: Config) -> None:
    """Breaking reasons for an active KPI whose meaning changes; notes for the rest."""
    before_status, after_status = old.status, new.status
    was_active = before_status == "active"
    fo, fn = old.data.get("formula", MISSING), new.data.get("formula", MISSING)
    if fo != fn:
        if same_formula_meaning(fo, fn):
            change.notes.append(_("formula rewritten with the same meaning (same canonical form)"))
        elif was_active:
            change.reasons.append(_("the formula changes what the KPI measures"))
    uo, un = old.data.get("unit", MISSING), new.data.get("unit", MISSING)
    if uo != un:
        if same_unit(uo, un, config):
            change.notes.append(_("unit spelled differently, same unit"))
        elif was_active:
            change.reasons.append(
                _("the unit changes from {show} to {show2}").format(show=_show(uo), show2=_show(un))
            )
    for dotted, label in (("type.indicator", _("indicator type")), ("type.nature", "nature")):
        a, b = _get(old.data, dotted), _get(new.data, dotted)
        if a != b and was_active:
            change.reasons.append(
                _("the {label} ({dotted}) changes from {show} to {show2}").format(
                    label=label, dotted=dotted, show=_show(a), show2=_show(b)
                )
            )
    ko, kn = old.data.get("kra", MISSING), new.data.get("kra", MISSING)
    if ko != kn and was_active:
        change.reasons.append(
            _("the KPI moves to another Key Result Area: {show} → {show2}").format(
                show=_show(ko), show2=_show(kn)
            )
        )
    go, gn = old.data.get("granularity", MISSING), new.data.get("granularity", MISSING)
    if go != gn and was_active and go is not MISSING and gn is not MISSING:  # first stated: fine
        change.reasons.append(
            _("one value now refers to another level (granularity): {show} → {show2}").format(
                show=_show(go), show2=_show(gn)
            )
        )
    if was_active and after_status in ("retired", "proposed"):
        change.reasons.append(
            _("an active KPI becomes {after_status} without being deprecated first").format(
                after_status=after_status
            )
        )
    if change.reasons:
        if _version(new) > _version(old):
            change.acknowledged = True
            change.notes.append(
                _("acknowledged by the version bump {version} → {version2}").format(
                    version=_version(old), version2=_version(new)
                )
            )
        else:
            change.hint = _(
                "if this change is intended, set 'version: {value}' in {file} to "
                "acknowledge it; otherwise add a new KPI and deprecate this one"
            ).format(value=_version(old) + 1, file=new.file)


def status_notes(change: EntryChange, old: Entry | None, new: Entry | None) -> None:
    """Plain-language notes for life-cycle moves reviewers care about."""
    if old is None or new is None:
        return
    a, b = old.status, new.status
    if a == b:
        return
    if (a, b) == ("proposed", "active"):
        change.notes.append(_("promoted from proposed to active"))
    elif b == "deprecated":
        successor = new.str_field("replaced_by")
        change.notes.append(f"deprecated{f', replaced by {successor}' if successor else ''}")
    else:
        change.notes.append(_("status {a} → {b}").format(a=a, b=b))


def _show(value: Any) -> str:
    if value is MISSING or value is None:
        return "(none)"
    return f"'{value}'" if isinstance(value, str) else str(value)


# ------------------------------------------------------------ one entry


def compare_versions(old: Entry, new: Entry, config: Config) -> EntryChange | None:
    """What changed between two versions of one entry, or None when nothing did.

    The one per-entry comparison: ``kpicat diff`` calls it for every matched pair
    and the site's history for every commit that touched the file. A different id
    makes it a rename. ``config`` (the newer settings) gives languages and units.
    """
    languages = config.languages
    renamed = old.id != new.id
    fields = diff_fields(old.data, new.data, languages)
    if renamed:
        fields = [f for f in fields if f.path != ("id",)]
    elif not fields:
        return None
    change = EntryChange(
        kind=new.kind,
        id=new.id,
        change="renamed" if renamed else "changed",
        name=new.display_name(spoken_first(languages)),
        file=new.file,
        fields=fields,
        status=(_status(old), _status(new)),
        version=(old.int_field("version"), new.int_field("version")),
    )
    if renamed:
        change.old_id, change.old_file = old.id, old.file
    if new.kind == "kpi":
        if renamed or old.data.get("formula") != new.data.get("formula"):
            change.formula = (old.str_field("formula"), new.str_field("formula"))
        classify_kpi_change(change, old, new, config)
    status_notes(change, old, new)
    if renamed and new.kind in ("kpi", "term") and old.status == "active":
        _rename_reason(change, old, new)
    return change


def _rename_reason(change: EntryChange, old: Entry, new: Entry) -> None:
    """A new id breaks links and reports unless the old entry stays as a pointer."""
    reason = _(
        "the id changes from {id} to {id2}, and no entry {id} with 'replaced_by: {id2}' is kept"
    ).format(id=old.id, id2=new.id)
    change.reasons.insert(0, reason)
    if new.kind == "kpi" and _version(new) > _version(old):
        change.acknowledged = True
        if not any(n.startswith("acknowledged") for n in change.notes):
            change.notes.append(
                _("acknowledged by the version bump {version} → {version2}").format(
                    version=_version(old), version2=_version(new)
                )
            )
        change.hint = None
    else:
        change.acknowledged = False
        change.hint = _("keep {file} with 'status: deprecated' and 'replaced_by: {id}'").format(
            file=old.file, id=new.id
        ) + (
            _(", or set 'version: {value}' in {file}").format(
                value=_version(old) + 1, file=new.file
            )
            if new.kind == "kpi"
            else ""
        )


# ------------------------------------------------------------------ the diff


class Comparison:
    """Matches the entries of two snapshots and classifies every difference."""

    def __init__(self, root: Path, base: Snapshot, head: Snapshot) -> None:
        self.root = root
        self.base = base
        self.head = head
        self.settings_changed = base.files.get(CONFIG_NAME) != head.files.get(CONFIG_NAME)
        changed_base = [rel for rel, oid in base.files.items() if head.files.get(rel) != oid]
        self.changed_head = {rel for rel, oid in head.files.items() if base.files.get(rel) != oid}
        self.old_catalogue, self.old_failed = base.load(root, changed_base)
        self.new_catalogue, self.new_failed = head.load(root, head.files)
        self.base_config = self.old_catalogue.config
        self.head_config = self.new_catalogue.config
        self.unchanged_ids = {
            rel.rsplit("/", 1)[-1].removesuffix(".yaml")
            for rel in base.files
            if rel not in changed_base and entry_kind(rel)
        }

    @property
    def index(self) -> FormulaIndex:
        """Formula dependencies of the head revision (built on first use)."""
        return self.new_catalogue.formulas

    @property
    def languages(self) -> tuple[str, ...]:
        return self.head_config.languages

    def run(self) -> DiffResult:
        old = self.old_catalogue.by_id
        new_all = self.new_catalogue.by_id
        new = {i: e for i, e in new_all.items() if e.file in self.changed_head}
        changes: list[EntryChange] = []
        problems = [
            _("{rel} could not be read at {label}; it is left out of the comparison").format(
                rel=rel, label=self.base.revision.label
            )
            for rel in sorted(self.old_failed)
        ] + [
            _(
                "{rel} could not be read at {label} (run 'kpicat check'); it is left "
                "out of the comparison"
            ).format(rel=rel, label=self.head.revision.label)
            for rel in sorted(self.new_failed)
        ]
        removed = [e for i, e in old.items() if i not in new_all and e.file not in self.new_failed]
        added = [e for i, e in new.items() if i not in old and i not in self.unchanged_ids]
        for old_entry, new_entry in self._renames(removed, added):
            removed.remove(old_entry)
            added.remove(new_entry)
            changes.append(self._renamed(old_entry, new_entry))
        for entry in removed:
            changes.append(self._removed(entry))
        for entry in added:
            changes.append(self._added(entry, old))
        for entry_id, new_entry in new.items():
            old_entry = old.get(entry_id)
            if old_entry is None:
                continue
            if old_entry.kind != new_entry.kind:
                changes.append(self._removed(old_entry))
                changes.append(self._added(new_entry, old))
                continue
            change = self._changed(old_entry, new_entry)
            if change is not None:
                changes.append(change)
        changes.sort(key=EntryChange.sort_key)
        names = {
            e.id: e.display_name(spoken_first(self.languages)) for e in self.new_catalogue.entries
        }
        for entry in self.old_catalogue.entries:
            names.setdefault(entry.id, entry.display_name(spoken_first(self.base_config.languages)))
        return DiffResult(
            self.base.revision, self.head.revision, changes, problems, names, self.settings_changed
        )

    # -- matching

    def _renames(self, removed: list[Entry], added: list[Entry]) -> list[tuple[Entry, Entry]]:
        """Pairs (old, new) of the same kind: same content apart from id, or nearly so."""
        pairs: list[tuple[Entry, Entry]] = []
        taken: set[str] = set()
        by_content: dict[tuple[str, str], list[Entry]] = {}
        for entry in added:
            by_content.setdefault((entry.kind, _content_key(entry)), []).append(entry)
        leftover: list[Entry] = []
        for entry in removed:
            candidates = [
                e
                for e in by_content.get((entry.kind, _content_key(entry)), [])
                if e.id not in taken
            ]
            if candidates:
                taken.add(candidates[0].id)
                pairs.append((entry, candidates[0]))
            else:
                leftover.append(entry)
        candidates_of = _candidate_index(added)
        for entry in leftover:
            scored = sorted(
                (
                    (_similarity(entry.data, other.data), other.id, other)
                    for other in candidates_of(entry)
                    if other.kind == entry.kind and other.id not in taken
                ),
                key=lambda item: (-item[0], item[1]),
            )
            if scored and scored[0][0] >= RENAME_SIMILARITY:
                if len(scored) > 1 and scored[1][0] == scored[0][0]:
                    continue  # ambiguous: show removed + added instead of guessing
                taken.add(scored[0][1])
                pairs.append((entry, scored[0][2]))
        return pairs

    # -- one change each

    def _base_change(self, kind: str, entry_id: str, change: str, entry: Entry) -> EntryChange:
        return EntryChange(
            kind=kind,
            id=entry_id,
            change=change,
            name=entry.display_name(spoken_first(self.languages)),
            file=entry.file,
        )

    def _added(self, entry: Entry, old: dict[str, Entry]) -> EntryChange:
        change = self._base_change(entry.kind, entry.id, "added", entry)
        change.status = (None, _status(entry))
        if entry.kind == "kpi":
            change.formula = (None, entry.str_field("formula"))
            change.notes.append(_("new {status} KPI").format(status=entry.status))
        predecessors = sorted(
            e.id for e in self.new_catalogue.entries if e.str_field("replaced_by") == entry.id
        )
        if predecessors:
            change.notes.append(_("replaces {items}").format(items=", ".join(predecessors)))
        return change

    def _removed(self, entry: Entry) -> EntryChange:
        change = self._base_change(entry.kind, entry.id, "removed", entry)
        change.name = entry.display_name(spoken_first(self.base_config.languages))
        change.status = (_status(entry), None)
        if entry.kind == "kpi":
            change.formula = (entry.str_field("formula"), None)
            if entry.status == "active":
                change.reasons.append(_("an active KPI is removed without being deprecated first"))
                change.hint = _(
                    "keep the file with 'status: deprecated' and 'replaced_by: "
                    "<successor>' for one release, then retire or remove it"
                )
        if entry.kind in ("kpi", "measure"):
            change.dependents = self._dependents({entry.id})
            if change.dependents:
                change.notes.append(_("other KPIs still read this id (kpicat check reports them)"))
        return change

    def _renamed(self, old: Entry, new: Entry) -> EntryChange:
        change = compare_versions(old, new, self.head_config)
        assert change is not None  # a rename is always a change
        if new.kind in ("kpi", "measure"):
            change.dependents = self._dependents({old.id, new.id})
        return change

    def _changed(self, old: Entry, new: Entry) -> EntryChange | None:
        change = compare_versions(old, new, self.head_config)
        if change is None:
            return None
        if new.kind == "kpi":
            if change.formula is not None or old.data.get("unit") != new.data.get("unit"):
                change.dependents = self._dependents({new.id})
        elif new.kind == "measure" and any(f.path[0] in ("unit", "source") for f in change.fields):
            change.dependents = self._dependents({new.id})
        return change

    def _dependents(self, ids: set[str]) -> list[str]:
        """KPIs that read any of ``ids``, directly or through other KPIs (head revision)."""
        return sorted(self.index.transitive_dependents(ids))


def _content_key(entry: Entry) -> str:
    data = {k: v for k, v in entry.data.items() if k not in ("id", "version")}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def _candidate_index(added: list[Entry]) -> Callable[[Entry], list[Entry]]:
    """Added entries sharing a name, definition or formula with a removed one.

    A near-rename keeps most fields, so it keeps at least one of these; the
    index keeps rename detection linear when thousands of entries change.
    Values shared by many entries (say a stock definition) say nothing and
    are skipped.
    """
    index: dict[tuple[str, str], list[Entry]] = {}
    for entry in added:
        for key in _identity_keys(entry):
            index.setdefault(key, []).append(entry)

    def candidates(entry: Entry) -> list[Entry]:
        found: dict[str, Entry] = {}
        for key in _identity_keys(entry):
            bucket = index.get(key, [])
            if len(bucket) <= 20:
                for other in bucket:
                    found.setdefault(other.id, other)
        return list(found.values())

    return candidates


def _identity_keys(entry: Entry) -> list[tuple[str, str]]:
    return [
        (name, json.dumps(entry.data[name], sort_keys=True, ensure_ascii=False, default=str))
        for name in ("name", "definition", "formula")
        if name in entry.data
    ]


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    keys = (a.keys() | b.keys()) - {"id", "version"}
    if not keys:
        return 0.0
    same = sum(1 for k in keys if k in a and k in b and a[k] == b[k])
    return same / len(keys)


def compare(root: Path, base: str, head: str | None = None) -> DiffResult:
    """The catalogue under ``root`` at ``base`` against ``head`` (default: working tree)."""
    repo = Repo.at(root)
    base_snapshot = git_snapshot(repo, base)
    head_snapshot = git_snapshot(repo, head) if head is not None else worktree_snapshot(root)
    return Comparison(root, base_snapshot, head_snapshot).run()
