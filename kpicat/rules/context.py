"""What a rule sees (the Context) and what it returns (a Finding)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
class Memo:
    """What rules kept from the previous check, and what they keep for the next one.

    The warm cache (kpicat/check/cache.py) fills ``old`` and writes ``new`` back; a check
    without the cache has no memo. Values are plain data (marshal writes them), and a rule
    that reads ``old`` treats any shape it did not write as absent: a memo can make a rule
    faster, never change what it finds.
    """

    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LocalContext:
    """All that a rule declared ``local`` sees besides its entry: settings and the day.

    No catalogue: what such a rule finds depends on the entry's file alone, so the warm
    cache keeps its findings by the file's hash and runs it only on changed files.
    """

    config: Config
    today: dt.date
    size: int = 0  # entries in the catalogue: to choose how to compute, never what


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
    memo: Memo | None = None
    share: tuple[int, int] = (0, 1)  # (this process, processes) for a split rule

    @property
    def config(self) -> Config:
        return self.catalogue.config

    @property
    def formulas(self) -> FormulaIndex:
        """Parsed formulas, units and the dependency graph (cached on the catalogue)."""
        return self.catalogue.formulas

    def part(self, weights: Sequence[float]) -> list[int]:
        """Which of a split rule's parts (given by their weights) this process does.

        Heaviest first, each to the process with the least so far: the same answer in
        every process, so the parts are done once each, and all of them in one process.
        """
        mine, count = self.share
        load = [0.0] * count
        taken: list[int] = []
        for n in sorted(range(len(weights)), key=lambda n: -weights[n]):
            lightest = load.index(min(load))
            load[lightest] += weights[n]
            if lightest == mine:
                taken.append(n)
        return sorted(taken)

    def finding(self, entry: Entry, path: Path, message: str, **kwargs: Any) -> Finding:
        return Finding(entry, tuple(path), message, **kwargs)
