"""Read catalogue files straight from git objects, without a checkout.

One ``git ls-tree -r`` lists a revision's files and one ``git cat-file
--batch`` streams all their blobs, so a 10,000-file catalogue costs two
processes per revision instead of 10,000. Every call passes an argument
list (never a shell) and revisions are verified before use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kpicat.core.i18n import N_, _
from kpicat.core.kinds import CATALOGUE_DIR, CONFIG_NAME

_REGULAR_FILE_MODES = {"100644", "100755"}
_NO_BLOB = "0" * 40
DIFF_NEEDS_GIT = N_(
    "; kpicat diff compares git revisions (run it in a clone of the catalogue's repository)"
)
# one commit header of `git log -z`: record separator, then fields split by unit separators;
# the subject goes last so that separators inside it cannot shift the other fields
_LOG_FORMAT = "%x1e%H%x1f%aI%x1f%an%x1f%s"


def repository_prefix(root: Path) -> str:
    """Where the catalogue root sits inside its git repository ('' when at the top or no git)."""
    try:
        proc = _git(root, "rev-parse", "--show-prefix")
    except (GitError, OSError):
        return ""
    return proc.stdout.decode("utf-8", "replace").strip() if proc.returncode == 0 else ""


class GitError(Exception):
    """git is missing, the folder is not a repository, or a revision is unknown."""


def blob_id(data: bytes) -> str:
    """The object id git gives these bytes, to spot unchanged working-tree files."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class Repo:
    """A git work tree and where the catalogue root sits inside it."""

    top: Path
    prefix: str  # "" or "sub/folder/", with a trailing slash

    @classmethod
    def at(cls, root: Path, why: str = DIFF_NEEDS_GIT) -> Repo:
        """The repository that holds ``root`` (which may be a subfolder of it); ``why`` ends
        the message when there is none."""
        if not root.is_dir():
            raise GitError(_("{root} is not a folder").format(root=root))
        proc = _git(root, "rev-parse", "--show-toplevel", "--show-prefix", check=False)
        if proc.returncode != 0:
            raise GitError(
                _("{root} is not inside a git repository{why}").format(
                    root=root, why=_(why) if why else ""
                )
            )
        lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
        top = Path(lines[0])
        prefix = lines[1] if len(lines) > 1 else ""
        return cls(top, prefix)

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Run git in the top folder; a failure becomes a GitError with git's message."""
        proc = _git(self.top, *args, stdin=stdin, check=False)
        if proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip()
            raise GitError(message or _("git {args} failed").format(args=args[0]))
        return proc.stdout

    def resolve(self, revision: str) -> str:
        """The commit id of ``revision``; refuses options and non-commits."""
        if not revision or revision.startswith("-") or any(c in revision for c in "\0\n\r"):
            raise GitError(_("'{revision}' is not a valid revision name").format(revision=revision))
        proc = _git(
            self.top,
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{revision}^{{commit}}",
            check=False,
        )
        if proc.returncode != 0:
            raise GitError(
                _(
                    "unknown revision '{revision}': no commit, branch or tag by that name "
                    "(in CI, fetch the base branch first, e.g. 'git fetch origin main')"
                ).format(revision=revision)
            )
        return proc.stdout.decode("ascii").strip()

    def list_files(self, commit: str) -> dict[str, str]:
        """Catalogue files and kpicat.yaml of ``commit``: root-relative path -> blob id."""
        out = self.run(
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            commit,
            "--",
            f"{self.prefix}{CATALOGUE_DIR}/",
            f"{self.prefix}{CONFIG_NAME}",
        )
        files: dict[str, str] = {}
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _tab, raw_path = record.partition(b"\t")
            mode, kind, object_id = meta.decode("ascii").split(" ")
            if kind != "blob" or mode not in _REGULAR_FILE_MODES:
                continue  # symlinks and submodules are no catalogue entries
            path = raw_path.decode("utf-8", "surrogateescape")
            if path.startswith(self.prefix):
                files[path[len(self.prefix) :]] = object_id
        return files

    def is_shallow(self) -> bool:
        """A shallow clone (CI's default fetch depth): its oldest commit pretends to add
        every file, so its history would be wrong, not just short."""
        return self.run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def log(self) -> list[Commit]:
        """Every commit that touched the catalogue folder, newest first (children before
        parents), with the blobs before and after each file change: one ``git log``."""
        out = self.run(
            "log",
            "-z",
            "--topo-order",
            "--no-color",
            "--no-show-signature",
            "--no-relative",
            "--raw",
            "--no-abbrev",
            "-M",
            f"--format={_LOG_FORMAT}",
            "--end-of-options",
            "HEAD",
            "--",
            f"{self.prefix}{CATALOGUE_DIR}/",
        )
        return parse_log(out, self.prefix)

    def read_blobs(self, object_ids: list[str]) -> dict[str, bytes]:
        """The contents of many blobs from one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(object_ids))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", stdin="".join(f"{o}\n" for o in wanted).encode())
        blobs: dict[str, bytes] = {}
        pos = 0
        for object_id in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].decode("ascii").split(" ")
            if len(header) != 3:
                raise GitError(
                    _("git cat-file could not read object {object_id}").format(object_id=object_id)
                )
            size = int(header[2])
            blobs[object_id] = out[end + 1 : end + 1 + size]
            pos = end + 1 + size + 1
        return blobs


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file of a commit: 'A'dded, 'M'odified, 'D'eleted or 'R'enamed (from ``old_path``).

    Paths are catalogue-root-relative; ``old_blob``/``new_blob`` are None on the side
    where the file does not exist.
    """

    status: str
    path: str
    old_path: str | None
    old_blob: str | None
    new_blob: str | None


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit as the history shows it: who, when, what it says and which files it changed."""

    id: str
    date: dt.datetime
    author: str
    subject: str
    changes: tuple[FileChange, ...]


def parse_log(out: bytes, prefix: str = "") -> list[Commit]:
    """Commits from ``git log -z --raw --no-abbrev --format=_LOG_FORMAT`` output.

    Commit text is decoded leniently (it is shown, never used as a path); paths keep
    their exact bytes as surrogates, like every other path kpicat reads from git.
    """
    commits: list[Commit] = []
    header: list[str] | None = None
    changes: list[FileChange] = []
    tokens = out.split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        i += 1
        if token.startswith(b"\x1e"):
            if header is not None:
                commits.append(_commit(header, changes))
            header, changes = token[1:].decode("utf-8", "replace").split("\x1f", 3), []
            continue
        if not token.startswith(b":"):
            continue  # the empty tail after the last NUL
        old_mode, new_mode, old_blob, new_blob, status = token[1:].decode("ascii").split(" ")
        count = 2 if status[0] in "RC" else 1
        paths = [raw.decode("utf-8", "surrogateescape") for raw in tokens[i : i + count]]
        i += count
        if status[0] == "C":  # a copy leaves its source alone: the new file is an addition
            paths, old_blob, old_mode = paths[1:], _NO_BLOB, "000000"
        change = _file_change(status[0], paths, old_mode, new_mode, old_blob, new_blob, prefix)
        if change is not None:
            changes.append(change)
    if header is not None:
        commits.append(_commit(header, changes))
    return commits


def _commit(header: list[str], changes: list[FileChange]) -> Commit:
    commit_id, date, author, subject = [*header, "", "", ""][:4]
    return Commit(commit_id, dt.datetime.fromisoformat(date), author, subject, tuple(changes))


def _file_change(
    status: str,
    paths: list[str],
    old_mode: str,
    new_mode: str,
    old_blob: str,
    new_blob: str,
    prefix: str,
) -> FileChange | None:
    """Root-relative paths; symlinks and submodules count as absent (they are no entries)."""
    rels = [p[len(prefix) :] if p.startswith(prefix) else None for p in paths]
    old_rel, new_rel = rels[0], rels[-1]
    old = old_blob if old_mode in _REGULAR_FILE_MODES and old_blob != _NO_BLOB else None
    new = new_blob if new_mode in _REGULAR_FILE_MODES and new_blob != _NO_BLOB else None
    if old is None or old_rel is None:
        return FileChange("A", new_rel, None, None, new) if new and new_rel else None
    if new is None or new_rel is None:
        return FileChange("D", old_rel, None, old, None)
    if status == "R" and old_rel != new_rel:
        return FileChange("R", new_rel, old_rel, old, new)
    return FileChange("M", new_rel, None, old, new)


def _git(
    cwd: Path, *args: str, stdin: bytes | None = None, check: bool = False
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=check,
            env=_git_env(),
        )
    except FileNotFoundError:
        raise GitError(_("git is not installed or not on PATH")) from None


def _git_env() -> dict[str, str]:
    """The caller's environment, minus settings that would make git prompt or page."""
    import os

    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"})
    return env


def changed_since(root: Path, base: str, files: list[str]) -> set[str]:
    """Which of ``files`` (catalogue-root-relative) differ from revision ``base``: new or
    edited in the working tree. Raises GitError for an unknown revision or no repository."""
    repo = Repo.at(root)
    before = repo.list_files(repo.resolve(base))
    changed = set()
    for file in files:
        try:
            data = (root / file).read_bytes()
        except OSError:
            changed.add(file)
            continue
        if before.get(file) != blob_id(data):
            changed.add(file)
    return changed
