"""Where the catalogue is and which files belong to it."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kpicat.core.i18n import _
from kpicat.core.kinds import CATALOGUE_DIR, CONFIG_NAME, KIND_FOLDERS
from kpicat.load.document import LoadError
from kpicat.load.strict_yaml import DEFAULT_LIMITS, too_large


def find_root(start: Path) -> Path | None:
    """The nearest folder, upward from ``start``, with kpicat.yaml or catalogue/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / CATALOGUE_DIR).is_dir():
            return folder
    return None


@dataclass(slots=True)
class CatalogueFiles:
    """Entry files by kind (sorted, so every run sees the same order), strays, and
    what is refused unopened (links, pipes, sockets, devices: rel path and what it is)."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)  # kind, path, rel
    stray: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def what_it_is(mode: int) -> str:
    """A file type in plain words, for a message about a file kpicat will not read."""
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISDIR(mode):
        return _("a folder")
    return _("not a regular file")


def refusal(what: str) -> LoadError:
    """The KC020 error for a path that is not a regular file (line 1, column 1)."""
    if what == "a symbolic link":
        hint = _(
            "symbolic links are not read, so nothing outside the repository is published; "
            "commit the file or folder itself"
        )
    else:
        hint = _("only ordinary files are read; remove it or replace it by an ordinary file")
    return LoadError(
        "KC020",
        _("this is {what}, not a regular file; kpicat does not open it").format(what=what),
        hint=hint,
    )


def unreadable(exc: OSError) -> LoadError:
    """The KC020 error for a file the system will not let kpicat read (permissions, I/O)."""
    return LoadError(
        "KC020",
        _("cannot read the file: {value}").format(value=exc.strerror or exc),
        hint=_("make the file readable for the account that runs kpicat"),
    )


def read_regular(path: str | os.PathLike[str], max_bytes: int = DEFAULT_LIMITS.max_bytes) -> bytes:
    """The bytes of a regular file, or a LoadError: links, pipes and devices are never read.

    ``O_NOFOLLOW`` refuses a link and ``O_NONBLOCK`` keeps a FIFO from blocking the open;
    ``fstat`` on the opened descriptor then decides, so a file swapped after discovery
    (a race) is refused too. At most ``max_bytes`` + 1 bytes are ever read.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refusal(_("a symbolic link")) from None
        raise unreadable(exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refusal(what_it_is(info.st_mode))
        if info.st_size > max_bytes:
            raise too_large(info.st_size, max_bytes)
        chunks: list[bytes] = []
        total = 0
        want = info.st_size + 1  # one read for the whole file; more only if it grew
        while total <= max_bytes:
            try:
                chunk = os.read(fd, min(want, max_bytes + 1 - total))
            except OSError as exc:
                raise unreadable(exc) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total == info.st_size < want:  # all fstat promised, and the read stopped short:
                break  # the end: one read per file, not two (19,000 system calls at 10k KPIs)
            want = 65_536
    finally:
        os.close(fd)
    if total > max_bytes:  # it grew after fstat
        raise too_large(total, max_bytes)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def discover(root: Path) -> CatalogueFiles:
    """List ``catalogue/<kind>/<id>.yaml``; anything else there is a stray.

    One ``scandir`` per folder (no recursive glob, no Path per file: a file's path is the
    ``str`` the listing gave), so listing 50,000 entries costs next to nothing.
    """
    found = CatalogueFiles()
    base = root / CATALOGUE_DIR
    try:
        mode = os.lstat(base).st_mode
    except FileNotFoundError:
        return found
    if not stat.S_ISDIR(mode):
        found.refused.append((CATALOGUE_DIR, what_it_is(mode)))
        return found
    for top in sorted(os.scandir(base), key=lambda e: e.name):
        name = top.name
        if name.startswith("."):
            continue
        rel_top = f"{CATALOGUE_DIR}/{name}"
        # DirEntry answers from the folder listing itself: no extra system call per file
        if not top.is_dir(follow_symlinks=False):
            if top.is_file(follow_symlinks=False):
                hint = _("entries belong in a kind folder, e.g. catalogue/kpis/")
                found.stray.append((rel_top, hint))
            else:
                found.refused.append((rel_top, _what(top)))
            continue
        kind = KIND_FOLDERS.get(name)
        if kind is None:
            found.stray.append((rel_top, _folder_hint(name)))
            continue
        for item in sorted(os.scandir(top.path), key=lambda e: e.name):
            file = item.name
            if file.startswith("."):
                continue
            rel = f"{rel_top}/{file}"
            if item.is_dir(follow_symlinks=False):
                found.stray.append(
                    (rel, _("put entries directly into {rel_top}/").format(rel_top=rel_top))
                )
            elif not item.is_file(follow_symlinks=False):
                # a link could point anywhere (e.g. /etc/passwd) and leak it into the site;
                # a pipe or device would block or never end
                found.refused.append((rel, _what(item)))
            elif file.endswith(".yaml"):
                found.entries.append((kind, item.path, rel))
            elif file.endswith(".yml"):
                found.stray.append((rel, _("rename it to {file}.yaml").format(file=file[:-4])))
            else:
                found.stray.append((rel, _("only <id>.yaml files belong in this folder")))
    return found


def _what(item: os.DirEntry[str]) -> str:
    """What a listed non-regular file is (one lstat, only for such odd files)."""
    if item.is_symlink():
        return _("a symbolic link")
    return what_it_is(item.stat(follow_symlinks=False).st_mode)


def _folder_hint(name: str) -> str:
    from kpicat.core.suggest import closest

    match = closest(name, KIND_FOLDERS)
    folders = ", ".join(KIND_FOLDERS)
    if match:
        return _("did you mean catalogue/{match}/? Known folders: {folders}").format(
            match=match, folders=folders
        )
    return _("known folders: {folders}").format(folders=folders)
