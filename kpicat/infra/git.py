"""Read catalogue files straight from git objects, without a checkout.

One ``git ls-tree -r`` lists a revision's files and one ``git cat-file
--batch`` streams all their blobs, so a 10,000-file catalogue costs two
processes per revision instead of 10,000. Every call passes an argument
list (never a shell) and revisions are verified before use.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kpicat.core.i18n import _
from kpicat.core.kinds import CATALOGUE_DIR, CONFIG_NAME

_REGULAR_FILE_MODES = {"100644", "100755"}


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
    def at(cls, root: Path) -> Repo:
        """The repository that holds ``root`` (which may be a subfolder of it)."""
        if not root.is_dir():
            raise GitError(_("{root} is not a folder").format(root=root))
        proc = _git(root, "rev-parse", "--show-toplevel", "--show-prefix", check=False)
        if proc.returncode != 0:
            raise GitError(
                _(
                    "{root} is not inside a git repository; kpicat diff compares git "
                    "revisions (run it in a clone of the catalogue's repository)"
                ).format(root=root)
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
