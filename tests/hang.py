"""A guard against hangs: a behaviour (it must finish), not a speed target."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Hung(AssertionError):
    """The guarded code did not finish within the guard's generous limit."""


@contextmanager
def no_hang(seconds: int = 30) -> Iterator[None]:
    """Fail (instead of hanging CI) when the block runs longer than ``seconds``."""

    def expire(_signum: int, _frame: object) -> None:
        raise Hung(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
