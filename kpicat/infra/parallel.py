"""Use the second core for large catalogues, by forking.

A forked child inherits the loaded catalogue for free (copy-on-write), so
only its small result travels back through a pipe. Work is split into the
parent's share and one child's share; if the child fails for any reason, or
has not answered long after the parent finished its own share (it hangs), the
parent ends it and does that share itself, so parallelism never changes a
result. What went wrong is kept for ``kpicat check --verbose`` (:func:`take_failures`).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")
T = TypeVar("T")

# below this many entries a fork costs more than it saves (measured: docs/dev/performance.md)
PARALLEL_MIN_ENTRIES = 2000
# how long the parent waits for the child after finishing its own share: the two shares
# are about equal, so a child this far behind hangs (or its machine is starved)
PATIENCE_FACTOR = 3.0
PATIENCE_MIN_S = 10.0

_failures: list[str] = []


def take_failures() -> list[str]:
    """What went wrong with helpers since the last call (for --verbose), then forget it."""
    taken = list(_failures)
    _failures.clear()
    return taken


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


def interleave(evens: list[T], odds: list[T]) -> list[T]:
    """The list that ``items[::2]`` and ``items[1::2]`` came from, in its order.

    Work is shared as every other item rather than halves: neighbours are alike
    (files of one kind sit together), so each core gets the same mix.
    """
    out: list[T] = [None] * (len(evens) + len(odds))  # type: ignore[list-item]
    out[::2] = evens
    out[1::2] = odds
    return out


def in_parallel(
    mine: Callable[[], R], theirs: Callable[[], R], patience: float | None = None
) -> tuple[R, R]:
    """Run ``theirs`` in a forked child while this process runs ``mine``.

    ``patience``: seconds to wait for the child once ``mine`` is done (default: three
    times as long as ``mine`` took, at least 10 s).
    """
    read_fd, write_fd = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, measured by its result
        os.close(read_fd)
        try:
            payload = pickle.dumps((True, theirs()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:
            payload = pickle.dumps((False, f"{type(error).__name__}: {error}"))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_fd)
    payload = b""
    try:
        own = mine()
    finally:
        took = time.monotonic() - started
        wait = patience if patience is not None else max(PATIENCE_MIN_S, PATIENCE_FACTOR * took)
        payload, late = _read_until(read_fd, time.monotonic() + wait)
        if late:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if late:
        _failures.append(
            f"helper process {pid} had not finished {wait:.1f} s after this one; "
            "it was stopped and its share done here"
        )
        return own, theirs()
    try:
        ok, result = pickle.loads(payload)  # our own child's bytes, through our own pipe
    except Exception:
        ok, result = False, "it sent back nothing readable"
    if not ok:
        _failures.append(f"helper process {pid} failed ({result}); its share was done here")
        return own, theirs()
    return own, result


def _read_until(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything the child writes until it closes the pipe, or (partial, True) at the deadline."""
    chunks: list[bytes] = []
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                return b"".join(chunks), True
            chunk = pipe.read(1 << 20)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
