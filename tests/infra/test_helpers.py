"""Helpers from a fork server: for a process with threads (kpicat serve), same result as here."""

from __future__ import annotations

import functools
import os
import threading
import time

import pytest

from kpicat.infra import parallel
from tests.hang import no_hang


def pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


# the helper imports this module afresh: the parent's pid comes as an argument
def fails_in_helper(parent: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("boom")
    return "redone"


def hangs_in_helper(parent: int) -> str:
    if os.getpid() != parent:
        time.sleep(3600)
    return "redone"


@pytest.fixture(scope="module")
def helpers() -> parallel.Helpers:
    return parallel.Helpers(["kpicat.infra.parallel"])


def test_a_helper_does_its_share_in_another_process_while_threads_run(helpers):
    event = threading.Event()
    thread = threading.Thread(target=event.wait)
    thread.start()  # a fork would now be unsafe; the fork server forks for us
    try:
        assert not parallel.fork_is_safe()
        mine, (their_pid, value) = parallel.in_parallel(
            lambda: (os.getpid(), 1), functools.partial(pid_and, 2), helpers=helpers
        )
    finally:
        event.set()
        thread.join()
    assert mine == (os.getpid(), 1)
    assert value == 2 and their_pid != os.getpid()


def test_a_failing_helper_is_redone_here_and_reported(helpers):
    parallel.take_failures()
    assert parallel.in_parallel(
        lambda: 1, functools.partial(fails_in_helper, os.getpid()), helpers=helpers
    ) == (1, "redone")
    (failure,) = parallel.take_failures()
    assert "RuntimeError: boom" in failure and "done here" in failure


def test_a_hung_helper_is_stopped_and_its_share_done_here(helpers):
    parallel.take_failures()
    with no_hang(60):
        result = parallel.in_parallel(
            lambda: 1,
            functools.partial(hangs_in_helper, os.getpid()),
            patience=0.5,
            helpers=helpers,
        )
    assert result == (1, "redone")
    (failure,) = parallel.take_failures()
    assert "had not finished" in failure


def test_work_a_helper_cannot_be_given_is_done_here(helpers):
    parallel.take_failures()
    local = threading.Lock()  # cannot be pickled, so it cannot reach a helper
    assert parallel.in_parallel(lambda: 1, lambda: local.locked(), helpers=helpers) == (1, False)
    (failure,) = parallel.take_failures()
    assert "no helper process could be started" in failure
