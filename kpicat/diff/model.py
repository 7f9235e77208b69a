"""What a diff finds: per entry, what changed and whether it breaks consumers.

Kept apart from the comparison so that reporters (text, markdown, json) and
tests read one plain structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kpicat.core.i18n import _

KIND_ORDER = {"kpi": 0, "measure": 1, "term": 2, "kra": 3, "owner": 4}
CHANGE_ORDER = {"removed": 0, "renamed": 1, "changed": 2, "added": 3}


class _Missing:
    """A field that is absent on one side (distinct from an explicit null)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One leaf that differs; ``path`` ends in a language code for localised text."""

    path: tuple[str | int, ...]
    before: Any
    after: Any

    @property
    def op(self) -> str:
        if self.before is MISSING:
            return "added"
        if self.after is MISSING:
            return "removed"
        return "changed"

    @property
    def dotted(self) -> str:
        return ".".join(str(p) for p in self.path)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.dotted, "op": self.op}
        if self.before is not MISSING:
            data["before"] = self.before
        if self.after is not MISSING:
            data["after"] = self.after
        return data


@dataclass(slots=True)
class EntryChange:
    """An entry that was added, removed, renamed or changed between two revisions."""

    kind: str
    id: str
    change: str
    name: str
    file: str | None = None
    old_id: str | None = None
    old_file: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    hint: str | None = None
    acknowledged: bool = False
    dependents: list[str] = field(default_factory=list)
    formula: tuple[str | None, str | None] | None = None
    status: tuple[str | None, str | None] = (None, None)
    version: tuple[int | None, int | None] = (None, None)

    @property
    def breaking(self) -> bool:
        return bool(self.reasons)

    @property
    def unacknowledged(self) -> bool:
        return self.breaking and not self.acknowledged

    @property
    def severity(self) -> str:
        """'breaking', 'acknowledged' or 'ok': how reviewers should weigh it."""
        if not self.breaking:
            return "ok"
        return "acknowledged" if self.acknowledged else "breaking"

    def sort_key(self) -> tuple[int, int, int, str]:
        rank = {"breaking": 0, "acknowledged": 1, "ok": 2}[self.severity]
        return (rank, KIND_ORDER.get(self.kind, 9), CHANGE_ORDER[self.change], self.id)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "id": self.id,
            "change": self.change,
            "name": self.name,
            "file": self.file,
            "breaking": self.breaking,
            "acknowledged": self.acknowledged,
            "reasons": list(self.reasons),
            "notes": list(self.notes),
            "fields": [f.to_json() for f in self.fields],
            "dependents": list(self.dependents),
            "status": {"before": self.status[0], "after": self.status[1]},
        }
        if self.old_id is not None:
            data["old_id"] = self.old_id
            data["old_file"] = self.old_file
        if self.hint:
            data["hint"] = self.hint
        if self.formula is not None:
            data["formula"] = {"before": self.formula[0], "after": self.formula[1]}
        if self.version != (None, None):
            data["version"] = {"before": self.version[0], "after": self.version[1]}
        return data


@dataclass(frozen=True, slots=True)
class Revision:
    """A side of the comparison as users named it, and what it resolved to."""

    name: str
    commit: str | None  # None: the working tree

    @property
    def label(self) -> str:
        if self.commit is None:
            return _("working tree")
        short = self.commit[:10]
        return short if self.name.lower() == self.commit.lower() else f"{self.name} ({short})"


@dataclass(slots=True)
class DiffResult:
    """Everything a diff reporter needs."""

    base: Revision
    head: Revision
    changes: list[EntryChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    settings_changed: bool = False

    @property
    def summary(self) -> dict[str, Any]:
        counts = dict.fromkeys(CHANGE_ORDER, 0)
        for change in self.changes:
            counts[change.change] += 1
        breaking = sum(1 for c in self.changes if c.breaking)
        unacknowledged = sum(1 for c in self.changes if c.unacknowledged)
        return {
            "base": self.base.name,
            "base_commit": self.base.commit,
            "head": self.head.name,
            "head_commit": self.head.commit,
            "entries": len(self.changes),
            "added": counts["added"],
            "removed": counts["removed"],
            "renamed": counts["renamed"],
            "changed": counts["changed"],
            "breaking": breaking,
            "acknowledged": breaking - unacknowledged,
            "unacknowledged": unacknowledged,
            "settings_changed": self.settings_changed,
            "problems": len(self.problems),
        }

    @property
    def exit_code(self) -> int:
        return 1 if any(c.unacknowledged for c in self.changes) else 0

    def name_of(self, entry_id: str) -> str:
        return self.names.get(entry_id, entry_id)
