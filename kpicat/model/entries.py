"""Typed views over loaded entries.

An entry keeps its plain data as loaded, so an entry with a schema error is
still in the model and every rule still sees it; the accessors below return
``None`` or empty values for fields of the wrong type instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from kpicat.core.i18n import _
from kpicat.core.kinds import KIND_LABELS
from kpicat.load import Document
from kpicat.load.document import Path

Keep = dict[str, frozenset[str] | None]
"""Top-level fields to keep, each whole (None) or only some of its keys."""


def keep_plan(reads: Iterable[str]) -> Keep:
    """What to keep of an entry for rules that read ``reads``: ``"formula"`` is a whole
    field, ``"target.value"`` only that key of a mapping (of each mapping in a list);
    one rule reading the whole field keeps all of it."""
    plan: Keep = {}
    for read in reads:
        name, _dot, key = read.partition(".")
        if not key:
            plan[name] = None
        elif name not in plan or plan[name] is not None:
            plan[name] = (plan.get(name) or frozenset()) | {key}
    return plan


def _trimmed(value: Any, keys: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {key: item for key, item in value.items() if key in keys}
    if isinstance(value, list):
        return [_trimmed(item, keys) if isinstance(item, dict) else item for item in value]
    return value


def localized(value: Any, language: str, default_language: str) -> str | None:
    """Text in ``language`` from a plain string or a {lang: text} mapping."""
    if isinstance(value, str):
        return value if language == default_language else None
    if isinstance(value, dict):
        text = value.get(language)
        return text if isinstance(text, str) else None
    return None


def any_text(value: Any, languages: tuple[str, ...]) -> str | None:
    """The first available text, trying languages in order, then any language."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for lang in languages:
            if isinstance(value.get(lang), str):
                return value[lang]
        for text in value.values():
            if isinstance(text, str):
                return text
    return None


@dataclass(slots=True, eq=False)
class Entry:
    """One catalogue file: a term, KPI, KRA, owner or measure."""

    kind: ClassVar[str] = ""
    references: ClassVar[dict[str, tuple[str, ...]]] = {"related": ("term", "kpi", "kra")}

    id: str
    data: dict[str, Any]
    doc: Document
    # what several rules ask of every entry, worked out once (an entry's data never changes)
    _references: tuple[tuple[Path, str, tuple[str, ...]], ...] | None = field(
        default=None, init=False, repr=False
    )

    @property
    def file(self) -> str:
        return self.doc.path

    @property
    def label(self) -> str:
        """How messages name the kind, in the current language."""
        return _(KIND_LABELS[self.kind])

    def str_field(self, name: str) -> str | None:
        value = self.data.get(name)
        return value if isinstance(value, str) else None

    def int_field(self, name: str) -> int | None:
        value = self.data.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def id_list(self, name: str) -> list[str]:
        value = self.data.get(name)
        if not isinstance(value, list):
            return []
        return [item for item in value if isinstance(item, str)]

    @property
    def status(self) -> str:
        return self.str_field("status") or "active"

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column of a field's value (or its key)."""
        positions = self.doc.positions
        return positions.key(path) if key else positions.value(path)

    def iter_references(self) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
        """Every id this entry names, with its path and the kinds it may name."""
        if self._references is None:
            self._references = tuple(self._find_references())
        return iter(self._references)

    def _find_references(self) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
        for name, kinds in self.references.items():
            value = self.data.get(name)
            if isinstance(value, str):
                yield (name,), value, kinds
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        yield (name, index), item, kinds

    def name(self, language: str, default_language: str) -> str | None:
        return localized(self.data.get("name"), language, default_language)

    def display_name(self, languages: tuple[str, ...]) -> str:
        return any_text(self.data.get("name"), languages) or self.id

    def slim(self, keep: Keep, source: Callable[[], bytes]) -> None:
        """Keep only what ``keep`` names of the data (:func:`keep_plan`), and the file's
        bytes only as ``source`` to read them again (Document.release): what a lean check
        holds once the rules that read the whole entry have seen it."""
        self.data = {
            name: value if keep[name] is None else _trimmed(value, keep[name])
            for name, value in self.data.items()
            if name in keep
        }
        self.doc.release(self.data, source)

    def suppressed(self) -> dict[str, str]:
        """Rule codes this entry suppresses, with their reasons."""
        lint = self.data.get("lint")
        ignore = lint.get("ignore") if isinstance(lint, dict) else None
        if not isinstance(ignore, dict):
            return {}
        return {str(code): str(reason) for code, reason in ignore.items()}


@dataclass(slots=True, eq=False)
class Kpi(Entry):
    kind: ClassVar[str] = "kpi"
    references: ClassVar[dict[str, tuple[str, ...]]] = {
        "kra": ("kra",),
        "owner": ("owner",),
        "replaced_by": ("kpi",),
        "related": ("term", "kpi", "kra"),
    }

    @property
    def formula(self) -> str | None:
        return self.str_field("formula")

    @property
    def unit(self) -> str | None:
        return self.str_field("unit")

    def _type(self, name: str) -> str | None:
        value = self.data.get("type")
        item = value.get(name) if isinstance(value, dict) else None
        return item if isinstance(item, str) else None

    @property
    def indicator(self) -> str | None:
        return self._type("indicator")

    @property
    def nature(self) -> str | None:
        return self._type("nature")

    @property
    def kra(self) -> str | None:
        return self.str_field("kra")

    @property
    def owner(self) -> str | None:
        return self.str_field("owner")

    @property
    def examples(self) -> list[dict[str, Any]]:
        value = self.data.get("examples")
        return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


@dataclass(slots=True, eq=False)
class Term(Entry):
    kind: ClassVar[str] = "term"
    references: ClassVar[dict[str, tuple[str, ...]]] = {
        "related": ("term", "kpi", "kra"),
        "kpi": ("kpi",),
        "owner": ("owner",),
        "replaced_by": ("term",),
    }

    def synonyms(self, language: str, default_language: str) -> list[str]:
        value = self.data.get("synonyms")
        if isinstance(value, list):
            items = value if language == default_language else []
        elif isinstance(value, dict):
            items = value.get(language) or []
        else:
            items = []
        return [s for s in items if isinstance(s, str)] if isinstance(items, list) else []


@dataclass(slots=True, eq=False)
class Kra(Entry):
    kind: ClassVar[str] = "kra"
    references: ClassVar[dict[str, tuple[str, ...]]] = {
        "owner": ("owner",),
        "related": ("term", "kpi", "kra"),
    }


@dataclass(slots=True, eq=False)
class Owner(Entry):
    kind: ClassVar[str] = "owner"
    references: ClassVar[dict[str, tuple[str, ...]]] = {}


@dataclass(slots=True, eq=False)
class Measure(Entry):
    kind: ClassVar[str] = "measure"
    references: ClassVar[dict[str, tuple[str, ...]]] = {
        "owner": ("owner",),
        "related": ("term", "kpi", "kra", "measure"),
    }

    @property
    def unit(self) -> str | None:
        return self.str_field("unit")

    @property
    def source(self) -> dict[str, Any]:
        value = self.data.get("source")
        return value if isinstance(value, dict) else {}


ENTRY_TYPES: dict[str, type[Entry]] = {cls.kind: cls for cls in (Term, Kpi, Kra, Owner, Measure)}

REFERENCE_FIELDS: tuple[str, ...] = tuple(
    sorted({name for cls in ENTRY_TYPES.values() for name in cls.references})
)
"""Every field in which some kind of entry names other entries by id."""
