"""Use the second core, by forking: for large catalogues, and for a site's second language.

A forked child inherits the loaded catalogue for free (copy-on-write), so
only its small result travels back through a pipe. Work is split into the
parent's share and one child's share; if the child fails for any reason, or
has not answered long after the parent finished its own share (it hangs), the
parent ends it and does that share itself, so parallelism never changes a
result. What went wrong is kept for ``--verbose`` (:func:`take_failures`). A process
with threads forks nothing: its helpers come from a fork server (:class:`Helpers`).
"""

from __future__ import annotations

import ctypes
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
PR_SET_PDEATHSIG = 1  # linux/prctl.h

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


def fork_is_safe() -> bool:
    """A fork copies only the calling thread: safe while this process has no other (and
    worth it with a second core)."""
    return (
        jobs() > 1
        and hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and threading.active_count() == 1
    )


def can_fork(size: int) -> bool:
    """Fork only where it is safe (no other threads) and pays (large input, 2 cores)."""
    return size >= PARALLEL_MIN_ENTRIES and fork_is_safe()


class Helpers:
    """Helper processes for a process that runs threads (``kpicat serve``'s server).

    Forking such a process is unsafe (a lock another thread holds stays locked in the
    child), so a fork server is started while this process is still single-threaded:
    each helper is forked from it, with ``preload`` already imported. Work handed to
    a helper must be picklable (a module-level function, or a ``functools.partial`` of one).
    """

    def __init__(self, preload: list[str]) -> None:
        import multiprocessing
        from multiprocessing import forkserver

        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(preload)
        forkserver.ensure_running()

    def start(self, work: Callable[[], R]) -> tuple[int, int, Callable[[bool], None]]:
        """Start ``work`` in a helper: (its pid, the pipe its answer comes through, end it)."""
        reader, writer = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_answer_from_helper, args=(writer, work))
        process.daemon = True
        process.start()
        writer.close()
        read_fd = os.dup(reader.fileno())
        reader.close()

        def end(kill: bool) -> None:
            if kill:
                process.kill()
            process.join()

        return process.pid or 0, read_fd, end


def _answer_from_helper(writer: object, work: Callable[[], object]) -> None:
    """The helper's side (:meth:`Helpers.start`): the answer, then the end of the pipe."""
    _die_with_parent(None)  # the fork server, which ends with the process it serves
    _answer(writer.fileno(), work)  # type: ignore[attr-defined]


def _die_with_parent(parent: int | None) -> None:
    """A helper must not outlive the process it works for (one left over from a killed
    ``kpicat build`` would hold the site's lock): Linux ends it when that process ends."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return
    if parent is not None and os.getppid() != parent:  # it ended before prctl
        os._exit(1)


def _answer(write_fd: int, work: Callable[[], object]) -> None:
    """Run ``work`` and write (ok, result or what went wrong) to ``write_fd``, pickled."""
    try:
        payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as error:
        payload = pickle.dumps((False, f"{type(error).__name__}: {error}"))
    with os.fdopen(write_fd, "wb") as pipe:
        pipe.write(payload)


def _forked(work: Callable[[], R]) -> tuple[int, int, Callable[[bool], None]]:
    """Start ``work`` in a forked child: (its pid, the pipe its answer comes through, end it)."""
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, measured by its result
        os.close(read_fd)
        _die_with_parent(parent)
        _answer(write_fd, work)
        os._exit(0)
    os.close(write_fd)

    def end(kill: bool) -> None:
        if kill:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

    return pid, read_fd, end


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
    mine: Callable[[], R],
    theirs: Callable[[], R],
    patience: float | None = None,
    helpers: Helpers | None = None,
) -> tuple[R, R]:
    """Run ``theirs`` in a forked child (or one of ``helpers``) while this process runs ``mine``.

    ``patience``: seconds to wait for the child once ``mine`` is done (default: three
    times as long as ``mine`` took, at least 10 s).
    """
    started = time.monotonic()
    try:
        pid, read_fd, end = helpers.start(theirs) if helpers is not None else _forked(theirs)
    except Exception as error:  # no process to be had (limits, the fork server gone, or
        # work that cannot be pickled for it): all of it is done here, with the same result
        _failures.append(
            f"no helper process could be started ({type(error).__name__}: {error}); "
            "all work done here"
        )
        return mine(), theirs()
    payload = b""
    try:
        own = mine()
    finally:
        took = time.monotonic() - started
        wait = patience if patience is not None else max(PATIENCE_MIN_S, PATIENCE_FACTOR * took)
        payload, late = _read_until(read_fd, time.monotonic() + wait)
        end(late)
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
