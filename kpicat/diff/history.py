"""The catalogue's history from git: for every entry, what each commit changed in meaning.

Built for the whole site in one pass: one ``git log`` lists every commit that
touched ``catalogue/`` with the blobs before and after each file change, one
``git cat-file --batch`` reads the versions that need comparing, and the diff
engine's per-entry comparison (``compare_versions``) says what changed. A
repository without usable history (no git, no repository, no commits, a
shallow clone) gives an empty history and the reason, never an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kpicat.check.pipeline import build_entry, load_all
from kpicat.core.config import Config
from kpicat.diff.compare import compare_versions, entry_kind
from kpicat.diff.model import EntryChange
from kpicat.infra.git import Commit, FileChange, GitError, Repo
from kpicat.load import LoadError
from kpicat.model import Entry

SHALLOW = (
    "the repository is a shallow clone, so its oldest commit would claim "
    "to add every entry; fetch the whole history (actions/checkout with "
    "'fetch-depth: 0') to show changes"
)


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One commit's change to one entry: who, when, the commit subject and what changed."""

    commit: str
    date: dt.datetime
    author: str
    subject: str
    file: str  # where the entry lives now (later renames followed), root-relative
    change: EntryChange  # change is "added", "removed", "renamed" or "changed"


@dataclass(slots=True)
class History:
    """Events newest first; ``unavailable`` says why there are none when git could not help."""

    events: list[HistoryEvent] = field(default_factory=list)
    unavailable: str | None = None
    _by_file: dict[str, list[HistoryEvent]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for event in self.events:
            self._by_file.setdefault(event.file, []).append(event)

    def of(self, file: str) -> list[HistoryEvent]:
        """The changes to the entry in ``file`` (root-relative), newest first."""
        return self._by_file.get(file, [])

    def latest(self, limit: int) -> list[HistoryEvent]:
        """The newest ``limit`` changes across the catalogue."""
        return self.events[:limit]


def catalogue_history(root: Path, config: Config) -> History:
    """The history of every entry under ``root``; ``config`` (today's settings) steers
    the comparison (languages, units) as it does for ``kpicat diff``."""
    try:
        repo = Repo.at(root, why="")
        if repo.is_shallow():
            return History(unavailable=SHALLOW)
        commits = repo.log()
        filed = _file_changes(commits)
        entries = _versions(repo, filed)
    except (GitError, OSError) as error:
        return History(unavailable=str(error))
    events = [
        HistoryEvent(c.id, c.date, c.author, c.subject, file, change)
        for c, file, fc in filed
        if (change := _change(fc, entries, config)) is not None
    ]
    return History(events)


Filed = tuple[Commit, str, FileChange]


def _file_changes(commits: list[Commit]) -> list[Filed]:
    """Each entry-file change with the path the entry has today.

    Commits come newest first, so a rename is seen before the older changes to its
    old path; a commit's own renames apply only to the commits before it.
    """
    now: dict[str, str] = {}  # an old path -> where that entry lives today
    filed: list[Filed] = []
    for commit in commits:
        renames: list[tuple[str, str]] = []
        for change in commit.changes:
            if entry_kind(change.path) is None:
                continue
            if change.status == "R" and not _same_kind(change):
                filed.append((commit, now.get(change.path, change.path), _added(change)))
                continue
            target = now.get(change.path, change.path)
            filed.append((commit, target, change))
            if change.status == "R" and change.old_path is not None:
                renames.append((change.old_path, target))
        now.update(renames)
    return filed


def _same_kind(change: FileChange) -> bool:
    return change.old_path is not None and entry_kind(change.old_path) == entry_kind(change.path)


def _added(change: FileChange) -> FileChange:
    """A move to another kind's folder: a new entry there (the old one ends its history)."""
    return FileChange("A", change.path, None, None, change.new_blob)


Versions = dict[tuple[str, str], Entry | None]


def _versions(repo: Repo, filed: list[Filed]) -> Versions:
    """The entry versions the events compare, read with one ``git cat-file --batch``.

    Additions need no content (the page shows today's name); the thousands of files
    of a catalogue's first commit are therefore never read.
    """
    wanted: dict[tuple[str, str], str] = {}  # (blob, path) -> kind
    for _commit, _file, change in filed:
        if change.old_blob is not None:
            old_path = change.old_path or change.path
            wanted[(change.old_blob, old_path)] = entry_kind(old_path) or ""
        if change.status in ("M", "R") and change.new_blob is not None:
            wanted[(change.new_blob, change.path)] = entry_kind(change.path) or ""
    blobs = repo.read_blobs([blob for blob, _path in wanted])
    keys = list(wanted)
    sources = [(wanted[key], key[1], _reader(blobs[key[0]])) for key in keys]
    versions: Versions = {}
    for key, (kind, _rel, loaded) in zip(keys, load_all(sources), strict=True):
        versions[key] = None if isinstance(loaded, LoadError) else build_entry(kind, loaded)
    return versions


def _reader(raw: bytes) -> Callable[[], bytes]:
    return lambda: raw


def _change(change: FileChange, versions: Versions, config: Config) -> EntryChange | None:
    """What the file change means for the entry; None when nothing meaningful changed or a
    version could not be read (history is shown as far as it is known, never guessed)."""
    kind = entry_kind(change.path) or ""
    stem = change.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if change.status == "A":
        return EntryChange(kind=kind, id=stem, change="added", name=stem, file=change.path)
    old = versions.get((change.old_blob or "", change.old_path or change.path))
    if change.status == "D":
        name = old.display_name(config.languages) if old is not None else stem
        entry_id = old.id if old is not None else stem
        return EntryChange(kind=kind, id=entry_id, change="removed", name=name, file=change.path)
    new = versions.get((change.new_blob or "", change.path))
    if old is None or new is None:
        return None
    return compare_versions(old, new, config)
