"""The Catalogue: every entry by id and kind, and who refers to whom."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpicat.core.config import Config
from kpicat.core.i18n import spoken_first
from kpicat.load.document import Path as DataPath

if TYPE_CHECKING:
    from kpicat.model.formulas import FormulaIndex

from kpicat.model.entries import Entry, Kpi, Kra, Measure, Owner, Term


@dataclass(slots=True, frozen=True)
class Reference:
    """``source`` names ``target`` at ``path`` inside ``source``'s file."""

    source: Entry
    path: DataPath
    target: str


@dataclass(eq=False)
class Catalogue:
    """All entries of one catalogue. Built once, then only read."""

    root: Path
    config: Config
    entries: list[Entry] = field(default_factory=list)

    @cached_property
    def by_id(self) -> dict[str, Entry]:
        """First entry per id; duplicates are reported by a rule."""
        index: dict[str, Entry] = {}
        for entry in self.entries:
            index.setdefault(entry.id, entry)
        return index

    def get(self, entry_id: str) -> Entry | None:
        return self.by_id.get(entry_id)

    @cached_property
    def by_kind(self) -> dict[str, list[Entry]]:
        index: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            index[entry.kind].append(entry)
        return index

    @property
    def kpis(self) -> list[Kpi]:
        return self.by_kind.get("kpi", [])  # type: ignore[return-value]

    @property
    def terms(self) -> list[Term]:
        return self.by_kind.get("term", [])  # type: ignore[return-value]

    @property
    def kras(self) -> list[Kra]:
        return self.by_kind.get("kra", [])  # type: ignore[return-value]

    @property
    def owners(self) -> list[Owner]:
        return self.by_kind.get("owner", [])  # type: ignore[return-value]

    @property
    def measures(self) -> list[Measure]:
        return self.by_kind.get("measure", [])  # type: ignore[return-value]

    def ids_of_kind(self, *kinds: str) -> list[str]:
        return [e.id for kind in kinds for e in self.by_kind.get(kind, [])]

    @cached_property
    def referrers(self) -> dict[str, list[Reference]]:
        """Reverse index: id -> every field elsewhere that names it."""
        index: dict[str, list[Reference]] = defaultdict(list)
        for entry in self.entries:
            for path, target, _kinds in entry.iter_references():
                index[target].append(Reference(entry, path, target))
        return index

    def kpis_of(self, field_name: str, entry_id: str) -> list[Kpi]:
        """KPIs whose ``kra`` or ``owner`` is ``entry_id``."""
        return [k for k in self.kpis if k.str_field(field_name) == entry_id]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def formulas(self) -> FormulaIndex:
        """Every KPI formula parsed once: shared by the rules, the site and the diff."""
        from kpicat.model.formulas import FormulaIndex

        return FormulaIndex(self)

    def index_formulas(self, known_trees: Mapping[str, Any]) -> FormulaIndex:
        """Build :attr:`formulas` now, taking the trees of formula texts an earlier check
        parsed (``known_trees``) instead of parsing them again; the same index either way."""
        if "formulas" not in self.__dict__:
            from kpicat.model.formulas import FormulaIndex

            self.__dict__["formulas"] = FormulaIndex(self, known_trees)
        return self.formulas

    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.languages

    def name_of(self, entry_id: str) -> str:
        """Display name in the language kpicat speaks, else the default one (messages, pages)."""
        entry = self.get(entry_id)
        return entry.display_name(spoken_first(self.config.languages)) if entry else entry_id
