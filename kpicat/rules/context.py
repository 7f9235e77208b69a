"""What a rule sees (the Context) and what it returns (a Finding)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kpicat.core.config import Config
from kpicat.load.document import Path
from kpicat.model import Catalogue, Entry

if TYPE_CHECKING:
    from kpicat.model.formulas import FormulaIndex


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's raw result; the engine adds code, level and file positions.

    ``offset`` points inside the string at ``path`` (a column in a formula);
    ``at_key`` points at the key instead of the value (unknown fields). A finding
    about a file that never became an entry (it does not parse, it is a stray)
    has no entry: it names ``file``, ``line`` and ``column`` itself, and
    ``also_at`` lists further (line, column) places in that file.
    """

    entry: Entry | None
    path: Path
    message: str
    hint: str | None = None
    related: tuple[tuple[Entry, Path], ...] = ()
    at_key: bool = False
    offset: int | None = None
    code: str | None = None
    file: str | None = None
    line: int = 1
    column: int = 1
    also_at: tuple[tuple[int, int], ...] = ()


@dataclass
class Context:
    """The catalogue plus shared, lazily computed analyses.

    ``changed`` holds the files (``catalogue/kpis/x.yaml``) of entries added or edited
    since the base revision of a pull request (``kpicat check --base REV``), or None
    when no base was given: rules that must blame the newcomer of a pair read it.
    """

    catalogue: Catalogue
    today: dt.date = field(default_factory=dt.date.today)
    extra: dict[str, Any] = field(default_factory=dict)
    changed: frozenset[str] | None = None

    @property
    def config(self) -> Config:
        return self.catalogue.config

    @property
    def formulas(self) -> FormulaIndex:
        """Parsed formulas, units and the dependency graph (cached on the catalogue)."""
        return self.catalogue.formulas

    def finding(self, entry: Entry, path: Path, message: str, **kwargs: Any) -> Finding:
        return Finding(entry, tuple(path), message, **kwargs)
