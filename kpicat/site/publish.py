"""Putting a freshly built site in place: one build at a time, an atomic swap, recovery.

A build writes into a hidden folder next to the site (``.site.new-*``) and only
swaps it in when it succeeded, so readers always find a complete site:

- builds into one folder are serialised by ``flock`` on the site's parent folder
  itself (no lock file is left behind; the lock dies with the process);
- on Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call; elsewhere, or on
  file systems without it, two renames (the old site is moved aside first);
- a build killed at any point leaves hidden folders behind: the next build, as
  soon as it holds the lock, puts a site that was moved aside back (kill between
  the two renames) and removes every other leftover.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def staging_prefix(site_dir: Path) -> str:
    """Name prefix of the folder a build writes into."""
    return f".{site_dir.name}.new-"


def aside_prefix(site_dir: Path) -> str:
    """Name prefix of the previous site while the two-rename swap runs."""
    return f".{site_dir.name}.old-"


@functools.cache
def _renameat2() -> Any:
    """libc's renameat2, or None where the C library has none (non-Linux, old glibc)."""
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing folders in one step; False where the system cannot."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def swap_in(staging: Path, site_dir: Path) -> None:
    """Make the finished ``staging`` folder the site; the previous site is removed."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    if exchange(staging, site_dir):
        _remove(staging)  # it now holds the previous site
        return
    aside = site_dir.parent / (
        aside_prefix(site_dir) + staging.name[len(staging_prefix(site_dir)) :]
    )
    site_dir.rename(aside)
    try:
        staging.rename(site_dir)
    except OSError:
        aside.rename(site_dir)
        raise
    _remove(aside)


def recover(site_dir: Path) -> None:
    """Undo what killed builds left: restore a site moved aside, remove the rest.

    Call only while holding :func:`site_lock`, when no other build is running.
    """
    parent = site_dir.parent
    new, old = staging_prefix(site_dir), aside_prefix(site_dir)
    leftovers = [p for p in parent.iterdir() if p.name.startswith((new, old))]
    aside = sorted(
        (p for p in leftovers if p.name.startswith(old) and p.is_dir() and not p.is_symlink()),
        key=lambda p: p.stat().st_mtime,
    )
    if aside and not site_dir.exists() and not site_dir.is_symlink():
        aside[-1].rename(site_dir)
        leftovers.remove(aside[-1])
    for path in leftovers:
        _remove(path)


@contextmanager
def site_lock(site_dir: Path, *, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the build lock for ``site_dir`` (waiting for a running build), then recover.

    Raises OSError when the parent folder cannot be created or read.
    """
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        recover(site_dir)
        yield
    finally:
        os.close(fd)
