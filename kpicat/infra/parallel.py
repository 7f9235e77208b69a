"""Use the second core for large catalogues, by forking.

A forked child inherits the loaded catalogue for free (copy-on-write), so
only its small result travels back through a pipe. Work is split into the
parent's share and one child's share; if the child fails for any reason the
parent does that share itself, so parallelism never changes a result.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")

# below this many entries a fork costs more than it saves (measured: docs/performance.md)
PARALLEL_MIN_ENTRIES = 2000


def jobs() -> int:
    """Worker processes to use: KPICAT_JOBS, else the cores this process may use (max 2)."""
    env = os.environ.get("KPICAT_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return min(2, cores)


def can_fork(size: int) -> bool:
    """Fork only where it is safe (no other threads) and pays (large input, 2 cores)."""
    return (
        size >= PARALLEL_MIN_ENTRIES
        and jobs() > 1
        and hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and threading.active_count() == 1
    )


def in_parallel(mine: Callable[[], R], theirs: Callable[[], R]) -> tuple[R, R]:
    """Run ``theirs`` in a forked child while this process runs ``mine``."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, measured by its result
        os.close(read_fd)
        try:
            payload = pickle.dumps((True, theirs()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            payload = pickle.dumps((False, None))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_fd)
    try:
        own = mine()
    finally:
        with os.fdopen(read_fd, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(pid, 0)
    try:
        ok, result = pickle.loads(payload)
    except Exception:
        ok, result = False, None
    return own, (result if ok else theirs())
