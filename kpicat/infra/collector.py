"""Python's cycle collector paused while a check builds and reads a catalogue.

A check allocates a million small dicts, lists and strings that live until it ends
and hold no reference cycles. The collector runs after every 700 allocations and
scans the older objects again and again (measured on 10,000 KPIs: 0.6 s of a 6.2 s
check, docs/dev/performance.md). Reference counting still frees everything that is
dropped; only cycles wait until the collector runs again after the check, which is
why it is paused, not frozen (``gc.freeze`` would keep a rebuild's cycles alive for
the whole of ``kpicat serve``).
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

_ending = False  # the process ends after its command (set by no_collection_at_exit)


@contextmanager
def collector_paused(*, then_freeze: bool = False) -> Iterator[None]:
    """No cycle collection inside the block; the collector's former state after it.

    Everything the block allocated is still young when the collector is enabled again,
    so its first run scans all of it (0.1 s after a check of 10,000 KPIs). With
    ``then_freeze``, in a process that ends after its command (:func:`no_collection_at_exit`
    was called: the console script), what exists then is frozen first, and that run finds
    nothing to scan; elsewhere (tests, a caller of the Python API) nothing is frozen.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if then_freeze and _ending:
                gc.freeze()
            gc.enable()


def no_collection_at_exit() -> None:
    """Let the process end without scanning everything it built one last time.

    Python collects cycles once more while it shuts down: 0.3 s after a check of
    10,000 KPIs, for memory the operating system takes back anyway. Frozen objects
    are not scanned; atexit runs before that last collection, and only at the very
    end, so code that calls ``main()`` in a longer process is not affected before.
    """
    global _ending
    _ending = True
    atexit.register(gc.freeze)
